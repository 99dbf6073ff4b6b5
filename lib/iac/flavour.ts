/**
 * What an infrastructure-as-code flavour provides. Each flavour is one module of `lib/iac/`
 * (with its templates under `templates/iac/<id>/`) and one line of the registry in `index.ts`;
 * nothing outside those names a flavour.
 */
import { UserError } from '../errors.js';
import type { FileSpec } from '../file-spec.js';
import type { EventFunctionModel, EventFunctionOf, Model, ResourceModel, RouteModel } from '../model.js';
import type { EventTriggerType, TriggerOf } from '../triggers/kind.js';
import type { Iac, Trigger } from '../types.js';

/**
 * Templates every flavour has under `templates/iac/<id>/partials/`, included by the shared
 * templates of the same name (the README, the Makefile, the CI workflow).
 */
export const FLAVOUR_PARTIALS = ['Makefile.ejs', 'README-prerequisites.md.ejs', 'README-deploy.md.ejs', 'ci.yml.ejs'] as const;
export type FlavourPartial = (typeof FLAVOUR_PARTIALS)[number];

/** What any flavour needs of a function, whatever invokes it. */
export interface FunctionResourceSpec {
  name: string;
  description: string;
  memory?: number;
  timeout?: number;
  table?: ResourceModel;
  /** DynamoDB actions on the table. */
  actions: readonly string[];
}

/** Whether a function's table actions reach its table's indexes too: it may query, and the table has one. */
export function queriesIndex(spec: Pick<FunctionResourceSpec, 'table' | 'actions'>): boolean {
  return (spec.table?.indexes.length ?? 0) > 0 && spec.actions.includes('dynamodb:Query');
}

/** The spec fields a route or a function not behind HTTP gives every flavour: name, sizing, table, actions. */
export function functionResource(
  fn: { name: string; memory?: number; timeout?: number; table?: ResourceModel; actions: readonly string[] },
  description: string,
): FunctionResourceSpec {
  return {
    name: fn.name,
    description,
    ...(fn.memory !== undefined ? { memory: fn.memory } : {}),
    ...(fn.timeout !== undefined ? { timeout: fn.timeout } : {}),
    ...(fn.table ? { table: fn.table } : {}),
    actions: fn.actions,
  };
}

export type { EventFunctionOf, EventTriggerType, TriggerOf };

/** What a flavour writes for one kind of trigger (`R` for each function of it), and why it cannot where it cannot. */
export interface FlavourTrigger<K extends EventTriggerType, R> {
  render(model: Model, fn: EventFunctionOf<K>): R;
  /** Why this flavour cannot deploy a function of this trigger, or undefined; rendering refuses with it, and the covering array of options leaves such pairs out. */
  refuses?(trigger: TriggerOf<K>): string | undefined;
}

/** A flavour's entry for every kind of trigger. */
export type FlavourTriggers<R> = { [K in EventTriggerType]: FlavourTrigger<K, R> };

/**
 * The entry of a function's kind, rendered, or the flavour's refusal of its trigger as the
 * user's error: the one place where a kind and its function meet untyped.
 */
export function renderTrigger<R>(triggers: FlavourTriggers<R>, model: Model, fn: EventFunctionModel): R {
  const entry = triggers[fn.trigger.type] as FlavourTrigger<EventTriggerType, R>;
  const refused = entry.refuses?.(fn.trigger);
  if (refused) throw new UserError(refused);
  return entry.render(model, fn);
}

/** Why a flavour cannot deploy a function of this trigger, or undefined (a route's trigger: always deployable). */
export function refusesTrigger(flavour: Pick<Flavour, 'parts'>, trigger: Trigger): string | undefined {
  const entry = (flavour.parts.triggers as Partial<Record<Trigger['type'], FlavourTrigger<EventTriggerType, unknown>>>)[trigger.type];
  return entry?.refuses?.(trigger as TriggerOf<EventTriggerType>);
}

/**
 * The parts of a workspace every flavour renders, each as the flavour's own fragment: a file of
 * its own (Terraform), resources and outputs of one template (SAM), entries of the manifest its
 * stack loops over (the CDK). The compiler asks every flavour for every part, and for every kind
 * of trigger; the flavour's `assemble` makes its files of them.
 */
