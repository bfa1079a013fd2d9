//! [`TokenVerifier`] and its builder: the checks, the JWKS cache and its penalty box.

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use crate::claims::{Claims, TokenUse, audiences, numeric_date};
use crate::error::{Error, ErrorKind};
use crate::fetch::JwksFetcher;
use crate::jwks::{Key, KeySet};
use crate::jwt::Jws;

/// The default refetch interval (the penalty box): at most one JWKS fetch per pool per
/// minute, however many tokens with unknown `kid`s arrive.
///
/// ```
/// assert_eq!(cognito_flow_verify::DEFAULT_JWKS_REFETCH_INTERVAL.as_secs(), 60);
/// ```
pub const DEFAULT_JWKS_REFETCH_INTERVAL: Duration = Duration::from_secs(60);

/// The default clock leeway for `exp`, `nbf` and `iat`.
///
/// ```
/// assert_eq!(cognito_flow_verify::DEFAULT_LEEWAY.as_secs(), 5);
/// ```
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(5);

type TimeSource = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Verifies Cognito ID and access tokens for one or more user pools and app clients.
///
/// Built with [`TokenVerifier::builder`]. Cheap to clone (an `Arc`): build one at start-up
/// and share it (axum state, a `static`, …). Every token goes through, in this order:
///
/// 1. **Shape**: a compact JWS of at most [`MAX_TOKEN_LEN`](crate::MAX_TOKEN_LEN) bytes,
///    header and payload JSON objects, no `crit` → [`ErrorKind::Malformed`].
/// 2. **Algorithm**: the header's `alg` is exactly `RS256` → else
///    [`ErrorKind::UnsupportedAlgorithm`] (`none`, `HS256` and everything else; the
///    algorithm is never taken from the token to choose how to verify).
/// 3. **Issuer**: `iss` is one of the configured pools' issuers →
///    [`ErrorKind::WrongIssuer`]. Only then is a JWKS looked at, so a token cannot make the
///    verifier fetch from a URL of its choosing.
/// 4. **Key**: the header's `kid` is in that pool's JWKS (fetched from
///    `{iss}/.well-known/jwks.json` and cached; refetched on an unknown `kid` at most once
///    per [refetch interval](TokenVerifierBuilder::jwks_refetch_interval)) →
///    [`ErrorKind::UnknownKey`]; the key is an RSA signing key for RS256 of 2048 to 8192
///    bits → [`ErrorKind::UnsupportedAlgorithm`].
/// 5. **Signature**: RSASSA-PKCS1-v1_5 with SHA-256 → [`ErrorKind::BadSignature`].
/// 6. **`token_use`** is accepted ([`TokenVerifierBuilder::token_use`]) →
///    [`ErrorKind::WrongTokenUse`].
/// 7. **Time**: `exp` (required) is not past, `nbf` and `iat` are not in the future, each
///    with the [leeway](TokenVerifierBuilder::leeway) → [`ErrorKind::Expired`],
///    [`ErrorKind::NotYetValid`].
/// 8. **Client**: the ID token's `aud` or the access token's `client_id` is a configured
///    client id → [`ErrorKind::WrongClient`].
/// 9. **Claims** are well-typed (`sub`, strings, lists) → [`ErrorKind::Malformed`].
/// 10. **Groups and scopes**: every required group is in `cognito:groups`, every required
///     scope in `scope` → [`ErrorKind::MissingGroup`], [`ErrorKind::MissingScope`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let emulator = cognito_flow_emulator::Emulator::builder().start().await?;
/// # let pool: serde_json::Value = serde_json::from_str(&emulator.call("CreateUserPool", r#"{"PoolName":"doc"}"#)?)?;
/// # let pool_id = pool["UserPool"]["Id"].as_str().unwrap_or_default().to_owned();
/// # let app: serde_json::Value = serde_json::from_str(&emulator.call("CreateUserPoolClient",
/// #     &format!(r#"{{"UserPoolId":"{pool_id}","ClientName":"doc"}}"#))?)?;
/// # let client_id = app["UserPoolClient"]["ClientId"].as_str().unwrap_or_default().to_owned();
/// # emulator.call("AdminCreateUser", &format!(r#"{{"UserPoolId":"{pool_id}","Username":"alice","MessageAction":"SUPPRESS"}}"#))?;
/// # emulator.call("AdminSetUserPassword", &format!(r#"{{"UserPoolId":"{pool_id}","Username":"alice","Password":"Corr3ct-horse!","Permanent":true}}"#))?;
/// # let client = cognito_flow::Client::builder().user_pool_id(&pool_id).client_id(&client_id)
/// #     .endpoint_url(emulator.endpoint()).build()?;
/// # let cognito_flow::Next::SignedIn(signed_in) = client.sign_in("alice", cognito_flow::Password::new("Corr3ct-horse!")).await?
/// #     else { return Err("not signed in".into()) };
/// # let access_token = signed_in.tokens().access_token.expose_secret().to_owned();
/// # let id_token = signed_in.tokens().id_token.expose_secret().to_owned();
/// use cognito_flow_verify::{ErrorKind, TokenUse, TokenVerifier};
///
/// let verifier = TokenVerifier::builder()
///     // On AWS: `.pool("us-east-1_AbCdEf123")`, issuer derived from the region in the id.
///     // The emulator issues tokens with its own URL as the issuer:
///     .pool_with_issuer(&pool_id, format!("{}/{pool_id}", emulator.endpoint()))
///     .client_id(&client_id)
///     .token_use(TokenUse::Access)
///     .require_scopes(["aws.cognito.signin.user.admin"])
///     .build()?;
///
/// let claims = verifier.verify(&access_token).await?;   // fetches the JWKS once
/// assert_eq!(claims.username(), Some("alice"));
///
/// // Keys are cached now: verify without I/O.
/// assert_eq!(verifier.verify_offline(&access_token)?.sub(), claims.sub());
///
/// // An ID token where an access token is expected:
/// assert_eq!(verifier.verify(&id_token).await.unwrap_err().kind(), ErrorKind::WrongTokenUse);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TokenVerifier {
    inner: Arc<Inner>,
}

