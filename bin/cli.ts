/**
 * `serverless-api <command> [args] [options]`: runs this package's generators, given to Yeoman
 * as classes (no lookup of installed generators, and none of yo's behaviour as root). Bundled
 * into dist/bin/cli.cjs, which bin/serverless-api.ts starts.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { mark, reportTimings } from '../lib/timings.js';

mark('cli-started');

const GENERATORS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'generators');

type YeomanGenerator = NonNullable<Parameters<typeof import('yeoman-environment').prepareCommand>[0]['generator']>;

/** The generators this CLI runs, loaded only for the command that needs one. */
const GENERATORS = {
  app: async () => (await import('../generators/app/index.js')).default,
  route: async () => (await import('../generators/route/index.js')).default,
  function: async () => (await import('../generators/function/index.js')).default,
  resource: async () => (await import('../generators/resource/index.js')).default,
} as const;

const COMMANDS: Readonly<Record<string, { generator: keyof typeof GENERATORS; summary: string; help: string }>> = {
  new: {
    generator: 'app',
    summary: 'create a workspace in ./<name>/',
    help: `
Arguments:
  name                   Project name: the folder, the Cargo workspace and the prefix of AWS
                         resource names (lowercase kebab-case, at most 24 characters)

Without --yes, each answer not given as a flag is asked in the terminal; without a terminal,
a missing answer is an error that names its flag.

Examples:
  serverless-api new orders --yes
  serverless-api new orders --api rest --arch x86_64 --memory 512 --resource order --yes
  serverless-api new status --no-resource --skip-install --yes`,
  },
  route: {
    generator: 'route',
    summary: 'add a function for one route to the workspace around the current folder',
    help: `
Arguments:
  method                 GET, POST, PUT, PATCH or DELETE
  path                   /orders, /orders/{orderId}/lines: literal segments and {param}s

Works from anywhere inside a workspace (found by its .yo-rc.json). Adds the crate, its handler,
tests and sample events, the infrastructure of the workspace's flavour, the router entry of
\`cargo lambda watch\` and a line in README.md. Running the same command again changes nothing.

Examples:
  serverless-api route GET '/orders/{orderId}' --resource item --access read --yes
  serverless-api route POST /webhooks/stripe --name stripe-webhook --memory 512 --yes`,
  },
  function: {
    generator: 'function',
    summary:
      "add a function that is not behind HTTP (a queue consumer, a scheduled job, an event rule, a reader of a table's stream, a bucket's function) to the workspace around the current folder",
    help: `
Arguments:
  name                   lowercase kebab-case: the crate under lambdas/ and the function

Works from anywhere inside a workspace. Adds the crate (its handler, tests fed by sample events)
and, in the workspace's flavour, the function, its role and its trigger:
  sqs          a queue and its dead-letter queue (or an existing queue, --queue) and the event
               source mapping, which reports the failed messages only
  schedule     an EventBridge Scheduler schedule (--cron or --rate), its role, retries and a
               dead-letter queue shared with the function's own
  eventbridge  a rule on the default bus (or --bus) for --source (and --detail-type), the
               function its target, with retries and a dead-letter queue shared with the
               function's own
  dynamodb-stream
               the stream of --resource's table (new and old images), read from the latest
               record; a failing batch is split, the handler stops at the first failed record,
               and after 3 retries the failure's description goes to an on-failure queue
  s3           a bucket (SSE-S3, public access blocked, TLS only, versioned; with the CDK
               also an existing one, --bucket) notifying the function of --events under
               --prefix/--suffix; a dead-letter queue for events that fail
With --resource and write access, a consumer stores each message, and an event rule's function
each event's detail, as an item under the message's or event's id. Running the same command
again changes nothing.

Examples:
  serverless-api function process-orders --trigger sqs --yes
  serverless-api function import-items --trigger sqs --batch-size 5 --resource item --access write --yes
  serverless-api function nightly-report --trigger schedule --cron "cron(0 3 * * ? *)" --timezone Europe/Paris --yes
  serverless-api function on-item-change --trigger dynamodb-stream --resource item --batch-size 50 --yes
  serverless-api function on-upload --trigger s3 --prefix uploads/ --suffix .csv --yes
  serverless-api function store-orders --trigger eventbridge --source com.example.orders --detail-type "Order Placed" --resource item --access write --yes`,
  },
  resource: {
    generator: 'resource',
    summary: 'add a table and its five CRUD functions to the workspace around the current folder',
    help: `
Arguments:
  name                   singular, lowercase kebab-case: category -> /categories, list-categories

Examples:
  serverless-api resource category --yes`,
  },
};

