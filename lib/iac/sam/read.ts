/** What `check` reads of `template.yaml`: each route's authorization and each function's actions and table resources, through the CloudFormation reader (lib/iac/deployment.ts). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Model } from '../../model.js';
import { functionActions, parseCloudFormationYaml, readCloudFormation, tableResources } from '../deployment.js';
import { type DeployedAuth, type DeployedFunction } from '../flavour.js';
import { routeKey } from '../../routes.js';

/**
 * Each function event's `Auth` (`NONE`, `AWS_IAM`, an authorizer's name, scopes), or the API's
 * `DefaultAuthorizer` where the event names none.
 */
export function samAuthorization(root: string): Record<string, DeployedAuth> {
  const file = path.join(root, 'template.yaml');
  if (!existsSync(file)) return {};
  const resources = ((parseDocument(readFileSync(file, 'utf8'), { logLevel: 'silent' }).toJS() ?? {}).Resources ?? {}) as Record<string, any>;
  const api = Object.values(resources).find((r) => r?.Type === 'AWS::Serverless::HttpApi' || r?.Type === 'AWS::Serverless::Api');
  const kind = (authorizer: unknown): DeployedAuth['type'] =>
    authorizer === undefined || authorizer === 'NONE' ? 'none' : authorizer === 'AWS_IAM' ? 'iam' : 'authorizer';
  const fallback = kind(api?.Properties?.Auth?.DefaultAuthorizer);
  const routes: Record<string, DeployedAuth> = {};
  for (const fn of Object.values(resources).filter((r) => r?.Type === 'AWS::Serverless::Function')) {
    for (const event of Object.values<any>(fn.Properties?.Events ?? {})) {
      const p = event?.Properties;
      if ((event?.Type !== 'HttpApi' && event?.Type !== 'Api') || typeof p?.Method !== 'string' || typeof p?.Path !== 'string') continue;
      const type = p.Auth?.Authorizer === undefined ? fallback : kind(p.Auth.Authorizer);
      // As SAM decides it for an IAM-authorized REST method: the method's InvokeRole, else the
      // API's; absent or CALLER_CREDENTIALS invokes the function with the caller's credentials.
      const invokeRole = p.Auth?.InvokeRole ?? api?.Properties?.Auth?.InvokeRole;
      const callerCredentials = event.Type === 'Api' && type === 'iam' && (invokeRole === undefined || invokeRole === 'CALLER_CREDENTIALS');
      routes[routeKey({ method: p.Method.toUpperCase(), path: p.Path })] = {
        type,
        scopes: type === 'authorizer' ? [p.Auth?.AuthorizationScopes ?? []].flat().map(String) : [],
        file: 'template.yaml',
        ...(callerCredentials ? { callerCredentials } : {}),
      };
    }
  }
  return routes;
}

export function samDeployed(root: string, model: Model): DeployedFunction[] {
  const file = path.join(root, 'template.yaml');
  if (!existsSync(file)) return [];
  const deployment = readCloudFormation(parseCloudFormationYaml(readFileSync(file, 'utf8')), [`${model.project}-\${Stage}-`]);
  // A table of the workspace by its logical id (`!GetAtt BooksTable.Arn`), and its indexes.
  const table = (resource: string): string => {
    const m = /^(table|indexes):(\w+)$/.exec(resource);
    const r = m ? model.resources.find((x) => x.tableId === m[2]) : undefined;
    return r ? `${m![1]}:${r.name}` : resource;
  };
  return deployment.functions.map((fn) => ({
    name: fn.name,
    actions: functionActions(fn),
    tableResources: tableResources(fn).map(table),
    file: 'template.yaml',
  }));
}
