/**
 * `yo serverless-api:function <name> --trigger <kind>` / `serverless-api function ...` (the kinds: lib/triggers/):
 * one more function in an existing workspace that is not behind HTTP (a queue consumer, a
 * scheduled job, an event rule's function), wired in its IaC flavour.
 */
import { resourceNamesOf } from '../../lib/config.js';
import { WorkspaceGenerator } from '../base.js';
import { actionsForAccess } from '../../lib/routes.js';
import { eventKind, eventKindOf } from '../../lib/triggers/index.js';
import type { EventTriggerType } from '../../lib/triggers/kind.js';
import { ACCESS_LEVELS, type EventFunction } from '../../lib/types.js';
import { UserError, check, oneOf, tableAccess, validateAccess, validateEventTimeout, validateFunctionName, validateMemory } from '../../lib/validation.js';
import { FUNCTION_ARGUMENTS, FUNCTION_OPTIONS, FUNCTION_TRIGGERS, triggerFlags } from './command.js';

export default class FunctionGenerator extends WorkspaceGenerator {
  private _function?: EventFunction;

  constructor(args: string[], options: ConstructorParameters<typeof WorkspaceGenerator>[1]) {
    super(args, options);
    this._declare(FUNCTION_ARGUMENTS, FUNCTION_OPTIONS);
  }

  async initializing(): Promise<void> {
    await this._loadWorkspace();
  }

  async prompting(): Promise<void> {
    const config = this._before;
    const given: Record<string, string> = typeof this._opts.name === 'string' ? { name: this._opts.name } : {};
    if (!this._interactive && !given.name)
      throw new UserError(`give the name of the function, e.g. \`serverless-api function process-orders --trigger ${FUNCTION_TRIGGERS[0]}\``);
    const answers = await this._ask(
      [
        { flag: 'name', type: 'input', message: 'Function name', default: '', validate: validateFunctionName },
        {
          flag: 'trigger',
          type: 'select',
          message: 'What invokes it',
          default: FUNCTION_TRIGGERS[0]!,
          choices: FUNCTION_TRIGGERS.map((v) => ({ name: v, value: v })),
          validate: oneOf('--trigger', FUNCTION_TRIGGERS),
        },
      ],
      given,
    );
    check(validateFunctionName(answers.name), '--name');
    check(oneOf('--trigger', FUNCTION_TRIGGERS)(answers.trigger));
    // The kind's own answers; another kind's flag is refused. Without a terminal, the optional
    // answers take their defaults rather than stopping the run.
    const kind = eventKind(answers.trigger as EventTriggerType);
    const refused = [...triggerFlags()].filter(([flag]) => !kind.answers.some((a) => a.flag === flag));
    const rest = await this._ask([
      ...kind.answers.map(({ help: _help, ...question }) => question),
      ...refused.map(([flag, kinds]) => ({
        flag,
        type: 'input' as const,
        message: flag,
        default: '',
        when: () => false,
        whenNot: `applies to --trigger ${kinds.map((k) => k.type).join(' and ')} only`,
      })),
      kind.table?.question(config) ?? {
        flag: 'resource',
        type: 'input',
        message: `Resource whose table it uses (blank for none; ${resourceNamesOf(config).join(', ') || 'none yet'})`,
        default: '',
        optional: true,
      },
      {
        flag: 'access',
        type: 'select',
        message: 'Access to that table',
        default: 'none',
        choices: ACCESS_LEVELS.map((v) => ({ name: v, value: v })),
        validate: validateAccess,
        optional: true,
      },
      { flag: 'memory', type: 'input', message: 'Memory (MB)', default: String(config.memory), validate: validateMemory, optional: true },
      { flag: 'timeout', type: 'input', message: 'Timeout (seconds)', default: String(config.timeout), validate: validateEventTimeout, optional: true },
    ]);
    const trigger = kind.fromAnswers(rest);
    check(validateMemory(rest.memory));
    check(validateEventTimeout(rest.timeout));
    const { resource, access } = kind.table
      ? kind.table.fromAnswers(config, answers.name ?? '', rest.resource, rest.access)
      : tableAccess(resourceNamesOf(config), rest.resource, rest.access);
    const fn: EventFunction = {
      name: answers.name ?? '',
      trigger,
      ...(resource ? { resource } : {}),
      actions: actionsForAccess(access),
      ...(Number(rest.memory) !== config.memory ? { memory: Number(rest.memory) } : {}),
      ...(Number(rest.timeout) !== config.timeout ? { timeout: Number(rest.timeout) } : {}),
      afterRoutes: config.routes.length,
    };
    const existing = config.functions ?? [];
    const asked = (f: EventFunction): string => JSON.stringify({ ...f, afterRoutes: undefined });
    const same = existing.find((f) => asked(f) === asked(fn));
    if (same) {
      this.log(`${same.name} is already in this workspace, as asked: nothing to change.`);
      return;
    }
    if (existing.some((f) => f.name === fn.name) || config.routes.some((r) => r.name === fn.name)) {
      throw new UserError(`${fn.name} is already a function of this workspace (lambdas/${fn.name}/); choose another name`);
    }
    this._function = fn;
  }

  async writing(): Promise<void> {
    if (!this._function) return;
    const { planAddition } = await import('../../lib/workspace.js');
    const after = { ...this._before, functions: [...(this._before.functions ?? []), this._function] };
    const command = `serverless-api function ${this._function.name} --trigger ${this._function.trigger.type}`;
    this._changes = await planAddition({
      root: this._root,
      before: this._before,
      after,
      functions: [this._function.name],
      command,
      read: (f) => this._read(f),
      force: this._force,
    });
    await this._writeChanges();
  }

  end(): void {
    if (!this._function || this._dryRun) return;
    const lockNote = this._syncLockfile();
    const f = this._function;
    this.log(
      [
        '',
        `Added ${f.name}: ${eventKindOf(f).added(f)}${f.resource && f.actions.length ? `, with ${f.actions.join(', ')} on the ${f.resource} table` : ''}.`,
        'Next steps:',
        `  edit lambdas/${f.name}/src/handler.rs`,
        `  cargo test -p ${f.name}`,
        `  cargo lambda invoke ${f.name} --data-file lambdas/${f.name}/events/ok.json   # while cargo lambda watch runs`,
        '',
        ...(lockNote ? [lockNote, ''] : []),
      ].join('\n'),
    );
  }
}
