/**
 * For the same answers, CDK (its synthesized template), SAM (template.yaml) and Terraform (the
 * parsed HCL) describe the same functions, routes, memory, timeout, architecture and IAM actions.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_DIR, tool } from '../helpers/run.js';
import { generate, tofuValidate } from '../helpers/workspace.js';
import { fromCdkTemplate, fromSamTemplate, fromTerraform } from '../helpers/iac-model.js';

const ROOT = path.join(E2E_DIR, 'cross');
const ANSWERS = ['--api', 'http', '--arch', 'x86_64', '--memory', '512', '--timeout', '15', '--resource', 'category'];

describe('the three flavours agree', () => {
  it('on functions, routes, memory, timeout, architecture and DynamoDB actions', async () => {
    const cdk = await generate(ROOT, 'same-cdk', '--iac', 'cdk', ...ANSWERS);
    await tool(path.join(cdk, 'infra'), 'npx', ['cdk', 'synth', '--quiet', '--no-notices'], { SKIP_BUNDLING: '1' });
    const sam = await generate(ROOT, 'same-sam', '--iac', 'sam', ...ANSWERS);
    const tf = await generate(ROOT, 'same-tf', '--iac', 'terraform', ...ANSWERS);

    const fromCdk = fromCdkTemplate(path.join(cdk, 'infra', 'cdk.out', 'SameCdkStack.template.json'), 'same-cdk');
    const fromSam = fromSamTemplate(path.join(sam, 'template.yaml'), 'same-sam');
    await tofuValidate(path.join(tf, 'infra'));
    const fromTf = await fromTerraform(path.join(tf, 'infra'));

    expect(Object.keys(fromCdk).sort()).toEqual(['create-category', 'delete-category', 'get-category', 'list-categories', 'update-category']);
    expect(fromCdk['get-category']).toEqual({ route: 'GET /categories/{id}', memory: 512, timeout: 15, architecture: 'x86_64', actions: ['dynamodb:GetItem'] });
    expect(fromSam).toEqual(fromCdk);
    expect(fromTf).toEqual(fromCdk);
  });
});
