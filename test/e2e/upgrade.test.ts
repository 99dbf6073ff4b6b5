/**
 * `serverless-api upgrade` from a real older release: 0.1.0 is built from this repository's own
 * history (test/releases.json), generates a workspace in each flavour and adds a route; then the
 * edits real teams make (handler logic, an added dependency, the CI workflow, a comment and a
 * resource in the SAM template, the CDK stack, an extra Terraform file); then this version
 * upgrades it. The result is asserted file by file, and proven by the real tools: actionlint on
 * the workflows, each flavour's validators, `check`, and (once: the Rust side is the same in every
 * flavour) cargo fmt, clippy -D warnings and the tests with the team's handler edit.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERATOR_VERSION } from '../../lib/version.js';
import { CLI } from '../helpers/generators.js';
import { UPGRADE_FROM_0_1_0, oldGenerator } from '../helpers/old-generator.js';
import { E2E_DIR, tool } from '../helpers/run.js';
import { cdkChecks, rustChecks, samChecks, terraformChecks } from '../helpers/workspace.js';

const ROOT = path.join(E2E_DIR, 'upgrade');
const FLAVOURS = { cdk: 'up-cdk', sam: 'up-sam', terraform: 'up-tf' } as const;
type Flavour = keyof typeof FLAVOURS;

/** Every file under `dir` (build outputs and installed packages aside), relative, with its contents. */
function tree(dir: string, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(path.join(dir, prefix))) {
    if (['node_modules', 'cdk.out', 'target', '.aws-sam', '.terraform'].includes(name)) continue;
    const relative = prefix ? `${prefix}/${name}` : name;
    if (statSync(path.join(dir, relative)).isDirectory()) tree(dir, relative, into);
    else into[relative] = readFileSync(path.join(dir, relative), 'utf8');
  }
  return into;
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const full = path.join(dir, file);
  const before = readFileSync(full, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing: its anchor is gone`);
  writeFileSync(full, after);
}

const HANDLER_TEST = `
#[cfg(test)]
mod team_tests {
    /// The team's own rule: order ids are upper-case.
    fn normalize(id: &str) -> String {
        id.to_uppercase()
    }

    #[test]
    fn normalizes_order_ids() {
        assert_eq!(normalize("ab-1"), "AB-1");
    }
}
`;

/** The edits of a team, common to every flavour. */
function teamEdits(dir: string): void {
  edit(dir, 'lambdas/get-orders/src/handler.rs', (t) => `${t}${HANDLER_TEST}`);
  edit(dir, 'lambdas/get-item/Cargo.toml', (t) => t.replace('[dependencies]\n', '[dependencies]\ntracing.workspace = true\n'));
  edit(dir, '.github/workflows/ci.yml', (t) =>
    t.replace(
      '      - run: cargo fmt --all --check\n',
      '      - run: cargo fmt --all --check\n      - name: Spelling (the team)\n        run: echo "checked"\n',
    ),
  );
}

const EDITS: Record<Flavour, (dir: string) => void> = {
  cdk: (dir) =>
    edit(dir, 'infra/lib/api-stack.ts', (t) =>
      t.replace(
        '    this.prefix = `${manifest.project}-${props.stage}`;\n',
        "    this.prefix = `${manifest.project}-${props.stage}`;\n    // The team: an output of ours.\n    new CfnOutput(this, 'Team', { value: 'orders' });\n",
      ),
    ),
  sam: (dir) => {
    edit(dir, 'template.yaml', (t) =>
      t.replace(
        'Resources:\n',
        'Resources:\n  # The team: a parameter of ours.\n  TeamParameter:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Type: String\n      Value: orders\n',
      ),
    );
  },
  terraform: (dir) =>
    writeFileSync(path.join(dir, 'infra/team.tf'), 'output "team" {\n  description = "The team that owns this API"\n  value       = "orders"\n}\n'),
};

describe.each(Object.keys(FLAVOURS) as Flavour[])('upgrade from 0.1.0, %s', (iac) => {
  const name = FLAVOURS[iac];
  const dir = path.join(ROOT, name);
  let before: Record<string, string> = {};
  let after: Record<string, string> = {};
  let output = '';

  beforeAll(async () => {
    const old = oldGenerator('0.1.0', path.join(E2E_DIR, 'releases'));
    const oldCli = path.join(old, 'dist/bin/serverless-api.js');
    await tool(E2E_DIR, 'mkdir', ['-p', ROOT]);
    await tool(ROOT, 'rm', ['-rf', name]);
    await tool(ROOT, 'node', [oldCli, 'new', name, '--yes', '--no-git', '--iac', iac, ...(iac === 'cdk' ? [] : ['--skip-install'])]);
    await tool(dir, 'node', [oldCli, 'route', 'GET', '/orders', '--yes']);
    teamEdits(dir);
    EDITS[iac](dir);
    before = tree(dir);
    output = await tool(dir, 'node', [CLI, 'upgrade', '--from', old]);
    after = tree(dir);
  });

  it('reports what it did and changes exactly the files it names', () => {
    expect(output).toContain(`Upgraded ${name}: generator 0.1.0 -> ${GENERATOR_VERSION}.`);
    const added = Object.keys(after)
      .filter((f) => !(f in before))
      .sort();
    const removed = Object.keys(before)
      .filter((f) => !(f in after))
      .sort();
    const changed = Object.keys(after)
      .filter((f) => f in before && after[f] !== before[f])
      .sort();
    // The CDK app also gained authentication, CORS and indexes (the manifest's types, the stack's
    // CORS block and index, a test of each route's authorization): the stack, which the team
    // edited, is merged.
    // Every flavour: the default tags (Project, Stage, ManagedBy) and the access log's fields,
    // the same in the three now.
    const flavourFiles = {
      cdk: ['infra/bin/app.ts', 'infra/lib/api-stack.ts', 'infra/lib/manifest.ts', 'infra/test/api-stack.test.ts'],
      sam: ['samconfig.toml', 'template.yaml'],
      terraform: ['infra/api.tf'],
    }[iac];
    expect({ added, removed, changed }).toEqual({ ...UPGRADE_FROM_0_1_0, changed: [...UPGRADE_FROM_0_1_0.changed, ...flavourFiles].sort() });
    if (iac === 'cdk') expect(output).toMatch(/merged +infra\/lib\/api-stack\.ts +\(your edits kept\)/);
    expect(output).toMatch(/merged +\.github\/workflows\/ci\.yml +\(your edits kept\)/);
    expect(output).toContain('migrated  renamed docker-compose.yml to compose.yaml');
  });

  it('keeps every edit of the team, file by file', () => {
    expect(after['lambdas/get-orders/src/handler.rs']).toBe(before['lambdas/get-orders/src/handler.rs']);
    expect(after['lambdas/get-orders/src/handler.rs']).toContain('fn normalizes_order_ids()');
    expect(after['lambdas/get-item/Cargo.toml']).toContain('[dependencies]\ntracing.workspace = true\n');
    const ci = after['.github/workflows/ci.yml']!;
    expect(ci).toContain('      - name: Spelling (the team)\n        run: echo "checked"\n');
    // The version of the check is read from .yo-rc.json now: no later upgrade changes the workflow.
    expect(ci).toContain('npx --yes --package "generator-serverless-api@${version}" serverless-api check');
    expect(ci).not.toContain('generator-serverless-api@0.1.0');
    expect(ci).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    // The team's file, with the lines that now say who owns it and where a team's services go.
    expect(after['compose.yaml']).toMatch(/^# Generated by generator-serverless-api/);
    expect(after['compose.yaml']).toContain(before['docker-compose.yml']);
    // 0.2.0's README section, with the route table the old version's addition wrote.
    expect(after['README.md']).toContain('## Keep up with the generator');
    expect(before['README.md']).not.toContain('## Keep up with the generator');
    expect(after['README.md']).toMatch(/^\| `GET` +\| `\/orders` +\| `get-orders` +\|/m);
    if (iac === 'cdk') expect(after['infra/lib/api-stack.ts']).toContain("new CfnOutput(this, 'Team', { value: 'orders' });");
    if (iac === 'sam') expect(after['template.yaml']).toContain('  # The team: a parameter of ours.\n  TeamParameter:\n');
    if (iac === 'terraform') expect(after['infra/team.tf']).toBe(before['infra/team.tf']);
    expect(JSON.parse(after['.yo-rc.json']!)['generator-serverless-api'].generatorVersion).toBe(GENERATOR_VERSION);
  });

  it("passes actionlint, the flavour's validators and check; a second run changes nothing", async () => {
    await tool(dir, 'actionlint', ['-no-color', '.github/workflows/ci.yml', '.github/workflows/upgrade.yml']);
    if (iac === 'cdk') await cdkChecks(dir, name);
    if (iac === 'sam') await samChecks(dir);
    if (iac === 'terraform') await terraformChecks(path.join(dir, 'infra'));
    expect(await tool(dir, 'node', [CLI, 'check'])).toContain('=> follows its standard');
    expect((await tool(dir, 'node', [CLI, 'upgrade'])).trim()).toBe(`${name} follows generator ${GENERATOR_VERSION}: nothing to upgrade.`);
    const again = tree(dir);
    for (const file of Object.keys(after)) expect(again[file], file).toBe(after[file]);
  });
});

// The Rust files are the same in every flavour: built and tested once, in the SAM workspace upgraded above.
describe('upgrade from 0.1.0, the Rust workspace', () => {
  it("builds and tests with the team's edits: cargo fmt, clippy -D warnings, the tests (the team's included), cargo deny", async () => {
    const dir = path.join(ROOT, FLAVOURS.sam);
    expect(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8')).toContain(`"generatorVersion": "${GENERATOR_VERSION}"`);
    await rustChecks(dir);
    const tests = await tool(dir, 'cargo', ['test', '-p', 'get-orders', 'team_tests']);
    expect(tests).toMatch(/test handler::team_tests::normalizes_order_ids \.\.\. ok/);
  });
});
