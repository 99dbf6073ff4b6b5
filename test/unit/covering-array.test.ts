import { describe, expect, it } from 'vitest';
import { type Factor, type Row, coveringArray, missingPairs } from '../../lib/covering-array.js';
import { APP_ANSWERS } from '../../lib/answers.js';
import { EVENT_TRIGGERS } from '../../lib/triggers/index.js';
import { matrixFactors, matrixWorkspace, optionMatrix, rowProblems } from '../helpers/matrix.js';

/** Every row of the factors' product. */
function product(factors: readonly Factor[]): Row[] {
  return factors.reduce<Row[]>((rows, f) => rows.flatMap((r) => f.values.map((v) => ({ ...r, [f.name]: v }))), [{}]);
}

const FACTORS: Factor[] = [
  { name: 'iac', values: ['cdk', 'sam', 'terraform'] },
  { name: 'api', values: ['http', 'rest'] },
  { name: 'auth', values: ['none', 'jwt', 'cognito', 'iam'] },
  { name: 'cors', values: ['', 'one', 'two'] },
  { name: 'arch', values: ['arm64', 'x86_64'] },
  { name: 'bucket', values: ['own', 'existing'] },
];
// Constraints of the generator's kind: jwt and two origins only on HTTP APIs, an existing bucket only with the CDK.
const problems = (r: Row) => Number(r.api === 'rest' && r.auth === 'jwt') + Number(r.api === 'rest' && r.cors === 'two') + Number(r.bucket === 'existing' && r.iac !== 'cdk');

describe('the covering array', () => {
  it('holds every pair some valid row holds, in valid rows only, and calls infeasible exactly the pairs no valid row holds', () => {
    const valid = product(FACTORS).filter((r) => problems(r) === 0);
    const array = coveringArray(FACTORS, problems, { seed: 3 });
    expect(array.rows.every((r) => problems(r) === 0)).toBe(true);
    expect(missingPairs(FACTORS, array.rows, valid)).toEqual([]);
    expect(array.infeasible.sort()).toEqual(['api=rest & auth=jwt', 'api=rest & cors=two', 'iac=sam & bucket=existing', 'iac=terraform & bucket=existing']);
    // Far fewer rows than the 288 of the product: at least 12 (auth x iac) are needed.
    expect(array.rows.length).toBeGreaterThanOrEqual(12);
    expect(array.rows.length).toBeLessThanOrEqual(16);
  });

  it('is the same for the same seed', () => {
    expect(coveringArray(FACTORS, problems, { seed: 5 })).toEqual(coveringArray(FACTORS, problems, { seed: 5 }));
  });

  it('finds what a row missing one pair lacks', () => {
    const all = product(FACTORS.slice(0, 2));
    expect(missingPairs(FACTORS.slice(0, 2), all.slice(1), all)).toEqual(['iac=cdk & api=http']);
  });

  it('refuses factors it cannot pair', () => {
    expect(() => coveringArray([{ name: 'a', values: [] }], () => 0)).toThrow('factor a has no values');
    expect(() => coveringArray([{ name: 'a', values: ['x', 'x'] }], () => 0)).toThrow('factor a repeats a value');
    expect(() => coveringArray([{ name: 'a', values: ['x'] }, { name: 'a', values: ['y'] }], () => 0)).toThrow('two factors have the same name');
  });
});

describe('the covering array of options', () => {
  const factors = matrixFactors();
  const matrix = optionMatrix();

  it('pairs every answer of new, the presets, every trigger kind\'s variants and a route\'s --auth, from their declarations', () => {
    expect(factors.map((f) => f.name)).toEqual([...APP_ANSWERS.map((a) => a.flag), 'preset', ...Object.keys(EVENT_TRIGGERS).map((k) => `trigger:${k}`), 'route-auth']);
    expect(factors.find((f) => f.name === 'iac')?.values).toEqual(['cdk', 'sam', 'terraform']);
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
