// Written by `cogform add function`; this file is yours to edit.
//
// API function (API Gateway REST API, Lambda proxy integration): lists the objects under
// LIST_PREFIX (default `public/`) of the bucket this function may read, a page at a time.
//   GET ?limit=50            -> {"items": [{"key", "size", "lastModified"}], "next": "<token>"}
//   GET ?limit=50&next=<token> the following page ("next" is null on the last one)
// The token is opaque and may contain `+`, `/` and `=`: clients must URL-encode it.
//
// The logic lives in createHandler() and talks to AWS only through `send`, so a test can pass a
// fake `send` and check exactly what would be sent, without the AWS SDK installed.

const DEFAULT_LIMIT = 100;
// ListObjectsV2 returns at most 1,000 keys a call.
const MAX_LIMIT = 1000;

function json(statusCode, body) {
  return { statusCode, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

/**
 * @param {object} deps
 * @param {(command: {name: string, input: object}) => Promise<object>} deps.send
 *   Sends one S3 API call, e.g. {name: "ListObjectsV2", input: {Bucket, Prefix, MaxKeys}}.
 * @param {Record<string, string | undefined>} [deps.env] Environment variables, read on each call.
 * @param {{log: Function, error: Function}} [deps.log] Where log lines go (CloudWatch by default).
 */
export function createHandler({ send, env = process.env, log = console }) {
  return async (event) => {
    // API Gateway sends null, not {}, when the request has no query string.
    const query = event.queryStringParameters ?? {};
    let limit = DEFAULT_LIMIT;
    if (query.limit !== undefined) {
      // Digits only: Number() would accept "1e2", " 5" or "0x10".
      limit = /^[0-9]+$/.test(query.limit) ? Number(query.limit) : NaN;
      if (!(limit >= 1 && limit <= MAX_LIMIT)) {
        return json(400, { error: `limit must be a whole number from 1 to ${MAX_LIMIT}` });
      }
    }
    const input = {
      // cogform sets this variable to the bucket's generated name.
      Bucket: env.__BUCKET_VAR__,
      Prefix: env.LIST_PREFIX ?? "public/",
      MaxKeys: limit,
    };
    if (query.next) {
      input.ContinuationToken = query.next;
    }
    try {
      const page = await send({ name: "ListObjectsV2", input });
      const items = (page.Contents ?? []).map((o) => ({
        key: o.Key,
        size: o.Size,
        // The SDK gives a Date; the client gets ISO 8601 text.
        lastModified: new Date(o.LastModified).toISOString(),
      }));
      return json(200, { items, next: page.NextContinuationToken ?? null });
    } catch (err) {
      // The details (bucket name, request IDs, an invalid token's text) go to the log only; the
      // caller learns nothing about the backend.
      log.error("api: ListObjectsV2 failed:", err);
      return json(500, { error: "Internal server error" });
    }
  };
}

// The AWS SDK v3 ships with the nodejs22.x runtime. It is imported on first use only, so a test
// that passes its own `send` never loads it; the client is kept for the next warm invocation.
let client;
async function sdkSend({ name, input }) {
  const sdk = await import("@aws-sdk/client-s3");
  client ??= new sdk.S3Client({});
  return client.send(new sdk[`${name}Command`](input));
}

// What Lambda calls (`handler: index.handler`).
export const handler = createHandler({ send: sdkSend });