/** Options every Yeoman generator gets that a user of these commands has no use for. */
const SKIP_INSTALL_HELP =
  "Write the files only: skip `cargo generate-lockfile` (Cargo.lock, which the generated CI builds with --locked) and the IaC's install (npm install in infra/ for the CDK); the next steps then start with them";

const YEOMAN_INTERNAL_OPTIONS: ReadonlySet<string> = new Set([
  '--cwd',
  '--skip-cache',
  '--local-config-only',
  '--ask-answered',
  '--whitespace',
  '--bail',
  '--skip-yo-resolve',
  '--force-install',
]);

function usage(): string {
  return [
    'Usage: serverless-api <command> [arguments] [options]',
    '',
    'Generates and extends Rust HTTP APIs on AWS Lambda (one function per route and verb).',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`),
    ...Object.entries(TOOL_COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`),
    '',
    'Run `serverless-api <command> --help` for the options of a command.',
    'The same generators run as `yo serverless-api` (new), `yo serverless-api:route`, `yo serverless-api:resource` and `yo serverless-api:function`.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(usage());
    return command === undefined ? 1 : 0;
  }
  if (command === '--version' || command === '-v') {
    const pkg = JSON.parse(readFileSync(path.join(GENERATORS_DIR, '..', '..', 'package.json'), 'utf8')) as { version: string };
    console.log(pkg.version);
    return 0;
  }
  const tool = Object.hasOwn(TOOL_COMMANDS, command) ? TOOL_COMMANDS[command] : undefined;
  if (tool) return runTool(command, tool, rest);
  const spec = COMMANDS[command];
  if (!spec) {
    console.error(`serverless-api: unknown command "${command}"\n\n${usage()}`);
    return 1;
  }
  const { prepareCommand } = await import('yeoman-environment');
  mark('yeoman-imported');
  // The class itself, not its path: the bundled CLI carries the generators (a path would load
  // them, and Yeoman with them, a second time from dist/generators/).
  const program = await prepareCommand({
    // Yeoman's type takes optional constructor arguments; Yeoman always passes both.
    generator: (await GENERATORS[spec.generator]()) as unknown as YeomanGenerator,
    resolved: path.join(GENERATORS_DIR, spec.generator, 'index.js'),
    namespace: `serverless-api:${spec.generator}`,
  });
  program.name(`serverless-api ${command}`).description(spec.summary).addHelpText('after', spec.help);
  if (spec.generator === 'app') {
    // YeomanCommand.addOption pairs every negated flag with an affirmative one, which `--resource
    // <value>` already is; commander's own addOption takes the pair as it is.
    const commanderAddOption = (Object.getPrototypeOf(Object.getPrototypeOf(program)) as { addOption: typeof program.addOption }).addOption;
    commanderAddOption.call(program, program.createOption('--no-resource', 'No starter resource: a single GET /health route'));
  }
  // Yeoman's own options that mean nothing to a user of this command stay accepted, unlisted.
  for (const option of program.options) {
    if (YEOMAN_INTERNAL_OPTIONS.has(option.long ?? '') || (spec.generator !== 'app' && option.long === '--skip-install')) option.hideHelp();
    // Yeoman's own words ("install dependencies") would not say that Cargo.lock is skipped too.
    if (spec.generator === 'app' && option.long === '--skip-install') option.description = SKIP_INSTALL_HELP;
  }
  program.exitOverride();
  mark('generator-loaded');
  try {
    await program.parseAsync(rest, { from: 'user' });
    return 0;
  } catch (error) {
    return report(error);
  }
}

const CHECK_SUMMARY = 'report whether workspaces still follow their standard (exit 1 when one does not)';

