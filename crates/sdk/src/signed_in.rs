//! [`SignedIn`]: the end of a sign-in, with tokens.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use cognito_flow_wire::AuthenticationResult;

use crate::challenge::Api;
use crate::error::Error;
use crate::secret::{AccessToken, IdToken, RefreshToken};

/// The tokens of a session: ID, access and (after a sign-in) refresh token, and when the
/// access token expires.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox);
/// use std::time::SystemTime;
/// use cognito_flow::Password;
///
/// let next = client.sign_in("alice", Password::new("Corr3ct-horse!")).await?;
/// let tokens = next.into_signed_in().expect("alice has no MFA").into_tokens();
/// // Send the access token to your APIs (as a bearer token), keep the refresh token safe.
/// let bearer = format!("Bearer {}", tokens.access_token.expose_secret());
/// assert!(tokens.expires_at > SystemTime::now());
/// assert!(tokens.refresh_token.is_some());
/// # Ok(()) }
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct Tokens {
    /// The access token (JWT): for the user-pool APIs and your resource servers.
    pub access_token: AccessToken,
    /// The ID token (JWT): who the user is.
    pub id_token: IdToken,
    /// The refresh token. Absent after a `REFRESH_TOKEN_AUTH` refresh, which keeps the old
    /// one (spec §5.12); [`Tokens::merge_refresh`] carries it over.
    pub refresh_token: Option<RefreshToken>,
    /// When the access token expires (from `ExpiresIn`, by the local clock at receipt).
    pub expires_at: SystemTime,
}

impl Tokens {
    pub(crate) fn from_result(
        result: AuthenticationResult,
        now: SystemTime,
    ) -> Result<Self, Error> {
        let access = result
            .access_token
            .ok_or_else(|| Error::protocol("AuthenticationResult has no AccessToken"))?;
        let id = result
            .id_token
            .ok_or_else(|| Error::protocol("AuthenticationResult has no IdToken"))?;
        for token in [access.expose_secret(), id.expose_secret()] {
            if decode_claims(token).is_none() {
                return Err(Error::protocol(
                    "a token in AuthenticationResult is not a JWT",
                ));
            }
        }
        let expires_in = u64::try_from(result.expires_in.unwrap_or(3600)).unwrap_or(0);
        Ok(Self {
            access_token: AccessToken::new(access.expose_secret()),
            id_token: IdToken::new(id.expose_secret()),
            refresh_token: result
                .refresh_token
                .map(|r| RefreshToken::new(r.expose_secret())),
            expires_at: now + Duration::from_secs(expires_in),
        })
    }

    /// Keeps `previous`'s refresh token when this refresh response has none.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// # let tokens = signed_in.tokens();
    /// # let client = doc_support::client!(sandbox);
    /// // `Client::refresh` merges already; a refresh made by other means may not have.
    /// let fresh = client.refresh(tokens, None).await?.merge_refresh(tokens);
    /// assert!(fresh.refresh_token.is_some());
    /// # Ok(()) }
    /// ```
    pub fn merge_refresh(mut self, previous: &Tokens) -> Self {
        if self.refresh_token.is_none() {
            self.refresh_token = previous.refresh_token.clone();
        }
        self
    }

    /// The ID token's claims, decoded but **not verified** (use a verifier for tokens you
    /// receive from elsewhere).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Protocol`](crate::ErrorKind::Protocol) if the token is not a JWT.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// # let tokens = signed_in.tokens();
    /// let claims = tokens.id_claims()?;
    /// assert_eq!(claims.string("cognito:username"), Some("alice"));
    /// assert_eq!(claims.string("email"), Some("alice@example.com"));
    /// assert_eq!(claims.string("token_use"), Some("id"));
    /// # Ok(()) }
    /// ```
    pub fn id_claims(&self) -> Result<Claims, Error> {
        decode_claims(self.id_token.expose_secret())
            .ok_or_else(|| Error::protocol("the ID token is not a JWT"))
    }

