/** A table of infra/: on-demand, point-in-time recovery, encrypted, kept on destroy, with its indexes and a stream where a function reads it. */
import type { ResourceModel } from '../../model.js';
import { STREAM_VIEW_TYPE } from '../../triggers/dynamodb-stream.js';
import { terraformSkips } from '../checkov.js';
import { tableKeys } from '../../fields.js';
import { HEADER, tableName } from './functions.js';
import { block, comment, printHcl, resource, str } from './hcl-writer.js';

export function terraformTable(r: ResourceModel, stream = false): string {
  const table = resource(
    'aws_dynamodb_table',
    tableName(r),
    [
      comment(
        terraformSkips([], {
          CKV_AWS_119: 'Encrypted at rest with the AWS managed key (aws/dynamodb); set server_side_encryption.kms_key_arn for a customer managed key.',
        }),
      ),
      comment(terraformSkips(['CKV2_AWS_16'])),
      ['name', str(`\${local.project}-${r.plural}`)],
      ['billing_mode', '"PAY_PER_REQUEST"'],
      ['hash_key', '"id"'],
    ],
    // The item before and after each change, for the functions that read the table's stream.
    stream && [
      ['stream_enabled', 'true'],
      ['stream_view_type', str(STREAM_VIEW_TYPE)],
    ],
    // The key attributes: the table's id, and its indexes' keys (strings; numbers for a numeric sort key).
    ...tableKeys(r.indexes).map((key) =>
      block(
        'attribute',
        [],
        [
          ['name', str(key.name)],
          ['type', str(key.type)],
        ],
      ),
    ),
    ...r.indexes.map((i) =>
      block(
        'global_secondary_index',
        [],
        [
          ['name', str(i.name)],
          ['hash_key', str(i.partition)],
          ['range_key', i.sort === undefined ? undefined : str(i.sort)],
          ['projection_type', '"ALL"'],
        ],
      ),
    ),
    block('point_in_time_recovery', [], [['enabled', 'true']]),
    block('server_side_encryption', [], [['enabled', 'true']]),
    block('lifecycle', [], [['prevent_destroy', 'true']]),
  );
  const output = block(
    'output',
    [`${tableName(r)}_table_name`],
    [
      ['description', str(`Name of the ${r.pluralLabel} table`)],
      ['value', `aws_dynamodb_table.${tableName(r)}.name`],
    ],
  );
  return `${HEADER} The ${r.pluralLabel} table: on-demand, point-in-time recovery, encrypted, kept on destroy.
${printHcl(table, output)}
`;
}
