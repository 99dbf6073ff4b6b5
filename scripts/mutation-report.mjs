// Writes docs/mutation-survivors.md from Stryker's JSON reports: the score per file and every
// mutant left alive (file, line, mutator, what it replaced and with what), grouped by file. The
// review of the survivors (killed by a test, or why equivalent) is docs/mutation.md, written by hand.
//
//   node scripts/mutation-report.mjs [--out docs/mutation-survivors.md] <report.json>[:<recheck.json>] ...
//
// Several reports merge file by file, a later report's file replacing an earlier one's (a re-run
// of one module after the full run). A recheck (scripts/mutation-recheck.mjs: each survivor applied
// by hand against the module's tests) marks the survivors it killed: Stryker cannot activate a
// mutant of code that runs at module load (docs/mutation.md), so those count as killed.
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : 'docs/mutation-survivors.md';
const inputs = args.filter((_, i) => i !== outAt && i !== outAt + 1);
if (inputs.length === 0) inputs.push('reports/mutation/mutation.json');

/** file -> { source, mutants, from } */
const files = new Map();
for (const input of inputs) {
  const [reportFile, recheckFile] = input.split(':');
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const recheck = recheckFile ? JSON.parse(readFileSync(recheckFile, 'utf8')) : [];
    for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const rechecked = new Map(recheck.map((r) => [String(r.id), r]));
    // A static mutant Stryker ignored and the recheck ran counts as killed or alive by the recheck.
    const marked = mutants.map((m) => {
      const r = rechecked.get(String(m.id));
      if (!r || !['Survived', 'NoCoverage', 'Ignored'].includes(m.status)) return m;
      return r.killed ? { ...m, status: 'KilledByHand' } : m.status === 'Ignored' ? { ...m, status: 'Survived' } : m;
    });
    files.set(file, { source, mutants: marked, from: reportFile });
  }
}

const lines = ['# Surviving mutants', '', 'Written by `node scripts/mutation-report.mjs` from Stryker\'s reports (and the hand rechecks of `scripts/mutation-recheck.mjs`); reviewed in [mutation.md](mutation.md).', ''];
const rows = [];
let killed = 0;
let survived = 0;
let other = 0;
const survivors = [];
for (const [file, { source, mutants }] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  const text = source.split('\n');
  const count = { Killed: 0, Timeout: 0, KilledByHand: 0, Survived: 0, NoCoverage: 0 };
  for (const m of mutants) {
    count[m.status] = (count[m.status] ?? 0) + 1;
    if (m.status === 'Survived' || m.status === 'NoCoverage') {
      const { start, end } = m.location;
      const line = text[start.line - 1];
      // What the mutant replaced (its first line).
      const original = start.line === end.line ? line.slice(start.column - 1, end.column - 1) : `${line.slice(start.column - 1)}...`;
      survivors.push({ file, line: start.line, mutator: m.mutatorName, replacement: (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100), status: m.status, original: original.replace(/\s+/g, ' ').slice(0, 100) });
    }
  }
  const detected = count.Killed + count.Timeout + count.KilledByHand;
  const undetected = count.Survived + count.NoCoverage;
  killed += detected;
  survived += undetected;
  other += mutants.length - detected - undetected;
  rows.push(`| ${file} | ${mutants.length} | ${count.Killed + count.Timeout} | ${count.KilledByHand} | ${count.Survived} | ${count.NoCoverage} | ${((100 * detected) / Math.max(1, detected + undetected)).toFixed(1)}% |`);
}
const score = ((100 * killed) / Math.max(1, killed + survived)).toFixed(1);
lines.push(`Score: **${score}%** (${killed} killed, by Stryker or by hand; ${survived} alive${other ? `; ${other} ignored` : ''}).`, '');
lines.push('| file | mutants | killed | killed by hand | survived | no coverage | score |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows, '');
let current = '';
for (const s of survivors) {
  if (s.file !== current) {
    current = s.file;
    lines.push(`## ${current}`, '', '| line | mutator | status | replaced | with |', '| --- | --- | --- | --- | --- |');
  }
  const cell = (t) => `\`${t.replace(/\|/g, '\\|').replace(/`/g, "'")}\``;
  lines.push(`| ${s.line} | ${s.mutator} | ${s.status} | ${cell(s.original)} | ${cell(s.replacement)} |`);
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`${out}: score ${score}%, ${survived} alive`);
