/** SAM's parts of a workspace: each the resources (and outputs) it adds to `template.yaml`. */
import type { FlavourParts } from '../flavour.js';
import { streamed } from '../../triggers/dynamodb-stream.js';
import { ref, sub } from './resources.js';
import { SAM_TRIGGERS } from './triggers/index.js';
import { apiResources } from './api.js';
import { samRouteResources } from './routes.js';
import { samTableOutputs, samTableResources } from './tables.js';

/** What a part adds to the template's `Resources` and `Outputs`. */
export interface SamPart {
  Resources: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
}

export const SAM_PARTS: FlavourParts<SamPart, SamPart, SamPart, Record<string, unknown>> = {
  api: (model) => ({
    Resources: apiResources(model),
    Outputs: {
      ApiUrl: {
        Description: 'Base URL of the API',
        Value:
          model.config.api === 'http'
            ? sub('https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/')
            : sub('https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}/'),
      },
      ...(model.config.auth.kind === 'cognito'
        ? {
            UserPoolId: { Description: "Id of the user pool of the API's users", Value: ref('UserPool') },
            UserPoolClientId: { Description: 'Id of the app client your front end signs in with', Value: ref('UserPoolClient') },
          }
        : {}),
    },
  }),
  table: (model, r) => ({ Resources: samTableResources(r, streamed(model, r.name)), Outputs: samTableOutputs(r) }),
  route: (model, route) => ({ Resources: samRouteResources(model, route) }),
  triggers: SAM_TRIGGERS,
};
