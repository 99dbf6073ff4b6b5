// Bundles the CLI (bin/cli.ts, its generators, Yeoman and their dependencies) into one
// CommonJS file, dist/bin/cli.cjs, which the package's bin (bin/serverless-api.ts, as tsc
// wrote it) runs with V8's code cache. Node loads one file instead of some 700 modules, and
// compiles it once; `yo serverless-api` keeps loading dist/generators/ as tsc wrote them.
//
// The bundle stays in dist/bin/ on purpose: the code that finds templates/ and package.json
// (lib/render.ts, lib/version.ts) looks for them from the file it runs in, as it does from
// dist/lib/ (`..` then `../..`).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

/** The package.json of a dependency, as installed (resolved from its main entry, whatever its exports allow). */
function manifestOf(name) {
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    const manifest = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
    if (manifest?.name === name) return manifest;
  }
  throw new Error(`package.json of ${name} not found`);
}

/**
 * Yeoman reads its own package.json beside its files when it is imported; in a bundle "beside"
 * is dist/bin/. Each read becomes the value it would have read, taken from the installed
 * package. A read that is no longer where it was fails the build (a new Yeoman to look at),
 * rather than the CLI at run time.
 */
const PACKAGE_READS = [
  {
    file: /yeoman-environment[\\/]dist[\\/]environment-base\.js$/,
    from: "require('../package.json').version",
    to: () => JSON.stringify(manifestOf('yeoman-environment').version),
  },
  {
    file: /yeoman-environment[\\/]dist[\\/]module-lookup\.js$/,
    from: "JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json')).toString()).name",
    to: () => JSON.stringify(manifestOf('yeoman-environment').name),
  },
  {
    file: /yeoman-generator[\\/]dist[\\/]generator\.js$/,
    from: "JSON.parse(readFileSync(pathJoin(_dirname, '../package.json'), 'utf8'))",
    to: () => {
      const { name, version } = manifestOf('yeoman-generator');
      return `(${JSON.stringify({ name, version })})`;
    },
  },
];

const inlinePackageReads = {
  name: 'inline-package-reads',
  setup(esbuild) {
    const seen = new Set();
    esbuild.onLoad({ filter: /[\\/]node_modules[\\/]yeoman-(environment|generator)[\\/]dist[\\/].*\.js$/ }, (args) => {
      const reads = PACKAGE_READS.filter((r) => r.file.test(args.path));
      if (reads.length === 0) return undefined;
      let contents = readFileSync(args.path, 'utf8');
      for (const read of reads) {
        if (!contents.includes(read.from)) throw new Error(`${args.path}: "${read.from}" not found; see scripts/bundle.mjs`);
        contents = contents.replace(read.from, read.to());
        seen.add(read);
      }
      return { contents, loader: 'js' };
    });
    esbuild.onEnd((result) => {
      if (result.errors.length > 0) return;
      const missed = PACKAGE_READS.filter((r) => !seen.has(r));
      if (missed.length > 0) throw new Error(`not bundled any more: ${missed.map((r) => r.file).join(', ')}; see scripts/bundle.mjs`);
    });
  },
};

/**
 * Yeoman's environment can install generators from npm (fly-import, through npm's Arborist); it
 * builds that installer only when asked to install, which this CLI never does: it runs its own
 * generators, given as classes. Arborist (pacote, sigstore, half of npm: a third of the bundle)
 * is left out; were it ever reached, it says so instead of failing obscurely.
 */
const withoutNpmInstaller = {
  name: 'without-npm-installer',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@npmcli\/arborist$/ }, () => ({ path: 'arborist', namespace: 'left-out' }));
    esbuild.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({
      contents: `export default class Arborist {
  constructor() {
    throw new Error('serverless-api does not install Yeoman generators from npm; run yo for that');
  }
}`,
      loader: 'js',
    }));
  },
};

const bundleFile = path.join(root, 'dist/bin/cli.cjs');
const result = await build({
  absWorkingDir: root,
  entryPoints: ['bin/cli.ts'],
  outfile: 'dist/bin/cli.cjs',
  bundle: true,
  platform: 'node',
  // CommonJS: a script V8 can cache the compiled code of (bin/serverless-api.ts); Node 20 has
  // no code cache for ES modules.
  format: 'cjs',
  target: 'node20',
  // What the code means by its own URL (templates/ and package.json are found from it).
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Loaded only when a file needs them, and large: prettier formats TypeScript, JSON, YAML and
  // Markdown; hcl2json parses Terraform for `check` (WebAssembly beside its files).
  external: ['prettier', '@cdktf/hcl2json'],
  plugins: [inlinePackageReads, withoutNpmInstaller],
  sourcemap: false,
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
});

// import() of a module left to Node fails in a script whose code came from V8's cache: such a
// module is required instead. (Yeoman's own import()s, of generators by path, are of paths it
// computes, not reached: this CLI gives Yeoman its generators as classes.)
const imported = result.metafile.outputs['dist/bin/cli.cjs'].imports.filter((i) => i.external && i.kind === 'dynamic-import').map((i) => i.path);
if (imported.length > 0) throw new Error(`dist/bin/cli.cjs imports ${imported.join(', ')} with import(): require it (see bin/serverless-api.ts)`);

const inputs = Object.keys(result.metafile.inputs).length;
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
// The package's bin: `npx serverless-api` in a fresh clone runs the file itself (tsc writes it
// without the executable bit). tsc's own build of bin/cli.ts is what the bundle replaces; the
// code cache of an earlier bundle is of no use.
chmodSync(path.join(root, 'dist/bin/serverless-api.js'), 0o755);
for (const file of ['cli.js', 'cli.js.map', 'cli.cjs.cache']) rmSync(path.join(root, 'dist/bin', file), { force: true });
console.log(`bundled ${inputs} modules into dist/bin/cli.cjs (${(bytes / 1024 / 1024).toFixed(1)} MiB)`);

// The first command after a build finds the bundle compiled: one `new`, in a folder of its own,
// leaves the code cache of all it ran (bin/serverless-api.ts).
const warmUp = mkdtempSync(path.join(tmpdir(), 'serverless-api-warm-up-'));
try {
  execFileSync(process.execPath, [path.join(root, 'dist/bin/serverless-api.js'), 'new', 'warm-up', '--yes', '--skip-install', '--no-git'], { cwd: warmUp, stdio: 'ignore' });
} finally {
  rmSync(warmUp, { recursive: true, force: true });
}
console.log(`compiled it into dist/bin/cli.cjs.cache (${(readFileSync(`${bundleFile}.cache`).length / 1024 / 1024).toFixed(1)} MiB)`);
