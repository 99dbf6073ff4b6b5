/**
 * The Terraform flavour: `infra/` with the provider, the API, a file per table and a file per
 * route, so adding a route adds a file. Function zips come from
 * `cargo lambda build --release --output-format zip` (`make build-zip`).
 */
import { type FileSpec, NEW, REGENERATE } from '../../file-spec.js';
import type { Model, ResourceModel } from '../../model.js';
import { streamed } from '../../triggers/dynamodb-stream.js';
import { DEFAULT_STAGE } from '../../stage.js';
import { type Flavour, renderTrigger } from '../flavour.js';
import { tfName, tableName } from './functions.js';
import { TERRAFORM_TRIGGERS } from './triggers/index.js';
import { staticFiles, terraformRestPaths } from './api.js';
import { terraformTable } from './tables.js';
import { terraformRoute } from './routes.js';
import { terraformAuthorization, terraformDeployed } from './read.js';

export { restResourceName } from './api.js';
export { tableName, tfName };

/** The file of a route, and the file of a table: an addition adds one file each. */
export const routeFile = (route: { name: string }) => `infra/route_${tfName(route)}.tf`;
export const tableFile = (r: ResourceModel) => `infra/table_${tableName(r)}.tf`;

/** Generator-owned for REST APIs: the resource tree and the deployment, both derived from every route. */
const API_PATHS_FILE = 'infra/api_paths.tf';

/**
 * Every Terraform file of a model: the static ones and one per table and per route (new files,
 * which an addition adds), and for REST APIs the resource tree, rendered again by every addition.
 */
function files(model: Model): FileSpec[] {
  return [
    ...staticFiles(model),
    // Rendered again by an addition: a stream reader gives its table a stream (merged into an edit).
    ...model.resources.map((r): FileSpec => ({ path: tableFile(r), contents: () => terraformTable(r, streamed(model, r.name)), update: REGENERATE })),
    ...model.routes.map((route): FileSpec => ({ path: routeFile(route), contents: () => terraformRoute(model, route), update: NEW })),
    ...model.eventFunctions.map((fn) => renderTrigger(TERRAFORM_TRIGGERS, model, fn)),
    ...(model.config.api === 'rest' ? [{ path: API_PATHS_FILE, contents: () => terraformRestPaths(model), update: REGENERATE }] : []),
  ];
}

export const terraform: Flavour = {
  id: 'terraform',
  choice: 'Terraform',
  label: 'Terraform',
  ignored: ['.terraform/', '*.tfstate', '*.tfstate.*', '*.tfplan', 'crash.log'],
  layout: 'infra/              Terraform: one file per route, the API, the tables',
  summary: 'Terraform in infra/',
  files,
  // The REST stage's invoke URL has no trailing slash; the HTTP API's $default stage's has one.
  output: (name, api) => `$(terraform -chdir=infra output -raw ${name.replace(/-/g, '_')})${name === 'api-url' && api === 'rest' ? '/' : ''}`,
  deployStep: () => `make deploy   # the stage ${DEFAULT_STAGE}; make deploy STAGE=prod for prod`,
  triggers: TERRAFORM_TRIGGERS,
  deployed: async (root, model) => terraformDeployed(root, model),
  authorization: async (root) => terraformAuthorization(root),
};
