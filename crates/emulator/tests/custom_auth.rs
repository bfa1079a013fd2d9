//! Custom authentication and Lambda triggers over HTTP: a webhook server in the test plays the
//! pool's Lambda functions (a three-question quiz), and a plain client plays the app.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use cognito_flow_emulator::EmulatorConfig;
use cognito_flow_srp::{ServerChallenge, SrpClient, Timestamp, secret_hash};
use serde_json::{Value, json};
use support::{Env, Reply};

const PASSWORD: &str = "Corr3ct-horse!";

// ---------------------------------------------------------------------------------------------
// The webhook
// ---------------------------------------------------------------------------------------------

/// What the webhook answers to one event.
enum Answer {
    /// The event back, as a Lambda function returns it.
    Event(Value),
    /// A status and a body.
    Raw(u16, &'static str),
    /// Nothing, ever.
    Hang,
}

type Handler = Arc<dyn Fn(Value) -> Answer + Send + Sync>;
type Events = Arc<Mutex<Vec<Value>>>;

/// A webhook on 127.0.0.1: every event it received, in order. Dropping it stops the server.
struct Hook {
    url: String,
    events: Events,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Hook {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Hook {
    async fn start(handler: impl Fn(Value) -> Answer + Send + Sync + 'static) -> Hook {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/trigger", listener.local_addr().unwrap());
        let events: Events = Arc::default();
        let state: (Handler, Events) = (Arc::new(handler), Arc::clone(&events));
        let app = axum::Router::new()
            .route("/trigger", axum::routing::post(serve))
            .with_state(state);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Hook { url, events, task }
    }

    fn events(&self) -> Vec<Value> {
        self.events.lock().unwrap().clone()
    }

    /// The events of one `triggerSource`.
    fn of(&self, source: &str) -> Vec<Value> {
        self.events()
            .into_iter()
            .filter(|e| e["triggerSource"] == source)
            .collect()
    }
}

async fn serve(State((handler, events)): State<(Handler, Events)>, body: Bytes) -> Response {
    let event: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    events.lock().unwrap().push(event.clone());
    match handler(event) {
        Answer::Event(v) => (
            StatusCode::OK,
            [("content-type", "application/json")],
            v.to_string(),
        )
            .into_response(),
        Answer::Raw(status, body) => (StatusCode::from_u16(status).unwrap(), body).into_response(),
        Answer::Hang => std::future::pending().await,
    }
}

/// The quiz: three questions ("n + n?"), each to be answered right; one wrong answer gets
/// the same question again, a second one fails the sign-in. With SRP first, the password
/// comes before the questions.
fn quiz(mut event: Value) -> Answer {
    let session: Vec<Value> = event["request"]["session"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let custom: Vec<&Value> = session
        .iter()
        .filter(|c| c["challengeName"] == "CUSTOM_CHALLENGE")
        .collect();
    let right = custom
        .iter()
        .filter(|c| c["challengeResult"] == true)
        .count();
    let wrong = custom.len() - right;
    let source = event["triggerSource"].as_str().unwrap_or("").to_owned();
    let response = &mut event["response"];
    match source.as_str() {
        "DefineAuthChallenge_Authentication" => {
            if session
                .last()
                .is_some_and(|c| c["challengeName"] == "SRP_A")
            {
                response["challengeName"] = json!("PASSWORD_VERIFIER");
            } else if wrong >= 2 {
                response["failAuthentication"] = json!(true);
            } else if right == 3 {
                response["issueTokens"] = json!(true);
            } else {
                response["challengeName"] = json!("CUSTOM_CHALLENGE");
                response["issueTokens"] = json!(false);
                response["failAuthentication"] = json!(false);
            }
        }
        "CreateAuthChallenge_Authentication" => {
            let n = right + 1;
            response["publicChallengeParameters"] =
                json!({"question": format!("{n} + {n}?"), "round": n.to_string()});
            response["privateChallengeParameters"] = json!({"answer": (2 * n).to_string()});
            response["challengeMetadata"] = json!(format!("QUESTION-{n}"));
        }
        "VerifyAuthChallengeResponse_Authentication" => {
            let request = &event["request"];
            let correct =
                request["challengeAnswer"] == request["privateChallengeParameters"]["answer"];
            event["response"]["answerCorrect"] = json!(correct);
        }
        _ => {}
    }
    Answer::Event(event)
}

// ---------------------------------------------------------------------------------------------
// The app
// ---------------------------------------------------------------------------------------------

struct App {
    pool: String,
    client: String,
    secret: Option<String>,
}

impl App {
    /// A pool with `lambda` as its `LambdaConfig`, a client allowing custom auth (extra
    /// members merged), and alice.
    async fn new(env: &Env, lambda: Value, client_extra: Value) -> App {
        let pool = env.pool(json!({"LambdaConfig": lambda})).await;
        let mut c = json!({"ExplicitAuthFlows": ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH",
            "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]});
        support::merge(&mut c, client_extra);
        let (client, secret) = env.client(&pool, c).await;
        env.user(
            &pool,
            "alice",
            PASSWORD,
            json!({"email": "alice@example.com"}),
        )
        .await;
        App {
            pool,
            client,
            secret,
        }
    }

    fn with_hash(&self, mut params: Value, username: &str) -> Value {
        if let Some(s) = &self.secret {
            params["SECRET_HASH"] = json!(secret_hash(username, &self.client, s));
        }
        params
    }

    async fn start(&self, env: &Env, username: &str) -> Reply {
        env.call(
            "InitiateAuth",
            json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": self.client,
                   "AuthParameters": self.with_hash(json!({"USERNAME": username}), username)}),
        )
        .await
    }

    async fn answer(&self, env: &Env, step: &Value, answer: &str) -> Reply {
        let username = step["ChallengeParameters"]["USERNAME"].as_str().unwrap();
        env.call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "CUSTOM_CHALLENGE", "ClientId": self.client,
                   "Session": step["Session"],
                   "ChallengeResponses": self.with_hash(
                       json!({"USERNAME": username, "ANSWER": answer}), username)}),
        )
        .await
    }
}

fn custom_auth(url: &str) -> Value {
    json!({"DefineAuthChallenge": url, "CreateAuthChallenge": url,
           "VerifyAuthChallengeResponse": url})
}

/// The right answer to a quiz challenge.
fn right(step: &Value) -> String {
    let round: u32 = step["ChallengeParameters"]["round"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    (2 * round).to_string()
}

fn claims(token: &Value) -> Value {
    let payload = token.as_str().unwrap().split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn short_timeout() -> EmulatorConfig {
    let mut config = EmulatorConfig::default();
    config.trigger_timeout = Duration::from_millis(300);
    config
}

// ---------------------------------------------------------------------------------------------
// Custom authentication
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_three_question_quiz_signs_in() {
    let env = Env::start().await;
    let hook = Hook::start(quiz).await;
    let app = App::new(&env, custom_auth(&hook.url), json!({})).await;

    let mut step = app.start(&env, "alice").await.ok();
    let mut sessions = Vec::new();
    for round in 1..=3 {
        assert_eq!(step["ChallengeName"], "CUSTOM_CHALLENGE");
        let p = &step["ChallengeParameters"];
        assert_eq!(p["USERNAME"], "alice");
        assert_eq!(p["round"], round.to_string());
        assert_eq!(p["question"], format!("{round} + {round}?"));
        assert!(p.get("answer").is_none(), "private parameters stay private");
        let session = step["Session"].as_str().unwrap().to_owned();
        assert!(!sessions.contains(&session), "each round has a new Session");
        sessions.push(session);
        step = app.answer(&env, &step, &right(&step)).await.ok();
    }
    let tokens = &step["AuthenticationResult"];
    assert_eq!(claims(&tokens["IdToken"])["cognito:username"], "alice");
    assert!(tokens["RefreshToken"].is_string());

    // What the triggers were told.
    let defines = hook.of("DefineAuthChallenge_Authentication");
    assert_eq!(defines.len(), 4);
    let first = &defines[0];
    assert_eq!(first["version"], "1");
    assert_eq!(first["region"], "us-east-1");
    assert_eq!(first["userPoolId"], app.pool);
    assert_eq!(first["userName"], "alice");
    assert_eq!(first["callerContext"]["clientId"], app.client);
    assert_eq!(first["request"]["session"], json!([]));
    assert_eq!(
        first["request"]["userAttributes"]["email"],
        "alice@example.com"
    );
    assert_eq!(
        first["request"]["userAttributes"]["cognito:user_status"],
        "CONFIRMED"
    );
    assert!(first["request"]["userAttributes"]["sub"].is_string());
    assert!(
        first["request"].get("userNotFound").is_none(),
        "only with PreventUserExistenceErrors"
    );
    assert_eq!(
        defines[3]["request"]["session"],
        json!([
            {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": true, "challengeMetadata": "QUESTION-1"},
            {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": true, "challengeMetadata": "QUESTION-2"},
            {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": true, "challengeMetadata": "QUESTION-3"},
        ])
    );
    let creates = hook.of("CreateAuthChallenge_Authentication");
    assert_eq!(creates.len(), 3);
    assert_eq!(creates[1]["request"]["challengeName"], "CUSTOM_CHALLENGE");
    assert_eq!(
        creates[1]["request"]["session"].as_array().unwrap().len(),
        1
    );
    let verifies = hook.of("VerifyAuthChallengeResponse_Authentication");
    assert_eq!(verifies[2]["request"]["challengeAnswer"], "6");
    assert_eq!(
        verifies[2]["request"]["privateChallengeParameters"],
        json!({"answer": "6"})
    );
}

#[tokio::test]
async fn a_wrong_answer_gets_a_new_session_and_kills_the_old_one() {
    let env = Env::start().await;
    let hook = Hook::start(quiz).await;
    let app = App::new(&env, custom_auth(&hook.url), json!({})).await;

    let first = app.start(&env, "alice").await.ok();
    let second = app.answer(&env, &first, "41").await.ok();
    assert_eq!(second["ChallengeName"], "CUSTOM_CHALLENGE");
    assert_eq!(second["ChallengeParameters"]["round"], "1", "same question");
    assert_ne!(second["Session"], first["Session"]);
    // Spec §9 pitfall 9: the Session of the wrong answer is dead.
    let reused = app
        .answer(&env, &first, "2")
        .await
        .err("NotAuthorizedException");
    assert!(
        reused.starts_with("Invalid session for the user"),
        "{reused}"
    );
    // A second wrong answer: DefineAuthChallenge fails the sign-in.
    let failed = app
        .answer(&env, &second, "nope")
        .await
        .err("NotAuthorizedException");
    assert_eq!(failed, "Incorrect username or password.");
    let last = hook.of("DefineAuthChallenge_Authentication");
    assert_eq!(
        last.last().unwrap()["request"]["session"],
        json!([
            {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": false, "challengeMetadata": "QUESTION-1"},
            {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": false, "challengeMetadata": "QUESTION-1"},
        ])
    );
    // And that Session is dead too.
    let again = app
        .answer(&env, &second, "2")
        .await
        .err("NotAuthorizedException");
    assert!(again.starts_with("Invalid session for the user"), "{again}");
}

#[tokio::test]
async fn answers_are_checked_before_the_session_is_used() {
    let env = Env::start().await;
    let hook = Hook::start(quiz).await;
    let app = App::new(
        &env,
        custom_auth(&hook.url),
        json!({"GenerateSecret": true}),
    )
    .await;

    // SECRET_HASH is required on the way in and on every answer.
    let missing = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": app.client,
                   "AuthParameters": {"USERNAME": "alice"}}),
        )
        .await
        .err("NotAuthorizedException");
    assert!(
        missing.contains("SECRET_HASH was not received"),
        "{missing}"
    );
    let step = app.start(&env, "alice").await.ok();
    let no_answer = env
        .call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "CUSTOM_CHALLENGE", "ClientId": app.client,
                   "Session": step["Session"],
                   "ChallengeResponses": app.with_hash(json!({"USERNAME": "alice"}), "alice")}),
        )
        .await
        .err("InvalidParameterException");
    assert_eq!(no_answer, "Missing required parameter ANSWER");
    let wrong_hash = env
        .call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "CUSTOM_CHALLENGE", "ClientId": app.client,
                   "Session": step["Session"],
                   "ChallengeResponses": {"USERNAME": "alice", "ANSWER": "2",
                                          "SECRET_HASH": "AAAA"}}),
        )
        .await
        .err("NotAuthorizedException");
    assert!(
        wrong_hash.contains("Unable to verify secret hash"),
        "{wrong_hash}"
    );
    // None of these used the Session up.
    let next = app.answer(&env, &step, "2").await.ok();
    assert_eq!(next["ChallengeParameters"]["round"], "2");
}

