/** The API of `template.yaml`: the HttpApi or the REST Api with its stage, authorizer, CORS, gateway responses and access logs, and the user pool of `--auth cognito`. */
import type { Model } from '../../model.js';
import { LOG_GROUP_SKIPS, samSkips } from '../checkov.js';
import { REST_ENDPOINT_TYPE, accessLogFields, restGatewayResponses } from '../flavour.js';
import { ref, getAtt, sub } from './resources.js';

/** The access log's line: the fields every flavour logs (lib/iac/flavour.ts). */
export const accessLogFormat = (api: 'http' | 'rest'): string => JSON.stringify(Object.fromEntries(accessLogFields(api)));

/** Name of the API's authorizer in the template (SAM's `Auth.Authorizers`). */
export const SAM_AUTHORIZER = 'Authorizer';

/** The REST API's `Auth` and `Cors`: preflight (OPTIONS) never gets the default authorizer. */
function samRestAuthAndCors(config: Model['config']): Record<string, unknown> {
  const auth = config.auth;
  const result: Record<string, unknown> = {};
  // InvokeRole NONE: on a method that API Gateway authorizes with IAM, SAM's default
  // (CALLER_CREDENTIALS) makes the integration invoke the function with the caller's own
  // credentials (`credentials: arn:aws:iam::*:user/*`, samtranslator/swagger/swagger.py), so every
  // caller would also need lambda:InvokeFunction. NONE: API Gateway invokes it under the
  // function's resource policy, as the CDK and Terraform flavours do.
  if (auth.kind === 'cognito') {
    result.Auth = {
      Authorizers: { [SAM_AUTHORIZER]: { UserPoolArn: getAtt('UserPool.Arn') } },
      DefaultAuthorizer: SAM_AUTHORIZER,
      AddDefaultAuthorizerToCorsPreflight: false,
      InvokeRole: 'NONE',
    };
  } else if (auth.kind === 'iam') {
    result.Auth = { DefaultAuthorizer: 'AWS_IAM', AddDefaultAuthorizerToCorsPreflight: false, InvokeRole: 'NONE' };
  }
  // API Gateway's own errors in the functions' shape, with CORS headers where browsers call.
  result.GatewayResponses = Object.fromEntries(
    restGatewayResponses(config.cors).map((r) => [
      r.type,
      {
        ResponseParameters: r.headers.length ? { Headers: Object.fromEntries(r.headers) } : undefined,
        ResponseTemplates: { 'application/json': r.template },
      },
    ]),
  );
  if (config.cors) {
    // SAM takes the header values as quoted strings, as API Gateway writes them.
    result.Cors = {
      AllowOrigin: `'${config.cors.origins[0]}'`,
      AllowMethods: "'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'",
      AllowHeaders: "'authorization,content-type,if-match'",
      MaxAge: "'3600'",
    };
  }
  return result;
}

/** The user pool and app client of `--auth cognito`, as the CDK flavour makes them. */
function samUserPool(model: Model): Record<string, unknown> {
  return {
    UserPool: {
      Type: 'AWS::Cognito::UserPool',
      // The users outlive the stack, as the tables do.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        UserPoolName: sub(`${model.project}-\${Stage}`),
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      },
    },
    UserPoolClient: {
      Type: 'AWS::Cognito::UserPoolClient',
      Properties: {
        UserPoolId: ref('UserPool'),
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
      },
    },
  };
}

/** The HttpApi's `Auth`: its authorizer, default for every route. */
function samHttpApiAuth(config: Model['config']): Record<string, unknown> {
  const auth = config.auth;
  if (auth.kind === 'iam') return { Auth: { EnableIamAuthorizer: true, DefaultAuthorizer: 'AWS_IAM' } };
  if (auth.kind !== 'jwt' && auth.kind !== 'cognito') return {};
  const jwt =
    auth.kind === 'jwt'
      ? { issuer: auth.issuer, audience: [...(auth.audience ?? [])] }
      : { issuer: sub('https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}'), audience: [ref('UserPoolClient')] };
  return {
    Auth: {
      Authorizers: { [SAM_AUTHORIZER]: { IdentitySource: '$request.header.Authorization', JwtConfiguration: jwt } },
      DefaultAuthorizer: SAM_AUTHORIZER,
      // Lets a route use IAM instead (`route --auth iam`); no route does by default.
      EnableIamAuthorizer: true,
    },
  };
}

