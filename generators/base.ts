/**
 * What every generator of this package shares: options declared as data, answers taken from
 * flags, prompts or defaults (never a hang without a terminal), and a write step that refuses to
 * overwrite a user's edit without the conflict prompt or `--force`.
 */
import { syncLockfile } from '../lib/lockfile.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import { type OptionSpec, PRESET_LAYER, type Question } from '../lib/answers.js';
import { UserError } from '../lib/errors.js';
import type { OutputFile } from '../lib/render.js';
import { mark } from '../lib/timings.js';
import { textOf } from '../lib/text.js';

export type { OptionSpec, Question } from '../lib/answers.js';

/**
 * Methods whose names start with `_` are helpers: Yeoman runs every other method (and reads every
 * getter) of a generator as a task.
 */
export abstract class BaseGenerator extends Generator {
  /** Files this run writes, relative to the workspace root. */
  protected outputs: OutputFile[] = [];

  constructor(args: string[], options: ConstructorParameters<typeof Generator>[1]) {
    // The generators run their flavour's own install step, not Yeoman's at the root.
    super(args, options, { customInstallTask: true });
    // Yeoman logs "An error occured while running <task>" before the error itself reaches the
    // command line; for a user's mistake, the error's own message is the one line to show.
    const log = this.log as typeof this.log | undefined;
    if (!log) return; // instantiated for --help only
    (this as { log: unknown }).log = new Proxy(log, {
      get(target, property, receiver) {
        if (property !== 'error') return Reflect.get(target, property, receiver) as unknown;
        return (message: unknown, ...rest: unknown[]) =>
          typeof message === 'string' && message.startsWith('An error occured while running') ? target : target.error(message, ...(rest as []));
      },
    });
  }

  /** Declares a generator's arguments and options, both given as data (its `command.ts`). */
  protected _declare(
    args: readonly { name: string; type: typeof String; required: boolean; description: string }[],
    options: Record<string, OptionSpec>,
  ): void {
    for (const argument of args) this.argument(argument.name, { ...argument });
    this._declareOptions(options);
  }

  protected _declareOptions(options: Record<string, OptionSpec>): void {
    for (const [name, spec] of Object.entries(options)) {
      this.option(name, spec);
    }
    this.option('interactive', {
      type: Boolean,
      description: 'Ask for every answer not given as a flag, even without a terminal',
      hide: true,
    });
  }

  /** The options as given (flags from yo, from the CLI, or from tests). */
  protected get _opts(): Record<string, unknown> {
    return this.options;
  }

  /** Prompts only where a person can answer: a terminal, no `--yes`. */
  protected get _interactive(): boolean {
    if (this._opts.yes) return false;
    return Boolean(this._opts.interactive) || Boolean(process.stdin.isTTY && process.stdout.isTTY);
  }

  protected get _force(): boolean {
    return Boolean(this._opts.force);
  }

  protected get _dryRun(): boolean {
    return Boolean(this._opts.dryRun ?? this._opts['dry-run']);
  }

  protected get _skipInstall(): boolean {
    return Boolean(this._opts.skipInstall ?? this._opts['skip-install']);
  }

