/**
 * The answers of `serverless-api new`, each declared once: its flag and help, its prompt, its
 * default, its validation, and whether `.yo-rc.json` stores it. Help (command.ts), the prompts
 * (the app generator), validation and storage (config.ts) all read this list.
 *
 * An answer is resolved in this order: its flag; the preset layer (an organisation's defaults,
 * empty for now); its default.
 */
import type { Question } from './question.js';
import { FLAVOURS } from './iac/index.js';
import {
  MAX_DESCRIPTION,
  MEMORY_RANGE,
  TIMEOUT_RANGE,
  type Validation,
  validateApi,
  validateArch,
  validateDescription,
  validateIac,
  validateMemory,
  validateProjectName,
  validateResourceName,
  validateTimeout,
} from './validation.js';
import { DEFAULT_FIELDS_SPEC, SORT_KEY_HELP, parseIndex, parseSortKey, validateAgainstFields, validateFields } from './fields.js';
import { AUTH_KINDS, type AuthKind, validateAudience, validateAuthKind, validateCorsOrigins, validateIssuer } from './auth.js';
import { API_TYPES, ARCHS, type ApiType, type Arch, IAC_IDS, type Iac } from './types.js';

/** The answers of `new`, typed. */
export interface AppAnswers {
  name: string;
  description: string;
  iac: Iac;
  api: ApiType;
  /** Starter resource, or `false` for an API with a single health route. */
  resource: string | false;
  /** The starter resource's fields (lib/fields.ts). */
  fields: string;
  /** The starter resource's index, `field[:sort]`; empty for none. */
  index: string;
  /** The order of the starter resource's list, `field[:asc|desc]`; empty for none. */
  'sort-key': string;
  arch: Arch;
  memory: number;
  timeout: number;
  /** The API's authorizer; `jwt-issuer` and `jwt-audience` are its settings for `jwt`. */
  auth: AuthKind;
  'jwt-issuer': string;
  'jwt-audience': string;
  /** CORS origins, comma-separated; empty for no CORS configuration. */
  cors: string;
}

export interface OptionSpec {
  type: typeof String | typeof Boolean;
  description: string;
  alias?: string;
  default?: unknown;
  hide?: boolean;
}

export type { Question };

export interface AnswerSpec<K extends keyof AppAnswers = keyof AppAnswers> extends Question {
  flag: K;
  validate: (value: string, answers?: Record<string, string>) => Validation;
  /** The text of `--help`, given the default. */
  help: (defaultValue: string) => string;
  /** The project name is also the positional argument of `new`, not a flag. */
  argument?: boolean;
  /** Text (a flag, a prompt, a stored value) to the typed answer. */
  parse: (text: string) => AppAnswers[K];
  /** Prefix of the message when the answer is invalid (`--memory: ...`). */
  errorPrefix?: string;
  /** Stored under its name in `.yo-rc.json` (the resource is stored as the list of resources instead). */
  stored: boolean;
  /**
   * Values of a typed-in answer that the covering array of options (test/helpers/matrix.ts) pairs
   * with every other option's: the default first, then the others a user reaches. A select's
   * values are its choices.
   */
  samples?: readonly string[];
  /**
   * The JSON Schema of its value in a preset's `defaults` and `locked` (lib/preset-schema.ts
   * builds the preset's schema from these); absent: a preset cannot set it (the project name).
   */
  presetSchema?: Readonly<Record<string, unknown>>;
}

/** The answers of a resource beyond its name: declared once, for `new` (its starter resource) and `resource`. */
export const RESOURCE_ANSWER_FLAGS = ['fields', 'index', 'sort-key'] as const;
export type ResourceAnswerFlag = (typeof RESOURCE_ANSWER_FLAGS)[number];

/** What each answer of a starter resource needs `--resource` for, when there is none. */
const STARTER_NEEDS: Record<ResourceAnswerFlag, string> = {
  fields: 'it gives the fields of --resource',
  index: 'it indexes --resource',
  'sort-key': 'it orders the list of --resource',
};

/**
 * A resource's answer: its question, `--help` text, parser and samples, for `whose` resource
 * ("the starter resource" of `new`, "the resource" of `resource`).
 */
