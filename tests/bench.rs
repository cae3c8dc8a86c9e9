//! `capvm bench paper` end to end at the quick sizes: every scenario runs (or says plainly
//! what it needs), the outputs exist and are well formed, the measurements are sane, and two
//! runs give the same cycles. Timings are never asserted here beyond sanity bounds.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;
use common::capvm;

fn out_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("capvm-bench-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Runs `bench paper --quick` with `extra` arguments into `dir`; returns results.json.
fn bench(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["bench", "paper", "--quick", "--out", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = capvm(&args);
    assert!(o.status.success(), "{}", text(&o));
    let json = std::fs::read_to_string(dir.join("results.json")).expect("results.json");
    serde_json::from_str(&json).expect("results.json is JSON")
}

fn scenario<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["scenarios"].as_array().unwrap().iter().find(|s| s["name"] == name).unwrap_or_else(|| panic!("no {name} in {v}"))
}

fn rows(s: &Value) -> &Vec<Value> {
    s["rows"].as_array().unwrap()
}

fn row<'a>(s: &'a Value, key: &str, starts: &str) -> &'a Value {
    rows(s)
        .iter()
        .find(|r| r[key].as_str().is_some_and(|p| p.starts_with(starts)))
        .unwrap_or_else(|| panic!("{starts}: {s}"))
}

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

