/**
 * Prettier in a worker thread, for `serverless-api new`: loading prettier and its TypeScript,
 * Markdown and YAML printers costs a tenth of a second that the CLI would otherwise spend before
 * writing anything. Started as the command starts, the worker loads them on the second core while
 * the main thread loads Yeoman and the generator; the files are then formatted there.
 *
 * Only the CLI starts it; without it (the generators under `yo`, the tests) prettier runs in the
 * calling thread, as it does when the worker cannot start or fails.
 */
import { Worker } from 'node:worker_threads';

// The worker's own module, as text: the bundled CLI is one file, so it cannot point at another.
const SOURCE = `
import { parentPort, workerData } from 'node:worker_threads';
const prettier = await import(workerData.prettier);
parentPort.on('message', async ({ id, text, options }) => {
  try {
    parentPort.postMessage({ id, text: await prettier.format(text, options) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
for (const parser of workerData.warm) await prettier.format('', { parser }).catch(() => undefined);
`;

interface Pending {
  resolve: (text: string) => void;
  reject: (error: Error) => void;
}

let worker: Worker | undefined;
let failed = false;
let next = 0;
const pending = new Map<number, Pending>();

/** Starts the worker, loading prettier and the printers of `parsers` ahead of the first file. */
export function startPrettierWorker(parsers: readonly string[]): void {
  if (worker || failed) return;
  try {
    const prettier = import.meta.resolve('prettier');
    worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(SOURCE)}`), { workerData: { prettier, warm: parsers } });
  } catch {
    failed = true;
    return;
  }
  worker.on('message', ({ id, text, error }: { id: number; text?: string; error?: string }) => {
    const request = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker?.unref();
    if (error !== undefined) request?.reject(new Error(error));
    else request?.resolve(text ?? '');
  });
  worker.on('error', (error) => {
    failed = true;
    worker = undefined;
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  });
  // After the listeners (adding one refs the worker again): an idle worker keeps no process alive.
  worker.unref();
}

/** Formats through the worker when it runs; undefined when it does not (the caller formats itself). */
export function formatInWorker(text: string, options: Record<string, unknown>): Promise<string> | undefined {
  if (!worker || failed) return undefined;
  const id = next++;
  // Waiting for an answer keeps the process alive; an idle worker does not.
  if (pending.size === 0) worker.ref();
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker!.postMessage({ id, text, options });
  });
}
