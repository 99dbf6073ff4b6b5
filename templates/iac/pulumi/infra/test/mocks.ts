// The program under Pulumi's own mocks (no cloud, no Pulumi CLI): every resource it declares for
// the manifest, with its inputs. Each attribute of a resource is a reference to it
// (`ref:<type>:<name>.<attribute>`), which the tests follow from one resource to another.
import * as pulumi from '@pulumi/pulumi';
import { manifest, settings } from '../lib/manifest';

export interface Declared {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

/** The account the mocked caller identity has. */
export const MOCK_ACCOUNT = '123456789012';

/** The attributes a mocked resource has besides its inputs, each a reference to it. */
const ATTRIBUTES = ['arn', 'invokeArn', 'executionArn', 'streamArn', 'url', 'rootResourceId', 'endpoint', 'invokeUrl', 'bucket'];

export const ref = (type: string, name: string, attribute: string) => `ref:${type}:${name}.${attribute}`;

/** What the program declares for `stage`, once every registration is done. */
export async function declare(stage: string): Promise<Declared[]> {
  const declared: Declared[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: ({ type, name, inputs }) => {
        declared.push({ type, name, inputs });
        const state: Record<string, unknown> = { ...inputs, name: inputs.name ?? ref(type, name, 'name') };
        for (const attribute of ATTRIBUTES) state[attribute] = ref(type, name, attribute);
        return { id: ref(type, name, 'id'), state };
      },
      call: ({ token, inputs }) =>
        token === 'aws:index/getCallerIdentity:getCallerIdentity'
          ? { accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/test`, userId: 'test' }
          : token === 'aws:index/getPartition:getPartition'
            ? { partition: 'aws', dnsSuffix: 'amazonaws.com' }
            : token === 'aws:index/getRegion:getRegion'
              ? { region: 'us-east-1', name: 'us-east-1' }
              : inputs,
    },
    manifest.project,
    stage,
  );
  const { deployApi } = await import('../lib/api');
  deployApi(manifest, settings, { stage, code: () => new pulumi.asset.AssetArchive({}) });
  await pulumi.runtime.disconnect();
  return declared;
}
