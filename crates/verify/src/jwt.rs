//! Splitting and decoding a compact JWS (RFC 7515 §7.1). Nothing here is trusted yet.

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind};

pub(crate) const B64URL: base64::engine::GeneralPurpose =
    base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The longest token accepted, in bytes. Cognito's tokens are a few kilobytes even with
/// many attributes and groups; anything much longer is refused before any decoding.
///
/// ```
/// # use cognito_flow_verify::{ErrorKind, MAX_TOKEN_LEN, TokenVerifier};
/// # let verifier = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").offline().build()?;
/// let huge = "a".repeat(MAX_TOKEN_LEN + 1);
/// assert_eq!(verifier.verify_offline(&huge).unwrap_err().kind(), ErrorKind::Malformed);
/// # Ok::<(), cognito_flow_verify::Error>(())
/// ```
pub const MAX_TOKEN_LEN: usize = 16 * 1024;

/// A compact JWS, decoded but not verified.
pub(crate) struct Jws<'t> {
    /// `BASE64URL(header) '.' BASE64URL(payload)`: what the signature covers.
    pub(crate) signing_input: &'t [u8],
    pub(crate) kid: String,
    pub(crate) payload: Map<String, Value>,
    pub(crate) signature: Vec<u8>,
}

fn decode(part: &str) -> Result<Vec<u8>, Error> {
    B64URL
        .decode(part)
        .map_err(|_| Error::malformed("a part is not base64url"))
}

fn object(bytes: &[u8], what: &'static str) -> Result<Map<String, Value>, Error> {
    match serde_json::from_slice(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Error::malformed(what)),
    }
}

impl<'t> Jws<'t> {
    /// Splits and decodes `token`, checks the header (`alg` exactly `RS256`, a `kid`, no
    /// `crit`). The payload is decoded but nothing in it is checked.
    pub(crate) fn parse(token: &'t str) -> Result<Self, Error> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(Error::malformed("longer than MAX_TOKEN_LEN"));
        }
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Error::malformed("not three base64url parts"));
        };
        let header = object(&decode(h)?, "the header is not a JSON object")?;
        match header.get("alg") {
            Some(Value::String(alg)) if alg == "RS256" => {}
            Some(Value::String(_)) => {
                return Err(Error::new(
                    ErrorKind::UnsupportedAlgorithm,
                    "only RS256 is accepted",
                ));
            }
            _ => return Err(Error::malformed("the header has no alg")),
        }
        if header.contains_key("crit") {
            // RFC 7515 §4.1.11: extensions we do not understand must make us refuse.
            return Err(Error::malformed("the header has crit extensions"));
        }
        let kid = match header.get("kid") {
            Some(Value::String(kid)) => kid.clone(),
            _ => return Err(Error::malformed("the header has no kid")),
        };
        let payload = object(&decode(p)?, "the payload is not a JSON object")?;
        let signature = decode(s)?;
        let signing_input = &token.as_bytes()[..h.len() + 1 + p.len()];
        Ok(Self {
            signing_input,
            kid,
            payload,
            signature,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        B64URL.encode(s)
    }

    fn kind(token: &str) -> Option<ErrorKind> {
        Jws::parse(token).err().map(|e| e.kind())
    }

    #[test]
    fn header_checks() {
        let p = b64(r#"{"sub":"x"}"#);
        let ok = format!("{}.{p}.AAAA", b64(r#"{"alg":"RS256","kid":"k"}"#));
        assert_eq!(kind(&ok), None);
        let jws = Jws::parse(&ok).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(jws.kid, "k");
        assert_eq!(
            jws.signing_input,
            ok.rsplit_once('.')
                .map(|x| x.0.as_bytes())
                .unwrap_or_default()
        );
        for (header, expected) in [
            (
                r#"{"alg":"none","kid":"k"}"#,
                ErrorKind::UnsupportedAlgorithm,
            ),
            (
                r#"{"alg":"HS256","kid":"k"}"#,
                ErrorKind::UnsupportedAlgorithm,
            ),
            (
                r#"{"alg":"rs256","kid":"k"}"#,
                ErrorKind::UnsupportedAlgorithm,
            ),
            (r#"{"kid":"k"}"#, ErrorKind::Malformed),
            (r#"{"alg":"RS256"}"#, ErrorKind::Malformed),
            (
                r#"{"alg":"RS256","kid":"k","crit":["b64"]}"#,
                ErrorKind::Malformed,
            ),
            (r#"[1]"#, ErrorKind::Malformed),
        ] {
            assert_eq!(
                kind(&format!("{}.{p}.AAAA", b64(header))),
                Some(expected),
                "{header}"
            );
        }
        assert_eq!(kind("a.b"), Some(ErrorKind::Malformed));
        assert_eq!(kind(&format!("{ok}.x")), Some(ErrorKind::Malformed));
        assert_eq!(kind(&format!("{ok}=")), Some(ErrorKind::Malformed));
        assert_eq!(
            kind(&"a".repeat(MAX_TOKEN_LEN + 1)),
            Some(ErrorKind::Malformed)
        );
    }
}