/** CORS of the HttpApi: API Gateway answers preflight itself (no OPTIONS route, no authorizer). */
function samHttpCors(config: Model['config']): Record<string, unknown> {
  if (!config.cors) return {};
  return {
    CorsConfiguration: {
      AllowOrigins: [...config.cors.origins],
      AllowMethods: ['*'],
      AllowHeaders: ['authorization', 'content-type', 'if-match'],
      ExposeHeaders: ['etag', 'location'],
      MaxAge: 3600,
    },
  };
}

export function apiResources(model: Model): Record<string, unknown> {
  const { config, policy } = model;
  const throttling = { ThrottlingBurstLimit: policy.throttling.burstLimit, ThrottlingRateLimit: policy.throttling.rateLimit };
  const api =
    config.api === 'http'
      ? {
          Type: 'AWS::Serverless::HttpApi',
          Metadata: config.auth.kind === 'none' ? { checkov: { skip: samSkips(['CKV_AWS_309']) } } : undefined,
          Properties: {
            AccessLogSettings: { DestinationArn: getAtt('ApiAccessLogs.Arn'), Format: accessLogFormat('http') },
            DefaultRouteSettings: throttling,
            ...samHttpApiAuth(config),
            ...samHttpCors(config),
          },
        }
      : {
          Type: 'AWS::Serverless::Api',
          Metadata: {
            checkov: {
              skip: samSkips(['CKV_AWS_120'], { CKV_AWS_73: 'Enable X-Ray tracing (TracingEnabled) when the account uses it; it has a cost.' }),
            },
          },
          Properties: {
            StageName: ref('Stage'),
            // Any OpenApiVersion stops SAM from also creating a stage named "Stage" (without the
            // access logs and throttling of this one).
            OpenApiVersion: '3.0.1',
            EndpointConfiguration: { Type: REST_ENDPOINT_TYPE },
            AccessLogSetting: { DestinationArn: getAtt('ApiAccessLogs.Arn'), Format: accessLogFormat('rest') },
            MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', ...throttling }],
            ...samRestAuthAndCors(config),
          },
        };
  // A REST stage logs only once the account (per region) names API Gateway's CloudWatch role: set
  // it here, as the CDK's RestApi does, and keep both when the stack goes (other APIs may log
  // through them).
  const account =
    config.api === 'rest'
      ? {
          ApiGatewayCloudWatchRole: {
            Type: 'AWS::IAM::Role',
            DeletionPolicy: 'Retain',
            UpdateReplacePolicy: 'Retain',
            Properties: {
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
              },
              ManagedPolicyArns: [sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
            },
          },
          ApiGatewayAccount: {
            Type: 'AWS::ApiGateway::Account',
            DeletionPolicy: 'Retain',
            UpdateReplacePolicy: 'Retain',
            Properties: { CloudWatchRoleArn: getAtt('ApiGatewayCloudWatchRole.Arn') },
          },
        }
      : {};
  if (config.api === 'rest') (api as Record<string, unknown>).DependsOn = 'ApiGatewayAccount';
  return {
    ...account,
    ...(config.auth.kind === 'cognito' ? samUserPool(model) : {}),
    Api: api,
    ApiAccessLogs: {
      Type: 'AWS::Logs::LogGroup',
      Metadata: { checkov: { skip: samSkips(LOG_GROUP_SKIPS) } },
      Properties: { RetentionInDays: policy.logRetentionDays },
    },
  };
}
