/**
 * An older release of this generator, built from this repository's own history (offline): its
 * tag (or recorded commit) checked out with `git archive`, built with its own tsc, with its own
 * dependencies when they differ from today's (`npm ci --prefer-offline`), today's otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './generators.js';

interface Release {
  version: string;
  tag: string;
  commit: string;
}

export const RELEASES: Release[] = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/releases.json'), 'utf8')) as { releases: Release[] }).releases;

function run(cwd: string, command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${result.stderr}`);
  return result.stdout;
}

/** A package-lock.json without the package's own version: the dependencies it pins. */
function lockWithoutVersion(file: string): string {
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { version?: string; packages?: Record<string, { version?: string }> };
  delete lock.version;
  delete lock.packages?.['']?.version;
  return JSON.stringify(lock);
}

/** The commit of a release: its tag when this clone has it (and it agrees), else the recorded commit. */
export function releaseCommit(release: Release): string {
  const tagged = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${release.tag}^{commit}`], { cwd: REPO_ROOT, encoding: 'utf8' });
  const commit = tagged.status === 0 ? tagged.stdout.trim() : release.commit;
  if (commit !== release.commit) throw new Error(`tag ${release.tag} is ${commit}, test/releases.json records ${release.commit}`);
  return commit;
}

const built = new Map<string, string>();

/**
 * The folder of release `version`, built (once per process; reused across runs under `under`).
 * The default folder is the clone's own (git-ignored): a release whose node_modules links to this
 * clone's must not outlive the clone, as one under the machine's /tmp did (a later clone found it
 * linked to a folder that was gone).
 */
export function oldGenerator(version: string, under = path.join(REPO_ROOT, 'tmp', 'releases')): string {
  const cached = built.get(version);
  if (cached) return cached;
  const release = RELEASES.find((r) => r.version === version);
  if (!release) throw new Error(`no release ${version} in test/releases.json`);
  const commit = releaseCommit(release);
  const dir = path.join(under, `${version}-${commit.slice(0, 12)}`);
  // Usable: built, with its dependencies reachable (existsSync follows the link of node_modules).
  const usable = existsSync(path.join(dir, 'dist/bin/serverless-api.js')) && existsSync(path.join(dir, 'node_modules/yeoman-environment/package.json'));
  if (!usable) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    run(dir, 'sh', ['-c', 'git -C "$0" archive --format=tar "$1" | tar -x', REPO_ROOT, commit]);
    const sameLock = lockWithoutVersion(path.join(dir, 'package-lock.json')) === lockWithoutVersion(path.join(REPO_ROOT, 'package-lock.json'));
    if (!existsSync(path.join(dir, 'node_modules'))) {
      if (sameLock) symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
      else run(dir, 'npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts']);
    }
    run(dir, process.execPath, [path.join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
  }
  const version_ = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  if (version_ !== version) throw new Error(`${release.tag} (${commit}) is version ${version_}, not ${version}`);
  built.set(version, dir);
  return dir;
}

/**
 * What an upgrade from release 0.1.0 does to a workspace with the starter item, in the files its
 * team did not edit (flavour-specific files aside): the files later versions add, those they no
 * longer write (removed when unedited), and those they write otherwise. Sorted.
 */
export const UPGRADE_FROM_0_1_0 = {
  // The upgrade workflow, the generic store and field checks, the contract, sample events of a
  // create per field (and compose.yaml, the migration's new name of docker-compose.yml).
  added: [
    '.github/workflows/upgrade.yml',
    'compose.yaml',
    ...['invalid-description', 'invalid-name', 'unknown-field', 'wrong-type-description', 'wrong-type-name'].map((e) => `lambdas/create-item/events/${e}.json`),
    'openapi.yaml',
    // Work bounded by each invocation's deadline.
    'shared/src/deadline.rs',
    'shared/src/fields.rs',
    'shared/src/store.rs',
    // The store's parts, a module folder.
    'shared/src/store/dynamodb.rs',
    'shared/src/store/fixtures.rs',
    'shared/src/store/integration.rs',
    'shared/src/store/memory.rs',
    'shared/src/store/page.rs',
    'shared/src/store/tests.rs',
  ],
  // The renamed file, the per-resource store test (the generic store's replaces it), a sample event now per field.
  removed: ['docker-compose.yml', 'lambdas/create-item/events/wrong-type.json', 'shared/tests/item_store.rs'],
  // error.rs gained 401 and 403; the item's module, its handlers and the crates' dependencies
  // moved to the generic store; its create events follow the fields; page tokens (dynamo.rs)
  // carry number sort keys too.
  changed: [
    '.github/workflows/ci.yml',
    '.yo-rc.json',
    'Cargo.toml',
    // It says who owns it, and includes the team's *.mk files.
    'Makefile',
    'README.md',
    ...['invalid-body', 'missing-name', 'with-id'].map((e) => `lambdas/create-item/events/${e}.json`),
    ...['create-item', 'delete-item', 'get-item', 'list-items', 'update-item'].map((f) => `lambdas/${f}/src/handler.rs`),
    // The functions' timeout is read from each invocation's deadline, not from a constant.
    ...['create-item', 'delete-item', 'get-item', 'list-items', 'update-item'].map((f) => `lambdas/${f}/src/main.rs`),
    'shared/Cargo.toml',
    'shared/examples/local-tables.rs',
    'shared/src/dynamo.rs',
    'shared/src/error.rs',
    'shared/src/http.rs',
    'shared/src/item.rs',
    'shared/src/lib.rs',
  ],
};
