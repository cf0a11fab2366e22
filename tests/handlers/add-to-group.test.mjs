// The example project's post-confirmation trigger (the post_confirmation.mjs stub) against the
// recorded Cognito events, with a fake `send`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHandler, handler } from "../../examples/functions/functions/add-to-group/index.mjs";

const event = (name) =>
  JSON.parse(readFileSync(new URL(`../fixtures/events/${name}.json`, import.meta.url), "utf8"));

/** A `send` that records each command and answers with `reply(command)`. */
function fakeSend(reply = () => ({})) {
  const calls = [];
  const send = async (command) => {
    calls.push(structuredClone(command));
    return reply(command);
  };
  return { calls, send };
}

function fakeLog() {
  const lines = [];
  return { lines, log: (...a) => lines.push(a.join(" ")), error: (...a) => lines.push(a.join(" ")) };
}

test("a confirmed sign-up adds the user to DEFAULT_GROUP and returns the event unchanged", async () => {
  const { calls, send } = fakeSend();
  const input = event("cognito-post-confirmation-signup");
  const out = await createHandler({ send, env: { DEFAULT_GROUP: "READERS" }, log: fakeLog() })(input);
  assert.deepEqual(calls, [
    {
      name: "AdminAddUserToGroup",
      input: {
        UserPoolId: "us-east-1_EXAMPLE1",
        Username: "6c1b5e0a-7d2f-4f3e-9a41-1c2d3e4f5a6b",
        GroupName: "READERS",
      },
    },
  ]);
  assert.equal(out, input);
  assert.deepEqual(out, event("cognito-post-confirmation-signup"));
});

test("a confirmed password reset makes no call, even without DEFAULT_GROUP", async () => {
  const { calls, send } = fakeSend();
  const input = event("cognito-post-confirmation-forgot-password");
  const out = await createHandler({ send, env: {}, log: fakeLog() })(input);
  assert.deepEqual(calls, []);
  assert.equal(out, input);
  assert.deepEqual(out, event("cognito-post-confirmation-forgot-password"));
});

test("a sign-up without DEFAULT_GROUP throws an error naming it, and sends nothing", async () => {
  for (const env of [{}, { DEFAULT_GROUP: "" }]) {
    const { calls, send } = fakeSend();
    await assert.rejects(
      createHandler({ send, env, log: fakeLog() })(event("cognito-post-confirmation-signup")),
      { message: "DEFAULT_GROUP is not set: name the group new users join in the function's environment" },
    );
    assert.deepEqual(calls, []);
  }
});

test("a failed call fails the trigger with Cognito's error", async () => {
  const failure = Object.assign(new Error("Group not found."), { name: "ResourceNotFoundException" });
  const send = async () => {
    throw failure;
  };
  await assert.rejects(
    createHandler({ send, env: { DEFAULT_GROUP: "NOPE" }, log: fakeLog() })(event("cognito-post-confirmation-signup")),
    (err) => err === failure,
  );
});

test("the exported handler loads no AWS SDK when it has nothing to send", async () => {
  // @aws-sdk/* is not installed here: this passes only because the SDK is imported lazily.
  const input = event("cognito-post-confirmation-forgot-password");
  assert.equal(await handler(input), input);
});
