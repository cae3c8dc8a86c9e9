//! The monitor's trace-port events end to end (`capvm up`): in the text, jsonl and explain
//! traces with the deployment's names, the `--trace-cvm` filter, the Perfetto timeline, and
//! the cycle attribution of `--stats`; and none of them changes what the cVMs do.
//!
//! Golden files are in tests/golden/; after an intended change (of the monitor, of the
//! examples' images, of a format), regenerate and review the diff:
//!
//!     UPDATE_GOLDEN=1 cargo test --test monitor_events

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

mod common;
use common::{capvm, stdout};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("capvm-monitor-events-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

const ISOLATION: &str = "examples/isolation.toml";
const CVMS: [&str; 4] = ["alice", "mallory", "eve", "bob"];

fn check(golden: &str, actual: &str) {
    let path = format!("{}/tests/golden/{golden}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (UPDATE_GOLDEN=1 cargo test --test monitor_events writes it)"));
    if expected != actual {
        let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{golden} differs from the golden file at line {}:\n  expected: {}\n  actual:   {}\n\
             (if the change is intended: UPDATE_GOLDEN=1 cargo test --test monitor_events, then review the diff)",
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>")
        );
    }
}

/// The trace lines of `capvm up … --trace -` (the cVMs' and the monitor's console lines
/// start with `[`).
fn trace_lines(o: &Output) -> String {
    let console = |l: &str| l.starts_with('[') && !l[1..].starts_with(|c: char| c.is_ascii_digit());
    stdout(o).lines().filter(|l| !console(l)).map(|l| format!("{l}\n")).collect()
}

