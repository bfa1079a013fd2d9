//! The sign-in matrix: every entry point × every challenge, public and admin, with and without
//! a client secret.
//!
//! | dimension | values |
//! |---|---|
//! | API | [`Client`] (`InitiateAuth` / `RespondToAuthChallenge`), [`AdminClient`] (`AdminInitiateAuth` / `AdminRespondToAuthChallenge`, SigV4) |
//! | app client | no secret, a client secret (`SECRET_HASH` everywhere) |
//! | entry point | `USER_SRP_AUTH` (`sign_in`), the password flow (`USER_PASSWORD_AUTH` public, `ADMIN_USER_PASSWORD_AUTH` admin) |
//! | challenge | none, `NEW_PASSWORD_REQUIRED`, `MFA_SETUP` (TOTP), `SOFTWARE_TOKEN_MFA`, `SMS_MFA`, `EMAIL_OTP`, `SELECT_MFA_TYPE` |
//!
//! 2 × 2 × 2 × 7 = 56 sign-ins, one test function per API × secret (one emulator each, one
//! user per case). Each sign-in goes to the end, then refreshes the tokens through the same
//! API. Every request crosses a recording proxy, which checks per case that:
//!
//! * the operations are exactly the expected ones, in order: the admin API for the admin
//!   client (`AssociateSoftwareToken`/`VerifySoftwareToken` of `MFA_SETUP` have no admin
//!   twin), the public API otherwise, answering the expected challenges;
//! * admin requests carry a SigV4 `Authorization` header and public ones do not (the emulator
//!   verifies the signatures with the test's credentials, so a signed request that succeeds
//!   was signed right);
//! * with a secret, every `InitiateAuth`/`RespondToAuthChallenge` (and admin twin) carries a
//!   `SECRET_HASH` (the emulator checks its value), and without one none does;
//! * the tokens name the user (`cognito:username`).
//!
//! No sleeps: the emulator runs on a manual clock, and each TOTP code is used once.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, UNIX_EPOCH};

