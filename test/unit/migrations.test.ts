/** Version-keyed migrations: shape checked first, a diverged file skipped and reported, idempotent. */
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateStoredConfig, migrationsBetween, renameFile } from '../../lib/migrations.js';

const COMPOSE = 'services:\n  dynamodb:\n    image: amazon/dynamodb-local:2.6.1\n';
const rename = MIGRATIONS.find((m) => m.id === 'rename docker-compose.yml -> compose.yaml')!;

describe('renameFile', () => {
  it('moves the user file and the base together, and finds nothing to do the second time', () => {
    const ours = new Map([['docker-compose.yml', `${COMPOSE}# mine\n`]]);
    const base = new Map([['docker-compose.yml', COMPOSE]]);
    expect(rename.apply({ ours, base }).status).toBe('applied');
    expect([...ours]).toEqual([['compose.yaml', `${COMPOSE}# mine\n`]]);
    expect([...base]).toEqual([['compose.yaml', COMPOSE]]);
    const again = rename.apply({ ours, base });
    expect(again.status).toBe('not-needed');
    expect([...ours]).toEqual([['compose.yaml', `${COMPOSE}# mine\n`]]);
  });

  it('skips and reports a file that lost the expected shape, or when the new name is taken', () => {
    for (const text of ['services:\n  postgres:\n    image: postgres\n', 'not: [yaml', '']) {
      const ours = new Map([['docker-compose.yml', text]]);
      const result = rename.apply({ ours, base: new Map([['docker-compose.yml', COMPOSE]]) });
      expect(result).toEqual({ status: 'diverged', message: expect.stringContaining('no longer looks like the generated file') });
      expect([...ours.keys()]).toEqual(['docker-compose.yml']);
    }
    const ours = new Map([
      ['docker-compose.yml', COMPOSE],
      ['compose.yaml', COMPOSE],
    ]);
    expect(rename.apply({ ours, base: new Map() })).toEqual({ status: 'diverged', message: expect.stringContaining('both exist') });
    expect(ours.size).toBe(2);
  });

  it('runs the migrations made after the old version, up to the new one, in order', () => {
    const a = renameFile('0.2.0', 'a', 'b', () => true, 'x');
    const b = renameFile('0.3.0', 'b', 'c', () => true, 'x');
    const c = renameFile('1.0.0', 'c', 'd', () => true, 'x');
    expect(migrationsBetween('0.1.0', '0.3.0', [a, b, c])).toEqual([a, b]);
    expect(migrationsBetween('0.2.0', '0.3.0', [a, b, c])).toEqual([b]);
    expect(migrationsBetween('0.3.0', '0.3.0', [a, b, c])).toEqual([]);
    expect(migrationsBetween('0.1.0', '0.2.0').map((m) => m.id)).toEqual(['rename docker-compose.yml -> compose.yaml']);
  });
});

describe('migrateStoredConfig', () => {
  const OLD = {
    name: 'shop',
    resources: ['book', 'shelf'],
    fields: { book: 'title:string(80), status:enum(draft,live), released:date' },
    indexes: { book: { partition: 'status' } },
    sortKeys: { book: { field: 'released', descending: true } },
    routes: [],
  };

  it('reads the layout of parallel maps into one record per resource, in their order, and leaves the new layout as it is', () => {
    const migrated = migrateStoredConfig(OLD, '.yo-rc.json');
    expect(migrated).toEqual({
      name: 'shop',
      resources: [
        {
          name: 'book',
          fields: 'title:string(80), status:enum(draft,live), released:date',
          index: { partition: 'status' },
          sortKey: { field: 'released', descending: true },
        },
        { name: 'shelf' },
      ],
      routes: [],
    });
    expect(migrateStoredConfig(migrated, '.yo-rc.json')).toEqual(migrated);
    expect(migrateStoredConfig({ name: 'shop', resources: [], routes: [] }, '.yo-rc.json')).toEqual({ name: 'shop', resources: [], routes: [] });
  });

  it('names the old key of a map that is not one, or of an entry for no resource; refuses records mixed with names', () => {
    expect(() => migrateStoredConfig({ ...OLD, indexes: ['status'] }, 'x/.yo-rc.json')).toThrow('x/.yo-rc.json: indexes must map resources to');
    expect(() => migrateStoredConfig({ ...OLD, fields: { author: 'name:string' } }, '.yo-rc.json')).toThrow('fields.author: not a resource of the workspace');
    expect(() => migrateStoredConfig({ ...OLD, resources: ['book', { name: 'shelf' }] }, '.yo-rc.json')).toThrow(
      "resources[1] must be a resource's name, as the other entries are",
    );
  });
});