export function resourceAnswer(flag: ResourceAnswerFlag, whose: string): Omit<AnswerSpec<ResourceAnswerFlag>, 'stored'> {
  const answers: Record<ResourceAnswerFlag, Omit<AnswerSpec<ResourceAnswerFlag>, 'stored'>> = {
    fields: {
      flag,
      type: 'input',
      message: 'Fields of the resource (name:type, comma-separated)',
      help: (d) =>
        `Fields of ${whose}: name:type, comma-separated; types string(N), integer, number, boolean, date, datetime, enum(a,b); [] for an array, ? for optional (default: "${d}")`,
      default: DEFAULT_FIELDS_SPEC,
      validate: validateFields,
      parse: (value) => value.trim(),
      errorPrefix: '--fields',
      optional: true,
      presetSchema: { description: `${capitalized(whose)}'s fields: name:type, comma-separated (as --fields).`, type: 'string', minLength: 1 },
      samples: [
        DEFAULT_FIELDS_SPEC,
        'name:string(200), rank:integer, price:number?, due:date?, seen:datetime?, done:boolean, status:enum(open,closed), tags:string(40)[]?',
      ],
    },
    index: {
      flag,
      type: 'input',
      message: 'Index of the resource, field[:sort] (blank for none; its list route then answers ?field=)',
      help: () =>
        `A global secondary index of ${whose}: field[:sort], a string, date, datetime or enum field sorted by a string, date, enum, integer or number field; GET /<plural>?<field>=... queries it instead of scanning (default: none)`,
      default: '',
      // Against the fields when they are known (asked before it); config.ts checks it in any case.
      validate: validateAgainstFields(parseIndex),
      parse: (value) => value.trim(),
      errorPrefix: '--index',
      optional: true,
      presetSchema: { description: `${capitalized(whose)}'s index, field[:sort] (as --index), over its fields.`, type: 'string', minLength: 1 },
      samples: ['', 'status:rank'],
    },
    'sort-key': {
      flag,
      type: 'input',
      message: "Order of the resource's list, field[:asc|desc] (blank for none: the list route scans, in no order)",
      help: () =>
        `The order of ${whose}'s list: field[:asc|desc], a required string, date, enum, integer or number field; GET /<plural> queries an index of its own (${SORT_KEY_HELP}) (default: none: it scans, in no order)`,
      default: '',
      validate: validateAgainstFields(parseSortKey),
      parse: (value) => value.trim(),
      errorPrefix: '--sort-key',
      optional: true,
      presetSchema: { description: `The order of ${whose}'s list, field[:asc|desc] (as --sort-key), over its fields.`, type: 'string', minLength: 1 },
      samples: ['', 'rank:desc'],
    },
  };
  return answers[flag];
}

function answer<K extends keyof AppAnswers>(spec: AnswerSpec<K>): AnswerSpec<K> {
  return spec;
}

const text = (value: string) => value;
const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
/** The JSON Schema of an integer within a range (an answer's value in a preset, and a preset's bounds). */
export const integerSchema = ({ min, max }: { min: number; max: number }) => ({ type: 'integer', minimum: min, maximum: max });

