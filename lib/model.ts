/**
 * The model: a workspace configuration with every derived fact computed once (per resource its
 * names, table and environment variable; per route its function, parameters, table and sample
 * events; the physical name prefix and the policy). Templates, flavours and the sub-generators
 * read the model instead of deriving these again.
 */
import { type ApiAuth, type EffectiveAuth, effectiveAuth, parseRouteAuth } from './auth.js';
import { type SampleEvent, sampleCases } from './events.js';
import {
  type Field,
  MAX_BODY_BYTES,
  type TableIndex,
  fieldsOf,
  indexName,
  maxBodyBytes,
  rustPartitionCheck,
  rustCheck,
  rustEnums,
  rustType,
  sampleBody,
  sampleValue,
  sortKeyIndexName,
  tableIndexes,
} from './fields.js';
import { type ResourceNames, resourceNames, toPascal } from './naming.js';
import { accessOfActions, paramVariable, parentParam, pathParams } from './routes.js';
import { eventKindOf } from './triggers/index.js';
import { routeFunction } from './triggers/http.js';
import type { EventTriggerType, TriggerOf } from './triggers/kind.js';
import type { EventFunction, HttpTrigger, LambdaFunction, Policy, ResourceConfig, ResourceIndex, ResourceSortKey, Route, WorkspaceConfig } from './types.js';

export interface ResourceModel extends ResourceNames {
  /** Physical name of the table: `<prefix><project>-<plural>`. */
  tableName: string;
  /** The fields clients write (`--fields`; a name and a description by default). */
  fields: Field[];
  /** Its global secondary index, which its list route queries for `?<partition>=`; `other`: a partition value other than the samples'. */
  index?: ResourceIndex & { name: string; other: unknown; numeric?: true };
  /** The order of its whole list, from an index of its own (`name`); `other`: a value other than the samples'. */
  sortKey?: ResourceSortKey & { name: string; other: unknown; numeric?: true };
  /** Its table's global secondary indexes: its index's and its sort key's. */
  indexes: TableIndex[];
  /** The Rust enums of its enum fields. */
  enums: ReturnType<typeof rustEnums>;
  /** A valid body of a create (every field), and of an update (the required fields, other values). */
  samples: [Record<string, unknown>, Record<string, unknown>];
  /** Rust: the check of a value of its index's `?<partition>=`. */
  partitionCheck?: string;
  /** The most bytes its create and update read: every body its schema allows (never fewer than the default limit). */
  maxBodyBytes: number;
  rustType(field: Field): string;
  rustCheck(field: Field): string;
  /** Rust: a `serde_json::json!` of sample `variant` with the id `idExpr` (an expression), for tests. */
  sampleJson(variant: 0 | 1, idExpr: string): string;
}

export interface RouteModel extends Route {
  /** The route as a function with its trigger. */
  fn: LambdaFunction & { trigger: HttpTrigger };
  /** Path parameters and the Rust variables that hold them. */
  params: { name: string; variable: string }[];
  /** The table the function may use. */
  table?: ResourceModel;
  /** A route of its own under its resource's item: the path parameter that names the item (see `parentParam`). */
  parent?: string;
  /** One sentence: what the function does (README, crate description). */
  summary: string;
  /** The sample requests of the route, good and bad. */
  events: SampleEvent[];
  /** What a caller needs: the route's override of the API's authorizer, or the authorizer itself. */
  authorization: EffectiveAuth;
}

/** A function not behind HTTP: its trigger, its table and what it does. */
export interface EventFunctionModel extends EventFunction {
  fn: LambdaFunction;
  table?: ResourceModel;
  /** One sentence: what the function does (README, crate description). */
  summary: string;
}

/** A function not behind HTTP of one kind, its trigger typed. */
export type EventFunctionOf<K extends EventTriggerType> = EventFunctionModel & { trigger: TriggerOf<K> };

