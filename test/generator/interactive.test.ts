/**
 * The interactive path as a person meets it: the CLI runs in a real terminal (tmux), the test
 * reads the screen and answers with typing and arrow keys, like a person would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/fs.js';
import { CLI } from '../helpers/generators.js';

const session = `sa-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session, '-S', '-200');

/** Waits until the screen shows `text` (the question being asked), then returns the screen. */
async function waitFor(text: string | RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen();
    if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; the screen shows:\n${shown}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function keys(...k: string[]): void {
  tmux('send-keys', '-t', session, ...k);
}

function type(text: string): void {
  tmux('send-keys', '-t', session, '-l', text);
}

afterEach(() => {
  spawnSync('tmux', ['kill-session', '-t', session]);
});

describe('serverless-api new in a terminal (needs tmux; .ci/run installs it)', () => {
  it('asks each question, re-asks an invalid answer with its reason, and writes what the same flags write', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sa-tty-'));
    tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '50', '-c', dir, `node ${CLI} new --skip-install --no-git; echo EXITED $?; sleep 30`);

    await waitFor('Project name');
    type('Shop API');
    keys('Enter');
    await waitFor('is not a valid project name');
    keys('C-a', 'C-k'); // clear the line, as a person would with backspace
    for (let i = 0; i < 10; i++) keys('BSpace');
    type('shop');
    keys('Enter');

    await waitFor('One-line description');
    keys('Enter'); // the default
    await waitFor('Infrastructure as code');
    keys('Enter'); // AWS CDK
    await waitFor('API Gateway type');
    keys('Down', 'Enter'); // REST API
    await waitFor('Starter CRUD resource');
    type('order');
    keys('Enter');
    await waitFor('Fields of the resource');
    type('title:text');
    keys('Enter');
    await waitFor('unknown type "text"');
    for (let i = 0; i < 10; i++) keys('BSpace');
    type('title:string(80), pages:integer?');
    keys('Enter');
    await waitFor('Index of the resource');
    type('title');
    keys('Enter');
    await waitFor("Order of the resource's list");
    type('pages');
    keys('Enter');
    await waitFor('field "pages" cannot be a sort key');
    for (let i = 0; i < 10; i++) keys('BSpace');
    type('title:desc');
    keys('Enter');
    await waitFor('Lambda architecture');
    keys('Down', 'Enter'); // x86_64
    await waitFor('Lambda memory');
    type('lots');
    keys('Enter');
    await waitFor('memory must be a whole number');
    for (let i = 0; i < 10; i++) keys('BSpace');
    type('512');
    keys('Enter');
    await waitFor('Lambda timeout');
    keys('Enter'); // 10
    await waitFor('Authentication of the API');
    keys('Down', 'Down', 'Enter'); // cognito (the JWT issuer and audience are not asked)
    await waitFor('CORS origins');
    keys('Enter'); // none
    const done = await waitFor(/EXITED \d+/, 60_000);
    expect(done).toContain('EXITED 0');
    expect(done).toContain('Next steps:');

    const flagsDir = mkdtempSync(path.join(tmpdir(), 'sa-flags-'));
    execFileSync(
      'node',
      [
        CLI,
        'new',
        'shop',
        '--api',
        'rest',
        '--resource',
        'order',
        '--fields',
        'title:string(80), pages:integer?',
        '--index',
        'title',
        '--sort-key',
        'title:desc',
        '--arch',
        'x86_64',
        '--memory',
        '512',
        '--auth',
        'cognito',
        '--yes',
        '--skip-install',
        '--no-git',
      ],
      {
        cwd: flagsDir,
        stdio: 'ignore',
      },
    );
    expect(snapshot(path.join(dir, 'shop'))).toEqual(snapshot(path.join(flagsDir, 'shop')));
  }, 120_000);
});
