/**
 * `yo serverless-api [name]` / `serverless-api new [name]`: a new workspace in `./<name>/`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { APP_ANSWERS, type AppAnswers } from '../../lib/answers.js';
import { CONFIG_FILE, CONFIG_KEY, type WorkspaceConfig, workspaceFromAnswers } from '../../lib/config.js';
import { renderFiles, workspaceFiles } from '../../lib/files.js';
import { BaseGenerator, type Question } from '../base.js';
import { loadPreset, lockedAnswers, lockedConflict, presetLabel, presetLayer, sameAnswer, withPresetBounds } from '../../lib/preset.js';
import { flavourOf } from '../../lib/iac/index.js';
import { buildModel } from '../../lib/model.js';
import { rustfmtUnavailable } from '../../lib/render.js';
import { mark } from '../../lib/timings.js';
import { UserError, validateProjectName } from '../../lib/validation.js';
import { APP_ARGUMENTS, APP_OPTIONS } from './command.js';

export default class AppGenerator extends BaseGenerator {
  private _workspace!: WorkspaceConfig;
  private _publicByDefault = false;

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
    const reference = this._flag('preset');
    if (reference === true || reference === '') throw new UserError('--preset needs the path of a preset file or the name of a preset package');
    const preset = typeof reference === 'string' ? loadPreset(reference, this.env.cwd) : undefined;
    let questions: readonly Question[] = APP_ANSWERS;
    if (preset) {
      this._presetLayer = presetLayer(preset);
      // A locked answer is no question: a flag may repeat it, not change it.
      for (const [flag, value] of Object.entries(lockedAnswers(preset))) {
        const flagValue = flag in given ? given[flag] : this._flag(flag);
        if (flagValue !== undefined && !sameAnswer(flag, String(flagValue), value)) throw lockedConflict(preset, flag, String(flagValue));
        given[flag] = value;
      }
      questions = APP_ANSWERS.map((q) => withPresetBounds(preset, q));
    }
    const answers = await this._ask(questions, given);
    // `--yes` takes `none` for a question that decides whether the API is public: said aloud.
    this._publicByDefault = answers.auth === 'none' && this._flag('auth') === undefined && this._presetLayer.auth === undefined && !!this._opts.yes;
    const appAnswers = Object.fromEntries(APP_ANSWERS.map((a) => [a.flag, a.parse(answers[a.flag] ?? '')])) as unknown as AppAnswers;
    this._workspace = workspaceFromAnswers(appAnswers, preset);
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
    this.outputs = await renderFiles(workspaceFiles(buildModel(this._workspace)));
    mark('rendered');
    this._checkConflicts(this._workspaceRoot);
    this._writeOutputs(this._workspaceRoot);
  }

  async install(): Promise<void> {
    if (this._skipInstall || this._dryRun) return;
    const flavourStep = flavourOf(this._workspace.iac).install;
    // Cargo.lock first: it is committed, and the generated CI builds with --locked.
    const steps = [
      { dir: '.', command: 'cargo', args: ['generate-lockfile'], message: 'Resolving the Rust dependencies into Cargo.lock (cargo generate-lockfile) ...' },
      ...(flavourStep ? [flavourStep] : []),
    ];
    for (const step of steps) {
      const cwd = path.join(this._workspaceRoot, step.dir);
      this.log.info(step.message);
      const result = spawnSync(step.command, step.args, { cwd, stdio: 'inherit' });
      if (result.status !== 0) {
        this.log.error(
          `${step.command} ${step.args[0] ?? ''} failed in ${path.relative(process.cwd(), cwd) || '.'}; run it there again once the problem is fixed.`,
        );
      }
    }
  }

  end(): void {
    mark('written');
    if (this._dryRun) return;
    const git = this._initGit();
    const w = this._workspace;
    const flavour = flavourOf(w.iac);
    const functions = w.routes.length;
    const iac = flavour.summary;
    const deploy = flavour.deployStep({ installed: !this._skipInstall });
    // Cargo.lock is committed and the generated CI builds with --locked: under --skip-install it
    // is the first thing to make.
    const lockfile = this._skipInstall ? ['  cargo generate-lockfile           # Cargo.lock, which CI builds with --locked (skipped by --skip-install)'] : [];
    const lines = [
      '',
      `Created ${w.name}/: ${this.outputs.length} files, ${functions} function${functions === 1 ? '' : 's'} (${w.routes
        .map((r) => r.name)
        .join(
          ', ',
        )}), ${iac}, ${w.api === 'http' ? 'HTTP API' : 'REST API'}, ${w.arch}${w.preset ? `, under ${presetLabel(w.preset)}` : ''}.${git ? ` ${git}` : ''}`,
      ...(this._publicByDefault
        ? [
            '',
            'Warning: the API is public: --yes without --auth keeps none. Protect it with --auth jwt, cognito or iam (or answer the question without --yes).',
          ]
        : []),
      '',
      'Next steps:',
      `  cd ${w.name}`,
      ...lockfile,
      '  cargo test --workspace            # unit tests, fed by the sample events',
      `  ${deploy}`,
      '',
    ];
    if (rustfmtUnavailable())
      lines.push('Note: rustfmt could not be run, so the Rust files were written as the templates render them; run `cargo fmt` to be sure.');
    this.log(lines.join('\n'));
  }

  private get _workspaceRoot(): string {
    return this.destinationPath(this._workspace.name);
  }

  /**
   * `git init` as `cargo new` does (not under --no-git, without git, or inside a repository), on
   * the branch `main`, and one initial commit when git knows who the user is. Returns what to
   * tell the user, or nothing when no repository was made.
   */
  private _initGit(): string | undefined {
    if (this._opts.git === false) return undefined;
    const root = this._workspaceRoot;
    const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    const inside = git('rev-parse', '--is-inside-work-tree');
    if (inside.error) return undefined;
    if (inside.status === 0 && inside.stdout.trim() === 'true') return undefined;
    if (git('init', '--quiet').status !== 0) return undefined;
    // `git init -b` needs git 2.28; naming the unborn branch works with every git.
    git('symbolic-ref', 'HEAD', 'refs/heads/main');
    const added = git('add', '-A');
    const commit = added.status === 0 ? git('commit', '--quiet', '-m', 'Initial commit from generator-serverless-api') : added;
    if (commit.status !== 0) {
      const why = `${commit.stderr}${commit.stdout}`;
      if (/tell me who you are|user\.email|user\.name|empty ident/i.test(why)) {
        return 'Initialized a git repository (branch main) without a commit: git does not know who you are; set user.name and user.email, then `git add -A && git commit`.';
      }
      return `Initialized a git repository (branch main); the initial commit failed: ${why.trim().split('\n')[0]}`;
    }
    return 'Initialized a git repository (branch main) with one commit.';
  }
}
