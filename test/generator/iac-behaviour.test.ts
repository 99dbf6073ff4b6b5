/**
 * What each flavour's infrastructure does, read as the cloud reads it (Terraform through its parsed
 * HCL, SAM through SAM's own translation to CloudFormation), not as text: each function's table
 * statement names exactly its table, and that table's indexes only where the function queries
 * them; a stream's mapping reports batch item failures; a REST API with IAM lets CORS preflights
 * through unsigned. A `"*"` resource, another table, a dropped response type or a preflight that
 * needs a signature fails here, in `npm test`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, vi } from 'vitest';
import { readCloudFormation, readTerraform } from '../../lib/iac/deployment.js';
import { parseTerraformDir } from '../../lib/iac/hcl.js';
import { CLI } from '../helpers/generators.js';
import { expectTableGrants, expectedGrants } from '../helpers/flavour-contract.js';
import { samTranslated } from '../helpers/iac-model.js';

vi.setConfig({ testTimeout: 120_000 });

async function cli(cwd: string, ...args: string[]): Promise<void> {
  const result = await execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
  expect(result.exitCode, `${args.join(' ')}: ${result.all}`).toBe(0);
}

/** What `check` says of the iam rule. */
async function iamFindings(dir: string): Promise<string[]> {
  const result = await execa('node', [CLI, 'check', '--json'], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
  const report = JSON.parse(result.stdout) as { findings: { rule: string; message: string }[] };
  return report.findings.filter((f) => f.rule === 'iam').map((f) => f.message);
}

/** Edits a file of a workspace. */
function edit(file: string, change: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after, file).not.toBe(before);
  writeFileSync(file, after);
}

/** A workspace of a flavour with two tables (one with an index and a sort key), reads, writes, queries, a stream reader and a queue consumer. */
async function workspace(iac: 'terraform' | 'sam', ...flags: string[]): Promise<string> {
  const cwd = mkdtempSync(path.join(tmpdir(), `sa-iac-${iac}-`));
  await cli(cwd, 'new', 'shop', '--iac', iac, '--yes', '--skip-install', '--no-git', ...flags);
  const dir = path.join(cwd, 'shop');
  await cli(dir, 'resource', 'book', '--fields', 'title:string(40), status:enum(draft,live)', '--index', 'status', '--sort-key', 'title', '--yes');
  await cli(dir, 'route', 'GET', '/orders/{orderId}', '--resource', 'item', '--access', 'read', '--yes');
  await cli(dir, 'function', 'watch-books', '--trigger', 'dynamodb-stream', '--resource', 'book', '--yes');
  await cli(dir, 'function', 'store-messages', '--trigger', 'sqs', '--resource', 'book', '--access', 'write', '--yes');
  return dir;
}

describe('Terraform', () => {
  it("names exactly each function's table in its statement, and the table's indexes only where it queries; the stream reader its table's stream", async () => {
    const dir = await workspace('terraform');
    const deployment = readTerraform(await parseTerraformDir(path.join(dir, 'infra')));
    expect([...expectedGrants(dir).keys()].sort()).toEqual([
      'create-book',
      'create-item',
      'delete-book',
      'delete-item',
      'get-book',
      'get-item',
      'get-order',
      'list-books',
      'list-items',
      'store-messages',
      'update-book',
      'update-item',
    ]);
    expect(expectTableGrants('terraform', dir, deployment)).toBeGreaterThanOrEqual(1);
    const watch = deployment.functions.find((f) => f.name === 'watch-books')!;
    expect(
      watch.statements
        .filter((s) => s.actions.some((a) => a.startsWith('dynamodb:')))
        .flatMap((s) => s.resources)
        .filter((r) => r !== '*'),
    ).toEqual(['stream:books']);
    const mapping = deployment.mappings.find((m) => m.source === 'stream:books')!;
    expect(mapping.function).toBe(watch.id);
    expect(mapping.responseTypes).toEqual(['ReportBatchItemFailures']);

    // `check` reads the same: clean as generated; a "*", another table, or indexes the function does not query are findings.
    expect(await iamFindings(dir)).toEqual([]);
    edit(path.join(dir, 'infra/route_get_item.tf'), (t) => t.replace('resources = [aws_dynamodb_table.items.arn]', 'resources = ["*"]'));
    edit(path.join(dir, 'infra/route_delete_book.tf'), (t) =>
      t.replace('resources = [aws_dynamodb_table.books.arn]', 'resources = [aws_dynamodb_table.items.arn]'),
    );
    edit(path.join(dir, 'infra/route_get_book.tf'), (t) =>
      t.replace('resources = [aws_dynamodb_table.books.arn]', 'resources = [aws_dynamodb_table.books.arn, "${aws_dynamodb_table.books.arn}/index/*"]'),
    );
    expect((await iamFindings(dir)).sort()).toEqual([
      'delete-book may use DynamoDB on the item table in infra/*.tf (aws_lambda_function.delete_book); .yo-rc.json gives it the book table',
      "get-book may use DynamoDB on the book table's indexes, the book table in infra/*.tf (aws_lambda_function.get_book); .yo-rc.json gives it the book table",
      'get-item may use DynamoDB on "*" in infra/*.tf (aws_lambda_function.get_item); .yo-rc.json gives it the item table',
    ]);
  });
});

