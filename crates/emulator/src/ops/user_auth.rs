//! Choice-based sign-in, `USER_AUTH` (spec §5.5): `InitiateAuth`/`AdminInitiateAuth` with
//! `AuthFlow=USER_AUTH` and the answers to `SELECT_CHALLENGE`, `PASSWORD`, `PASSWORD_SRP` and
//! `WEB_AUTHN`. The first-factor `EMAIL_OTP`/`SMS_OTP` codes are answered by `ops::auth` like
//! the MFA codes (same keys, same wrong-code rules); nothing follows them but tokens.
//!
//! # Starting
//!
//! The client needs `ALLOW_USER_AUTH` and the pool the Essentials tier or higher (LITE:
//! `FeatureUnavailableInTierException`). `AuthParameters`: `USERNAME` (required),
//! `PREFERRED_CHALLENGE`, `PASSWORD`, `SRP_A`, `SECRET_HASH`, `DEVICE_KEY`. The factors
//! available to the user are the pool's `AllowedFirstAuthFactors` that the user can use:
//!
//! | Factor | Offered as | When |
//! |---|---|---|
//! | `PASSWORD` | `PASSWORD_SRP`, `PASSWORD` | the user has a password |
//! | `EMAIL_OTP` | `EMAIL_OTP` | a verified `email`, and the pool's MFA is not `ON` |
//! | `SMS_OTP` | `SMS_OTP` | a verified `phone_number`, and the pool's MFA is not `ON` |
//! | `WEB_AUTHN` | `WEB_AUTHN` | a passkey for the pool's relying party, and the pool's MFA is not `ON` unless `FactorConfiguration=MULTI_FACTOR_WITH_USER_VERIFICATION` |
//!
//! (`AvailableChallenges` lists them in this order.) A one-time code cannot be followed by
//! MFA (spec §5.5), so with MFA `ON` the passwordless factors are not offered, except a
//! passkey with user verification when the pool counts it as multi-factor.
//!
//! * No `PREFERRED_CHALLENGE`, or one that is not available (spec §11: undetermined; the
//!   emulator falls back): `SELECT_CHALLENGE`, a Session and the top-level
//!   `AvailableChallenges`, with empty `ChallengeParameters`.
//! * `PASSWORD` with `PASSWORD`: as `USER_PASSWORD_AUTH` (lockout, then MFA, new password,
//!   devices); without `PASSWORD`: the `PASSWORD` challenge.
//! * `PASSWORD_SRP` with `SRP_A`: `PASSWORD_VERIFIER`, exactly as `USER_SRP_AUTH` (no
//!   Session); without `SRP_A`: the `PASSWORD_SRP` challenge.
//! * `EMAIL_OTP` / `SMS_OTP`: a code of [`EmulatorConfig::otp_code_length`] digits goes to
//!   the outbox ([`Purpose::SignInCode`]); the challenge carries `CODE_DELIVERY_DELIVERY_MEDIUM`
//!   and `CODE_DELIVERY_DESTINATION` (masked).
//! * `WEB_AUTHN`: `CREDENTIAL_REQUEST_OPTIONS` (see `ops::webauthn`).
//!
//! An unknown user on a client with `PreventUserExistenceErrors=ENABLED` is treated as a user
//! who has only a password: the password factors are offered and fail as a wrong password
//! would (`PASSWORD_SRP` gives the simulated `PASSWORD_VERIFIER` of `USER_SRP_AUTH`). A user
//! with no available factor gets `NotAuthorizedException` "Incorrect username or password.".
//! The `Session` of `InitiateAuth` (the auto sign-in after `ConfirmSignUp`) is not supported:
//! `ConfirmSignUp` returns none.
//!
//! # Answers
//!
//! Every answer carries `USERNAME` (and `SECRET_HASH` over it) and the Session of the step.
//!
//! * `SELECT_CHALLENGE`: `ANSWER` must be one of `AvailableChallenges` (else
//!   `InvalidParameterException`, the Session stays); `PASSWORD` and `SRP_A` may be inlined with
//!   `ANSWER=PASSWORD` / `PASSWORD_SRP` (an inlined `CREDENTIAL` is ignored: the assertion needs
//!   the challenge of `WEB_AUTHN` first). Then as above.
//! * `PASSWORD` (`PASSWORD`), `PASSWORD_SRP` (`SRP_A` → `PASSWORD_VERIFIER`).
//! * `EMAIL_OTP` (`EMAIL_OTP_CODE`), `SMS_OTP` (`SMS_OTP_CODE`): a wrong code is
//!   `CodeMismatchException` and may be retried on the same Session up to
//!   [`EmulatorConfig::max_code_attempts`] times; the right code marks the address or number
//!   verified and ends the sign-in (tokens, or `DEVICE_SRP_AUTH` for a remembered device).
//! * `WEB_AUTHN` (`CREDENTIAL`): the assertion is verified (`ops::webauthn`); the Session is
//!   used up by any answer that parses. Success: tokens (or `DEVICE_SRP_AUTH`), no MFA.
//!
//! A wrong password uses the Session up and counts toward the lockout (spec §8.4).
//!
//! [`EmulatorConfig::otp_code_length`]: crate::EmulatorConfig::otp_code_length
//! [`EmulatorConfig::max_code_attempts`]: crate::EmulatorConfig::max_code_attempts
//! [`Purpose::SignInCode`]: crate::Purpose::SignInCode