use cognito_flow::{
    AdminClient, AwsCredentials, AwsSecretAccessKey, Client, ClientSecret, MfaCode, MfaFactor,
    NewPassword, Next, Password, Tokens, TotpCode,
};
use cognito_flow_emulator::{
    ClientSpec, Clock, Emulator, EmulatorConfig, MfaFactor as SeedFactor, PoolMfa, PoolSpec,
    RunningEmulator, UserSpec,
};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PASSWORD: &str = "Corr3ct-horse!";
const TEMPORARY: &str = "Temp-pass1!";
const NEW_PASSWORD: &str = "N3w-horse-staple!";
const ACCESS_KEY_ID: &str = "AKIDMATRIX";
const SECRET_ACCESS_KEY: &str = "matrix/secret/access/key/EXAMPLEKEY";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Api {
    Public,
    Admin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    /// `USER_SRP_AUTH` through `sign_in`.
    Srp,
    /// `USER_PASSWORD_AUTH` (public) or `ADMIN_USER_PASSWORD_AUTH` (admin).
    Password,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Challenge {
    None,
    NewPasswordRequired,
    MfaSetup,
    SoftwareTokenMfa,
    SmsMfa,
    EmailOtp,
    SelectMfaType,
}

const ENTRIES: [Entry; 2] = [Entry::Srp, Entry::Password];
const CHALLENGES: [Challenge; 7] = [
    Challenge::None,
    Challenge::NewPasswordRequired,
    Challenge::MfaSetup,
    Challenge::SoftwareTokenMfa,
    Challenge::SmsMfa,
    Challenge::EmailOtp,
    Challenge::SelectMfaType,
];

#[tokio::test]
async fn public_client_without_secret() {
    run(Api::Public, false).await;
}

#[tokio::test]
async fn public_client_with_secret() {
    run(Api::Public, true).await;
}

#[tokio::test]
async fn admin_client_without_secret() {
    run(Api::Admin, false).await;
}

#[tokio::test]
async fn admin_client_with_secret() {
    run(Api::Admin, true).await;
}

/// Runs the 14 cases of one API × secret combination; fails with every failing case listed.
async fn run(api: Api, secret: bool) {
    let world = Matrix::start(secret).await;
    let mut failures = Vec::new();
    let mut passed = 0;
    for (i, entry) in ENTRIES.into_iter().enumerate() {
        for (j, challenge) in CHALLENGES.into_iter().enumerate() {
            let case = Case {
                api,
                secret,
                entry,
                challenge,
                index: i * CHALLENGES.len() + j,
            };
            match world.run(&case).await {
                Ok(()) => passed += 1,
                Err(e) => failures.push(format!("{case}: {e}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        failures.len() + passed,
        failures.join("\n")
    );
}

struct Case {
    api: Api,
    secret: bool,
    entry: Entry,
    challenge: Challenge,
    index: usize,
}

impl std::fmt::Display for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?}/{}/{:?}/{:?}",
            self.api,
            if self.secret { "secret" } else { "no secret" },
            self.entry,
            self.challenge
        )
    }
}

impl Case {
    /// A username of its own: `admin-s-srp-sms` …
    fn username(&self) -> String {
        let api = match self.api {
            Api::Public => "public",
            Api::Admin => "admin",
        };
        let entry = match self.entry {
            Entry::Srp => "srp",
            Entry::Password => "password",
        };
        let challenge = match self.challenge {
            Challenge::None => "none",
            Challenge::NewPasswordRequired => "newpw",
            Challenge::MfaSetup => "setup",
            Challenge::SoftwareTokenMfa => "totp",
            Challenge::SmsMfa => "sms",
            Challenge::EmailOtp => "email",
            Challenge::SelectMfaType => "select",
        };
        let secret = if self.secret { "s" } else { "n" };
        format!("{api}-{secret}-{entry}-{challenge}")
    }

    /// The factor chosen at `SELECT_MFA_TYPE`: rotates over the three so that each is chosen
    /// in some cases.
    fn selected(&self) -> MfaFactor {
        [MfaFactor::Sms, MfaFactor::Totp, MfaFactor::Email][self.index % 3]
    }

    /// The challenges answered, in order, as `ChallengeName`s of the respond requests.
    fn expected_answers(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.entry == Entry::Srp {
            out.push("PASSWORD_VERIFIER");
        }
        match self.challenge {
            Challenge::None => {}
            Challenge::NewPasswordRequired => out.push("NEW_PASSWORD_REQUIRED"),
            Challenge::MfaSetup => out.push("MFA_SETUP"),
            Challenge::SoftwareTokenMfa => out.push("SOFTWARE_TOKEN_MFA"),
            Challenge::SmsMfa => out.push("SMS_MFA"),
            Challenge::EmailOtp => out.push("EMAIL_OTP"),
            Challenge::SelectMfaType => {
                out.push("SELECT_MFA_TYPE");
                out.push(self.selected().as_str());
            }
        }
        out
    }

    /// The operations of the whole case, in order: the sign-in, then the refresh.
    fn expected_operations(&self) -> Vec<&'static str> {
        let (initiate, respond) = match self.api {
            Api::Public => ("InitiateAuth", "RespondToAuthChallenge"),
            Api::Admin => ("AdminInitiateAuth", "AdminRespondToAuthChallenge"),
        };
        let mut out = vec![initiate];
        for answer in self.expected_answers() {
            if answer == "MFA_SETUP" {
                out.push("AssociateSoftwareToken");
                out.push("VerifySoftwareToken");
            }
            out.push(respond);
        }
        out.push(initiate); // REFRESH_TOKEN_AUTH
        out
    }
}

/// One emulator (signatures verified against the test's credentials), with two pools:
/// MFA optional (TOTP, SMS, e-mail) and MFA required (TOTP), each with the app client of this
/// run (with or without a secret), and a recording proxy in front.
struct Matrix {
    emulator: RunningEmulator,
    clock: Clock,
    optional: Pool,
    required: Pool,
    proxy: Proxy,
}

struct Pool {
    id: String,
    client_id: String,
    secret: Option<String>,
}

