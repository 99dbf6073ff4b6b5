/**
 * What files a configuration produces, as data: which template renders each path, with which
 * data, and how a later addition treats it (its update strategy). The generators only write what
 * these functions return.
 */
import { parse as parseToml } from 'smol-toml';
import { CONFIG_FILE, storedConfig } from './config.js';
import { UserError } from './errors.js';
import { type Addition, type FileSpec, NEW, REGENERATE } from './file-spec.js';
import { openApiYaml } from './openapi.js';
import { flavourOf } from './iac/index.js';
import { FLAVOUR_PARTIALS, type FlavourPartial } from './iac/flavour.js';
import { type Model, routeTable } from './model.js';
import { presetLabel } from './preset.js';
import { type OutputFile, formatFiles, renderTemplate, renderText, tidy } from './render.js';
import { templateData } from './template-data.js';
import { eventKindOf } from './triggers/index.js';
import { watchRouterEntry } from './triggers/crates/http.js';
import { CRATES, eventCrateOf } from './triggers/crates/index.js';

/** The markers around the route table of the workspace README. */
const ROUTES_START = '<!-- routes:start';
const ROUTES_END = '<!-- routes:end -->';
/** The shared crate's lib.rs: the generator owns the lines between these; a team's own modules go below. */
export const MODULES_START = '// generator-serverless-api: modules';
export const MODULES_END = '// generator-serverless-api: end of modules';

/** The shared crate's Cargo.toml: the generator owns the lines between these (its dependencies); a team's own go below. */
export const DEPENDENCIES_START = '# generator-serverless-api: dependencies';
export const DEPENDENCIES_END = '# generator-serverless-api: end of dependencies';

/** What the shared crate's Cargo.toml holds between its markers: its example and dependencies, as the workspace's resources and functions need them. */
export function sharedDependencies(model: Model): string {
  const data = templateData(model);
  const tables = model.resources.length > 0;
  const example = tables ? ['# `make local-tables`: creates the tables in a local DynamoDB.', '[[example]]', 'name = "local-tables"', ''] : [];
  const dependencies = [
    ...(data.consumers ? ['aws_lambda_events.workspace = true'] : []),
    ...(tables ? ['aws-config.workspace = true', 'aws-sdk-dynamodb.workspace = true', 'base64.workspace = true'] : []),
    'lambda_http.workspace = true',
    ...(data.consumers ? ['lambda_runtime.workspace = true'] : []),
    'serde.workspace = true',
    ...(tables ? ['serde_dynamo.workspace = true'] : []),
    'serde_json.workspace = true',
    'thiserror.workspace = true',
    "# Work bounded by the invocation's deadline (deadline.rs).",
    'tokio = { workspace = true, features = ["time"] }',
    'tracing.workspace = true',
    ...(tables ? ['uuid.workspace = true'] : []),
  ];
  return [...example, '[dependencies]', ...dependencies].join('\n');
}

/** The shared crate's modules, as its lib.rs declares them between its markers. */
export function sharedModules(model: Model): string {
  const data = templateData(model);
  const modules = [
    'deadline',
    'error',
    'http',
    ...(model.config.auth.kind !== 'none' ? ['auth'] : []),
    ...(model.resources.length ? ['dynamo', 'fields', 'store'] : []),
    ...(data.consumers ? ['batch'] : []),
    ...model.resources.map((r) => r.module),
  ].sort();
  return `${modules.map((m) => `pub mod ${m};`).join('\n')}\n\npub use error::ApiError;`;
}

/** Renders one of the flavour's partials (`templates/iac/<flavour>/partials/<name>`) with the same data. */
function flavourPartial(model: Model, data: Record<string, unknown>) {
  return (name: FlavourPartial): string => {
    if (!FLAVOUR_PARTIALS.includes(name)) throw new Error(`unknown flavour partial ${name}`);
    return renderTemplate(`iac/${model.config.iac}/partials/${name}`, data);
  };
}

/** The targets a flavour's Makefile partial defines, besides `deploy` (which every flavour has). */
function makeTargets(partial: string): string[] {
  return [...partial.matchAll(/^([a-z][a-z-]*):/gm)].map((m) => m[1] ?? '').filter((t) => t !== 'deploy');
}

