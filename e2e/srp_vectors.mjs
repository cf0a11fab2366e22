// SRP vectors from an independent implementation: amazon-cognito-identity-js's
// AuthenticationHelper (the Amplify JS libraries' own SRP code), with the ephemeral secret `a`,
// the server's B and salt, and the timestamp fixed, so cogform's src/session/srp.rs can be
// compared with it value for value (tests/fixtures/srp-vectors.json).
//
// usage: node srp_vectors.mjs            print the vectors (JSON)
//        node srp_vectors.mjs --check F  exit 1 unless file F holds exactly these vectors
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import helperModule from 'amazon-cognito-identity-js/lib/AuthenticationHelper.js';
import bigIntegerModule from 'amazon-cognito-identity-js/lib/BigInteger.js';

const AuthenticationHelper = helperModule.default ?? helperModule;
const BigInteger = bigIntegerModule.default ?? bigIntegerModule;

// Deterministic "random" hex: SHA-256 in counter mode over a label.
function bytesHex(label, n) {
  let out = '';
  for (let i = 0; out.length < 2 * n; i++) {
    out += createHash('sha256').update(`${label}/${i}`).digest('hex');
  }
  return out.slice(0, 2 * n);
}

const cases = [
  { name: 'email user', poolId: 'eu-west-1_AbCdEf123', userId: '3f1c2a9e-5b7d-4e21-9c3a-0d8e7f6a5b4c', password: 'Correct-Horse-9!' },
  { name: 'username with unicode password', poolId: 'us-east-1_Zz9yY8xX7', userId: 'alice', password: 'pässwörd-ÅÄÖ-😀-1aA' },
  { name: 'salt and B with the high bit set', poolId: 'ap-southeast-2_Q1w2E3r4T', userId: 'bob', password: 'x', highBit: true },
  { name: 'short salt of odd length, leading zeros in B', poolId: 'eu-central-1_Mm', userId: 'carol+test@example.com', password: 'pw with spaces and "quotes"', shortSalt: true },
  { name: 'secret block that is not base64 (an emulator\'s)', poolId: 'us-east-1_Emu', userId: 'f6a1d7c2-0b8e-4a51-9d3c-6e2f1a0b9c8d', password: 'Pw-1!', block: '5f0c2b8e-6d1a-4f3b-9e7c-2a1d0b9c8e7f' },
  { name: 'Google-federated-looking id', poolId: 'us-west-2_LongPoolName', userId: 'google_109876543210987654321', password: '::colons::' },
];

async function vector(c) {
  const helper = new AuthenticationHelper(c.poolId.split('_')[1]);
  const a = bytesHex(`a:${c.name}`, 128);
  helper.smallAValue = new BigInteger(a, 16);
  helper.largeAValue = undefined;
  const A = await new Promise((ok, fail) => helper.getLargeAValue((e, v) => (e ? fail(e) : ok(v))));
  let bHex = bytesHex(`B:${c.name}`, 384);
  let salt = bytesHex(`salt:${c.name}`, 16);
  if (c.highBit) {
    bHex = 'f' + bHex.slice(1);
    salt = 'f' + salt.slice(1);
  }
  if (c.shortSalt) {
    salt = salt.slice(0, 7);
    bHex = '0000' + bHex.slice(4);
  }
  // A B with the high bit set is above N; both sides reduce it mod N.
  const secretBlock = c.block ?? Buffer.from(bytesHex(`block:${c.name}`, 64), 'hex').toString('base64');
  const timestamp = 'Tue Jun 6 19:04:33 UTC 2017';
  const hkdf = await new Promise((ok, fail) =>
    helper.getPasswordAuthenticationKey(c.userId, c.password, new BigInteger(bHex, 16),
      new BigInteger(salt, 16), (e, v) => (e ? fail(e) : ok(v))));
  const signature = createHmac('sha256', hkdf)
    .update(Buffer.concat([
      Buffer.from(c.poolId.split('_')[1], 'utf8'),
      Buffer.from(c.userId, 'utf8'),
      Buffer.from(secretBlock, 'base64'),
      Buffer.from(timestamp, 'utf8'),
    ]))
    .digest('base64');
  return {
    name: c.name, pool_id: c.poolId, user_id: c.userId, password: c.password, a,
    A: A.toString(16), B: bHex, salt, secret_block: secretBlock, timestamp, signature,
  };
}

const pkg = JSON.parse(readFileSync(new URL('./node_modules/amazon-cognito-identity-js/package.json', import.meta.url)));
const doc = {
  generated_by: `e2e/srp_vectors.mjs with amazon-cognito-identity-js ${pkg.version} (AuthenticationHelper)`,
  vectors: [],
};
for (const c of cases) doc.vectors.push(await vector(c));
const text = JSON.stringify(doc, null, 2) + '\n';
const i = process.argv.indexOf('--check');
if (i > 0) {
  const have = readFileSync(process.argv[i + 1], 'utf8');
  if (have !== text) {
    console.error(`${process.argv[i + 1]} differs from the vectors amazon-cognito-identity-js computes now`);
    process.exit(1);
  }
  console.log(`${doc.vectors.length} SRP vectors match amazon-cognito-identity-js ${pkg.version}`);
} else {
  process.stdout.write(text);
}
