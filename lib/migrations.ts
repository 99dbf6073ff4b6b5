/**
 * Structural changes between generator versions that a three-way merge cannot follow by itself
 * (a renamed file, a moved block). Each is keyed by the version that made the change and runs,
 * in order, when a workspace is upgraded across that version. A migration first checks that the
 * file has the shape it expects: a file the user reshaped is skipped and reported, never forced.
 * Running one again finds nothing to do.
 */
import { parse as parseYaml } from 'yaml';
import { UserError } from './errors.js';
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

/**
 * A change of `.yo-rc.json`'s layout: the stored section in an older layout, rewritten into the
 * next one (read by every command, so a workspace made by an older version works as it is; the
 * next write stores the new layout). Each recognizes its old layout by its shape and leaves any
 * other section as it is; a section that has the old layout's keys but not its shape is the
 * user's error, named by its old key.
 */
export interface ConfigMigration {
  /** The generator version that made the change. */
  version: string;
  id: string;
  apply(section: Record<string, unknown>, file: string): Record<string, unknown>;
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Up to 0.2.0, a resource was its name in `resources` and an entry by that name in each of
 * three maps (`fields`, `indexes`, `sortKeys`); from 0.2.0 it is one record in `resources`.
 */
function resourcesAsRecords(section: Record<string, unknown>, file: string): Record<string, unknown> {
  const { resources, fields, indexes, sortKeys, ...rest } = section;
  const maps = { fields, indexes, sortKeys } as const;
  const oldLayout = (Array.isArray(resources) && resources.some((r) => typeof r === 'string')) || Object.values(maps).some((m) => m !== undefined);
  if (!oldLayout || !Array.isArray(resources)) return section;
  const names = resources.map((r, i) => {
    if (typeof r !== 'string') throw new UserError(`${file}: resources[${i}] must be a resource's name, as the other entries are`);
    return r;
  });
  const shapes = {
    fields: 'fields must map resources to their fields ({ "book": "title:string(120)" })',
    indexes: 'indexes must map resources to { "partition": ..., "sort"?: ... }',
    sortKeys: 'sortKeys must map resources to { "field": ..., "descending"?: true }',
  };
  for (const [key, map] of Object.entries(maps) as [keyof typeof maps, unknown][]) {
    if (map === undefined) continue;
    if (!isMap(map)) throw new UserError(`${file}: ${shapes[key]}`);
    for (const name of Object.keys(map)) if (!names.includes(name)) throw new UserError(`${file}: ${key}.${name}: not a resource of the workspace`);
  }
  const entry = (map: unknown, name: string): unknown => (isMap(map) ? map[name] : undefined);
  return {
    ...rest,
    resources: names.map((name) => {
      const record: Record<string, unknown> = { name, fields: entry(fields, name), index: entry(indexes, name), sortKey: entry(sortKeys, name) };
      return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
    }),
  };
}

/** Every change of `.yo-rc.json`'s layout, oldest first. */
export const CONFIG_MIGRATIONS: readonly ConfigMigration[] = [{ version: '0.2.0', id: 'resources as records', apply: resourcesAsRecords }];

/** A stored section in this version's layout, whatever version's layout it has. */
export function migrateStoredConfig(section: Record<string, unknown>, file: string): Record<string, unknown> {
  return CONFIG_MIGRATIONS.reduce((current, m) => m.apply(current, file), section);
}
