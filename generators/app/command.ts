/**
 * The app generator's arguments and options, as data: one per answer (declared in
 * lib/answers.ts), then the options of the run itself. The generator declares them, the
 * `serverless-api new` command lists them in `--help`.
 */
import { appArguments, appOptions, type OptionSpec } from '../../lib/answers.js';

export const APP_ARGUMENTS = appArguments();

export const APP_OPTIONS: Record<string, OptionSpec> = {
  ...appOptions(),
  preset: {
    type: String,
    description:
      "An organisation's preset: the path of its JSON file (or of a folder with preset.json), or an installed npm package. Its defaults replace the generator's, its locked answers cannot change, its policy applies (schemas/preset.schema.json)",
  },
  yes: { type: Boolean, alias: 'y', description: 'Take the default for every answer not given as a flag; never prompt' },
  git: {
    type: Boolean,
    default: true,
    description: 'Make the workspace a git repository, no commit (--no-git to skip; skipped inside a repository)',
  },
};