use std::collections::BTreeMap;
use std::sync::MutexGuard;

use cognito_flow_wire::{ChallengeName, SensitiveMap, keys};

use crate::Inner;
use crate::error::{ApiError, ApiResult};
use crate::ops::auth::{self, SessionCarry, Step};
use crate::ops::triggers::{self, Caller};
use crate::ops::{self, webauthn};
use crate::outbox::{Medium, Purpose};
use crate::state::{AppClient, MfaMode, Pool, State, User, UserAuthStep};

/// The factors of `AvailableChallenges`, in the order they are listed.
const ORDER: &[&str] = &[
    "PASSWORD_SRP",
    "PASSWORD",
    "EMAIL_OTP",
    "SMS_OTP",
    "WEB_AUTHN",
];

/// The challenges `user` may start with in `pool` (see the module docs); `None` is an unknown
/// user, who is offered the password factors.
fn available(pool: &Pool, user: Option<&User>) -> Vec<String> {
    let allowed = |f: &str| pool.allowed_first_auth_factors.iter().any(|a| a == f);
    let passwordless = pool.mfa != MfaMode::On;
    let mut out = Vec::new();
    for factor in ORDER {
        let ok = match (*factor, user) {
            ("PASSWORD_SRP" | "PASSWORD", None) => allowed("PASSWORD"),
            (_, None) => false,
            ("PASSWORD_SRP" | "PASSWORD", Some(u)) => allowed("PASSWORD") && u.password.is_some(),
            ("EMAIL_OTP", Some(u)) => allowed("EMAIL_OTP") && passwordless && verified(u, "email"),
            ("SMS_OTP", Some(u)) => {
                allowed("SMS_OTP") && passwordless && verified(u, "phone_number")
            }
            (_, Some(u)) => {
                (passwordless || pool.web_authn.multi_factor())
                    && webauthn::has_usable_passkey(pool, u)
            }
        };
        if ok {
            out.push((*factor).to_owned());
        }
    }
    out
}

fn verified(user: &User, attr: &str) -> bool {
    user.attributes.get(attr).is_some_and(|v| !v.is_empty()) && user.attribute_verified(attr)
}

/// `AvailableChallenges` of a step: the choices a `SELECT_CHALLENGE` Session was issued with.
pub(crate) fn available_challenges(inner: &Inner, step: &Step) -> Option<Vec<ChallengeName>> {
    if step.challenge_name != Some(ChallengeName::SelectChallenge) {
        return None;
    }
    let state = inner.state();
    let session = state.sessions.get(step.session.as_deref()?)?;
    Some(
        session
            .offered
            .iter()
            .map(|c| ChallengeName::from(c.as_str()))
            .collect(),
    )
}

/// What every USER_AUTH step carries along.
#[derive(Debug)]
struct Flow<'a> {
    pool_id: &'a str,
    client: &'a AppClient,
    /// The canonical username, or the name as typed for an unknown user.
    username: String,
    user_not_found: bool,
    device_key: Option<String>,
    admin: bool,
}