  /** The raw value of a flag, or undefined when it was not given. */
  protected _flag(name: string): string | boolean | undefined {
    // Commander hands `--jwt-issuer` over as `jwtIssuer`; yeoman-test as written.
    const value = this._opts[name] ?? this._opts[name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    return textOf(value);
  }

  /**
   * The preset layer: an organisation's defaults, between the flags and the questions' own
   * defaults (empty until presets exist).
   */
  protected _presetLayer: Readonly<Record<string, string>> = PRESET_LAYER;

  /** A question's default: the preset layer's value, or its own. */
  private _defaultOf(q: Question, answers: Record<string, string>): string {
    const preset = this._presetLayer[q.flag];
    if (preset !== undefined) return preset;
    return typeof q.default === 'function' ? q.default(answers) : q.default;
  }

  /**
   * Answers every question: from its flag when given (validated: a bad flag is an error), from
   * a prompt when a person can answer (a bad answer is asked again), from its default (the
   * preset layer's, else its own) under `--yes`. Without a terminal and without `--yes`, the
   * missing answers are an error that names their flags (optional questions take their default):
   * never a prompt that waits for input that cannot come.
   */
  protected async _ask(questions: readonly Question[], given: Record<string, string> = {}): Promise<Record<string, string>> {
    const answers: Record<string, string> = { ...given };
    const missing: Question[] = [];
    for (const q of questions) {
      if (q.flag in answers) continue;
      const value = this._flag(q.flag);
      if (value !== undefined) {
        const text = String(value);
        const result = q.validate ? q.validate(text, answers) : true;
        // A message that names its flag already is not prefixed with it again.
        if (result !== true) throw new UserError(result.startsWith(`--${q.flag}`) ? result : `--${q.flag}: ${result}`);
        answers[q.flag] = text;
      } else {
        missing.push(q);
      }
    }
    // A question that applies only to some answers (`when`) is settled once those are known.
    const applies = (q: Question) => !q.when || q.when(answers);
    const finish = (): Record<string, string> => {
      for (const q of questions) {
        if (!applies(q) && q.flag in answers) {
          if (this._flag(q.flag) !== undefined) throw new UserError(`--${q.flag} ${q.whenNot ?? 'does not apply to these answers'}`);
          delete answers[q.flag];
        }
      }
      return answers;
    };
    if (missing.length === 0) return finish();
    if (this._opts.yes || (!this._interactive && missing.every((q) => q.optional))) {
      for (const q of missing) if (applies(q)) answers[q.flag] = this._defaultOf(q, answers);
      return finish();
    }
    if (!this._interactive) {
      const defaults = { ...Object.fromEntries(missing.map((q) => [q.flag, this._defaultOf(q, answers)])), ...answers };
      const required = missing.filter((q) => !q.optional && (!q.when || q.when(defaults)));
      throw new UserError(`no terminal to ask for ${required.map((q) => `--${q.flag}`).join(', ')}: give them as flags, or pass --yes to take the defaults`);
    }
    for (const q of missing) {
      if (!applies(q)) continue;
      const defaultValue = this._defaultOf(q, answers);
      const reply = await this.prompt([
        {
          type: q.type,
          name: q.flag,
          message: q.message,
          default: defaultValue,
          ...(q.choices ? { choices: q.choices } : {}),
          ...(q.validate ? { validate: (value: string) => q.validate!(value, answers) } : {}),
        },
      ]);
      answers[q.flag] = textOf((reply as Record<string, unknown>)[q.flag] ?? defaultValue).trim();
    }
    return finish();
  }

  /**
   * Files that exist with other contents than this run would write. Under `--force` they are
   * overwritten; with a person at a terminal, Yeoman asks file by file; otherwise the run stops
   * here, before anything is written, naming them.
   */
  protected _checkConflicts(root: string): void {
    if (this._force) return;
    const changed = this.outputs
      .filter((file) => {
        const target = path.join(root, file.path);
        return existsSync(target) && readFileSync(target, 'utf8') !== file.contents;
      })
      .map((file) => file.path);
    if (changed.length === 0 || this._interactive) return;
    throw new UserError(
      `${changed.length === 1 ? 'this file differs' : `these ${changed.length} files differ`} from what the generator writes, and would be overwritten: ${changed.join(', ')}. Nothing was written. Keep your edits, or run again with --force to overwrite them (or without --yes, in a terminal, to decide file by file).`,
    );
  }

  /** Hands the files to Yeoman's in-memory file system; they reach the disk only when the run succeeds. */
  protected _writeOutputs(root: string): void {
    for (const file of this.outputs) this.fs.write(path.join(root, file.path), file.contents);
  }
}

/**
 * Base of the generators that change an existing workspace (`route`, `resource`): they find
 * the workspace from anywhere inside it, validate everything first, then plan every change in
 * memory and hand it to Yeoman's file system, which writes only when the whole run succeeds.
 */
export abstract class WorkspaceGenerator extends BaseGenerator {
  protected _root = '';
  protected _before!: import('../lib/config.js').WorkspaceConfig;
  protected _changes: import('../lib/workspace.js').Change[] = [];

  /** Loads the workspace around the current directory; refuses clearly outside one. */
  protected async _loadWorkspace(): Promise<void> {
    const { loadWorkspace } = await import('../lib/workspace.js');
    const { root, config } = loadWorkspace(this.env.cwd);
    const { GENERATOR_VERSION, newerVersion } = await import('../lib/version.js');
    if (newerVersion(config.generatorVersion, GENERATOR_VERSION)) {
      throw new UserError(
        `this workspace follows generator-serverless-api ${config.generatorVersion}, newer than this one (${GENERATOR_VERSION}): update the generator (npm install -g generator-serverless-api@${config.generatorVersion}) and run again`,
      );
    }
    if (newerVersion(GENERATOR_VERSION, config.generatorVersion)) {
      // Additions render with this version's templates; on files of an older one they would mix
      // two versions. `upgrade` brings every file over first, merging the user's edits.
      throw new UserError(
        `this workspace follows generator-serverless-api ${config.generatorVersion}, older than this one (${GENERATOR_VERSION}): run \`serverless-api upgrade\` first (it keeps your edits), then run this again`,
      );
    }
    this._root = root;
    this._before = config;
  }

  protected _read(file: string): string | undefined {
    const full = path.join(this._root, file);
    return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  }

  /** The new crates into a committed Cargo.lock (see `syncLockfile`). */
  protected _syncLockfile(): string | undefined {
    mark('written');
    return syncLockfile(this._root);
  }

  /**
   * Writes the planned changes. Files the generator renders are replaced only while they are as
   * it last wrote them; one the user changed is an error under `--yes` (or without a terminal),
   * a Yeoman prompt in a terminal, and overwritten with `--force`.
   */
  protected async _writeChanges(): Promise<void> {
    mark('planned');
    const { userEdits } = await import('../lib/workspace.js');
    const edited = this._force ? [] : userEdits(this._changes, (f) => this._read(f));
    if (edited.length && !this._interactive) {
      throw new UserError(
        `${edited.join(', ')} ${edited.length === 1 ? 'was' : 'were'} changed since the generator wrote ${edited.length === 1 ? 'it' : 'them'}, and this change would rewrite ${edited.length === 1 ? 'it' : 'them'}. Nothing was written. Run again with --force to overwrite, or in a terminal without --yes to decide file by file.`,
      );
    }
    for (const change of this._changes) {
      const target = path.join(this._root, change.path);
      this.fs.write(target, change.contents);
      // Yeoman asks before overwriting a changed file. Edits made through a parser and files still
      // as the generator wrote them need no question; a user's edit does (when not refused above).
      if (!edited.includes(change.path)) {
        const file = this.env.sharedFs.get(target) as { conflicter?: string };
        if (existsSync(target) && readFileSync(target, 'utf8') !== change.contents) file.conflicter = 'force';
      }
    }
  }
}