export interface FlavourParts<Api, Table, Route, Fn> {
  /**
   * The API of either type (HTTP, REST) and what is the workspace's as a whole: its stage, the
   * authorizer (JWT, Cognito, IAM), CORS, the access log, the policy's tags and retention.
   */
  api(model: Model): Api;
  /** A resource's table, with its indexes, and its stream where a function reads it. */
  table(model: Model, resource: ResourceModel): Table;
  /** A route: its function, role and log group, and its integration into the API. */
  route(model: Model, route: RouteModel): Route;
  /** A function not behind HTTP, for each kind of trigger (a new kind fails to compile until every flavour has its entry). */
  triggers: FlavourTriggers<Fn>;
}

/** Every part of a model, rendered. */
export interface RenderedParts<Api, Table, Route, Fn> {
  api: Api;
  tables: Table[];
  routes: Route[];
  functions: Fn[];
}

/** Renders every part of a model, in the order of the model (tables, routes, functions). */
export function renderParts<Api, Table, Route, Fn>(parts: FlavourParts<Api, Table, Route, Fn>, model: Model): RenderedParts<Api, Table, Route, Fn> {
  return {
    api: parts.api(model),
    tables: model.resources.map((r) => parts.table(model, r)),
    routes: model.routes.map((route) => parts.route(model, route)),
    functions: model.eventFunctions.map((fn) => renderTrigger(parts.triggers, model, fn)),
  };
}

/**
 * A flavour from its parts and how its files are made of them: `files` is `assemble` of every
 * part rendered, so a flavour renders nothing that is not one of its parts.
 */
export function defineFlavour<Api, Table, Route, Fn>(
  flavour: Omit<Flavour, 'files' | 'parts'> & {
    parts: FlavourParts<Api, Table, Route, Fn>;
    assemble: (model: Model, parts: RenderedParts<Api, Table, Route, Fn>) => FileSpec[];
  },
): Flavour {
  const { assemble, ...rest } = flavour;
  return { ...rest, files: (model) => assemble(model, renderParts(flavour.parts, model)) };
}

export interface Flavour {
  id: Iac;
  /** The choice in the `--iac` prompt. */
  choice: string;
  /** The README's opening: "... with <label> for the infrastructure". */
  label: string;
  /** The README's layout block: the flavour's line(s). */
  layout: string;
  /** `.gitignore` lines for what the flavour's tools write (build output, state, dependencies). */
  ignored: string[];
  /** After `new`: "Created shop/: ..., <summary>, HTTP API, arm64." */
  summary: string;
  /**
   * Every file of the flavour for a model, each with its update strategy: what an addition does
   * to it (a new file per route, a file rendered again, a structured edit). Made by `defineFlavour`
   * of the flavour's parts.
   */
  files(model: Model): FileSpec[];
  /**
   * Why an addition cannot go into this workspace's infrastructure code as it is now (code of the
   * user's that predates what the addition needs), or undefined. Checked before anything is written.
   */
  refuses?(root: string, before: Model, after: Model): string | undefined;
  /**
   * What the flavour renders for each part of a workspace: the API, a table, a route, each kind of
   * trigger (and why it cannot deploy one: an option it cannot honour).
   */
  parts: FlavourParts<unknown, unknown, unknown, unknown>;
  /** A step run after `new` writes the files (unless `--skip-install`), in a folder of the workspace. */
  install?: { dir: string; command: string; args: string[]; message: string };
  /**
   * A shell expression for a deployed value (the README's commands): the API's base URL (ending
   * with `/`), or the user pool's and app client's ids of `--auth cognito`.
   */
  output(name: 'api-url' | 'user-pool-id' | 'user-pool-client-id', api: 'http' | 'rest'): string;
  /** The last line of "Next steps" after `new`: how to deploy. */
  deployStep(options: { installed: boolean }): string;
  /**
   * What the infrastructure code of a workspace deploys, read from its files as they are now (hand
   * edits included): each function with every IAM action its role allows. `check` holds it to
   * `.yo-rc.json`.
   */
  deployed(root: string, model: Model): Promise<DeployedFunction[]>;
  /**
   * What each route (`METHOD /path`, as `routeKey` of lib/routes.ts writes it) asks of its caller, read from the infrastructure code as it
   * is now: `check` holds it to what `.yo-rc.json` records.
   */
  authorization(root: string): Promise<Record<string, DeployedAuth>>;
}

