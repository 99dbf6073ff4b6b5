import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';

/**
 * A function's code: the zip `cargo lambda build --release --output-format zip` writes to
 * `<lambdaDir>/<name>/bootstrap.zip`; missing, an error that says how to build it.
 */
export function zipOf(lambdaDir: string, name: string): pulumi.asset.Archive {
  const zip = path.join(lambdaDir, name, 'bootstrap.zip');
  if (!existsSync(zip)) {
    throw new Error(`${zip} is missing. Build the functions first: make build-zip (cargo lambda build --release --output-format zip)`);
  }
  return new pulumi.asset.FileArchive(zip);
}