export const APP_ANSWERS = [
  answer({
    flag: 'name',
    argument: true,
    type: 'input',
    message: 'Project name (lowercase kebab-case)',
    help: () => 'Project name: the folder, the Cargo workspace and the prefix of AWS resource names (lowercase kebab-case)',
    default: 'my-api',
    validate: validateProjectName,
    parse: text,
    samples: ['shop', 'serverless-orders-api-v2'],
    stored: true,
  }),
  answer({
    flag: 'description',
    type: 'input',
    message: 'One-line description',
    help: () => 'One line that describes the API (README, Cargo metadata, stack description)',
    default: (answers) => defaultDescription(answers.name ?? 'my-api'),
    validate: validateDescription,
    parse: text,
    samples: ['', "Bob's shapes & <routes> — ünïcode"],
    presetSchema: { type: 'string', minLength: 1, maxLength: MAX_DESCRIPTION },
    stored: true,
  }),
  answer({
    flag: 'iac',
    type: 'select',
    message: 'Infrastructure as code',
    help: (d) => `Infrastructure as code: ${orList(Object.keys(FLAVOURS))} (default: ${d})`,
    default: IAC_IDS[0],
    choices: Object.values(FLAVOURS).map((f) => ({ name: f.choice, value: f.id })),
    validate: validateIac,
    parse: (value) => value as Iac,
    presetSchema: { enum: [...IAC_IDS] },
    stored: true,
  }),
  answer({
    flag: 'api',
    type: 'select',
    message: 'API Gateway type',
    help: (d) => `API Gateway type: http (HTTP API, payload 2.0) or rest (REST API, payload 1.0) (default: ${d})`,
    default: 'http',
    choices: [
      { name: 'HTTP API (payload 2.0): cheaper, faster', value: 'http' },
      { name: 'REST API (payload 1.0): usage plans, WAF, request validation', value: 'rest' },
    ],
    validate: validateApi,
    parse: (value) => value as ApiType,
    presetSchema: { enum: [...API_TYPES] },
    stored: true,
  }),
  answer({
    flag: 'resource',
    type: 'input',
    message: 'Starter CRUD resource, singular (blank for none: a single GET /health route)',
    help: (d) => `Starter CRUD resource, singular (default: ${d}, on /items); --no-resource for a single GET /health route`,
    default: 'item',
    validate: (value) => (value.trim() === '' ? true : validateResourceName(value.trim())),
    parse: (value) => (value.trim() ? value.trim() : false),
    errorPrefix: '--resource',
    samples: ['item', ''],
    presetSchema: {
      description: 'The starter CRUD resource (singular, lowercase kebab-case), or false for a single GET /health route.',
      oneOf: [{ type: 'string', minLength: 1 }, { const: false }],
    },
    stored: false,
  }),
  ...RESOURCE_ANSWER_FLAGS.map((flag) =>
    answer({
      ...resourceAnswer(flag, 'the starter resource'),
      when: (answers) => (answers.resource ?? 'item').trim() !== '',
      whenNot: `needs a resource (${STARTER_NEEDS[flag]})`,
      stored: false,
    }),
  ),
  answer({
    flag: 'arch',
    type: 'select',
    message: 'Lambda architecture',
    help: (d) => `Lambda architecture: arm64 or x86_64 (default: ${d})`,
    default: 'arm64',
    choices: [
      { name: 'arm64 (Graviton: about 20% cheaper per GB-second)', value: 'arm64' },
      { name: 'x86_64', value: 'x86_64' },
    ],
    validate: validateArch,
    parse: (value) => value as Arch,
    presetSchema: { enum: [...ARCHS] },
    stored: true,
  }),
  answer({
    flag: 'memory',
    type: 'input',
    message: 'Lambda memory (MB)',
    help: (d) => `Lambda memory in MB, ${MEMORY_RANGE.min} to ${MEMORY_RANGE.max} (default: ${d})`,
    default: '256',
    validate: validateMemory,
    parse: Number,
    errorPrefix: '--memory',
    samples: ['256', '2048'],
    presetSchema: integerSchema(MEMORY_RANGE),
    stored: true,
  }),
  answer({
    flag: 'timeout',
    type: 'input',
    message: 'Lambda timeout (seconds)',
    help: (d) => `Lambda timeout in seconds, ${TIMEOUT_RANGE.min} to ${TIMEOUT_RANGE.max} (API Gateway's limit) (default: ${d})`,
    default: '10',
    validate: validateTimeout,
    parse: Number,
    errorPrefix: '--timeout',
    samples: ['10', '29'],
    presetSchema: integerSchema(TIMEOUT_RANGE),
    stored: true,
  }),
  answer({
    flag: 'auth',
    type: 'select',
    message: 'Authentication of the API (routes can override it)',
    help: (d) =>
      `Authentication of the API: none (public), jwt (any OIDC issuer; HTTP APIs), cognito (a user pool in the stack) or iam (SigV4) (default: ${d}; --yes without it keeps none and warns)`,
    default: 'none',
    choices: [
      { name: 'none: a public API', value: 'none' },
      { name: 'jwt: tokens of an OIDC issuer you have (HTTP APIs)', value: 'jwt' },
      { name: 'cognito: a Cognito user pool and app client in the stack', value: 'cognito' },
      { name: 'iam: AWS SigV4 signed requests (service to service)', value: 'iam' },
    ],
    validate: validateAuthKind,
    parse: (value) => value as AuthKind,
    presetSchema: { description: "The API's authentication (jwt needs jwt-issuer and jwt-audience).", enum: [...AUTH_KINDS] },
    stored: false,
  }),
  answer({
    flag: 'jwt-issuer',
    type: 'input',
    message: 'JWT issuer (https URL of your OIDC provider)',
    help: () => 'With --auth jwt: the https URL of the OIDC issuer (its iss claim)',
    default: '',
    when: (answers) => answers.auth === 'jwt',
    whenNot: 'is only for --auth jwt',
    validate: validateIssuer,
    parse: text,
    samples: ['https://issuer.example.com/'],
    presetSchema: { description: 'The https URL of the OIDC issuer, for auth jwt.', type: 'string', pattern: '^https://' },
    stored: false,
  }),
  answer({
    flag: 'jwt-audience',
    type: 'input',
    message: 'JWT audiences (client ids, comma-separated)',
    help: () => 'With --auth jwt: the audiences (client ids) a token must carry, comma-separated',
    default: '',
    when: (answers) => answers.auth === 'jwt',
    whenNot: 'is only for --auth jwt',
    validate: validateAudience,
    parse: text,
    samples: ['client-1,client-2'],
    presetSchema: { description: 'The audiences (client ids) of auth jwt, comma-separated.', type: 'string', minLength: 1 },
    stored: false,
  }),
  answer({
    flag: 'cors',
    type: 'input',
    message: 'CORS origins allowed to call the API from a browser (comma-separated; blank for none)',
    help: () => 'CORS: the origins browsers may call the API from, comma-separated (https://app.example.com), or * (default: none)',
    default: '',
    validate: (value) => (value.trim() === '' ? true : validateCorsOrigins(value)),
    parse: (value) => value.trim(),
    optional: true,
    samples: ['', 'https://app.example.com', 'https://app.example.com,http://localhost:3000'],
    presetSchema: { description: 'CORS origins, comma-separated (or *).', type: 'string', minLength: 1 },
    stored: false,
  }),
] as const satisfies readonly AnswerSpec[];

