//! Token signing keys and JWTs: RS256, a JWKS per pool (spec §8.8).
//!
//! Generating RSA keys takes a noticeable fraction of a second, so keys are generated once per
//! process (the two in parallel) and shared by the pools of that process; each pool publishes
//! them under its own `kid`s, so a token of one pool never matches another pool's JWKS. ID and
//! access tokens are signed with different keys, as Cognito does.
//!
//! Everything here works through `&self`: a pool's `kid`s are derived once, behind a
//! [`OnceLock`], so tokens can be verified while the state is only borrowed. The one
//! exception is key rotation ([`PoolKeys::rotate`], `Emulator::rotate_keys`): it gives the
//! pool two freshly generated key pairs of its own and keeps the old keys published (and
//! verifying) beside them, so tokens signed before the rotation stay valid until they expire.

use std::sync::{Arc, OnceLock};

use base64::Engine as _;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rsa::RsaPrivateKey;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const B64URL: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The size of the signing keys, in bits (Cognito's JWKS keys are RSA-2048).
const KEY_BITS: usize = 2048;

/// One RSA key pair.
pub(crate) struct KeyPair {
    signing: SigningKey<Sha256>,
    verifying: VerifyingKey<Sha256>,
    n: String,
    e: String,
    thumb: [u8; 32],
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair").finish_non_exhaustive()
    }
}

impl KeyPair {
    fn generate() -> Option<Self> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).ok()?;
        let mut rng = ChaCha20Rng::from_seed(seed);
        let key = RsaPrivateKey::new(&mut rng, KEY_BITS).ok()?;
        let n = B64URL.encode(key.n_bytes());
        let e = B64URL.encode(key.e_bytes());
        let thumb = Sha256::digest(format!("{n}.{e}").as_bytes()).into();
        let verifying = VerifyingKey::new(key.to_public_key());
        Some(Self {
            signing: SigningKey::new(key),
            verifying,
            n,
            e,
            thumb,
        })
    }
}

/// The process-wide key pairs: `[id, access]`. `None` inside when generation failed.
static SHARED: OnceLock<Option<[Arc<KeyPair>; 2]>> = OnceLock::new();

/// The process-wide key pairs, generated on first use (both at once, on two threads).
fn shared() -> Option<&'static [Arc<KeyPair>; 2]> {
    SHARED.get_or_init(generate_pairs).as_ref()
}

/// The process-wide key pairs if they have been generated already; never generates.
fn shared_if_ready() -> Option<&'static [Arc<KeyPair>; 2]> {
    SHARED.get().and_then(Option::as_ref)
}

/// Generates the process-wide keys now instead of on the first token.
pub(crate) fn warm_up() {
    let _ = shared();
}

/// A key as one pool publishes it.
#[derive(Clone, Debug)]
pub(crate) struct PoolKey {
    /// The `kid` of the key in this pool's JWKS.
    pub(crate) kid: String,
    pair: Arc<KeyPair>,
}

/// The signing keys of one pool.
#[derive(Clone, Debug, Default)]
pub(crate) struct PoolKeys {
    /// Key for ID tokens, key for access tokens; set on first use.
    current: OnceLock<Option<(PoolKey, PoolKey)>>,
    /// Keys rotated out ([`PoolKeys::rotate`]), newest first: still in the JWKS and still
    /// verifying, never signing.
    retired: Vec<(TokenUse, PoolKey)>,
}

/// Two new key pairs (`[id, access]`) for [`PoolKeys::rotate`], generated on two threads.
/// Slow (RSA key generation): call it without holding the emulator's state lock. `None` if
/// generation failed.
pub(crate) fn generate_pairs() -> Option<[Arc<KeyPair>; 2]> {
    let (id, access) = std::thread::scope(|s| {
        let other = s.spawn(KeyPair::generate);
        let access = KeyPair::generate();
        (other.join().ok().flatten(), access)
    });
    Some([Arc::new(id?), Arc::new(access?)])
}

