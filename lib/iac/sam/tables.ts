/** A table of `template.yaml`, its output, and the stream a reader adds to a table the user's template has. */
import { textOf } from '../../text.js';
import { Document, isMap } from 'yaml';
import type { ResourceModel } from '../../model.js';
import { UserError } from '../../errors.js';
import { STREAM_VIEW_TYPE } from '../../triggers/dynamodb-stream.js';
import { samSkips } from '../checkov.js';
import { tableKeys } from '../../fields.js';
import { ref } from './resources.js';

/** The table of a resource: on-demand, point-in-time recovery, encrypted, retained; with a stream when a function reads it. */
export function samTableResources(r: ResourceModel, stream = false): Record<string, unknown> {
  return {
    [r.tableId]: {
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Metadata: {
        checkov: {
          skip: samSkips([], {
            CKV_AWS_119: 'Encrypted at rest with the AWS managed key (aws/dynamodb); set SSESpecification.KMSMasterKeyId for a customer managed key.',
          }),
        },
      },
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: tableKeys(r.indexes).map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: r.indexes.length
          ? r.indexes.map((i) => ({
              IndexName: i.name,
              KeySchema: [{ AttributeName: i.partition, KeyType: 'HASH' }, i.sort === undefined ? undefined : { AttributeName: i.sort, KeyType: 'RANGE' }],
              Projection: { ProjectionType: 'ALL' },
            }))
          : undefined,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        StreamSpecification: stream ? { StreamViewType: STREAM_VIEW_TYPE } : undefined,
      },
    },
  };
}

/** The stream of a table the user's template has: added when missing, refused when of another view type. */
export function addTableStream(doc: Document, r: ResourceModel): void {
  const path = ['Resources', r.tableId, 'Properties'];
  if (!isMap(doc.getIn(path))) throw new UserError(`template.yaml has no table ${r.tableId} (its Properties) for the stream of the ${r.name} table`);
  const view = doc.getIn([...path, 'StreamSpecification', 'StreamViewType']);
  if (view === undefined) doc.setIn([...path, 'StreamSpecification'], doc.createNode({ StreamViewType: STREAM_VIEW_TYPE }));
  else if (textOf(view) !== STREAM_VIEW_TYPE) {
    throw new UserError(
      `template.yaml: the stream of ${r.tableId} carries ${textOf(view)}; a stream reader needs ${STREAM_VIEW_TYPE} (the item before and after each change). Change it, then run again`,
    );
  }
}

export function samTableOutputs(r: ResourceModel): Record<string, unknown> {
  return { [`${r.tableId}Name`]: { Description: `Name of the ${r.pluralLabel} table`, Value: ref(r.tableId) } };
}