struct Inner {
    pools: Vec<Pool>,
    client_ids: Vec<String>,
    /// `None`: ID and access tokens.
    token_use: Option<TokenUse>,
    leeway_secs: i64,
    groups: Vec<String>,
    scopes: Vec<String>,
    refetch_interval: Duration,
    fetcher: Option<Arc<dyn JwksFetcher>>,
    now: TimeSource,
}

/// One configured user pool and its cached keys.
struct Pool {
    id: String,
    issuer: String,
    jwks_url: String,
    /// `None` until a JWKS was loaded.
    keys: RwLock<Option<Arc<KeySet>>>,
    /// Held while fetching, so concurrent unknown `kid`s cause one fetch; remembers when
    /// the last fetch was attempted (the penalty box).
    gate: tokio::sync::Mutex<Option<Instant>>,
}

impl Pool {
    fn keys(&self) -> Option<Arc<KeySet>> {
        match self.keys.read() {
            Ok(k) => k.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set_keys(&self, keys: Arc<KeySet>) {
        match self.keys.write() {
            Ok(mut k) => *k = Some(keys),
            Err(poisoned) => *poisoned.into_inner() = Some(keys),
        }
    }

    /// The error for a `kid` that is not in the (possibly absent) key set.
    fn missing(&self, detail: &'static str) -> Error {
        if self.keys().is_some() {
            Error::new(ErrorKind::UnknownKey, detail)
        } else {
            Error::new(
                ErrorKind::JwksUnavailable,
                "the pool's JWKS has not been loaded",
            )
        }
    }
}

impl TokenVerifier {
    /// A builder. At least one pool and one client id are required.
    ///
    /// ```
    /// use std::time::Duration;
    /// use cognito_flow_verify::{TokenUse, TokenVerifier};
    ///
    /// let verifier = TokenVerifier::builder()
    ///     .pool("us-east-1_AbCdEf123")
    ///     .pool("eu-west-1_ZyXwVu987")
    ///     .client_id("1example23456789")
    ///     .client_id("2example98765432")
    ///     .token_use(TokenUse::Access)
    ///     .leeway(Duration::from_secs(10))
    ///     .require_groups(["staff"])
    ///     .build()?;
    /// # let _ = verifier;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn builder() -> TokenVerifierBuilder {
        TokenVerifierBuilder::default()
    }

    /// Verifies `token` (the bare JWT, without `Bearer `) and returns its claims. Fetches
    /// the pool's JWKS when it is not cached or does not have the token's `kid` (at most
    /// once per refetch interval per pool); otherwise no I/O.
    ///
    /// # Errors
    ///
    /// The [`ErrorKind`] of the first check that failed (see [`TokenVerifier`]).
    /// [`ErrorKind::JwksUnavailable`] when the keys are needed and cannot be fetched.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_flow_verify::Error> {
    /// use cognito_flow_verify::{ErrorKind, TokenVerifier};
    ///
    /// let verifier = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").build()?;
    /// // An unsigned token is refused before any key is fetched.
    /// let none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
    /// assert_eq!(verifier.verify(none).await.unwrap_err().kind(), ErrorKind::UnsupportedAlgorithm);
    /// # Ok(()) }
    /// ```
    pub async fn verify(&self, token: &str) -> Result<Claims, Error> {
        let jws = Jws::parse(token)?;
        let pool = self.pool_for(&jws.payload)?;
        if let Some(keys) = pool.keys()
            && let Some(key) = keys.get(&jws.kid)
        {
            return self.check(&jws, pool, key);
        }
        let keys = self.refetch(pool, &jws.kid).await?;
        match keys.get(&jws.kid) {
            Some(key) => self.check(&jws, pool, key),
            None => Err(Error::new(
                ErrorKind::UnknownKey,
                "the kid is not in the pool's JWKS",
            )),
        }
    }

    /// Verifies `token` with the keys already loaded ([`TokenVerifierBuilder::jwks_json`],
    /// [`TokenVerifier::load_jwks_json`], [`TokenVerifier::fetch_jwks`] or an earlier
    /// [`verify`](TokenVerifier::verify)), without any I/O and without `async`: the same
    /// checks as [`verify`](TokenVerifier::verify), except that an unknown `kid` is refused
    /// at once.
    ///
    /// # Errors
    ///
    /// As [`verify`](TokenVerifier::verify); [`ErrorKind::JwksUnavailable`] if the pool's
    /// keys were never loaded.
    ///
    /// ```
    /// use cognito_flow_verify::{ErrorKind, TokenVerifier};
    ///
    /// let jwks = r#"{"keys":[]}"#; // e.g. saved from https://cognito-idp.{region}.amazonaws.com/{pool}/.well-known/jwks.json
    /// let verifier = TokenVerifier::builder()
    ///     .pool("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .jwks_json("us-east-1_AbCdEf123", jwks)
    ///     .build()?;
    /// let token = "eyJraWQiOiJrIiwiYWxnIjoiUlMyNTYifQ.\
    ///     eyJpc3MiOiJodHRwczovL2NvZ25pdG8taWRwLnVzLWVhc3QtMS5hbWF6b25hd3MuY29tL3VzLWVhc3QtMV9BYkNkRWYxMjMifQ.AAAA";
    /// assert_eq!(verifier.verify_offline(token).unwrap_err().kind(), ErrorKind::UnknownKey);
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn verify_offline(&self, token: &str) -> Result<Claims, Error> {
        let jws = Jws::parse(token)?;
        let pool = self.pool_for(&jws.payload)?;
        let keys = pool
            .keys()
            .ok_or_else(|| pool.missing("the kid is not in the pool's JWKS"))?;
        match keys.get(&jws.kid) {
            Some(key) => self.check(&jws, pool, key),
            None => Err(Error::new(
                ErrorKind::UnknownKey,
                "the kid is not in the pool's JWKS",
            )),
        }
    }

    /// Fetches every pool's JWKS now (at start-up, to fail early and make the first
    /// requests fast). Not held back by the penalty box, but it counts as a fetch for it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::JwksUnavailable`] for the first pool whose JWKS could not be fetched or
    /// parsed (the others are still fetched); [`ErrorKind::Config`] if the verifier has no
    /// fetcher ([`TokenVerifierBuilder::offline`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let emulator = cognito_flow_emulator::Emulator::builder().start().await?;
    /// # let pool: serde_json::Value = serde_json::from_str(&emulator.call("CreateUserPool", r#"{"PoolName":"doc"}"#)?)?;
    /// # let pool_id = pool["UserPool"]["Id"].as_str().unwrap_or_default().to_owned();
    /// use cognito_flow_verify::TokenVerifier;
    ///
    /// let verifier = TokenVerifier::builder()
    ///     .pool_with_issuer(&pool_id, format!("{}/{pool_id}", emulator.endpoint()))
    ///     .client_id("any")
    ///     .build()?;
    /// verifier.fetch_jwks().await?;
    /// # Ok(()) }
    /// ```
    pub async fn fetch_jwks(&self) -> Result<(), Error> {
        let fetcher = self
            .inner
            .fetcher
            .as_ref()
            .ok_or_else(|| Error::config("the verifier has no fetcher"))?;
        let mut first_error = None;
        for pool in &self.inner.pools {
            let mut gate = pool.gate.lock().await;
            *gate = Some(Instant::now());
            if let Err(e) = fetch(pool, fetcher.as_ref()).await {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Replaces a pool's keys with a JWKS document you obtained yourself (from a file, a
    /// secret store, your own fetch loop).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] for a pool that is not configured,
    /// [`ErrorKind::JwksUnavailable`] for a document that is not a JWKS.
    ///
    /// ```
    /// # use cognito_flow_verify::TokenVerifier;
    /// let verifier = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").offline().build()?;
    /// verifier.load_jwks_json("us-east-1_AbCdEf123", r#"{"keys":[]}"#)?;
    /// assert!(verifier.load_jwks_json("us-east-1_Other", r#"{"keys":[]}"#).is_err());
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn load_jwks_json(&self, user_pool_id: &str, jwks: &str) -> Result<(), Error> {
        let pool = self
            .inner
            .pools
            .iter()
            .find(|p| p.id == user_pool_id)
            .ok_or_else(|| {
                Error::config(format!("user pool `{user_pool_id}` is not configured"))
            })?;
        pool.set_keys(Arc::new(KeySet::parse(jwks.as_bytes())?));
        Ok(())
    }

    /// The pool whose issuer is the token's (unverified) `iss`.
    fn pool_for(&self, payload: &Map<String, Value>) -> Result<&Pool, Error> {
        let Some(Value::String(iss)) = payload.get("iss") else {
            return Err(Error::malformed("the token has no iss"));
        };
        self.inner
            .pools
            .iter()
            .find(|p| p.issuer == *iss)
            .ok_or_else(|| Error::new(ErrorKind::WrongIssuer, "not a configured user pool"))
    }

    /// Refetches `pool`'s JWKS because `kid` is not in it, unless the penalty box holds it
    /// back. Returns the key set to look `kid` up in.
    async fn refetch(&self, pool: &Pool, kid: &str) -> Result<Arc<KeySet>, Error> {
        let Some(fetcher) = &self.inner.fetcher else {
            return Err(pool.missing("the kid is not in the pool's JWKS"));
        };
        let mut gate = pool.gate.lock().await;
        // Another task may have fetched while this one waited for the gate.
        if let Some(keys) = pool.keys()
            && keys.get(kid).is_some()
        {
            return Ok(keys);
        }
        let now = Instant::now();
        if gate
            .is_some_and(|last| now.saturating_duration_since(last) < self.inner.refetch_interval)
        {
            return Err(pool.missing("the kid is not in the pool's JWKS (refetch held back)"));
        }
        *gate = Some(now);
        fetch(pool, fetcher.as_ref()).await
    }

    /// Steps 5 to 10 (see the type's docs), with the key the header's `kid` names.
    fn check(&self, jws: &Jws<'_>, pool: &Pool, key: &Key) -> Result<Claims, Error> {
        key.verify(jws.signing_input, &jws.signature)?;
        let inner = &*self.inner;
        let p = &jws.payload;

        let token_use = match p.get("token_use") {
            Some(Value::String(s)) if s == "id" => TokenUse::Id,
            Some(Value::String(s)) if s == "access" => TokenUse::Access,
            _ => {
                return Err(Error::new(
                    ErrorKind::WrongTokenUse,
                    "token_use is neither id nor access",
                ));
            }
        };
        if let Some(expected) = inner.token_use
            && expected != token_use
        {
            return Err(Error::new(
                ErrorKind::WrongTokenUse,
                match expected {
                    TokenUse::Access => "an access token is required",
                    TokenUse::Id => "an ID token is required",
                },
            ));
        }

        let now = unix_secs((inner.now)());
        let date = |name: &str| -> Result<Option<i64>, Error> {
            p.get(name)
                .map(|v| {
                    numeric_date(v).ok_or_else(|| Error::malformed("a date claim is not a number"))
                })
                .transpose()
        };
        let exp = date("exp")?.ok_or_else(|| Error::malformed("the token has no exp"))?;
        if now >= exp.saturating_add(inner.leeway_secs) {
            return Err(Error::new(ErrorKind::Expired, ""));
        }
        if date("nbf")?.is_some_and(|nbf| nbf > now.saturating_add(inner.leeway_secs)) {
            return Err(Error::new(ErrorKind::NotYetValid, "nbf is in the future"));
        }
        if date("iat")?.is_some_and(|iat| iat > now.saturating_add(inner.leeway_secs)) {
            return Err(Error::new(ErrorKind::NotYetValid, "iat is in the future"));
        }

        let client = match token_use {
            TokenUse::Id => audiences(p)?
                .into_iter()
                .find(|aud| inner.client_ids.contains(aud)),
            TokenUse::Access => match p.get("client_id") {
                Some(Value::String(c)) => inner.client_ids.iter().find(|id| *id == c).cloned(),
                _ => return Err(Error::malformed("an access token has no client_id")),
            },
        };
        let Some(client) = client else {
            return Err(Error::new(
                ErrorKind::WrongClient,
                match token_use {
                    TokenUse::Id => "aud is not a configured app client",
                    TokenUse::Access => "client_id is not a configured app client",
                },
            ));
        };

        let claims = Claims::from_payload(p, &pool.id, client)?;
        for group in &inner.groups {
            claims.require_group(group)?;
        }
        for scope in &inner.scopes {
            claims.require_scope(scope)?;
        }
        Ok(claims)
    }
}

/// Fetches and installs `pool`'s JWKS. The caller holds the pool's gate.
async fn fetch(pool: &Pool, fetcher: &dyn JwksFetcher) -> Result<Arc<KeySet>, Error> {
    let body = fetcher.fetch(&pool.jwks_url).await.map_err(|e| {
        Error::with_source(ErrorKind::JwksUnavailable, "could not fetch the JWKS", e)
    })?;
    let keys = Arc::new(KeySet::parse(&body)?);
    pool.set_keys(Arc::clone(&keys));
    Ok(keys)
}

fn unix_secs(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

impl fmt::Debug for TokenVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Pools<'a>(&'a [Pool]);
        impl fmt::Debug for Pools<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list()
                    .entries(self.0.iter().map(|p| {
                        let keys = p.keys().map(|k| k.len());
                        format!("{} ({}, keys: {keys:?})", p.id, p.issuer)
                    }))
                    .finish()
            }
        }
        let inner = &*self.inner;
        // Client ids are sensitive in Cognito's model: only their number is shown.
        f.debug_struct("TokenVerifier")
            .field("pools", &Pools(&inner.pools))
            .field("client_ids", &inner.client_ids.len())
            .field("token_use", &inner.token_use)
            .field("leeway_secs", &inner.leeway_secs)
            .field("groups", &inner.groups)
            .field("scopes", &inner.scopes)
            .field("refetch_interval", &inner.refetch_interval)
            .field("fetcher", &inner.fetcher)
            .finish_non_exhaustive()
    }
}