/** What a sub-command without a generator (check, upgrade, render) was given. */
interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** A string option's value (undefined when absent). */
function text(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Parses a sub-command's arguments: an unknown or malformed option is one line pointing to its
 * --help; --help prints `help`. Returns the exit code when the command is done already.
 */
async function parseCommand(
  name: string,
  argv: string[],
  options: Record<string, { type: 'boolean' | 'string'; multiple?: boolean }>,
  help: string,
): Promise<CommandArgs | number> {
  let parsed: CommandArgs;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    console.error(`Error: ${(error as Error).message.split('. ')[0]}. See serverless-api ${name} --help.`);
    return 1;
  }
  if (parsed.values.help) {
    console.log(help);
    return 0;
  }
  return parsed;
}

/** \`serverless-api check\`: no generator, nothing written; the reports and an exit code. */
async function check(parsed: CommandArgs): Promise<number> {
  try {
    const { checkWorkspace, formatFleet, formatReport } = await import('../lib/check.js');
    const { loadPreset } = await import('../lib/preset.js');
    const reference = text(parsed, 'preset');
    const preset = reference ? loadPreset(reference, process.cwd()) : undefined;
    const dirs = parsed.positionals.length ? parsed.positionals : ['.'];
    const reports = [];
    for (const dir of dirs) reports.push(await checkWorkspace(path.resolve(dir), { preset }));
    for (const [i, r] of reports.entries()) r.workspace = dirs[i] ?? r.workspace;
    if (parsed.values.json) console.log(JSON.stringify(dirs.length === 1 ? reports[0] : reports, null, 2));
    else
      console.log(
        reports.length === 1
          ? formatReport(reports[0]!)
          : `${formatFleet(reports)}\n\n${reports
              .filter((r) => !r.ok)
              .map(formatReport)
              .join('\n\n')}`.trimEnd(),
      );
    return reports.every((r) => r.ok) ? 0 : 1;
  } catch (error) {
    return report(error);
  }
}

const UPGRADE_SUMMARY = 'bring the workspace to this generator version (and its preset to a newer one), keeping your edits';

/** \`serverless-api upgrade\`: the plan, computed whole, then written (or printed as a diff). */
async function upgrade(parsed: CommandArgs): Promise<number> {
  try {
    const { UserError } = await import('../lib/errors.js');
    if (parsed.positionals.length > 1) throw new UserError('upgrade takes one workspace folder. See serverless-api upgrade --help.');
    const { loadWorkspace } = await import('../lib/workspace.js');
    const { loadPreset } = await import('../lib/preset.js');
    const { applyUpgrade, formatPlan, planDiff, planUpgrade } = await import('../lib/upgrade.js');
    const reference = text(parsed, 'preset');
    const preset = reference ? loadPreset(reference, process.cwd()) : undefined;
    const { root, config } = loadWorkspace(path.resolve(parsed.positionals[0] ?? '.'));
    const plan = await planUpgrade(root, config, { from: text(parsed, 'from'), preset, cors: text(parsed, 'cors') });
    const dryRun = parsed.values['dry-run'] === true;
    if (dryRun) {
      const diff = planDiff(plan);
      if (diff) console.log(diff.trimEnd());
    } else {
      applyUpgrade(root, plan);
    }
    console.log(formatPlan(plan, dryRun));
    return plan.unresolved.length || plan.changes.some((c) => c.action === 'conflict') ? 1 : 0;
  } catch (error) {
    return report(error);
  }
}

const RENDER_SUMMARY = "write what a workspace's .yo-rc.json renders to (the base of upgrade) into a folder";

/** \`serverless-api render\`: the recorded configuration's files, written to a folder. */
async function render(parsed: CommandArgs): Promise<number> {
  try {
    const { UserError } = await import('../lib/errors.js');
    const out = text(parsed, 'out');
    if (!out) throw new UserError('render needs --out <folder>. See serverless-api render --help.');
    if (parsed.positionals.length > 1) throw new UserError('render takes one workspace folder. See serverless-api render --help.');
    const target = path.resolve(out);
    if (existsSync(target) && readdirSync(target).length > 0) throw new UserError(`${out} is not empty; render writes into a new or empty folder`);
    const { loadWorkspace } = await import('../lib/workspace.js');
    const { renderToFolder } = await import('../lib/base.js');
    const { root, config } = loadWorkspace(path.resolve(parsed.positionals[0] ?? '.'));
    const count = await renderToFolder(root, config, target);
    console.log(`Rendered ${count} files of ${config.name} (generator ${config.generatorVersion}) into ${out}.`);
    return 0;
  } catch (error) {
    return report(error);
  }
}

