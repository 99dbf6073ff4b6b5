/**
 * What each flavour deploys for authentication, in one shape: per route (`METHOD /path`) what a
 * caller needs (`none`, `iam`, or a JWT/user pool authorizer with its issuer, audience and
 * scopes), and the CORS origins and preflight of the API. Read through the deployment model
 * (lib/iac/deployment.ts) from the synthesized CDK template, SAM's own translation
 * (CloudFormation with the API's OpenAPI body) and the parsed Terraform.
 */
import { readFileSync } from 'node:fs';
import { type DeploymentModel, type RouteAuthorization, readCloudFormation, readTerraform } from '../../lib/iac/deployment.js';
import { parseTerraformDir } from '../../lib/iac/hcl.js';
import { samTranslated } from './iac-model.js';

export type { RouteAuthorization };

export interface ApiAuthorization {
  routes: Record<string, RouteAuthorization>;
  /** Allowed origins, and the paths whose OPTIONS method (REST) answers preflight without authorization. */
  cors?: { origins: string[]; preflight?: string[] };
}

/** The model's API without the ids of the resources that declare each route (they differ by flavour). */
function authorizationOf({ api }: DeploymentModel): ApiAuthorization {
  const routes = Object.fromEntries(Object.entries(api.routes).map(([key, { ref: _, ...route }]) => [key, route]));
  return { routes, ...(api.cors ? { cors: api.cors } : {}) };
}

/** From a synthesized CDK template. */
export function cdkAuthorization(file: string): ApiAuthorization {
  return authorizationOf(readCloudFormation(JSON.parse(readFileSync(file, 'utf8'))));
}

/** From the OpenAPI body SAM's translator gives the API (security per operation, schemes by name). */
export async function samAuthorization(templateFile: string): Promise<ApiAuthorization> {
  return authorizationOf(readCloudFormation(await samTranslated(templateFile)));
}

/** From the parsed Terraform files of infra/. */
export async function terraformAuthorization(dir: string): Promise<ApiAuthorization> {
  return authorizationOf(readTerraform(await parseTerraformDir(dir)));
}
