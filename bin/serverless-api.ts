#!/usr/bin/env node
/**
 * `serverless-api`: starts the CLI bundle (dist/bin/cli.cjs, made by scripts/bundle.mjs) with
 * V8's code cache, so that Node does not compile its 4 MiB again on every command.
 *
 * The cache (cli.cjs.cache, beside the bundle) is written after a command that found none or
 * could not use it, with the functions that command compiled; it names the bundle (its SHA-1),
 * the Node version and the CPU it was made by, and is used only by the same three. V8 refuses
 * a cache it did not make for this code, flags or version (then the bundle is compiled as if
 * there were none, and the cache written again). It sits beside the bundle, where only who can
 * change the code can write: a folder that cannot be written to means no cache, not an error.
 * SERVERLESS_API_CODE_CACHE=0 turns it off.
 *
 * The bundle runs in a vm.Script, where import() cannot be used once code comes from a cache;
 * the bundle requires what it loads at run time (scripts/bundle.mjs fails the build otherwise).
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { mark } from '../lib/timings.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bundleFile = path.join(here, 'cli.cjs');
const cacheFile = `${bundleFile}.cache`;

let bundle: Buffer;
try {
  bundle = readFileSync(bundleFile);
} catch {
  // tsc alone builds this file but not the bundle it starts.
  process.stderr.write(`Error: ${bundleFile} is missing: build the package with \`npm run build\` (tsc, then scripts/bundle.mjs)\n`);
  process.exit(1);
}
const enabled = process.env.SERVERLESS_API_CODE_CACHE !== '0';
const key = `${createHash('sha1').update(bundle).digest('hex')} ${process.version} ${process.arch}\n`;

/** The cached data for this bundle, Node and CPU, if the cache holds it. */
function readCache(): Buffer | undefined {
  if (!enabled) return undefined;
  let cache: Buffer;
  try {
    cache = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return cache.subarray(0, key.length).toString('latin1') === key ? cache.subarray(key.length) : undefined;
}

const cachedData = readCache();
// The wrapper is CommonJS's own, on the bundle's first line, so that line numbers stay the bundle's.
const source = `(function (exports, require, module, __filename, __dirname) {${bundle.toString('utf8')}\n})`;
const script = new vm.Script(source, { filename: bundleFile, cachedData });
const fromCache = cachedData !== undefined && !script.cachedDataRejected;
mark(fromCache ? 'bundle-from-cache' : 'bundle-compiled');

if (enabled && !fromCache) {
  // On exit, when the command has compiled what it ran: the next command finds it compiled.
  process.once('exit', () => {
    const temporary = `${cacheFile}.${process.pid}`;
    try {
      writeFileSync(temporary, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]));
      // Whole or not at all, whatever other commands run at the same time.
      renameSync(temporary, cacheFile);
    } catch {
      rmSync(temporary, { force: true });
    }
  });
}

const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundleFile), module, bundleFile, here);
