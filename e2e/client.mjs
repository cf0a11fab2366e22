// The real client libraries against the emulator, configured by the generated
// amplify_outputs.json. One JSON line per step on stdout: {"step", "ok", "detail"}.
//
// usage: node client.mjs PLAN.json
// PLAN: { outputs: path of amplify_outputs.json, endpoint: emulator URL,
//         user: { username, password, group|null }, unconfirmed: { username, password } }
//
// The emulator's endpoints are not part of the format: they are added in code
// (userPoolEndpoint / identityPoolEndpoint), as the issue asks; every other value comes from
// the file.
import { readFileSync } from 'node:fs';

import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
} from 'amazon-cognito-identity-js';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const outputs = JSON.parse(readFileSync(plan.outputs, 'utf8'));
let failed = 0;

function report(step, ok, detail = '') {
  if (!ok) failed += 1;
  process.stdout.write(`${JSON.stringify({ step, ok, detail: String(detail) })}\n`);
}

async function step(name, fn) {
  try {
    const detail = await fn();
    report(name, true, detail ?? '');
  } catch (e) {
    report(name, false, e?.stack ?? e);
  }
}

// Probes of the emulator's blind spots (not steps): run.py checks its list against them.
function probe(name, holds) {
  process.stdout.write(`${JSON.stringify({ probe: name, holds })}\n`);
}

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

const auth = outputs.auth;
const { user, unconfirmed } = plan;

// --- aws-amplify v6 -------------------------------------------------------------------
await step('amplify: configure from amplify_outputs.json', () => {
  Amplify.configure(outputs);
  const config = Amplify.getConfig();
  const cognito = config.Auth.Cognito;
  expect(cognito.userPoolId === auth.user_pool_id, 'user pool id not taken from the file');
  expect(cognito.userPoolClientId === auth.user_pool_client_id, 'client id not taken');
  expect(cognito.identityPoolId === auth.identity_pool_id, 'identity pool id not taken');
  expect(
    Boolean(cognito.allowGuestAccess) === Boolean(auth.unauthenticated_identities_enabled),
    'guest access flag not taken',
  );
  if (auth.oauth) {
    expect(cognito.loginWith?.oauth?.domain === auth.oauth.domain, 'oauth domain not taken');
  }
  if (outputs.storage) {
    expect(config.Storage?.S3?.bucket === outputs.storage.bucket_name, 'bucket not taken');
  }
  // The emulator's endpoints, added in code (not part of the format).
  Amplify.configure({
    ...config,
    Auth: {
      ...config.Auth,
      Cognito: {
        ...cognito,
        userPoolEndpoint: plan.endpoint,
        identityPoolEndpoint: plan.endpoint,
      },
    },
  });
  return `pool ${cognito.userPoolId}, client ${cognito.userPoolClientId}`;
});

if (outputs.custom?.API) {
  await step('amplify: REST APIs from custom.API, as the README wires them', () => {
    const config = Amplify.getConfig();
    Amplify.configure({ ...config, API: { ...config.API, REST: outputs.custom.API } });
    const rest = Amplify.getConfig().API.REST;
    for (const [name, api] of Object.entries(outputs.custom.API)) {
      expect(rest[name]?.endpoint === api.endpoint, `${name} endpoint`);
    }
    // The user pool settings survive the second configure.
    expect(Amplify.getConfig().Auth.Cognito.userPoolEndpoint === plan.endpoint, 'endpoint lost');
    return Object.keys(rest).join(', ');
  });
}

if (outputs.storage) {
  await step('amplify: storage buckets and paths as the Storage client reads them', () => {
    const s3 = Amplify.getConfig().Storage.S3;
    for (const b of outputs.storage.buckets) {
      const got = s3.buckets?.[b.name];
      expect(got?.bucketName === b.bucket_name, `bucket ${b.name}`);
      expect(JSON.stringify(got.paths) === JSON.stringify(b.paths), `paths of ${b.name}`);
    }
    return `${outputs.storage.buckets.length} bucket(s), default ${s3.bucket}`;
  });
}

function decode(token) {
  return token.payload;
}

async function signedInSession(flow) {
  const result = await signIn({
    username: user.username,
    password: user.password,
    options: { authFlowType: flow },
  });
  expect(result.isSignedIn, `not signed in: next step ${result.nextStep?.signInStep}`);
  try {
    return await checkSession(flow);
  } finally {
    await signOut();
  }
}

