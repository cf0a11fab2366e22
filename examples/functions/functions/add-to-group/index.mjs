// Written by `cogform add function`; this file is yours to edit.
//
// Cognito post-confirmation trigger: puts each newly confirmed user in the group named by the
// DEFAULT_GROUP environment variable (set it under `environment:` in the function's file).
//
// The logic lives in createHandler() and talks to AWS only through `send`, so a test can pass a
// fake `send` and check exactly what would be sent, without the AWS SDK installed.

const CONFIRM_SIGN_UP = "PostConfirmation_ConfirmSignUp";

/**
 * @param {object} deps
 * @param {(command: {name: string, input: object}) => Promise<object>} deps.send
 *   Sends one Cognito user pool API call, e.g. {name: "AdminAddUserToGroup", input: {...}}.
 * @param {Record<string, string | undefined>} [deps.env] Environment variables, read on each call.
 * @param {{log: Function, error: Function}} [deps.log] Where log lines go (CloudWatch by default).
 */
export function createHandler({ send, env = process.env, log = console }) {
  return async (event) => {
    // Cognito also runs this trigger after a forgotten password is reset
    // (PostConfirmation_ConfirmForgotPassword): that user was confirmed long ago, so leave it be.
    if (event.triggerSource !== CONFIRM_SIGN_UP) {
      log.log(`post-confirmation: ${event.triggerSource}, nothing to do`);
      return event;
    }
    const group = env.DEFAULT_GROUP;
    // Checked only for sign-ups, so a missing setting never breaks password resets. Cognito shows
    // a trigger's error to the user, so the message names the setting and nothing else.
    if (!group) {
      throw new Error("DEFAULT_GROUP is not set: name the group new users join in the function's environment");
    }
    // A trigger reads its user pool from the event (it has no USER_POOL_ID variable). Adding a
    // user to a group they are already in succeeds, so a retry (Cognito calls a trigger again if
    // it takes more than 5 seconds) does no harm.
    await send({
      name: "AdminAddUserToGroup",
      input: { UserPoolId: event.userPoolId, Username: event.userName, GroupName: group },
    });
    log.log(`post-confirmation: added ${event.userName} to ${group}`);
    // Cognito expects the event back; returning anything else fails the confirmation step.
    return event;
  };
}

// The AWS SDK v3 ships with the nodejs22.x runtime. It is imported on first use only, so a test
// that passes its own `send` never loads it; the client is kept for the next warm invocation.
let client;
async function sdkSend({ name, input }) {
  const sdk = await import("@aws-sdk/client-cognito-identity-provider");
  client ??= new sdk.CognitoIdentityProviderClient({});
  return client.send(new sdk[`${name}Command`](input));
}

// What Lambda calls (`handler: index.handler`).
export const handler = createHandler({ send: sdkSend });