impl Flow<'_> {
    /// A Session for `challenge` carrying this sign-in.
    fn session(
        &self,
        inner: &Inner,
        state: &mut State,
        challenge: &ChallengeName,
        mut carry: SessionCarry,
        step: UserAuthStep,
    ) -> String {
        carry.device_key = self.device_key.clone();
        carry.admin = self.admin;
        carry.user_auth = Some(Box::new(UserAuthStep {
            user_not_found: self.user_not_found,
            ..step
        }));
        auth::new_session(
            inner,
            state,
            self.pool_id,
            &self.client.id,
            &self.username,
            challenge.as_str(),
            self.client.session_validity_millis(),
            carry,
        )
    }

    /// A challenge with no parameters: `SELECT_CHALLENGE` (offering `offered`), `PASSWORD`,
    /// `PASSWORD_SRP`.
    fn bare_challenge(
        &self,
        inner: &Inner,
        state: &mut State,
        challenge: ChallengeName,
        offered: Vec<String>,
    ) -> Step {
        let carry = SessionCarry {
            offered,
            ..SessionCarry::default()
        };
        let session = self.session(inner, state, &challenge, carry, UserAuthStep::default());
        Step {
            challenge_name: Some(challenge),
            session: Some(session),
            ..Step::default()
        }
    }

    /// `EMAIL_OTP` or `SMS_OTP` as the first factor: the code goes out now.
    fn otp_challenge(
        &self,
        inner: &Inner,
        state: &mut State,
        user: &User,
        challenge: ChallengeName,
    ) -> Step {
        let (medium, attr, medium_name) = if challenge == ChallengeName::SmsOtp {
            (Medium::Sms, "phone_number", "SMS")
        } else {
            (Medium::Email, "email", "EMAIL")
        };
        let destination = user.attributes.get(attr).cloned().unwrap_or_default();
        let code = inner.random.digits(inner.config.otp_code_length);
        ops::send(
            inner,
            state,
            self.pool_id,
            &user.username,
            medium,
            Purpose::SignInCode,
            &destination,
            &code,
        );
        let mut parameters = BTreeMap::new();
        parameters.insert(
            keys::CODE_DELIVERY_DELIVERY_MEDIUM.to_owned(),
            medium_name.to_owned(),
        );
        parameters.insert(
            keys::CODE_DELIVERY_DESTINATION.to_owned(),
            ops::mask(&destination),
        );
        let carry = SessionCarry {
            code: Some(code),
            ..SessionCarry::default()
        };
        let session = self.session(inner, state, &challenge, carry, UserAuthStep::default());
        Step {
            challenge_name: Some(challenge),
            session: Some(session),
            parameters,
            result: None,
        }
    }

    /// `WEB_AUTHN`: request options with a fresh challenge, remembered with the Session.
    fn webauthn_challenge(&self, inner: &Inner, state: &mut State, user: &User) -> ApiResult<Step> {
        let pool = ops::pool(state, self.pool_id)?;
        // With MFA required, only a passkey that verified its user counts (spec §5.5).
        let require_uv = pool.web_authn.user_verification_required() || pool.mfa == MfaMode::On;
        let (options, challenge) = webauthn::request_options(inner, pool, user, require_uv)
            .ok_or_else(ApiError::incorrect_credentials)?;
        let step = UserAuthStep {
            webauthn_challenge: Some(challenge),
            require_user_verification: require_uv,
            ..UserAuthStep::default()
        };
        let session = self.session(
            inner,
            state,
            &ChallengeName::WebAuthn,
            SessionCarry::default(),
            step,
        );
        let mut parameters = BTreeMap::new();
        parameters.insert(keys::CREDENTIAL_REQUEST_OPTIONS.to_owned(), options);
        Ok(Step {
            challenge_name: Some(ChallengeName::WebAuthn),
            session: Some(session),
            parameters,
            result: None,
        })
    }

    /// Verifies a password (answered to `PASSWORD`, or inlined in `SELECT_CHALLENGE`; the
    /// Session is already used up), then what follows a password. Takes the state lock
    /// itself: the verifier is computed without it.
    fn password(&self, inner: &Inner, password: &str) -> ApiResult<Step> {
        if self.user_not_found {
            return Err(ApiError::incorrect_credentials());
        }
        let record = {
            let state = inner.state();
            let user = ops::pool(&state, self.pool_id)?
                .users
                .get(&self.username)
                .ok_or_else(ApiError::incorrect_credentials)?;
            auth::check_lockout(inner, user)?;
            user.password.clone()
        };
        let ok = record
            .as_ref()
            .is_some_and(|r| auth::password_matches(self.pool_id, &self.username, password, r));
        let mut state = inner.state();
        auth::record_password_attempt(inner, &mut state, self.pool_id, &self.username, ok);
        if !ok {
            return Err(ApiError::incorrect_credentials());
        }
        if record
            .and_then(|r| r.temporary_expires_at)
            .is_some_and(|t| inner.now() > t)
        {
            return Err(ApiError::not_authorized(
                "Temporary password has expired and must be reset by an administrator.",
            ));
        }
        auth::after_password(
            inner,
            &mut state,
            self.pool_id,
            &self.client.id,
            &self.username,
            self.device_key.clone(),
            self.admin,
        )
    }

    /// `PASSWORD_VERIFIER` for `SRP_A`, as `USER_SRP_AUTH` answers it. Takes the state lock
    /// itself.
    fn srp(&self, inner: &Inner, srp_a: &str) -> ApiResult<Step> {
        let user = if self.user_not_found {
            None
        } else {
            let state = inner.state();
            Some(
                ops::pool(&state, self.pool_id)?
                    .users
                    .get(&self.username)
                    .cloned()
                    .ok_or_else(ApiError::incorrect_credentials)?,
            )
        };
        auth::srp_challenge(
            inner,
            self.pool_id,
            self.client,
            &self.username,
            srp_a,
            user.as_ref(),
            self.device_key.as_deref(),
            self.admin,
            None,
        )
    }

    /// Goes on with the factor `factor` (one of the available ones): its challenge, or, with
    /// the password or `SRP_A` at hand, its answer.
    fn go(
        &self,
        inner: &Inner,
        mut state: MutexGuard<'_, State>,
        factor: &str,
        password: Option<&str>,
        srp_a: Option<&str>,
    ) -> ApiResult<Step> {
        match factor {
            "PASSWORD" => match password {
                Some(password) => {
                    drop(state);
                    self.password(inner, password)
                }
                None => {
                    Ok(self.bare_challenge(inner, &mut state, ChallengeName::Password, Vec::new()))
                }
            },
            "PASSWORD_SRP" => match srp_a {
                Some(srp_a) => {
                    drop(state);
                    self.srp(inner, srp_a)
                }
                None => Ok(self.bare_challenge(
                    inner,
                    &mut state,
                    ChallengeName::PasswordSrp,
                    Vec::new(),
                )),
            },
            "EMAIL_OTP" | "SMS_OTP" | "WEB_AUTHN" => {
                let user = ops::pool(&state, self.pool_id)?
                    .users
                    .get(&self.username)
                    .cloned()
                    .filter(|_| !self.user_not_found)
                    .ok_or_else(ApiError::incorrect_credentials)?;
                match factor {
                    "EMAIL_OTP" => {
                        Ok(self.otp_challenge(inner, &mut state, &user, ChallengeName::EmailOtp))
                    }
                    "SMS_OTP" => {
                        Ok(self.otp_challenge(inner, &mut state, &user, ChallengeName::SmsOtp))
                    }
                    _ => self.webauthn_challenge(inner, &mut state, &user),
                }
            }
            _ => Err(ApiError::incorrect_credentials()),
        }
    }
}