const IMPORT_SUMMARY = 'add the resources and routes an OpenAPI document describes (API-first)';

/** `serverless-api import`: the plan, computed whole and checked, then written. */
async function importDocument(parsed: CommandArgs): Promise<number> {
  try {
    const { UserError } = await import('../lib/errors.js');
    const [file, ...extra] = parsed.positionals;
    if (!file || extra.length) throw new UserError('import takes one OpenAPI document. See serverless-api import --help.');
    if (!existsSync(file)) throw new UserError(`${file} does not exist`);
    const { loadWorkspace, planAddition, userEdits } = await import('../lib/workspace.js');
    const { syncLockfile } = await import('../lib/lockfile.js');
    const { planImport } = await import('../lib/openapi-import.js');
    const { root, config } = loadWorkspace(process.cwd());
    const except = (parsed.values.except as string[] | undefined) ?? [];
    const plan = planImport(config, readFileSync(file, 'utf8'), file, except);
    const names = plan.routes.map((r) => `${r.method} ${r.path} (${r.name})`);
    if (plan.routes.length === 0) {
      console.log(`${config.name} has every operation of ${file} already: nothing to change.`);
      return 0;
    }
    const { withResources } = await import('../lib/config.js');
    const after = withResources(config, plan.resources, plan.routes);
    const force = parsed.values.force === true;
    const read = (f: string) => (existsSync(path.join(root, f)) ? readFileSync(path.join(root, f), 'utf8') : undefined);
    const changes = await planAddition({
      root,
      before: config,
      after,
      routes: plan.routes,
      resources: plan.resources.map((r) => r.name),
      command: `serverless-api import ${file}`,
      read,
      force,
    });
    const edited = force ? [] : userEdits(changes, read);
    if (edited.length) {
      throw new UserError(
        `${edited.join(', ')} changed since the generator wrote them, and this import would rewrite them. Nothing was written. Run again with --force to overwrite.`,
      );
    }
    const verb = parsed.values['dry-run'] === true ? 'Would add' : 'Added';
    let lockNote: string | undefined;
    if (verb === 'Added') {
      for (const change of changes) {
        mkdirSync(path.dirname(path.join(root, change.path)), { recursive: true });
        writeFileSync(path.join(root, change.path), change.contents);
      }
      // Cargo.lock takes the new crates, as after `route` and `resource` (CI builds with --locked).
      lockNote = syncLockfile(root);
    }
    const lines = [
      `${verb} from ${file}: ${plan.resources.length ? `the resource${plan.resources.length === 1 ? '' : 's'} ${plan.resources.map((r) => r.name).join(', ')}; ` : ''}${names.length} route${names.length === 1 ? '' : 's'}:`,
      ...names.map((n) => `  ${n}`),
      ...(plan.renamed.length ? ['Paths as the workspace names their parameters:', ...plan.renamed.map((r) => `  ${r}`)] : []),
      ...(plan.present.length ? [`Already there: ${plan.present.length} operation${plan.present.length === 1 ? '' : 's'}.`] : []),
      ...(verb === 'Added'
        ? ['Next steps:', '  cargo test --workspace', '  make local-tables   # with a local DynamoDB running (README.md, "Run locally")']
        : []),
      ...(lockNote ? [lockNote] : []),
    ];
    console.log(lines.join('\n'));
    return 0;
  } catch (error) {
    return report(error);
  }
}

/** An option of a command without a generator: the same facts as a generator's (`OptionSpec`). */
interface ToolOption {
  type: 'string' | 'boolean';
  description: string;
  /** The value's placeholder in --help: `<ref>`. */
  value?: string;
  multiple?: boolean;
}

/** A command without a generator (check, upgrade, render, import), declared as data as the generators' are: its --help is made from it. */
interface ToolCommand {
  summary: string;
  /** After `serverless-api <name>`. */
  usage: string;
  /** How the summary's sentence ends in --help (default: a full stop). */
  summaryEnd?: string;
  /** The paragraphs between the summary and the arguments. */
  about: string;
  arguments: [string, string][];
  options: Record<string, ToolOption>;
  /** The paragraph after the options. */
  after?: string;
  examples: string[];
  run(parsed: CommandArgs): Promise<number>;
}