/// Which token a key signs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenUse {
    /// ID tokens (`token_use` = `id`).
    Id,
    /// Access tokens (`token_use` = `access`).
    Access,
}

/// Splits a compact JWS into its three parts and decodes its header.
fn split(token: &str) -> Option<(&str, &str, &str, Value)> {
    let mut parts = token.split('.');
    let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header: Value = serde_json::from_slice(&B64URL.decode(h).ok()?).ok()?;
    Some((h, p, s, header))
}

/// Whether `token` has the shape of a compact JWS (three parts, a JSON header). Nothing is
/// verified.
pub(crate) fn is_jws(token: &str) -> bool {
    split(token).is_some()
}

/// The `kid` of a compact JWS's header, if it has one. Nothing is verified.
pub(crate) fn unverified_kid(token: &str) -> Option<String> {
    let (_, _, _, header) = split(token)?;
    header.get("kid")?.as_str().map(str::to_owned)
}

/// The claims of a compact JWS, decoded but not verified (to find which pool to verify with).
pub(crate) fn unverified_claims(token: &str) -> Option<Value> {
    let (_, p, _, _) = split(token)?;
    serde_json::from_slice(&B64URL.decode(p).ok()?).ok()
}

impl PoolKeys {
    fn derive(pool_id: &str, [id, access]: &[Arc<KeyPair>; 2]) -> (PoolKey, PoolKey) {
        let kid = |pair: &Arc<KeyPair>, label: &str| {
            let mut h = Sha256::new();
            h.update(pool_id.as_bytes());
            h.update(label.as_bytes());
            h.update(pair.thumb);
            base64::engine::general_purpose::STANDARD.encode(h.finalize())
        };
        (
            PoolKey {
                kid: kid(id, "id"),
                pair: Arc::clone(id),
            },
            PoolKey {
                kid: kid(access, "access"),
                pair: Arc::clone(access),
            },
        )
    }

    /// The pool's keys, generating the process-wide keys if needed.
    fn ensure(&self, pool_id: &str) -> Option<&(PoolKey, PoolKey)> {
        self.current
            .get_or_init(|| shared().map(|pairs| Self::derive(pool_id, pairs)))
            .as_ref()
    }

    /// The pool's keys if the process-wide keys exist; never generates (verifying a token
    /// when no key was ever generated has only one answer).
    fn ready(&self, pool_id: &str) -> Option<&(PoolKey, PoolKey)> {
        if let Some(current) = self.current.get() {
            return current.as_ref();
        }
        shared_if_ready()?;
        self.ensure(pool_id)
    }

    /// Rotates the pool's keys: `pairs` (from [`generate_pairs`]) sign from now on, under new
    /// `kid`s; the keys used so far are retired, still published in the JWKS and still
    /// accepted by [`PoolKeys::verify`]. `None` only if the current keys could not be
    /// generated.
    pub(crate) fn rotate(&mut self, pool_id: &str, pairs: &[Arc<KeyPair>; 2]) -> Option<()> {
        let (old_id, old_access) = self.ensure(pool_id)?.clone();
        let new = Self::derive(pool_id, pairs);
        self.retired.splice(
            0..0,
            [(TokenUse::Id, old_id), (TokenUse::Access, old_access)],
        );
        self.current = OnceLock::from(Some(new));
        Some(())
    }

    /// Signs `claims` as an RS256 JWT with the key for `token_use`. `None` only if key
    /// generation failed.
    pub(crate) fn sign(
        &self,
        pool_id: &str,
        token_use: TokenUse,
        claims: &Value,
    ) -> Option<String> {
        let (id, access) = self.ensure(pool_id)?;
        let key = match token_use {
            TokenUse::Id => id,
            TokenUse::Access => access,
        };
        let header = json!({"kid": key.kid, "alg": "RS256"});
        let signing_input = format!(
            "{}.{}",
            B64URL.encode(serde_json::to_vec(&header).ok()?),
            B64URL.encode(serde_json::to_vec(claims).ok()?)
        );
        let signature = key.pair.signing.sign(signing_input.as_bytes());
        Some(format!(
            "{signing_input}.{}",
            B64URL.encode(signature.to_bytes())
        ))
    }

