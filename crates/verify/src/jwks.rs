//! A pool's JWKS (RFC 7517), parsed into the RSA keys that may verify RS256 signatures.

use std::collections::HashMap;

use base64::Engine as _;
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use serde::Deserialize;

use crate::error::{Error, ErrorKind};
use crate::jwt::B64URL;

/// The shortest modulus accepted (Cognito's keys are RSA-2048). ring enforces the same
/// bound; checking it here turns a weak key into `UnsupportedAlgorithm` instead of
/// `BadSignature`.
const MIN_MODULUS_BITS: usize = 2048;
/// The longest modulus accepted (ring's bound).
const MAX_MODULUS_BITS: usize = 8192;

#[derive(Deserialize)]
struct Document {
    keys: Vec<serde_json::Value>,
}

/// The members of one JWK this crate reads; everything optional so one odd key (an EC key,
/// a key without `kid`) does not make the whole set unusable.
#[derive(Deserialize)]
struct Jwk {
    kid: Option<String>,
    kty: Option<String>,
    alg: Option<String>,
    #[serde(rename = "use")]
    use_: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

/// One `kid` of the set.
#[derive(Debug)]
pub(crate) enum Key {
    /// An RSA public key usable for RS256: modulus and exponent, big-endian, without
    /// leading zeros.
    Rsa(RsaPublicKeyComponents<Vec<u8>>),
    /// A key that is not an RS256 signing key (another `kty`, `alg` or `use`, a short
    /// modulus, undecodable numbers): a token naming it is refused as
    /// `UnsupportedAlgorithm`, not `UnknownKey`.
    Unusable(&'static str),
}

/// A parsed JWKS: its keys by `kid`.
#[derive(Debug, Default)]
pub(crate) struct KeySet {
    keys: HashMap<String, Key>,
}

fn big_endian(b64: Option<&str>) -> Option<Vec<u8>> {
    let bytes = B64URL.decode(b64?).ok()?;
    let first = bytes.iter().position(|&b| b != 0)?;
    Some(bytes[first..].to_vec())
}

fn bit_len(n: &[u8]) -> usize {
    match n.first() {
        Some(&top) => (n.len() - 1) * 8 + (8 - top.leading_zeros() as usize),
        None => 0,
    }
}

fn key(jwk: &Jwk) -> Key {
    if jwk.kty.as_deref() != Some("RSA") {
        return Key::Unusable("the JWK is not an RSA key");
    }
    if jwk.alg.as_deref().is_some_and(|a| a != "RS256") {
        return Key::Unusable("the JWK is not for RS256");
    }
    if jwk.use_.as_deref().is_some_and(|u| u != "sig") {
        return Key::Unusable("the JWK is not a signing key");
    }
    let (Some(n), Some(e)) = (big_endian(jwk.n.as_deref()), big_endian(jwk.e.as_deref())) else {
        return Key::Unusable("the JWK's n or e is not base64url");
    };
    let bits = bit_len(&n);
    if !(MIN_MODULUS_BITS..=MAX_MODULUS_BITS).contains(&bits) {
        return Key::Unusable("the JWK's modulus is not 2048 to 8192 bits");
    }
    Key::Rsa(RsaPublicKeyComponents { n, e })
}

impl KeySet {
    /// Parses a JWKS document (`{"keys": [...]}`). Keys without a `kid` are skipped; of two
    /// keys with the same `kid`, the first is kept.
    pub(crate) fn parse(json: &[u8]) -> Result<Self, Error> {
        let doc: Document = serde_json::from_slice(json).map_err(|e| {
            Error::with_source(ErrorKind::JwksUnavailable, "not a JWKS document", e)
        })?;
        let mut keys = HashMap::with_capacity(doc.keys.len());
        for value in doc.keys {
            let Ok(jwk) = serde_json::from_value::<Jwk>(value) else {
                continue;
            };
            let Some(kid) = jwk.kid.clone() else {
                continue;
            };
            keys.entry(kid).or_insert_with(|| key(&jwk));
        }
        Ok(Self { keys })
    }

    pub(crate) fn get(&self, kid: &str) -> Option<&Key> {
        self.keys.get(kid)
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

impl Key {
    /// Checks an RS256 signature.
    pub(crate) fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), Error> {
        match self {
            Key::Rsa(components) => components
                .verify(&RSA_PKCS1_2048_8192_SHA256, signing_input, signature)
                .map_err(|_| Error::new(ErrorKind::BadSignature, "")),
            Key::Unusable(why) => Err(Error::new(ErrorKind::UnsupportedAlgorithm, *why)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(bytes: usize) -> String {
        let mut n = vec![0xC5u8; bytes];
        n.insert(0, 0); // a leading zero octet, as some encoders write
        B64URL.encode(n)
    }

    #[test]
    fn parses_usable_and_unusable_keys() {
        let doc = format!(
            r#"{{"keys":[
              {{"kid":"good","kty":"RSA","alg":"RS256","use":"sig","e":"AQAB","n":"{n}"}},
              {{"kid":"good","kty":"RSA","alg":"RS512","e":"AQAB","n":"{n}"}},
              {{"kid":"hs","kty":"oct","k":"c2VjcmV0"}},
              {{"kid":"rs512","kty":"RSA","alg":"RS512","e":"AQAB","n":"{n}"}},
              {{"kid":"enc","kty":"RSA","use":"enc","e":"AQAB","n":"{n}"}},
              {{"kid":"short","kty":"RSA","e":"AQAB","n":"{short}"}},
              {{"kty":"RSA","e":"AQAB","n":"{n}"}},
              {{"kid":7}}
            ]}}"#,
            n = n(256),
            short = n(128)
        );
        let set = KeySet::parse(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(set.len(), 5);
        assert!(matches!(set.get("good"), Some(Key::Rsa(c)) if c.n.len() == 256));
        for kid in ["hs", "rs512", "enc", "short"] {
            assert!(matches!(set.get(kid), Some(Key::Unusable(_))), "{kid}");
        }
        assert_eq!(
            KeySet::parse(b"{}").map(|_| ()).map_err(|e| e.kind()),
            Err(ErrorKind::JwksUnavailable)
        );
    }
}
