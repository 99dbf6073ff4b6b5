// The Node.js peer of the generated get-item: the same GetItem, with the AWS SDK v3 client built
// once at start, behind the smallest custom-runtime loop (what the managed Node.js runtime does
// before it calls a handler).
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const api = `http://${process.env.AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation`;
const client = new DynamoDBClient({});
const table = process.env.ITEMS_TABLE_NAME;

async function handler(event) {
  const id = event.pathParameters?.id;
  const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }));
  if (!Item) return { statusCode: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `item ${id} not found` }) };
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: Item.id.S, name: Item.name.S }),
  };
}

for (;;) {
  const next = await fetch(`${api}/next`);
  const id = next.headers.get('lambda-runtime-aws-request-id');
  const event = await next.json();
  const result = await handler(event);
  await fetch(`${api}/${id}/response`, { method: 'POST', body: JSON.stringify(result) });
}
