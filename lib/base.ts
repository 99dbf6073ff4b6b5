/**
 * What the generator renders for a workspace's recorded configuration: every file a fresh
 * `new` with these answers, routes and preset would write. `serverless-api render` writes it to
 * a folder; `serverless-api upgrade` asks the version that made a workspace for it, as the base
 * of its three-way merge.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from './config.js';
import { UserError } from './errors.js';
import { renderFiles, workspaceFiles } from './files.js';
import { buildModel } from './model.js';
import type { OutputFile } from './render.js';
import { crudRoutes } from './routes.js';
import type { Route, WorkspaceConfig } from './types.js';
import { planAddition } from './workspace.js';
import { GENERATOR_VERSION } from './version.js';

/** One step of how a workspace came to be: `new`, then each `route`, `resource` and `function` in order. */
export interface Step {
  config: WorkspaceConfig;
  /** For an addition: what it added. */
  routes: Route[];
  resources: string[];
  /** Names of the functions not behind HTTP it added. */
  functions: string[];
  command: string;
}

/**
 * The commands that made a workspace with this configuration, replayed from `.yo-rc.json`: its
 * routes are stored in the order they were added, a resource's five routes together; each
 * function not behind HTTP records how many routes there were when it was added
 * (`afterRoutes`), and is replayed there (absent: after every route).
 */
export function history(config: WorkspaceConfig): Step[] {
  const routes = config.routes;
  const firstRecord = config.resources[0];
  const first = firstRecord?.name;
  const startsWithResource =
    first !== undefined && routes.length >= 5 && routes.slice(0, 5).every((r, i) => r.resource === first && r.kind === crudRoutes(first)[i]?.kind);
  const initial = startsWithResource ? 5 : routes[0]?.kind === 'health' ? 1 : 0;
  const pending = [...(config.functions ?? [])];
  if (initial === 0 && pending.length === 0) return [{ config, routes: [], resources: [], functions: [], command: 'serverless-api new' }];
  // Routes that do not start the way `new` writes them are all rendered by the first step.
  const startRoutes = initial === 0 ? routes : routes.slice(0, initial);
  const startResources = initial === 0 ? config.resources : startsWithResource && firstRecord ? [firstRecord] : [];
  let current: WorkspaceConfig = { ...config, routes: startRoutes, resources: startResources, functions: [] };
  const steps: Step[] = [
    {
      config: current,
      routes: current.routes,
      resources: current.resources.map((r) => r.name),
      functions: [],
      command: initial === 0 ? 'serverless-api new' : `serverless-api new ${config.name}`,
    },
  ];
  const addFunctions = (all: boolean): void => {
    while (pending.length > 0 && (all || (pending[0]!.afterRoutes ?? Infinity) <= current.routes.length)) {
      const fn = pending.shift()!;
      current = { ...current, functions: [...(current.functions ?? []), fn] };
      steps.push({
        config: current,
        routes: [],
        resources: [],
        functions: [fn.name],
        command: `serverless-api function ${fn.name} --trigger ${fn.trigger.type}`,
      });
    }
  };
  addFunctions(false);
  for (let i = startRoutes.length; i < routes.length;) {
    const route = routes[i]!;
    const resource = route.resource;
    const isNewResource = route.kind === 'create' && resource !== undefined && !current.resources.some((r) => r.name === resource);
    const added = isNewResource ? routes.slice(i, i + 5) : [route];
    const record = isNewResource ? (config.resources.find((r) => r.name === resource) ?? { name: resource }) : undefined;
    current = { ...current, routes: [...current.routes, ...added], resources: record ? [...current.resources, record] : current.resources };
    steps.push({
      config: current,
      routes: added,
      resources: isNewResource ? [resource] : [],
      functions: [],
      command: isNewResource ? `serverless-api resource ${resource}` : `serverless-api route ${route.method} ${route.path}`,
    });
    i += added.length;
    addFunctions(false);
  }
  addFunctions(true);
  // Resources without routes of their own (none today) and anything the replay missed: the last
  // step is the configuration as recorded.
  steps[steps.length - 1] = { ...steps[steps.length - 1]!, config };
  return steps;
}

/**
 * The files `config` renders to, as the commands that made it wrote them: \`new\` with its first
 * routes, then each addition applied in memory (additions place blocks where a fresh render would
 * not). \`.yo-rc.json\` is left out: it is the source, not a rendering.
 */
export async function renderWorkspace(config: WorkspaceConfig): Promise<OutputFile[]> {
  const [start, ...additions] = history(config);
  const files = new Map((await renderFiles(workspaceFiles(buildModel(start!.config)))).map((f) => [f.path, f.contents]));
  let before = start!.config;
  for (const step of additions) {
    const changes = await planAddition({
      root: '',
      before,
      after: step.config,
      routes: step.routes,
      resources: step.resources,
      functions: step.functions,
      command: step.command,
      read: (file) => files.get(file),
    });
    for (const change of changes) files.set(change.path, change.contents);
    before = step.config;
  }
  files.delete(CONFIG_FILE);
  return [...files].map(([path, contents]) => ({ path, contents }));
}

/**
 * `serverless-api render`: writes what the workspace at `root` renders to under `out` (which
 * must not exist or be empty), for this generator's version only.
 */
export async function renderToFolder(root: string, config: WorkspaceConfig, out: string): Promise<number> {
  if (config.generatorVersion !== GENERATOR_VERSION) {
    throw new UserError(
      `${path.join(root, CONFIG_FILE)} follows generator ${config.generatorVersion}; this is ${GENERATOR_VERSION}. Render with the version that made it: npx --package generator-serverless-api@${config.generatorVersion} serverless-api render`,
    );
  }
  const files = await renderWorkspace(config);
  for (const file of files) {
    const target = path.join(out, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
  }
  return files.length;
}