describe('SAM, as SAM translates it', () => {
  it("names exactly each function's table in its statement, and the table's indexes only where it queries; the stream's mapping reports batch item failures", async () => {
    const dir = await workspace('sam');
    const deployment = readCloudFormation(await samTranslated(path.join(dir, 'template.yaml')), ['shop-${Stage}-']);
    expect(expectTableGrants('sam', dir, deployment)).toBeGreaterThanOrEqual(1);
    const watch = deployment.functions.find((f) => f.name === 'watch-books')!;
    const store = deployment.functions.find((f) => f.name === 'store-messages')!;
    const stream = deployment.mappings.find((m) => m.source === 'stream:BooksTable')!;
    expect(stream.function).toBe(watch.id);
    expect(stream.responseTypes).toEqual(['ReportBatchItemFailures']);
    const queue = deployment.mappings.find((m) => m.function === store.id)!;
    expect(queue.source).toMatch(/^queue:/);
    expect(queue.responseTypes).toEqual(['ReportBatchItemFailures']);

    // `check` reads the same: clean as generated; a "*" is a finding.
    expect(await iamFindings(dir)).toEqual([]);
    edit(path.join(dir, 'template.yaml'), (t) => {
      const at = t.indexOf('Role of shop-${Stage}-get-item');
      const grant = t.indexOf('Resource: !GetAtt ItemsTable.Arn', at);
      return `${t.slice(0, grant)}Resource: "*"${t.slice(grant + 'Resource: !GetAtt ItemsTable.Arn'.length)}`;
    });
    expect(await iamFindings(dir)).toEqual(['get-item may use DynamoDB on "*" in template.yaml; .yo-rc.json gives it the item table']);
  });

  it('lets the CORS preflights of a REST API with IAM through unsigned, and signs every other method', async () => {
    const dir = await workspace('sam', '--api', 'rest', '--auth', 'iam', '--cors', 'https://app.example.com');
    const { Resources } = await samTranslated(path.join(dir, 'template.yaml'));
    // SAM writes a REST API's methods into its OpenAPI body: no security there is none at all.
    const api = Object.values<any>(Resources).find((r) => r.Type === 'AWS::ApiGateway::RestApi');
    expect(api.Properties.Body.security).toBeUndefined();
    const operations = Object.entries<any>(api.Properties.Body.paths).flatMap(([p, item]) =>
      Object.entries<any>(item).map(([verb, op]) => ({ key: `${verb.toUpperCase()} ${p}`, op })),
    );
    const options = operations.filter((o) => o.key.startsWith('OPTIONS'));
    expect(options.length).toBeGreaterThan(0);
    for (const { key, op } of options) expect(op.security ?? [], key).toEqual([]);
    const signed = operations.filter((o) => !o.key.startsWith('OPTIONS') && o.key !== 'GET /health');
    expect(signed.length).toBeGreaterThan(5);
    for (const { key, op } of signed) expect(op.security, key).toEqual([{ AWS_IAM: [] }]);
  });
});