#[tokio::test]
async fn admin_initiate_auth_runs_the_same_flow() {
    let env = Env::start().await;
    let hook = Hook::start(quiz).await;
    let app = App::new(&env, custom_auth(&hook.url), json!({})).await;
    let mut step = env
        .call(
            "AdminInitiateAuth",
            json!({"AuthFlow": "CUSTOM_AUTH", "UserPoolId": app.pool, "ClientId": app.client,
                   "AuthParameters": {"USERNAME": "alice"},
                   "ClientMetadata": {"channel": "kiosk"}}),
        )
        .await
        .ok();
    for _ in 0..3 {
        step = env
            .call(
                "AdminRespondToAuthChallenge",
                json!({"ChallengeName": "CUSTOM_CHALLENGE", "UserPoolId": app.pool,
                       "ClientId": app.client, "Session": step["Session"],
                       "ChallengeResponses": {"USERNAME": "alice", "ANSWER": right(&step)}}),
            )
            .await
            .ok();
    }
    assert!(step["AuthenticationResult"]["AccessToken"].is_string());
    assert_eq!(
        hook.of("DefineAuthChallenge_Authentication")[0]["request"]["clientMetadata"],
        json!({"channel": "kiosk"})
    );
}

fn srp_start(app: &App, client: &SrpClient, challenge_name: Option<&str>) -> Value {
    let mut params = json!({"USERNAME": "alice", "SRP_A": client.srp_a()});
    if let Some(name) = challenge_name {
        params["CHALLENGE_NAME"] = json!(name);
    }
    json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": app.client,
           "AuthParameters": app.with_hash(params, "alice")})
}

