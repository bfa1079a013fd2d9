//! `CUSTOM_AUTH` (spec §5.6, §8.3): the pool's DefineAuthChallenge, CreateAuthChallenge and
//! VerifyAuthChallengeResponse triggers decide every step.
//!
//! * `InitiateAuth` / `AdminInitiateAuth` with `AuthFlow=CUSTOM_AUTH` (`USERNAME`,
//!   `SECRET_HASH`, `DEVICE_KEY`): PreAuthentication, then DefineAuthChallenge with an empty
//!   `session`. With `CHALLENGE_NAME=SRP_A` and `SRP_A` the history starts with
//!   `{challengeName: "SRP_A", challengeResult: true}`, and DefineAuthChallenge may answer
//!   `PASSWORD_VERIFIER`: the SRP challenge of USER_SRP_AUTH, with a Session this time; its
//!   answer (Session required) verifies the password (a wrong one is `NotAuthorizedException`
//!   and counts toward the lockout), appends `{PASSWORD_VERIFIER, true}` and asks
//!   DefineAuthChallenge again.
//! * DefineAuthChallenge's answer: `failAuthentication` → `NotAuthorizedException`
//!   "Incorrect username or password."; `issueTokens` → tokens (no MFA; a remembered device
//!   still proves itself with `DEVICE_SRP_AUTH`, a tracking pool still creates a new device);
//!   `challengeName=CUSTOM_CHALLENGE` → CreateAuthChallenge, whose `publicChallengeParameters`
//!   plus `USERNAME` become the `ChallengeParameters`, with a new Session.
//! * The `CUSTOM_CHALLENGE` answer (`ANSWER`) uses its Session up, whatever the outcome:
//!   VerifyAuthChallengeResponse gets the `privateChallengeParameters` and the answer, its
//!   `answerCorrect` is appended to the history with the challenge's `challengeMetadata`, and
//!   DefineAuthChallenge decides again — another challenge (new Session; the old one is dead:
//!   "Invalid session for the user, session can only be used once."), tokens, or failure.
//! * An unknown user on a client with `PreventUserExistenceErrors=ENABLED` goes through the
//!   same steps with `userNotFound: true` and empty `userAttributes` (the triggers may
//!   simulate challenges); it can never get tokens. Without it: `UserNotFoundException`.
//!
//! No DefineAuthChallenge configured: `InvalidUserPoolConfigurationException`, as is a
//! CUSTOM_CHALLENGE without CreateAuthChallenge or VerifyAuthChallengeResponse. Built-in
//! challenges other than `PASSWORD_VERIFIER` chosen by DefineAuthChallenge are not supported
//! (`InvalidParameterException`); anything else is `InvalidLambdaResponseException`.

use std::collections::BTreeMap;

use cognito_flow_wire::{ChallengeName, SensitiveMap, keys};
use serde_json::{Map, Value, json};

use super::{
    SessionCarry, Step, answer_username, check_lockout, check_session, complete, consume_session,
    new_session, param, presented_device, srp_challenge, usable_user,
};
use crate::Inner;
use crate::error::{ApiError, ApiResult};
use crate::ops::{
    self,
    triggers::{self, Caller, Trigger},
};
use crate::state::{AppClient, AuthSession, ChallengeResult, CustomAuth, LambdaConfig, User};

const CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";
const PASSWORD_VERIFIER: &str = "PASSWORD_VERIFIER";