/// A parameter that may be absent; empty counts as absent.
fn optional<'a>(map: &'a SensitiveMap, key: &str) -> Option<&'a str> {
    map.secret(key).filter(|v| !v.is_empty())
}

/// `InitiateAuth` / `AdminInitiateAuth` with `USER_AUTH`.
pub(crate) fn start(
    inner: &Inner,
    pool_id: &str,
    client: &AppClient,
    params: &SensitiveMap,
    client_metadata: &BTreeMap<String, String>,
    admin: bool,
) -> ApiResult<Step> {
    {
        let state = inner.state();
        if ops::pool(&state, pool_id)?.tier == "LITE" {
            return Err(ApiError::new(
                "FeatureUnavailableInTierException",
                "USER_AUTH is not available in the LITE tier: choice-based sign-in needs the Essentials or Plus tier.",
            ));
        }
    }
    let typed = auth::param(params, keys::USERNAME)?;
    ops::check_secret_hash(client, typed, params.secret(keys::SECRET_HASH))?;
    let (user, offered, lambda) = {
        let state = inner.state();
        let pool = ops::pool(&state, pool_id)?;
        let user = auth::usable_user(pool, client, typed)?.cloned();
        (
            user.clone(),
            available(pool, user.as_ref()),
            pool.lambda_config.clone(),
        )
    };
    let preferred =
        optional(params, keys::PREFERRED_CHALLENGE).filter(|p| offered.iter().any(|o| o == p));
    // With the password or SRP_A at hand, exactly USER_PASSWORD_AUTH / USER_SRP_AUTH (the
    // PreAuthentication trigger included).
    match (
        preferred,
        optional(params, keys::PASSWORD),
        optional(params, keys::SRP_A),
    ) {
        (Some("PASSWORD"), Some(_), _) => {
            return auth::password_auth(inner, pool_id, client, params, client_metadata, admin);
        }
        (Some("PASSWORD_SRP"), _, Some(_)) => {
            return auth::start_srp(inner, pool_id, client, params, client_metadata, admin);
        }
        _ => {}
    }
    triggers::pre_authentication(
        inner,
        &lambda,
        Caller {
            pool_id,
            client_id: &client.id,
            user_name: user.as_ref().map_or(typed, |u| u.username.as_str()),
        },
        user.as_ref(),
        client_metadata,
    )?;
    if offered.is_empty() {
        return Err(ApiError::incorrect_credentials());
    }
    let flow = Flow {
        pool_id,
        client,
        username: user
            .as_ref()
            .map_or_else(|| typed.to_owned(), |u| u.username.clone()),
        user_not_found: user.is_none(),
        device_key: optional(params, keys::DEVICE_KEY).map(str::to_owned),
        admin,
    };
    let mut state = inner.state();
    match preferred {
        Some(factor) => flow.go(inner, state, factor, None, None),
        None => Ok(flow.bare_challenge(inner, &mut state, ChallengeName::SelectChallenge, offered)),
    }
}

