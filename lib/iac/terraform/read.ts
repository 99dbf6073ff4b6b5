/** What `check` reads of infra/: each function's actions and table resources, and each route's authorization, from the parsed HCL (lib/iac/deployment.ts). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Model } from '../../model.js';
import { routeKey } from '../../routes.js';
import { functionActions, readTerraform, tableResources } from '../deployment.js';
import { type DeployedAuth, type DeployedFunction } from '../flavour.js';
import { parseTerraformDir } from '../hcl.js';
import { tableName } from './functions.js';

/** Each HTTP API route's `authorization_type`, or each REST method's `authorization`, with their scopes. */
export async function terraformAuthorization(root: string): Promise<Record<string, DeployedAuth>> {
  const infra = path.join(root, 'infra');
  if (!existsSync(infra)) return {};
  const { api } = readTerraform(await parseTerraformDir(infra));
  const routes: Record<string, DeployedAuth> = {};
  for (const [key, route] of Object.entries(api.routes)) {
    const [method = '', routePath = ''] = key.split(' ');
    if (!routePath) continue; // `$default`: no route of a function
    const type = route.type === 'none' || route.type === 'iam' ? route.type : 'authorizer';
    routes[routeKey({ method: method.toUpperCase(), path: routePath })] = {
      type,
      scopes: type === 'authorizer' ? route.scopes : [],
      file: `infra/*.tf (${route.ref})`,
    };
  }
  return routes;
}

/**
 * infra/'s functions, each with the actions of the policy documents its role's inline policies
 * use, and its role's managed policies. Names are read from `function_name`
 * (`${local.project}-<name>`).
 */
export async function terraformDeployed(root: string, model: Model): Promise<DeployedFunction[]> {
  const infra = path.join(root, 'infra');
  if (!existsSync(infra)) return [];
  const deployment = readTerraform(await parseTerraformDir(infra));
  // A table of the workspace by its Terraform name, and its indexes.
  const table = (resource: string): string => {
    const m = /^(table|indexes):(\w+)$/.exec(resource);
    const r = m ? model.resources.find((x) => tableName(x) === m[2]) : undefined;
    return r ? `${m![1]}:${r.name}` : resource;
  };
  return deployment.functions.map((fn) => ({
    name: fn.name,
    actions: functionActions(fn),
    file: `infra/*.tf (aws_lambda_function.${fn.id})`,
    tableResources: tableResources(fn).map(table),
  }));
}
