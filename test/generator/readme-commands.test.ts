/**
 * Commands the generated workspace hands its users do what they say: the Makefile's Terraform
 * targets deploy each stage with its own stages/<stage>.tfvars, and the README's local `curl`
 * creates an item with a body the resource accepts (its own sample, not a fixed `name`).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { STAGES } from '../../lib/stage.js';
import { CLI } from '../helpers/generators.js';

async function workspace(...flags: string[]): Promise<string> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'sa-readme-'));
  const result = await execa('node', [CLI, 'new', 'shop', '--yes', '--skip-install', '--no-git', ...flags], { cwd, reject: false, all: true, stdin: 'ignore' });
  expect(result.exitCode, result.all).toBe(0);
  return path.join(cwd, 'shop');
}

describe('the commands a workspace hands its users', () => {
  it.each(STAGES)("Terraform: make plan and make deploy STAGE=%s read that stage's tfvars file, which exists", async (stage) => {
    const dir = await workspace('--iac', 'terraform');
    for (const target of ['plan', 'deploy']) {
      // -n: what make would run, nothing run.
      const { stdout } = await execa('make', ['-n', target, `STAGE=${stage}`], { cwd: dir });
      const terraform = stdout.split('\n').find((line) => line.startsWith(`terraform -chdir=infra ${target === 'plan' ? 'plan' : 'apply'}`));
      expect(terraform, stdout).toBe(`terraform -chdir=infra ${target === 'plan' ? 'plan' : 'apply'} -var-file=stages/${stage}.tfvars`);
      expect(existsSync(path.join(dir, 'infra', 'stages', `${stage}.tfvars`))).toBe(true);
    }
    expect(readFileSync(path.join(dir, 'infra', 'stages', `${stage}.tfvars`), 'utf8')).toContain(`stage = "${stage}"`);
  });

  it("README: the local curl posts the create's own good sample body, whatever the fields", async () => {
    const dir = await workspace('--resource', 'book', '--fields', 'title:string(120), pages:integer, genre:enum(novel,essay)');
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    const body = /curl -si -X POST localhost:9000\/books -H 'content-type: application\/json' -d '([^']*)'/.exec(readme)?.[1];
    expect(body).toBeDefined();
    const sample = JSON.parse(readFileSync(path.join(dir, 'lambdas/create-book/events/ok.json'), 'utf8'));
    expect(JSON.parse(body!)).toEqual(JSON.parse(sample.body));
    expect(Object.keys(JSON.parse(body!))).toEqual(['title', 'pages', 'genre']);
  });
});
