//! Custom authentication end to end: the SDK's `custom()` and `custom_with_srp()` against the
//! emulator, whose DefineAuthChallenge / CreateAuthChallenge / VerifyAuthChallengeResponse
//! triggers are a webhook in this test (a three-question quiz).

use std::sync::{Arc, Mutex};

use cognito_flow::{CustomAnswer, CustomChallenge, ErrorKind, Metadata, Next, Password};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::support::{PASSWORD, Setup, World, signed_in};

/// A webhook on 127.0.0.1 answering every trigger event with `handler(event)`; it keeps the
/// events. A bare HTTP/1.1 server: one request per connection.
struct Hook {
    url: String,
    events: Arc<Mutex<Vec<Value>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Hook {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Hook {
    async fn start(handler: fn(Value) -> Value) -> Hook {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/cognito", listener.local_addr().unwrap());
        let events = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&events);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(answer(stream, handler, Arc::clone(&kept)));
            }
        });
        Hook { url, events, task }
    }

    fn of(&self, source: &str) -> Vec<Value> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e["triggerSource"] == source)
            .cloned()
            .collect()
    }
}

async fn answer(
    mut stream: tokio::net::TcpStream,
    handler: fn(Value) -> Value,
    events: Arc<Mutex<Vec<Value>>>,
) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let body = loop {
        let n = stream.read(&mut chunk).await.unwrap();
        buf.extend_from_slice(&chunk[..n]);
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            assert!(n > 0, "connection closed before the headers");
            continue;
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map(|v| v.trim().parse().unwrap())
            .unwrap_or(0);
        if buf.len() >= end + 4 + length {
            break buf[end + 4..end + 4 + length].to_vec();
        }
        assert!(n > 0, "connection closed mid-body");
    };
    let event: Value = serde_json::from_slice(&body).unwrap();
    events.lock().unwrap().push(event.clone());
    let out = handler(event).to_string();
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{out}",
        out.len()
    );
    stream.write_all(response.as_bytes()).await.unwrap();
    let _ = stream.shutdown().await;
}

/// Three questions ("n × 7?"); a wrong answer gets the same question again, a second one
/// fails the sign-in. With SRP first, the password comes before the questions.
fn quiz(mut event: Value) -> Value {
    let session = event["request"]["session"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let answered = |ok: bool| {
        session
            .iter()
            .filter(|c| c["challengeName"] == "CUSTOM_CHALLENGE" && c["challengeResult"] == ok)
            .count()
    };
    let (right, wrong) = (answered(true), answered(false));
    let source = event["triggerSource"].as_str().unwrap().to_owned();
    let request = event["request"].clone();
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
            }
        }
        "CreateAuthChallenge_Authentication" => {
            let n = right + 1;
            let mut public = json!({"question": format!("{n} × 7?"), "round": n.to_string()});
            if let Some(channel) = request["clientMetadata"]["channel"].as_str() {
                public["channel"] = json!(channel);
            }
            response["publicChallengeParameters"] = public;
            response["privateChallengeParameters"] = json!({"answer": (7 * n).to_string()});
            response["challengeMetadata"] = json!(format!("Q{n}"));
        }
        "VerifyAuthChallengeResponse_Authentication" => {
            response["answerCorrect"] = json!(
                request["challengeAnswer"] == request["privateChallengeParameters"]["answer"]
            );
        }
        _ => {}
    }
    event
}

