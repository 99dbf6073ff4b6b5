import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { E2E_DIR, toolEnv } from './run.js';

const started: ChildProcess[] = [];

/**
 * Starts a long-running process in its own process group, logging to `.e2e/<name>.log`.
 * `stopProcess`/`stopAll` end it and everything it started, by process group id.
 */
export function startProcess(name: string, command: string, args: string[], cwd: string, env: Record<string, string> = {}): ChildProcess {
  mkdirSync(E2E_DIR, { recursive: true });
  const log = createWriteStream(path.join(E2E_DIR, `${name}.log`));
  const child = spawn(command, args, { cwd, env: { ...process.env, ...toolEnv, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  started.push(child);
  console.log(`started ${name} (pid ${child.pid}): ${command} ${args.join(' ')}`);
  return child;
}

/** Ends one process and its process group: SIGTERM, then SIGKILL after 5 s. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  const index = started.indexOf(child);
  if (index >= 0) started.splice(index, 1);
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signalGroup(child.pid, 'SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  signalGroup(child.pid, 'SIGKILL');
  console.log(`stopped pid ${child.pid}`);
}

/** Ends every process started here; safe to call twice. */
export async function stopAll(): Promise<void> {
  for (const child of [...started]) await stopProcess(child);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Waits until something accepts connections on the port. */
export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`process ${child.pid} exited (${child.exitCode}) before listening on ${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
