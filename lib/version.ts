/** This generator's own version (package.json), recorded in every workspace it makes. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// This file runs from `dist/lib/` (built) or `lib/` (tests).
const manifest = [path.resolve(here, '..', 'package.json'), path.resolve(here, '..', '..', 'package.json')].find(
  (file) => existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'generator-serverless-api',
);
if (!manifest) throw new Error('package.json of generator-serverless-api not found');

export const GENERATOR_VERSION: string = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;

/** Whether version `a` is newer than `b` (major.minor.patch; a pre-release is older than its release). */
export function newerVersion(a: string, b: string): boolean {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('-', 2);
    return [...core.split('.').map(Number), pre === undefined ? 1 : 0];
  };
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < x.length; i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  }
  return false;
}
