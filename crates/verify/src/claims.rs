//! [`Claims`]: a verified token's claims, typed (spec §8.8), and [`TokenUse`].

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use crate::error::Error;

/// Which token it is: the `token_use` claim.
///
/// ```
/// use cognito_flow_verify::TokenUse;
/// assert_eq!(TokenUse::Access.as_str(), "access");
/// assert_eq!(TokenUse::Id.as_str(), "id");
/// ```
// Exhaustive on purpose: Cognito signs exactly these two kinds of JWT (refresh tokens are
// opaque), and a verifier that met a third would refuse it rather than name it.
#[allow(clippy::exhaustive_enums)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenUse {
    /// An ID token (`token_use` = `id`): who the user is, for the app that signed in. Its
    /// `aud` is the app client id.
    Id,
    /// An access token (`token_use` = `access`): what the bearer may do, for resource
    /// servers. Its `client_id` is the app client id; it carries `scope`.
    Access,
}

impl TokenUse {
    /// The claim's value: `id` or `access`.
    ///
    /// ```
    /// # use cognito_flow_verify::TokenUse;
    /// assert_eq!(TokenUse::Id.as_str(), "id");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            TokenUse::Id => "id",
            TokenUse::Access => "access",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        match value {
            "id" => Some(TokenUse::Id),
            "access" => Some(TokenUse::Access),
            _ => None,
        }
    }
}

/// Claims that have typed accessors and are therefore not in [`Claims::attributes`].
const REGISTERED: &[&str] = &[
    "sub",
    "iss",
    "aud",
    "client_id",
    "token_use",
    "exp",
    "iat",
    "nbf",
    "auth_time",
    "jti",
    "origin_jti",
    "event_id",
    "cognito:username",
    "username",
    "scope",
    "cognito:groups",
    "cognito:roles",
    "cognito:preferred_role",
    "device_key",
    "version",
];

/// The claims of a token that passed every check of a [`TokenVerifier`], typed.
///
/// Standard and Cognito claims have accessors (spec §8.8); user attributes of ID tokens
/// (`email`, `phone_number`, `name`, …) are in [`attributes`](Claims::attributes) as
/// strings, and `custom:*` attributes also in [`custom_attributes`](Claims::custom_attributes)
/// without their prefix. Any other claim (arrays, objects: `identities`, `amr`) is available
/// as JSON text through [`claim_json`](Claims::claim_json).
///
/// `Debug` shows the token use, issuer, `sub`, expiry, groups, scopes and the *names* of
/// the attributes, never their values (e-mail addresses and phone numbers are personal
/// data) and never the app client id (Cognito treats it as sensitive).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let emulator = cognito_flow_emulator::Emulator::builder().start().await?;
/// # let pool: serde_json::Value = serde_json::from_str(&emulator.call("CreateUserPool",
/// #     r#"{"PoolName":"doc","Schema":[{"Name":"tier","AttributeDataType":"String","Mutable":true}]}"#)?)?;
/// # let pool_id = pool["UserPool"]["Id"].as_str().unwrap_or_default().to_owned();
/// # let app: serde_json::Value = serde_json::from_str(&emulator.call("CreateUserPoolClient",
/// #     &format!(r#"{{"UserPoolId":"{pool_id}","ClientName":"doc"}}"#))?)?;
/// # let client_id = app["UserPoolClient"]["ClientId"].as_str().unwrap_or_default().to_owned();
/// # emulator.call("AdminCreateUser", &format!(r#"{{"UserPoolId":"{pool_id}","Username":"alice","MessageAction":"SUPPRESS",
/// #     "UserAttributes":[{{"Name":"email","Value":"alice@example.com"}},{{"Name":"custom:tier","Value":"gold"}}]}}"#))?;
/// # emulator.call("AdminSetUserPassword", &format!(r#"{{"UserPoolId":"{pool_id}","Username":"alice","Password":"Corr3ct-horse!","Permanent":true}}"#))?;
/// # let client = cognito_flow::Client::builder().user_pool_id(&pool_id).client_id(&client_id)
/// #     .endpoint_url(emulator.endpoint()).build()?;
/// # let cognito_flow::Next::SignedIn(signed_in) = client.sign_in("alice", cognito_flow::Password::new("Corr3ct-horse!")).await?
/// #     else { return Err("not signed in".into()) };
/// # let id_token = signed_in.tokens().id_token.expose_secret().to_owned();
/// use cognito_flow_verify::{TokenUse, TokenVerifier};
///
/// let verifier = TokenVerifier::builder()
///     .pool_with_issuer(&pool_id, format!("{}/{pool_id}", emulator.endpoint()))
///     .client_id(&client_id)
///     .token_use(TokenUse::Id)
///     .build()?;
/// let claims = verifier.verify(&id_token).await?;
/// assert_eq!(claims.token_use(), TokenUse::Id);
/// assert_eq!(claims.username(), Some("alice"));
/// assert_eq!(claims.email(), Some("alice@example.com"));
/// assert_eq!(claims.custom_attribute("tier"), Some("gold"));
/// assert!(claims.groups().is_empty());
/// # Ok(()) }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Claims {
    pub(crate) token_use: TokenUse,
    pub(crate) issuer: String,
    pub(crate) pool_id: String,
    pub(crate) sub: String,
    pub(crate) client_id: String,
    pub(crate) username: Option<String>,
    pub(crate) expires_at: i64,
    pub(crate) issued_at: Option<i64>,
    pub(crate) not_before: Option<i64>,
    pub(crate) auth_time: Option<i64>,
    pub(crate) jti: Option<String>,
    pub(crate) origin_jti: Option<String>,
    pub(crate) event_id: Option<String>,
    pub(crate) device_key: Option<String>,
    pub(crate) groups: Vec<String>,
    pub(crate) scopes: Vec<String>,
    pub(crate) roles: Vec<String>,
    pub(crate) preferred_role: Option<String>,
    pub(crate) attributes: BTreeMap<String, String>,
    pub(crate) custom: BTreeMap<String, String>,
    pub(crate) other: BTreeMap<String, String>,
}

