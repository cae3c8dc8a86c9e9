//! `capvm run --trace …` and `capvm explain` end to end: files written, formats, filters,
//! the ring, composition with --timing and --histogram, and one clear line for bad input.

use std::path::PathBuf;
use std::process::Output;

mod common;
use common::capvm;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("capvm-traces-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

const ISOLATION: &str = "guest-images/isolation/isolation.elf";

#[test]
fn text_trace_to_a_file_keeps_the_exit_status_and_output() {
    let path = tmp("hello.txt");
    let o = capvm(&["run", "guest-images/hello/hello.elf", "--trace", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "Hello from capvm!\n");
    let t = std::fs::read_to_string(&path).unwrap();
    assert!(t.starts_with("core 0: 3 0x80000000 (0xf14022f3) x5 0x0 ; csrr t0,mhartid\n"), "{t}");
    assert!(t.ends_with("core 0: stop after 161 instructions: finisher: pass (status 0)\n"));
}

#[test]
fn jsonl_trace_with_a_window() {
    let path = tmp("iso.jsonl");
    let p = path.to_str().unwrap();
    let o =
        capvm(&["run", ISOLATION, "--trace", p, "--trace-format", "jsonl", "--trace-from", "10", "--trace-to", "15"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = std::fs::read_to_string(&path).unwrap();
    let v: Vec<serde_json::Value> = t.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(v.len(), 6);
    assert_eq!(v[0]["n"], 10);
    assert_eq!(v[4]["n"], 14);
    assert_eq!(v[5]["kind"], "stop");
}

#[test]
fn explain_command_narrates_on_stdout() {
    let o = capvm(&["explain", ISOLATION]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("csetbounds ca0,ca0,t2\n    ca0 is tagged with bounds [0x0, 0x10000000000000000)"), "{out}");
    assert!(out.contains("-> CHERI exception: permit store violation on ca2"));
    assert!(out.contains("the run stopped: finisher: pass (status 0)"));
}

#[test]
fn ring_with_trace_only_and_stdout() {
    let o = capvm(&["run", ISOLATION, "--trace", "-", "--trace-only", "trap", "--trace-ring", "2"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "# ring buffer: the last 2 of 5 events");
    assert!(lines[1].contains("tag violation on ca5"), "{out}");
    assert!(lines[2].contains("length violation on DDC"), "{out}");
    assert!(lines[3].starts_with("core 0: stop after"));
}

/// `--trace-ring N` of every event replays the run's end (the run goes unobserved, then the same
/// program again, with the tracer for the last N instructions): its records are exactly those
/// the ring watching the whole run keeps (`--trace-only` with every kind makes that one), in
/// both formats, for programs with traps, privilege changes and capability writes.
#[test]
fn the_replayed_ring_keeps_the_same_records_as_watching_the_whole_run() {
    for program in [ISOLATION, "guest-images/cheri/cheri_ctrl.elf", "guest-images/cheri/cheri_capmode.elf"] {
        for format in ["text", "jsonl"] {
            let (replayed, watched) = (tmp("replayed"), tmp("watched"));
            let a = capvm(&[
                "run",
                program,
                "--trace",
                replayed.to_str().unwrap(),
                "--trace-format",
                format,
                "--trace-ring",
                "300",
            ]);
            let b = capvm(&[
                "run",
                program,
                "--trace",
                watched.to_str().unwrap(),
                "--trace-format",
                format,
                "--trace-ring",
                "300",
                "--trace-only",
                "insn,cap,mem,trap,priv,monitor",
            ]);
            assert_eq!(a.status.code(), b.status.code(), "{program}");
            assert_eq!(a.stdout, b.stdout, "{program}: the program's own output");
            assert!(a.stderr.is_empty(), "{program}: {}", stderr(&a));
            let (replayed, watched) =
                (std::fs::read_to_string(replayed).unwrap(), std::fs::read_to_string(watched).unwrap());
            let (head, rest) = replayed.split_once('\n').unwrap();
            assert_eq!(Some(rest), watched.split_once('\n').map(|(_, r)| r), "{program} {format}");
            if format == "text" {
                assert!(head.starts_with("# ring buffer: the last "), "{head}");
                assert!(head.contains(" events (the run's end, replayed from instruction "), "{head}");
            } else {
                let v: serde_json::Value = serde_json::from_str(head).unwrap();
                assert_eq!(v["kind"], "ring");
                assert!(v["kept"].as_u64().is_some_and(|k| k > 0 && k <= 300), "{head}");
                assert!(v["replayed_from"].as_u64().is_some() && v.get("seen").is_none(), "{head}");
            }
        }
    }
}

/// A trace is one more observer: the timing model's cycles and the histogram do not change.
#[test]
fn trace_composes_with_timing_and_histogram() {
    let base = capvm(&["run", "guest-images/compute/compute-small.elf", "--timing", "inorder", "--histogram"]);
    let path = tmp("compute.ring");
    let traced = capvm(&[
        "run",
        "guest-images/compute/compute-small.elf",
        "--timing",
        "inorder",
        "--histogram",
        "--trace",
        path.to_str().unwrap(),
        "--trace-ring",
        "10",
    ]);
    assert_eq!(base.status.code(), Some(0));
    assert_eq!(traced.status.code(), Some(0));
    assert_eq!(base.stdout, traced.stdout);
    // Everything but the wall time and MIPS agrees.
    let strip = |o: &Output| -> Vec<String> {
        stderr(o).lines().filter(|l| !l.contains("MIPS") && !l.contains(" s,")).map(String::from).collect()
    };
    assert_eq!(strip(&base), strip(&traced));
    let t = std::fs::read_to_string(&path).unwrap();
    assert_eq!(t.lines().count(), 12);
}

#[test]
fn an_unwritable_trace_file_is_one_clear_line() {
    let o = capvm(&["run", ISOLATION, "--trace", "/nonexistent-dir/t.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.starts_with("capvm: cannot create trace file /nonexistent-dir/t.txt: "), "{e}");
}

#[test]
fn a_full_disk_is_one_clear_line() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let o = capvm(&["run", ISOLATION, "--trace", "/dev/full"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.starts_with("capvm: cannot write trace file /dev/full: "), "{e}");
}

#[test]
fn an_unknown_event_kind_is_refused() {
    let o = capvm(&["run", ISOLATION, "--trace", "-", "--trace-only", "cap,bogus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown event kind `bogus`"), "{}", stderr(&o));
}

#[test]
fn every_guest_image_traces_without_a_panic() {
    // Every CHERI conformance program in both semantics, in every format, as a ring: the
    // tracer sees every kind of event there is and must never panic.
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/guest-images/cheri")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "elf") {
            continue;
        }
        for fmt in ["text", "jsonl", "explain"] {
            for cheri in ["v9", "v8"] {
                let o = capvm(&[
                    "run",
                    path.to_str().unwrap(),
                    "--cheri",
                    cheri,
                    "--trace",
                    "/dev/null",
                    "--trace-format",
                    fmt,
                    "--trace-ring",
                    "1000",
                    "--trace-only",
                    "insn,trap,priv",
                ]);
                assert!(o.status.code().is_some_and(|c| c != 101), "{} {fmt} {cheri}: {}", path.display(), stderr(&o));
                assert!(!stderr(&o).contains("panicked"), "{} {fmt}: {}", path.display(), stderr(&o));
            }
        }
    }
}

/// `capvm up` takes the same trace flags: the monitor's entries into its cVMs and their
/// hostcalls show as privilege changes and U-mode ecalls.
#[test]
fn up_traces_the_deployment() {
    let o =
        capvm(&["up", "examples/hello.toml", "--trace", "-", "--trace-only", "trap,priv", "--trace-format", "jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let events: Vec<serde_json::Value> =
        out.lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(events.iter().any(|e| e["kind"] == "priv" && e["to"] == "U"), "{out}");
    assert!(events.iter().any(|e| e["kind"] == "trap" && e["cause_name"] == "environment call from U-mode"));
    assert_eq!(events.last().unwrap()["kind"], "stop");
}
