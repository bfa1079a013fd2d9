//! Asking the person at the terminal: prompts on standard error, answers from standard input,
//! passwords without echo.

use std::io::{BufRead as _, Write as _};

use anyhow::Context as _;

use crate::exit::{Exit, fail};

/// Writes a message for the person at the terminal (standard error, never standard output,
/// which carries the tokens).
pub(crate) fn say(message: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{message}");
    let _ = err.flush();
}

/// Asks for one line (shown as typed). End of input is an error.
pub(crate) fn line(prompt: &str) -> anyhow::Result<String> {
    {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{prompt}");
        let _ = err.flush();
    }
    let mut answer = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("reading an answer from standard input")?;
    if read == 0 {
        return Err(fail(
            Exit::NeedsInput,
            "standard input ended before the answer was typed",
        ));
    }
    Ok(answer.trim().to_owned())
}

/// Asks for a line until it is not empty.
pub(crate) fn non_empty(prompt: &str) -> anyhow::Result<String> {
    loop {
        let answer = line(prompt)?;
        if !answer.is_empty() {
            return Ok(answer);
        }
    }
}

/// Asks for a secret without echo (on the controlling terminal).
#[cfg(not(unix))]
pub(crate) fn secret(prompt: &str) -> anyhow::Result<String> {
    rpassword::prompt_password(prompt).context("reading a password from the terminal")
}

/// Asks for a secret without echo on the controlling terminal. Echo is turned off before the
/// prompt is written, so nothing typed after the prompt appears can be echoed, and it is
/// restored afterwards whatever happens.
#[cfg(unix)]
pub(crate) fn secret(prompt: &str) -> anyhow::Result<String> {
    use std::io::{BufRead, BufReader, Write};

    use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};

    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .context("opening the terminal to read a password")?;
    let original = tcgetattr(&tty).context("reading the terminal's settings")?;
    let mut hidden = original.clone();
    hidden.local_modes.remove(LocalModes::ECHO);
    hidden.local_modes.insert(LocalModes::ECHONL);
    tcsetattr(&tty, OptionalActions::Now, &hidden).context("turning terminal echo off")?;
    let read = (|| -> std::io::Result<String> {
        let mut out = &tty;
        out.write_all(prompt.as_bytes())?;
        out.flush()?;
        let mut line = String::new();
        BufReader::new(&tty).read_line(&mut line)?;
        Ok(line)
    })();
    let restored = tcsetattr(&tty, OptionalActions::Now, &original);
    let mut line = read.context("reading a password from the terminal")?;
    restored.context("restoring terminal echo")?;
    while line.ends_with(['\n', '\r']) {
        line.pop();
    }
    Ok(line)
}

/// Asks for a new password twice, until both agree and it is not empty.
pub(crate) fn new_password(prompt: &str) -> anyhow::Result<String> {
    loop {
        let first = secret(prompt)?;
        if first.is_empty() {
            continue;
        }
        let again = secret("Repeat the new password: ")?;
        if first == again {
            return Ok(first);
        }
        say("The passwords differ; try again.");
    }
}

/// Asks to pick one of `options` (by number or by its name); returns the index.
pub(crate) fn choose(question: &str, options: &[(&str, &str)]) -> anyhow::Result<usize> {
    say(question);
    for (i, (name, description)) in options.iter().enumerate() {
        say(&format!("  {}) {name}: {description}", i + 1));
    }
    loop {
        let answer = line(&format!("Choose [1-{}]: ", options.len()))?;
        let by_number = answer
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=options.len()).contains(n))
            .map(|n| n - 1);
        let by_name = options
            .iter()
            .position(|(name, _)| name.eq_ignore_ascii_case(&answer));
        if let Some(i) = by_number.or(by_name) {
            return Ok(i);
        }
    }
}
