//! `capvm up` without a deployment runs the tour built into the binary (examples/tour.toml and
//! its images): the README's main command. It works from any directory, every cVM finishes
//! with status 0, and it is the same run as the file in the repository gives, so the copy
//! built in cannot drift from the files.

use std::process::{Command, Output};

fn capvm_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_capvm")).args(args).current_dir(dir).output().expect("capvm runs")
}

#[test]
fn up_without_a_deployment_runs_the_built_in_tour_from_anywhere() {
    let elsewhere = std::env::temp_dir();
    let out = capvm_in(&elsewhere, &["up"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "status {:?}\n{stdout}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    for line in [
        "[client] add(2, 40): 42",
        "[client] upper: \"HELLO THROUGH A CAPABILITY\"",
        "[client] all answers as expected",
        "[alice] Hello from a cVM! I am alice",
        "[left] left: sent and got back 16 messages of 256 bytes, 0 bad",
        "[right] right: echoed 16 messages of 256 bytes, 0 bad",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in\n{stdout}");
    }
    for cvm in ["server", "client", "alice", "left", "right"] {
        assert!(stdout.contains(&format!("[monitor] {cvm}: exited with status 0;")), "{cvm} in\n{stdout}");
    }
}

#[test]
fn the_built_in_tour_is_the_one_in_examples() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let built_in = capvm_in(repo, &["up"]);
    let from_file = capvm_in(repo, &["up", "examples/tour.toml"]);
    assert!(from_file.status.success());
    assert_eq!(String::from_utf8_lossy(&built_in.stdout), String::from_utf8_lossy(&from_file.stdout));
}
