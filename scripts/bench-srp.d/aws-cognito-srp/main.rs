//! aws-cognito-srp's real client work for one SRP login, timed (part of scripts/bench-srp, which builds this in a
//! temporary cargo project with `--release`): `SrpClient::new` (draws `a`), `get_auth_parameters` (A, sent in
//! InitiateAuth) and `verify` on a fixed PASSWORD_VERIFIER challenge, in a loop: WARMUP_S seconds untimed, then
//! at least SECONDS seconds timed. Prints one JSON object: mean and median time per login, and one login's
//! SRP_A, TIMESTAMP and signature for the script to check against its server model.
//!
//! Usage: bench-aws-cognito-srp WARMUP_S SECONDS POOL_ID USER PASSWORD SALT SRP_B SECRET_BLOCK

use std::hint::black_box;
use std::time::{Duration, Instant};

use aws_cognito_srp::{SrpClient, User, UserAuthenticationParameters, VerificationParameters};

const USAGE: &str =
    "bench-aws-cognito-srp WARMUP_S SECONDS POOL_ID USER PASSWORD SALT SRP_B SECRET_BLOCK";

struct Challenge {
    pool_id: String,
    user: String,
    password: String,
    salt: String,
    srp_b: String,
    secret_block: String,
}

fn login(ch: &Challenge) -> (String, VerificationParameters) {
    let client = SrpClient::new(
        User::new(&ch.pool_id, &ch.user, &ch.password),
        "bench-client-id",
        None,
    );
    let UserAuthenticationParameters { a, .. } = client.get_auth_parameters();
    let answer = client
        .verify(&ch.secret_block, &ch.user, &ch.salt, &ch.srp_b)
        .expect("aws-cognito-srp refused the challenge");
    (a, answer)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 8 {
        eprintln!("usage: {USAGE}");
        std::process::exit(2);
    }
    let warmup = Duration::from_secs_f64(args[0].parse().expect("WARMUP_S"));
    let seconds = Duration::from_secs_f64(args[1].parse().expect("SECONDS"));
    let ch = Challenge {
        pool_id: args[2].clone(),
        user: args[3].clone(),
        password: args[4].clone(),
        salt: args[5].clone(),
        srp_b: args[6].clone(),
        secret_block: args[7].clone(),
    };

    let warm = Instant::now();
    while warm.elapsed() < warmup {
        let _ = black_box(login(black_box(&ch)));
    }
    let mut laps = Vec::new();
    let start = Instant::now();
    let mut last = start;
    loop {
        let _ = black_box(login(black_box(&ch)));
        let now = Instant::now();
        laps.push(now - last);
        last = now;
        if now - start >= seconds {
            break;
        }
    }
    let total = (last - start).as_secs_f64();
    laps.sort();
    let n = laps.len();
    let median = if n % 2 == 1 {
        laps[n / 2].as_secs_f64()
    } else {
        (laps[n / 2 - 1] + laps[n / 2]).as_secs_f64() / 2.0
    };
    let (srp_a, answer) = login(&ch);
    println!(
        concat!(
            "{{\"name\": \"aws-cognito-srp\", \"iterations\": {}, \"seconds\": {}, \"mean_ms\": {}, ",
            "\"median_ms\": {}, \"sample\": {{\"srp_a\": \"{}\", \"timestamp\": \"{}\", \"signature\": \"{}\"}}}}"
        ),
        n,
        total,
        total / n as f64 * 1e3,
        median * 1e3,
        srp_a,
        answer.timestamp,
        answer.password_claim_signature
    );
}
