// Written by `cogform add function`; this file is yours to edit.
//
// S3 upload handler: for each object created under SOURCE_PREFIX (default `uploads/`), writes a
// copy under TARGET_PREFIX (default `public/`), keeping the rest of the key and its content type.
// This is the place to check, resize or scan an upload before it is published.
//
// The logic lives in createHandler() and talks to AWS only through `send`, so a test can pass a
// fake `send` and check exactly what would be sent, without the AWS SDK installed.

/**
 * The object key as stored: S3 event notifications URL-encode keys the way HTML forms do, so a
 * space arrives as `+` (and a real `+` as `%2B`), and anything else non-ASCII percent-encoded.
 * @param {string} key
 */
export function decodeKey(key) {
  return decodeURIComponent(key.replace(/\+/g, " "));
}

/**
 * @param {object} deps
 * @param {(command: {name: string, input: object}) => Promise<object>} deps.send
 *   Sends one S3 API call, e.g. {name: "GetObject", input: {Bucket, Key}}.
 * @param {Record<string, string | undefined>} [deps.env] Environment variables, read on each call.
 * @param {{log: Function, error: Function}} [deps.log] Where log lines go (CloudWatch by default).
 */
export function createHandler({ send, env = process.env, log = console }) {
  return async (event) => {
    const source = env.SOURCE_PREFIX ?? "uploads/";
    const target = env.TARGET_PREFIX ?? "public/";
    const records = event.Records ?? [];
    // Writing into the prefix this function is called for would call it again for its own copy,
    // forever (and bill every round). Refuse rather than loop.
    if (target.startsWith(source)) {
      log.error(
        `upload: TARGET_PREFIX "${target}" is inside SOURCE_PREFIX "${source}"; copying would trigger this function again, skipping ${records.length} record(s)`,
      );
      return;
    }
    // Each record on its own: one bad object must not stop the others being published.
    const failed = [];
    for (const record of records) {
      const bucket = record.s3.bucket.name;
      const key = decodeKey(record.s3.object.key);
      if (!key.startsWith(source)) {
        log.log(`upload: ${key} is not under ${source}, skipped`);
        continue;
      }
      const targetKey = target + key.slice(source.length);
      try {
        const object = await send({ name: "GetObject", input: { Bucket: bucket, Key: key } });
        // Read whole: a body of known length is what PutObject needs. For very large objects,
        // raise the function's memory or switch to CopyObject.
        const body = await object.Body.transformToByteArray();
        await send({
          name: "PutObject",
          input: { Bucket: bucket, Key: targetKey, Body: body, ContentType: object.ContentType },
        });
        log.log(`upload: copied ${key} to ${targetKey}`);
      } catch (err) {
        log.error(`upload: ${key} failed:`, err);
        failed.push(key);
      }
    }
    // Failing the invocation makes Lambda retry the event (then hand it to the dead-letter queue):
    // the records that succeeded are simply copied again, which rewrites the same object.
    if (failed.length > 0) {
      throw new Error(`upload: ${failed.length} of ${records.length} record(s) failed: ${failed.join(", ")}`);
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