/** The files of the shared crate's store module (templates/shared/src/store.rs and store/). */
const STORE_FILES = [
  'store.rs',
  'store/page.rs',
  'store/dynamodb.rs',
  'store/memory.rs',
  'store/fixtures.rs',
  'store/tests.rs',
  'store/integration.rs',
] as const;

/** The `[workspace.dependencies]` entries of a root Cargo.toml as the template renders it for `model`: name -> line. */
function templateDependencies(model: Model): Map<string, string> {
  const spec = rootFiles(model).find((f) => f.path === 'Cargo.toml');
  const text = spec ? (renderUnformatted([spec])[0]?.contents ?? '') : '';
  const section = /^\[workspace\.dependencies\]\n([\s\S]*?)(?=^\[)/m.exec(text)?.[1] ?? '';
  return new Map([...section.matchAll(/^([A-Za-z0-9_-]+) = .*$/gm)].map((m) => [m[1]!, m[0]]));
}

/** The features a dependency line (or a parsed entry) asks for. */
const featuresOf = (entry: unknown): string[] => {
  const features = (entry as { features?: unknown } | null)?.features;
  return Array.isArray(features) ? features.map(String) : [];
};

/**
 * What the addition adds to a new workspace's `[workspace.dependencies]` (a function's event
 * types, its runtime, serde_dynamo), put into the user's edited Cargo.toml: an entry it lacks is
 * added under the table's header; an entry it has without a feature the addition needs stops the
 * run, naming it (its line is the user's to change).
 */
function addWorkspaceDependencies(current: string, { before, after, command }: Addition): string {
  const had = templateDependencies(before);
  const wanted = [...templateDependencies(after)].filter(([name, line]) => had.get(name) !== line);
  if (wanted.length === 0) return current;
  const present = (parseToml(current) as { workspace?: { dependencies?: Record<string, unknown> } }).workspace?.dependencies ?? {};
  const missing: string[] = [];
  for (const [name, line] of wanted) {
    if (!(name in present)) {
      missing.push(line);
      continue;
    }
    const needed = featuresOf((parseToml(line) as Record<string, unknown>)[name]);
    const lacking = needed.filter((f) => !featuresOf(present[name]).includes(f));
    if (lacking.length) {
      throw new UserError(
        `Cargo.toml was edited: ${name} in [workspace.dependencies] lacks the feature${lacking.length === 1 ? '' : 's'} ${lacking.map((f) => `"${f}"`).join(', ')} that \`${command}\` needs; add ${lacking.length === 1 ? 'it' : 'them'} to its features (a new workspace has ${line}), then run again`,
      );
    }
  }
  if (missing.length === 0) return current;
  const header = /^\[workspace\.dependencies\][ \t]*(?:#.*)?$/m.exec(current);
  if (!header) throw new UserError(`Cargo.toml was edited and has no [workspace.dependencies] table for what \`${command}\` needs: ${missing.join('; ')}`);
  const at = header.index + header[0].length;
  return `${current.slice(0, at)}\n# Added by \`${command}\`.\n${missing.join('\n')}${current.slice(at)}`;
}

/**
 * The root Cargo.toml of a workspace the user edited: the workspace dependencies the addition
 * needs (see above), and the new routes' router entries (and table variables) appended, the
 * rest kept. Checked to parse before anything is written.
 */
function appendRouterEntries(current: string, addition: Addition): string {
  const { after, routes, command } = addition;
  const withDependencies = addWorkspaceDependencies(current, addition);
  const blocks = routes.map((added) => {
    const route = after.route(added.name);
    const env = route.table ? `\n\n[workspace.metadata.lambda.bin.${route.name}.env]\n${route.table.tableEnv} = "${route.table.tableName}"` : '';
    return `${watchRouterEntry(route)}${env}`;
  });
  // A function not behind HTTP has no router entry.
  const appended = blocks.length ? `${withDependencies}\n# Added by \`${command}\`.\n${blocks.join('\n\n')}\n` : withDependencies;
  try {
    parseToml(appended);
  } catch (error) {
    throw new UserError(`Cargo.toml would not parse after adding the routes: ${(error as Error).message}`);
  }
  return appended;
}

/** The README's table of the functions not behind HTTP and their sample batches (none: nothing). */
function functionTable(model: Model): string[] {
  if (model.eventFunctions.length === 0) return [];
  const rows = model.eventFunctions.map(
    (f) =>
      `| \`${f.name}\` | ${eventKindOf(f).describe(f)} | ${f.summary} | ${f.resource && f.actions.length ? `${f.resource}: ${f.actions.map((a) => a.replace('dynamodb:', '')).join(', ')}` : ''} |`,
  );
  const invokes = model.eventFunctions.flatMap((f) =>
    eventCrateOf(f)
      .samples(model, f)
      .map((b) => `cargo lambda invoke ${f.name} --data-file lambdas/${f.name}/events/${b.name}.json   # ${b.description}`),
  );
  return [
    '',
    'Functions not behind HTTP:',
    '',
    '| Function | Trigger | What it does | DynamoDB access |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    'Their sample events, while `cargo lambda watch` runs (a queue consumer answers the messages that failed):',
    '',
    '```sh',
    ...invokes,
    '```',
  ];
}

/** The README's maintained section: the route table, then the functions not behind HTTP. */
function readmeTables(model: Model): string {
  return [routeTable(model), ...functionTable(model)].join('\n');
}

/** Root files of the workspace. */
export function rootFiles(model: Model): FileSpec[] {
  const flavour = flavourOf(model.config.iac);
  const data: Record<string, unknown> = { ...templateData(model), flavour, routeTable: readmeTables(model), watchRouterEntry };
  data.partial = flavourPartial(model, data);
  data.flavourMakeTargets = makeTargets(renderTemplate(`iac/${model.config.iac}/partials/Makefile.ejs`, data));
  return [
    { path: 'Cargo.toml', template: 'workspace/Cargo.toml.ejs', data, update: { kind: 'regenerate', otherwise: appendRouterEntries } },
    { path: 'README.md', template: 'workspace/README.md.ejs', data, update: { kind: 'markers', start: ROUTES_START, end: ROUTES_END, section: readmeTables } },
    { path: 'Makefile', template: 'workspace/Makefile.ejs', data, update: REGENERATE },
    { path: '.gitignore', template: 'workspace/gitignore.ejs', data, update: NEW },
    { path: '.editorconfig', template: 'workspace/editorconfig', update: NEW },
    { path: 'rust-toolchain.toml', template: 'workspace/rust-toolchain.toml.ejs', data, update: NEW },
    { path: 'clippy.toml', template: 'workspace/clippy.toml', update: NEW },
    { path: 'deny.toml', template: 'workspace/deny.toml.ejs', data, update: NEW },
    // The YAML templates render as prettier prints them (test/unit/formatted.test.ts).
    ...(model.resources.length ? [{ path: 'compose.yaml', template: 'workspace/compose.yaml.ejs', data, update: REGENERATE, formatted: true }] : []),
    { path: '.github/workflows/ci.yml', template: 'workspace/.github/workflows/ci.yml.ejs', data, update: NEW, formatted: true },
    { path: '.github/workflows/upgrade.yml', template: 'workspace/.github/workflows/upgrade.yml.ejs', data, update: NEW, formatted: true },
    { path: CONFIG_FILE, contents: () => JSON.stringify(storedConfig(model.config)), update: REGENERATE },
    { path: 'openapi.yaml', contents: () => openApiYaml(model), update: REGENERATE, formatted: true },
  ];
}

/** The `shared` library crate. */
export function sharedFiles(model: Model): FileSpec[] {
  const data = templateData(model);
  const files: FileSpec[] = [
    {
      path: 'shared/Cargo.toml',
      template: 'shared/Cargo.toml.ejs',
      data: { ...data, section: sharedDependencies(model), start: DEPENDENCIES_START, end: DEPENDENCIES_END },
      update: { kind: 'markers', start: DEPENDENCIES_START, end: DEPENDENCIES_END, section: sharedDependencies },
    },
    {
      path: 'shared/src/lib.rs',
      template: 'shared/src/lib.rs.ejs',
      data: { ...data, modules: sharedModules(model), start: MODULES_START, end: MODULES_END },
      update: { kind: 'markers', start: MODULES_START, end: MODULES_END, section: sharedModules },
    },
    { path: 'shared/src/deadline.rs', template: 'shared/src/deadline.rs', update: REGENERATE },
    { path: 'shared/src/error.rs', template: 'shared/src/error.rs', update: REGENERATE },
    { path: 'shared/src/http.rs', template: 'shared/src/http.rs.ejs', data, update: REGENERATE },
    ...(model.config.auth.kind !== 'none' ? [{ path: 'shared/src/auth.rs', template: 'shared/src/auth.rs.ejs', data, update: REGENERATE }] : []),
  ];
  if (data.consumers) {
    files.push({ path: 'shared/src/batch.rs', template: 'shared/src/batch.rs.ejs', data, update: REGENERATE });
  }
  if (model.resources.length) {
    files.push({ path: 'shared/src/dynamo.rs', template: 'shared/src/dynamo.rs', update: REGENERATE });
    // The store: its root (records, items, the Store trait) and its parts, each a file of its own.
    for (const file of STORE_FILES) files.push({ path: `shared/src/${file}`, template: `shared/src/${file}`, update: REGENERATE });
    files.push({ path: 'shared/src/fields.rs', template: 'shared/src/fields.rs', update: REGENERATE });
    files.push({ path: 'shared/examples/local-tables.rs', template: 'shared/examples/local-tables.rs.ejs', data, update: REGENERATE });
  }
  for (const r of model.resources) {
    files.push({ path: `shared/src/${r.module}.rs`, template: 'shared/src/resource.rs.ejs', data: { ...data, r }, update: NEW });
  }
  return files;
}

/** The crates of the functions, each by its trigger's kind. */
export function functionFiles(model: Model, names?: ReadonlySet<string>): FileSpec[] {
  const wanted = (name: string) => !names || names.has(name);
  return [
    ...model.routes.filter((route) => wanted(route.name)).flatMap((route) => CRATES.http.crateFiles(model, route)),
    ...model.eventFunctions.filter((fn) => wanted(fn.name)).flatMap((fn) => eventCrateOf(fn).crateFiles(model, fn)),
  ];
}

/** Files of the workspace's infrastructure flavour. */
export function iacFiles(model: Model): FileSpec[] {
  return flavourOf(model.config.iac).files(model);
}

/**
 * The files a preset ships, rendered with the templates' data. They are the user's once written
 * (an addition never rewrites them), and may not take a path the generator writes.
 */
export function presetFiles(model: Model, generated: ReadonlySet<string>): FileSpec[] {
  const preset = model.config.preset;
  if (!preset) return [];
  const data = templateData(model);
  return Object.entries(preset.files).map(([destination, text]) => {
    const where = `${presetLabel(preset)}: files.${destination}`;
    if (generated.has(destination)) throw new UserError(`${where}: the generator writes this file itself; ship it under another path`);
    return { path: destination, contents: () => renderText(text, destination, data, where), raw: true, update: NEW };
  });
}

/** Every file of a new workspace. */
export function workspaceFiles(model: Model): FileSpec[] {
  const generated = [...rootFiles(model), ...sharedFiles(model), ...functionFiles(model), ...iacFiles(model)];
  return [...generated, ...presetFiles(model, new Set(generated.map((f) => f.path)))];
}

/** Renders file specs, unformatted. */
export function renderUnformatted(specs: readonly FileSpec[]): OutputFile[] {
  return specs.map((spec) => ({
    path: spec.path,
    contents: typeof spec.contents === 'function' ? spec.contents() : (spec.contents ?? renderTemplate(spec.template ?? '', spec.data ?? {})),
  }));
}

/**
 * Formats rendered files (Rust in one rustfmt process, the rest through prettier), but those of
 * `raw` specs, and those of `formatted` specs, only tidied.
 */
export async function formatRendered(specs: readonly FileSpec[], rendered: readonly OutputFile[]): Promise<OutputFile[]> {
  const toFormat = rendered.filter((_, i) => !specs[i]?.raw && !specs[i]?.formatted);
  const formatted = new Map((await formatFiles(toFormat)).map((f) => [f.path, f.contents]));
  return rendered.map((f, i) => ({ path: f.path, contents: formatted.get(f.path) ?? (specs[i]?.formatted ? tidy(f.contents) : f.contents) }));
}

/** Renders and formats file specs. */
export async function renderFiles(specs: readonly FileSpec[]): Promise<OutputFile[]> {
  return formatRendered(specs, renderUnformatted(specs));
}
