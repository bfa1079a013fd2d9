//! `cognito-flow sign-in`: start a flow, then answer Cognito's challenges one by one — from
//! flags given in advance, or by asking the person at the terminal. Without a terminal, a
//! challenge with no answer fails at once (exit code 3) naming the flag that answers it.

use std::collections::{BTreeMap, VecDeque};
use std::io::{IsTerminal as _, Read as _};

use anyhow::Context as _;
use cognito_flow::{
    AdminClient, Client, CustomAnswer, CustomChallenge, DeviceSrpAuth, EmailOtp, ErrorKind,
    MfaCode, MfaFactor, MfaSetup, NewPassword, NewPasswordRequired, Next, Password,
    RememberedDevice, RespondError, SelectMfaType, SignedIn, SmsMfa, SoftwareTokenMfa, TotpCode,
};

use crate::args::{AnswerArgs, Factor, Flow, SignInArgs};
use crate::devices::{DeviceStore, copy_device};
use crate::exit::{Exit, fail};
use crate::output::print_tokens;
use crate::prompt::{self, say};
use crate::qr;
use crate::settings::{env, flag_or_env, read_secret_file, strip_newline, warn_secret_flag};

/// What `--flow user-auth` answers until the SDK has `USER_AUTH`.
const USER_AUTH_REFUSED: &str = "--flow user-auth (USER_AUTH: passwordless sign-in with e-mail or SMS codes, and passkeys) is not supported yet: the cognito-flow SDK has no USER_AUTH entry point nor SELECT_CHALLENGE and WEB_AUTHN states; use --flow srp (default), password, custom or custom-srp";

/// Answers given in advance with flags.
struct Answers {
    mfa_code: Option<String>,
    totp_code: Option<String>,
    mfa_choice: Option<Factor>,
    new_password: Option<Password>,
    attributes: BTreeMap<String, String>,
    custom: VecDeque<String>,
}

impl Answers {
    fn from_args(args: &AnswerArgs) -> anyhow::Result<Self> {
        let new_password = if let Some(password) = &args.new_password {
            warn_secret_flag(
                "--new-password",
                "--new-password-file or COGNITO_FLOW_NEW_PASSWORD",
            );
            Some(password.clone())
        } else if let Some(path) = &args.new_password_file {
            Some(read_secret_file(path, "new password")?)
        } else {
            env("COGNITO_FLOW_NEW_PASSWORD")
        };
        let mut attributes = BTreeMap::new();
        for pair in &args.attributes {
            let Some((name, value)) = pair.split_once('=').filter(|(n, _)| !n.is_empty()) else {
                return Err(fail(
                    Exit::Usage,
                    format!("--attribute expects NAME=VALUE, got `{pair}`"),
                ));
            };
            let name = name.strip_prefix("userAttributes.").unwrap_or(name);
            attributes.insert(name.to_owned(), value.to_owned());
        }
        Ok(Self {
            mfa_code: args.mfa_code.clone(),
            totp_code: args.totp_code.clone(),
            mfa_choice: args.mfa_choice,
            new_password: new_password.map(Password::new),
            attributes,
            custom: args.custom_answer.iter().cloned().collect(),
        })
    }
}

/// What a challenge needs, for the prompt and for the error without a terminal.
struct Need<'a> {
    challenge: &'a str,
    what: &'a str,
    flag: &'a str,
    prompt: &'a str,
}

/// The state of one sign-in's conversation.
struct Conversation<'a> {
    /// Whether the person at the terminal can be asked.
    interactive: bool,
    /// Why not, for the error message.
    why_not: &'static str,
    answers: Answers,
    device: Option<&'a RememberedDevice>,
    totp_issuer: &'a str,
}