#[test]
fn every_scenario_runs_and_two_runs_agree() {
    let (a, b) = (out_dir("a"), out_dir("b"));
    let first = bench(&a, &[]);
    let second = bench(&b, &[]);
    assert_eq!(first["scenarios"], second["scenarios"], "the same command must give the same cycles");
    assert_eq!(first["model"], "inorder");
    let names: Vec<&str> = first["scenarios"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["crossing", "sharing", "isolation", "kv", "tcb"]);
    for s in first["scenarios"].as_array().unwrap() {
        // A scenario measures something, or says plainly what it needs; never an empty section.
        let unavailable = s["unavailable"].as_array().unwrap();
        assert!(!rows(s).is_empty() || !unavailable.is_empty(), "{s}");
        for u in unavailable {
            assert!(u.as_str().unwrap().contains(": not available: needs "), "{u}");
        }
        for p in s["plots"].as_array().unwrap() {
            let svg = std::fs::read_to_string(a.join(p.as_str().unwrap())).unwrap();
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{p}");
        }
    }
    let md = std::fs::read_to_string(a.join("results.md")).unwrap();
    assert!(md.contains("## 1. Domain crossing") && md.contains("## 5. Trusted code size"), "{md}");

    // Crossing: a hostcall costs far more than a call, and both cost something.
    let c = scenario(&first, "crossing");
    let call = row(c, "path", "plain function call");
    let ecall = row(c, "path", "null hostcall via ecall");
    assert!(u(&call["cycles"]) > 0 && u(&call["instructions"]) > 0 && u(&call["instructions"]) < 20, "{call}");
    assert!(u(&ecall["instructions"]) > 10 * u(&call["instructions"]), "{ecall} vs {call}");
    assert!(u(&ecall["cycles"]) >= u(&ecall["instructions"]) / 2, "{ecall}");
    // A call never leaves the cVM; most of a hostcall is the monitor's.
    assert_eq!(u(&call["monitor_cycles"]), 0, "{call}");
    assert!(u(&ecall["monitor_cycles"]) * 2 > u(&ecall["cycles"]), "{ecall}");
    assert!(u(&ecall["monitor_cycles"]) <= u(&ecall["cycles"]), "{ecall}");
    // The door serves HC_TIME in the monitor's unprivileged domain: a domain crossing that
    // costs more than a call, much less than the trap, and no cycle in M mode.
    match rows(c).iter().find(|r| r["path"].as_str().unwrap().starts_with("null hostcall via sealed CInvoke")) {
        Some(r) => {
            assert!(u(&r["instructions"]) > 2 * u(&call["instructions"]), "{r} vs {call}");
            assert!(2 * u(&r["instructions"]) < u(&ecall["instructions"]), "{r} vs {ecall}");
            assert_eq!(u(&r["monitor_cycles"]), 0, "{r}");
        }
        None => assert!(c["unavailable"].to_string().contains("HC_DOOR"), "the door: neither measured nor unavailable"),
    }
    // A CAP_Call leaves the cVM through the monitor, there and back.
    match rows(c).iter().find(|r| r["path"].as_str().unwrap().starts_with("CAP_Call round trip")) {
        Some(r) => assert!(u(&r["instructions"]) > 10 * u(&call["instructions"]), "{r}"),
        None => assert!(
            c["unavailable"].to_string().contains("HC_CALL_PROBE"),
            "CAP_Call: neither measured nor unavailable"
        ),
    }

    // Sharing: every message arrived intact (the receiver checks the words of each), and the
    // copies are where each method puts them: the pipe's two in the monitor, the stream's one
    // in the receiver, none for CAP_File. Methods the monitor lacks are reported, not measured.
    let sh = scenario(&first, "sharing");
    let moved = 16 * 4 + 4096 * 4 + 131072 * 2;
    for (method, monitor_min, monitor_max, cvm_min, cvm_max) in
        [("CAP_File", 0.0, 0.1, 0.0, 0.1), ("CAP_Stream", 0.0, 0.1, 1.0, 1.1), ("copying pipe", 2.0, 2.2, 0.0, 0.1)]
    {
        let measured: Vec<&Value> =
            rows(sh).iter().filter(|r| r["method"].as_str().unwrap().starts_with(method)).collect();
        if measured.is_empty() {
            assert!(sh["unavailable"].to_string().contains(method), "{method}: neither measured nor unavailable");
            continue;
        }
        assert_eq!(measured.len(), 3, "{method}: one row per size");
        let notes = sh["notes"].to_string();
        assert!(
            notes.contains(method) && notes.contains(&format!("received {moved} bytes, every message checked")),
            "{notes}"
        );
        let big = measured.last().unwrap();
        assert_eq!(u(&big["bytes"]), 131072);
        assert!(u(&big["cycles_per_message"]) > 0);
        let (m, c) = (big["monitor_stores_per_byte"].as_f64().unwrap(), big["cvm_stores_per_byte"].as_f64().unwrap());
        assert!((monitor_min..=monitor_max).contains(&m), "{method}: the monitor stored {m} bytes per byte");
        assert!((cvm_min..=cvm_max).contains(&c), "{method}: the cVMs stored {c} bytes per byte");
    }

    // Key-value pair: every request answered and checked; the pipe's monitor copies the value
    // twice per request (in and out), the CAP_Call paths never copy it in the monitor.
    let kv = scenario(&first, "kv");
    for (transport, copies) in [
        ("CAP_Call, value by call capability", false),
        ("CAP_Call, value in a CAP_File", false),
        ("copying pipe", true),
    ] {
        let measured: Vec<&Value> =
            rows(kv).iter().filter(|r| r["transport"].as_str().unwrap().starts_with(transport)).collect();
        if measured.is_empty() {
            assert!(kv["unavailable"].to_string().contains(transport), "{transport}: neither measured nor unavailable");
            continue;
        }
        assert_eq!(measured.len(), 4, "{transport}: SET and GET of two sizes");
        assert!(kv["notes"].to_string().contains("18 requests answered, values checked"), "{kv}");
        for r in &measured {
            assert!(u(&r["cycles_per_request"]) > 0, "{r}");
        }
        let big: Vec<&&Value> = measured.iter().filter(|r| u(&r["bytes"]) == 4096).collect();
        let small: Vec<&&Value> = measured.iter().filter(|r| u(&r["bytes"]) == 16).collect();
        for (b, s) in big.iter().zip(&small) {
            let extra = u(&b["monitor_stores_per_request"]) - u(&s["monitor_stores_per_request"]);
            if copies {
                assert!(extra >= 2 * (4096 - 16), "{transport}: the monitor stored {extra} more bytes for 4 KiB");
            } else {
                assert!(extra < 64, "{transport}: the monitor stored {extra} more bytes for 4 KiB");
            }
        }
    }

    // Isolation: the same kernel bare and in a cVM runs the same work (within the monitor's
    // timer interrupts), and its four parts add up to less than the whole loop.
    let i = scenario(&first, "isolation");
    let whole = row(i, "part", "the whole loop");
    assert!(u(&whole["bare_cycles"]) > 1_000_000 && u(&whole["cvm_cycles"]) > 1_000_000, "{i}");
    let (bi, ci) = (u(&whole["bare_instructions"]) as f64, u(&whole["cvm_instructions"]) as f64);
    assert!((ci - bi).abs() / bi < 0.05, "the cVM ran different work: {bi} vs {ci}");
    let parts: u64 = rows(i).iter().filter(|r| r["part"] != "the whole loop").map(|r| u(&r["bare_cycles"])).sum();
    assert!(parts > 0 && parts <= u(&whole["bare_cycles"]), "{i}");
    assert!(u(&whole["cvm_traps"]) > 0 && u(&row(i, "part", "linked list")["cvm_monitor_cycles"]) > 0, "{i}");

    // Trusted code: the monitor's own sources are all there, and the total adds up.
    let t = scenario(&first, "tcb");
    let total = u(&row(t, "file", "total")["lines"]);
    let sum: u64 = rows(t).iter().filter(|r| r["file"] != "total").map(|r| u(&r["lines"])).sum();
    assert_eq!(total, sum);
    for f in ["monitor/target/start.S", "monitor/target/main.c", "monitor/target/cvm.c", "monitor/target/link.ld"] {
        assert!(u(&row(t, "file", f)["lines"]) > 10, "{f}");
    }
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn one_scenario_alone_under_the_atomic_model() {
    let dir = out_dir("atomic");
    let v = bench(&dir, &["crossing", "--timing", "atomic"]);
    assert_eq!(v["model"], "atomic");
    assert_eq!(v["scenarios"].as_array().unwrap().len(), 1);
    // The atomic model counts one cycle per instruction (the ecall's own trap adds one).
    let c = scenario(&v, "crossing");
    let call = row(c, "path", "plain function call");
    assert_eq!(u(&call["cycles"]), u(&call["instructions"]), "{call}");
    let ecall = row(c, "path", "null hostcall via ecall");
    assert_eq!(u(&ecall["cycles"]), u(&ecall["instructions"]) + 1, "{ecall}");
    // The generated deployment can be run again by hand.
    assert!(dir.join("deploy/crossing.toml").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unknown_scenario_is_refused_with_the_list() {
    let o = capvm(&["bench", "paper", "nosuch", "--out", out_dir("unknown").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("no scenario \"nosuch\" (scenarios: crossing, sharing, isolation, kv, tcb)"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_missing_monitor_image_is_refused_in_one_line() {
    let o = capvm(&["bench", "paper", "tcb", "--monitor", "/nonexistent/monitor.elf"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o), "capvm: cannot read /nonexistent/monitor.elf: No such file or directory (os error 2)\n");
}