/** What a function not behind HTTP does, in one sentence: its kind's, or what its sample code does with its table. */
function eventSummary(fn: EventFunction, resource: (name: string) => ResourceModel): string {
  return eventKindOf(fn).summary(fn, resource);
}

/** The model of one function not behind HTTP, with `resource` resolving its table. */
export function eventFunctionModel(fn: EventFunction, resource: (name: string) => ResourceModel): EventFunctionModel {
  return {
    ...fn,
    fn: {
      name: fn.name,
      trigger: fn.trigger,
      kind: 'custom',
      actions: fn.actions,
      ...(fn.resource ? { resource: fn.resource } : {}),
      ...(fn.memory !== undefined ? { memory: fn.memory } : {}),
      ...(fn.timeout !== undefined ? { timeout: fn.timeout } : {}),
    },
    ...(fn.resource ? { table: resource(fn.resource) } : {}),
    summary: eventSummary(fn, resource),
  };
}

export interface Model {
  config: WorkspaceConfig;
  policy: Policy;
  /** Prefix of every physical name: the policy's name prefix, then the project name. */
  project: string;
  /** Logical name of the stack (CDK). */
  stackName: string;
  resources: ResourceModel[];
  routes: RouteModel[];
  /** The functions not behind HTTP, in the order they were added. */
  eventFunctions: EventFunctionModel[];
  /** Every function of the workspace, whatever invokes it. */
  functions: LambdaFunction[];
  resource(name: string): ResourceModel;
  /** The route of a function by its name; an error for a name the configuration does not have. */
  route(name: string): RouteModel;
}

const SUMMARIES: Readonly<Record<Route['kind'], (n: ResourceNames) => string>> = {
  create: (n) => `creates ${n.aLabel}.`,
  get: (n) => `reads one ${n.label}.`,
  list: (n) => `lists ${n.pluralLabel}, a page at a time.`,
  update: (n) => `replaces ${n.aLabel}.`,
  delete: (n) => `deletes ${n.aLabel}.`,
  health: () => 'reports that the API is up.',
  custom: () => 'a route of your own.',
};

export function routeSummary(route: Route): string {
  return SUMMARIES[route.kind](resourceNames(route.resource ?? 'item'));
}

/** The physical prefix of a configuration's names (see `Policy.namePrefix`). */
export function projectPrefix(config: WorkspaceConfig): string {
  return `${config.policy.namePrefix}${config.name}`;
}

function resourceModel(config: WorkspaceConfig, resource: ResourceConfig): ResourceModel {
  const names = resourceNames(resource.name);
  const fields = fieldsOf(resource.fields);
  const { index, sortKey } = resource;
  const indexes = tableIndexes(index, sortKey, fields);
  // Whether an index sorts by a number: as the table's indexes say (lib/fields.ts decides).
  const numeric = (gsi: string) => (indexes.find((i) => i.name === gsi)?.numeric ? { numeric: true as const } : {});
  return {
    ...names,
    ...(index
      ? {
          index: {
            ...index,
            name: indexName(index),
            other: sampleValue(
              fields.find((f) => f.name === index.partition)!,
              1,
            ),
            ...numeric(indexName(index)),
          },
        }
      : {}),
    ...(sortKey
      ? {
          sortKey: {
            ...sortKey,
            name: sortKeyIndexName(sortKey),
            other: sampleValue(
              fields.find((f) => f.name === sortKey.field)!,
              1,
            ),
            ...numeric(sortKeyIndexName(sortKey)),
          },
        }
      : {}),
    indexes,
    tableName: `${projectPrefix(config)}-${names.plural}`,
    fields,
    enums: rustEnums(fields, names.type),
    samples: [sampleBody(fields, 0), sampleBody(fields, 1)],
    ...(index
      ? {
          partitionCheck: rustPartitionCheck(
            fields.find((f) => f.name === index.partition)!,
            names.type,
          ),
        }
      : {}),
    maxBodyBytes: Math.max(MAX_BODY_BYTES, maxBodyBytes(fields, config.auth.kind !== 'none')),
    rustType: (f) => rustType(f, names.type),
    rustCheck,
    // json! reads JSON, and an expression where a value goes: the id.
    sampleJson: (variant, idExpr) => `serde_json::json!(${JSON.stringify({ id: '\0', ...sampleBody(fields, variant) }).replace('"\\u0000"', idExpr)})`,
  };
}