/// `cognito-flow sign-in`.
pub(crate) async fn run(args: SignInArgs) -> anyhow::Result<()> {
    if args.flow == Flow::UserAuth {
        return Err(fail(Exit::Usage, USER_AUTH_REFUSED));
    }
    let stdin_is_terminal = std::io::stdin().is_terminal();
    let interactive = stdin_is_terminal && !args.no_input;
    let why_not = if args.no_input {
        "prompting is off (--no-input)"
    } else {
        "standard input is not a terminal to ask on"
    };
    let client = args.pool.client(None)?;
    let admin = if args.admin {
        Some(AdminClient::from_env(client.clone()).map_err(|e| {
            fail(
                Exit::Usage,
                format!(
                    "--admin needs AWS credentials in the environment ({e}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)"
                ),
            )
        })?)
    } else {
        None
    };
    let username = match flag_or_env(&args.username, "COGNITO_FLOW_USERNAME") {
        Some(username) => username,
        None if interactive => prompt::non_empty("Username: ")?,
        None => {
            return Err(fail(
                Exit::NeedsInput,
                format!("no username, and {why_not}: pass --username or set COGNITO_FLOW_USERNAME"),
            ));
        }
    };
    let answers = Answers::from_args(&args.answers)?;

    // The device remembered for this user, unless told not to use one.
    let user_pool_id = client.user_pool_id().to_owned();
    let mut store = if args.device.no_device {
        None
    } else {
        match DeviceStore::open() {
            Ok(store) => Some(store),
            Err(e) if !args.device.remember_device => {
                tracing::warn!("remembered devices unavailable: {e:#}");
                None
            }
            Err(e) => return Err(e),
        }
    };
    let device = store
        .as_ref()
        .and_then(|s| s.get(&user_pool_id, &username))
        .map(copy_device);
    if device.is_some() {
        tracing::info!("using the device remembered for this user");
    }

    let password = match args.flow {
        Flow::Custom => None,
        _ => Some(read_password(&args, &username, stdin_is_terminal, why_not)?),
    };
    let first = start(
        &client,
        admin.as_ref(),
        &username,
        args.flow,
        password,
        device.as_ref(),
    )
    .await
    .context("signing in")?;
    let mut conversation = Conversation {
        interactive,
        why_not,
        answers,
        device: device.as_ref(),
        totp_issuer: &args.answers.totp_issuer,
    };
    let signed_in = conversation.drive(first).await?;

    if let (Some(old), Some(_), Some(store)) = (&device, signed_in.new_device(), store.as_mut()) {
        // Cognito did not know the stored device any more (the SDK signed in without it).
        tracing::info!("the remembered device is unknown to Cognito: dropped from the store");
        store.remove(old.device_key());
        store.save()?;
    }
    if args.device.remember_device {
        remember(
            &signed_in,
            &args,
            &user_pool_id,
            &username,
            device.is_some(),
            store.as_mut(),
        )
        .await?;
    }
    print_tokens(signed_in.tokens(), &args.output)
}

/// The password: standard input with `--password-stdin`, else asked without echo.
fn read_password(
    args: &SignInArgs,
    username: &str,
    stdin_is_terminal: bool,
    why_not: &str,
) -> anyhow::Result<Password> {
    let password = if args.password_stdin && !stdin_is_terminal {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the password from standard input")?;
        strip_newline(text)
    } else if args.password_stdin || (stdin_is_terminal && !args.no_input) {
        prompt::secret(&format!("Password for {username}: "))?
    } else {
        return Err(fail(
            Exit::NeedsInput,
            format!("no password, and {why_not}: pipe it to standard input with --password-stdin"),
        ));
    };
    if password.is_empty() {
        return Err(fail(Exit::Usage, "the password is empty"));
    }
    Ok(Password::new(password))
}

/// Starts the flow through the public or the admin API.
async fn start(
    client: &Client,
    admin: Option<&AdminClient>,
    username: &str,
    flow: Flow,
    password: Option<Password>,
    device: Option<&RememberedDevice>,
) -> Result<Next, cognito_flow::Error> {
    let password = password.unwrap_or_else(|| Password::new(""));
    tracing::info!(?flow, admin = admin.is_some(), "starting the sign-in");
    match admin {
        Some(admin) => {
            let mut request = admin.sign_in_request(username);
            if let Some(device) = device {
                request = request.device(device);
            }
            match flow {
                Flow::Password => request.admin_password(password).await,
                Flow::Custom => request.custom().await,
                Flow::CustomSrp => Ok(request.custom_with_srp().await?.respond(password).await?),
                Flow::Srp | Flow::UserAuth => request.sign_in(password).await,
            }
        }
        None => {
            let mut request = client.sign_in_request(username);
            if let Some(device) = device {
                request = request.device(device);
            }
            match flow {
                Flow::Password => request.password(password).await,
                Flow::Custom => request.custom().await,
                Flow::CustomSrp => Ok(request.custom_with_srp().await?.respond(password).await?),
                Flow::Srp | Flow::UserAuth => request.sign_in(password).await,
            }
        }
    }
}