    /// The pool's JWKS document: both current keys, then the retired ones (`kty` RSA, `alg`
    /// RS256, `use` sig, `kid`, and `n` and `e` in unpadded base64url).
    pub(crate) fn jwks(&self, pool_id: &str) -> Value {
        let keys: Vec<Value> = self
            .ensure(pool_id)
            .map(|(id, access)| {
                [id, access]
                    .into_iter()
                    .chain(self.retired.iter().map(|(_, k)| k))
                    .map(|k| {
                        json!({"alg": "RS256", "e": k.pair.e, "kid": k.kid, "kty": "RSA", "n": k.pair.n, "use": "sig"})
                    })
                    .collect()
            })
            .unwrap_or_default();
        json!({ "keys": keys })
    }

    /// Whether `kid` names one of this pool's keys (never generates keys).
    pub(crate) fn has_kid(&self, pool_id: &str, kid: &str) -> bool {
        self.ready(pool_id).is_some_and(|(id, access)| {
            id.kid == kid || access.kid == kid || self.retired.iter().any(|(_, k)| k.kid == kid)
        })
    }

    /// Verifies a token this pool issued: header `alg` RS256 and a `kid` of this pool, and the
    /// signature of that key; returns which key signed it and the claims. Expiry, `token_use`
    /// and revocation are the caller's business.
    pub(crate) fn verify(&self, pool_id: &str, token: &str) -> Option<(TokenUse, Value)> {
        let (id, access) = self.ready(pool_id)?;
        let (h, p, s, header) = split(token)?;
        if header.get("alg")?.as_str()? != "RS256" {
            return None;
        }
        let kid = header.get("kid")?.as_str()?;
        let (use_, key) = if kid == id.kid {
            (TokenUse::Id, id)
        } else if kid == access.kid {
            (TokenUse::Access, access)
        } else {
            let (use_, key) = self.retired.iter().find(|(_, k)| k.kid == kid)?;
            (*use_, key)
        };
        let sig = Signature::try_from(B64URL.decode(s).ok()?.as_slice()).ok()?;
        let signing_input = &token[..h.len() + 1 + p.len()];
        key.pair
            .verifying
            .verify(signing_input.as_bytes(), &sig)
            .ok()?;
        let claims: Value = serde_json::from_slice(&B64URL.decode(p).ok()?).ok()?;
        claims.is_object().then_some((use_, claims))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_verify_and_jwks() {
        let started = std::time::Instant::now();
        warm_up();
        eprintln!(
            "RSA-2048 key generation (two keys): {:?}",
            started.elapsed()
        );

        let keys = PoolKeys::default();
        let claims = json!({"sub": "s", "token_use": "access"});
        let token = keys.sign("us-east-1_A", TokenUse::Access, &claims);
        let token = token.as_deref().unwrap_or_default();
        assert_eq!(
            keys.verify("us-east-1_A", token),
            Some((TokenUse::Access, claims.clone()))
        );
        let id = keys
            .sign("us-east-1_A", TokenUse::Id, &claims)
            .unwrap_or_default();
        assert_eq!(
            keys.verify("us-east-1_A", &id).map(|v| v.0),
            Some(TokenUse::Id)
        );
        assert_ne!(unverified_kid(token), unverified_kid(&id));

        // Another pool shares the key pairs but not the kids.
        let other = PoolKeys::default();
        assert_eq!(other.verify("us-east-1_B", token), None);
        assert!(keys.has_kid("us-east-1_A", &unverified_kid(token).unwrap_or_default()));
        assert!(!other.has_kid("us-east-1_B", &unverified_kid(token).unwrap_or_default()));

        let jwks = keys.jwks("us-east-1_A");
        let kids: Vec<&str> = jwks["keys"]
            .as_array()
            .map(|a| a.iter().filter_map(|k| k["kid"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(kids.len(), 2);
        assert!(kids.contains(&unverified_kid(token).unwrap_or_default().as_str()));
        for k in jwks["keys"].as_array().into_iter().flatten() {
            assert_eq!(k["kty"], "RSA");
            assert_eq!(k["e"], "AQAB");
            let n = B64URL
                .decode(k["n"].as_str().unwrap_or_default())
                .unwrap_or_default();
            assert_eq!(n.len(), KEY_BITS / 8);
        }
    }

    /// `cargo test -p cognito-flow-emulator --lib key_generation_timing -- --ignored --nocapture`
    #[test]
    #[ignore = "timing only"]
    fn key_generation_timing() {
        let rounds = 10u32;
        let started = std::time::Instant::now();
        for _ in 0..rounds {
            assert!(KeyPair::generate().is_some());
        }
        eprintln!(
            "RSA-{KEY_BITS} generation: {:?} per key",
            started.elapsed() / rounds
        );
    }

    #[test]
    fn rotation_keeps_old_keys_verifying() {
        let mut keys = PoolKeys::default();
        let claims = json!({"sub": "s"});
        let old = keys
            .sign("us-east-1_A", TokenUse::Access, &claims)
            .unwrap_or_default();
        let old_id = keys
            .sign("us-east-1_A", TokenUse::Id, &claims)
            .unwrap_or_default();
        let pairs = generate_pairs();
        assert!(pairs.is_some());
        let Some(pairs) = pairs else { return };
        assert_eq!(keys.rotate("us-east-1_A", &pairs), Some(()));
        let new = keys
            .sign("us-east-1_A", TokenUse::Access, &claims)
            .unwrap_or_default();
        assert_ne!(unverified_kid(&old), unverified_kid(&new));
        for (token, use_) in [
            (&old, TokenUse::Access),
            (&old_id, TokenUse::Id),
            (&new, TokenUse::Access),
        ] {
            assert_eq!(
                keys.verify("us-east-1_A", token),
                Some((use_, claims.clone()))
            );
            assert!(keys.has_kid("us-east-1_A", &unverified_kid(token).unwrap_or_default()));
        }
        let jwks = keys.jwks("us-east-1_A");
        let kids: Vec<&str> = jwks["keys"]
            .as_array()
            .map(|a| a.iter().filter_map(|k| k["kid"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(kids.len(), 4);
        assert_eq!(
            Some(kids[1].to_owned()),
            unverified_kid(&new),
            "current keys first"
        );
        // The new pairs are this pool's own: the process-wide ones are unchanged.
        let other = PoolKeys::default();
        let token = other
            .sign("us-east-1_B", TokenUse::Access, &claims)
            .unwrap_or_default();
        assert!(other.verify("us-east-1_B", &token).is_some());
        assert!(keys.verify("us-east-1_A", &token).is_none());
    }

    #[test]
    fn tampering_is_refused() {
        let keys = PoolKeys::default();
        let token = keys
            .sign(
                "us-east-1_A",
                TokenUse::Access,
                &json!({"username": "alice"}),
            )
            .unwrap_or_default();
        let (h, _, s, _) = split(&token).unwrap_or(("", "", "", Value::Null));
        let forged = format!("{h}.{}.{s}", B64URL.encode(br#"{"username":"mallory"}"#));
        assert_eq!(keys.verify("us-east-1_A", &forged), None);
        assert_eq!(keys.verify("us-east-1_A", "a.b"), None);
        assert_eq!(keys.verify("us-east-1_A", &format!("{token}.x")), None);
    }
}
