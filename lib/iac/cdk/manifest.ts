/**
 * The manifest a program loops over (`infra/lib/manifest.ts`): the CDK's and Pulumi's parts of a
 * workspace, each an entry of it, rendered again on every addition (the program is the user's).
 */
import type { Model } from '../../model.js';
import { streamed } from '../../triggers/dynamodb-stream.js';
import { LISTED_ATTRIBUTE } from '../../fields.js';
import { prettierTsLiteral } from '../../json-format.js';
import { type FlavourParts, type RenderedParts, renderParts } from '../flavour.js';
import { MANIFEST_GROUPS, type ManifestEntry } from './manifest-entry.js';
import { CDK_TRIGGERS } from './triggers/index.js';

/** The manifest's settings of the workspace as a whole: the CDK's API part (the stack renders the API from them). */
export interface ManifestSettings {
  project: string;
  architecture: string;
  memorySize: number;
  timeoutSeconds: number;
  auth?: Model['config']['auth'];
  cors?: Model['config']['cors'];
}

/** The CDK's parts: entries of the manifest (`infra/lib/manifest.ts`) that the stack loops over. */
export const CDK_PARTS: FlavourParts<ManifestSettings, Record<string, unknown>, Record<string, unknown>, ManifestEntry> = {
  api: ({ project, config }) => ({
    project,
    architecture: config.arch,
    memorySize: config.memory,
    timeoutSeconds: config.timeout,
    ...(config.auth.kind !== 'none' ? { auth: config.auth } : {}),
    ...(config.cors ? { cors: config.cors } : {}),
  }),
  table: (model, r) => ({
    resource: r.name,
    id: r.tableId,
    env: r.tableEnv,
    partitionKey: 'id',
    ...(streamed(model, r.name) ? { stream: true } : {}),
    ...(r.index
      ? {
          index: {
            name: r.index.name,
            partitionKey: r.index.partition,
            ...(r.index.sort ? { sortKey: r.index.sort } : {}),
            ...(r.index.numeric ? { numericSortKey: true } : {}),
          },
        }
      : {}),
    ...(r.sortKey
      ? { sorted: { name: r.sortKey.name, partitionKey: LISTED_ATTRIBUTE, sortKey: r.sortKey.field, ...(r.sortKey.numeric ? { numericSortKey: true } : {}) } }
      : {}),
  }),
  route: ({ config }, route) => ({
    name: route.name,
    method: route.method,
    path: route.path,
    ...(route.resource ? { resource: route.resource } : {}),
    actions: route.actions,
    ...(route.memory !== undefined ? { memorySize: route.memory } : {}),
    ...(route.timeout !== undefined ? { timeoutSeconds: route.timeout } : {}),
    ...(config.auth.kind !== 'none' ? { auth: route.authorization } : {}),
  }),
  triggers: CDK_TRIGGERS,
};

/** The manifest of the parts: the settings, the tables, the routes' functions, a list per kind of other function, then the API's auth and CORS. */
export function manifestOf({
  api,
  tables,
  routes,
  functions,
}: RenderedParts<ManifestSettings, Record<string, unknown>, Record<string, unknown>, ManifestEntry>) {
  const { auth, cors, ...settings } = api;
  return {
    ...settings,
    tables,
    functions: routes,
    ...Object.fromEntries(MANIFEST_GROUPS.map((group) => [group, functions.filter(([g]) => g === group).map(([, entry]) => entry)])),
    ...(auth ? { auth } : {}),
    ...(cors ? { cors } : {}),
  };
}

/** The generator-owned description of functions and tables that the CDK stack loops over. */
export function cdkManifest(model: Model) {
  return manifestOf(renderParts(CDK_PARTS, model));
}

/** Parts of a manifest, rendered. */
export type ManifestParts = RenderedParts<ManifestSettings, Record<string, unknown>, Record<string, unknown>, ManifestEntry>;

/** The manifest's statement as prettier prints it, when lib/json-format.ts can (else prettier's to print). */
export const MANIFEST_PREFIX = 'export const manifest: Manifest = ';

/** The statement `export const manifest: Manifest = {...};` of the parts, as prettier prints it (the mark says whether lib/json-format.ts could). */
export function manifestStatement(parts: ManifestParts): { text: string; formatted: boolean } {
  const manifest = manifestOf(parts);
  const statement = prettierTsLiteral(MANIFEST_PREFIX, manifest);
  return { text: statement?.trimEnd() ?? `${MANIFEST_PREFIX}${JSON.stringify(manifest)};`, formatted: statement !== undefined };
}