/// A NumericDate claim: an integer or a finite number of seconds (RFC 7519 §2), floored.
pub(crate) fn numeric_date(value: &Value) -> Option<i64> {
    if let Some(i) = value.as_i64() {
        return Some(i);
    }
    let f = value.as_f64()?;
    // The range check keeps the cast exact enough and never saturating by surprise.
    (f.is_finite() && f.abs() < 1e15).then(|| f.floor() as i64)
}

fn time(secs: i64) -> SystemTime {
    match u64::try_from(secs) {
        Ok(s) => UNIX_EPOCH + Duration::from_secs(s),
        Err(_) => UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs()),
    }
}

fn string(map: &Map<String, Value>, name: &str) -> Result<Option<String>, Error> {
    match map.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::malformed("a string claim has another type")),
    }
}

fn required_string(map: &Map<String, Value>, name: &str) -> Result<String, Error> {
    string(map, name)?.ok_or_else(|| Error::malformed("a required claim is missing"))
}

fn date(map: &Map<String, Value>, name: &str) -> Result<Option<i64>, Error> {
    match map.get(name) {
        None => Ok(None),
        Some(v) => numeric_date(v)
            .map(Some)
            .ok_or_else(|| Error::malformed("a date claim is not a number")),
    }
}

fn string_list(map: &Map<String, Value>, name: &str) -> Result<Vec<String>, Error> {
    match map.get(name) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| Error::malformed("a list claim holds a non-string"))
            })
            .collect(),
        // A single value where a list is expected: some issuers do this for one group.
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(_) => Err(Error::malformed("a list claim is not a list")),
    }
}

/// `aud`: a string, or (RFC 7519) an array of strings.
pub(crate) fn audiences(map: &Map<String, Value>) -> Result<Vec<String>, Error> {
    match map.get("aud") {
        None => Err(Error::malformed("an ID token has no aud")),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| Error::malformed("aud holds a non-string"))
            })
            .collect(),
        Some(_) => Err(Error::malformed("aud is not a string")),
    }
}

