/**
 * What a program that loops over the manifest deploys (the CDK's, Pulumi's), read from its files
 * as they are now: each function with its manifest's actions, each route's authorization, and the
 * IAM actions written as literals anywhere else in the program (a grant a person added).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { routeKey } from '../../routes.js';
import { type DeployedAuth, type DeployedFunction, LOG_ACTIONS } from '../flavour.js';

/** Each route's `auth` in the manifest the program deploys from (absent: the API is public). */
export function manifestAuthorization(root: string): Record<string, DeployedAuth> {
  const file = 'infra/lib/manifest.ts';
  const manifest = existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : '';
  const routes: Record<string, DeployedAuth> = {};
  // One entry per function: from its `name:` to the next.
  for (const entry of manifest.split(/(?=\{\s*name:\s*')/).slice(1)) {
    const method = /\bmethod:\s*'([^']+)'/.exec(entry)?.[1];
    const routePath = /\bpath:\s*'([^']+)'/.exec(entry)?.[1];
    if (!method || !routePath) continue;
    const auth = /\bauth:\s*\{\s*type:\s*'(\w+)',\s*scopes:\s*\[([^\]]*)\]/.exec(entry);
    const type = auth?.[1] ?? 'none';
    const scopes = [...(auth?.[2] ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
    routes[routeKey({ method: method.toUpperCase(), path: routePath })] = { type: type === 'none' || type === 'iam' ? type : 'authorizer', scopes, file };
  }
  return routes;
}

/**
 * The program's functions, from the manifest it loops over (each role: its log actions and the
 * manifest's actions), and, under the name "", the IAM actions written as literals in the
 * program's other files of `dirs` (a grant a person added).
 */
export function manifestDeployed(root: string, dirs: readonly string[]): DeployedFunction[] {
  const manifestFile = 'infra/lib/manifest.ts';
  const manifest = existsSync(path.join(root, manifestFile)) ? readFileSync(path.join(root, manifestFile), 'utf8') : '';
  const quoted = (list: string) => [...list.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
  const functions: DeployedFunction[] = [...manifest.matchAll(/\{\s*name:\s*'([^']+)'(?:(?!\bname:\s*')[\s\S])*?\bactions:\s*\[([^\]]*)\]/g)].map((m) => ({
    name: m[1] ?? '',
    actions: [...LOG_ACTIONS, ...quoted(m[2] ?? '')],
    file: manifestFile,
  }));
  for (const dir of dirs) {
    const full = path.join(root, dir);
    if (!existsSync(full)) continue;
    for (const file of readdirSync(full).filter((f) => f.endsWith('.ts') && `${dir}/${f}` !== manifestFile)) {
      const text = readFileSync(path.join(full, file), 'utf8');
      const literals = [...text.matchAll(/actions:\s*\[([^\]]*)\]/g)].flatMap((m) => quoted(m[1] ?? ''));
      // A construct's grant method (`table.grantReadWriteData(fn)`) names no action: each call, as written.
      const grantCalls = [...text.matchAll(/[\w.]+\.grant(?:[A-Z]\w*)?\([^)]*\)/g)].map((m) => m[0]);
      if (literals.length || grantCalls.length)
        functions.push({ name: '', actions: literals, file: `${dir}/${file}`, ...(grantCalls.length ? { grantCalls } : {}) });
    }
  }
  return functions;
}
