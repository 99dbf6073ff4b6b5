/**
 * The Terraform files of a folder as data: each `.tf` file parsed by HashiCorp's own HCL parser
 * (compiled to WebAssembly in @cdktf/hcl2json), merged by block type, then type, then name.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';

export type Hcl = Record<string, Record<string, Record<string, any[]>>>;

export async function parseTerraformDir(dir: string): Promise<Hcl> {
  const merged: Hcl = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tf')).sort()) {
    const json = (await parse(file, readFileSync(path.join(dir, file), 'utf8'))) as Hcl;
    for (const [blockType, byType] of Object.entries(json)) {
      merged[blockType] ??= {};
      for (const [type, byName] of Object.entries(byType)) {
        merged[blockType][type] = { ...(merged[blockType][type] ?? {}), ...byName };
      }
    }
  }
  return merged;
}