async function checkSession(flow) {
  const session = await fetchAuthSession();
  const id = session.tokens?.idToken;
  const access = session.tokens?.accessToken;
  expect(id && access, 'no id/access token');
  expect(decode(id).token_use === 'id' && decode(id).sub, 'not an id token');
  expect(decode(id).email === user.email, `id token email ${decode(id).email}`);
  expect(decode(id).aud === auth.user_pool_client_id, 'id token for another client');
  if (user.group) {
    const groups = decode(id)['cognito:groups'] ?? [];
    expect(groups.includes(user.group), `cognito:groups ${JSON.stringify(groups)}`);
  }
  if (auth.identity_pool_id) {
    expect(session.identityId, 'no identity id');
    expect(
      session.identityId.startsWith(`${auth.aws_region}:`),
      `identity id ${session.identityId}`,
    );
    expect(session.credentials?.accessKeyId, 'no AWS credentials');
    expect(session.credentials?.sessionToken, 'no session token');
  }
  return `groups ${JSON.stringify(decode(id)['cognito:groups'] ?? [])}, identity ${session.identityId ?? '(none)'}`;
}

await step('amplify: signIn USER_SRP_AUTH + fetchAuthSession (tokens, groups, identity, credentials)', () =>
  signedInSession('USER_SRP_AUTH'),
);
await step('amplify: signIn USER_PASSWORD_AUTH + fetchAuthSession', () =>
  signedInSession('USER_PASSWORD_AUTH'),
);

await step('amplify: a wrong password over USER_PASSWORD_AUTH fails', async () => {
  try {
    const r = await signIn({
      username: user.username,
      password: `${user.password}-wrong`,
      options: { authFlowType: 'USER_PASSWORD_AUTH' },
    });
    throw new Error(`signed in: ${JSON.stringify(r)}`);
  } catch (e) {
    expect(e.name === 'NotAuthorizedException', `unexpected ${e.name}: ${e.message}`);
    return e.name;
  }
});

await step('amplify: an unconfirmed user over USER_PASSWORD_AUTH is not signed in', async () => {
  let r;
  try {
    r = await signIn({
      username: unconfirmed.username,
      password: unconfirmed.password,
      options: { authFlowType: 'USER_PASSWORD_AUTH' },
    });
  } catch (e) {
    expect(e.name === 'UserNotConfirmedException', `unexpected ${e.name}: ${e.message}`);
    return e.name;
  }
  // aws-amplify turns UserNotConfirmedException into a CONFIRM_SIGN_UP step.
  expect(!r.isSignedIn && r.nextStep?.signInStep === 'CONFIRM_SIGN_UP', JSON.stringify(r));
  return 'nextStep CONFIRM_SIGN_UP';
});

if (auth.identity_pool_id) {
  await step(
    auth.unauthenticated_identities_enabled
      ? 'amplify: guest session (identity id and credentials, no tokens)'
      : 'amplify: no guest credentials when guests are off',
    async () => {
      const session = await fetchAuthSession();
      expect(!session.tokens, 'tokens while signed out');
      if (auth.unauthenticated_identities_enabled) {
        expect(session.identityId, 'no guest identity id');
        expect(session.credentials?.accessKeyId, 'no guest credentials');
        return `guest identity ${session.identityId}`;
      }
      expect(!session.credentials, 'guest credentials although guests are off');
      return 'no credentials';
    },
  );
}

// --- amazon-cognito-identity-js ------------------------------------------------------
const pool = new CognitoUserPool({
  UserPoolId: auth.user_pool_id,
  ClientId: auth.user_pool_client_id,
  endpoint: plan.endpoint,
});

function authenticate(username, password, flow) {
  const cognitoUser = new CognitoUser({ Username: username, Pool: pool });
  if (flow) cognitoUser.setAuthenticationFlowType(flow);
  return new Promise((resolve, reject) => {
    cognitoUser.authenticateUser(
      new AuthenticationDetails({ Username: username, Password: password }),
      {
        onSuccess: resolve,
        onFailure: reject,
        newPasswordRequired: () => reject(new Error('new password required')),
        mfaRequired: () => reject(new Error('MFA required')),
        totpRequired: () => reject(new Error('TOTP required')),
      },
    );
  });
}

for (const flow of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH']) {
  await step(`amazon-cognito-identity-js: authenticateUser ${flow}`, async () => {
    const session = await authenticate(user.username, user.password, flow);
    expect(session.isValid(), 'session not valid');
    const payload = session.getIdToken().decodePayload();
    expect(payload.email === user.email, `email ${payload.email}`);
    if (user.group) {
      expect((payload['cognito:groups'] ?? []).includes(user.group), 'group missing');
    }
    return `sub ${payload.sub}`;
  });
}

await step('amazon-cognito-identity-js: a wrong password over USER_PASSWORD_AUTH fails', async () => {
  try {
    await authenticate(user.username, `${user.password}-wrong`, 'USER_PASSWORD_AUTH');
  } catch (e) {
    expect(e.code === 'NotAuthorizedException' || e.name === 'NotAuthorizedException', `unexpected ${e.code ?? e.name}`);
    return e.code ?? e.name;
  }
  throw new Error('signed in with a wrong password');
});

try {
  await authenticate(user.username, `${user.password}-wrong`, 'USER_SRP_AUTH');
  probe('srp-proof', true);
} catch {
  probe('srp-proof', false);
}

process.exitCode = failed ? 1 : 0;