/** What a route requires of a caller under the API's authorizer. */
export function routeAuthorization(route: Route, api: ApiAuth): EffectiveAuth {
  const own = route.auth === undefined ? undefined : parseRouteAuth(route.auth);
  if (typeof own === 'string') throw new Error(`route ${route.name}: ${own}`);
  return effectiveAuth(own, api);
}

/** The model of one route, with `resource` resolving its table. */
export function routeModel(config: WorkspaceConfig, route: Route, resource: (name: string) => ResourceModel): RouteModel {
  return {
    ...route,
    fn: routeFunction(route),
    params: pathParams(route.path).map((name) => ({ name, variable: paramVariable(name) })),
    ...(route.resource ? { table: resource(route.resource) } : {}),
    ...(parentParam(route) ? { parent: parentParam(route) } : {}),
    summary: routeSummary(route),
    events: sampleCases(
      route,
      routeAuthorization(route, config.auth),
      route.resource ? resource(route.resource).fields : undefined,
      route.resource ? resource(route.resource).index : undefined,
    ),
    authorization: routeAuthorization(route, config.auth),
  };
}

export function buildModel(config: WorkspaceConfig): Model {
  const resources = config.resources.map((r) => resourceModel(config, r));
  const byName = new Map(resources.map((r) => [r.name, r]));
  // A route's resource not (yet) recorded: its default fields, no index, no order.
  const resource = (name: string): ResourceModel => byName.get(name) ?? resourceModel(config, { name });
  const routes = config.routes.map((route) => routeModel(config, route, resource));
  const eventFunctions = (config.functions ?? []).map((fn) => eventFunctionModel(fn, resource));
  return {
    config,
    policy: config.policy,
    project: projectPrefix(config),
    stackName: `${toPascal(config.name)}Stack`,
    resources,
    routes,
    eventFunctions,
    functions: [...routes.map((r) => r.fn), ...eventFunctions.map((f) => f.fn)],
    resource,
    route: (name) => {
      const found = routes.find((r) => r.name === name);
      if (!found) throw new Error(`route ${name} is not in the configuration`);
      return found;
    },
  };
}

/** The Markdown table of routes kept in the workspace README. */
export function routeTable(model: Model): string {
  // With an authorizer, a column says what each route needs of a caller.
  const withAuth = model.config.auth.kind !== 'none';
  const caller = (r: RouteModel): string => {
    const { type, scopes } = r.authorization;
    if (type === 'none') return 'public';
    const base = type === 'iam' ? 'IAM (SigV4)' : 'token';
    return scopes.length ? `${base} + ${scopes.map((x) => `\`${x}\``).join(', ')}` : base;
  };
  const rows = model.routes.map((r) => {
    const access = r.resource ? `${r.resource}: ${r.actions.map((a) => a.replace('dynamodb:', '')).join(', ') || accessOfActions(r.actions)}` : '';
    return `| \`${r.method}\` | \`${r.path}\` | \`${r.name}\` | ${r.summary} | ${access} |${withAuth ? ` ${caller(r)} |` : ''}`;
  });
  const head = withAuth
    ? ['| Method | Path | Function | What it does | DynamoDB access | Caller |', '| --- | --- | --- | --- | --- | --- |']
    : ['| Method | Path | Function | What it does | DynamoDB access |', '| --- | --- | --- | --- | --- |'];
  return [...head, ...rows].join('\n');
}
