//! Filters (window, kinds) and the ring buffer.

mod common;

use common::{only, trace};
use serde_json::Value;
use traces::{Filter, Format};

fn lines(t: &str) -> Vec<Value> {
    t.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect()
}

fn hex(v: &Value) -> u64 {
    u64::from_str_radix(v.as_str().expect("hex string").trim_start_matches("0x"), 16).expect("hex")
}

#[test]
fn window_keeps_events_numbered_from_to() {
    let f = Filter { from: 20, to: 40, ..Filter::default() };
    let (t, _) = trace("isolation/isolation.elf", Format::Jsonl, f, None);
    let v = lines(&t);
    let ns: Vec<u64> = v.iter().filter(|e| e["kind"] != "stop").map(|e| e["n"].as_u64().unwrap()).collect();
    assert!(ns.iter().all(|n| (20..40).contains(n)), "{ns:?}");
    // Instructions 20..39, plus the traps among them (which share their instruction's number).
    let insns = v.iter().filter(|e| e["kind"] == "insn").count();
    let traps = v.iter().filter(|e| e["kind"] == "trap").count();
    assert_eq!(insns + traps, 20);
    assert_eq!(traps, 2);
    assert_eq!(v.last().unwrap()["kind"], "stop");
}

#[test]
fn the_full_trace_numbers_every_instruction() {
    let (t, _) = trace("isolation/isolation.elf", Format::Jsonl, Filter::default(), None);
    let v = lines(&t);
    let ns: Vec<u64> =
        v.iter().filter(|e| e["kind"] == "insn" || e["kind"] == "trap").map(|e| e["n"].as_u64().unwrap()).collect();
    assert_eq!(ns, (0..ns.len() as u64).collect::<Vec<_>>());
    assert_eq!(v.last().unwrap()["n"].as_u64().unwrap(), ns.len() as u64);
}

#[test]
fn cap_kind_keeps_capability_instructions_and_nothing_else() {
    let (t, _) = trace("isolation/isolation.elf", Format::Jsonl, only("cap"), None);
    let v = lines(&t);
    let insns: Vec<&Value> = v.iter().filter(|e| e["kind"] == "insn").collect();
    assert!(!insns.is_empty());
    assert!(v.iter().all(|e| e["kind"] == "insn" || e["kind"] == "stop"));
    for e in &insns {
        let m = e["mnemonic"].as_str().unwrap();
        let cap_access = e["mem"]["cap"] == true;
        assert!(
            cap_access || m.starts_with('c') || m.contains(".cap") || m.contains(".ddc") || m == "lc" || m == "sc",
            "{e}"
        );
    }
    // The plain `ld` of the last step is not a capability instruction.
    assert!(!insns.iter().any(|e| e["mnemonic"] == "ld"));
}

#[test]
fn mem_and_trap_kinds() {
    let (t, _) = trace("isolation/isolation.elf", Format::Jsonl, only("mem"), None);
    assert!(lines(&t).iter().filter(|e| e["kind"] == "insn").all(|e| !e["mem"].is_null()));
    let (t, _) = trace("isolation/isolation.elf", Format::Jsonl, only("trap"), None);
    let v = lines(&t);
    assert_eq!(v.iter().filter(|e| e["kind"] == "trap").count(), 5);
    assert_eq!(v.len(), 6);
}

/// The ring holds the last N of the events that pass the filter: exactly the tail of the
/// unbounded trace with the same filter.
#[test]
fn ring_is_the_tail_of_the_full_trace() {
    for (kinds, n) in [("insn,trap,priv,cap,mem", 50), ("cap,trap", 7), ("trap", 1000)] {
        let (full, _) = trace("cheri/cheri_umode.elf", Format::Text, only(kinds), None);
        let (ring, _) = trace("cheri/cheri_umode.elf", Format::Text, only(kinds), Some(n));
        let full: Vec<&str> = full.lines().collect();
        let ring: Vec<&str> = ring.lines().collect();
        let events = full.len() - 1; // the stop line
        let kept = n.min(events);
        assert_eq!(ring[0], format!("# ring buffer: the last {kept} of {events} events"));
        assert_eq!(&ring[1..], &full[full.len() - 1 - kept..], "{kinds}");
    }
}

#[test]
fn ring_of_zero_keeps_only_the_stop() {
    let (t, exit) = trace("isolation/isolation.elf", Format::Jsonl, Filter::default(), Some(0));
    let v = lines(&t);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["kind"], "ring");
    assert_eq!(v[0]["kept"], 0);
    assert_eq!(v[1]["kind"], "stop");
    assert_eq!(v[1]["status"], exit.status());
}

/// What people trace for: the program faults and stops; the ring shows how it got there.
#[test]
fn ring_shows_the_last_steps_before_a_step_limit() {
    let (t, _) = trace("isolation/isolation.elf", Format::Jsonl, Filter::default(), Some(5));
    let v = lines(&t);
    assert_eq!(v.len(), 7);
    // The last instruction is the one that wrote the finisher.
    let last = &v[5];
    assert_eq!(last["kind"], "insn");
    assert_eq!(hex(&last["mem"]["addr"]), 0x10_0000);
}

#[test]
fn explain_narrates_only_what_it_is_asked_for() {
    let (t, _) = trace("isolation/isolation.elf", Format::Explain, only("trap"), None);
    assert_eq!(t.matches("-> CHERI exception").count(), 5);
    assert!(!t.contains("csetbounds ca0,ca0,t2"));
    let (t, _) = trace("isolation/isolation.elf", Format::Explain, only("cap,trap,priv"), None);
    assert!(t.contains("ca2 is tagged, is unsealed, but it lacks Store"));
    assert!(t.contains("the request is not inside the input's bounds, so the result is untagged"));
    assert!(t.contains("DDC is tagged, is unsealed, has Load, but its bounds"));
}

/// In ring mode the explain narrative keeps each instruction's operands with it: the ring's
/// narrative is the tail of the full one.
#[test]
fn explain_ring_keeps_the_operands() {
    let kinds = only("cap,trap,priv");
    let (full, _) = trace("cheri/cheri_umode.elf", Format::Explain, kinds, None);
    let (ring, _) = trace("cheri/cheri_umode.elf", Format::Explain, kinds, Some(20));
    let body = ring.split_once('\n').expect("a header line").1;
    assert!(ring.starts_with("(ring buffer: the last 20 of "), "{ring}");
    assert!(full.ends_with(body), "the ring's narrative is not the end of the full one");
    assert!(body.lines().count() > 20);
}
