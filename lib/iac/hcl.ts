/**
 * The Terraform files of a folder as data: each `.tf` file parsed by HashiCorp's own HCL parser
 * (compiled to WebAssembly in @cdktf/hcl2json), merged by block type, then type, then name.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type Hcl = Record<string, Record<string, Record<string, any[]>>>;

export async function parseTerraformDir(dir: string): Promise<Hcl> {
  // Loaded when a folder is parsed (`check`), not when the generator starts; required, not
  // imported: the bundled CLI runs where import() cannot (bin/serverless-api.ts).
  const { parse } = createRequire(import.meta.url)('@cdktf/hcl2json') as typeof import('@cdktf/hcl2json');
  const merged: Hcl = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort()) {
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
