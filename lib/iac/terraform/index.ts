/**
 * The Terraform flavour: `infra/` with the provider, the API, a file per table and a file per
 * route, so adding a route adds a file. Function zips come from
 * `cargo lambda build --release --output-format zip` (`make build-zip`).
 */
import { type FileSpec, NEW, REGENERATE } from '../../file-spec.js';
import type { ResourceModel } from '../../model.js';
import { streamed } from '../../triggers/dynamodb-stream.js';
import { DEFAULT_STAGE } from '../../stage.js';
import { type Flavour, defineFlavour } from '../flavour.js';
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
 * Every part of Terraform is a file: the static ones of the API, one per table and per route and
 * per function not behind HTTP (new files, which an addition adds; a table's is rendered again, as
 * a stream reader gives its table a stream), and for REST APIs the resource tree, rendered again
 * by every addition as it derives from every route.
 */
export const terraform: Flavour = defineFlavour({
  id: 'terraform',
  choice: 'Terraform',
  label: 'Terraform',
  ignored: ['.terraform/', '*.tfstate', '*.tfstate.*', '*.tfplan', 'crash.log'],
  layout: 'infra/              Terraform: one file per route, the API, the tables',
  summary: 'Terraform in infra/',
  parts: {
    api: staticFiles,
    table: (model, r): FileSpec => ({ path: tableFile(r), contents: () => terraformTable(r, streamed(model, r.name)), update: REGENERATE }),
    route: (model, route): FileSpec => ({ path: routeFile(route), contents: () => terraformRoute(model, route), update: NEW }),
    triggers: TERRAFORM_TRIGGERS,
  },
  assemble: (model, parts) => [
    ...parts.api,
    ...parts.tables,
    ...parts.routes,
    ...parts.functions,
    ...(model.config.api === 'rest' ? [{ path: API_PATHS_FILE, contents: () => terraformRestPaths(model), update: REGENERATE }] : []),
  ],
  // The REST stage's invoke URL has no trailing slash; the HTTP API's $default stage's has one.
  output: (name, api) => `$(terraform -chdir=infra output -raw ${name.replace(/-/g, '_')})${name === 'api-url' && api === 'rest' ? '/' : ''}`,
  deployStep: () => `make deploy   # the stage ${DEFAULT_STAGE}; make deploy STAGE=prod for prod`,
  deployed: async (root, model) => terraformDeployed(root, model),
  authorization: async (root) => terraformAuthorization(root),
});