/// The PASSWORD_VERIFIER answer of `step`, with `session`.
fn srp_answer(
    env: &Env,
    app: &App,
    client: &SrpClient,
    step: &Value,
    password: &str,
    session: Option<&Value>,
) -> Value {
    let p = &step["ChallengeParameters"];
    let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap();
    let challenge = ServerChallenge::parse(
        p["SALT"].as_str().unwrap(),
        p["SRP_B"].as_str().unwrap(),
        p["SECRET_BLOCK"].as_str().unwrap(),
    )
    .unwrap();
    let claim = client
        .password_claim(
            &app.pool,
            user_id,
            password,
            &challenge,
            &Timestamp::from_unix_seconds(env.clock.now_secs()),
        )
        .unwrap();
    let mut request = json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": app.client,
        "ChallengeResponses": app.with_hash(json!({
            "USERNAME": user_id,
            "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block(),
            "PASSWORD_CLAIM_SIGNATURE": claim.signature(),
            "TIMESTAMP": claim.timestamp().as_str(),
        }), user_id)});
    if let Some(session) = session {
        request["Session"] = session.clone();
    }
    request
}

#[tokio::test]
async fn srp_first_then_the_quiz() {
    let env = Env::start().await;
    let hook = Hook::start(quiz).await;
    let app = App::new(
        &env,
        custom_auth(&hook.url),
        json!({"GenerateSecret": true}),
    )
    .await;

    let client = SrpClient::random().unwrap();
    let verifier = env
        .call("InitiateAuth", srp_start(&app, &client, Some("SRP_A")))
        .await
        .ok();
    assert_eq!(verifier["ChallengeName"], "PASSWORD_VERIFIER");
    assert!(
        verifier["Session"].is_string(),
        "custom auth's PASSWORD_VERIFIER has a Session"
    );
    assert_eq!(verifier["ChallengeParameters"]["USER_ID_FOR_SRP"], "alice");
    assert_eq!(
        hook.of("DefineAuthChallenge_Authentication")[0]["request"]["session"],
        json!([{"challengeName": "SRP_A", "challengeResult": true, "challengeMetadata": null}])
    );

    // The Session must come with the answer.
    let missing = env
        .call(
            "RespondToAuthChallenge",
            srp_answer(&env, &app, &client, &verifier, PASSWORD, None),
        )
        .await
        .err("InvalidParameterException");
    assert_eq!(missing, "Missing required parameter Session");

    let client = SrpClient::random().unwrap();
    let verifier = env
        .call("InitiateAuth", srp_start(&app, &client, Some("SRP_A")))
        .await
        .ok();
    let mut step = env
        .call(
            "RespondToAuthChallenge",
            srp_answer(
                &env,
                &app,
                &client,
                &verifier,
                PASSWORD,
                Some(&verifier["Session"]),
            ),
        )
        .await
        .ok();
    assert_eq!(step["ChallengeName"], "CUSTOM_CHALLENGE");
    assert_ne!(step["Session"], verifier["Session"]);
    let defines = hook.of("DefineAuthChallenge_Authentication");
    assert_eq!(
        defines.last().unwrap()["request"]["session"],
        json!([
            {"challengeName": "SRP_A", "challengeResult": true, "challengeMetadata": null},
            {"challengeName": "PASSWORD_VERIFIER", "challengeResult": true, "challengeMetadata": null},
        ])
    );
    for _ in 0..3 {
        step = app.answer(&env, &step, &right(&step)).await.ok();
    }
    assert!(step["AuthenticationResult"]["IdToken"].is_string());

    // A wrong password ends the sign-in, as in USER_SRP_AUTH.
    let client = SrpClient::random().unwrap();
    let verifier = env
        .call("InitiateAuth", srp_start(&app, &client, Some("SRP_A")))
        .await
        .ok();
    let wrong = env
        .call(
            "RespondToAuthChallenge",
            srp_answer(
                &env,
                &app,
                &client,
                &verifier,
                "Wr0ng-horse!",
                Some(&verifier["Session"]),
            ),
        )
        .await
        .err("NotAuthorizedException");
    assert_eq!(wrong, "Incorrect username or password.");

    // SRP_A without CHALLENGE_NAME=SRP_A is a plain custom sign-in (spec §9 pitfall 12).
    let client = SrpClient::random().unwrap();
    let plain = env
        .call("InitiateAuth", srp_start(&app, &client, None))
        .await
        .ok();
    assert_eq!(plain["ChallengeName"], "CUSTOM_CHALLENGE");
}