/// `InitiateAuth` / `AdminInitiateAuth` with `CUSTOM_AUTH`.
pub(super) fn start(
    inner: &Inner,
    pool_id: &str,
    client: &AppClient,
    params: &SensitiveMap,
    client_metadata: &BTreeMap<String, String>,
    admin: bool,
) -> ApiResult<Step> {
    let typed = param(params, keys::USERNAME)?;
    ops::check_secret_hash(client, typed, params.secret(keys::SECRET_HASH))?;
    // SRP first needs both members (spec §9 pitfall 12): SRP_A alone is a plain custom flow.
    let srp_a = match params
        .secret(keys::CHALLENGE_NAME)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some("SRP_A") => Some(param(params, keys::SRP_A)?),
        Some(_) => {
            return Err(ApiError::invalid_parameter(
                "Invalid CHALLENGE_NAME: a custom sign-in can only start with SRP_A",
            ));
        }
    };
    let (user, lambda, device_key) = {
        let state = inner.state();
        let pool = ops::pool(&state, pool_id)?;
        if Trigger::DefineAuthChallenge
            .target(&pool.lambda_config)
            .is_none()
        {
            return Err(triggers::not_configured());
        }
        let user = usable_user(pool, client, typed)?.cloned();
        let device_key = match (&user, srp_a) {
            (Some(u), Some(_)) => {
                check_lockout(inner, u)?;
                // Checked with the PASSWORD_VERIFIER answer, as in USER_SRP_AUTH.
                None
            }
            (Some(u), None) => {
                presented_device(pool, &u.username, params.secret(keys::DEVICE_KEY))?
                    .key()
                    .map(str::to_owned)
            }
            (None, _) => None,
        };
        (user, pool.lambda_config.clone(), device_key)
    };
    let flow = Flow {
        inner,
        pool_id,
        client,
        username: user
            .as_ref()
            .map_or_else(|| typed.to_owned(), |u| u.username.clone()),
        user_not_found: user.is_none(),
        device_key,
        admin,
        lambda,
        client_metadata,
    };
    triggers::pre_authentication(
        inner,
        &flow.lambda,
        flow.caller(),
        user.as_ref(),
        client_metadata,
    )?;
    let mut custom = CustomAuth {
        user_not_found: user.is_none(),
        history: Vec::new(),
        private_parameters: BTreeMap::new(),
        challenge_metadata: None,
    };
    let srp = match srp_a {
        Some(srp_a) => {
            custom.history.push(ChallengeResult {
                challenge_name: "SRP_A".to_owned(),
                challenge_result: true,
                challenge_metadata: None,
            });
            Some(SrpStart {
                typed,
                srp_a,
                user: user.as_ref(),
                device_key: params.secret(keys::DEVICE_KEY),
            })
        }
        None => None,
    };
    flow.next(custom, srp)
}

/// The `CUSTOM_CHALLENGE` answer.
pub(super) fn answer(
    inner: &Inner,
    pool_id: &str,
    client: &AppClient,
    session: Option<&str>,
    responses: &SensitiveMap,
    client_metadata: &BTreeMap<String, String>,
) -> ApiResult<Step> {
    let (s, lambda, answer) = {
        let mut state = inner.state();
        let id = check_session(inner, &state, session, &client.id, CUSTOM_CHALLENGE)?;
        let (username, session_pool, user_not_found) = {
            let s = state
                .sessions
                .get(&id)
                .ok_or_else(ApiError::invalid_session)?;
            let not_found = s.custom.as_ref().is_some_and(|c| c.user_not_found);
            (s.username.clone(), s.pool_id.clone(), not_found)
        };
        if session_pool != pool_id {
            return Err(ApiError::invalid_session());
        }
        let sent = if user_not_found {
            // No canonical name to resolve to: the name as typed, exactly.
            let sent = param(responses, keys::USERNAME)?;
            if sent != username {
                return Err(ApiError::invalid_session());
            }
            sent
        } else {
            answer_username(&state, pool_id, &username, responses)?
        };
        ops::check_secret_hash(client, sent, responses.secret(keys::SECRET_HASH))?;
        let answer = param(responses, keys::ANSWER)?;
        // Single use from here, whatever the triggers decide (spec §8.3).
        let s = consume_session(&mut state, &id).ok_or_else(ApiError::invalid_session)?;
        let lambda = ops::pool(&state, pool_id)?.lambda_config.clone();
        (s, lambda, answer)
    };
    let Some(mut custom) = s.custom else {
        return Err(ApiError::invalid_session());
    };
    let flow = Flow {
        inner,
        pool_id,
        client,
        username: s.username,
        user_not_found: custom.user_not_found,
        device_key: s.device_key,
        admin: s.admin,
        lambda,
        client_metadata,
    };
    let correct = flow.verify(&custom, answer)?;
    let metadata = custom.challenge_metadata.take();
    custom.private_parameters.clear();
    custom.history.push(ChallengeResult {
        challenge_name: CUSTOM_CHALLENGE.to_owned(),
        challenge_result: correct,
        challenge_metadata: metadata,
    });
    flow.next(*custom, None)
}

/// Checks the Session of a custom sign-in's `PASSWORD_VERIFIER` answer: present, the one
/// returned with that challenge (`expected`), unexpired and of this client. It is used up by
/// [`password_verified`].
pub(super) fn check_password_session(
    inner: &Inner,
    session: Option<&str>,
    expected: &str,
    client_id: &str,
) -> ApiResult<()> {
    let state = inner.state();
    let id = check_session(inner, &state, session, client_id, PASSWORD_VERIFIER)?;
    if id != expected {
        return Err(ApiError::invalid_session());
    }
    Ok(())
}

