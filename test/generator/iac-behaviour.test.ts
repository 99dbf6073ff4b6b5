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
import { workspaceFromStored } from '../../lib/config.js';
import { parseTerraformDir } from '../../lib/iac/hcl.js';
import { buildModel } from '../../lib/model.js';
import { CLI } from '../helpers/generators.js';
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

/** Each function's table (by resource name), the DynamoDB actions it may call, and whether its table has indexes. */
function expectedGrants(dir: string): Map<string, { table: string; actions: string[]; indexed: boolean }> {
  const model = buildModel(workspaceFromStored(JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))));
  const out = new Map<string, { table: string; actions: string[]; indexed: boolean }>();
  for (const fn of [...model.routes, ...model.eventFunctions]) {
    if (!fn.table || fn.actions.length === 0) continue;
    out.set(fn.name, { table: fn.table.name, actions: [...fn.actions].sort(), indexed: fn.table.indexes.length > 0 });
  }
  return out;
}

describe('Terraform', () => {
  it("names exactly each function's table in its statement, and the table's indexes only where it queries; the stream reader its table's stream", async () => {
    const dir = await workspace('terraform');
    const tf: any = await parseTerraformDir(path.join(dir, 'infra'));
    const tableOf = (resource: string) => ({ item: 'items', book: 'books' })[resource];
    const grants = expectedGrants(dir);
    expect([...grants.keys()].sort()).toEqual(['create-book', 'create-item', 'delete-book', 'delete-item', 'get-book', 'get-item', 'get-order', 'list-books', 'list-items', 'store-messages', 'update-book', 'update-item']);
    let queried = 0;
    for (const [name, [fn]] of Object.entries<any>(tf.resource.aws_lambda_function)) {
      const key = String(fn.function_name).replace('${local.project}-', '');
      const statements: { sid?: string; actions: string[]; resources: string[] }[] = tf.data.aws_iam_policy_document[name][0].statement;
      const table = statements.filter((s) => s.sid === 'Table');
      const expected = grants.get(key);
      if (!expected) {
        expect(table, key).toEqual([]);
        continue;
      }
      const arn = `\${aws_dynamodb_table.${tableOf(expected.table)}.arn}`;
      const queries = expected.indexed && expected.actions.includes('dynamodb:Query');
      if (queries) queried++;
      expect(table.map((s) => ({ actions: [...s.actions].sort(), resources: s.resources })), key).toEqual([{ actions: expected.actions, resources: [arn, ...(queries ? [`${arn}/index/*`] : [])] }]);
    }
    // The list route of the indexed table and the route reading it through the index both query.
    expect(queried).toBeGreaterThanOrEqual(1);
    const stream = tf.data.aws_iam_policy_document.watch_books[0].statement.filter((s: { actions: string[] }) => s.actions.some((a) => a.startsWith('dynamodb:')));
    expect(stream.flatMap((s: { resources: string[] }) => s.resources).filter((r: string) => r !== '*')).toEqual(['${aws_dynamodb_table.books.stream_arn}']);
    const mapping = Object.values<any>(tf.resource.aws_lambda_event_source_mapping).map(([m]) => m).find((m) => String(m.event_source_arn).includes('stream_arn'));
    expect(mapping.function_response_types).toEqual(['ReportBatchItemFailures']);

    // `check` reads the same: clean as generated; a "*", another table, or indexes the function does not query are findings.
    expect(await iamFindings(dir)).toEqual([]);
    edit(path.join(dir, 'infra/route_get_item.tf'), (t) => t.replace('resources = [aws_dynamodb_table.items.arn]', 'resources = ["*"]'));
    edit(path.join(dir, 'infra/route_delete_book.tf'), (t) => t.replace('resources = [aws_dynamodb_table.books.arn]', 'resources = [aws_dynamodb_table.items.arn]'));
    edit(path.join(dir, 'infra/route_get_book.tf'), (t) => t.replace('resources = [aws_dynamodb_table.books.arn]', 'resources = [aws_dynamodb_table.books.arn, "${aws_dynamodb_table.books.arn}/index/*"]'));
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
    const { Resources } = await samTranslated(path.join(dir, 'template.yaml'));
    const grants = expectedGrants(dir);
    const tableId = (resource: string) => ({ item: 'ItemsTable', book: 'BooksTable' })[resource]!;
    let checked = 0;
    for (const fn of Object.values<any>(Resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
      const key = String(fn.Properties.FunctionName?.['Fn::Sub'] ?? fn.Properties.FunctionName).replace(/^.*\$\{Stage\}-/, '');
      const role = Resources[fn.Properties.Role['Fn::GetAtt'][0]]!;
      const statements: any[] = (role.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
      const table = statements.filter((s) => s.Sid === 'Table');
      const expected = grants.get(key);
      if (!expected) {
        expect(table, key).toEqual([]);
        continue;
      }
      checked++;
      const queries = expected.indexed && expected.actions.includes('dynamodb:Query');
      const arn = { 'Fn::GetAtt': [tableId(expected.table), 'Arn'] };
      expect(table.map((s) => ({ actions: [s.Action].flat().sort(), resources: [s.Resource].flat() })), key).toEqual([
        { actions: expected.actions, resources: [arn, ...(queries ? [{ 'Fn::Sub': `\${${tableId(expected.table)}.Arn}/index/*` }] : [])] },
      ]);
    }
    expect(checked).toBe(grants.size);
    const mappings = Object.values<any>(Resources).filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
    const stream = mappings.find((m) => m.Properties.EventSourceArn?.['Fn::GetAtt']?.[1] === 'StreamArn');
    expect(stream.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    const queue = mappings.find((m) => m !== stream);
    expect(queue.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);

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
    const operations = Object.entries<any>(api.Properties.Body.paths).flatMap(([p, item]) => Object.entries<any>(item).map(([verb, op]) => ({ key: `${verb.toUpperCase()} ${p}`, op })));
    const options = operations.filter((o) => o.key.startsWith('OPTIONS'));
    expect(options.length).toBeGreaterThan(0);
    for (const { key, op } of options) expect(op.security ?? [], key).toEqual([]);
    const signed = operations.filter((o) => !o.key.startsWith('OPTIONS') && o.key !== 'GET /health');
    expect(signed.length).toBeGreaterThan(5);
    for (const { key, op } of signed) expect(op.security, key).toEqual([{ AWS_IAM: [] }]);
  });
});