/// Builds a [`TokenVerifier`]; settings are checked by [`build`](TokenVerifierBuilder::build).
///
/// ```
/// use cognito_flow_verify::{TokenUse, TokenVerifier};
///
/// let verifier = TokenVerifier::builder()
///     .pool("us-east-1_AbCdEf123")
///     .client_id("1example23456789")
///     .any_token_use()
///     .build()?;
/// # let _ = verifier;
/// # Ok::<(), cognito_flow_verify::Error>(())
/// ```
#[must_use]
pub struct TokenVerifierBuilder {
    pools: Vec<(String, Option<String>)>,
    client_ids: Vec<String>,
    token_use: Option<TokenUse>,
    leeway: Duration,
    groups: Vec<String>,
    scopes: Vec<String>,
    refetch_interval: Duration,
    fetcher: Option<Arc<dyn JwksFetcher>>,
    offline: bool,
    allow_http: bool,
    jwks: Vec<(String, String)>,
    now: Option<TimeSource>,
}

impl Default for TokenVerifierBuilder {
    fn default() -> Self {
        Self {
            pools: Vec::new(),
            client_ids: Vec::new(),
            token_use: Some(TokenUse::Access),
            leeway: DEFAULT_LEEWAY,
            groups: Vec::new(),
            scopes: Vec::new(),
            refetch_interval: DEFAULT_JWKS_REFETCH_INTERVAL,
            fetcher: None,
            offline: false,
            allow_http: false,
            jwks: Vec::new(),
            now: None,
        }
    }
}

