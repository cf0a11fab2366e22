// The example project's upload handler (the upload.mjs stub) against the recorded S3 events,
// with a fake `send`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHandler, decodeKey } from "../../examples/functions/functions/publish-upload/index.mjs";

const event = (name) =>
  JSON.parse(readFileSync(new URL(`../fixtures/events/${name}.json`, import.meta.url), "utf8"));

/** The recorded PUT event with one record per encoded key. */
function eventWithKeys(...keys) {
  const base = event("s3-object-created-put");
  const [record] = base.Records;
  base.Records = keys.map((key) => {
    const r = structuredClone(record);
    r.s3.object.key = key;
    return r;
  });
  return base;
}

const BYTES = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);

/** S3 as far as this handler sees it: GetObject answers with a body and a content type. */
function fakeS3(fail = () => false) {
  const calls = [];
  const send = async (command) => {
    calls.push({ name: command.name, input: { ...command.input } });
    if (fail(command)) {
      throw new Error(`${command.name} failed`);
    }
    if (command.name === "GetObject") {
      return { ContentType: "image/jpeg", Body: { transformToByteArray: async () => BYTES } };
    }
    return { ETag: '"etag"' };
  };
  return { calls, send };
}

function fakeLog() {
  const lines = [];
  return { lines, log: (...a) => lines.push(a.join(" ")), error: (...a) => lines.push(a.join(" ")) };
}

const EXAMPLE_ENV = { SOURCE_PREFIX: "uploads/", TARGET_PREFIX: "public/" };

test("an upload is read with its decoded key and written under public/ with its content type", async () => {
  for (const env of [EXAMPLE_ENV, {}]) {
    const { calls, send } = fakeS3();
    const out = await createHandler({ send, env, log: fakeLog() })(event("s3-object-created-put"));
    assert.equal(out, undefined);
    assert.deepEqual(calls, [
      { name: "GetObject", input: { Bucket: "gallery-dev-media-example", Key: "uploads/beach day été.jpg" } },
      {
        name: "PutObject",
        input: {
          Bucket: "gallery-dev-media-example",
          Key: "public/beach day été.jpg",
          Body: BYTES,
          ContentType: "image/jpeg",
        },
      },
    ]);
  }
});

test("keys are decoded as S3 notifications encode them: + is a space, then percent-escapes", () => {
  assert.equal(decodeKey("uploads/beach+day+%C3%A9t%C3%A9.jpg"), "uploads/beach day été.jpg");
  assert.equal(decodeKey("uploads/1%2B1%3D2+%28copy%29.png"), "uploads/1+1=2 (copy).png");
  assert.equal(decodeKey("uploads/plain.jpg"), "uploads/plain.jpg");
});

test("a key outside SOURCE_PREFIX is skipped with a log line", async () => {
  const { calls, send } = fakeS3();
  const log = fakeLog();
  await createHandler({ send, env: EXAMPLE_ENV, log })(event("s3-object-created-outside-prefix"));
  assert.deepEqual(calls, []);
  assert.deepEqual(log.lines, ["upload: public/beach day été.jpg is not under uploads/, skipped"]);
});

test("other prefixes are honoured, keeping the rest of the key", async () => {
  const { calls, send } = fakeS3();
  const env = { SOURCE_PREFIX: "incoming/", TARGET_PREFIX: "done/2025/" };
  await createHandler({ send, env, log: fakeLog() })(eventWithKeys("incoming/a/b+c.png", "uploads/x.png"));
  assert.deepEqual(
    calls.map((c) => [c.name, c.input.Key]),
    [
      ["GetObject", "incoming/a/b c.png"],
      ["PutObject", "done/2025/a/b c.png"],
    ],
  );
});

test("a target inside the source prefix is refused: the copy would trigger the function again", async () => {
  for (const TARGET_PREFIX of ["uploads/", "uploads/published/"]) {
    const { calls, send } = fakeS3();
    const log = fakeLog();
    const out = await createHandler({ send, env: { SOURCE_PREFIX: "uploads/", TARGET_PREFIX }, log })(
      event("s3-object-created-put"),
    );
    assert.equal(out, undefined);
    assert.deepEqual(calls, []);
    assert.deepEqual(log.lines, [
      `upload: TARGET_PREFIX "${TARGET_PREFIX}" is inside SOURCE_PREFIX "uploads/"; copying would trigger this function again, skipping 1 record(s)`,
    ]);
  }
});

test("a failing record does not stop the others, then the invocation throws so Lambda retries", async () => {
  const { calls, send } = fakeS3(
    (c) => (c.name === "GetObject" && c.input.Key === "uploads/a.jpg") || (c.name === "PutObject" && c.input.Key === "public/c.jpg"),
  );
  const log = fakeLog();
  await assert.rejects(
    createHandler({ send, env: EXAMPLE_ENV, log })(eventWithKeys("uploads/a.jpg", "uploads/b.jpg", "uploads/c.jpg")),
    { message: "upload: 2 of 3 record(s) failed: uploads/a.jpg, uploads/c.jpg" },
  );
  assert.deepEqual(
    calls.map((c) => [c.name, c.input.Key]),
    [
      ["GetObject", "uploads/a.jpg"],
      ["GetObject", "uploads/b.jpg"],
      ["PutObject", "public/b.jpg"],
      ["GetObject", "uploads/c.jpg"],
      ["PutObject", "public/c.jpg"],
    ],
  );
  assert.deepEqual(log.lines, [
    "upload: uploads/a.jpg failed: Error: GetObject failed",
    "upload: copied uploads/b.jpg to public/b.jpg",
    "upload: uploads/c.jpg failed: Error: PutObject failed",
  ]);
});
