/**
 * What files a configuration produces, as data: which template renders each path, with which
 * data. The generators only write what these functions return.
 */
import { type WorkspaceConfig, resourceData, storedConfig } from './config.js';
import { EXISTING_ID, MISSING_ID, apiGatewayEvent, sampleCases } from './events.js';
import { resourceNames, toPascal } from './naming.js';
import { type Route, accessOfActions, paramVariable, pathParams } from './routes.js';
import { type OutputFile, formatFiles, renderTemplate } from './render.js';
import { versions } from './versions.js';
import { samConfig, samTemplate } from './iac/sam.js';
import { terraformFiles } from './iac/terraform.js';

export interface FileSpec {
  /** Destination, relative to the workspace root. */
  path: string;
  /** Template under `templates/`, rendered with `data`... */
  template?: string;
  data?: Record<string, unknown>;
  /** ...or the contents, built in code. */
  contents?: string;
  /** Written as built, without a formatter (files whose own serializer is their format). */
  raw?: boolean;
}

const SUMMARIES: Readonly<Record<Route['kind'], (aLabel: string, plural: string, label: string) => string>> = {
  create: (label) => `creates ${label}.`,
  get: (_, __, bare) => `reads one ${bare}.`,
  list: (_, plural) => `lists ${plural}, a page at a time.`,
  update: (label) => `replaces ${label}.`,
  delete: (label) => `deletes ${label}.`,
  health: () => 'reports that the API is up.',
  custom: () => 'a route of your own.',
};

export function routeSummary(route: Route): string {
  const names = resourceNames(route.resource ?? 'item');
  return SUMMARIES[route.kind](names.aLabel, names.pluralLabel, names.label);
}

/** Data every template may use. */
export function templateData(config: WorkspaceConfig) {
  return {
    config,
    versions,
    resources: config.resources.map((r) => resourceData(config, r)),
    stackName: `${toPascal(config.name)}Stack`,
    existingId: EXISTING_ID,
    missingId: MISSING_ID,
  };
}