#[test]
fn monitor_events_in_the_papers_words() {
    let o = capvm(&["up", ISOLATION, "--trace", "-", "--trace-only", "monitor"]);
    assert_eq!(o.status.code(), Some(1), "mallory is stopped: {}", stderr(&o));
    // The instruction count at the end changes with every change of the monitor's code.
    let text: String = trace_lines(&o)
        .lines()
        .map(|l| match l.strip_prefix("core 0: stop after ").and_then(|r| r.split_once(' ')) {
            Some((_, rest)) => format!("core 0: stop after n {rest}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    check("isolation_up.monitor.txt", &text);
}

/// One cVM's story, explained: its creation (with the capabilities it was given), its
/// hostcalls, and the fault that stops it. Instruction numbers are replaced by `n`, so the
/// file changes only when the story does.
#[test]
fn explain_one_cvm() {
    let o = capvm(&[
        "up",
        ISOLATION,
        "--trace",
        "-",
        "--trace-format",
        "explain",
        "--trace-cvm",
        "mallory",
        "--trace-only",
        "monitor,trap",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text: String = trace_lines(&o)
        .lines()
        .map(|l| match l.strip_prefix('[').and_then(|r| r.split_once(']')) {
            Some((n, rest)) if n.bytes().all(|b| b.is_ascii_digit()) => format!("[n]{rest}\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    assert!(!text.contains("\"alice\""), "only mallory's events:\n{text}");
    check("isolation_up.mallory.explain", &text);
}

/// Every monitor line of the jsonl trace has the documented fields (traces/README.md), typed.
#[test]
fn jsonl_monitor_fields() {
    let o = capvm(&["up", ISOLATION, "--trace", "-", "--trace-format", "jsonl"]);
    let lines: Vec<Value> =
        stdout(&o).lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).unwrap()).collect();
    let monitor: Vec<&Value> = lines.iter().filter(|v| v["kind"] == "monitor").collect();
    assert!(monitor.len() > 20, "{}", monitor.len());
    let fields = ["kind", "n", "cycle", "event", "event_kind", "cvm", "cvm_name", "args", "hostcall", "text"];
    for v in &monitor {
        let o = v.as_object().unwrap();
        let mut keys: Vec<&str> = o.keys().map(String::as_str).collect();
        keys.sort();
        let mut want = fields.to_vec();
        want.sort();
        assert_eq!(keys, want, "{v}");
        assert!(v["n"].is_u64() && v["cycle"].is_u64() && v["event_kind"].is_u64(), "{v}");
        assert!(v["event"].is_string() && v["text"].is_string(), "{v}");
        let name = v["cvm_name"].as_str().unwrap();
        assert_eq!(CVMS[v["cvm"].as_u64().unwrap() as usize], name, "{v}");
        for (_, a) in v["args"].as_object().unwrap() {
            assert!(a.as_str().unwrap().starts_with("0x"), "{v}");
        }
        if v["event"] == "hostcall_enter" {
            assert!(v["hostcall"].is_string(), "{v}");
        }
    }
    // Instructions and monitor events are numbered in order: a monitor event comes right
    // after the instruction that emitted it.
    let ns: Vec<u64> = lines
        .iter()
        .filter(|v| v["kind"] == "insn" || v["kind"] == "monitor")
        .map(|v| v["n"].as_u64().unwrap())
        .collect();
    assert!(ns.windows(2).all(|w| w[0] <= w[1]));
    let fault = monitor.iter().find(|v| v["event"] == "cvm_fault").unwrap();
    assert_eq!(fault["cvm_name"], "mallory");
    assert_eq!(fault["args"]["mcause"], "0x1c");
}

#[test]
fn trace_cvm_needs_a_known_cvm_and_a_deployment() {
    let o = capvm(&["up", ISOLATION, "--trace", "-", "--trace-cvm", "trudy"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--trace-cvm trudy: the deployment has no such cVM (it has alice, mallory, eve, bob)"),
        "{}",
        stderr(&o)
    );
    let o = capvm(&["run", "guest-images/hello/hello.elf", "--trace", "-", "--trace-cvm", "alice"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--trace-cvm needs a deployment"), "{}", stderr(&o));
}

/// The Perfetto timeline is valid trace-event JSON: every event has its required fields,
/// complete slices have a duration, each cVM track's runs do not overlap, and there is one
/// track per cVM besides the monitor's.
#[test]
fn timeline_is_valid_trace_event_json() {
    for timing in [None, Some("inorder")] {
        let path = tmp(&format!("timeline-{timing:?}.json"));
        let mut args = vec!["up", ISOLATION, "--timeline", path.to_str().unwrap()];
        if let Some(t) = timing {
            args.extend(["--timing", t]);
        }
        let o = capvm(&args);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let events = doc["traceEvents"].as_array().unwrap();
        let mut threads = Vec::new();
        let mut runs: std::collections::BTreeMap<u64, Vec<(f64, f64)>> = Default::default();
        for e in events {
            let ph = e["ph"].as_str().unwrap();
            assert!(e["pid"].is_u64() && e["tid"].is_u64() && e["name"].is_string(), "{e}");
            match ph {
                "M" => {
                    if e["name"] == "thread_name" {
                        threads.push(e["args"]["name"].as_str().unwrap().to_string());
                    }
                }
                "X" => {
                    let (ts, dur) = (e["ts"].as_f64().unwrap(), e["dur"].as_f64().unwrap());
                    assert!(ts >= 0.0 && dur >= 0.0, "{e}");
                    if e["tid"] != 0 {
                        runs.entry(e["tid"].as_u64().unwrap()).or_default().push((ts, ts + dur));
                    }
                }
                "i" => assert!(e["ts"].as_f64().is_some() && e["s"] == "t", "{e}"),
                _ => panic!("unexpected phase {e}"),
            }
        }
        let want: Vec<String> =
            std::iter::once("monitor".to_string()).chain(CVMS.iter().map(|c| format!("cVM \"{c}\""))).collect();
        assert_eq!(threads, want);
        assert_eq!(runs.len(), 4, "every cVM ran");
        for r in runs.values() {
            assert!(r.windows(2).all(|w| w[0].1 <= w[1].0), "runs of one cVM do not overlap: {r:?}");
        }
        let names: Vec<&str> = events.iter().filter_map(|e| e["name"].as_str()).collect();
        assert!(
            names.contains(&"hostcall WRITE (2)") && names.contains(&"cvm_fault") && names.contains(&"monitor: boot")
        );
    }
}

/// The rows of the cycle attribution, parsed: (label, cycles, instructions).
fn attribution(err: &str) -> Vec<(String, u64, u64)> {
    err.lines()
        .skip_while(|l| !l.starts_with("capvm: cycles by cVM"))
        .skip(2)
        .map(|l| {
            // The label is left-aligned in 56 columns after two spaces.
            let label = l[..58.min(l.len())].trim().to_string();
            let nums: Vec<u64> = l[58..].split_whitespace().filter_map(|w| w.parse().ok()).collect();
            (label, nums[0], nums[1])
        })
        .collect()
}

/// `--stats` charges every cycle somewhere: the rows add up to the total, the total is the
/// run's cycle count (atomic, or the model's), and each cVM has its row.
#[test]
fn stats_attribute_every_cycle() {
    for timing in [None, Some("atomic"), Some("inorder")] {
        let mut args = vec!["up", ISOLATION, "--stats"];
        if let Some(t) = timing {
            args.extend(["--timing", t]);
        }
        let o = capvm(&args);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        let rows = attribution(&err);
        let get = |label: &str| rows.iter().find(|r| r.0 == label).unwrap_or_else(|| panic!("{label}:\n{err}"));
        let total = get("total");
        let places: Vec<_> = rows.iter().filter(|r| r.0.starts_with("cVM ") || r.0.starts_with("monitor: ")).collect();
        assert_eq!(places.iter().map(|r| r.1).sum::<u64>(), total.1, "{err}");
        assert_eq!(places.iter().map(|r| r.2).sum::<u64>(), total.2, "{err}");
        assert_eq!(get("all cVMs").1 + get("the monitor").1, total.1);
        for c in CVMS {
            assert!(get(&format!("cVM \"{c}\"")).2 > 0, "{err}");
        }
        assert!(get("monitor: hostcall WRITE (2) for \"alice\"").1 > 0);
        assert!(get("monitor: cVM fault for \"mallory\"").1 > 0);
        let cycles = match timing {
            Some("inorder") => {
                let l = err.lines().find(|l| l.starts_with("capvm: timing (inorder)")).unwrap();
                l.split_whitespace().nth(3).unwrap().parse::<u64>().unwrap()
            }
            _ => {
                let l = err.lines().find(|l| l.contains("instructions retired")).unwrap();
                let w: Vec<&str> = l.split_whitespace().collect();
                let i = w.iter().position(|x| *x == "cycles").unwrap();
                w[i - 1].parse::<u64>().unwrap()
            }
        };
        assert_eq!(total.1, cycles, "{err}");
    }
}

/// Observing the monitor changes nothing the cVMs or the monitor print, nor the exit status.
#[test]
fn observers_do_not_change_the_run() {
    let plain = capvm(&["up", ISOLATION]);
    let path = tmp("same.json");
    let watched = capvm(&["up", ISOLATION, "--stats", "--timing", "inorder", "--timeline", path.to_str().unwrap()]);
    assert_eq!(plain.status.code(), watched.status.code());
    assert_eq!(stdout(&plain), stdout(&watched));
}

/// CAP_Call: when the monitor enters the client's thread after a call, the server's code
/// runs; the timeline puts that run on the server's track, and the accounting charges it to
/// the server.
#[test]
fn capcall_runs_are_the_callees() {
    let path = tmp("capcall.json");
    let o = capvm(&["up", "examples/capcall.toml", "--stats", "--timeline", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let events = doc["traceEvents"].as_array().unwrap();
    let tid = |name: &str| {
        events
            .iter()
            .find(|e| e["ph"] == "M" && e["args"]["name"] == format!("cVM \"{name}\""))
            .and_then(|e| e["tid"].as_u64())
            .unwrap()
    };
    let (server, client) = (tid("server"), tid("client"));
    let ts = |name: &str| -> Vec<f64> {
        events.iter().filter(|e| e["name"] == name).map(|e| e["ts"].as_f64().unwrap()).collect()
    };
    let (calls, returns) = (ts("call"), ts("return"));
    assert!(!calls.is_empty() && calls.len() >= returns.len());
    for (call, ret) in calls.iter().zip(&returns) {
        let runs: Vec<u64> = events
            .iter()
            .filter(|e| e["ph"] == "X" && e["tid"] != 0)
            .filter(|e| (*call..*ret).contains(&e["ts"].as_f64().unwrap()))
            .map(|e| e["tid"].as_u64().unwrap())
            .collect();
        assert!(
            !runs.is_empty() && runs.iter().all(|&t| t == server),
            "between call and return only the server runs: {runs:?} (client {client})"
        );
    }
    let err = stderr(&o);
    let rows = attribution(&err);
    let call = rows.iter().find(|r| r.0 == "monitor: CAP_Call call for \"client\"").unwrap_or_else(|| panic!("{err}"));
    assert!(call.1 > 0, "{err}");
}

/// CAP_File in the paper's words: who advertised what, who received which capability from
/// whom, and how many copies a revocation cleared.
#[test]
fn capfile_story_explained() {
    let o =
        capvm(&["up", "examples/capfile.toml", "--trace", "-", "--trace-format", "explain", "--trace-only", "monitor"]);
    assert_eq!(o.status.code(), Some(1), "the consumer is stopped after the revocation: {}", stderr(&o));
    let out = trace_lines(&o);
    for want in [
        "monitor: CAP_File advertise: cVM \"producer\" advertises capfile #1 [0x80400680, 0x80400700)",
        "monitor: CAP_File probe: cVM \"consumer\" receives a capability to capfile \"greeting\" (perms ",
        "the monitor gives cVM \"consumer\" a capability over [0x87fff000, 0x88000000) (perms ",
        "derived from the monitor's root",
        "capfile #1 (advertised by \"producer\")",
        "derived from the DDC of \"producer\", which advertised it",
        "monitor: CAP_File revoke: cVM \"producer\" revokes capfile #1 (advertised by \"producer\"); ",
        "monitor: cVM fault: cVM \"consumer\" stopped by CHERI tag violation",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    let cleared: u64 = out
        .lines()
        .find_map(|l| l.split("(advertised by \"producer\"); ").nth(1))
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(cleared >= 1, "{out}");
}

/// `--trace-cvm` follows a cVM's code into CAP_Call: with `server`, the user-mode
/// instructions traced are the server's (its own start-up and the calls it serves on the
/// client's thread), and the calls into it are kept.
#[test]
fn trace_cvm_follows_the_callee() {
    let o = capvm(&["up", "examples/capcall.toml", "--trace", "-", "--trace-format", "jsonl", "--trace-cvm", "server"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<Value> =
        stdout(&o).lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).unwrap()).collect();
    let server = 0x8040_0000..0x8050_0000u64;
    let pc = |v: &Value| u64::from_str_radix(v["pc"].as_str().unwrap().trim_start_matches("0x"), 16).unwrap();
    // mret is reported in the mode it enters, at the monitor's pc.
    let user: Vec<&Value> =
        lines.iter().filter(|v| v["kind"] == "insn" && v["priv"] == "U" && v["mnemonic"] != "mret").collect();
    assert!(!user.is_empty());
    // The door's code (in the monitor's block) runs in U mode too, on the thread that invokes it.
    let door = 0x8000_0000..0x8020_0000u64;
    assert!(user.iter().all(|v| server.contains(&pc(v)) || door.contains(&pc(v))), "only the server's code");
    assert!(user.iter().any(|v| server.contains(&pc(v))), "the server's code");
    let first_call = lines.iter().position(|v| v["event"] == "call").expect("the calls into the server are kept");
    assert!(lines[first_call..].iter().any(|v| v["kind"] == "insn" && v["priv"] == "U"), "the server's code in a call");
    assert!(!lines.iter().any(|v| v["kind"] == "monitor"
        && v["cvm_name"] == "client"
        && v["event"] == "hostcall_enter"
        && v["hostcall"] == "CALL_PROBE"));
}

/// A timeline that cannot be written is one clear line and status 2.
#[test]
fn an_unwritable_timeline_is_one_clear_line() {
    let o = capvm(&["up", "examples/hello.toml", "--timeline", "/dev/full"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "capvm: cannot write timeline /dev/full: No space left on device (os error 28)\n");
}
