//! A timeline of the monitor's events and the cVM switches in the Chrome / Perfetto
//! trace-event JSON format (open it in ui.perfetto.dev or chrome://tracing).
//!
//! One process, "capvm"; one track (thread) for the monitor (tid 0) and one per cVM (tid =
//! index + 1). Complete slices (`ph: "X"` with `dur`) for each cVM run (from the monitor
//! entering it to its leaving), for the monitor's work between two runs, and for each
//! hostcall inside it; instant events (`ph: "i"`) for cVM creation, CAP_File and CAP_Call
//! primitives, faults and exits. Timestamps are cycles at the machine's nominal clock
//! ([`CLOCK_MHZ`] MHz: 100 cycles = 1 µs), from the atomic clock or the timing model's.

use std::io::{self, Write};

use serde_json::{json, Value};
use sim_core::observer::{MonitorEvent, Observer};

use crate::monitor::{self, describe, hostcall_name, kind, CallStack, Names};

/// The machine's nominal clock (sim_core::devices::clint: 10 cycles per 10 MHz mtime tick).
pub const CLOCK_MHZ: f64 = 100.0;

/// Events are written as they come (a long run's timeline is not held in memory).
pub struct Timeline<W: Write> {
    names: Names,
    out: W,
    /// The first write error; after it nothing more is written.
    error: Option<io::Error>,
    /// Events written so far.
    written: u64,
    /// The cVM that runs and the cycle it was entered.
    running: Option<(u16, u64)>,
    /// The monitor's current stretch of work: since when, for which cVM (None before the
    /// first cVM runs: boot).
    monitor_since: Option<(u64, Option<u16>)>,
    /// An open hostcall: start, cVM, number.
    hostcall: Option<(u64, u16, u64)>,
    tracks: Vec<bool>,
    calls: CallStack,
}

fn us(cycle: u64) -> f64 {
    cycle as f64 / CLOCK_MHZ
}

impl<W: Write> Timeline<W> {
    /// A timeline written to `out`, whose monitor track starts (booting) at `start` cycles.
    pub fn new(names: &Names, start: u64, out: W) -> Timeline<W> {
        let mut t = Timeline {
            names: names.clone(),
            out,
            error: None,
            written: 0,
            running: None,
            monitor_since: Some((start, None)),
            hostcall: None,
            tracks: Vec::new(),
            calls: CallStack::default(),
        };
        let head = format!(
            "{{\"displayTimeUnit\":\"ns\",\"otherData\":{},\"traceEvents\":[\n",
            json!({"clock": format!("{CLOCK_MHZ} MHz nominal: ts = cycles / {CLOCK_MHZ}"), "producer": "capvm"})
        );
        if let Err(e) = t.out.write_all(head.as_bytes()) {
            t.error = Some(e);
        }
        for v in [
            json!({"ph": "M", "pid": 1, "tid": 0, "name": "process_name", "args": {"name": "capvm"}}),
            json!({"ph": "M", "pid": 1, "tid": 0, "name": "thread_name", "args": {"name": "monitor"}}),
            json!({"ph": "M", "pid": 1, "tid": 0, "name": "thread_sort_index", "args": {"sort_index": 0}}),
        ] {
            t.push(v);
        }
        t
    }

    /// Writes one event (every one but the first after a comma).
    fn push(&mut self, v: Value) {
        if self.error.is_some() {
            return;
        }
        let r = (if self.written == 0 { Ok(()) } else { self.out.write_all(b",\n") })
            .and_then(|_| serde_json::to_writer(&mut self.out, &v).map_err(io::Error::from));
        match r {
            Ok(()) => self.written += 1,
            Err(e) => self.error = Some(e),
        }
    }

    fn tid(cvm: u16) -> u64 {
        cvm as u64 + 1
    }

    fn track(&mut self, cvm: u16) {
        let i = cvm as usize;
        if self.tracks.len() <= i {
            self.tracks.resize(i + 1, false);
        }
        if !self.tracks[i] {
            self.tracks[i] = true;
            let name = format!("cVM {}", self.names.cvm(cvm as u64));
            self.push(
                json!({"ph": "M", "pid": 1, "tid": Self::tid(cvm), "name": "thread_name", "args": {"name": name}}),
            );
            self.push(json!({"ph": "M", "pid": 1, "tid": Self::tid(cvm), "name": "thread_sort_index", "args": {"sort_index": Self::tid(cvm)}}));
        }
    }

    fn slice(&mut self, tid: u64, name: String, from: u64, to: u64, args: Value) {
        self.push(json!({
            "ph": "X", "pid": 1, "tid": tid, "name": name, "cat": "capvm",
            "ts": us(from), "dur": us(to.saturating_sub(from)), "args": args,
        }));
    }

    fn close_hostcall(&mut self, at: u64, result: Option<u64>) {
        if let Some((from, cvm, number)) = self.hostcall.take() {
            let mut args = json!({"cvm": self.names.cvm_name(cvm).unwrap_or("?"), "number": number});
            if let Some(r) = result {
                args["result"] = json!(r as i64);
            }
            self.slice(0, format!("hostcall {}", hostcall_name(number)), from, at, args);
        }
    }

