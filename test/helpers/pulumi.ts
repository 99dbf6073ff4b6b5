/**
 * A Pulumi workspace's program run under Pulumi's own mocks (no cloud, no CLI), by the mocks of its
 * own tests (`infra/test/mocks.ts`): every resource it declares, with its inputs, each attribute a
 * reference to its resource (`pulumiRef` of lib/iac/deployment.ts), which `readPulumi` follows. The
 * program's dependencies must be installed in `infra/`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PulumiResource } from '../../lib/iac/deployment.js';
import { DEFAULT_STAGE } from '../../lib/stage.js';

export async function pulumiDeclared(dir: string, stage: string = DEFAULT_STAGE): Promise<PulumiResource[]> {
  const infra = path.join(dir, 'infra');
  if (!existsSync(path.join(infra, 'node_modules/@pulumi/pulumi'))) throw new Error(`${infra}: install the program's dependencies first (npm ci)`);
  const { declare } = (await import(path.join(infra, 'test/mocks.ts'))) as { declare: (stage: string) => Promise<PulumiResource[]> };
  return declare(stage);
}