#[tokio::test]
async fn unknown_users_follow_prevent_user_existence_errors() {
    let env = Env::start().await;
    let hook = Hook::start(quiz).await;
    let legacy = App::new(&env, custom_auth(&hook.url), json!({})).await;
    legacy
        .start(&env, "nobody")
        .await
        .err("UserNotFoundException");
    assert!(hook.events().is_empty());

    let pool = legacy.pool.clone();
    let (client, _) = env
        .client(
            &pool,
            json!({"ExplicitAuthFlows": ["ALLOW_CUSTOM_AUTH"], "PreventUserExistenceErrors": "ENABLED"}),
        )
        .await;
    let enabled = App {
        pool,
        client,
        secret: None,
    };
    // The triggers simulate the quiz for nobody...
    let mut step = enabled.start(&env, "nobody").await.ok();
    assert_eq!(step["ChallengeParameters"]["USERNAME"], "nobody");
    let define = &hook.of("DefineAuthChallenge_Authentication")[0];
    assert_eq!(define["request"]["userNotFound"], true);
    assert_eq!(define["request"]["userAttributes"], json!({}));
    assert_eq!(define["userName"], "nobody");
    for _ in 0..2 {
        step = enabled.answer(&env, &step, &right(&step)).await.ok();
    }
    // ...but no answer gets an unknown user tokens.
    let end = enabled
        .answer(&env, &step, &right(&step))
        .await
        .err("NotAuthorizedException");
    assert_eq!(end, "Incorrect username or password.");
    // A known user's events say userNotFound: false on this client.
    enabled.start(&env, "alice").await.ok();
    let last = hook.of("DefineAuthChallenge_Authentication");
    assert_eq!(last.last().unwrap()["request"]["userNotFound"], false);
}

