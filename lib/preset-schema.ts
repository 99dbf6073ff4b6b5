/**
 * The JSON Schema of a preset, built from the same constants the generator validates with (the
 * answers' ranges, the flavours, CloudWatch's retentions), so the two cannot disagree. The
 * published copy is `schemas/preset.schema.json` (`npm run schema` writes it; a unit test holds it
 * equal to this).
 */
import { APP_ANSWERS, integerSchema } from './answers.js';
import { LOG_RETENTION_DAYS } from './policy.js';
import { API_TYPES, ARCHS, IAC_IDS } from './types.js';
import { MEMORY_RANGE, TIMEOUT_RANGE } from './validation.js';

export const PRESET_SCHEMA_ID = 'https://generator-serverless-api.dev/schemas/preset.schema.json';

const bounds = (r: { min: number; max: number }, unit: string) => ({
  type: 'object',
  description: `Bounds of every function's ${unit}, inclusive: \`new\` and \`route\` refuse an answer outside them.`,
  additionalProperties: false,
  minProperties: 1,
  properties: { min: integerSchema(r), max: integerSchema(r) },
});

/** An object whose keys match a pattern and whose values are non-empty strings (tags, crates, files). */
const stringMap = (description: string, keyPattern: object) => ({
  type: 'object',
  description,
  propertyNames: keyPattern,
  additionalProperties: { type: 'string', minLength: 1 },
});

const allowed = (values: readonly string[], what: string) => ({
  type: 'array',
  description: `The ${what} a workspace may use; another is refused, naming the preset.`,
  items: { enum: [...values] },
  minItems: 1,
  uniqueItems: true,
});

/**
 * Answers a preset may set (`defaults`) or lock (`locked`): those of `serverless-api new` that
 * declare their value's schema (every one but the name), in the order `new` asks them.
 */
const answers = (description: string) => ({
  type: 'object',
  description,
  additionalProperties: false,
  properties: Object.fromEntries(APP_ANSWERS.flatMap((a): [string, unknown][] => (a.presetSchema ? [[a.flag, a.presetSchema]] : []))),
});

export const PRESET_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: PRESET_SCHEMA_ID,
  title: 'generator-serverless-api preset',
  description:
    "An organisation's standard for the workspaces of `serverless-api new --preset`: defaults for any answer, answers no flag or prompt can change, a policy every flavour applies, and files of its own.",
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version'],
  properties: {
    $schema: { type: 'string' },
    name: {
      type: 'string',
      description: 'The preset\'s name, as npm names packages (e.g. "acme-standard" or "@acme/api-preset").',
      pattern: '^(@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*$',
      maxLength: 214,
    },
    version: {
      type: 'string',
      description: "The preset's version (semver): recorded in .yo-rc.json, named in every refusal.",
      pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$',
    },
    description: { type: 'string' },
    defaults: answers('Defaults for answers: flags and prompts may still change them.'),
    locked: answers('Answers no flag or prompt can change; a flag with another value is an error naming the preset.'),
    policy: {
      type: 'object',
      description: 'What every flavour applies to every workspace of the preset.',
      additionalProperties: false,
      properties: {
        tags: {
          type: 'object',
          description: 'Tags on every resource that takes tags.',
          propertyNames: { pattern: '^[\\w .:/=+@-]{1,128}$', not: { pattern: '^aws:' } },
          additionalProperties: { type: 'string', maxLength: 256 },
        },
        namePrefix: {
          type: 'string',
          description: 'Put before the project name in every physical name: lowercase, at most 11 characters, ending with "-" (e.g. "acme-").',
          pattern: '^([a-z][a-z0-9-]{0,9}-)?$',
        },
        logRetentionDays: { enum: [...LOG_RETENTION_DAYS], description: 'Retention of every log group, in days (values CloudWatch accepts).' },
        throttling: {
          type: 'object',
          description: 'API stage throttling: steady requests per second, and the burst above it.',
          additionalProperties: false,
          required: ['rateLimit', 'burstLimit'],
          properties: { rateLimit: { type: 'integer', minimum: 1 }, burstLimit: { type: 'integer', minimum: 1 } },
        },
        memory: bounds(MEMORY_RANGE, 'memory (MB)'),
        timeout: bounds(TIMEOUT_RANGE, 'timeout (seconds)'),
        iac: allowed(IAC_IDS, 'infrastructure flavours'),
        api: allowed(API_TYPES, 'API Gateway types'),
        arch: allowed(ARCHS, 'Lambda architectures'),
        crates: stringMap(
          'Version bounds of Rust crates (npm semver ranges, e.g. ">=1.3.0 <2"): `new` refuses a preset its own dependencies do not meet, and `check` holds every version of the crate in Cargo.lock to them.',
          { pattern: '^[A-Za-z0-9_-]{1,64}$' },
        ),
      },
    },
    files: stringMap(
      "Files the preset adds to a new workspace: destination (relative to the workspace) to source (an EJS template, relative to the preset file), rendered with the generator's template data (config.name, config.description, config.iac, ...).",
      { pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$))[\\w.@-]+(/[\\w.@-]+)*$' },
    ),
  },
} as const;
