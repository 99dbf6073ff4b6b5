/**
 * `yo serverless-api [name]` / `serverless-api new [name]`: a new workspace in `./<name>/`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  APP_DEFAULTS,
  type AppAnswers,
  CONFIG_FILE,
  CONFIG_KEY,
  type WorkspaceConfig,
  defaultDescription,
  workspaceFromAnswers,
} from '../../lib/config.js';
import { renderFiles, workspaceFiles } from '../../lib/files.js';
import { BaseGenerator, type Question } from '../../lib/generator-base.js';
import { rustfmtUnavailable } from '../../lib/render.js';
import { mark } from '../../lib/timings.js';
import {
  type ApiType,
  type Arch,
  type Iac,
  UserError,
  validateApi,
  validateArch,
  validateDescription,
  validateIac,
  validateMemory,
  validateProjectName,
  validateResourceName,
  validateTimeout,
} from '../../lib/validation.js';
import { APP_ARGUMENTS, APP_OPTIONS } from './command.js';

const QUESTIONS: readonly Question[] = [
  { flag: 'name', type: 'input', message: 'Project name (lowercase kebab-case)', default: 'my-api', validate: validateProjectName },
  {
    flag: 'description',
    type: 'input',
    message: 'One-line description',
    default: (answers) => defaultDescription(answers.name ?? 'my-api'),
    validate: validateDescription,
  },
  {
    flag: 'iac',
    type: 'select',
    message: 'Infrastructure as code',
    default: APP_DEFAULTS.iac,
    choices: [
      { name: 'AWS CDK (TypeScript)', value: 'cdk' },
      { name: 'AWS SAM', value: 'sam' },
      { name: 'Terraform', value: 'terraform' },
    ],
    validate: validateIac,
  },
  {
    flag: 'api',
    type: 'select',
    message: 'API Gateway type',
    default: APP_DEFAULTS.api,
    choices: [
      { name: 'HTTP API (payload 2.0): cheaper, faster', value: 'http' },
      { name: 'REST API (payload 1.0): usage plans, WAF, request validation', value: 'rest' },
    ],
    validate: validateApi,
  },
  {
    flag: 'resource',
    type: 'input',
    message: 'Starter CRUD resource, singular (blank for none: a single GET /health route)',
    default: String(APP_DEFAULTS.resource),
    validate: (value) => (value.trim() === '' ? true : validateResourceName(value.trim())),
  },
  {
    flag: 'arch',
    type: 'select',
    message: 'Lambda architecture',
    default: APP_DEFAULTS.arch,
    choices: [
      { name: 'arm64 (Graviton: about 20% cheaper per GB-second)', value: 'arm64' },
      { name: 'x86_64', value: 'x86_64' },
    ],
    validate: validateArch,
  },
  { flag: 'memory', type: 'input', message: 'Lambda memory (MB)', default: String(APP_DEFAULTS.memory), validate: validateMemory },
  { flag: 'timeout', type: 'input', message: 'Lambda timeout (seconds)', default: String(APP_DEFAULTS.timeout), validate: validateTimeout },
];

export default class AppGenerator extends BaseGenerator {
  private _workspace!: WorkspaceConfig;

  constructor(args: string[], options: ConstructorParameters<typeof BaseGenerator>[1]) {
    super(args, options);
    this._declare(APP_ARGUMENTS, APP_OPTIONS);
  }

  async prompting(): Promise<void> {
    const given: Record<string, string> = {};
    const name = this._opts.name as string | undefined;
    if (name !== undefined) {
      const valid = validateProjectName(name);
      if (valid !== true) throw new UserError(valid);
      given.name = name;
    }
    // `--no-resource` answers the resource question with "none".
    if (this._flag('resource') === false || this._flag('resource') === 'false') given.resource = '';
    const answers = await this._ask(QUESTIONS, given);
    const appAnswers: AppAnswers = {
      name: answers.name ?? '',
      description: answers.description ?? '',
      iac: answers.iac as Iac,
      api: answers.api as ApiType,
      arch: answers.arch as Arch,
      memory: Number(answers.memory),
      timeout: Number(answers.timeout),
      resource: answers.resource?.trim() ? answers.resource.trim() : false,
    };
    this._workspace = workspaceFromAnswers(appAnswers);
  }

  configuring(): void {
    const root = this._workspaceRoot;
    if (!existsSync(root) || this._force) return;
    const entries = readdirSync(root);
    if (entries.length === 0) return;
    const config = path.join(root, CONFIG_FILE);
    const ours = existsSync(config) && CONFIG_KEY in (JSON.parse(readFileSync(config, 'utf8')) as object);
    if (!ours) {
      throw new UserError(
        `${this._workspace.name}/ exists and is not empty (${entries.length} entries), and is not a workspace of this generator: choose another name, empty it, or pass --force to write into it`,
      );
    }
  }

  async writing(): Promise<void> {
    mark('answered');
    this.outputs = await renderFiles(workspaceFiles(this._workspace));
    mark('rendered');
    this._checkConflicts(this._workspaceRoot);
    this._writeOutputs(this._workspaceRoot);
  }

  async install(): Promise<void> {
    if (this._skipInstall || this._dryRun || this._workspace.iac !== 'cdk') return;
    const cwd = path.join(this._workspaceRoot, 'infra');
    this.log.info('Installing the CDK app\'s dependencies (npm install in infra/)…');
    const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, stdio: 'inherit' });
    if (result.status !== 0) {
      this.log.error(`npm install failed in ${path.relative(process.cwd(), cwd) || '.'}; run it there again once the problem is fixed.`);
    }
  }

  end(): void {
    mark('written');
    if (this._dryRun) return;
    const git = this._initGit();
    const w = this._workspace;
    const functions = w.routes.length;
    const iac = { cdk: 'a CDK app in infra/', sam: 'a SAM template.yaml', terraform: 'Terraform in infra/' }[w.iac];
    const deploy = {
      cdk: `cd infra && ${this._skipInstall ? 'npm install && ' : ''}npm test && npx cdk deploy`,
      sam: 'sam validate --lint && sam build && sam deploy --guided',
      terraform: 'make build-zip && terraform -chdir=infra init && terraform -chdir=infra apply',
    }[w.iac];
    const lines = [
      '',
      `Created ${w.name}/: ${this.outputs.length} files, ${functions} function${functions === 1 ? '' : 's'} (${w.routes
        .map((r) => r.name)
        .join(', ')}), ${iac}, ${w.api === 'http' ? 'HTTP API' : 'REST API'}, ${w.arch}.${git ? ' Initialized a git repository.' : ''}`,
      '',
      'Next steps:',
      `  cd ${w.name}`,
      '  cargo test --workspace            # unit tests, fed by the sample events',
      `  ${deploy}`,
      '',
    ];
    if (rustfmtUnavailable()) lines.push('Note: rustfmt could not be run, so the Rust files were written as the templates render them; run `cargo fmt` to be sure.');
    this.log(lines.join('\n'));
  }

  private get _workspaceRoot(): string {
    return this.destinationPath(this._workspace.name);
  }

  /** `git init` as `cargo new` does: not under --no-git, without git, or inside a repository. */
  private _initGit(): boolean {
    if (this._opts.git === false) return false;
    const root = this._workspaceRoot;
    const inside = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, encoding: 'utf8' });
    if (inside.error) return false;
    if (inside.status === 0 && inside.stdout.trim() === 'true') return false;
    const init = spawnSync('git', ['init', '--quiet'], { cwd: root });
    return init.status === 0;
  }
}
