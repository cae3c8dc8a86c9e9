//! `capvm fuzz-replay`: a fuzz input replayed through the fuzz target's harness and oracle,
//! with a trace of the run.

mod common;
use common::capvm;

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("capvm-fuzz-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir.join(name)
}

#[test]
fn an_input_replays_with_a_trace_and_the_oracle_holds() {
    // Any bytes are an input; these decode to a few operations.
    let input = scratch("input");
    let bytes: Vec<u8> = (0..400u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(&input, &bytes).expect("write the input");
    let trace = scratch("trace.txt");
    let out = capvm(&[
        "fuzz-replay",
        "monitor_hostcalls",
        input.to_str().unwrap(),
        "--trace",
        trace.to_str().unwrap(),
        "--show-input",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("the oracle holds"), "{stderr}");
    assert!(stderr.contains("the attacker's script"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("[victim] I am the victim"), "{stdout}");
    let text = std::fs::read_to_string(&trace).expect("the trace file");
    assert!(text.contains("cVM \"attacker\""), "the trace names the deployment's cVMs");
}

#[test]
fn an_unknown_target_is_refused_with_the_list() {
    let input = scratch("empty");
    std::fs::write(&input, b"").expect("write the input");
    let out = capvm(&["fuzz-replay", "no_such_target", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown target \"no_such_target\"") && stderr.contains("monitor_hostcalls"), "{stderr}");
}

#[test]
fn a_missing_file_is_one_line() {
    let out = capvm(&["fuzz-replay", "monitor_hostcalls", "/nonexistent/input"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/input"));
}

#[test]
fn the_other_targets_replay_without_a_deployment() {
    let input = scratch("other");
    std::fs::write(&input, [7u8; 64]).expect("write the input");
    for target in ["boot_info", "hart_step", "cap_ops"] {
        let out = capvm(&["fuzz-replay", target, input.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{target}: {stderr}");
        assert!(stderr.contains(&format!("{target}: the oracle holds")), "{stderr}");
    }
    let out = capvm(&["fuzz-replay", "cap_ops", input.to_str().unwrap(), "--trace", "-"]);
    assert_eq!(out.status.code(), Some(2));
}
