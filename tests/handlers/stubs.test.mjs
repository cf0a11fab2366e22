// The handler stubs `cogform add function` writes (templates/handlers/) and the example project's
// copies of them, and the blank stub's behaviour.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHandler, eventType, handler } from "../../templates/handlers/blank.mjs";

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const event = (name) =>
  JSON.parse(readFileSync(new URL(`../fixtures/events/${name}.json`, import.meta.url), "utf8"));
const STUBS = ["post_confirmation.mjs", "upload.mjs", "api.mjs", "blank.mjs"];

test("each example handler is its stub, the API one with BUCKET_MEDIA for the placeholder", () => {
  assert.equal(
    read("examples/functions/functions/add-to-group/index.mjs"),
    read("templates/handlers/post_confirmation.mjs"),
  );
  assert.equal(read("examples/functions/functions/publish-upload/index.mjs"), read("templates/handlers/upload.mjs"));
  assert.equal(
    read("examples/functions/functions/list-photos/index.mjs"),
    read("templates/handlers/api.mjs").replaceAll("__BUCKET_VAR__", "BUCKET_MEDIA"),
  );
});

test("__BUCKET_VAR__ is the only placeholder, once, in api.mjs only", () => {
  // cogform replaces it in whichever stub it writes for a function with a bucket.
  for (const name of STUBS) {
    const text = read(`templates/handlers/${name}`);
    const placeholders = text.match(/__[A-Z][A-Z0-9_]*__/g) ?? [];
    assert.deepEqual(placeholders, name === "api.mjs" ? ["__BUCKET_VAR__"] : [], name);
  }
});

test("each stub opens with the ownership line and imports nothing up front", () => {
  for (const name of STUBS) {
    const text = read(`templates/handlers/${name}`);
    assert.equal(text.split("\n")[0], "// Written by `cogform add function`; this file is yours to edit.", name);
    // The AWS SDK is loaded by dynamic import() only, so tests with fakes never need it.
    assert.deepEqual(text.match(/^\s*import\s+[^(\s]/gm), null, name);
    assert.match(text, /^export const handler = /m, name);
  }
});

test("blank returns the event it got, and logs its type", async () => {
  const lines = [];
  const log = { log: (...a) => lines.push(a.join(" ")) };
  const input = event("s3-object-created-put");
  assert.equal(await createHandler({ log })(input), input);
  assert.deepEqual(input, event("s3-object-created-put"));
  assert.deepEqual(lines, ["event: aws:s3"]);
  const other = { anything: [1, 2] };
  assert.equal(await handler(other), other);
});

test("blank names the recorded events' types", () => {
  assert.equal(eventType(event("cognito-post-confirmation-signup")), "cognito:PostConfirmation_ConfirmSignUp");
  assert.equal(eventType(event("s3-object-created-outside-prefix")), "aws:s3");
  assert.equal(eventType(event("apigateway-rest-proxy")), "apigateway:GET /photos");
  assert.equal(eventType({ "detail-type": "Scheduled Event" }), "eventbridge:Scheduled Event");
  assert.equal(eventType({}), "unknown");
  assert.equal(eventType(null), "unknown");
});
