/**
 * Phase marks for `npm run bench`: with SERVERLESS_API_TIMINGS=1 the CLI prints, on exit, how
 * many milliseconds after the process started each phase ended. Costs nothing otherwise.
 */
// On globalThis: the bundled CLI and the generators it loads each have their own copy of this module.
const store = globalThis as { __serverlessApiMarks?: [string, number][] };
const marks: [string, number][] = (store.__serverlessApiMarks ??= []);
const enabled = process.env.SERVERLESS_API_TIMINGS === '1';

export function mark(name: string): void {
  if (enabled) marks.push([name, performance.now()]);
}

export function reportTimings(): void {
  if (enabled) process.stderr.write(`SERVERLESS_API_TIMINGS ${JSON.stringify(Object.fromEntries(marks.map(([n, t]) => [n, Math.round(t)])))}\n`);
}
