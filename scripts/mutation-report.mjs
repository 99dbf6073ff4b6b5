// Writes docs/mutation-survivors.md from Stryker's JSON report (reports/mutation/mutation.json,
// written by `npm run mutation`): the score per file and every surviving mutant (file, line,
// mutator, the replacement), grouped by file. The review of the survivors (killed by a test, or
// why equivalent) is docs/mutation.md, written by hand.
import { readFileSync, writeFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'reports/mutation/mutation.json', 'utf8'));
const out = process.argv[3] ?? 'docs/mutation-survivors.md';

const lines = ['# Surviving mutants', '', 'Written by `node scripts/mutation-report.mjs` from the last `npm run mutation` report; reviewed in [mutation.md](mutation.md).', ''];
const rows = [];
let killed = 0;
let survived = 0;
let other = 0;
const survivors = [];
for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const text = source.split('\n');
  const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
  for (const m of mutants) {
    count[m.status] = (count[m.status] ?? 0) + 1;
    if (m.status === 'Survived' || m.status === 'NoCoverage') {
      const line = m.location.start.line;
      const original = text[line - 1].trim();
      survivors.push({ file, line, mutator: m.mutatorName, replacement: (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 120), status: m.status, original: original.slice(0, 120) });
    }
  }
  const detected = count.Killed + count.Timeout;
  const undetected = count.Survived + count.NoCoverage;
  killed += detected;
  survived += undetected;
  other += mutants.length - detected - undetected;
  rows.push(`| ${file} | ${mutants.length} | ${detected} | ${count.Survived} | ${count.NoCoverage} | ${((100 * detected) / Math.max(1, detected + undetected)).toFixed(1)}% |`);
}
lines.push(`Score: **${((100 * killed) / Math.max(1, killed + survived)).toFixed(1)}%** (${killed} killed or timed out, ${survived} survived or not covered${other ? `, ${other} other` : ''}).`, '');
lines.push('| file | mutants | killed | survived | no coverage | score |', '| --- | --- | --- | --- | --- | --- |', ...rows, '');
let current = '';
for (const s of survivors) {
  if (s.file !== current) {
    current = s.file;
    lines.push(`## ${current}`, '', '| line | mutator | status | code | mutated to |', '| --- | --- | --- | --- | --- |');
  }
  const cell = (t) => `\`${t.replace(/\|/g, '\\|').replace(/`/g, "'")}\``;
  lines.push(`| ${s.line} | ${s.mutator} | ${s.status} | ${cell(s.original)} | ${cell(s.replacement)} |`);
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`${out}: score ${((100 * killed) / Math.max(1, killed + survived)).toFixed(1)}%, ${survived} survivors`);