/// Answers `SELECT_CHALLENGE`, `PASSWORD`, `PASSWORD_SRP` and `WEB_AUTHN`.
pub(crate) fn answer(
    inner: &Inner,
    pool_id: &str,
    client: &AppClient,
    challenge: &ChallengeName,
    session: Option<&str>,
    responses: &SensitiveMap,
) -> ApiResult<Step> {
    let mut state = inner.state();
    let id = auth::check_session(inner, &state, session, &client.id, challenge.as_str())?;
    let s = state
        .sessions
        .get(&id)
        .ok_or_else(ApiError::invalid_session)?;
    let Some(step) = s.user_auth.as_deref() else {
        return Err(ApiError::invalid_session());
    };
    if s.pool_id != pool_id {
        return Err(ApiError::invalid_session());
    }
    let flow = Flow {
        pool_id,
        client,
        username: s.username.clone(),
        user_not_found: step.user_not_found,
        device_key: optional(responses, keys::DEVICE_KEY)
            .map(str::to_owned)
            .or_else(|| s.device_key.clone()),
        admin: s.admin,
    };
    let offered = s.offered.clone();
    let webauthn_challenge = step.webauthn_challenge.clone();
    let require_uv = step.require_user_verification;

    // USERNAME: the Session's user, by any of its names (as typed, for an unknown user).
    let sent = auth::param(responses, keys::USERNAME)?;
    let same_user = if flow.user_not_found {
        sent == flow.username
    } else {
        ops::pool(&state, pool_id)?
            .resolve_username(sent)
            .as_deref()
            == Some(&flow.username)
    };
    if !same_user {
        return Err(ApiError::invalid_session());
    }
    ops::check_secret_hash(client, sent, responses.secret(keys::SECRET_HASH))?;

    match challenge {
        ChallengeName::SelectChallenge => {
            let answer = auth::param(responses, keys::ANSWER)?;
            if !offered.iter().any(|o| o == answer) {
                return Err(ApiError::invalid_parameter(format!(
                    "Invalid ANSWER: must be one of {}",
                    offered.join(", ")
                )));
            }
            let answer = answer.to_owned();
            auth::consume_session(&mut state, &id);
            flow.go(
                inner,
                state,
                &answer,
                optional(responses, keys::PASSWORD),
                optional(responses, keys::SRP_A),
            )
        }
        ChallengeName::Password => {
            let password = auth::param(responses, keys::PASSWORD)?;
            auth::consume_session(&mut state, &id);
            drop(state);
            flow.password(inner, password)
        }
        ChallengeName::PasswordSrp => {
            let srp_a = auth::param(responses, keys::SRP_A)?;
            auth::consume_session(&mut state, &id);
            drop(state);
            flow.srp(inner, srp_a)
        }
        ChallengeName::WebAuthn => {
            let credential = auth::param(responses, keys::CREDENTIAL)?;
            if serde_json::from_str::<serde_json::Value>(credential).is_err() {
                return Err(ApiError::invalid_parameter(
                    "CREDENTIAL must be the JSON of a PublicKeyCredential",
                ));
            }
            // Single use from here, whatever the outcome: the challenge cannot be replayed.
            auth::consume_session(&mut state, &id).ok_or_else(ApiError::invalid_session)?;
            passkey(
                inner,
                state,
                &flow,
                webauthn_challenge,
                require_uv,
                credential,
            )
        }
        _ => Err(ApiError::invalid_session()),
    }
}