/// Confirms and remembers the device, and stores it.
async fn remember(
    signed_in: &SignedIn,
    args: &SignInArgs,
    user_pool_id: &str,
    username: &str,
    had_device: bool,
    store: Option<&mut DeviceStore>,
) -> anyhow::Result<()> {
    let Some(store) = store else {
        return Ok(());
    };
    tracing::info!("ConfirmDevice");
    match signed_in
        .remember_device(Some(&args.device.device_name))
        .await
        .context("remembering the device")?
    {
        Some(device) => {
            let mut names = vec![username];
            if signed_in.username() != username {
                names.push(signed_in.username());
            }
            store.put(user_pool_id, &names, &device);
            store.save()?;
            tracing::info!(path = %store.path().display(), "device stored");
            say(&format!(
                "cognito-flow: this device is remembered for {username}; later sign-ins here use it"
            ));
        }
        None if had_device => {
            tracing::info!("the device was already remembered");
        }
        None => say(
            "cognito-flow: warning: nothing to remember: the pool does not track devices (no new device came with the sign-in)",
        ),
    }
    Ok(())
}

/// The flag name of a factor.
fn factor_name(factor: MfaFactor) -> &'static str {
    match factor {
        MfaFactor::Sms => "sms",
        MfaFactor::Totp => "totp",
        MfaFactor::Email => "email",
        _ => "other",
    }
}

/// The SDK's factor of a flag value.
fn factor_of(factor: Factor) -> MfaFactor {
    match factor {
        Factor::Sms => MfaFactor::Sms,
        Factor::Totp => MfaFactor::Totp,
        Factor::Email => MfaFactor::Email,
    }
}