#[tokio::test]
async fn custom_auth_needs_its_triggers() {
    let env = Env::start().await;
    let app = App::new(&env, json!({}), json!({})).await;
    let message = app
        .start(&env, "alice")
        .await
        .err("InvalidUserPoolConfigurationException");
    assert_eq!(
        message,
        "Custom auth lambda trigger is not configured for the user pool."
    );
    // DefineAuthChallenge asks for a challenge no trigger can create.
    let hook = Hook::start(quiz).await;
    let app = App::new(&env, json!({"DefineAuthChallenge": hook.url}), json!({})).await;
    app.start(&env, "alice")
        .await
        .err("InvalidUserPoolConfigurationException");
    // The client must allow the flow.
    let app = App::new(
        &env,
        custom_auth(&hook.url),
        json!({"ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"]}),
    )
    .await;
    let message = app
        .start(&env, "alice")
        .await
        .err("InvalidParameterException");
    assert_eq!(message, "CUSTOM_AUTH flow not enabled for this client");
}

// ---------------------------------------------------------------------------------------------
// Failing triggers
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_trigger_that_never_answers_times_out() {
    let env = Env::with_config(short_timeout()).await;
    let hook = Hook::start(|_| Answer::Hang).await;
    let app = App::new(&env, custom_auth(&hook.url), json!({})).await;
    let started = Instant::now();
    let message = app
        .start(&env, "alice")
        .await
        .err("UnexpectedLambdaException");
    assert_eq!(
        message,
        "DefineAuthChallenge invocation failed due to error Socket timeout while invoking Lambda function."
    );
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn broken_triggers_are_reported_as_cognito_does() {
    let env = Env::with_config(short_timeout()).await;
    let cases: [(Answer, &str, &str); 5] = [
        (
            Answer::Raw(200, "this is not JSON"),
            "InvalidLambdaResponseException",
            "Invalid lambda function output : Invalid JSON",
        ),
        (
            Answer::Raw(200, r#"{"version":"1"}"#),
            "InvalidLambdaResponseException",
            "Unrecognizable lambda output",
        ),
        (
            Answer::Raw(200, r#"{"response":{"challengeName":42}}"#),
            "InvalidLambdaResponseException",
            "Unrecognizable lambda output",
        ),
        (
            Answer::Raw(200, r#"{"response":{"challengeName":"SMS_MFA"}}"#),
            "InvalidParameterException",
            "DefineAuthChallenge chose SMS_MFA: built-in challenges other than PASSWORD_VERIFIER in a custom sign-in are not supported by this emulator yet",
        ),
        (
            Answer::Raw(502, "bad gateway"),
            "UnexpectedLambdaException",
            "DefineAuthChallenge invocation failed due to error HTTP status 502 from the trigger webhook.",
        ),
    ];
    for (answer, code, message) in cases {
        let answer = Arc::new(Mutex::new(Some(answer)));
        let hook =
            Hook::start(move |_| answer.lock().unwrap().take().unwrap_or(Answer::Hang)).await;
        let app = App::new(&env, custom_auth(&hook.url), json!({})).await;
        assert_eq!(app.start(&env, "alice").await.err(code), message);
    }

    // A function error, thrown as Lambda reports it.
    let hook =
        Hook::start(|_| Answer::Raw(200, r#"{"errorType":"Error","errorMessage":"quiz closed"}"#))
            .await;
    let app = App::new(&env, custom_auth(&hook.url), json!({})).await;
    let message = app
        .start(&env, "alice")
        .await
        .err("UserLambdaValidationException");
    assert_eq!(
        message,
        "DefineAuthChallenge failed with error quiz closed."
    );

    // Nobody listening.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/gone", listener.local_addr().unwrap())
    };
    let app = App::new(&env, custom_auth(&closed), json!({})).await;
    let message = app
        .start(&env, "alice")
        .await
        .err("UnexpectedLambdaException");
    assert!(
        message.starts_with("DefineAuthChallenge invocation failed due to error ConnectionRefused"),
        "{message}"
    );

    // CreateAuthChallenge answering public parameters that are not strings.
    let hook = Hook::start(|mut event| {
        if event["triggerSource"] == "CreateAuthChallenge_Authentication" {
            event["response"]["publicChallengeParameters"] = json!({"round": 1});
            return Answer::Event(event);
        }
        quiz(event)
    })
    .await;
    let app = App::new(&env, custom_auth(&hook.url), json!({})).await;
    app.start(&env, "alice")
        .await
        .err("InvalidLambdaResponseException");
}

// ---------------------------------------------------------------------------------------------
// Pre- and post-authentication, token generation
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn pre_authentication_can_refuse_any_sign_in() {
    let env = Env::start().await;
    let hook = Hook::start(|mut event| {
        let request = &event["request"];
        // PreAuthentication gets the client metadata as validationData, the others as is.
        if request["validationData"]["allow"] == "yes"
            || request["clientMetadata"]["allow"] == "yes"
        {
            return quiz(event.take());
        }
        Answer::Raw(400, r#"{"errorType":"Error","errorMessage":"Not today"}"#)
    })
    .await;
    let mut lambda = custom_auth(&hook.url);
    lambda["PreAuthentication"] = json!(hook.url);
    let app = App::new(&env, lambda, json!({})).await;

    let refused = app
        .start(&env, "alice")
        .await
        .err("UserLambdaValidationException");
    assert_eq!(refused, "PreAuthentication failed with error Not today.");
    let password = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": app.client,
                   "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD}}),
        )
        .await
        .err("UserLambdaValidationException");
    assert_eq!(password, "PreAuthentication failed with error Not today.");
    let client = SrpClient::random().unwrap();
    env.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": app.client,
               "AuthParameters": {"USERNAME": "alice", "SRP_A": client.srp_a()}}),
    )
    .await
    .err("UserLambdaValidationException");
    let pre = hook.of("PreAuthentication_Authentication");
    assert_eq!(pre.len(), 3);
    assert_eq!(pre[0]["userName"], "alice");
    assert_eq!(
        pre[0]["request"]["userAttributes"]["email"],
        "alice@example.com"
    );
    assert!(hook.of("DefineAuthChallenge_Authentication").is_empty());

    // With the validation data it asks for, the sign-in goes on.
    let step = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": app.client,
                   "AuthParameters": {"USERNAME": "alice"},
                   "ClientMetadata": {"allow": "yes"}}),
        )
        .await
        .ok();
    assert_eq!(step["ChallengeName"], "CUSTOM_CHALLENGE");
}

