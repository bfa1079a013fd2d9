//! QR codes in the terminal: Unicode half blocks, two modules per character.

use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;

/// `text` as a QR code drawn for a dark-background terminal (light modules are drawn, dark
/// ones left as background), with its quiet zone; `None` if `text` is too long for a QR code.
pub(crate) fn render(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_otpauth_uri_renders_as_half_blocks() {
        let qr = render("otpauth://totp/Cognito:alice?secret=JBSWY3DPEHPK3PXP&issuer=Cognito")
            .unwrap_or_default();
        let lines: Vec<&str> = qr.lines().collect();
        assert!(lines.len() > 10, "{qr}");
        assert!(
            qr.chars()
                .all(|c| matches!(c, ' ' | '\u{2580}' | '\u{2584}' | '\u{2588}' | '\n')),
            "{qr}"
        );
        // Every line has the same width.
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() == lines[0].chars().count())
        );
    }
}
