/**
 * An existing workspace, for the sub-generators: where its root is, what it holds, and the
 * changes that adding routes and resources makes to it. Every change is computed in memory from
 * the files on disk; nothing is written here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { CONFIG_FILE, CONFIG_KEY, type WorkspaceConfig, workspaceFromStored } from './config.js';
import { type FileSpec, iacFiles, renderFiles, rootFiles, routeFiles, routeTable, sharedFiles } from './files.js';
import { addToSamTemplate } from './iac/sam.js';
import { terraformRestPaths, terraformRoute, terraformTable, tfName } from './iac/terraform.js';
import { resourceNames, toSnake } from './naming.js';
import type { OutputFile } from './render.js';
import { type Route, routeKey } from './routes.js';
import { UserError } from './validation.js';

/** The nearest folder at or above `from` whose `.yo-rc.json` has our section. */
export function findWorkspaceRoot(from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const file = path.join(dir, CONFIG_FILE);
    if (existsSync(file)) {
      try {
        if (CONFIG_KEY in (JSON.parse(readFileSync(file, 'utf8')) as object)) return dir;
      } catch {
        // not ours, or not JSON: keep looking upwards
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function loadWorkspace(from: string): { root: string; config: WorkspaceConfig } {
  const root = findWorkspaceRoot(from);
  if (!root) {
    throw new UserError(
      `not inside a workspace of generator-serverless-api: no ${CONFIG_FILE} with a "${CONFIG_KEY}" section in ${from} or above. Run it from your workspace, or create one with \`serverless-api new <name>\``,
    );
  }
  let stored: unknown;
  try {
    stored = JSON.parse(readFileSync(path.join(root, CONFIG_FILE), 'utf8'));
  } catch (error) {
    throw new UserError(`${path.join(root, CONFIG_FILE)} is not valid JSON: ${(error as Error).message}`);
  }
  return { root, config: workspaceFromStored(stored, path.join(root, CONFIG_FILE)) };
}

/** How a changed file came to be, which decides how a difference on disk is treated. */
export type ChangeKind =
  /** A file that does not exist yet (a new crate, a new Terraform file). */
  | 'new'
  /** A file the generator renders from the configuration: replaced if the user left it as rendered. */
  | 'generated'
  /** A file of the user's that the generator edits in place, keeping everything else. */
  | 'edited';

export interface Change extends OutputFile {
  kind: ChangeKind;
  /** For `generated` files: the contents the previous configuration renders (what an unedited file holds). */
  previous?: string;
}

const ROUTES_START = '<!-- routes:start';
const ROUTES_END = '<!-- routes:end -->';

/** Replaces the README's route table (between its markers); `undefined` when the markers are gone. */
export function withRouteTable(readme: string, config: WorkspaceConfig): string | undefined {
  const start = readme.indexOf(ROUTES_START);
  const end = readme.indexOf(ROUTES_END);
  if (start < 0 || end < start) return undefined;
  const afterStart = readme.indexOf('\n', start) + 1;
  return `${readme.slice(0, afterStart)}${routeTable(config)}\n${readme.slice(end)}`;
}

/** The router entry (and, for a table, the environment) of a route, appended to the root Cargo.toml. */
function cargoAppendix(config: WorkspaceConfig, routes: Route[], command: string): string {
  const blocks = routes.map((route) => {
    const lines = [`[[workspace.metadata.lambda.watch.router]]`, `path = "${route.path}"`, `methods = ["${route.method}"]`, `function = "${route.name}"`];
    if (route.resource) {
      const names = resourceNames(route.resource);
      lines.push('', `[workspace.metadata.lambda.bin.${route.name}.env]`, `${names.tableEnv} = "${config.name}-${names.plural}"`);
    }
    return lines.join('\n');
  });
  return `\n# Added by \`${command}\`.\n${blocks.join('\n\n')}\n`;
}

/**
 * The changes that add `routes` (and `resources`) to a workspace. `read` gives a file's current
 * contents (undefined when it does not exist). Throws a UserError when a file the change needs
 * cannot be updated safely.
 */
export async function planAddition(
  root: string,
  before: WorkspaceConfig,
  after: WorkspaceConfig,
  routes: Route[],
  resources: string[],
  command: string,
  read: (file: string) => string | undefined = (file) => {
    const full = path.join(root, file);
    return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  },
): Promise<Change[]> {
  const changes: Change[] = [];
  const add = (file: OutputFile, kind: ChangeKind, previous?: string) => changes.push({ ...file, kind, previous });

  // New crates and their sample events.
  for (const file of await renderFiles(routes.flatMap((route) => routeFiles(after, route)))) {
    if (read(file.path) !== undefined) throw new UserError(`${file.path} exists already; remove it or choose another --name`);
    add(file, 'new');
  }

  // Files rendered from the configuration: replaced when still as the previous configuration renders them.
  const generated = (specs: (c: WorkspaceConfig) => FileSpec[], pick: (p: string) => boolean) => ({ specs, pick });
  const renderedSets = [
    generated(sharedFiles, () => resources.length > 0),
    generated(rootFiles, (p) => p === 'Makefile' || p === 'docker-compose.yml' || p === '.yo-rc.json'),
    generated(iacFiles, (p) => p === 'infra/lib/manifest.ts' || p === 'infra/api_paths.tf'),
  ];
  for (const set of renderedSets) {
    // Only the picked files are rendered: the cost of an addition must not grow with the routes.
    const picked = (config: WorkspaceConfig) => set.specs(config).filter((spec) => set.pick(spec.path));
    const [oldFiles, newFiles] = await Promise.all([renderFiles(picked(before)), renderFiles(picked(after))]);
    const old = new Map(oldFiles.map((f) => [f.path, f.contents]));
    for (const file of newFiles) {
      if (!set.pick(file.path) || file.path === 'Cargo.toml' || file.path === 'README.md') continue;
      if (old.get(file.path) === file.contents && read(file.path) !== undefined) continue;
      add(file, read(file.path) === undefined ? 'new' : 'generated', old.get(file.path));
    }
  }

  // The root Cargo.toml: re-rendered when untouched; otherwise the router entries are appended.
  const cargo = read('Cargo.toml');
  if (cargo === undefined) throw new UserError('Cargo.toml is missing at the workspace root');
  const [cargoBefore] = await renderFiles(rootFiles(before).filter((f) => f.path === 'Cargo.toml'));
  const [cargoAfter] = await renderFiles(rootFiles(after).filter((f) => f.path === 'Cargo.toml'));
  if (cargo === cargoBefore?.contents && cargoAfter) {
    add(cargoAfter, 'generated', cargo);
  } else {
    if (before.resources.length === 0 && resources.length > 0) {
      throw new UserError(
        'Cargo.toml was edited and has no DynamoDB dependencies yet: add aws-config, aws-sdk-dynamodb and uuid to [workspace.dependencies] as a new workspace with a resource has them, then run again',
      );
    }
    const appended = cargo + cargoAppendix(after, routes, command);
    try {
      parseToml(appended);
    } catch (error) {
      throw new UserError(`Cargo.toml would not parse after adding the routes: ${(error as Error).message}`);
    }
    add({ path: 'Cargo.toml', contents: appended }, 'edited');
  }

  // The README's route table.
  const readme = read('README.md');
  const newReadme = readme === undefined ? undefined : withRouteTable(readme, after);
  if (newReadme !== undefined && newReadme !== readme) add({ path: 'README.md', contents: newReadme }, 'edited');

  // The infrastructure.
  switch (after.iac) {
    case 'cdk':
      break; // infra/lib/manifest.ts above; the stack loops over it.
    case 'sam': {
      const template = read('template.yaml');
      if (template === undefined) throw new UserError('template.yaml is missing at the workspace root');
      add({ path: 'template.yaml', contents: addToSamTemplate(template, after, routes, resources) }, 'edited');
      break;
    }
    case 'terraform': {
      for (const resource of resources) {
        const file = `infra/table_${toSnake(resourceNames(resource).plural)}.tf`;
        if (read(file) !== undefined) throw new UserError(`${file} exists already`);
        add({ path: file, contents: terraformTable(after, resource) }, 'new');
      }
      for (const route of routes) {
        const file = `infra/route_${tfName(route)}.tf`;
        if (read(file) !== undefined) throw new UserError(`${file} exists already; remove it or choose another --name`);
        add({ path: file, contents: terraformRoute(after, route) }, 'new');
      }
      if (after.api === 'rest' && !changes.some((c) => c.path === 'infra/api_paths.tf')) {
        add({ path: 'infra/api_paths.tf', contents: terraformRestPaths(after) }, 'generated', terraformRestPaths(before));
      }
      break;
    }
  }
  return changes;
}

/** Files the user changed since the generator last wrote them: those a `generated` change would overwrite. */
export function userEdits(changes: Change[], read: (file: string) => string | undefined): string[] {
  return changes
    .filter((c) => c.kind === 'generated')
    .filter((c) => {
      const current = read(c.path);
      return current !== undefined && current !== c.previous && current !== c.contents;
    })
    .map((c) => c.path);
}

export function describeRoutes(routes: Route[]): string {
  return routes.map((r) => `${routeKey(r)} (${r.name})`).join(', ');
}