fn setup(url: &str, client: Value) -> Setup {
    let mut c = json!({"ExplicitAuthFlows": ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH"]});
    crate::support::merge(&mut c, client);
    Setup {
        pool: json!({"LambdaConfig": {"DefineAuthChallenge": url, "CreateAuthChallenge": url,
            "VerifyAuthChallengeResponse": url}}),
        client: c,
        mfa: None,
    }
}

fn expect_challenge(next: Next) -> CustomChallenge {
    match next {
        Next::CustomChallenge(step) => step,
        other => panic!(
            "expected CUSTOM_CHALLENGE, got {:?}",
            other.challenge_name()
        ),
    }
}

/// The right answer to the challenge.
fn right(step: &CustomChallenge) -> CustomAnswer {
    let round: u32 = step.parameters()["round"].parse().unwrap();
    CustomAnswer::new((7 * round).to_string())
}

/// Answers the questions left, right; returns what follows the last answer.
async fn finish(mut step: CustomChallenge) -> Next {
    loop {
        let answer = right(&step);
        match step.respond(answer).await.unwrap() {
            Next::CustomChallenge(next) => step = next,
            other => return other,
        }
    }
}

#[tokio::test]
async fn the_quiz_signs_in_round_by_round() {
    let hook = Hook::start(quiz).await;
    let world = World::start(setup(&hook.url, json!({}))).await;
    world.user("alice", json!({"email": "alice@example.com"}));
    let client = world.client();

    let mut step = expect_challenge(client.sign_in_request("alice").custom().await.unwrap());
    for round in 1..=3 {
        assert_eq!(step.username(), "alice");
        assert_eq!(step.parameters()["round"], round.to_string());
        assert_eq!(step.parameters()["question"], format!("{round} × 7?"));
        assert!(!step.parameters().contains_key("answer"));
        let answer = right(&step);
        let next = step.respond(answer).await.unwrap();
        if round < 3 {
            step = expect_challenge(next);
        } else {
            let signed_in = signed_in(next);
            let claims = signed_in.tokens().id_claims().unwrap();
            assert_eq!(claims.string("cognito:username"), Some("alice"));
            assert_eq!(claims.string("email"), Some("alice@example.com"));
            return;
        }
    }
}

#[tokio::test]
async fn wrong_answers_get_another_challenge_then_fail() {
    let hook = Hook::start(quiz).await;
    let world = World::start(setup(&hook.url, json!({}))).await;
    world.user("alice", json!({}));
    let client = world.client();

    // One wrong answer: the same question again, with a new Session (respond succeeds).
    let step = expect_challenge(client.sign_in_request("alice").custom().await.unwrap());
    let step = expect_challenge(step.respond(CustomAnswer::new("6")).await.unwrap());
    assert_eq!(step.parameters()["round"], "1");
    // ...and the quiz goes on from there.
    let step = expect_challenge(step.respond(CustomAnswer::new("7")).await.unwrap());
    assert_eq!(step.parameters()["round"], "2");
    // A second wrong answer: DefineAuthChallenge fails the sign-in; the state is not handed
    // back (its Session is dead).
    let err = step.respond(CustomAnswer::new("13")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAuthorized);
    assert!(!err.has_state());
    let history = &hook.of("DefineAuthChallenge_Authentication");
    assert_eq!(
        history.last().unwrap()["request"]["session"],
        json!([
            {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": false, "challengeMetadata": "Q1"},
            {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": true, "challengeMetadata": "Q1"},
            {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": false, "challengeMetadata": "Q2"},
        ])
    );
}

#[tokio::test]
async fn srp_first_then_the_quiz() {
    let hook = Hook::start(quiz).await;
    let world = World::start(setup(&hook.url, json!({}))).await;
    world.user("alice", json!({}));
    let client = world.client();

    let verifier = client
        .sign_in_request("alice")
        .custom_with_srp()
        .await
        .unwrap();
    assert_eq!(verifier.user_id_for_srp(), "alice");
    let step = expect_challenge(verifier.respond(Password::new(PASSWORD)).await.unwrap());
    let signed_in = signed_in(finish(step).await);
    assert!(signed_in.tokens().refresh_token.is_some());
    let defines = hook.of("DefineAuthChallenge_Authentication");
    assert_eq!(
        defines[1]["request"]["session"],
        json!([
            {"challengeName": "SRP_A", "challengeResult": true, "challengeMetadata": null},
            {"challengeName": "PASSWORD_VERIFIER", "challengeResult": true, "challengeMetadata": null},
        ])
    );

    // A wrong password ends it before any question.
    let verifier = client
        .sign_in_request("alice")
        .custom_with_srp()
        .await
        .unwrap();
    let err = verifier
        .respond(Password::new("Wr0ng-horse!"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAuthorized);
}

#[tokio::test]
async fn through_the_admin_api_with_a_client_secret() {
    let hook = Hook::start(quiz).await;
    let world = World::start(setup(
        &hook.url,
        json!({"GenerateSecret": true, "ExplicitAuthFlows": ["ALLOW_CUSTOM_AUTH",
            "ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    ))
    .await;
    assert!(world.client_secret.is_some());
    world.user("alice", json!({}));

    // Public API, secret hash on every request.
    let step = expect_challenge(
        world
            .client()
            .sign_in_request("alice")
            .metadata(Metadata::new().client_metadata("channel", "web"))
            .custom()
            .await
            .unwrap(),
    );
    assert_eq!(
        step.parameters()["channel"],
        "web",
        "ClientMetadata reached the triggers"
    );
    assert!(
        signed_in(finish(step).await)
            .tokens()
            .refresh_token
            .is_some()
    );

    // Admin API: the answers go through AdminRespondToAuthChallenge.
    let admin = world.admin();
    let step = expect_challenge(admin.sign_in_request("alice").custom().await.unwrap());
    assert!(
        signed_in(finish(step).await)
            .tokens()
            .refresh_token
            .is_some()
    );
    let verifier = admin
        .sign_in_request("alice")
        .custom_with_srp()
        .await
        .unwrap();
    let step = expect_challenge(verifier.respond(Password::new(PASSWORD)).await.unwrap());
    let signed_in = signed_in(finish(step).await);
    assert!(signed_in.tokens().access_token.expose_secret().len() > 20);
    assert_eq!(
        hook.of("DefineAuthChallenge_Authentication").len(),
        4 + 4 + 5
    );
}

#[tokio::test]
async fn custom_auth_without_triggers_is_a_service_error() {
    let world = World::start(Setup {
        client: json!({"ExplicitAuthFlows": ["ALLOW_CUSTOM_AUTH"]}),
        ..Setup::default()
    })
    .await;
    world.user("alice", json!({}));
    let err = world
        .client()
        .sign_in_request("alice")
        .custom()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidUserPoolConfigurationException"));
}
