// Re-runs the mutants Stryker left alive in one file, each applied to the source by hand, against
// the unit tests: the `--tests` files (the module's own), or every unit test without `--tests`;
// with `--tests` and `--all`, every unit test too for a mutant the module's own tests leave alive.
// Stryker's vitest runner cannot activate a mutant of code that runs once at module load (a
// constant, a table: docs/mutation.md, stryker-js#6144), so its survivors there need this check
// before they count as gaps. Prints one line per mutant and writes the outcome as JSON.
//
//   node scripts/mutation-recheck.mjs <report.json> <file> [--tests a.test.ts,b.test.ts] [--all] [--ignored] [--out recheck.json]
//
// --ignored also checks the static mutants Stryker's `ignoreStatic` left out.
//
// It rewrites <file> for each mutant and restores it at the end (also on Ctrl-C): run it in a
// clone, not in a tree another process reads.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [reportFile, file, ...rest] = process.argv.slice(2);
if (!reportFile || !file) {
  console.error('usage: node scripts/mutation-recheck.mjs <report.json> <file> [--tests a,b] [--out recheck.json]');
  process.exit(2);
}
const option = (name) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const quick = (option('--tests') ?? '').split(',').filter(Boolean);
const out = option('--out') ?? 'reports/mutation/recheck.json';
const everyTest = rest.includes('--all');
// Static mutants Stryker's `ignoreStatic` left out: checked here instead.
const ignored = rest.includes('--ignored');

const report = JSON.parse(readFileSync(reportFile, 'utf8'));
const entry = report.files[file];
if (!entry) throw new Error(`${file} is not in ${reportFile}`);
const original = readFileSync(file, 'utf8');
if (original !== entry.source) throw new Error(`${file} differs from the source Stryker mutated: re-run Stryker first`);
const restore = () => writeFileSync(file, original);
process.on('SIGINT', () => {
  restore();
  process.exit(130);
});

/** The source with one mutant applied: Stryker's locations are 1-based lines and columns, the end exclusive. */
function mutated(mutant) {
  const lines = original.split('\n');
  const { start, end } = mutant.location;
  const before = lines.slice(0, start.line - 1).join('\n') + (start.line > 1 ? '\n' : '') + lines[start.line - 1].slice(0, start.column - 1);
  const after = lines[end.line - 1].slice(end.column - 1) + (end.line < lines.length ? '\n' : '') + lines.slice(end.line).join('\n');
  return before + mutant.replacement + after;
}

/** Whether the tests fail with the file as it is now. */
function fails(tests) {
  try {
    execFileSync('npx', ['vitest', 'run', '--config', 'vitest.mutation.config.ts', '--reporter=dot', ...tests], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
}

const alive = entry.mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage' || (ignored && m.status === 'Ignored'));
const results = [];
try {
  for (const m of alive) {
    writeFileSync(file, mutated(m));
    const killedBy = quick.length && fails(quick) ? 'quick' : (everyTest || !quick.length) && fails([]) ? 'all' : undefined;
    // What the mutant replaced (the first line of it).
    const { start, end } = m.location;
    const text = original.split('\n')[start.line - 1];
    const span = start.line === end.line ? text.slice(start.column - 1, end.column - 1) : `${text.slice(start.column - 1)}...`;
    results.push({ id: m.id, line: start.line, mutator: m.mutatorName, original: span, replacement: m.replacement, static: m.static === true, stryker: m.status, killed: killedBy !== undefined, by: killedBy ?? null });
    console.log(`${killedBy ? 'killed ' : 'ALIVE  '} ${file}:${start.line} ${m.mutatorName} ${JSON.stringify(span).slice(0, 70)} -> ${JSON.stringify(m.replacement).slice(0, 60)}`);
  }
} finally {
  restore();
}
writeFileSync(out, JSON.stringify(results, null, 2));
const alivePlain = results.filter((r) => !r.killed);
console.log(`${results.length} mutants Stryker left alive: ${results.length - alivePlain.length} killed when applied by hand, ${alivePlain.length} alive (written to ${out})`);
