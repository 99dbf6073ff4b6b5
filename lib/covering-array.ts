/**
 * A covering array of strength 2: rows (one value per factor) such that every pair of values of
 * two factors that some valid row can hold appears in at least one row. Which rows are valid is a
 * predicate over whole rows (the generator's own validators), so constraints need no separate
 * language: a pair no valid row can hold is reported as infeasible, not silently dropped. The
 * predicate counts a row's problems (0: valid), which lets the search walk towards valid rows.
 *
 * The construction is greedy (in the manner of AETG): each new row starts from the first pair
 * still uncovered, completes it with random valid rows, improves the best of them value by value,
 * and keeps it. Deterministic for a seed.
 */

export interface Factor {
  name: string;
  values: readonly string[];
}

/** One value per factor, by the factor's name. */
export type Row = Record<string, string>;

export interface CoveringArray {
  rows: Row[];
  /** Pairs no valid row can hold (`factor=value & factor=value`), found by search. */
  infeasible: string[];
  /** Pairs of values that some valid row holds: each is in at least one of `rows`. */
  pairs: number;
}

interface Options {
  seed?: number;
  /** Search steps for a valid row holding a pair before the pair is called infeasible. */
  attempts?: number;
  /** Candidate rows built for each row kept. */
  candidates?: number;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The key of a pair of values of factors `i < j`. */
const pairKey = (i: number, a: string, j: number, b: string) => `${i}\u0000${a}\u0000${j}\u0000${b}`;

/** The factors' indexes of a pair's key, `i,j`. */
function keyFactors(key: string): string {
  const [i, , j] = key.split('\u0000');
  return `${i},${j}`;
}

/** Every pair a row holds. */
function pairsOf(factors: readonly Factor[], row: Row): string[] {
  const keys: string[] = [];
  for (let i = 0; i < factors.length; i++) {
    for (let j = i + 1; j < factors.length; j++) keys.push(pairKey(i, row[factors[i]!.name]!, j, row[factors[j]!.name]!));
  }
  return keys;
}

export function coveringArray(factors: readonly Factor[], problems: (row: Row) => number, options: Options = {}): CoveringArray {
  const valid = (row: Row) => problems(row) === 0;
  const next = random(options.seed ?? 1);
  const attempts = options.attempts ?? 600;
  const candidates = options.candidates ?? 30;
  for (const f of factors) {
    if (f.values.length === 0) throw new Error(`factor ${f.name} has no values`);
    if (new Set(f.values).size !== f.values.length) throw new Error(`factor ${f.name} repeats a value`);
  }
  if (new Set(factors.map((f) => f.name)).size !== factors.length) throw new Error('two factors have the same name');
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

  /**
   * A valid row with the given values fixed, or undefined when none is found: from random rows,
   * each step gives one factor (not fixed) the value with the fewest problems, restarting now and then.
   */
  const complete = (fixed: Row): Row | undefined => {
    const free = factors.filter((f) => !(f.name in fixed));
    let row: Row = {};
    for (let n = 0; n < attempts; n++) {
      if (n % 40 === 0) {
        row = {};
        for (const f of factors) row[f.name] = fixed[f.name] ?? pick(f.values);
      }
      const here = problems(row);
      if (here === 0) return row;
      if (free.length === 0) return undefined;
      const f = pick(free);
      let best: string[] = [];
      let fewest = Infinity;
      for (const v of f.values) {
        const p = problems({ ...row, [f.name]: v });
        if (p < fewest) [best, fewest] = [[v], p];
        else if (p === fewest) best.push(v);
      }
      row = { ...row, [f.name]: pick(best) };
    }
    return undefined;
  };

  // Every pair, feasible or not: a pair counts as feasible once a valid row holds it.
  const uncovered = new Map<string, Row>();
  for (let i = 0; i < factors.length; i++) {
    for (let j = i + 1; j < factors.length; j++) {
      for (const a of factors[i]!.values)
        for (const b of factors[j]!.values) uncovered.set(pairKey(i, a, j, b), { [factors[i]!.name]: a, [factors[j]!.name]: b });
    }
  }
  const total = uncovered.size;
  const infeasible: string[] = [];
  const rows: Row[] = [];
  const gain = (row: Row) => pairsOf(factors, row).filter((k) => uncovered.has(k)).length;

  while (uncovered.size > 0) {
    // The pair to hold first: one of the two factors with the most pairs still uncovered.
    const left = new Map<string, number>();
    for (const k of uncovered.keys()) left.set(keyFactors(k), (left.get(keyFactors(k)) ?? 0) + 1);
    const busiest = [...left.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const [key, fixed] = [...uncovered.entries()].find(([k]) => keyFactors(k) === busiest)!;
    let best: Row | undefined;
    let bestGain = -1;
    for (let c = 0; c < candidates; c++) {
      const found = complete(fixed);
      if (!found) break;
      let row: Row = found;
      // Improve: each other factor takes the value that covers the most new pairs, the row staying valid.
      for (const f of [...factors, ...factors]) {
        if (f.name in fixed) continue;
        let here = gain(row);
        for (const v of f.values) {
          const tried: Row = { ...row, [f.name]: v };
          const g = gain(tried);
          if (g > here && valid(tried)) {
            row = tried;
            here = g;
          }
        }
      }
      const g = gain(row);
      if (g > bestGain) {
        best = row;
        bestGain = g;
      }
    }
    if (!best) {
      uncovered.delete(key);
      infeasible.push(
        Object.entries(fixed)
          .map(([f, v]) => `${f}=${v}`)
          .join(' & '),
      );
      continue;
    }
    rows.push(best);
    for (const k of pairsOf(factors, best)) uncovered.delete(k);
  }
  return { rows: withoutRedundant(factors, rows), infeasible, pairs: total - infeasible.length };
}

/** The rows without those whose every pair another kept row holds, the latest rows dropped first. */
export function withoutRedundant(factors: readonly Factor[], rows: Row[]): Row[] {
  const count = new Map<string, number>();
  const pairs = rows.map((r) => pairsOf(factors, r));
  for (const keys of pairs) for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
  const kept = rows.map(() => true);
  for (let r = rows.length - 1; r >= 0; r--) {
    if (pairs[r]!.every((k) => count.get(k)! > 1)) {
      kept[r] = false;
      for (const k of pairs[r]!) count.set(k, count.get(k)! - 1);
    }
  }
  return rows.filter((_, r) => kept[r]);
}

/** The feasible pairs no row of `rows` holds (empty for a covering array), given every valid row's pairs. */
export function missingPairs(factors: readonly Factor[], rows: readonly Row[], feasible: readonly Row[]): string[] {
  const held = new Set(rows.flatMap((r) => pairsOf(factors, r)));
  const missing = new Set<string>();
  for (const r of feasible) {
    for (const k of pairsOf(factors, r)) {
      if (!held.has(k)) {
        const [i, a, j, b] = k.split('\u0000');
        missing.add(`${factors[Number(i)]!.name}=${a} & ${factors[Number(j)]!.name}=${b}`);
      }
    }
  }
  return [...missing];
}