/// Verifies the `WEB_AUTHN` answer and ends the sign-in.
#[allow(clippy::too_many_arguments)]
fn passkey(
    inner: &Inner,
    state: MutexGuard<'_, State>,
    flow: &Flow<'_>,
    challenge: Option<String>,
    require_uv: bool,
    credential: &str,
) -> ApiResult<Step> {
    let refused = |why: &str| {
        tracing::debug!(reason = why, "passkey assertion refused");
        ApiError::incorrect_credentials()
    };
    if flow.user_not_found {
        return Err(refused("unknown user"));
    }
    let challenge = challenge.ok_or_else(|| refused("no challenge was issued"))?;
    let (rp_id, passkeys, handle) = {
        let pool = ops::pool(&state, flow.pool_id)?;
        let user = pool
            .users
            .get(&flow.username)
            .ok_or_else(|| refused("the user is gone"))?;
        let rp_id = pool
            .web_authn
            .relying_party_id
            .clone()
            .ok_or_else(|| refused("no relying party is configured"))?;
        (
            rp_id,
            user.webauthn.credentials.clone(),
            webauthn::user_handle(user),
        )
    };
    drop(state);
    let check = webauthn::AssertionCheck {
        rp_id: &rp_id,
        extra_origins: &inner.config.webauthn_origins,
        challenge: &challenge,
        require_user_verification: require_uv,
        user_handle: &handle,
    };
    let asserted =
        webauthn::verify_assertion(&check, credential, &passkeys).map_err(|r| match r {
            webauthn::Refusal::Malformed(what) => ApiError::invalid_parameter(format!(
                "CREDENTIAL is not a valid AuthenticationResponseJSON: {what}"
            )),
            webauthn::Refusal::Challenge => refused("the challenge is not the one issued"),
            webauthn::Refusal::Origin => refused("the origin is not allowed"),
            webauthn::Refusal::RelyingParty => refused("rpIdHash does not match the relying party"),
            webauthn::Refusal::NotSupported(why) | webauthn::Refusal::Refused(why) => refused(why),
        })?;
    let mut state = inner.state();
    let now = inner.now();
    let user = state
        .pools
        .get_mut(flow.pool_id)
        .and_then(|p| p.users.get_mut(&flow.username))
        .ok_or_else(|| refused("the user is gone"))?;
    let stored = user
        .webauthn
        .credentials
        .iter_mut()
        .find(|c| c.id == asserted.credential_id)
        .ok_or_else(|| refused("the passkey was deleted"))?;
    // Re-checked under the lock: two answers may have raced.
    if asserted.sign_count != 0 && asserted.sign_count <= stored.sign_count {
        return Err(refused("the signature counter did not increase"));
    }
    stored.sign_count = asserted.sign_count;
    user.last_modified = now;
    auth::complete(
        inner,
        &mut state,
        flow.pool_id,
        &flow.client.id,
        &flow.username,
        now / 1000,
        flow.device_key.clone(),
        flow.admin,
    )
}
