/** A route's function in `template.yaml`: its resources, and its event's `Auth` (the API's default authorizer, IAM, none or scopes). */
import type { AuthKind, EffectiveAuth } from '../../auth.js';
import type { Model, RouteModel } from '../../model.js';
import { functionResource } from '../flavour.js';
import { ref, samFunctionResources } from './resources.js';
import { SAM_AUTHORIZER } from './api.js';

/** The function of a route, with its log group: exact DynamoDB actions on its table only. */
export function samRouteResources(model: Model, route: RouteModel): Record<string, unknown> {
  const { config } = model;
  return samFunctionResources(model, {
    ...functionResource(route, `${route.method} ${route.path}`),
    roleScope: "its route's",
    events: {
      Api:
        config.api === 'http'
          ? {
              Type: 'HttpApi',
              Properties: { ApiId: ref('Api'), Method: route.method, Path: route.path, ...samHttpEventAuth(config.auth.kind, route.authorization) },
            }
          : {
              Type: 'Api',
              Properties: { RestApiId: ref('Api'), Method: route.method, Path: route.path, ...samRestEventAuth(config.auth.kind, route.authorization) },
            },
    },
  });
}

/** A route's `Auth` of its HttpApi event: the API's default authorizer needs none. */
export function samHttpEventAuth(api: AuthKind, route: EffectiveAuth): Record<string, unknown> {
  if (api === 'none') return {};
  if (route.type === 'none') return { Auth: { Authorizer: 'NONE' } };
  if (route.type === 'iam' && api !== 'iam') return { Auth: { Authorizer: 'AWS_IAM' } };
  if (route.scopes.length) return { Auth: { AuthorizationScopes: [...route.scopes] } };
  return {};
}

/** A route's `Auth` of its Api (REST) event: the API's default authorizer needs none. */
export function samRestEventAuth(api: AuthKind, route: EffectiveAuth): Record<string, unknown> {
  if (api === 'none') return {};
  if (route.type === 'none') return { Auth: { Authorizer: 'NONE' } };
  if (route.type === 'iam' && api !== 'iam') return { Auth: { Authorizer: 'AWS_IAM' } };
  // SAM takes a REST method's scopes only with its authorizer named.
  if (route.scopes.length) return { Auth: { Authorizer: SAM_AUTHORIZER, AuthorizationScopes: [...route.scopes] } };
  return {};
}