/** The Markdown table of routes kept in the workspace README. */
export function routeTable(config: WorkspaceConfig): string {
  const rows = config.routes.map((r) => {
    const access = r.resource ? `${r.resource}: ${r.actions.map((a) => a.replace('dynamodb:', '')).join(', ') || accessOfActions(r.actions)}` : '';
    return `| \`${r.method}\` | \`${r.path}\` | \`${r.name}\` | ${routeSummary(r)} | ${access} |`;
  });
  return ['| Method | Path | Function | What it does | DynamoDB access |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

const IAC_LABELS = { cdk: 'the AWS CDK (TypeScript)', sam: 'AWS SAM', terraform: 'Terraform' } as const;
const IAC_LAYOUT = {
  cdk: 'infra/              AWS CDK app: bin/app.ts, lib/api-stack.ts, lib/manifest.ts (routes), test/',
  sam: 'template.yaml       AWS SAM template; samconfig.toml holds the deploy settings',
  terraform: 'infra/              Terraform: one file per route, the API, the tables',
} as const;

/** Root files of the workspace. */
export function rootFiles(config: WorkspaceConfig): FileSpec[] {
  const data = {
    ...templateData(config),
    config: { ...config, routes: config.routes.map((route) => ({ ...route, events: sampleCases(route) })) },
    routeTable: routeTable(config),
    iacLabel: IAC_LABELS[config.iac],
    iacLayout: IAC_LAYOUT[config.iac],
  };
  return [
    { path: 'Cargo.toml', template: 'workspace/Cargo.toml.ejs', data },
    { path: 'README.md', template: 'workspace/README.md.ejs', data },
    { path: 'Makefile', template: 'workspace/Makefile.ejs', data },
    { path: '.gitignore', template: 'workspace/gitignore' },
    { path: '.editorconfig', template: 'workspace/editorconfig' },
    ...(config.resources.length ? [{ path: 'docker-compose.yml', template: 'workspace/docker-compose.yml.ejs', data }] : []),
    { path: '.github/workflows/ci.yml', template: 'workspace/.github/workflows/ci.yml.ejs', data },
    { path: '.yo-rc.json', contents: JSON.stringify(storedConfig(config)) },
  ];
}

/** The `shared` library crate. */
export function sharedFiles(config: WorkspaceConfig): FileSpec[] {
  const data = templateData(config);
  const files: FileSpec[] = [
    { path: 'shared/Cargo.toml', template: 'shared/Cargo.toml.ejs', data },
    { path: 'shared/src/lib.rs', template: 'shared/src/lib.rs.ejs', data },
    { path: 'shared/src/error.rs', template: 'shared/src/error.rs' },
    { path: 'shared/src/http.rs', template: 'shared/src/http.rs' },
  ];
  if (config.resources.length) {
    files.push({ path: 'shared/src/dynamo.rs', template: 'shared/src/dynamo.rs' });
    files.push({ path: 'shared/examples/local-tables.rs', template: 'shared/examples/local-tables.rs.ejs', data });
  }
  for (const r of data.resources) {
    files.push({ path: `shared/src/${r.module}.rs`, template: 'shared/src/resource.rs.ejs', data: { ...data, r } });
    files.push({ path: `shared/tests/${r.module}_store.rs`, template: 'shared/tests/store.rs.ejs', data: { ...data, r } });
  }
  return files;
}

/** One function's crate and sample events. */
export function routeFiles(config: WorkspaceConfig, route: Route): FileSpec[] {
  const base = templateData(config);
  const r = route.resource ? resourceData(config, route.resource) : undefined;
  const events = sampleCases(route);
  const crudStore = r && ['create', 'get', 'list', 'update', 'delete'].includes(route.kind) ? `Dynamo${r.type}Store` : undefined;
  const params = pathParams(route.path).map((name) => ({ name, variable: paramVariable(name) }));
  const data = { ...base, route: { ...route, params }, r, events, summary: routeSummary(route), storeType: crudStore };
  const dir = `lambdas/${route.name}`;
  return [
    { path: `${dir}/Cargo.toml`, template: 'lambda/Cargo.toml.ejs', data },
    { path: `${dir}/src/main.rs`, template: 'lambda/src/main.rs.ejs', data },
    { path: `${dir}/src/handler.rs`, template: `lambda/src/handler/${route.kind}.rs.ejs`, data },
    ...events.map((e) => ({
      path: `${dir}/events/${e.name}.json`,
      contents: JSON.stringify(apiGatewayEvent(config.api, route, e.request)),
    })),
  ];
}

/** The generator-owned description of functions and tables that the CDK stack loops over. */
export function cdkManifest(config: WorkspaceConfig) {
  return {
    project: config.name,
    architecture: config.arch,
    memorySize: config.memory,
    timeoutSeconds: config.timeout,
    tables: config.resources.map((name) => {
      const r = resourceData(config, name);
      return { resource: name, id: r.tableId, env: r.tableEnv, partitionKey: 'id' };
    }),
    functions: config.routes.map((route) => ({
      name: route.name,
      method: route.method,
      path: route.path,
      ...(route.resource ? { resource: route.resource } : {}),
      actions: route.actions,
      ...(route.memory !== undefined ? { memorySize: route.memory } : {}),
      ...(route.timeout !== undefined ? { timeoutSeconds: route.timeout } : {}),
    })),
  };
}

/** Files of the chosen infrastructure flavour. */
export function iacFiles(config: WorkspaceConfig): FileSpec[] {
  const data = { ...templateData(config), manifest: cdkManifest(config) };
  switch (config.iac) {
    case 'cdk':
      return [
        { path: 'infra/package.json', template: 'iac/cdk/infra/package.json.ejs', data },
        { path: 'infra/tsconfig.json', template: 'iac/cdk/infra/tsconfig.json' },
        { path: 'infra/cdk.json', template: 'iac/cdk/infra/cdk.json.ejs', data },
        { path: 'infra/vitest.config.ts', template: 'iac/cdk/infra/vitest.config.ts' },
        { path: 'infra/.prettierrc.json', contents: JSON.stringify({ singleQuote: true, printWidth: 120 }) },
        { path: 'infra/bin/app.ts', template: 'iac/cdk/infra/bin/app.ts.ejs', data },
        { path: 'infra/lib/api-stack.ts', template: 'iac/cdk/infra/lib/api-stack.ts.ejs', data },
        { path: 'infra/lib/manifest.ts', template: 'iac/cdk/infra/lib/manifest.ts.ejs', data },
        { path: 'infra/test/api-stack.test.ts', template: 'iac/cdk/infra/test/api-stack.test.ts.ejs', data },
      ];
    case 'sam':
      return [
        { path: 'template.yaml', contents: samTemplate(config), raw: true },
        { path: 'samconfig.toml', contents: samConfig(config) },
      ];
    case 'terraform':
      return Object.entries(terraformFiles(config)).map(([path, contents]) => ({ path, contents }));
  }
}

/** Every file of a new workspace. */
export function workspaceFiles(config: WorkspaceConfig): FileSpec[] {
  return [
    ...rootFiles(config),
    ...sharedFiles(config),
    ...config.routes.flatMap((route) => routeFiles(config, route)),
    ...iacFiles(config),
  ];
}

/** Renders and formats file specs (Rust in one rustfmt process, the rest through prettier). */
export async function renderFiles(specs: readonly FileSpec[]): Promise<OutputFile[]> {
  const rendered = specs.map((spec) => ({ path: spec.path, contents: spec.contents ?? renderTemplate(spec.template ?? '', spec.data ?? {}) }));
  const toFormat = rendered.filter((_, i) => !specs[i]?.raw);
  const formatted = new Map((await formatFiles(toFormat)).map((f) => [f.path, f.contents]));
  return rendered.map((f) => ({ path: f.path, contents: formatted.get(f.path) ?? f.contents }));
}