impl Matrix {
    async fn start(secret: bool) -> Matrix {
        let now = std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let clock = Clock::manual(now);
        let mut config = EmulatorConfig::default();
        config.credentials = vec![(ACCESS_KEY_ID.to_owned(), SECRET_ACCESS_KEY.to_owned())];
        let emulator = Emulator::builder()
            .config(config)
            .clock(clock.clone())
            .start()
            .await
            .unwrap();
        let client = || {
            let spec = ClientSpec::new("app").explicit_auth_flows([
                "ALLOW_USER_SRP_AUTH",
                "ALLOW_USER_PASSWORD_AUTH",
                "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                "ALLOW_REFRESH_TOKEN_AUTH",
            ]);
            if secret { spec.generate_secret() } else { spec }
        };
        let pool = |spec: PoolSpec| {
            let created = emulator.create_pool(spec.client(client())).unwrap();
            Pool {
                id: created.id.clone(),
                client_id: created.clients[0].id.clone(),
                secret: created.clients[0].secret().map(str::to_owned),
            }
        };
        let optional = pool(PoolSpec::new("optional").mfa(
            PoolMfa::Optional,
            [
                SeedFactor::SoftwareToken,
                SeedFactor::Sms,
                SeedFactor::Email,
            ],
        ));
        let required =
            pool(PoolSpec::new("required").mfa(PoolMfa::On, [SeedFactor::SoftwareToken]));
        let proxy = Proxy::start(emulator.endpoint()).await;
        Matrix {
            emulator,
            clock,
            optional,
            required,
            proxy,
        }
    }

    fn pool(&self, case: &Case) -> &Pool {
        match case.challenge {
            Challenge::MfaSetup => &self.required,
            _ => &self.optional,
        }
    }

    /// Creates the case's user in the state its challenge needs.
    fn create_user(&self, case: &Case) -> String {
        let username = case.username();
        let phone = format!("+1555555{:04}", case.index);
        let email = format!("{username}@example.com");
        let user = UserSpec::new(&username).password(PASSWORD);
        let user = match case.challenge {
            Challenge::None | Challenge::MfaSetup => user,
            Challenge::NewPasswordRequired => {
                UserSpec::new(&username).temporary_password(TEMPORARY)
            }
            Challenge::SoftwareTokenMfa => user.preferred_mfa(SeedFactor::SoftwareToken),
            Challenge::SmsMfa => user
                .attribute("phone_number", &phone)
                .phone_number_verified()
                .preferred_mfa(SeedFactor::Sms),
            Challenge::EmailOtp => user
                .attribute("email", &email)
                .email_verified()
                .preferred_mfa(SeedFactor::Email),
            Challenge::SelectMfaType => user
                .attribute("phone_number", &phone)
                .phone_number_verified()
                .attribute("email", &email)
                .email_verified()
                .mfa(SeedFactor::Sms)
                .mfa(SeedFactor::Email)
                .totp(None),
        };
        self.emulator
            .create_user(&self.pool(case).id, user)
            .unwrap()
            .username
    }

    /// A client of the case's pool, through the proxy, on the emulator's clock.
    fn client(&self, case: &Case) -> Client {
        let pool = self.pool(case);
        let clock = self.clock.clone();
        let mut builder = Client::builder()
            .user_pool_id(&pool.id)
            .client_id(&pool.client_id)
            .endpoint_url(&self.proxy.endpoint)
            .time_source(move || UNIX_EPOCH + Duration::from_millis(clock.now_millis() as u64));
        if let Some(secret) = &pool.secret {
            builder = builder.client_secret(ClientSecret::new(secret));
        }
        builder.build().unwrap()
    }

    async fn run(&self, case: &Case) -> Result<(), String> {
        let username = self.create_user(case);
        let client = self.client(case);
        let admin = AdminClient::new(
            client.clone(),
            AwsCredentials::new(ACCESS_KEY_ID, AwsSecretAccessKey::new(SECRET_ACCESS_KEY)),
        );
        let password = match case.challenge {
            Challenge::NewPasswordRequired => TEMPORARY,
            _ => PASSWORD,
        };
        self.proxy.clear();

        let first = match (case.api, case.entry) {
            (Api::Public, Entry::Srp) => client.sign_in(&username, Password::new(password)).await,
            (Api::Public, Entry::Password) => {
                client
                    .initiate_password_auth(&username, Password::new(password))
                    .await
            }
            (Api::Admin, Entry::Srp) => admin.sign_in(&username, Password::new(password)).await,
            (Api::Admin, Entry::Password) => {
                admin
                    .admin_password_auth(&username, Password::new(password))
                    .await
            }
        }
        .map_err(|e| format!("the sign-in failed: {e:?}"))?;
        let tokens = self.finish(case, &username, first).await?;

        let claims = tokens.id_claims().map_err(|e| format!("ID token: {e:?}"))?;
        if claims.string("cognito:username") != Some(username.as_str()) {
            return Err(format!(
                "cognito:username is {:?}",
                claims.string("cognito:username")
            ));
        }
        let fresh = match case.api {
            Api::Public => client.refresh(&tokens, None).await,
            Api::Admin => admin.refresh(&tokens, None).await,
        }
        .map_err(|e| format!("the refresh failed: {e:?}"))?;
        if fresh.username().ok().as_deref() != Some(username.as_str()) {
            return Err("the refreshed tokens name another user".to_owned());
        }
        self.check_wire(case)
    }

