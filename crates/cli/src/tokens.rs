//! `refresh`, `sign-out` and `whoami`.

use anyhow::Context as _;
use cognito_flow::{AccessToken, RefreshToken, RememberedDevice};

use crate::args::{RefreshArgs, SignOutArgs, Which, WhoamiArgs};
use crate::devices::{DeviceStore, copy_device};
use crate::exit::{Exit, fail};
use crate::jwt::{TokenHint, TokenInput, decode_claims, missing_token};
use crate::output::{print_line, print_tokens};
use crate::prompt::say;
use crate::settings::flag_or_env;

/// `cognito-flow refresh`: `GetTokensFromRefreshToken`, which sends the app client's secret
/// itself (no `SECRET_HASH`, so no username is needed for it), and the device key when the
/// tokens were issued to a remembered device.
pub(crate) async fn refresh(args: RefreshArgs) -> anyhow::Result<()> {
    let flag = flag_or_env(&args.refresh_token, "COGNITO_FLOW_REFRESH_TOKEN");
    let input = if flag.is_some() {
        TokenInput::default()
    } else {
        TokenInput::from_stdin()?.unwrap_or_default()
    };
    let refresh_token = flag.or(input.refresh_token).or(input.raw).ok_or_else(|| {
        missing_token(
            "refresh token",
            "--refresh-token",
            "COGNITO_FLOW_REFRESH_TOKEN",
        )
    })?;
    let access =
        flag_or_env(&args.access_token, "COGNITO_FLOW_ACCESS_TOKEN").or(input.access_token);
    let hint = access.as_deref().map(TokenHint::of).unwrap_or_default();
    let client = args.pool.client(Some(&hint))?;

    // The device the tokens belong to: given, in the tokens, or remembered for the user.
    let username = flag_or_env(&args.username, "COGNITO_FLOW_USERNAME")
        .or(input.username)
        .or(hint.username.clone());
    let store = DeviceStore::open().ok();
    let device_key = args
        .device_key
        .or(input.device_key)
        .or(hint.device_key)
        .or_else(|| {
            let store = store.as_ref()?;
            let device = store.get(client.user_pool_id(), username.as_deref()?)?;
            Some(device.device_key().to_owned())
        });
    // Refreshing sends only the device's key: a device not stored here is represented by
    // its key alone.
    let device = device_key.map(|key| match store.as_ref().and_then(|s| s.by_key(&key)) {
        Some(d) => copy_device(d),
        None => RememberedDevice::new(key, "", ""),
    });
    tracing::debug!(with_device = device.is_some(), "GetTokensFromRefreshToken");
    let tokens = client
        .get_tokens_from_refresh_token(&RefreshToken::new(refresh_token), device.as_ref())
        .await
        .context("refreshing the tokens")?;
    print_tokens(&tokens, &args.output)
}

/// `cognito-flow sign-out`: `RevokeToken` (default) or `GlobalSignOut` (`--global`).
pub(crate) async fn sign_out(args: SignOutArgs) -> anyhow::Result<()> {
    let refresh_flag = flag_or_env(&args.refresh_token, "COGNITO_FLOW_REFRESH_TOKEN");
    let access_flag = flag_or_env(&args.access_token, "COGNITO_FLOW_ACCESS_TOKEN");
    let needs_stdin = if args.global {
        access_flag.is_none()
    } else {
        refresh_flag.is_none()
    };
    let input = if needs_stdin {
        TokenInput::from_stdin()?.unwrap_or_default()
    } else {
        TokenInput::default()
    };
    if args.global {
        let token = access_flag
            .or(input.access_token)
            .or(input.raw)
            .ok_or_else(|| {
                missing_token(
                    "access token",
                    "--access-token",
                    "COGNITO_FLOW_ACCESS_TOKEN",
                )
            })?;
        let client = args.pool.client(Some(&TokenHint::of(&token)))?;
        tracing::debug!("GlobalSignOut");
        client
            .global_sign_out(&AccessToken::new(token))
            .await
            .context("signing out everywhere")?;
        say("cognito-flow: signed out on every device (all refresh tokens are revoked)");
    } else {
        let token = refresh_flag
            .or(input.refresh_token)
            .or(input.raw)
            .ok_or_else(|| {
                missing_token(
                    "refresh token",
                    "--refresh-token",
                    "COGNITO_FLOW_REFRESH_TOKEN",
                )
            })?;
        let hint = access_flag
            .or(input.access_token)
            .map(|t| TokenHint::of(&t))
            .unwrap_or_default();
        let client = args.pool.client(Some(&hint))?;
        tracing::debug!("RevokeToken");
        client
            .revoke_token(&RefreshToken::new(token))
            .await
            .context("revoking the refresh token")?;
        say("cognito-flow: signed out (the refresh token and its tokens are revoked)");
    }
    Ok(())
}

/// `cognito-flow whoami`: the claims, decoded and not verified.
pub(crate) fn whoami(args: WhoamiArgs) -> anyhow::Result<()> {
    let token = match args.token {
        Some(token) => token,
        None => {
            let input = TokenInput::from_stdin()?.unwrap_or_default();
            let picked = match args.token_use {
                Which::Id => input.id_token,
                Which::Access => input.access_token,
            };
            picked.or(input.raw).ok_or_else(|| {
                fail(
                    Exit::NeedsInput,
                    "no token: pass it as an argument or pipe it (or the JSON printed by `cognito-flow sign-in`) to standard input",
                )
            })?
        }
    };
    let claims = decode_claims(&token)?;
    print_line(&serde_json::to_string_pretty(&claims).context("formatting the claims")?)?;
    say(
        "cognito-flow: these claims are decoded, NOT verified (no signature, issuer or expiry check); verify tokens against the pool's JWKS before trusting them",
    );
    Ok(())
}
