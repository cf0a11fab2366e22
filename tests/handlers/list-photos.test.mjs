// The example project's API function (the api.mjs stub with BUCKET_MEDIA) against the recorded
// API Gateway proxy event, with a fake `send`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHandler, handler } from "../../examples/functions/functions/list-photos/index.mjs";

const event = (name) =>
  JSON.parse(readFileSync(new URL(`../fixtures/events/${name}.json`, import.meta.url), "utf8"));

/** The recorded request with other query parameters (null: no query string at all). */
function request(query) {
  const e = event("apigateway-rest-proxy");
  e.queryStringParameters = query;
  e.multiValueQueryStringParameters = query && Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]));
  return e;
}

function fakeSend(reply) {
  const calls = [];
  const send = async (command) => {
    calls.push(structuredClone(command));
    return reply(command);
  };
  return { calls, send };
}

function fakeLog() {
  const lines = [];
  return { lines, log: (...a) => lines.push(a), error: (...a) => lines.push(a) };
}

const ENV = { BUCKET_MEDIA: "gallery-dev-media-example", LIST_PREFIX: "public/" };
const JSON_HEADERS = { "Content-Type": "application/json" };
const TOKEN = "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=";

test("a page is listed with the limit and continuation token of the query string", async () => {
  const { calls, send } = fakeSend(() => ({
    IsTruncated: true,
    KeyCount: 2,
    Contents: [
      { Key: "public/a.jpg", Size: 1024, LastModified: new Date("2025-05-04T10:15:31.000Z"), ETag: '"x"' },
      { Key: "public/b c.jpg", Size: 7, LastModified: new Date("2025-05-04T10:16:00.000Z"), ETag: '"y"' },
    ],
    NextContinuationToken: "token-2",
  }));
  const out = await createHandler({ send, env: ENV, log: fakeLog() })(event("apigateway-rest-proxy"));
  assert.deepEqual(calls, [
    {
      name: "ListObjectsV2",
      input: { Bucket: "gallery-dev-media-example", Prefix: "public/", MaxKeys: 2, ContinuationToken: TOKEN },
    },
  ]);
  assert.deepEqual(out, {
    statusCode: 200,
    headers: JSON_HEADERS,
    body: JSON.stringify({
      items: [
        { key: "public/a.jpg", size: 1024, lastModified: "2025-05-04T10:15:31.000Z" },
        { key: "public/b c.jpg", size: 7, lastModified: "2025-05-04T10:16:00.000Z" },
      ],
      next: "token-2",
    }),
  });
});

test("without a query string: 100 keys, no token, and next is null on the last page", async () => {
  const { calls, send } = fakeSend(() => ({ IsTruncated: false, KeyCount: 0 }));
  const out = await createHandler({ send, env: { BUCKET_MEDIA: "b" }, log: fakeLog() })(request(null));
  assert.deepEqual(calls, [{ name: "ListObjectsV2", input: { Bucket: "b", Prefix: "public/", MaxKeys: 100 } }]);
  assert.deepEqual(out, { statusCode: 200, headers: JSON_HEADERS, body: '{"items":[],"next":null}' });
});

test("LIST_PREFIX chooses the prefix listed", async () => {
  const { calls, send } = fakeSend(() => ({}));
  await createHandler({ send, env: { BUCKET_MEDIA: "b", LIST_PREFIX: "photos/2025/" }, log: fakeLog() })(
    request({ limit: "1000" }),
  );
  assert.deepEqual(calls[0].input, { Bucket: "b", Prefix: "photos/2025/", MaxKeys: 1000 });
});

test("limit must be a whole number from 1 to 1000, else 400 and no call", async () => {
  for (const limit of ["0", "1001", "-1", "abc", "1.5", "1e2", "", " 5", "0x10", "99999999999999999999"]) {
    const { calls, send } = fakeSend(() => ({}));
    const out = await createHandler({ send, env: ENV, log: fakeLog() })(request({ limit }));
    assert.deepEqual(
      out,
      { statusCode: 400, headers: JSON_HEADERS, body: '{"error":"limit must be a whole number from 1 to 1000"}' },
      `limit=${JSON.stringify(limit)}`,
    );
    assert.deepEqual(calls, []);
  }
  for (const [limit, MaxKeys] of [["1", 1], ["0100", 100], ["1000", 1000]]) {
    const { calls, send } = fakeSend(() => ({}));
    const out = await createHandler({ send, env: ENV, log: fakeLog() })(request({ limit }));
    assert.equal(out.statusCode, 200);
    assert.equal(calls[0].input.MaxKeys, MaxKeys);
  }
});

test("an SDK error is a 500 that tells the caller nothing, and is logged", async () => {
  const failure = Object.assign(new Error("Access Denied for gallery-dev-media-example, RequestId C3D13FE58DE4C810"), {
    name: "AccessDenied",
  });
  const log = fakeLog();
  const send = async () => {
    throw failure;
  };
  const out = await createHandler({ send, env: ENV, log })(event("apigateway-rest-proxy"));
  assert.deepEqual(out, { statusCode: 500, headers: JSON_HEADERS, body: '{"error":"Internal server error"}' });
  assert.deepEqual(log.lines, [["api: ListObjectsV2 failed:", failure]]);
});

test("the exported handler answers a bad limit without loading the AWS SDK", async () => {
  // @aws-sdk/* is not installed here: this passes only because the SDK is imported lazily.
  const out = await handler(request({ limit: "0" }));
  assert.equal(out.statusCode, 400);
});
