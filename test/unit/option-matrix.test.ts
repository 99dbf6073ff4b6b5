/**
 * The covering array of this project's options (test/helpers/matrix.ts): its factors come from the
 * declarations, and its rows are workspaces the generator accepts, holding every pair of values.
 * (lib/covering-array.ts's own tests are test/unit/covering-array.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { APP_ANSWERS } from '../../lib/answers.js';
import { EVENT_TRIGGERS } from '../../lib/triggers/index.js';
import { matrixFactors, matrixWorkspace, optionMatrix, rowProblems } from '../helpers/matrix.js';

describe('the covering array of options', () => {
  const factors = matrixFactors();
  const matrix = optionMatrix();

  it("pairs every answer of new, the presets, every trigger kind's variants and a route's --auth, from their declarations", () => {
    expect(factors.map((f) => f.name)).toEqual([
      ...APP_ANSWERS.map((a) => a.flag),
      'preset',
      ...Object.keys(EVENT_TRIGGERS).map((k) => `trigger:${k}`),
      'route-auth',
    ]);
    expect(factors.find((f) => f.name === 'iac')?.values).toEqual(['cdk', 'sam', 'terraform', 'pulumi']);
    expect(factors.find((f) => f.name === 'auth')?.values).toEqual(['none', 'jwt', 'cognito', 'iam']);
    expect(factors.find((f) => f.name === 'preset')?.values).toEqual(['none', 'acme']);
  });

  it('holds every pair of values in a workspace, or lists it as infeasible, never both (read from the rows themselves)', () => {
    const held = new Set<string>();
    for (const row of matrix.rows) {
      for (const [i, f] of factors.entries()) for (const g of factors.slice(i + 1)) held.add(`${f.name}=${row[f.name]} & ${g.name}=${row[g.name]}`);
    }
    const infeasible = new Set(matrix.infeasible);
    for (const [i, f] of factors.entries()) {
      for (const g of factors.slice(i + 1)) {
        for (const a of f.values) {
          for (const b of g.values) {
            const pair = `${f.name}=${a} & ${g.name}=${b}`;
            expect(held.has(pair) !== infeasible.has(pair), pair).toBe(true);
          }
        }
      }
    }
    expect(held.size).toBe(matrix.pairs);
  });

  it('holds only workspaces the generator accepts, and leaves out exactly the pairs it refuses', () => {
    expect(matrix.rows.every((r) => rowProblems(r) === 0)).toBe(true);
    const refused = matrix.infeasible.filter((p) => !p.includes('resource=') || /resource= & (index|sort-key|fields)=[^ ]/.test(p));
    expect(refused).toEqual(
      expect.arrayContaining([
        'api=rest & auth=jwt',
        'api=rest & cors=https://app.example.com,http://localhost:3000',
        'iac=sam & trigger:s3=--bucket existing-uploads-bucket',
        'iac=terraform & trigger:s3=--bucket existing-uploads-bucket',
        'iac=sam & preset=acme',
        'api=rest & preset=acme',
        'auth=none & route-auth=iam',
        'auth=none & route-auth=scopes:orders/read',
        'auth=iam & route-auth=scopes:orders/read',
      ]),
    );
    // A pair the generator accepts is never called infeasible.
    expect(matrix.infeasible).not.toContain('api=rest & auth=cognito');
    expect(matrix.infeasible).not.toContain('iac=cdk & trigger:s3=--bucket existing-uploads-bucket');
    expect(matrix.infeasible).not.toContain('api=rest & cors=https://app.example.com');
  });

  it('gives each workspace one route per access level and a function of every trigger kind', () => {
    const ws = matrixWorkspace(matrix.rows.find((r) => r.resource !== '')!);
    expect(ws.additions.filter((a) => a[0] === 'route')).toHaveLength(4);
    expect(ws.additions.filter((a) => a[0] === 'function').map((a) => a[3])).toEqual(Object.keys(EVENT_TRIGGERS));
    expect(ws.additions.flat().join(' ')).not.toMatch(/\{(resource|plural)\}/);
  });
});