/// The password of a custom sign-in with SRP first was proved: `PASSWORD_VERIFIER` joins the
/// history and DefineAuthChallenge decides again. `device_key` is the device the answer
/// presented, already checked.
pub(super) fn password_verified(
    inner: &Inner,
    pool_id: &str,
    client: &AppClient,
    session_id: &str,
    device_key: Option<String>,
    client_metadata: &BTreeMap<String, String>,
) -> ApiResult<Step> {
    let (s, lambda): (AuthSession, LambdaConfig) = {
        let mut state = inner.state();
        let s = consume_session(&mut state, session_id).ok_or_else(ApiError::invalid_session)?;
        let lambda = ops::pool(&state, pool_id)?.lambda_config.clone();
        (s, lambda)
    };
    let Some(mut custom) = s.custom else {
        return Err(ApiError::invalid_session());
    };
    custom.history.push(ChallengeResult {
        challenge_name: PASSWORD_VERIFIER.to_owned(),
        challenge_result: true,
        challenge_metadata: None,
    });
    let flow = Flow {
        inner,
        pool_id,
        client,
        username: s.username,
        user_not_found: custom.user_not_found,
        device_key,
        admin: s.admin,
        lambda,
        client_metadata,
    };
    flow.next(*custom, None)
}

/// What InitiateAuth brought for a `PASSWORD_VERIFIER` chosen by DefineAuthChallenge.
struct SrpStart<'a> {
    typed: &'a str,
    srp_a: &'a str,
    user: Option<&'a User>,
    device_key: Option<&'a str>,
}

/// DefineAuthChallenge's decision.
enum Decision {
    Fail,
    Tokens,
    Challenge(String),
}

/// One step of a custom sign-in, between the locked reads and writes.
struct Flow<'a> {
    inner: &'a Inner,
    pool_id: &'a str,
    client: &'a AppClient,
    /// The Session's username: canonical, or as typed for an unknown user.
    username: String,
    user_not_found: bool,
    device_key: Option<String>,
    admin: bool,
    lambda: LambdaConfig,
    client_metadata: &'a BTreeMap<String, String>,
}