impl Claims {
    /// Builds the typed claims from a payload whose signature and issuer were checked.
    /// `client_id` is the configured app client the token was issued to.
    pub(crate) fn from_payload(
        payload: &Map<String, Value>,
        pool_id: &str,
        client_id: String,
    ) -> Result<Self, Error> {
        let token_use = TokenUse::parse(&required_string(payload, "token_use")?)
            .ok_or_else(|| Error::new(crate::ErrorKind::WrongTokenUse, "neither id nor access"))?;
        let username = match token_use {
            TokenUse::Id => string(payload, "cognito:username")?,
            TokenUse::Access => string(payload, "username")?,
        };
        let scopes = match string(payload, "scope")? {
            Some(s) => s
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            None => Vec::new(),
        };
        let mut attributes = BTreeMap::new();
        let mut custom = BTreeMap::new();
        let mut other = BTreeMap::new();
        for (name, value) in payload {
            if REGISTERED.contains(&name.as_str()) {
                continue;
            }
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                Value::Null | Value::Array(_) | Value::Object(_) => {
                    other.insert(name.clone(), value.to_string());
                    continue;
                }
            };
            if let Some(short) = name.strip_prefix("custom:") {
                custom.insert(short.to_owned(), text.clone());
            }
            attributes.insert(name.clone(), text);
        }
        Ok(Self {
            token_use,
            issuer: required_string(payload, "iss")?,
            pool_id: pool_id.to_owned(),
            sub: required_string(payload, "sub")?,
            client_id,
            username,
            expires_at: date(payload, "exp")?
                .ok_or_else(|| Error::malformed("the token has no exp"))?,
            issued_at: date(payload, "iat")?,
            not_before: date(payload, "nbf")?,
            auth_time: date(payload, "auth_time")?,
            jti: string(payload, "jti")?,
            origin_jti: string(payload, "origin_jti")?,
            event_id: string(payload, "event_id")?,
            device_key: string(payload, "device_key")?,
            groups: string_list(payload, "cognito:groups")?,
            scopes,
            roles: string_list(payload, "cognito:roles")?,
            preferred_role: string(payload, "cognito:preferred_role")?,
            attributes,
            custom,
            other,
        })
    }

    /// `token_use`: an ID or an access token.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.token_use(), TokenUse::Access);
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn token_use(&self) -> TokenUse {
        self.token_use
    }

    /// `iss`: `https://cognito-idp.{region}.amazonaws.com/{userPoolId}` (or the configured
    /// issuer of the pool).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.issuer(), "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1");
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The id of the user pool that issued the token (one of the configured pools).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.user_pool_id(), "us-east-1_TestPool1");
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn user_pool_id(&self) -> &str {
        &self.pool_id
    }

    /// `sub`: the user's immutable id (a UUID). Use it, not the username, as the key of
    /// your own user records. (For a machine-to-machine access token, the app client id.)
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.sub(), "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn sub(&self) -> &str {
        &self.sub
    }

    /// The app client the token was issued to: the ID token's `aud` or the access token's
    /// `client_id`, as matched against the configured client ids.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.client_id(), "testclient0123456789");
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The canonical username: `cognito:username` in an ID token, `username` in an access
    /// token. `None` in machine-to-machine access tokens (client-credentials grant).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.username(), Some("alice"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }

    /// `exp`: when the token expires.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.expires_at(), UNIX_EPOCH + Duration::from_secs(1_700_003_600));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn expires_at(&self) -> SystemTime {
        time(self.expires_at)
    }

    /// `iat`: when the token was issued.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.issued_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn issued_at(&self) -> Option<SystemTime> {
        self.issued_at.map(time)
    }

    /// `nbf`, if present (Cognito does not set it).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.not_before(), None);
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn not_before(&self) -> Option<SystemTime> {
        self.not_before.map(time)
    }

    /// `auth_time`: when the user authenticated; kept across refreshes, so it tells how
    /// long ago the user last typed a password (step-up checks).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// let signed_in_at = claims.auth_time();
    /// assert_eq!(signed_in_at, Some(UNIX_EPOCH + Duration::from_secs(1_699_999_990)));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn auth_time(&self) -> Option<SystemTime> {
        self.auth_time.map(time)
    }

    /// `jti`: the token's unique id.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.jti(), Some("c7e0a2d4-jti"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn jti(&self) -> Option<&str> {
        self.jti.as_deref()
    }

    /// `origin_jti`: the id of the sign-in these tokens descend from; present when the app
    /// client has token revocation enabled (match it against a revocation list).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.origin_jti(), Some("4f1c0f3a-origin"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn origin_jti(&self) -> Option<&str> {
        self.origin_jti.as_deref()
    }

    /// `event_id`: the sign-in event.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.event_id(), Some("9d2b7e61-event"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn event_id(&self) -> Option<&str> {
        self.event_id.as_deref()
    }

    /// `device_key`: the remembered device the access token was issued to, if any.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.device_key(), Some("us-east-1_d-1"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn device_key(&self) -> Option<&str> {
        self.device_key.as_deref()
    }

    /// `cognito:groups`: the user's groups (empty when the user is in none).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.groups(), ["staff"]);
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// Whether the user is in `group`.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert!(claims.has_group("staff"));
    /// assert!(!claims.has_group("admin"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn has_group(&self, group: &str) -> bool {
        self.groups.iter().any(|g| g == group)
    }

    /// `scope`, split on spaces (access tokens; empty for ID tokens).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert_eq!(claims.scopes(), ["aws.cognito.signin.user.admin", "orders:read"]);
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// Whether the token has `scope`.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// assert!(claims.has_scope("orders:read"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// A per-route check: `Ok` if the user is in `group`, else an [`Error`] of kind
    /// [`MissingGroup`](crate::ErrorKind::MissingGroup) (which the axum integration answers
    /// with 403 `insufficient_scope`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingGroup`](crate::ErrorKind::MissingGroup).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// claims.require_group("staff")?;
    /// let err = claims.require_group("admin").unwrap_err();
    /// assert_eq!(err.kind(), cognito_flow_verify::ErrorKind::MissingGroup);
    /// assert_eq!(err.required(), Some("admin"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn require_group(&self, group: &str) -> Result<(), Error> {
        if self.has_group(group) {
            Ok(())
        } else {
            Err(Error::missing_group(group))
        }
    }

    /// A per-route check: `Ok` if the token has `scope`, else an [`Error`] of kind
    /// [`MissingScope`](crate::ErrorKind::MissingScope) (403 `insufficient_scope` with a
    /// `scope` parameter in the axum integration).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingScope`](crate::ErrorKind::MissingScope).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/access-token.txt").trim())?; // an access token
    /// claims.require_scope("orders:read")?;
    /// let err = claims.require_scope("orders:write").unwrap_err();
    /// assert_eq!(err.kind(), cognito_flow_verify::ErrorKind::MissingScope);
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn require_scope(&self, scope: &str) -> Result<(), Error> {
        if self.has_scope(scope) {
            Ok(())
        } else {
            Err(Error::missing_scope(scope))
        }
    }

    /// `cognito:roles`: the IAM roles of the user's groups.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/id-token.txt").trim())?; // an ID token
    /// assert_eq!(claims.roles(), ["arn:aws:iam::123456789012:role/staff"]);
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn roles(&self) -> &[String] {
        &self.roles
    }

    /// `cognito:preferred_role`.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/id-token.txt").trim())?; // an ID token
    /// assert_eq!(claims.preferred_role(), Some("arn:aws:iam::123456789012:role/staff"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn preferred_role(&self) -> Option<&str> {
        self.preferred_role.as_deref()
    }

    /// `email` (ID tokens, when the app client may read it).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/id-token.txt").trim())?; // an ID token
    /// assert_eq!(claims.email(), Some("alice@example.com"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn email(&self) -> Option<&str> {
        self.attribute("email")
    }

    /// `email_verified`.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/id-token.txt").trim())?; // an ID token
    /// assert_eq!(claims.email_verified(), Some(true));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn email_verified(&self) -> Option<bool> {
        self.boolean("email_verified")
    }

    /// `phone_number`.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/id-token.txt").trim())?; // an ID token
    /// assert_eq!(claims.phone_number(), Some("+15555550100"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn phone_number(&self) -> Option<&str> {
        self.attribute("phone_number")
    }

    /// `phone_number_verified`.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/id-token.txt").trim())?; // an ID token
    /// assert_eq!(claims.phone_number_verified(), Some(false));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn phone_number_verified(&self) -> Option<bool> {
        self.boolean("phone_number_verified")
    }

    fn boolean(&self, name: &str) -> Option<bool> {
        match self.attribute(name)? {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// A user attribute or any other scalar claim without an accessor of its own (`name`,
    /// `given_name`, `locale`, `custom:tier`, …), as a string (`true`/`false` for booleans,
    /// decimal for numbers).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/id-token.txt").trim())?; // an ID token
    /// assert_eq!(claims.attribute("name"), Some("Alice Example"));
    /// assert_eq!(claims.attribute("custom:tier"), Some("gold"));
    /// assert_eq!(claims.attribute("sub"), None); // has its own accessor
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// All of [`attribute`](Claims::attribute)'s claims, by name.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/id-token.txt").trim())?; // an ID token
    /// for (name, value) in claims.attributes() {
    ///     println!("{name} = {value}");
    /// }
    /// assert!(claims.attributes().contains_key("email"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn attributes(&self) -> &BTreeMap<String, String> {
        &self.attributes
    }

    /// A custom attribute by its name *without* the `custom:` prefix.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/id-token.txt").trim())?; // an ID token
    /// assert_eq!(claims.custom_attribute("tier"), Some("gold"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn custom_attribute(&self, name: &str) -> Option<&str> {
        self.custom.get(name).map(String::as_str)
    }

    /// The `custom:*` attributes, keyed by name without the `custom:` prefix.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/id-token.txt").trim())?; // an ID token
    /// assert_eq!(claims.custom_attributes().get("tier").map(String::as_str), Some("gold"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn custom_attributes(&self) -> &BTreeMap<String, String> {
        &self.custom
    }

    /// Any claim that is an array or an object and has no accessor (`identities`, `amr`,
    /// …), as JSON text.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenUse;
    /// # // A verifier pinned to the fixtures' time, with the fixtures' JWKS (tests/fixtures).
    /// # let verifier = cognito_flow_verify::TokenVerifier::builder().pool("us-east-1_TestPool1")
    /// #     .client_id("testclient0123456789").any_token_use().offline()
    /// #     .jwks_json("us-east-1_TestPool1", include_str!("../tests/fixtures/jwks.json"))
    /// #     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_100)).build()?;
    /// # let claims = verifier.verify_offline(include_str!("../tests/fixtures/id-token.txt").trim())?; // an ID token
    /// let identities = claims.claim_json("identities").unwrap_or("[]");
    /// assert!(identities.contains("Google"));
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn claim_json(&self, name: &str) -> Option<&str> {
        self.other.get(name).map(String::as_str)
    }
}

