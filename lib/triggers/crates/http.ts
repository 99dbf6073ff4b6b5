/**
 * Functions behind API Gateway: a `lambda_http` crate per route, its handler by what the route
 * does (`kind`), tests fed by sample events in the payload format of the API type, and the
 * route's entry in the router of `cargo lambda watch`.
 */
import { apiGatewayEvent, sampleCreator } from '../../events.js';
import { type FileSpec, NEW } from '../../file-spec.js';
import type { Model, RouteModel } from '../../model.js';
import { templateData } from '../../template-data.js';
import type { TriggerCrate } from './crate.js';

const CRUD_KINDS = new Set(['create', 'get', 'list', 'update', 'delete']);

/** The route's entry in the root Cargo.toml: `cargo lambda watch` serves the function at its method and path. */
export function watchRouterEntry(route: Pick<RouteModel, 'method' | 'path' | 'name'>): string {
  return ['[[workspace.metadata.lambda.watch.router]]', `path = "${route.path}"`, `methods = ["${route.method}"]`, `function = "${route.name}"`].join('\n');
}

function crateFiles(model: Model, route: RouteModel): FileSpec[] {
  const r = route.table;
  const storeType = r && (CRUD_KINDS.has(route.kind) || route.parent) ? `Dynamo${r.type}Store` : undefined;
  // The handler's work, behind what the route needs: a principal (and scopes) verified by the API's authorizer.
  const { type, scopes } = route.authorization;
  const guard = (work: string) => (type === 'none' ? work : `shared::auth::authorized(&event, &[${scopes.map((x) => JSON.stringify(x)).join(', ')}], ${work})`);
  const data = {
    ...templateData(model),
    route,
    r,
    events: route.events,
    summary: route.summary,
    storeType,
    timeout: route.timeout ?? model.config.timeout,
    guard,
    sampleCreator: sampleCreator(route.authorization),
  };
  const dir = `lambdas/${route.name}`;
  return [
    { path: `${dir}/Cargo.toml`, template: 'lambda/Cargo.toml.ejs', data, update: NEW },
    { path: `${dir}/src/main.rs`, template: 'lambda/src/main.rs.ejs', data, update: NEW },
    { path: `${dir}/src/handler.rs`, template: `lambda/src/handler/${route.kind}.rs.ejs`, data, update: NEW },
    ...route.events.map((e): FileSpec => ({
      path: `${dir}/events/${e.name}.json`,
      contents: () => JSON.stringify(apiGatewayEvent(model.config.api, route, e.request, route.authorization)),
      update: NEW,
    })),
  ];
}

export const httpCrate: TriggerCrate<RouteModel> = { crateFiles };