const TOOL_COMMANDS: Readonly<Record<string, ToolCommand>> = {
  check: {
    summary: CHECK_SUMMARY,
    usage: '[dir ...] [options]',
    summaryEnd: '. Writes nothing.',
    about: `Rules: version (generator and preset versions behind current), preset (locked answers and
bounds), drift (generator-owned files against what .yo-rc.json renders, with a diff stat),
structure (every crate under lambdas/ is a route of .yo-rc.json, deployed by the infrastructure,
with sample events and tests), iam (each function's actions exactly as recorded, no "*"),
auth (what each route asks of its caller exactly as recorded: authorizer and scopes, IAM, public),
dependencies (Cargo.lock within the preset's crate bounds).`,
    arguments: [['dir', 'Workspaces to check (default: the one around the current folder); several give one table (a fleet view)']],
    options: {
      preset: {
        type: 'string',
        value: '<ref>',
        description: "The preset's current version (a file, a folder or an npm package), to report workspaces made with an older one",
      },
      json: { type: 'boolean', description: 'The reports as JSON, for dashboards' },
    },
    examples: ['serverless-api check', 'serverless-api check --preset @acme/api-preset', 'serverless-api check ../orders ../billing ../search --json'],
    run: check,
  },
  upgrade: {
    summary: UPGRADE_SUMMARY,
    usage: '[dir] [options]',
    about: `Every file the generator owns is rendered again and merged with your edits by git's three-way
merge: base = what the version recorded in .yo-rc.json renders for your answers and routes
(\`serverless-api render\` of that version: from --from, or from npm, its cache first), yours =
the file now, theirs = what this version renders. Edits away from the generator's changes merge
silently; where both changed the same lines, the file gets standard conflict markers, is listed,
and the command exits 1. Files this version adds are written; files it no longer generates are
removed when you had not edited them, and kept (and listed) when you had. Structural changes
(a renamed file) are migrated first, when the file still has the expected shape. Everything is
computed before anything is written; a second run changes nothing.`,
    arguments: [['dir', 'The workspace (default: the one around the current folder)']],
    options: {
      'dry-run': { type: 'boolean', description: 'Print the diff of what would change; write nothing' },
      from: {
        type: 'string',
        value: '<folder|spec>',
        description:
          'The generator version that made the workspace: a folder holding that package, or an npm spec (default: generator-serverless-api@<recorded>)',
      },
      preset: {
        type: 'string',
        value: '<ref>',
        description: "Move to a newer version of the workspace's preset (a file, a folder or an npm package): its locked answers and policy apply",
      },
      cors: {
        type: 'string',
        value: '<origins|none>',
        description:
          "Change the API's CORS origins (comma-separated, as `new --cors`; none removes CORS): every file that carries them is rendered again and merged, at this version too",
      },
    },
    after: 'Exit status: 0 when done or nothing to do; 1 on an error (nothing written) or when files hold conflict markers.',
    examples: [
      'serverless-api upgrade --dry-run',
      'serverless-api upgrade',
      'serverless-api upgrade --preset @acme/api-preset',
      'serverless-api upgrade --cors https://app.example.com,http://localhost:3000',
    ],
    run: upgrade,
  },
  render: {
    summary: RENDER_SUMMARY,
    usage: '[dir] --out <folder>',
    about: `Writes every file this version of the generator renders for the workspace's recorded answers,
routes and preset (as \`new\` would, without your edits) into <folder>. The workspace is only
read. \`serverless-api upgrade\` runs the version that made a workspace with this command to get
the base of its three-way merge.`,
    arguments: [['dir', 'The workspace (default: the one around the current folder)']],
    options: { out: { type: 'string', value: '<folder>', description: 'Where to write; must not exist or be empty' } },
    examples: ['serverless-api render --out /tmp/base'],
    run: render,
  },
  import: {
    summary: IMPORT_SUMMARY,
    usage: '<openapi.yaml> [options]',
    summaryEnd: ', from inside a workspace.',
    about: `The document wins. A collection path with a POST of a JSON object (\`/pets\`) becomes a
resource: a table, its fields from the schema's properties (string with maxLength, integer,
number, boolean, date, date-time, string enums, arrays of these; required ones not optional), and
the CRUD functions of the operations the document declares on \`/pets\` and \`/pets/{x}\` (POST,
GET, GET, PUT, DELETE), each only if it answers as the generated one does: a create 201 with the
item, a list 200 with a page (\`{"items": [...], "next": "..."}\`), a get or update 200 with the
item, a delete 204; a resource's ids are UUIDs (string parameters).
Every other operation becomes a route of its own (one crate, \`--access read\` for a GET and
read-write otherwise on the table of the resource its path starts with; under a resource's item
it answers 404 under one that does not exist). The workspace's openapi.yaml keeps its declared
success status (200, 201, 202 or 204), answer, request body and path parameters; its function
answers that status until you write it. A path parameter under a resource's item takes the
workspace's name for it ({petId} -> {id}): API Gateway needs one name per position. Operation ids
name the functions. Security comes from the workspace's --auth, errors are the shared crate's
{code, message, requestId}.

Whatever cannot be honoured (a list declared as an array, another success status, two success
statuses, an integer id, a nested object, another method, a path under one resource's item
naming another resource, a path the workspace already has differently) is listed, one operation
per line, and nothing is written; \`--except\` leaves operations out on purpose. The same document
a second time changes nothing. The workspace's openapi.yaml is rewritten from the result.`,
    arguments: [['openapi.yaml', 'The OpenAPI document to import (a file of the workspace or elsewhere)']],
    options: {
      'dry-run': { type: 'boolean', description: 'List what would be added; write nothing' },
      force: { type: 'boolean', description: 'Overwrite generator-owned files you changed instead of stopping' },
      except: {
        type: 'string',
        value: '<operation>',
        multiple: true,
        description: "Leave this operation of the document out, e.g. --except 'GET /pets' (repeatable)",
      },
    },
    examples: ['serverless-api import petstore.yaml --dry-run', "serverless-api import petstore.yaml --except 'GET /pets'"],
    run: importDocument,
  },
};