#[tokio::test]
async fn post_authentication_can_refuse_the_tokens() {
    let env = Env::start().await;
    let hook = Hook::start(|event| {
        if event["triggerSource"] == "PostAuthentication_Authentication" {
            return Answer::Raw(200, r#"{"errorMessage":"account frozen"}"#);
        }
        quiz(event)
    })
    .await;
    let mut lambda = custom_auth(&hook.url);
    lambda["PostAuthentication"] = json!(hook.url);
    let app = App::new(&env, lambda, json!({})).await;
    let message = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": app.client,
                   "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD}}),
        )
        .await
        .err("UserLambdaValidationException");
    assert_eq!(
        message,
        "PostAuthentication failed with error account frozen."
    );
    let post = &hook.of("PostAuthentication_Authentication")[0];
    assert_eq!(post["request"]["newDeviceUsed"], false);
    assert_eq!(
        post["request"]["userAttributes"]["email"],
        "alice@example.com"
    );
}

#[tokio::test]
async fn pre_token_generation_customizes_the_tokens() {
    let env = Env::start().await;
    let hook = Hook::start(|mut event| {
        let v2 = event["version"] == "2";
        let response = &mut event["response"];
        if v2 {
            response["claimsAndScopeOverrideDetails"] = json!({
                "idTokenGeneration": {"claimsToAddOrOverride": {"plan": {"tier": "gold"}}},
                "accessTokenGeneration": {
                    "claimsToAddOrOverride": {"tenant": "acme"},
                    "scopesToAdd": ["reports/read"],
                },
            });
        } else {
            response["claimsOverrideDetails"] = json!({
                "claimsToAddOrOverride": {"tenant": "acme", "sub": "forged"},
                "claimsToSuppress": ["email"],
                "groupOverrideDetails": {"groupsToOverride": ["admins"]},
            });
        }
        Answer::Event(event)
    })
    .await;
    let app = App::new(&env, json!({"PreTokenGeneration": hook.url}), json!({})).await;
    let password = |app: &App| {
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": app.client,
               "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD}})
    };
    let out = env.call("InitiateAuth", password(&app)).await.ok();
    let tokens = &out["AuthenticationResult"];
    let id = claims(&tokens["IdToken"]);
    assert_eq!(id["tenant"], "acme");
    assert!(id.get("email").is_none(), "suppressed");
    assert_ne!(id["sub"], "forged", "reserved claims stay");
    assert_eq!(id["cognito:groups"], json!(["admins"]));
    let access = claims(&tokens["AccessToken"]);
    assert_eq!(access["cognito:groups"], json!(["admins"]));
    assert!(
        access.get("tenant").is_none(),
        "V1_0 changes the ID token only"
    );
    let event = &hook.of("TokenGeneration_Authentication")[0];
    assert_eq!(
        event["request"]["groupConfiguration"]["groupsToOverride"],
        json!([])
    );
    assert_eq!(event["response"]["claimsOverrideDetails"], Value::Null);

    // Refreshing calls it again.
    let refreshed = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": app.client,
                   "AuthParameters": {"REFRESH_TOKEN": tokens["RefreshToken"]}}),
        )
        .await
        .ok();
    assert_eq!(
        claims(&refreshed["AuthenticationResult"]["IdToken"])["tenant"],
        "acme"
    );
    assert_eq!(hook.of("TokenGeneration_RefreshTokens").len(), 1);

    // V2_0: both tokens, scopes, any JSON value.
    let app = App::new(
        &env,
        json!({"PreTokenGenerationConfig": {"LambdaArn": hook.url, "LambdaVersion": "V2_0"}}),
        json!({}),
    )
    .await;
    let described = env
        .call("DescribeUserPool", json!({"UserPoolId": app.pool}))
        .await
        .ok();
    assert_eq!(
        described["UserPool"]["LambdaConfig"],
        json!({"PreTokenGeneration": hook.url,
               "PreTokenGenerationConfig": {"LambdaArn": hook.url, "LambdaVersion": "V2_0"}})
    );
    let out = env.call("InitiateAuth", password(&app)).await.ok();
    let tokens = &out["AuthenticationResult"];
    assert_eq!(claims(&tokens["IdToken"])["plan"], json!({"tier": "gold"}));
    let access = claims(&tokens["AccessToken"]);
    assert_eq!(access["tenant"], "acme");
    assert_eq!(
        access["scope"],
        "aws.cognito.signin.user.admin reports/read"
    );
    let event = hook.events().pop().unwrap();
    assert_eq!(event["version"], "2");
    assert_eq!(
        event["request"]["scopes"],
        json!(["aws.cognito.signin.user.admin"])
    );
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn lambda_config_is_checked_described_and_reset() {
    let env = Env::start().await;
    let refused = env
        .call(
            "CreateUserPool",
            json!({"PoolName": "p", "LambdaConfig": {"DefineAuthChallenge": "http://198.51.100.7/hook"}}),
        )
        .await
        .err("InvalidParameterException");
    assert!(
        refused.starts_with("LambdaConfig.DefineAuthChallenge: the emulator calls only loopback"),
        "{refused}"
    );
    let tls = env
        .call(
            "CreateUserPool",
            json!({"PoolName": "p", "LambdaConfig": {"PreAuthentication": "https://127.0.0.1/hook"}}),
        )
        .await
        .err("InvalidParameterException");
    assert!(tls.contains("plain http://"), "{tls}");
    env.call(
        "CreateUserPool",
        json!({"PoolName": "p", "LambdaConfig": {"PreAuthentication": "not-an-arn"}}),
    )
    .await
    .err("InvalidParameterException");

    let arn = "arn:aws:lambda:us-east-1:123456789012:function:define";
    let lambda = json!({"DefineAuthChallenge": arn, "CreateAuthChallenge": "http://localhost:9/c",
        "PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:signup"});
    let pool = env.pool(json!({"LambdaConfig": lambda})).await;
    let described = env
        .call("DescribeUserPool", json!({"UserPoolId": pool}))
        .await
        .ok();
    assert_eq!(described["UserPool"]["LambdaConfig"], lambda);
    let listed = env
        .call("ListUserPools", json!({"MaxResults": 10}))
        .await
        .ok();
    assert_eq!(listed["UserPools"][0]["LambdaConfig"], lambda);

    // An ARN nobody mapped to a webhook.
    let (client, _) = env
        .client(&pool, json!({"ExplicitAuthFlows": ["ALLOW_CUSTOM_AUTH"]}))
        .await;
    env.user(&pool, "alice", PASSWORD, json!({})).await;
    let message = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": client,
                   "AuthParameters": {"USERNAME": "alice"}}),
        )
        .await
        .err("UnexpectedLambdaException");
    assert!(
        message.starts_with(&format!(
            "DefineAuthChallenge invocation failed due to error ResourceNotFoundException: no webhook is configured for {arn}"
        )),
        "{message}"
    );

    // UpdateUserPool without LambdaConfig removes the triggers, as AWS resets what is left out.
    env.call("UpdateUserPool", json!({"UserPoolId": pool}))
        .await
        .ok();
    let described = env
        .call("DescribeUserPool", json!({"UserPoolId": pool}))
        .await
        .ok();
    assert_eq!(described["UserPool"]["LambdaConfig"], json!({}));
}

#[tokio::test]
async fn arns_are_called_at_their_configured_webhooks() {
    let hook = Hook::start(quiz).await;
    let arn = "arn:aws:lambda:eu-west-1:123456789012:function:quiz";
    let mut config = EmulatorConfig::default();
    config
        .lambda_endpoints
        .insert(arn.to_owned(), hook.url.clone());
    config.trigger_allowed_hosts = vec!["hooks.internal".to_owned()];
    let env = Env::with_config(config).await;
    // An allowed host passes the configuration check.
    env.pool(json!({"LambdaConfig": {"PostAuthentication": "http://hooks.internal:8080/post"}}))
        .await;
    let app = App::new(&env, custom_auth(arn), json!({})).await;
    let mut step = app.start(&env, "alice").await.ok();
    for _ in 0..3 {
        step = app.answer(&env, &step, &right(&step)).await.ok();
    }
    assert!(step["AuthenticationResult"]["AccessToken"].is_string());
    assert_eq!(
        hook.of("VerifyAuthChallengeResponse_Authentication").len(),
        3
    );
}
