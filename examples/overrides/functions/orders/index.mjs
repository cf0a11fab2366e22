// The orders API: reads and writes the table named by TABLE_NAME (added in
// backend/overrides.yaml, with a policy on this function's role for exactly these calls).
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';

const db = new DynamoDBClient({});
const ALLOWED = new Set(['https://orders.example.com']);

export const handler = async (event) => {
  const origin = event.headers?.origin ?? event.headers?.Origin;
  const cors = ALLOWED.has(origin) ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
  const owner = event.requestContext?.identity?.cognitoIdentityId ?? 'unknown';
  const key = { pk: { S: owner } };
  if (event.httpMethod === 'POST') {
    await db.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { ...key, body: { S: event.body ?? '' } } }));
  }
  const found = await db.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: key }));
  return {
    statusCode: 200,
    headers: { ...cors, 'Content-Type': 'application/json' },
    body: JSON.stringify({ order: found.Item?.body?.S ?? null }),
  };
};
