import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Tests run the built generators, as yo and the CLI do (`npm test` builds first). */
export const APP_GENERATOR = path.join(REPO_ROOT, 'dist', 'generators', 'app', 'index.js');
export const CLI = path.join(REPO_ROOT, 'dist', 'bin', 'serverless-api.js');
