//! The `cognito-flow` binary end to end, against an emulator each test starts in-process:
//! scripts (pipes, flags, `--password-stdin`) and a person at a terminal (a pseudo-terminal
//! made by `script(1)`).

mod custom;
mod devices;
#[cfg(feature = "emulator")]
mod emulator;
mod getting_started;
mod interactive;
mod scripted;
mod support;
mod tokens;
