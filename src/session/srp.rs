//! Cognito's variant of SRP-6a (USER_SRP_AUTH → PASSWORD_VERIFIER), so the password never
//! leaves the machine: the 3072-bit group of RFC 5054, SHA-256, `k = H(N | g)`, the salted
//! password hash of `poolName + userId + ":" + password`, and a 16-byte key derived from the
//! shared secret with HKDF (info "Caldera Derived Key") that signs the server's secret block
//! and a timestamp.
//!
//! Written here (on num-bigint and the RustCrypto hashes aws-sigv4 already brings) rather than
//! taken from a crate: the Rust ones bring their own random, date and regex crates
//! (aws-cognito-srp 0.2: rand, chrono, regex, hex, log) for what is a page of arithmetic. What
//! matters is that it is proved equal to an independent implementation
//! (amazon-cognito-identity-js's AuthenticationHelper) with fixed randomness:
//! `tests/fixtures/srp-vectors.json`, checked by the unit tests below and recomputed from that
//! library by the e2e suite (`e2e/srp_vectors.mjs --check`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use num_bigint::BigUint;
use sha2::{Digest, Sha256};

/// RFC 5054's 3072-bit group, the one Cognito uses (generator 2).
const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// The bytes of the ephemeral secret `a` (as the Amplify libraries draw it).
pub const SECRET_BYTES: usize = 128;

/// Why a challenge cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SrpError {
    #[error("the user pool sent an invalid SRP challenge: {0}")]
    BadChallenge(String),
    #[error("the ephemeral SRP value is unusable ({0}); try again")]
    Degenerate(&'static str),
}

/// The PASSWORD_VERIFIER challenge's parameters, as the user pool sends them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge<'a> {
    /// `SRP_B` (hex).
    pub srp_b: &'a str,
    /// `SALT` (hex).
    pub salt: &'a str,
    /// `SECRET_BLOCK` (base64), returned as is and signed.
    pub secret_block: &'a str,
    /// `USER_ID_FOR_SRP`: the name the verifier was made with (the user's `sub` or username).
    pub user_id: &'a str,
}

/// One sign-in's client side: the secret `a` and the public `A` sent with InitiateAuth.
pub struct Srp {
    n: BigUint,
    g: BigUint,
    k: BigUint,
    a: BigUint,
    big_a: BigUint,
    /// The part of the pool id after the Region and `_` (e.g. `AbCdEf123` of
    /// `eu-west-1_AbCdEf123`).
    pool_name: String,
}

impl std::fmt::Debug for Srp {
    // The secret stays out of logs and panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Srp")
            .field("pool_name", &self.pool_name)
            .finish_non_exhaustive()
    }
}

impl Srp {
    /// A sign-in with a fresh secret from the operating system's generator.
    pub fn new(user_pool_id: &str) -> Result<Srp, SrpError> {
        let mut bytes = [0u8; SECRET_BYTES];
        getrandom::fill(&mut bytes)
            .map_err(|_| SrpError::Degenerate("the system's random generator failed"))?;
        Srp::with_secret(user_pool_id, &bytes)
    }

    /// A sign-in with a given secret: the tests' fixed randomness.
    pub fn with_secret(user_pool_id: &str, secret: &[u8]) -> Result<Srp, SrpError> {
        let n = BigUint::parse_bytes(N_HEX.as_bytes(), 16).expect("the group's prime is hex");
        let g = BigUint::from(2u8);
        let k = BigUint::from_bytes_be(&sha256(&[&pad(&n), &pad(&g)]));
        let a = BigUint::from_bytes_be(secret);
        let big_a = g.modpow(&a, &n);
        if big_a == BigUint::ZERO {
            return Err(SrpError::Degenerate("A mod N is 0"));
        }
        let pool_name = user_pool_id
            .split_once('_')
            .map_or(user_pool_id, |(_, name)| name)
            .to_string();
        Ok(Srp {
            n,
            g,
            k,
            a,
            big_a,
            pool_name,
        })
    }

    /// `SRP_A` for InitiateAuth (hex).
    pub fn public_a(&self) -> String {
        self.big_a.to_str_radix(16)
    }

    /// The PASSWORD_VERIFIER response's `PASSWORD_CLAIM_SIGNATURE` (base64) for `timestamp`
    /// (`TIMESTAMP`, see [`timestamp`]).
    pub fn signature(
        &self,
        challenge: &Challenge,
        password: &str,
        timestamp: &str,
    ) -> Result<String, SrpError> {
        let b = hex_number(challenge.srp_b, "SRP_B")?;
        let salt = hex_number(challenge.salt, "SALT")?;
        let secret_block = lenient_base64(challenge.secret_block)
            .ok_or_else(|| SrpError::BadChallenge("SECRET_BLOCK is not base64".into()))?;
        if &b % &self.n == BigUint::ZERO {
            return Err(SrpError::BadChallenge("SRP_B mod N is 0".into()));
        }
        let u = BigUint::from_bytes_be(&sha256(&[&pad(&self.big_a), &pad(&b)]));
        if u == BigUint::ZERO {
            return Err(SrpError::Degenerate("u is 0"));
        }
        let identity = format!("{}{}:{password}", self.pool_name, challenge.user_id);
        let identity_hash = hex(&sha256(&[identity.as_bytes()]));
        let x = BigUint::from_bytes_be(&sha256(&[&pad(&salt), &unhex(&identity_hash)]));
        // S = (B - k·g^x)^(a + u·x) mod N, with the base kept non-negative.
        let kgx = (&self.k * self.g.modpow(&x, &self.n)) % &self.n;
        let base = ((&b % &self.n) + &self.n - kgx) % &self.n;
        let s = base.modpow(&(&self.a + &u * &x), &self.n);
        let key = hkdf_key(&pad(&s), &pad(&u));
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).expect("HMAC takes any key");
        mac.update(self.pool_name.as_bytes());
        mac.update(challenge.user_id.as_bytes());
        mac.update(&secret_block);
        mac.update(timestamp.as_bytes());
        Ok(BASE64.encode(mac.finalize().into_bytes()))
    }
}

