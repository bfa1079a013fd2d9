// E0599 (E0277 for the path form `SmsMfa::clone(&sms)`): no state is `Clone` (one Session,
// one answer), so a copy kept aside cannot be answered a second time.

use cognito_flow::{MfaSetup, Next, PasswordVerifier, SelectMfaType, SmsMfa, TotpSetup};

fn copies(
    sms: SmsMfa,
    verifier: PasswordVerifier,
    select: SelectMfaType,
    setup: MfaSetup,
    totp: TotpSetup,
    next: Next,
) {
    let _ = sms.clone();
    let _ = SmsMfa::clone(&sms);
    let _ = verifier.clone();
    let _ = select.clone();
    let _ = setup.clone();
    let _ = totp.clone();
    let _ = next.clone();
}

fn main() {
    let _ = copies;
}
