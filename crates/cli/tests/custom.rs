//! `--flow custom` and `--flow custom-srp`: the pool's custom-auth triggers are a webhook in
//! this test (the emulator calls loopback URLs named in `LambdaConfig`), asking two questions.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpListener;

use serde_json::{Value, json};

use crate::support::{PASSWORD, Terminal, World, script_available};

/// The triggers: round n asks "n + n?"; two right answers issue tokens, a wrong one fails.
fn quiz(mut event: Value) -> Value {
    let session = event["request"]["session"]
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
    let source = event["triggerSource"].as_str().unwrap_or("").to_owned();
    match source.as_str() {
        "DefineAuthChallenge_Authentication" => {
            let response = &mut event["response"];
            if session
                .last()
                .is_some_and(|c| c["challengeName"] == "SRP_A")
            {
                response["challengeName"] = json!("PASSWORD_VERIFIER");
            } else if right < custom.len() {
                response["failAuthentication"] = json!(true);
            } else if right == 2 {
                response["issueTokens"] = json!(true);
            } else {
                response["challengeName"] = json!("CUSTOM_CHALLENGE");
                response["issueTokens"] = json!(false);
                response["failAuthentication"] = json!(false);
            }
        }
        "CreateAuthChallenge_Authentication" => {
            let n = right + 1;
            event["response"]["publicChallengeParameters"] =
                json!({"question": format!("{n} + {n}?")});
            event["response"]["privateChallengeParameters"] =
                json!({"answer": (2 * n).to_string()});
        }
        "VerifyAuthChallengeResponse_Authentication" => {
            let correct = event["request"]["challengeAnswer"]
                == event["request"]["privateChallengeParameters"]["answer"];
            event["response"]["answerCorrect"] = json!(correct);
        }
        _ => {}
    }
    event
}

/// A minimal HTTP/1.1 webhook on 127.0.0.1 (one request per connection), serving `quiz`
/// until the test process ends; its URL.
fn webhook() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/trigger", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((name, value)) = line.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0u8; length];
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            let event = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let answer = quiz(event).to_string();
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    url
}

/// A world with a custom-auth pool (besides the default one): its pool and client ids.
fn custom_pool(world: &World) -> (String, String) {
    let hook = webhook();
    let lambda = json!({"DefineAuthChallenge": hook, "CreateAuthChallenge": hook,
        "VerifyAuthChallengeResponse": hook});
    let pool = world.call(
        "CreateUserPool",
        json!({"PoolName": "quiz", "LambdaConfig": lambda}),
    );
    let pool_id = pool["UserPool"]["Id"].as_str().expect("pool id").to_owned();
    let client = world.call(
        "CreateUserPoolClient",
        json!({"UserPoolId": pool_id, "ClientName": "quiz",
            "ExplicitAuthFlows": ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    );
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .expect("client id")
        .to_owned();
    world.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool_id, "Username": "quinn", "MessageAction": "SUPPRESS"}),
    );
    world.call(
        "AdminSetUserPassword",
        json!({"UserPoolId": pool_id, "Username": "quinn", "Password": PASSWORD, "Permanent": true}),
    );
    (pool_id, client_id)
}

#[test]
fn custom_answers_come_from_flags_in_order() {
    let world = World::start(json!({}));
    let (pool, client) = custom_pool(&world);
    let ids = ["--user-pool-id", &pool, "--client-id", &client];
    let mut args = vec!["sign-in", "-u", "quinn", "--flow", "custom"];
    args.extend(ids);

    // One answer for two rounds: the second round has nobody to ask.
    let mut one = args.clone();
    one.extend(["--custom-answer", "2"]);
    let run = world.run(&one, "");
    run.assert_code(3);
    let line = run.error_line();
    assert!(
        line.contains("CUSTOM_CHALLENGE") && line.contains("--custom-answer"),
        "{line}"
    );

    let mut two = args.clone();
    two.extend(["--custom-answer", "2", "--custom-answer", "4"]);
    let run = world.run(&two, "");
    run.assert_code(0);
    assert_eq!(run.json()["username"], "quinn");

    // A wrong answer: the triggers fail the sign-in.
    let mut wrong = args.clone();
    wrong.extend(["--custom-answer", "3"]);
    world.run(&wrong, "").assert_code(1);

    // SRP first, then the questions.
    let mut srp = vec![
        "sign-in",
        "-u",
        "quinn",
        "--flow",
        "custom-srp",
        "--password-stdin",
    ];
    srp.extend(ids);
    srp.extend(["--custom-answer", "2", "--custom-answer", "4"]);
    world.run(&srp, &format!("{PASSWORD}\n")).assert_code(0);
}

#[test]
fn a_person_answers_custom_challenges_at_the_terminal() {
    if !script_available() {
        eprintln!("skipped: script(1) from util-linux is not installed");
        return;
    }
    let world = World::start(json!({}));
    let (pool, client) = custom_pool(&world);
    let mut terminal = Terminal::start(
        &world,
        &[
            "sign-in",
            "-u",
            "quinn",
            "--flow",
            "custom",
            "--user-pool-id",
            &pool,
            "--client-id",
            &client,
        ],
    );
    terminal.expect("question: 1 + 1?");
    terminal.expect("Answer: ");
    terminal.type_line("2");
    terminal.expect("question: 2 + 2?");
    terminal.expect("Answer: ");
    terminal.type_line("4");
    let (code, screen) = terminal.finish();
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("\"username\": \"quinn\""), "{screen}");
}