impl fmt::Debug for TokenVerifierBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenVerifierBuilder")
            .field("pools", &self.pools)
            .field("client_ids", &self.client_ids.len())
            .field("token_use", &self.token_use)
            .finish_non_exhaustive()
    }
}

impl TokenVerifierBuilder {
    /// Accepts tokens of the user pool `user_pool_id` (`us-east-1_AbCdEf123`) on AWS: the
    /// issuer is `https://cognito-idp.{region}.amazonaws.com/{user_pool_id}`, the region
    /// being the part of the id before `_`. Call once per pool.
    ///
    /// ```
    /// # use cognito_flow_verify::TokenVerifier;
    /// let verifier = TokenVerifier::builder().pool("eu-central-1_AbCdEf123").client_id("c").build()?;
    /// # let _ = verifier;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn pool(mut self, user_pool_id: impl Into<String>) -> Self {
        self.pools.push((user_pool_id.into(), None));
        self
    }

    /// Accepts tokens of `user_pool_id` whose `iss` is `issuer` (no trailing `/`), with the
    /// JWKS at `{issuer}/.well-known/jwks.json`: for a local emulator
    /// (`http://127.0.0.1:PORT/{user_pool_id}`), a proxy, or another partition. The issuer
    /// must be `https://`, or `http://` on a loopback host (`localhost`, `127.x.x.x`,
    /// `[::1]`) unless [`danger_allow_http_issuer`](Self::danger_allow_http_issuer).
    ///
    /// ```
    /// # use cognito_flow_verify::TokenVerifier;
    /// let verifier = TokenVerifier::builder()
    ///     .pool_with_issuer("us-east-1_AbCdEf123", "http://127.0.0.1:9229/us-east-1_AbCdEf123")
    ///     .client_id("c")
    ///     .build()?;
    /// # let _ = verifier;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn pool_with_issuer(
        mut self,
        user_pool_id: impl Into<String>,
        issuer: impl Into<String>,
    ) -> Self {
        self.pools.push((user_pool_id.into(), Some(issuer.into())));
        self
    }

    /// Accepts tokens issued to this app client (an ID token's `aud`, an access token's
    /// `client_id`). Call once per client; at least one is required.
    ///
    /// ```
    /// # use cognito_flow_verify::TokenVerifier;
    /// let b = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("web").client_id("mobile");
    /// # b.build()?;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_ids.push(client_id.into());
        self
    }

    /// Accepts only this kind of token. The default is [`TokenUse::Access`]: resource
    /// servers should authorize with access tokens, and an ID token presented as a bearer
    /// token is refused with [`ErrorKind::WrongTokenUse`].
    ///
    /// ```
    /// # use cognito_flow_verify::{TokenUse, TokenVerifier};
    /// let b = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").token_use(TokenUse::Id);
    /// # b.build()?;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn token_use(mut self, token_use: TokenUse) -> Self {
        self.token_use = Some(token_use);
        self
    }

    /// Accepts ID and access tokens alike ([`Claims::token_use`] tells which).
    ///
    /// ```
    /// # use cognito_flow_verify::TokenVerifier;
    /// let b = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").any_token_use();
    /// # b.build()?;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn any_token_use(mut self) -> Self {
        self.token_use = None;
        self
    }

    /// How far `exp`, `nbf` and `iat` may be off, for clock skew (default
    /// [`DEFAULT_LEEWAY`], 5 s; whole seconds count).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use cognito_flow_verify::TokenVerifier;
    /// let b = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").leeway(Duration::ZERO);
    /// # b.build()?;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// Requires the user to be in **every** one of these groups (`cognito:groups`);
    /// otherwise [`ErrorKind::MissingGroup`]. For per-route checks use
    /// [`Claims::require_group`].
    ///
    /// ```
    /// # use cognito_flow_verify::TokenVerifier;
    /// let b = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").require_groups(["staff"]);
    /// # b.build()?;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn require_groups<I, S>(mut self, groups: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.groups.extend(groups.into_iter().map(Into::into));
        self
    }

    /// Requires **every** one of these scopes in the token's `scope` (access tokens; an ID
    /// token has none); otherwise [`ErrorKind::MissingScope`]. For per-route checks use
    /// [`Claims::require_scope`].
    ///
    /// ```
    /// # use cognito_flow_verify::TokenVerifier;
    /// let b = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c")
    ///     .require_scopes(["https://api.example.com/orders.read"]);
    /// # b.build()?;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn require_scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// The penalty box: a pool's JWKS is refetched for an unknown `kid` at most once per
    /// `interval` (default [`DEFAULT_JWKS_REFETCH_INTERVAL`], 60 s), whether the last fetch
    /// succeeded or not, so tokens with made-up `kid`s cannot make the verifier hammer the
    /// JWKS endpoint. A token signed with a newly published key may be refused with
    /// [`ErrorKind::UnknownKey`] for up to `interval` after the last fetch.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use cognito_flow_verify::TokenVerifier;
    /// let b = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c")
    ///     .jwks_refetch_interval(Duration::from_secs(300));
    /// # b.build()?;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn jwks_refetch_interval(mut self, interval: Duration) -> Self {
        self.refetch_interval = interval;
        self
    }

    /// Fetches JWKS documents with `fetcher` instead of the built-in [`HttpFetcher`]
    /// (feature `reqwest-rustls`).
    ///
    /// [`HttpFetcher`]: crate::HttpFetcher
    ///
    /// ```
    /// # use cognito_flow_verify::{FetchFuture, JwksFetcher, TokenVerifier};
    /// #[derive(Debug)]
    /// struct FromFile;
    /// impl JwksFetcher for FromFile {
    ///     fn fetch<'a>(&'a self, _url: &'a str) -> FetchFuture<'a> {
    ///         Box::pin(async { Ok(br#"{"keys":[]}"#.to_vec()) })
    ///     }
    /// }
    /// let b = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").fetcher(FromFile);
    /// # b.build()?;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn fetcher(mut self, fetcher: impl JwksFetcher) -> Self {
        self.fetcher = Some(Arc::new(fetcher));
        self.offline = false;
        self
    }

    /// Never fetches: keys come only from [`jwks_json`](Self::jwks_json) and
    /// [`TokenVerifier::load_jwks_json`].
    ///
    /// ```
    /// # use cognito_flow_verify::TokenVerifier;
    /// let b = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").offline();
    /// # b.build()?;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn offline(mut self) -> Self {
        self.fetcher = None;
        self.offline = true;
        self
    }

    /// Loads a pool's JWKS now (a document you saved or received), so tokens verify without
    /// a fetch, also with [`TokenVerifier::verify_offline`]. An unknown `kid` still causes a
    /// fetch in [`TokenVerifier::verify`] unless the verifier is [`offline`](Self::offline).
    ///
    /// ```
    /// # use cognito_flow_verify::TokenVerifier;
    /// let b = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c")
    ///     .jwks_json("us-east-1_AbCdEf123", r#"{"keys":[]}"#);
    /// # b.build()?;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn jwks_json(mut self, user_pool_id: impl Into<String>, jwks: impl Into<String>) -> Self {
        self.jwks.push((user_pool_id.into(), jwks.into()));
        self
    }

    /// Allows an `http://` issuer on any host (not only loopback), e.g. an emulator in a
    /// container network. Keys fetched over plain HTTP can be replaced by anyone on the
    /// path, who can then sign tokens you will accept: never use it for real user pools.
    ///
    /// ```
    /// # use cognito_flow_verify::TokenVerifier;
    /// let b = TokenVerifier::builder()
    ///     .pool_with_issuer("us-east-1_AbCdEf123", "http://cognito:9229/us-east-1_AbCdEf123")
    ///     .client_id("c")
    ///     .danger_allow_http_issuer();
    /// # b.build()?;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn danger_allow_http_issuer(mut self) -> Self {
        self.allow_http = true;
        self
    }

    /// The clock for `exp`, `nbf` and `iat` (default: the system clock). For tests.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use cognito_flow_verify::TokenVerifier;
    /// let b = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c")
    ///     .time_source(|| UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    /// # b.build()?;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    pub fn time_source(mut self, now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.now = Some(Arc::new(now));
        self
    }

    /// Checks the settings and builds the verifier.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`]: no pool or no client id; a malformed pool id; an issuer that
    /// is not an `https://` URL (or `http://` on loopback); two pools with the same issuer;
    /// [`jwks_json`](Self::jwks_json) for a pool not configured; no fetcher available (the
    /// `reqwest-rustls` feature is off and neither [`fetcher`](Self::fetcher) nor
    /// [`offline`](Self::offline) was called) or the built-in one could not be set up.
    /// [`ErrorKind::JwksUnavailable`]: a [`jwks_json`](Self::jwks_json) document is not a
    /// JWKS.
    ///
    /// ```
    /// use cognito_flow_verify::{ErrorKind, TokenVerifier};
    /// let err = TokenVerifier::builder().pool("us-east-1_AbCdEf123").build().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Config);
    /// ```
    pub fn build(self) -> Result<TokenVerifier, Error> {
        if self.pools.is_empty() {
            return Err(Error::config("no user pool: call `pool`"));
        }
        if self.client_ids.is_empty() {
            return Err(Error::config("no app client id: call `client_id`"));
        }
        let mut pools: Vec<Pool> = Vec::with_capacity(self.pools.len());
        for (id, issuer) in self.pools {
            let issuer = match issuer {
                Some(issuer) => check_issuer(&issuer, self.allow_http)?,
                None => aws_issuer(&id)?,
            };
            if pools.iter().any(|p| p.issuer == issuer || p.id == id) {
                return Err(Error::config(format!(
                    "user pool `{id}` is configured twice"
                )));
            }
            pools.push(Pool {
                jwks_url: format!("{issuer}/.well-known/jwks.json"),
                id,
                issuer,
                keys: RwLock::new(None),
                gate: tokio::sync::Mutex::new(None),
            });
        }
        for (id, json) in &self.jwks {
            let pool = pools
                .iter()
                .find(|p| p.id == *id)
                .ok_or_else(|| Error::config(format!("user pool `{id}` is not configured")))?;
            pool.set_keys(Arc::new(KeySet::parse(json.as_bytes())?));
        }
        let fetcher = match (self.fetcher, self.offline) {
            (Some(f), _) => Some(f),
            (None, true) => None,
            (None, false) => Some(default_fetcher()?),
        };
        Ok(TokenVerifier {
            inner: Arc::new(Inner {
                pools,
                client_ids: self.client_ids,
                token_use: self.token_use,
                leeway_secs: i64::try_from(self.leeway.as_secs()).unwrap_or(i64::MAX),
                groups: self.groups,
                scopes: self.scopes,
                refetch_interval: self.refetch_interval,
                fetcher,
                now: self.now.unwrap_or_else(|| Arc::new(SystemTime::now)),
            }),
        })
    }
}

