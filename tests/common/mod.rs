//! What the end-to-end tests share: running the `capvm` binary and reading what it printed.
//! (Each file under tests/ is its own crate and uses a part of this.)
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs the capvm binary of this build from the repository root, so that paths like
/// `examples/…` and `guest-images/…` resolve.
pub fn capvm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_capvm"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("capvm runs")
}

/// What a run printed on stdout.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
