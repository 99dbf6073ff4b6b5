// The Pulumi program of this workspace: the stack's name is the stage (`pulumi stack select dev`),
// part of every physical name, so stages deploy side by side in one account.
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { deployApi } from './lib/api';
import { zipOf } from './lib/code';
import { manifest, settings } from './lib/manifest';

const stage = pulumi.getStack();
if (!new RegExp(settings.stagePattern).test(stage)) {
  throw new Error(`the stack ${stage} is not a stage name (${settings.stagePattern}): it is part of every physical name`);
}

/** Where `cargo lambda build --release --output-format zip` writes each function's zip. */
const LAMBDA_DIR = path.join(__dirname, '..', 'target', 'lambda');

export = deployApi(manifest, settings, { stage, code: (name) => zipOf(LAMBDA_DIR, name) });