impl fmt::Debug for Claims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claims")
            .field("token_use", &self.token_use)
            .field("issuer", &self.issuer)
            .field("sub", &self.sub)
            .field("expires_at", &self.expires_at)
            .field("groups", &self.groups)
            .field("scopes", &self.scopes)
            .field("attributes", &self.attributes.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn claims(payload: Value) -> Result<Claims, Error> {
        let map = payload.as_object().cloned().unwrap_or_default();
        Claims::from_payload(&map, "us-east-1_A", "client".to_owned())
    }

    #[test]
    fn id_token_claims_are_typed() {
        let c = claims(json!({
            "sub": "s-1", "iss": "https://i/us-east-1_A", "aud": "client", "token_use": "id",
            "exp": 2000, "iat": 1000.5, "auth_time": 999, "cognito:username": "alice",
            "cognito:groups": ["admin", "staff"], "email": "a@example.com", "email_verified": true,
            "custom:tier": "gold", "custom:level": 3, "identities": [{"providerName": "Google"}],
            "origin_jti": "o", "event_id": "e", "jti": "j"
        }));
        let c = c.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.token_use(), TokenUse::Id);
        assert_eq!(c.username(), Some("alice"));
        assert_eq!(c.issued_at(), Some(UNIX_EPOCH + Duration::from_secs(1000)));
        assert!(c.has_group("staff") && !c.has_group("root"));
        assert_eq!(c.email_verified(), Some(true));
        assert_eq!(c.custom_attribute("tier"), Some("gold"));
        assert_eq!(c.custom_attribute("level"), Some("3"));
        assert_eq!(c.attribute("custom:tier"), Some("gold"));
        assert_eq!(c.attribute("sub"), None);
        assert!(
            c.claim_json("identities")
                .is_some_and(|j| j.contains("Google"))
        );
        assert_eq!(
            c.require_group("root").map_err(|e| e.kind()),
            Err(crate::ErrorKind::MissingGroup)
        );
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("a@example.com") && !debug.contains("gold"),
            "{debug}"
        );
        assert!(!debug.contains("client"), "{debug}");
    }

    #[test]
    fn access_token_scopes_and_types() {
        let c = claims(json!({
            "sub": "s", "iss": "i", "client_id": "client", "token_use": "access", "exp": 1,
            "scope": "aws.cognito.signin.user.admin  orders:read", "username": "bob", "version": 2
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.scopes(), ["aws.cognito.signin.user.admin", "orders:read"]);
        assert_eq!(c.username(), Some("bob"));
        assert!(c.attributes().is_empty());
        assert!(c.require_scope("orders:read").is_ok());
        let wrong = claims(json!({"sub": 1, "iss": "i", "token_use": "access", "exp": 1}));
        assert_eq!(
            wrong.map_err(|e| e.kind()),
            Err(crate::ErrorKind::Malformed)
        );
        let no_exp = claims(json!({"sub": "s", "iss": "i", "token_use": "access"}));
        assert_eq!(
            no_exp.map_err(|e| e.kind()),
            Err(crate::ErrorKind::Malformed)
        );
    }
}