#[cfg(feature = "reqwest-rustls")]
fn default_fetcher() -> Result<Arc<dyn JwksFetcher>, Error> {
    Ok(Arc::new(crate::HttpFetcher::new()?))
}

#[cfg(not(feature = "reqwest-rustls"))]
fn default_fetcher() -> Result<Arc<dyn JwksFetcher>, Error> {
    Err(Error::config(
        "no JWKS fetcher: enable the `reqwest-rustls` feature, or call `fetcher` or `offline`",
    ))
}

/// `https://cognito-idp.{region}.amazonaws.com/{pool}` for a pool id `{region}_{suffix}`.
fn aws_issuer(pool_id: &str) -> Result<String, Error> {
    let bad = || {
        Error::config(format!(
            "`{pool_id}` is not a user pool id like us-east-1_AbCdEf123"
        ))
    };
    let (region, suffix) = pool_id.split_once('_').ok_or_else(bad)?;
    let region_ok = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let suffix_ok = !suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_alphanumeric());
    if !region_ok || !suffix_ok || pool_id.len() > 55 {
        return Err(bad());
    }
    Ok(format!(
        "https://cognito-idp.{region}.amazonaws.com/{pool_id}"
    ))
}

/// Checks an issuer URL given by the application and drops a trailing `/`.
fn check_issuer(issuer: &str, allow_http: bool) -> Result<String, Error> {
    let bad = |why: &str| Error::config(format!("issuer `{issuer}`: {why}"));
    let trimmed = issuer.strip_suffix('/').unwrap_or(issuer);
    if trimmed
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control() || matches!(b, b'?' | b'#' | b'@'))
    {
        return Err(bad("must be a plain URL (no query, fragment or user info)"));
    }
    let (https, rest) = if let Some(rest) = trimmed.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = trimmed.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err(bad("must start with https://"));
    };
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() {
        return Err(bad("has no host"));
    }
    if !https && !allow_http && !is_loopback(authority) {
        return Err(bad("http:// is only accepted on a loopback host"));
    }
    Ok(trimmed.to_owned())
}