    fn close_monitor(&mut self, at: u64) {
        self.close_hostcall(at, None);
        if let Some((from, owner)) = self.monitor_since.take() {
            let name = match owner {
                None => "monitor: boot".to_string(),
                Some(c) => format!("monitor (after cVM {})", self.names.cvm(c as u64)),
            };
            self.slice(0, name, from, at, json!({}));
        }
    }

    /// Closes what is still open at cycle `end`, ends the document and flushes. Returns the
    /// output, or the first write error of the whole timeline.
    pub fn finish(mut self, end: u64) -> io::Result<W> {
        if let Some((c, from)) = self.running.take() {
            self.slice(Self::tid(c), format!("cVM {}", self.names.cvm(c as u64)), from, end, json!({}));
        }
        self.close_monitor(end);
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> Observer for Timeline<W> {
    fn monitor(&mut self, ev: &MonitorEvent) {
        self.names.learn(ev);
        let at = ev.cycle;
        let cvm = ev.cvm;
        match ev.kind {
            kind::CVM_ENTER => {
                // A thread in a CAP_Call resumes in its innermost callee.
                let runs = self.calls.runs(cvm);
                self.close_monitor(at);
                self.track(runs);
                self.running = Some((runs, at));
            }
            kind::CVM_LEAVE => {
                if let Some((c, from)) = self.running.take() {
                    let args = json!({"mcause": ev.args[0], "why": describe(ev, &self.names)});
                    self.slice(Self::tid(c), format!("cVM {}", self.names.cvm(c as u64)), from, at, args);
                }
                self.monitor_since = Some((at, Some(cvm)));
            }
            kind::HOSTCALL_ENTER => {
                self.close_hostcall(at, None);
                self.hostcall = Some((at, cvm, ev.args[0]));
            }
            kind::HOSTCALL_LEAVE => self.close_hostcall(at, Some(ev.args[1])),
            kind::CALL | kind::RETURN => {
                // The next enter of the caller's thread runs the callee (or the caller again).
                self.calls.apply(ev);
                self.instant(ev);
            }
            _ => self.instant(ev),
        }
    }
}

impl<W: Write> Timeline<W> {
    /// An instant event on the cVM's track (the monitor's for an event of no cVM).
    fn instant(&mut self, ev: &MonitorEvent) {
        let tid = if ev.cvm as u64 == monitor::abi_no_cvm() {
            0
        } else {
            self.track(ev.cvm);
            Self::tid(ev.cvm)
        };
        self.push(json!({
            "ph": "i", "s": "t", "pid": 1, "tid": tid, "cat": "capvm",
            "name": monitor::event_name(ev), "ts": us(ev.cycle),
            "args": {"text": describe(ev, &self.names)},
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(cycle: u64, kind: u16, cvm: u16, args: [u64; 4]) -> MonitorEvent {
        MonitorEvent { cycle, kind, cvm, args }
    }

    #[test]
    fn slices_and_instants_of_a_small_run() {
        let names = Names { cvms: vec!["alice".into(), "bob".into()], ..Names::default() };
        let mut t = Timeline::new(&names, 0, Vec::new());
        t.monitor(&ev(100, kind::CVM_CREATED, 0, [0x8040_0000, 0x10_0000, 0, 0]));
        t.monitor(&ev(200, kind::CVM_ENTER, 0, [0; 4]));
        t.monitor(&ev(500, kind::CVM_LEAVE, 0, [8, 0, 0, 0]));
        t.monitor(&ev(520, kind::HOSTCALL_ENTER, 0, [2, 0x8040_1000, 0, 0]));
        t.monitor(&ev(620, kind::HOSTCALL_LEAVE, 0, [2, 5, 0, 0]));
        t.monitor(&ev(640, kind::CVM_ENTER, 1, [0; 4]));
        t.monitor(&ev(700, kind::CVM_LEAVE, 1, [28, 0x422, 0, 0]));
        t.monitor(&ev(710, kind::CVM_FAULT, 1, [28, 0x422, 0x8050_0100, 0]));
        let out = t.finish(1000).unwrap();
        let doc: Value = serde_json::from_slice(&out).unwrap();
        let evs = doc["traceEvents"].as_array().unwrap();
        let slices: Vec<(&str, u64, f64, f64)> = evs
            .iter()
            .filter(|e| e["ph"] == "X")
            .map(|e| {
                (
                    e["name"].as_str().unwrap(),
                    e["tid"].as_u64().unwrap(),
                    e["ts"].as_f64().unwrap(),
                    e["dur"].as_f64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            slices,
            [
                ("monitor: boot", 0, 0.0, 2.0),
                ("cVM \"alice\"", 1, 2.0, 3.0),
                ("hostcall WRITE (2)", 0, 5.2, 1.0),
                ("monitor (after cVM \"alice\")", 0, 5.0, 1.4),
                ("cVM \"bob\"", 2, 6.4, 0.6),
                ("monitor (after cVM \"bob\")", 0, 7.0, 3.0),
            ]
        );
        let instants: Vec<&str> = evs.iter().filter(|e| e["ph"] == "i").map(|e| e["name"].as_str().unwrap()).collect();
        assert_eq!(instants, ["cvm_created", "cvm_fault"]);
        let threads: Vec<&str> = evs
            .iter()
            .filter(|e| e["ph"] == "M" && e["name"] == "thread_name")
            .map(|e| e["args"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(threads, ["monitor", "cVM \"alice\"", "cVM \"bob\""]);
    }
}