    /// Answers challenges until signed in; the expected challenge must come first.
    async fn finish(&self, case: &Case, username: &str, first: Next) -> Result<Tokens, String> {
        let pool_id = &self.pool(case).id;
        let expected = match case.challenge {
            Challenge::None => None,
            Challenge::NewPasswordRequired => Some("NEW_PASSWORD_REQUIRED"),
            Challenge::MfaSetup => Some("MFA_SETUP"),
            Challenge::SoftwareTokenMfa => Some("SOFTWARE_TOKEN_MFA"),
            Challenge::SmsMfa => Some("SMS_MFA"),
            Challenge::EmailOtp => Some("EMAIL_OTP"),
            Challenge::SelectMfaType => Some("SELECT_MFA_TYPE"),
        };
        if first.challenge_name() != expected {
            return Err(format!(
                "expected {expected:?} first, got {:?}",
                first.challenge_name()
            ));
        }
        let fail = |what: &str, e: &dyn std::fmt::Debug| format!("{what}: {e:?}");
        let mut next = first;
        // At most: SELECT_MFA_TYPE, then the chosen factor.
        for _ in 0..3 {
            next = match next {
                Next::SignedIn(signed_in) => {
                    if signed_in.username() != username {
                        return Err(format!("signed in as {}", signed_in.username()));
                    }
                    return Ok(signed_in.into_tokens());
                }
                Next::NewPasswordRequired(step) => step
                    .respond(NewPassword::new(Password::new(NEW_PASSWORD)))
                    .await
                    .map_err(|e| fail("NEW_PASSWORD_REQUIRED", &e))?,
                Next::MfaSetup(step) => {
                    if !step.can_set_up().contains(&MfaFactor::Totp) {
                        return Err(format!("MFA_SETUP offers {:?}", step.can_set_up()));
                    }
                    let setup = step
                        .associate_totp()
                        .await
                        .map_err(|e| fail("AssociateSoftwareToken", &e))?;
                    let code = self
                        .emulator
                        .totp_code_for_secret(setup.secret().expose_secret())
                        .ok_or("no code for the new secret")?;
                    setup
                        .verify(TotpCode::new(code), Some("matrix"))
                        .await
                        .map_err(|e| fail("MFA_SETUP", &e))?
                }
                Next::SoftwareTokenMfa(step) => {
                    let code = self
                        .emulator
                        .totp_code(pool_id, username)
                        .ok_or("no authenticator")?;
                    step.respond(TotpCode::new(code))
                        .await
                        .map_err(|e| fail("SOFTWARE_TOKEN_MFA", &e))?
                }
                Next::SmsMfa(step) => {
                    let code = self.emulator.last_code(username).ok_or("no SMS sent")?;
                    step.respond(MfaCode::new(code))
                        .await
                        .map_err(|e| fail("SMS_MFA", &e))?
                }
                Next::EmailOtp(step) => {
                    let code = self.emulator.last_code(username).ok_or("no e-mail sent")?;
                    step.respond(MfaCode::new(code))
                        .await
                        .map_err(|e| fail("EMAIL_OTP", &e))?
                }
                Next::SelectMfaType(step) => {
                    let offered: Vec<MfaFactor> =
                        step.choices().iter().map(|c| c.factor()).collect();
                    if offered != [MfaFactor::Sms, MfaFactor::Totp, MfaFactor::Email] {
                        return Err(format!("SELECT_MFA_TYPE offers {offered:?}"));
                    }
                    let choice = step.choose(case.selected()).ok_or("not offered")?;
                    step.respond(choice)
                        .await
                        .map_err(|e| fail("SELECT_MFA_TYPE", &e))?
                }
                other => return Err(format!("unexpected step {:?}", other.challenge_name())),
            };
        }
        Err("too many challenges".to_owned())
    }