/// Whether `host[:port]` is a loopback host.
fn is_loopback(authority: &str) -> bool {
    let host = if authority.starts_with('[') {
        authority
            .split(']')
            .next()
            .map(|h| &h[1..])
            .unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers() {
        assert_eq!(
            aws_issuer("eu-west-1_AbC123").ok().as_deref(),
            Some("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123")
        );
        for bad in [
            "nounderscore",
            "_x",
            "us-east-1_",
            "us-east-1_a/b",
            "US_x",
            "a.b_c",
        ] {
            assert!(aws_issuer(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_issuer("http://127.0.0.1:9229/us-east-1_A/", false)
                .ok()
                .as_deref(),
            Some("http://127.0.0.1:9229/us-east-1_A")
        );
        assert!(check_issuer("http://localhost/p", false).is_ok());
        assert!(check_issuer("http://[::1]:80/p", false).is_ok());
        assert!(check_issuer("https://issuer.example/p", false).is_ok());
        assert!(check_issuer("http://cognito:9229/p", false).is_err());
        assert!(check_issuer("http://cognito:9229/p", true).is_ok());
        assert!(check_issuer("http://127.0.0.1.evil.example/p", false).is_err());
        assert!(check_issuer("ftp://x/p", false).is_err());
        assert!(check_issuer("https://x/p?q", false).is_err());
        assert!(check_issuer("https://user@x/p", false).is_err());
        assert!(check_issuer("https:///p", false).is_err());
    }

    #[test]
    fn builder_checks() {
        let kind = |b: TokenVerifierBuilder| b.offline().build().err().map(|e| e.kind());
        let base = || TokenVerifier::builder().client_id("c");
        assert_eq!(
            kind(TokenVerifier::builder().pool("us-east-1_A")),
            Some(ErrorKind::Config)
        );
        assert_eq!(kind(base()), Some(ErrorKind::Config));
        assert_eq!(
            kind(base().pool("us-east-1_A").pool("us-east-1_A")),
            Some(ErrorKind::Config)
        );
        assert_eq!(
            kind(
                base()
                    .pool("us-east-1_A")
                    .jwks_json("us-east-1_B", r#"{"keys":[]}"#)
            ),
            Some(ErrorKind::Config)
        );
        assert_eq!(
            kind(base().pool("us-east-1_A").jwks_json("us-east-1_A", "[]")),
            Some(ErrorKind::JwksUnavailable)
        );
        assert_eq!(kind(base().pool("us-east-1_A")), None);
    }

    #[test]
    fn debug_hides_client_ids() {
        let v = TokenVerifier::builder()
            .pool("us-east-1_A")
            .client_id("secret-client-id")
            .offline()
            .build();
        let debug = format!("{v:?}");
        assert!(!debug.contains("secret-client-id"), "{debug}");
        assert!(debug.contains("us-east-1_A"), "{debug}");
    }

    #[test]
    fn verifier_is_send_sync() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<TokenVerifier>();
    }
}
