/**
 * The vocabulary of the generator: the types every other module speaks, and the lists their
 * unions are made from. A leaf: it imports nothing, so that any module can import it.
 */

/**
 * Infrastructure-as-code flavours, the first being the default. Each has one module under
 * `lib/iac/` and one line in the registry (`lib/iac/index.ts`), which the compiler holds to this list.
 */
export const IAC_IDS = ['cdk', 'sam', 'terraform', 'pulumi'] as const;
export type Iac = (typeof IAC_IDS)[number];

export const API_TYPES = ['http', 'rest'] as const;
export type ApiType = (typeof API_TYPES)[number];

export const ARCHS = ['arm64', 'x86_64'] as const;
export type Arch = (typeof ARCHS)[number];

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const ACCESS_LEVELS = ['none', 'read', 'write', 'read-write'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

/** What the generated handler does. CRUD kinds carry real data access; `custom` is a starting point. */
export type RouteKind = 'create' | 'get' | 'list' | 'update' | 'delete' | 'health' | 'custom';

/** A function behind API Gateway: invoked for one method on one path. */
export interface HttpTrigger {
  type: 'http';
  method: HttpMethod;
  /** API Gateway path with `{param}` segments, e.g. `/items/{id}`. */
  path: string;
}

/**
 * A queue consumer: messages of a queue the workspace creates (with a dead-letter queue), or of
 * an existing one, in batches, with partial batch responses (only failed messages come back).
 */
export interface SqsTrigger {
  type: 'sqs';
  /** Messages per invocation: 1 to 10 (more would need a batching window). */
  batchSize: number;
  /** An existing queue to consume instead of one of the workspace's. */
  queueArn?: string;
}

/**
 * A scheduled job: EventBridge Scheduler invokes the function on a recurring expression, with a
 * retry policy and a dead-letter queue for invocations that still fail.
 */
export interface ScheduleTrigger {
  type: 'schedule';
  /** `rate(<n> <unit>)` or `cron(<six fields>)`, as EventBridge Scheduler reads them. */
  expression: string;
  /** IANA time zone a cron expression is read in; absent: UTC. */
  timezone?: string;
}

/**
 * An event rule: EventBridge invokes the function asynchronously for each event on a bus that
 * matches the pattern (its sources, and its detail types if any), with a retry policy and a
 * dead-letter queue.
 */
export interface EventBridgeTrigger {
  type: 'eventbridge';
  /** The bus's name or ARN; absent: the account's default bus. */
  bus?: string;
  /** The pattern's `source` values: at least one. */
  sources: string[];
  /** The pattern's `detail-type` values; absent: any. */
  detailTypes?: string[];
}

/**
 * A table's stream reader: Lambda reads the stream of the function's table (its `resource`) in
 * batches from the latest record, splits a failing batch, stops at the first failed record (the
 * checkpoint), retries a bounded number of times within a bounded age, then sends the failed
 * batch's description to an on-failure queue.
 */
export interface DynamoStreamTrigger {
  type: 'dynamodb-stream';
  /** Records per invocation: 1 to 10000. */
  batchSize: number;
}

/**
 * A bucket's notifications: S3 invokes the function asynchronously for each object event of the
 * bucket (the workspace's own, or an existing one) that matches the event types and key filter,
 * with Lambda's retries and a dead-letter queue.
 */
export interface S3Trigger {
  type: 's3';
  /** An existing bucket's name; absent: the workspace makes a bucket of its own. */
  bucket?: string;
  /** S3 event types, e.g. `s3:ObjectCreated:*`. */
  events: string[];
  /** The key filter's prefix and suffix, when given. */
  prefix?: string;
  suffix?: string;
}

/** What invokes a function: HTTP (a route), a queue, a schedule, an event rule, a table's stream or a bucket. */
export type Trigger = HttpTrigger | SqsTrigger | ScheduleTrigger | EventBridgeTrigger | DynamoStreamTrigger | S3Trigger;
export type TriggerType = Trigger['type'];

/** One Lambda function of the workspace: one crate, one role, one trigger. */
export interface LambdaFunction {
  /** Function, crate and binary name, e.g. `get-item`. */
  name: string;
  trigger: Trigger;
  kind: RouteKind;
  /** Singular name of the resource whose table this function uses. */
  resource?: string;
  /** Exact DynamoDB actions granted on that table; empty when the function has no table. */
  actions: string[];
  /** Overrides of the workspace's memory (MB) and timeout (s). */
  memory?: number;
  timeout?: number;
}

/** A function that is not behind HTTP, as `.yo-rc.json` stores it (under `functions`). */
export interface EventFunction {
  name: string;
  trigger: Exclude<Trigger, HttpTrigger>;
  resource?: string;
  /** Exact DynamoDB actions granted on the resource's table (the trigger's own actions come from its type). */
  actions: string[];
  memory?: number;
  timeout?: number;
  /**
   * How many routes the workspace had when this function was added: where `history()` replays
   * its addition among the routes' (absent: after all of them).
   */
  afterRoutes?: number;
}

/** A function behind HTTP, as `.yo-rc.json` stores it and the HTTP code paths read it. */
export interface Route {
  name: string;
  method: HttpMethod;
  path: string;
  kind: RouteKind;
  resource?: string;
  actions: string[];
  memory?: number;
  timeout?: number;
  /** Override of the API's authorizer (`none`, `iam`, `scopes:a,b`; see lib/auth.ts); absent: the API's. */
  auth?: string;
  /** What an imported OpenAPI document declares of a route of its own, which `openapi.yaml` keeps. */
  declared?: DeclaredContract;
}

/** The success statuses a route of its own may answer (its stub answers the one declared). */
export const DECLARED_STATUSES = [200, 201, 202, 204] as const;

/**
 * An imported route's contract as its document declares it (JSON Schemas with their references
 * resolved): its success status (absent: 200) and that answer's body, its request body (or none),
 * and its path parameters. Absent parts: the generator's defaults (an object, string parameters).
 */
export interface DeclaredContract {
  status?: (typeof DECLARED_STATUSES)[number];
  response?: Record<string, unknown>;
  request?: Record<string, unknown>;
  /** A POST, PUT or PATCH that the document gives no request body. */
  bodyless?: true;
  params?: Record<string, Record<string, unknown>>;
}

/**
 * Values an organisation sets once for all its workspaces, read by every flavour. Stored in
 * `.yo-rc.json` only where they differ from the defaults (`lib/policy.ts`).
 */
export interface Policy {
  /** API stage throttling: requests per second, and the burst above it. */
  throttling: { rateLimit: number; burstLimit: number };
  /** Retention of every log group (functions and API access logs), in days. */
  logRetentionDays: number;
  /** Tags on every resource, besides those a flavour sets itself. */
  tags: Record<string, string>;
  /** Put before the project name in every physical name (`acme-` gives `acme-shop-get-item`). */
  namePrefix: string;
}

/** A resource's global secondary index: its partition key and optional sort key, fields of the resource. */
export interface ResourceIndex {
  partition: string;
  sort?: string;
}

/** The order of a resource's whole list: a required field, ascending unless `descending`. */
export interface ResourceSortKey {
  field: string;
  descending?: true;
}

/** The workspace configuration, as stored in `.yo-rc.json`: the source every file is rendered from. */
/** A CRUD resource as `.yo-rc.json` records it: one record, with what it has beyond the defaults. */
export interface ResourceConfig {
  /** Its singular name. */
  name: string;
  /** Its fields (`--fields` text, lib/fields.ts); absent: a name and a description. */
  fields?: string;
  /** Its global secondary index (`--index field[:sort]`), which its list route queries. */
  index?: ResourceIndex;
  /** The order of its list (`--sort-key`); absent: scanned, in no order. */
  sortKey?: ResourceSortKey;
}

export interface WorkspaceConfig {
  name: string;
  description: string;
  iac: Iac;
  api: ApiType;
  arch: Arch;
  memory: number;
  timeout: number;
  /** The CRUD resources, each with its own table, in the order they were added. */
  resources: ResourceConfig[];
  routes: Route[];
  /** Functions not behind HTTP (queue consumers, ...), in the order they were added; absent: none. */
  functions?: EventFunction[];
  policy: Policy;
  /** The API's authorizer (lib/auth.ts); `{ kind: 'none' }` for a public API. */
  auth: { kind: 'none' | 'jwt' | 'cognito' | 'iam'; issuer?: string; audience?: string[] };
  /** CORS origins browsers may call the API from; absent for no CORS configuration. */
  cors?: { origins: string[] };
  /** The version of generator-serverless-api whose templates the workspace follows. */
  generatorVersion: string;
  /** The organisation's preset the workspace was made with, as recorded (see preset.ts). */
  preset?: RecordedPreset;
}

/** Answers a preset may set or lock: those of `new` but the project name. */
export interface PresetAnswers {
  description?: string;
  iac?: Iac;
  api?: ApiType;
  resource?: string | false;
  /** The starter resource's fields, index and sort key, as their flags take them. */
  fields?: string;
  index?: string;
  'sort-key'?: string;
  arch?: Arch;
  memory?: number;
  timeout?: number;
  auth?: 'none' | 'jwt' | 'cognito' | 'iam';
  'jwt-issuer'?: string;
  'jwt-audience'?: string;
  cors?: string;
}

/** Inclusive bounds of a number. */
export interface Bounds {
  min?: number;
  max?: number;
}

/** A preset's policy: values of the workspace policy, and bounds of the answers. */
export interface PresetPolicy extends Partial<Policy> {
  memory?: Bounds;
  timeout?: Bounds;
  iac?: Iac[];
  api?: ApiType[];
  arch?: Arch[];
  /** Version bounds of Rust crates (semver ranges), by crate name. */
  crates?: Record<string, string>;
}

/** A preset as checked (preset.ts): `files` maps each destination to its template's text. */
export interface Preset {
  name: string;
  version: string;
  description?: string;
  defaults: PresetAnswers;
  locked: PresetAnswers;
  policy: PresetPolicy;
  files: Record<string, string>;
  /** The npm package it was loaded from, if any (not part of its content or hash). */
  package?: string;
}

/** A preset as `.yo-rc.json` records it: the preset and the hash of its content. */
export interface RecordedPreset extends Preset {
  hash: string;
  /** The npm package it came from, when it came from one (a path is not recorded: it is the machine's). */
  package?: string;
}
