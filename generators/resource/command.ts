/**
 * The resource generator's arguments and options, as data.
 */
import { type OptionSpec, RESOURCE_ANSWER_FLAGS, resourceAnswer } from '../../lib/answers.js';

export const RESOURCE_ARGUMENTS = [
  {
    name: 'name',
    type: String,
    required: false,
    description: 'Resource name, singular, lowercase kebab-case: category -> /categories, create-category, list-categories',
  },
] as const;

export const RESOURCE_OPTIONS: Record<string, OptionSpec> = {
  ...Object.fromEntries(
    RESOURCE_ANSWER_FLAGS.map((flag) => {
      const answer = resourceAnswer(flag, 'the resource');
      return [flag, { type: String, description: answer.help(answer.default as string) }];
    }),
  ),
  yes: { type: Boolean, alias: 'y', description: 'Never prompt' },
};
