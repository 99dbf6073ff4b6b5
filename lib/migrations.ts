/**
 * Structural changes between generator versions that a three-way merge cannot follow by itself
 * (a renamed file, a moved block). Each is keyed by the version that made the change and runs,
 * in order, when a workspace is upgraded across that version. A migration first checks that the
 * file has the shape it expects: a file the user reshaped is skipped and reported, never forced.
 * Running one again finds nothing to do.
 */
import { parse as parseYaml } from 'yaml';
import { newerVersion } from './version.js';

/** The files a migration moves: the user's (as on disk) and the old version's rendering (the base). */
export interface MigrationFiles {
  ours: Map<string, string>;
  base: Map<string, string>;
}

export interface MigrationResult {
  status: 'applied' | 'not-needed' | 'diverged';
  /** What was done, or why not (for a person). */
  message: string;
}

export interface Migration {
  /** The generator version that made the change. */
  version: string;
  id: string;
  apply(files: MigrationFiles): MigrationResult;
}

/**
 * A renamed file: the user's copy (with its edits) and the base move together, so that the merge
 * that follows carries the edits to the new name. `expected` tells whether a file is still the
 * generated one in shape.
 */
export function renameFile(version: string, from: string, to: string, expected: (text: string) => boolean, why: string): Migration {
  return {
    version,
    id: `rename ${from} -> ${to}`,
    apply({ ours, base }) {
      const mine = ours.get(from);
      if (mine === undefined) return { status: 'not-needed', message: `${from} is not there (renamed already, or removed)` };
      if (ours.has(to)) return { status: 'diverged', message: `${from} and ${to} both exist: ${from} was kept; merge them by hand (${why})` };
      if (!expected(mine))
        return { status: 'diverged', message: `${from} no longer looks like the generated file; it was kept, not renamed to ${to} (${why})` };
      ours.delete(from);
      ours.set(to, mine);
      const old = base.get(from);
      if (old !== undefined) {
        base.delete(from);
        base.set(to, old);
      }
      return { status: 'applied', message: `renamed ${from} to ${to} (${why})` };
    },
  };
}

/** A Compose file with the local DynamoDB service. */
function composeWithDynamodb(text: string): boolean {
  try {
    const document = parseYaml(text) as { services?: Record<string, unknown> } | null;
    return Boolean(document?.services && 'dynamodb' in document.services);
  } catch {
    return false;
  }
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  renameFile('0.2.0', 'docker-compose.yml', 'compose.yaml', composeWithDynamodb, "compose.yaml is the Compose specification's preferred name"),
];

/** The migrations an upgrade from `from` to `to` runs: made after `from`, up to `to`. */
export function migrationsBetween(from: string, to: string, all: readonly Migration[] = MIGRATIONS): Migration[] {
  return all.filter((m) => newerVersion(m.version, from) && !newerVersion(m.version, to));
}
