/**
 * The AWS SAM flavour: `template.yaml` and `samconfig.toml` at the workspace root. The template
 * is built (and later extended by the sub-generators) through the `yaml` Document API, so a
 * user's comments and edits survive every addition.
 */
import { type FileSpec } from '../../file-spec.js';
import { DEFAULT_STAGE } from '../../stage.js';
import { type Flavour, defineFlavour } from '../flavour.js';
import { SAM_PARTS } from './parts.js';

import { addToSamTemplate, samConfigFile, samTemplate } from './template.js';
import { samAuthorization, samDeployed } from './read.js';

export const sam: Flavour = defineFlavour({
  id: 'sam',
  choice: 'AWS SAM',
  label: 'AWS SAM',
  ignored: ['.aws-sam/'],
  layout: 'template.yaml       AWS SAM template; samconfig.toml holds the deploy settings',
  summary: 'a SAM template.yaml',
  parts: SAM_PARTS,
  assemble: (model, parts): FileSpec[] => [
    { path: 'template.yaml', contents: () => samTemplate(model, parts), raw: true, update: { kind: 'edit', apply: addToSamTemplate } },
    samConfigFile(model),
  ],
  output: (name) => `<${{ 'api-url': 'ApiUrl', 'user-pool-id': 'UserPoolId', 'user-pool-client-id': 'UserPoolClientId' }[name]} from the stack's outputs>`,
  deployStep: () => `sam validate --lint && sam build && sam deploy   # the stage ${DEFAULT_STAGE}; --config-env prod for prod`,
  deployed: async (root, model) => samDeployed(root, model),
  authorization: async (root) => samAuthorization(root),
});
