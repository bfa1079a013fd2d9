//! The Rust part of `docs/getting-started.md`: the snippet between the markers below is
//! the guide's, word for word (checked here), and it runs against the emulator seeded with
//! `crates/emulator/examples/seed.json`, as the guide's shell steps start it.

// getting-started: begin
use cognito_flow::{Client, Next, Password};

/// Signs `username` in to the example pool and returns the `email` claim of the ID token.
async fn sign_in(
    endpoint: &str,
    username: &str,
    password: &str,
) -> Result<Option<String>, Box<dyn std::error::Error>> {
    let client = Client::builder()
        .user_pool_id("us-east-1_Example01")
        .client_id("examplewebclient0000000001")
        .endpoint_url(endpoint) // leave this out to talk to Amazon Cognito itself
        .build()?;
    match client.sign_in(username, Password::new(password)).await? {
        Next::SignedIn(signed_in) => {
            let claims = signed_in.tokens().id_claims()?; // decoded, not verified
            Ok(claims.string("email").map(str::to_owned))
        }
        // MFA, a new password, …: one type per challenge (see docs/flows.md).
        other => Err(format!("Cognito asks for {:?}", other.challenge_name()).into()),
    }
}
// getting-started: end

#[test]
fn the_guide_snippet_signs_in_to_the_seeded_emulator() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../emulator/examples/seed.json"),
    )
    .expect("the example seed");
    let email = runtime.block_on(async {
        let emulator = cognito_flow_emulator::Emulator::builder()
            .start()
            .await
            .expect("the emulator starts");
        emulator.load_seed(&seed).expect("the seed applies");
        sign_in(emulator.endpoint(), "alice", "Passw0rd1")
            .await
            .map_err(|e| e.to_string())
    });
    assert_eq!(email, Ok(Some("alice@example.com".to_owned())));
}

#[test]
fn the_guide_shows_this_snippet() {
    let this = include_str!("getting_started.rs");
    let begin = "// getting-started: begin\n";
    let start = this.find(begin).expect("begin marker") + begin.len();
    let end = this.find("// getting-started: end").expect("end marker");
    let snippet = &this[start..end];
    let guide = include_str!("../../../docs/getting-started.md");
    assert!(
        guide.contains(&format!("```rust\n{snippet}```")),
        "docs/getting-started.md must show the snippet of crates/cli/tests/getting_started.rs verbatim"
    );
}
