/**
 * The resource generator's arguments and options, as data.
 */
import type { OptionSpec } from '../../lib/answers.js';
import { DEFAULT_FIELDS_SPEC, SORT_KEY_HELP } from '../../lib/fields.js';

export const RESOURCE_ARGUMENTS = [
  {
    name: 'name',
    type: String,
    required: false,
    description: 'Resource name, singular, lowercase kebab-case: category -> /categories, create-category, list-categories',
  },
] as const;

export const RESOURCE_OPTIONS: Record<string, OptionSpec> = {
  fields: {
    type: String,
    description: `Fields of the resource: name:type, comma-separated; types string(N), integer, number, boolean, date, datetime, enum(a,b); [] for an array, ? for optional (default: "${DEFAULT_FIELDS_SPEC}")`,
  },
  index: {
    type: String,
    description:
      'A global secondary index: field[:sort] (a string, date, datetime or enum field, sorted by a string, date, enum, integer or number field); GET /<plural>?<field>=... queries it instead of scanning (default: none)',
  },
  'sort-key': {
    type: String,
    description: `The order of the list: field[:asc|desc], a required string, date, enum, integer or number field; GET /<plural> queries an index of its own (${SORT_KEY_HELP}) (default: none: it scans, in no order)`,
  },
  yes: { type: Boolean, alias: 'y', description: 'Never prompt' },
};