impl Flow<'_> {
    fn caller(&self) -> Caller<'_> {
        Caller {
            pool_id: self.pool_id,
            client_id: &self.client.id,
            user_name: &self.username,
        }
    }

    /// The user's attributes now (empty for an unknown user). A user deleted meanwhile ends
    /// the sign-in.
    fn user_attributes(&self) -> ApiResult<Value> {
        if self.user_not_found {
            return Ok(json!({}));
        }
        let state = self.inner.state();
        ops::pool(&state, self.pool_id)?
            .users
            .get(&self.username)
            .map(triggers::user_attributes)
            .ok_or_else(ApiError::incorrect_credentials)
    }

    /// A trigger request: `userAttributes`, `clientMetadata`, `userNotFound` (only for clients
    /// with `PreventUserExistenceErrors`, as Cognito does) and `members`.
    fn request(&self, members: Value) -> ApiResult<Value> {
        let mut request = json!({
            "userAttributes": self.user_attributes()?,
            "clientMetadata": self.client_metadata,
        });
        if self.client.prevent_user_existence_errors {
            request["userNotFound"] = json!(self.user_not_found);
        }
        if let (Some(out), Value::Object(members)) = (request.as_object_mut(), members) {
            out.extend(members);
        }
        Ok(request)
    }

    fn invoke(
        &self,
        trigger: Trigger,
        source: &str,
        request: Value,
    ) -> ApiResult<Map<String, Value>> {
        let target = trigger
            .target(&self.lambda)
            .ok_or_else(triggers::not_configured)?;
        triggers::invoke(
            self.inner,
            target,
            trigger,
            source,
            "1",
            self.caller(),
            request,
            json!({}),
        )
    }

    /// DefineAuthChallenge, then what it decided.
    fn next(&self, custom: CustomAuth, srp: Option<SrpStart<'_>>) -> ApiResult<Step> {
        match self.define(&custom)? {
            Decision::Fail => Err(ApiError::incorrect_credentials()),
            Decision::Tokens => self.tokens(),
            Decision::Challenge(name) if name == CUSTOM_CHALLENGE => self.create(custom),
            Decision::Challenge(name) if name == PASSWORD_VERIFIER => {
                // Only right after SRP_A: nothing else brought an SRP_A to answer.
                let srp = srp.ok_or_else(triggers::unrecognizable)?;
                srp_challenge(
                    self.inner,
                    self.pool_id,
                    self.client,
                    srp.typed,
                    srp.srp_a,
                    srp.user,
                    srp.device_key,
                    self.admin,
                    Some(Box::new(custom)),
                )
            }
            Decision::Challenge(name) => match ChallengeName::from(name.as_str()) {
                ChallengeName::Unknown(_) => Err(triggers::unrecognizable()),
                _ => Err(ApiError::invalid_parameter(format!(
                    "DefineAuthChallenge chose {name}: built-in challenges other than \
                     PASSWORD_VERIFIER in a custom sign-in are not supported by this emulator yet"
                ))),
            },
        }
    }

    fn define(&self, custom: &CustomAuth) -> ApiResult<Decision> {
        let answer = self.invoke(
            Trigger::DefineAuthChallenge,
            "DefineAuthChallenge_Authentication",
            self.request(json!({ "session": history(custom) }))?,
        )?;
        let flag = |key: &str| match answer.get(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(triggers::unrecognizable()),
        };
        let fail = flag("failAuthentication")?;
        let issue = flag("issueTokens")?;
        let name = match answer.get("challengeName") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()).filter(|s| !s.is_empty()),
            Some(_) => return Err(triggers::unrecognizable()),
        };
        Ok(if fail {
            Decision::Fail
        } else if issue {
            Decision::Tokens
        } else {
            Decision::Challenge(name.ok_or_else(triggers::unrecognizable)?)
        })
    }

    /// CreateAuthChallenge → `CUSTOM_CHALLENGE` with a new Session.
    fn create(&self, mut custom: CustomAuth) -> ApiResult<Step> {
        let answer = self.invoke(
            Trigger::CreateAuthChallenge,
            "CreateAuthChallenge_Authentication",
            self.request(json!({
                "challengeName": CUSTOM_CHALLENGE,
                "session": history(&custom),
            }))?,
        )?;
        let mut parameters = string_map(&answer, "publicChallengeParameters")?;
        custom.private_parameters = string_map(&answer, "privateChallengeParameters")?;
        custom.challenge_metadata = match answer.get("challengeMetadata") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(triggers::unrecognizable()),
        };
        parameters.insert(keys::USERNAME.to_owned(), self.username.clone());

        let mut state = self.inner.state();
        let validity = self.client.session_validity_millis();
        let session = new_session(
            self.inner,
            &mut state,
            self.pool_id,
            &self.client.id,
            &self.username,
            CUSTOM_CHALLENGE,
            validity,
            SessionCarry {
                device_key: self.device_key.clone(),
                admin: self.admin,
                custom: Some(Box::new(custom)),
                ..SessionCarry::default()
            },
        );
        Ok(Step {
            challenge_name: Some(ChallengeName::CustomChallenge),
            session: Some(session),
            parameters,
            result: None,
        })
    }

    /// VerifyAuthChallengeResponse: whether `answer` is right.
    fn verify(&self, custom: &CustomAuth, answer: &str) -> ApiResult<bool> {
        let answer = self.invoke(
            Trigger::VerifyAuthChallengeResponse,
            "VerifyAuthChallengeResponse_Authentication",
            self.request(json!({
                "privateChallengeParameters": custom.private_parameters,
                "challengeAnswer": answer,
            }))?,
        )?;
        match answer.get("answerCorrect") {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(triggers::unrecognizable()),
        }
    }

    /// `issueTokens`: the end of the sign-in (devices as after any other sign-in).
    fn tokens(&self) -> ApiResult<Step> {
        if self.user_not_found {
            return Err(ApiError::incorrect_credentials());
        }
        let mut state = self.inner.state();
        complete(
            self.inner,
            &mut state,
            self.pool_id,
            &self.client.id,
            &self.username,
            self.inner.now() / 1000,
            self.device_key.clone(),
            self.admin,
        )
    }
}

/// DefineAuthChallenge's and CreateAuthChallenge's `request.session`.
fn history(custom: &CustomAuth) -> Value {
    custom
        .history
        .iter()
        .map(|c| {
            json!({
                "challengeName": c.challenge_name,
                "challengeResult": c.challenge_result,
                "challengeMetadata": c.challenge_metadata,
            })
        })
        .collect()
}

/// A member that must be a string → string map (absent or null: empty).
fn string_map(answer: &Map<String, Value>, key: &str) -> ApiResult<BTreeMap<String, String>> {
    match answer.get(key) {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| {
                v.as_str()
                    .map(|v| (k.clone(), v.to_owned()))
                    .ok_or_else(triggers::unrecognizable)
            })
            .collect(),
        Some(_) => Err(triggers::unrecognizable()),
    }
}
