/**
 * `yo serverless-api:function <name> --trigger sqs|schedule|eventbridge` / `serverless-api function ...`:
 * one more function in an existing workspace that is not behind HTTP (a queue consumer, a
 * scheduled job, an event rule's function), wired in its IaC flavour.
 */
import { WorkspaceGenerator } from '../../lib/generator-base.js';
import { actionsForAccess } from '../../lib/routes.js';
import { SQS_MAX_BATCH, validateBatchSize, validateQueueArn } from '../../lib/triggers/sqs.js';
import { STREAM_DEFAULT_BATCH, STREAM_MAX_BATCH, STREAM_MAX_READERS, validateStreamBatchSize } from '../../lib/triggers/dynamodb-stream.js';
import { DEFAULT_S3_EVENTS, validateBucketName, validateKeyFilter, validateS3Events } from '../../lib/triggers/s3.js';
import { DEFAULT_BUS, listOption, validateBus, validateDetailTypes, validateSources } from '../../lib/triggers/eventbridge.js';
import { type Access, ACCESS_LEVELS, type DynamoStreamTrigger, type EventBridgeTrigger, type EventFunction, type S3Trigger, type ScheduleTrigger, type SqsTrigger, type WorkspaceConfig } from '../../lib/types.js';
import { validateCron, validateRate, validateTimezone } from '../../lib/triggers/schedule-expression.js';
import { UserError, check, oneOf, tableAccess, validateAccess, validateEventTimeout, validateFunctionName, validateMemory } from '../../lib/validation.js';
import { FUNCTION_ARGUMENTS, FUNCTION_OPTIONS, FUNCTION_TRIGGERS } from './command.js';

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
    if (!this._interactive && !given.name) throw new UserError('give the name of the function, e.g. `serverless-api function process-orders --trigger sqs`');
    const answers = await this._ask(
      [
        { flag: 'name', type: 'input', message: 'Function name', default: '', validate: validateFunctionName },
        { flag: 'trigger', type: 'select', message: 'What invokes it', default: 'sqs', choices: FUNCTION_TRIGGERS.map((v) => ({ name: v, value: v })), validate: oneOf('--trigger', FUNCTION_TRIGGERS) },
      ],
      given,
    );
    check(validateFunctionName(answers.name), '--name');
    check(oneOf('--trigger', FUNCTION_TRIGGERS)(answers.trigger));
    // Without a terminal, these optional answers take their defaults rather than stopping the run.
    const sqs = () => answers.trigger === 'sqs';
    const scheduled = () => answers.trigger === 'schedule';
    const ruled = () => answers.trigger === 'eventbridge';
    const stream = () => answers.trigger === 'dynamodb-stream';
    const bucket = () => answers.trigger === 's3';
    const rest = await this._ask([
      stream()
        ? { flag: 'batch-size', type: 'input', message: `Records per invocation (1 to ${STREAM_MAX_BATCH})`, default: String(STREAM_DEFAULT_BATCH), validate: validateStreamBatchSize, optional: true }
        : { flag: 'batch-size', type: 'input', message: `Messages per invocation (1 to ${SQS_MAX_BATCH})`, default: String(SQS_MAX_BATCH), validate: validateBatchSize, optional: true, when: sqs, whenNot: 'applies to --trigger sqs and dynamodb-stream only' },
      { flag: 'queue', type: 'input', message: 'ARN of an existing queue (blank: a new queue with a dead-letter queue)', default: '', optional: true, when: sqs, whenNot: 'applies to --trigger sqs only' },
      { flag: 'cron', type: 'input', message: 'Cron expression, e.g. cron(0 3 * * ? *) (blank: a rate instead)', default: '', validate: (v) => !v || validateCron(v), optional: true, when: scheduled, whenNot: 'applies to --trigger schedule only' },
      { flag: 'rate', type: 'input', message: 'Rate, e.g. rate(15 minutes) (blank: the cron above)', default: '', validate: (v) => !v || validateRate(v), optional: true, when: scheduled, whenNot: 'applies to --trigger schedule only' },
      { flag: 'timezone', type: 'input', message: 'Time zone of the cron (blank: UTC)', default: '', validate: (v) => !v || validateTimezone(v), optional: true, when: scheduled, whenNot: 'applies to --trigger schedule only' },
      { flag: 'source', type: 'input', message: 'Source of the events, e.g. com.example.orders (several: comma-separated)', default: '', validate: validateSources, when: ruled, whenNot: 'applies to --trigger eventbridge only' },
      { flag: 'detail-type', type: 'input', message: 'Detail type of the events (blank: any; several: comma-separated)', default: '', validate: validateDetailTypes, optional: true, when: ruled, whenNot: 'applies to --trigger eventbridge only' },
      { flag: 'bus', type: 'input', message: "Event bus, name or ARN (blank: the account's default bus)", default: '', validate: (v) => !v || validateBus(v), optional: true, when: ruled, whenNot: 'applies to --trigger eventbridge only' },
      { flag: 'bucket', type: 'input', message: "An existing bucket's name (blank: a new bucket)", default: '', validate: (v) => !v || validateBucketName(v), optional: true, when: bucket, whenNot: 'applies to --trigger s3 only' },
      { flag: 'events', type: 'input', message: 'S3 event types (comma-separated)', default: DEFAULT_S3_EVENTS.join(','), validate: validateS3Events, optional: true, when: bucket, whenNot: 'applies to --trigger s3 only' },
      { flag: 'prefix', type: 'input', message: 'Key prefix of the objects (blank: any)', default: '', validate: validateKeyFilter('prefix'), optional: true, when: bucket, whenNot: 'applies to --trigger s3 only' },
      { flag: 'suffix', type: 'input', message: 'Key suffix of the objects, e.g. .csv (blank: any)', default: '', validate: validateKeyFilter('suffix'), optional: true, when: bucket, whenNot: 'applies to --trigger s3 only' },
      stream()
        ? { flag: 'resource', type: 'input', message: `Resource whose table's stream it reads (${config.resources.join(', ') || 'none yet'})`, default: config.resources[0] ?? '' }
        : { flag: 'resource', type: 'input', message: `Resource whose table it uses (blank for none; ${config.resources.join(', ') || 'none yet'})`, default: '', optional: true },
      { flag: 'access', type: 'select', message: 'Access to that table', default: 'none', choices: ACCESS_LEVELS.map((v) => ({ name: v, value: v })), validate: validateAccess, optional: true },
      { flag: 'memory', type: 'input', message: 'Memory (MB)', default: String(config.memory), validate: validateMemory, optional: true },
      { flag: 'timeout', type: 'input', message: 'Timeout (seconds)', default: String(config.timeout), validate: validateEventTimeout, optional: true },
    ]);
    const trigger = sqs() ? this._sqsTrigger(rest) : scheduled() ? this._scheduleTrigger(rest) : ruled() ? this._eventBridgeTrigger(rest) : bucket() ? this._s3Trigger(rest) : this._streamTrigger(rest);
    check(validateMemory(rest.memory));
    check(validateEventTimeout(rest.timeout));
    const { resource, access } = stream() ? streamTable(config, answers.name ?? '', rest.resource, rest.access) : tableAccess(config.resources, rest.resource, rest.access);
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

  private _sqsTrigger(rest: Record<string, string | undefined>): SqsTrigger {
    check(validateBatchSize(rest['batch-size']));
    const queue = rest.queue?.trim() || undefined;
    if (queue) check(validateQueueArn(queue));
    return { type: 'sqs', batchSize: Number(rest['batch-size']), ...(queue ? { queueArn: queue } : {}) };
  }

  private _scheduleTrigger(rest: Record<string, string | undefined>): ScheduleTrigger {
    const cron = rest.cron?.trim() || undefined;
    const rate = rest.rate?.trim() || undefined;
    if (!cron === !rate) throw new UserError('--trigger schedule needs one of --cron "cron(0 3 * * ? *)" or --rate "rate(15 minutes)"');
    if (cron) check(validateCron(cron));
    if (rate) check(validateRate(rate));
    const timezone = rest.timezone?.trim() || undefined;
    if (timezone && !cron) throw new UserError('--timezone applies to --cron only: a rate runs at the same pace in every zone');
    if (timezone) check(validateTimezone(timezone));
    return { type: 'schedule', expression: (cron ?? rate)!, ...(timezone ? { timezone } : {}) };
  }

  private _eventBridgeTrigger(rest: Record<string, string | undefined>): EventBridgeTrigger {
    check(validateSources(rest.source));
    check(validateDetailTypes(rest['detail-type']));
    const bus = rest.bus?.trim() || undefined;
    if (bus) check(validateBus(bus));
    const detailTypes = listOption(rest['detail-type']);
    return { type: 'eventbridge', ...(bus && bus !== DEFAULT_BUS ? { bus } : {}), sources: listOption(rest.source), ...(detailTypes.length ? { detailTypes } : {}) };
  }

  private _s3Trigger(rest: Record<string, string | undefined>): S3Trigger {
    const name = rest.bucket?.trim() || undefined;
    if (name) check(validateBucketName(name));
    check(validateS3Events(rest.events));
    const prefix = rest.prefix || undefined;
    const suffix = rest.suffix || undefined;
    return { type: 's3', ...(name ? { bucket: name } : {}), events: listOption(rest.events), ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}) };
  }

  private _streamTrigger(rest: Record<string, string | undefined>): DynamoStreamTrigger {
    check(validateStreamBatchSize(rest['batch-size']));
    return { type: 'dynamodb-stream', batchSize: Number(rest['batch-size']) };
  }

  async writing(): Promise<void> {
    if (!this._function) return;
    const { planAddition } = await import('../../lib/workspace.js');
    const after = { ...this._before, functions: [...(this._before.functions ?? []), this._function] };
    const command = `serverless-api function ${this._function.name} --trigger ${this._function.trigger.type}`;
    this._changes = await planAddition(this._root, this._before, after, [], [], command, (f) => this._read(f), this._force, [this._function.name]);
    await this._writeChanges();
  }

  end(): void {
    if (!this._function || this._dryRun) return;
    const lockNote = this._syncLockfile();
    const f = this._function;
    this.log(
      [
        '',
        `Added ${f.name}: ${describeAdded(f)}${f.resource && f.actions.length ? `, with ${f.actions.join(', ')} on the ${f.resource} table` : ''}.`,
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

/**
 * The table whose stream a stream reader reads (its resource, required) and its own access to
 * it (none: it only reads the stream). AWS advises at most two readers of one stream.
 */
function streamTable(config: WorkspaceConfig, name: string, resourceFlag: string | undefined, accessFlag: string | undefined): { resource: string; access: Access } {
  const resource = resourceFlag?.trim() ?? '';
  if (!resource) throw new UserError(`--trigger dynamodb-stream needs --resource: the resource whose table's stream it reads (${config.resources.join(', ') || 'this workspace has none; add one with `serverless-api resource <name>`'})`);
  if (!config.resources.includes(resource)) {
    throw new UserError(`--resource ${resource} is not a resource of this workspace (${config.resources.join(', ') || 'it has none'}): its table has no stream to read; add it with \`serverless-api resource ${resource}\``);
  }
  const readers = (config.functions ?? []).filter((f) => f.trigger.type === 'dynamodb-stream' && f.resource === resource && f.name !== name);
  if (readers.length >= STREAM_MAX_READERS) {
    throw new UserError(`the ${resource} table's stream has ${readers.length} readers already (${readers.map((f) => f.name).join(', ')}); AWS advises at most ${STREAM_MAX_READERS}: extend one of them instead`);
  }
  return { resource, access: (accessFlag ?? 'none') as Access };
}

/** What the summary says was added. */
function describeAdded(f: EventFunction): string {
  const t = f.trigger;
  if (t.type === 'sqs') return `a queue consumer (lambdas/${f.name}/)${t.queueArn ? ` of ${t.queueArn}` : ', with its queue and dead-letter queue'}`;
  if (t.type === 's3') return `a function of ${t.bucket ? `the bucket ${t.bucket}` : 'a bucket of its own'} (lambdas/${f.name}/) for ${t.events.join(', ')}${t.prefix || t.suffix ? ` under ${t.prefix ?? ''}*${t.suffix ?? ''}` : ''}, with its dead-letter queue`;
  if (t.type === 'dynamodb-stream') return `a stream reader (lambdas/${f.name}/) of the ${f.resource ?? ''} table, batches of up to ${t.batchSize}, with its on-failure queue`;
  if (t.type === 'schedule') return `a scheduled job (lambdas/${f.name}/) on ${t.expression}${t.timezone ? ` (${t.timezone})` : ''}, with its schedule and dead-letter queue`;
  return `a function of an event rule (lambdas/${f.name}/) on the ${t.bus ? `bus ${t.bus}` : 'default bus'} for ${t.sources.join(', ')}${t.detailTypes ? ` (${t.detailTypes.join(', ')})` : ''}, with its rule and dead-letter queue`;
}