/** What the infrastructure code asks of a route's caller: the API's authorizer (with scopes), IAM, or nothing. */
export interface DeployedAuth {
  type: 'none' | 'authorizer' | 'iam';
  scopes: string[];
  /** Where it is declared, for the report. */
  file: string;
  /**
   * The integration invokes the function with the caller's own credentials (SAM's default
   * InvokeRole on an IAM-authorized REST method): every caller would need lambda:InvokeFunction.
   */
  callerCredentials?: boolean;
}

/** A function as a workspace's infrastructure code deploys it. */
export interface DeployedFunction {
  /** The crate, binary and function name (without the project prefix). */
  name: string;
  /** Every IAM action of its role (managed policies as `managed:<arn>`). */
  actions: string[];
  /** Where it is declared, for the report. */
  file: string;
  /**
   * The resources its statements of DynamoDB item actions name: `table:<resource>` and
   * `indexes:<resource>` for a table of the workspace and its indexes, anything else as written
   * (`*`). Absent where the flavour's files do not name them (the CDK grants from the manifest).
   */
  tableResources?: string[];
  /** Grants a file makes by a construct's method (`table.grantReadWriteData(fn)`), which name no action: the CDK's, written by hand. */
  grantCalls?: string[];
}

/** The actions every function's role has for its own log group. */
export const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/**
 * The fields of every API's access log, in every flavour: API Gateway's `$context` variables by
 * the name each has in a log line. The same for both API types but for the route: an HTTP API's
 * `routeKey`, a REST API's `resourcePath` (REST has no routeKey). `integrationError` says why an
 * integration (the function) failed when the function's own log has nothing.
 */
export function accessLogFields(api: 'http' | 'rest'): [string, string][] {
  return [
    ['requestId', '$context.requestId'],
    ['ip', '$context.identity.sourceIp'],
    ['requestTime', '$context.requestTime'],
    ['httpMethod', '$context.httpMethod'],
    api === 'http' ? ['routeKey', '$context.routeKey'] : ['resourcePath', '$context.resourcePath'],
    ['path', '$context.path'],
    ['protocol', '$context.protocol'],
    ['status', '$context.status'],
    ['responseLength', '$context.responseLength'],
    ['integrationError', '$context.integrationErrorMessage'],
  ];
}

/**
 * The endpoint type of every REST API: REGIONAL. (API Gateway's default is EDGE, through a
 * CloudFront distribution that API Gateway manages: another hop and another place for TLS and
 * caching settings, which a team that wants a CDN configures on its own CloudFront.)
 */
export const REST_ENDPOINT_TYPE = 'REGIONAL';

/** The tags every flavour puts on every resource it can, before the policy's own. */
export function defaultTags(project: string, stage: string, managedBy: string): [string, string][] {
  return [
    ['Project', project],
    ['Stage', stage],
    ['ManagedBy', managedBy],
  ];
}

/**
 * API Gateway's own error answers of a REST API (an authorizer's 401, a throttle's 429, a body
 * too large, an integration's 5xx): the gateway responses for every 4xx and 5xx, with the body
 * of the functions' errors (`{code, message, requestId}`, the code API Gateway's response type
 * such as UNAUTHORIZED or THROTTLED) and, with CORS, the headers a browser needs to read them.
 */
/** The headers of a REST API's answer to a CORS preflight where a flavour writes it itself (Terraform, Pulumi; the CDK's are its own). */
export function restPreflightHeaders(cors: { origins: string[] }): [string, string][] {
  return [
    ['Access-Control-Allow-Origin', cors.origins[0] ?? '*'],
    ['Access-Control-Allow-Methods', 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'],
    ['Access-Control-Allow-Headers', 'authorization,content-type,if-match'],
    ['Access-Control-Max-Age', '3600'],
  ];
}

export function restGatewayResponses(
  cors: { origins: string[] } | undefined,
): { type: 'DEFAULT_4XX' | 'DEFAULT_5XX'; headers: [string, string][]; template: string }[] {
  const headers: [string, string][] = cors
    ? [
        ['Access-Control-Allow-Origin', `'${cors.origins[0] ?? '*'}'`],
        ['Vary', "'Origin'"],
      ]
    : [];
  const template = '{"code":"$context.error.responseType","message":$context.error.messageString,"requestId":"$context.requestId"}';
  return (['DEFAULT_4XX', 'DEFAULT_5XX'] as const).map((type) => ({ type, headers, template }));
}
