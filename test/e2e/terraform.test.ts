/**
 * The Terraform flavour: `tofu fmt -check` (OpenTofu built from the Go module proxy: no
 * Terraform binary can be downloaded here), `tofu validate` without `init` (every check but those
 * of the AWS provider, which no registry here serves; the generated CI runs the full
 * `terraform validate`), tflint's built-in rules, checkov, and a structural test of the parsed HCL.
 */
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { E2E_DIR, tool } from '../helpers/run.js';
import { generate, rustChecks, terraformChecks } from '../helpers/workspace.js';
import { fromTerraform, parseTerraform } from '../helpers/iac-model.js';

const ROOT = path.join(E2E_DIR, 'terraform');

describe.each([
  ['tf-http', ['--api', 'http'], 'arm64'],
  ['tf-rest', ['--api', 'rest', '--arch', 'x86_64'], 'x86_64'],
] as const)('%s', (name, flags, arch) => {
  let dir = '';
  let infra = '';

  beforeAll(async () => {
    dir = await generate(ROOT, name, '--iac', 'terraform', ...flags);
    infra = path.join(dir, 'infra');
  });

  it('writes one file per route and per table', async () => {
    const files = readdirSync(infra)
      .filter((f) => f.endsWith('.tf'))
      .sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'versions.tf',
        'providers.tf',
        'variables.tf',
        'outputs.tf',
        'api.tf',
        'table_items.tf',
        'route_get_item.tf',
        'route_list_items.tf',
      ]),
    );
    expect(files.filter((f) => f.startsWith('route_'))).toHaveLength(5);
  });

  it('describes, per route: function, role with exact actions on the table, log group, route, integration, permission', async () => {
    const tf = await parseTerraform(infra);
    expect(tf.terraform[0].required_providers[0].aws).toMatchObject({ source: 'hashicorp/aws', version: '~> 6.0' });
    expect(await fromTerraform(infra)).toEqual({
      'create-item': { route: 'POST /items', memory: 256, timeout: 10, architecture: arch, actions: ['dynamodb:PutItem'] },
      'get-item': { route: 'GET /items/{id}', memory: 256, timeout: 10, architecture: arch, actions: ['dynamodb:GetItem'] },
      'list-items': { route: 'GET /items', memory: 256, timeout: 10, architecture: arch, actions: ['dynamodb:Scan'] },
      'update-item': { route: 'PUT /items/{id}', memory: 256, timeout: 10, architecture: arch, actions: ['dynamodb:UpdateItem'] },
      'delete-item': { route: 'DELETE /items/{id}', memory: 256, timeout: 10, architecture: arch, actions: ['dynamodb:DeleteItem'] },
    });
    for (const [name, [fn]] of Object.entries<any>(tf.resource.aws_lambda_function)) {
      expect(fn).toMatchObject({ runtime: 'provided.al2023', handler: 'bootstrap', role: `\${aws_iam_role.${name}.arn}` });
      expect(fn.logging_config[0]).toEqual({ log_format: 'JSON', log_group: `\${aws_cloudwatch_log_group.${name}.name}` });
      const tableStatement = tf.data.aws_iam_policy_document[name][0].statement.find((s: { sid: string }) => s.sid === 'Table');
      expect(tableStatement.resources).toEqual(['${aws_dynamodb_table.items.arn}']);
      const permission = tf.resource.aws_lambda_permission[name][0];
      expect(permission).toMatchObject({ principal: 'apigateway.amazonaws.com', function_name: `\${aws_lambda_function.${name}.function_name}` });
      expect(permission.source_arn).toMatch(/execution_arn\}\/\*\/(GET|POST|PUT|DELETE)\/items/);
      if ((flags as readonly string[]).includes('rest')) {
        expect(tf.resource.aws_api_gateway_integration[name][0]).toMatchObject({ type: 'AWS_PROXY', uri: `\${aws_lambda_function.${name}.invoke_arn}` });
      } else {
        expect(tf.resource.aws_apigatewayv2_integration[name][0]).toMatchObject({
          integration_type: 'AWS_PROXY',
          payload_format_version: '2.0',
          integration_uri: `\${aws_lambda_function.${name}.invoke_arn}`,
        });
        expect(tf.resource.aws_apigatewayv2_route[name][0].target).toBe(`integrations/\${aws_apigatewayv2_integration.${name}.id}`);
      }
    }
    expect(tf.resource.aws_dynamodb_table.items[0]).toMatchObject({
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'id',
      point_in_time_recovery: [{ enabled: true }],
      server_side_encryption: [{ enabled: true }],
      lifecycle: [{ prevent_destroy: true }],
    });
  });

  it('passes tofu fmt -check, tofu validate (all but the provider), tflint and checkov (every skip with its reason)', async () => {
    await terraformChecks(infra);
  });

  it("offers an S3 backend with S3's own lock file that is valid once uncommented", async () => {
    const copy = path.join(E2E_DIR, 'terraform', `${name}-backend`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(infra, copy, { recursive: true });
    const versions = path.join(copy, 'versions.tf');
    const text = readFileSync(versions, 'utf8');
    const uncommented = text.replace(/^  # (backend "s3" \{|  .*|\})$/gm, '  $1');
    expect(uncommented).not.toBe(text);
    writeFileSync(versions, uncommented);
    await tool(copy, 'tofu', ['fmt', '-check']);
    const tf = await parseHcl('versions.tf', uncommented);
    expect(tf.terraform[0].backend.s3[0]).toMatchObject({ use_lockfile: true, encrypt: true, key: `${name}/terraform.tfstate` });
  });

  it('has CI and upgrade workflows that actionlint accepts', async () => {
    await tool(dir, 'actionlint', ['-no-color', '.github/workflows/ci.yml', '.github/workflows/upgrade.yml']);
  });

  it('passes cargo fmt, clippy -D warnings and its tests', async () => {
    await rustChecks(dir);
  });
});