    /// The access token's claims, decoded but not verified.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Protocol`](crate::ErrorKind::Protocol) if the token is not a JWT.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// # let tokens = signed_in.tokens();
    /// let claims = tokens.access_claims()?;
    /// assert_eq!(claims.string("username"), Some("alice"));
    /// assert_eq!(claims.string("token_use"), Some("access"));
    /// assert!(claims.number("exp").is_some());
    /// # Ok(()) }
    /// ```
    pub fn access_claims(&self) -> Result<Claims, Error> {
        decode_claims(self.access_token.expose_secret())
            .ok_or_else(|| Error::protocol("the access token is not a JWT"))
    }

    /// The canonical username (the access token's `username` claim): the name `SECRET_HASH`
    /// is computed over when refreshing (spec §7).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Protocol`](crate::ErrorKind::Protocol) if the claim is missing.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// # let tokens = signed_in.tokens();
    /// assert_eq!(tokens.username()?, "alice");
    /// # Ok(()) }
    /// ```
    pub fn username(&self) -> Result<String, Error> {
        self.access_claims()?
            .string("username")
            .map(str::to_owned)
            .ok_or_else(|| Error::protocol("the access token has no username claim"))
    }
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("access_token", &self.access_token)
            .field("id_token", &self.id_token)
            .field("refresh_token", &self.refresh_token)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Claims of a JWT, decoded without verification. Values are kept as JSON text per claim.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
/// # let tokens = signed_in.tokens();
/// use cognito_flow::Claims;
///
/// fn describe(claims: &Claims) -> String {
///     format!(
///         "{} ({})",
///         claims.string("cognito:username").unwrap_or("?"),
///         claims.string("email").unwrap_or("no e-mail"),
///     )
/// }
/// assert_eq!(describe(&tokens.id_claims()?), "alice (alice@example.com)");
/// # Ok(()) }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Claims {
    strings: BTreeMap<String, String>,
    numbers: BTreeMap<String, i64>,
    other: BTreeMap<String, String>,
}

impl Claims {
    /// A string claim (`sub`, `email`, `cognito:username`, `token_use`, …).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// # let tokens = signed_in.tokens();
    /// let claims = tokens.id_claims()?;
    /// assert_eq!(claims.string("cognito:username"), Some("alice"));
    /// assert_eq!(claims.string("exp"), None); // a number, see `number`
    /// # Ok(()) }
    /// ```
    pub fn string(&self, name: &str) -> Option<&str> {
        self.strings.get(name).map(String::as_str)
    }

    /// A numeric claim (`exp`, `iat`, `auth_time`, …).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// # let tokens = signed_in.tokens();
    /// let claims = tokens.access_claims()?;
    /// let (issued, expires) = (claims.number("iat"), claims.number("exp"));
    /// assert!(issued < expires);
    /// # Ok(()) }
    /// ```
    pub fn number(&self, name: &str) -> Option<i64> {
        self.numbers.get(name).copied()
    }

    /// A boolean claim (`email_verified`, …).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// # let tokens = signed_in.tokens();
    /// let claims = tokens.id_claims()?;
    /// assert_eq!(claims.boolean("email_verified"), Some(true));
    /// # Ok(()) }
    /// ```
    pub fn boolean(&self, name: &str) -> Option<bool> {
        match self.other.get(name).map(String::as_str) {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => None,
        }
    }

    /// Any other claim (arrays, objects) as JSON text, e.g. `cognito:groups`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// # let tokens = signed_in.tokens();
    /// let claims = tokens.access_claims()?;
    /// // `cognito:groups` is a JSON array, present when the user is in a group.
    /// match claims.json("cognito:groups") {
    ///     Some(groups) => println!("groups: {groups}"),
    ///     None => println!("in no group"),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn json(&self, name: &str) -> Option<&str> {
        self.other.get(name).map(String::as_str)
    }

    /// `sub`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// # let tokens = signed_in.tokens();
    /// let claims = tokens.id_claims()?;
    /// let sub = claims.sub().expect("every token has a sub");
    /// assert_eq!(claims.string("sub"), Some(sub));
    /// # Ok(()) }
    /// ```
    pub fn sub(&self) -> Option<&str> {
        self.string("sub")
    }

    /// The claim names.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// # let tokens = signed_in.tokens();
    /// let claims = tokens.id_claims()?;
    /// let names: Vec<&str> = claims.names().collect();
    /// assert!(names.contains(&"aud") && names.contains(&"auth_time"));
    /// # Ok(()) }
    /// ```
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.strings
            .keys()
            .chain(self.numbers.keys())
            .chain(self.other.keys())
            .map(String::as_str)
    }
}

