//! Compile-fail tests: misuses of the sign-in states that must not compile, each in
//! `tests/ui/<case>.rs` with the compiler's expected output beside it in `<case>.stderr`.
//!
//! The snapshots belong to the toolchain pinned in `rust-toolchain.toml`; compiler output
//! changes between releases, so run this suite on that toolchain only. After changing a case,
//! the SDK's API or the pinned toolchain, regenerate the snapshots with
//!
//! ```text
//! TRYBUILD=overwrite cargo test -p cognito-flow --test ui
//! ```
//!
//! then read every changed `.stderr`: each case must still fail for its stated reason (the
//! error code named in the case's first comment), not because of a typo or a renamed item.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    // What cannot be sealed (feature `sealed-state`).
    #[cfg(feature = "sealed-state")]
    t.compile_fail("tests/ui/sealed/*.rs");
}