    /// What crossed the proxy during the case.
    fn check_wire(&self, case: &Case) -> Result<(), String> {
        let calls = self.proxy.take();
        let operations: Vec<&str> = calls.iter().map(|c| c.operation.as_str()).collect();
        if operations != case.expected_operations() {
            return Err(format!(
                "operations {operations:?}, expected {:?}",
                case.expected_operations()
            ));
        }
        let answers: Vec<&str> = calls
            .iter()
            .filter(|c| c.operation.ends_with("RespondToAuthChallenge"))
            .map(|c| c.body["ChallengeName"].as_str().unwrap_or("?"))
            .collect();
        if answers != case.expected_answers() {
            return Err(format!(
                "answered {answers:?}, expected {:?}",
                case.expected_answers()
            ));
        }
        for call in &calls {
            let admin_op = call.operation.starts_with("Admin");
            if call.signed != admin_op {
                return Err(format!(
                    "{} {} an Authorization header",
                    call.operation,
                    if call.signed { "has" } else { "lacks" }
                ));
            }
            let parameters = if call.operation.ends_with("InitiateAuth") {
                &call.body["AuthParameters"]
            } else if call.operation.ends_with("RespondToAuthChallenge") {
                &call.body["ChallengeResponses"]
            } else {
                continue;
            };
            let hashed = parameters.get("SECRET_HASH").is_some();
            if hashed != case.secret {
                return Err(format!(
                    "{} {} SECRET_HASH",
                    call.operation,
                    if hashed { "sends" } else { "lacks" }
                ));
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// The recording proxy.

/// One request that crossed the proxy.
struct Call {
    /// From `X-Amz-Target: AWSCognitoIdentityProviderService.<operation>`.
    operation: String,
    /// Whether it had an `Authorization` header.
    signed: bool,
    body: Value,
}

/// Forwards HTTP/1.1 connections to the emulator, recording each request (keep-alive
/// connections carry several, framed by `Content-Length`). Responses are copied as they are.
struct Proxy {
    endpoint: String,
    calls: Arc<Mutex<Vec<Call>>>,
}

impl Proxy {
    async fn start(upstream: &str) -> Proxy {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let calls: Arc<Mutex<Vec<Call>>> = Arc::default();
        let record = Arc::clone(&calls);
        tokio::spawn(async move {
            while let Ok((down, _)) = listener.accept().await {
                let Ok(up) = TcpStream::connect(&upstream).await else {
                    continue;
                };
                let (mut down_read, mut down_write) = down.into_split();
                let (mut up_read, mut up_write) = up.into_split();
                tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut up_read, &mut down_write).await;
                    let _ = down_write.shutdown().await;
                });
                let record = Arc::clone(&record);
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = vec![0; 16 * 1024];
                    loop {
                        while let Some(len) = request_len(&buf) {
                            let request: Vec<u8> = buf.drain(..len).collect();
                            let call = parse(&request);
                            record
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .push(call);
                            if up_write.write_all(&request).await.is_err() {
                                return;
                            }
                        }
                        match down_read.read(&mut chunk).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let _ = up_write.shutdown().await;
                });
            }
        });
        Proxy { endpoint, calls }
    }

    fn clear(&self) {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    fn take(&self) -> Vec<Call> {
        std::mem::take(&mut *self.calls.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// The length of the first complete request in `buf` (head and `Content-Length` body).
fn request_len(buf: &[u8]) -> Option<usize> {
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&buf[..head_end]);
    let body_len = header(&head, "content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    (buf.len() >= head_end + body_len).then_some(head_end + body_len)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then_some(v.trim())
    })
}

fn parse(request: &[u8]) -> Call {
    let head_end = request
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(request.len(), |p| p + 4);
    let head = String::from_utf8_lossy(&request[..head_end]);
    Call {
        operation: header(&head, "x-amz-target")
            .and_then(|t| t.rsplit('.').next())
            .unwrap_or("?")
            .to_owned(),
        signed: header(&head, "authorization").is_some(),
        body: serde_json::from_slice(&request[head_end..]).unwrap_or(Value::Null),
    }
}