impl fmt::Debug for Claims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Claims hold personal data (e-mail, phone): show only their names.
        f.debug_struct("Claims")
            .field("names", &self.names().collect::<Vec<_>>())
            .finish()
    }
}

/// Decodes a JWT's payload (no verification).
pub(crate) fn decode_claims(jwt: &str) -> Option<Claims> {
    let mut parts = jwt.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let obj = value.as_object()?;
    let mut claims = Claims {
        strings: BTreeMap::new(),
        numbers: BTreeMap::new(),
        other: BTreeMap::new(),
    };
    for (k, v) in obj {
        match v {
            serde_json::Value::String(s) => {
                claims.strings.insert(k.clone(), s.clone());
            }
            serde_json::Value::Number(n) if n.as_i64().is_some() => {
                claims
                    .numbers
                    .insert(k.clone(), n.as_i64().unwrap_or_default());
            }
            other => {
                claims.other.insert(k.clone(), other.to_string());
            }
        }
    }
    Some(claims)
}

/// Signed in: the tokens, and a device to confirm when the pool tracks devices.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox);
/// use cognito_flow::{Next, Password};
///
/// let next = client.sign_in("alice", Password::new("Corr3ct-horse!")).await?;
/// if let Next::SignedIn(signed_in) = next {
///     let claims = signed_in.tokens().id_claims()?;
///     println!("hello {}", claims.string("cognito:username").unwrap_or("?"));
/// }
/// # Ok(()) }
/// ```
#[must_use]
pub struct SignedIn {
    api: Api,
    username: String,
    tokens: Tokens,
    new_device: Option<NewDevice>,
}

/// A device Cognito started tracking at this sign-in (`NewDeviceMetadata`): confirm it to
/// remember it.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox.devices());
/// use cognito_flow::Password;
///
/// let next = client.sign_in("dora", Password::new("Corr3ct-horse!")).await?;
/// let signed_in = next.into_signed_in().expect("dora has no MFA");
/// // This pool tracks devices: Cognito started tracking this one.
/// let new = signed_in.new_device().expect("a new device");
/// println!("device {} in group {}", new.device_key, new.device_group_key);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewDevice {
    /// `DeviceKey`.
    pub device_key: String,
    /// `DeviceGroupKey`.
    pub device_group_key: String,
}

impl SignedIn {
    pub(crate) fn from_result(
        api: Api,
        username: String,
        result: AuthenticationResult,
    ) -> Result<Self, Error> {
        let new_device = result.new_device_metadata.as_ref().and_then(|m| {
            Some(NewDevice {
                device_key: m.device_key.clone()?,
                device_group_key: m.device_group_key.clone()?,
            })
        });
        let now = api.client().now();
        let tokens = Tokens::from_result(result, now)?;
        Ok(Self {
            api,
            username,
            tokens,
            new_device,
        })
    }

    pub(crate) fn api(&self) -> &Api {
        &self.api
    }

    /// The tokens.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// let access_token = &signed_in.tokens().access_token;
    /// assert!(!access_token.expose_secret().is_empty());
    /// # Ok(()) }
    /// ```
    pub fn tokens(&self) -> &Tokens {
        &self.tokens
    }

    /// Takes the tokens.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// let tokens = signed_in.into_tokens(); // e.g. to store them in the session
    /// assert!(tokens.refresh_token.is_some());
    /// # Ok(()) }
    /// ```
    pub fn into_tokens(self) -> Tokens {
        self.tokens
    }

    /// The canonical username.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// assert_eq!(signed_in.username(), "alice");
    /// # Ok(()) }
    /// ```
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The device to confirm, when the pool tracks devices and this sign-in did not use a
    /// remembered one.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let signed_in = doc_support::step!(sandbox, SignedIn); // alice: no MFA
    /// // The main sandbox pool does not track devices.
    /// assert!(signed_in.new_device().is_none());
    /// # Ok(()) }
    /// ```
    pub fn new_device(&self) -> Option<&NewDevice> {
        self.new_device.as_ref()
    }
}

impl fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedIn")
            .field("username", &self.username)
            .field("tokens", &self.tokens)
            .field("new_device", &self.new_device)
            .finish()
    }
}
