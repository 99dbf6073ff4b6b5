/**
 * Cargo.lock after an addition: the one place that knows how the new crates get into it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Adds the new crates to a committed Cargo.lock (`cargo update --workspace`: workspace members
 * only, no dependency moves), so that CI's `--locked` builds pass; offline first, from the local
 * index. Returns a line for the user when it could not.
 */
export function syncLockfile(root: string): string | undefined {
  if (!existsSync(path.join(root, 'Cargo.lock'))) return undefined;
  const update = (...extra: string[]) => spawnSync('cargo', ['update', '--workspace', '--quiet', ...extra], { cwd: root, encoding: 'utf8' });
  if (update('--offline').status === 0 || update().status === 0) return undefined;
  return 'Note: Cargo.lock could not be updated here; run `cargo update --workspace` and commit Cargo.lock (CI builds with --locked).';
}