/** Words of `text` in lines of at most `width` characters, each after `indent`. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

/** A command's --help, from its declaration: the same sections for every command. */
export function toolHelp(name: string, command: ToolCommand): string {
  const column = 25;
  const row = (left: string, description: string) => `  ${left.padEnd(column - 3)} ${wrap(description, 96 - column, ' '.repeat(column))}`;
  const options = [
    ...Object.entries(command.options).map(([flag, o]) => row(`--${flag}${o.value ? ` ${o.value}` : ''}`, o.description)),
    row('-h, --help', 'This help'),
  ];
  return [
    `Usage: serverless-api ${name} ${command.usage}`,
    `${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}${command.summaryEnd ?? '.'}`,
    command.about,
    ...(command.arguments.length ? [['Arguments:', ...command.arguments.map(([arg, description]) => row(arg, description))].join('\n')] : []),
    ['Options:', ...options].join('\n'),
    ...(command.after ? [wrap(command.after, 96, '')] : []),
    ...(command.examples.length ? [['Examples:', ...command.examples.map((e) => `  ${e}`)].join('\n')] : []),
  ].join('\n\n');
}

/** Runs a command without a generator: its arguments parsed by its declaration, --help from it. */
async function runTool(name: string, command: ToolCommand, argv: string[]): Promise<number> {
  const options = Object.fromEntries(Object.entries(command.options).map(([flag, o]) => [flag, { type: o.type, ...(o.multiple ? { multiple: true } : {}) }]));
  const parsed = await parseCommand(name, argv, options, toolHelp(name, command));
  return typeof parsed === 'number' ? parsed : command.run(parsed);
}

/** One line for what the user can fix; the stack only for a bug of ours. */
function report(error: unknown): number {
  const e = error as { name?: string; code?: string; message?: string; exitCode?: number };
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) return e.exitCode ?? 1;
  if (e.name === 'UserError') {
    console.error(`Error: ${e.message}`);
    return 1;
  }
  console.error(error);
  return 1;
}

// `serverless-api --help | head`: a reader that stops early ends the output, not with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.on('exit', () => {
  mark('exit');
  reportTimings();
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = report(error);
  },
);
