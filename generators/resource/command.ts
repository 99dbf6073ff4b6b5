/**
 * The resource generator's arguments and options, as data.
 */
import type { OptionSpec } from '../../lib/answers.js';

export const RESOURCE_ARGUMENTS = [
  {
    name: 'name',
    type: String,
    required: false,
    description: 'Resource name, singular, lowercase kebab-case: category -> /categories, create-category, list-categories',
  },
] as const;

export const RESOURCE_OPTIONS: Record<string, OptionSpec> = {
  yes: { type: Boolean, alias: 'y', description: 'Never prompt' },
};