/// The `TIMESTAMP` Cognito expects: "Tue Jun 6 19:04:33 UTC 2017" (day not padded).
pub fn timestamp(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    let weekday = &at.weekday().to_string()[..3];
    let month = &at.month().to_string()[..3];
    format!(
        "{weekday} {month} {} {:02}:{:02}:{:02} UTC {}",
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.year()
    )
}

/// Base64 decoded as the Amplify libraries decode it (Node's decoder): URL-safe letters
/// accepted, other characters skipped, incomplete trailing bits dropped. Cognito sends plain
/// base64, where this is the standard decoding; emulators send other text, which the reference
/// client signs all the same.
fn lenient_base64(text: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let mut letters: String = text
        .chars()
        .filter_map(|c| match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' => Some(c),
            '-' => Some('+'),
            '_' => Some('/'),
            _ => None,
        })
        .collect();
    if letters.len() % 4 == 1 {
        letters.pop();
    }
    let engine = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    );
    engine.decode(letters).ok()
}

/// HKDF-SHA256 with Cognito's info string, 16 bytes (one block of the expansion).
fn hkdf_key(ikm: &[u8], salt: &[u8]) -> [u8; 16] {
    let hk = hkdf::Hkdf::<Sha256>::new(Some(salt), ikm);
    let mut key = [0u8; 16];
    hk.expand(b"Caldera Derived Key", &mut key)
        .expect("16 bytes is a valid HKDF length");
    key
}

fn sha256(parts: &[&[u8]]) -> Vec<u8> {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().to_vec()
}

/// The big-endian bytes of a non-negative number with a leading zero byte when the high bit
/// is set (Java's `BigInteger.toByteArray`), which is what Cognito hashes.
fn pad(n: &BigUint) -> Vec<u8> {
    let mut bytes = n.to_bytes_be();
    if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        bytes.insert(0, 0);
    }
    bytes
}

fn hex_number(text: &str, what: &str) -> Result<BigUint, SrpError> {
    BigUint::parse_bytes(text.trim().as_bytes(), 16)
        .ok_or_else(|| SrpError::BadChallenge(format!("{what} is not a hexadecimal number")))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap_or(0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Vectors computed by amazon-cognito-identity-js's AuthenticationHelper with fixed `a`
    /// (e2e/srp_vectors.mjs writes them; the e2e suite checks the file still matches it).
    fn vectors() -> Vec<Value> {
        let text = include_str!("../../tests/fixtures/srp-vectors.json");
        let v: Value = serde_json::from_str(text).unwrap();
        v["vectors"].as_array().unwrap().clone()
    }

    #[test]
    fn public_a_and_signature_equal_the_independent_implementation() {
        let all = vectors();
        assert!(all.len() >= 4, "too few vectors");
        for v in &all {
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            let secret = unhex(&s("a"));
            let srp = Srp::with_secret(&s("pool_id"), &secret).unwrap();
            assert_eq!(srp.public_a(), s("A").to_lowercase(), "A of {}", s("name"));
            let challenge = Challenge {
                srp_b: &s("B"),
                salt: &s("salt"),
                secret_block: &s("secret_block"),
                user_id: &s("user_id"),
            };
            let sig = srp
                .signature(&challenge, &s("password"), &s("timestamp"))
                .unwrap();
            assert_eq!(sig, s("signature"), "signature of {}", s("name"));
        }
    }

    #[test]
    fn a_wrong_password_gives_another_signature() {
        let v = &vectors()[0];
        let s = |k: &str| v[k].as_str().unwrap().to_string();
        let srp = Srp::with_secret(&s("pool_id"), &unhex(&s("a"))).unwrap();
        let challenge = Challenge {
            srp_b: &s("B"),
            salt: &s("salt"),
            secret_block: &s("secret_block"),
            user_id: &s("user_id"),
        };
        let wrong = srp
            .signature(&challenge, &format!("{}x", s("password")), &s("timestamp"))
            .unwrap();
        assert_ne!(wrong, s("signature"));
    }

    #[test]
    fn a_server_value_of_zero_mod_n_is_refused() {
        let srp = Srp::with_secret("eu-west-1_Pool", &[7u8; SECRET_BYTES]).unwrap();
        let challenge = Challenge {
            srp_b: N_HEX,
            salt: "ab",
            secret_block: "AAAA",
            user_id: "u",
        };
        assert!(matches!(
            srp.signature(&challenge, "pw", "t"),
            Err(SrpError::BadChallenge(_))
        ));
        let not_hex = Challenge {
            srp_b: "xyz",
            ..challenge
        };
        assert!(srp.signature(&not_hex, "pw", "t").is_err());
    }

    #[test]
    fn timestamps_are_in_cognitos_format() {
        let at = time::macros::datetime!(2017-06-06 19:04:33 UTC);
        assert_eq!(timestamp(at), "Tue Jun 6 19:04:33 UTC 2017");
        let at = time::macros::datetime!(2026-12-14 01:02:03 UTC);
        assert_eq!(timestamp(at), "Mon Dec 14 01:02:03 UTC 2026");
    }

    #[test]
    fn pad_adds_a_zero_byte_only_when_the_high_bit_is_set() {
        assert_eq!(pad(&BigUint::from(0x14u8)), vec![0x14]);
        assert_eq!(pad(&BigUint::from(0xecu8)), vec![0x00, 0xec]);
    }
}
