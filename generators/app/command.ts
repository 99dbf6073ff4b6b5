/**
 * The app generator's arguments and options, as data: the generator declares them, the
 * `serverless-api new` command lists them in `--help`.
 */
import { APP_DEFAULTS } from '../../lib/config.js';
import { MEMORY_RANGE, TIMEOUT_RANGE } from '../../lib/validation.js';
import type { OptionSpec } from '../../lib/generator-base.js';

export const APP_ARGUMENTS = [
  {
    name: 'name',
    type: String,
    required: false,
    description: 'Project name: the folder, the Cargo workspace and the prefix of AWS resource names (lowercase kebab-case)',
  },
] as const;

export const APP_OPTIONS: Record<string, OptionSpec> = {
  description: { type: String, description: 'One line that describes the API (README, Cargo metadata, stack description)' },
  iac: { type: String, description: `Infrastructure as code: cdk, sam or terraform (default: ${APP_DEFAULTS.iac})` },
  api: {
    type: String,
    description: `API Gateway type: http (HTTP API, payload 2.0) or rest (REST API, payload 1.0) (default: ${APP_DEFAULTS.api})`,
  },
  resource: {
    type: String,
    description: `Starter CRUD resource, singular (default: ${String(APP_DEFAULTS.resource)}, on /items); --no-resource for a single GET /health route`,
  },
  arch: { type: String, description: `Lambda architecture: arm64 or x86_64 (default: ${APP_DEFAULTS.arch})` },
  memory: {
    type: String,
    description: `Lambda memory in MB, ${MEMORY_RANGE.min} to ${MEMORY_RANGE.max} (default: ${APP_DEFAULTS.memory})`,
  },
  timeout: {
    type: String,
    description: `Lambda timeout in seconds, ${TIMEOUT_RANGE.min} to ${TIMEOUT_RANGE.max} (API Gateway's limit) (default: ${APP_DEFAULTS.timeout})`,
  },
  yes: { type: Boolean, alias: 'y', description: 'Take the default for every answer not given as a flag; never prompt' },
  git: {
    type: Boolean,
    default: true,
    description: 'Make the workspace a git repository, no commit (--no-git to skip; skipped inside a repository)',
  },
};