function orList(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

export function defaultDescription(name: string): string {
  return `${name}: an HTTP API on AWS Lambda, written in Rust.`;
}

/** The answer of a value as text (what flags, prompts and validators see). */
export function answerText(value: AppAnswers[keyof AppAnswers]): string {
  return value === false ? '' : String(value);
}

/** The default of every answer but the name, typed (an empty description stands for `defaultDescription`). */
export const APP_DEFAULTS = {
  ...Object.fromEntries(APP_ANSWERS.filter((a) => typeof a.default === 'string').map((a) => [a.flag, a.parse(a.default as string)])),
  description: '',
} as unknown as Omit<AppAnswers, 'name'>;

/** The options of `new` for Yeoman and `--help`: one per answer (the name is the argument), then the run's own. */
export function appOptions(): Record<string, OptionSpec> {
  const options: Record<string, OptionSpec> = {};
  for (const a of APP_ANSWERS) {
    if ('argument' in a && a.argument) continue;
    options[a.flag] = { type: String, description: a.help(typeof a.default === 'string' ? a.default : '') };
  }
  return options;
}

/** The positional arguments of `new`. */
export function appArguments(): { name: string; type: typeof String; required: boolean; description: string }[] {
  return APP_ANSWERS.filter((a) => 'argument' in a && a.argument).map((a) => ({ name: a.flag, type: String, required: false, description: a.help('') }));
}

/**
 * The preset layer: an organisation's defaults for any answer, between the flags and the
 * defaults. Empty until presets exist; the generators already read it.
 */
export const PRESET_LAYER: Readonly<Record<string, string>> = {};