impl Conversation<'_> {
    /// Answers challenges until signed in.
    async fn drive(&mut self, mut next: Next) -> anyhow::Result<SignedIn> {
        loop {
            if let Some(challenge) = next.challenge_name() {
                tracing::info!(challenge, "Cognito asks");
            }
            next = match next {
                Next::SignedIn(signed_in) => {
                    tracing::info!("signed in");
                    return Ok(signed_in);
                }
                Next::SmsMfa(step) => self.sms_mfa(step).await?,
                Next::EmailOtp(step) => self.email_otp(step).await?,
                Next::SoftwareTokenMfa(step) => self.software_token_mfa(step).await?,
                Next::NewPasswordRequired(step) => self.new_password_required(step).await?,
                Next::SelectMfaType(step) => self.select_mfa_type(step).await?,
                Next::MfaSetup(step) => self.mfa_setup(step).await?,
                Next::CustomChallenge(step) => self.custom_challenge(step).await?,
                Next::DeviceSrpAuth(step) => self.device_srp_auth(step).await?,
                Next::ConfirmSignUp(_) => {
                    return Err(fail(
                        Exit::Refused,
                        "the user has not confirmed the sign-up (UserNotConfirmedException): confirm it with the code Cognito sent (ConfirmSignUp), then sign in again",
                    ));
                }
                Next::ResetPassword(_) => {
                    return Err(fail(
                        Exit::Refused,
                        "Cognito requires a password reset for this user (PasswordResetRequiredException): reset it (ForgotPassword, ConfirmForgotPassword), then sign in again",
                    ));
                }
                Next::Unknown(step) => {
                    return Err(fail(
                        Exit::Refused,
                        format!(
                            "{}: cognito-flow cannot answer this challenge yet",
                            step.challenge_name()
                        ),
                    ));
                }
                other => {
                    return Err(fail(
                        Exit::Refused,
                        format!(
                            "{}: cognito-flow cannot answer this challenge yet",
                            other.challenge_name().unwrap_or("an unknown step")
                        ),
                    ));
                }
            };
        }
    }

    /// The error for a challenge that needs an answer nobody can give.
    fn needs_input(&self, need: &Need<'_>) -> anyhow::Error {
        fail(
            Exit::NeedsInput,
            format!(
                "{}: Cognito asks for {}, and {}: pass {}",
                need.challenge, need.what, self.why_not, need.flag
            ),
        )
    }

    /// The answer given by a flag (first attempt only), or asked on the terminal.
    fn ask(&self, given: Option<String>, need: &Need<'_>) -> anyhow::Result<String> {
        if let Some(answer) = given {
            tracing::debug!(
                challenge = need.challenge,
                flag = need.flag,
                "answer given by flag"
            );
            return Ok(answer);
        }
        if !self.interactive {
            return Err(self.needs_input(need));
        }
        prompt::non_empty(need.prompt)
    }

    /// After a refused answer: the state again (to ask once more) on a terminal, else the
    /// error.
    fn again<S>(&self, error: RespondError<S>, challenge: &str) -> anyhow::Result<S> {
        let (error, state) = error.into_parts();
        tracing::info!(challenge, kind = ?error.kind(), "answer refused");
        match state {
            Some(state) if self.interactive => {
                let why = match error.kind() {
                    ErrorKind::CodeMismatch => "wrong code".to_owned(),
                    ErrorKind::ExpiredCode => {
                        "the code expired or was already used; wait for the next one".to_owned()
                    }
                    _ => error.to_string(),
                };
                say(&format!("cognito-flow: {challenge}: {why}; try again"));
                Ok(state)
            }
            _ => Err(anyhow::Error::new(error).context(format!("{challenge}: answer refused"))),
        }
    }

    async fn sms_mfa(&mut self, mut step: SmsMfa) -> anyhow::Result<Next> {
        if self.interactive {
            let delivery = step.delivery();
            let to = delivery
                .destination
                .as_deref()
                .unwrap_or("the user's phone");
            say(&format!("Cognito sent a code by SMS to {to}."));
        }
        let need = Need {
            challenge: "SMS_MFA",
            what: "the code sent by SMS",
            flag: "--mfa-code CODE",
            prompt: "SMS code: ",
        };
        loop {
            let given = self.answers.mfa_code.take();
            let code = self.ask(given, &need)?;
            match step.respond(MfaCode::new(code)).await {
                Ok(next) => return Ok(next),
                Err(e) => step = self.again(e, need.challenge)?,
            }
        }
    }

    async fn email_otp(&mut self, mut step: EmailOtp) -> anyhow::Result<Next> {
        if self.interactive {
            let delivery = step.delivery();
            let to = delivery
                .destination
                .as_deref()
                .unwrap_or("the user's address");
            say(&format!("Cognito sent a code by e-mail to {to}."));
        }
        let need = Need {
            challenge: "EMAIL_OTP",
            what: "the code sent by e-mail",
            flag: "--mfa-code CODE",
            prompt: "E-mail code: ",
        };
        loop {
            let given = self.answers.mfa_code.take();
            let code = self.ask(given, &need)?;
            match step.respond(MfaCode::new(code)).await {
                Ok(next) => return Ok(next),
                Err(e) => step = self.again(e, need.challenge)?,
            }
        }
    }

    async fn software_token_mfa(&mut self, mut step: SoftwareTokenMfa) -> anyhow::Result<Next> {
        let need = Need {
            challenge: "SOFTWARE_TOKEN_MFA",
            what: "the code of the user's authenticator app",
            flag: "--totp-code CODE",
            prompt: "Authenticator code: ",
        };
        loop {
            let given = self.answers.totp_code.take();
            let code = self.ask(given, &need)?;
            match step.respond(TotpCode::new(code)).await {
                Ok(next) => return Ok(next),
                Err(e) => step = self.again(e, need.challenge)?,
            }
        }
    }

    async fn new_password_required(
        &mut self,
        mut step: NewPasswordRequired,
    ) -> anyhow::Result<Next> {
        const CHALLENGE: &str = "NEW_PASSWORD_REQUIRED";
        if self.interactive {
            say("Cognito asks for a new password (this one was temporary).");
        }
        loop {
            let password = match self.answers.new_password.take() {
                Some(password) => password,
                None if self.interactive => Password::new(prompt::new_password("New password: ")?),
                None => {
                    return Err(self.needs_input(&Need {
                        challenge: CHALLENGE,
                        what: "a new password",
                        flag: "--new-password-file FILE (or set COGNITO_FLOW_NEW_PASSWORD)",
                        prompt: "",
                    }));
                }
            };
            let mut answer = NewPassword::new(password);
            let required = step.required_attributes().to_vec();
            for name in &required {
                let value = match self.answers.attributes.get(name) {
                    Some(value) => value.clone(),
                    None if self.interactive => {
                        let value = prompt::non_empty(&format!("{name}: "))?;
                        self.answers.attributes.insert(name.clone(), value.clone());
                        value
                    }
                    None => {
                        let what = format!("a value for the required attribute {name}");
                        let flag = format!("--attribute {name}=VALUE");
                        return Err(self.needs_input(&Need {
                            challenge: CHALLENGE,
                            what: &what,
                            flag: &flag,
                            prompt: "",
                        }));
                    }
                };
                answer = answer.attribute(name.as_str(), value);
            }
            for (name, value) in &self.answers.attributes {
                if !required.contains(name) {
                    answer = answer.attribute(name.as_str(), value.as_str());
                }
            }
            tracing::info!(
                challenge = CHALLENGE,
                attributes = required.len(),
                "answering"
            );
            match step.respond(answer).await {
                Ok(next) => return Ok(next),
                Err(e) => step = self.again(e, CHALLENGE)?,
            }
        }
    }

    async fn select_mfa_type(&mut self, step: SelectMfaType) -> anyhow::Result<Next> {
        const CHALLENGE: &str = "SELECT_MFA_TYPE";
        let offered: Vec<&str> = step
            .choices()
            .iter()
            .map(|c| factor_name(c.factor()))
            .collect();
        let offered = offered.join(", ");
        let choice = match self.answers.mfa_choice.take() {
            Some(factor) => step.choose(factor_of(factor)).ok_or_else(|| {
                fail(
                    Exit::Usage,
                    format!(
                        "{CHALLENGE}: --mfa-choice {} was not offered; Cognito offers: {offered}",
                        factor_name(factor_of(factor))
                    ),
                )
            })?,
            None if self.interactive => {
                let options: Vec<(&str, &str)> = step
                    .choices()
                    .iter()
                    .map(|c| {
                        let description = match c.factor() {
                            MfaFactor::Sms => "a code by text message",
                            MfaFactor::Totp => "a code from the authenticator app",
                            MfaFactor::Email => "a code by e-mail",
                            _ => "another factor",
                        };
                        (factor_name(c.factor()), description)
                    })
                    .collect();
                let i = prompt::choose("Cognito asks which second factor to use:", &options)?;
                step.choices()[i]
            }
            None => {
                let what = format!("a choice of second factor (offered: {offered})");
                return Err(self.needs_input(&Need {
                    challenge: CHALLENGE,
                    what: &what,
                    flag: "--mfa-choice sms|totp|email",
                    prompt: "",
                }));
            }
        };
        tracing::info!(
            challenge = CHALLENGE,
            factor = factor_name(choice.factor()),
            "answering"
        );
        let mut step = step;
        loop {
            match step.respond(choice).await {
                Ok(next) => return Ok(next),
                Err(e) => step = self.again(e, CHALLENGE)?,
            }
        }
    }

    async fn mfa_setup(&mut self, step: MfaSetup) -> anyhow::Result<Next> {
        const CHALLENGE: &str = "MFA_SETUP";
        if !self.interactive {
            return Err(fail(
                Exit::NeedsInput,
                format!(
                    "{CHALLENGE}: Cognito asks the user to set up a second factor (an authenticator app or e-mail codes), and {}: no flag can answer it; run `cognito-flow sign-in` in a terminal once",
                    self.why_not
                ),
            ));
        }
        let can_totp = step.can_set_up().contains(&MfaFactor::Totp);
        let can_email = step.can_set_up().contains(&MfaFactor::Email);
        let use_totp = match (can_totp, can_email, self.answers.mfa_choice.take()) {
            (true, false, _) | (true, true, Some(Factor::Totp)) => true,
            (false, true, _) | (true, true, Some(Factor::Email)) => false,
            (true, true, _) => {
                prompt::choose(
                    "Cognito asks you to set up a second factor:",
                    &[
                        ("totp", "an authenticator app"),
                        ("email", "codes by e-mail"),
                    ],
                )? == 0
            }
            (false, false, _) => {
                return Err(fail(
                    Exit::Refused,
                    format!(
                        "{CHALLENGE}: the pool requires MFA but offers no factor that can be set up here (SMS needs an administrator to add a phone number)"
                    ),
                ));
            }
        };
        if use_totp {
            self.set_up_totp(step).await
        } else {
            let mut step = step;
            loop {
                let address = prompt::non_empty("E-mail address for sign-in codes: ")?;
                match step.set_up_email(address).await {
                    Ok(next) => return Ok(next),
                    Err(e) => step = self.again(e, CHALLENGE)?,
                }
            }
        }
    }

    async fn set_up_totp(&mut self, step: MfaSetup) -> anyhow::Result<Next> {
        const CHALLENGE: &str = "MFA_SETUP";
        tracing::info!(challenge = CHALLENGE, "AssociateSoftwareToken");
        let mut setup = step
            .associate_totp()
            .await
            .map_err(RespondError::into_error)
            .context("MFA_SETUP: creating the authenticator secret")?;
        let uri = setup.otpauth_uri(self.totp_issuer, setup.username());
        say("Set up your authenticator app: scan this QR code, or type the secret by hand.");
        if let Some(code) = qr::render(uri.expose_secret()) {
            say(&code);
        }
        say(&format!("Secret: {}", setup.secret().expose_secret()));
        loop {
            let code = prompt::non_empty("Code shown by the app: ")?;
            tracing::info!(challenge = CHALLENGE, "VerifySoftwareToken");
            match setup
                .verify(TotpCode::new(code), Some("cognito-flow"))
                .await
            {
                Ok(next) => return Ok(next),
                Err(e) => setup = self.again(e, CHALLENGE)?,
            }
        }
    }

    async fn custom_challenge(&mut self, mut step: CustomChallenge) -> anyhow::Result<Next> {
        const CHALLENGE: &str = "CUSTOM_CHALLENGE";
        let parameters: BTreeMap<String, String> = step
            .parameters()
            .iter()
            .filter(|(k, _)| k.as_str() != "USERNAME")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        tracing::info!(
            challenge = CHALLENGE,
            parameters = ?parameters.keys().collect::<Vec<_>>(),
            "challenge parameters"
        );
        loop {
            let answer = match self.answers.custom.pop_front() {
                Some(answer) => answer,
                None if self.interactive => {
                    say("Cognito's custom challenge:");
                    for (name, value) in &parameters {
                        say(&format!("  {name}: {value}"));
                    }
                    prompt::line("Answer: ")?
                }
                None => {
                    return Err(self.needs_input(&Need {
                        challenge: CHALLENGE,
                        what: "an answer to the pool's custom challenge",
                        flag: "--custom-answer ANSWER (once per challenge, in order)",
                        prompt: "",
                    }));
                }
            };
            match step.respond(CustomAnswer::new(answer)).await {
                Ok(next) => return Ok(next),
                Err(e) => step = self.again(e, CHALLENGE)?,
            }
        }
    }

    async fn device_srp_auth(&mut self, step: DeviceSrpAuth) -> anyhow::Result<Next> {
        let device = self.device.ok_or_else(|| {
            fail(
                Exit::Refused,
                "DEVICE_SRP_AUTH: Cognito asks for a remembered device, but none is stored for this user",
            )
        })?;
        let verifier = step
            .respond(device)
            .await
            .map_err(RespondError::into_error)
            .context("DEVICE_SRP_AUTH")?;
        verifier
            .respond(device)
            .await
            .map_err(RespondError::into_error)
            .context("DEVICE_PASSWORD_VERIFIER")
    }
}
