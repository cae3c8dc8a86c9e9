//! Monitor events (DESIGN.md §5, the trace port) in the paper's words: "cVM created",
//! "hostcall", "CAP_File probe/revoke", "CAP_Call call/return", "cVM fault", with the names
//! of the cVMs and capfiles, which the host knows from the deployment.
//!
//! The kinds and their arguments are defined once, in `monitor::abi::TRACE_EVENTS`; kinds
//! this module has no sentence for are still shown, by their table entry.

use monitor::abi::{self, TraceEvent};
use sim_core::hart::trap::cause_name;
use sim_core::observer::MonitorEvent;

use crate::names::cheri_fault;

/// The event kinds (`monitor/src/abi.rs`).
pub mod kind {
    pub const CVM_CREATED: u16 = 1;
    pub const CVM_ENTER: u16 = 2;
    pub const CVM_LEAVE: u16 = 3;
    pub const HOSTCALL_ENTER: u16 = 4;
    pub const HOSTCALL_LEAVE: u16 = 5;
    pub const CAPFILE_ADVERTISE: u16 = 6;
    pub const CAPFILE_PROBE: u16 = 7;
    pub const CAPFILE_REVOKE: u16 = 8;
    pub const CALL: u16 = 9;
    pub const RETURN: u16 = 10;
    pub const CVM_FAULT: u16 = 11;
    pub const CVM_EXIT: u16 = 12;
    pub const STREAM_WRITE: u16 = 13;
    pub const STREAM_READ: u16 = 14;
}

/// What the host knows about a deployment: the names of its cVMs and capfiles, by index in
/// the boot information.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    pub cvms: Vec<String>,
    /// Name, base, size.
    pub capfiles: Vec<(String, u64, u64)>,
    /// Capfiles advertised at run time (their keys are in the advertiser's memory): by index,
    /// the advertiser, base and size, learnt from the `capfile_advertise` events.
    pub advertised: std::collections::BTreeMap<u64, (u16, u64, u64)>,
}

impl Names {
    /// `"alice"` (quoted), or `#3` for an index the deployment does not have.
    pub fn cvm(&self, i: u64) -> String {
        match self.cvms.get(i as usize) {
            Some(n) => format!("\"{n}\""),
            None if i == abi::TP_NO_CVM => "(none)".to_string(),
            None => format!("#{i}"),
        }
    }

    /// The bare name of cVM `i`, if the deployment has it.
    pub fn cvm_name(&self, i: u16) -> Option<&str> {
        self.cvms.get(i as usize).map(String::as_str)
    }

    pub fn capfile(&self, i: u64) -> String {
        match (self.capfiles.get(i as usize), self.advertised.get(&i)) {
            (Some((n, ..)), _) => format!("\"{n}\""),
            (None, Some((owner, ..))) => format!("#{i} (advertised by {})", self.cvm(*owner as u64)),
            (None, None) => format!("#{i}"),
        }
    }

    /// The bounds of capfile `i`, if known.
    pub fn capfile_bounds(&self, i: u64) -> Option<(u64, u64)> {
        match (self.capfiles.get(i as usize), self.advertised.get(&i)) {
            (Some((_, b, s)), _) | (None, Some((_, b, s))) => Some((*b, b.wrapping_add(*s))),
            _ => None,
        }
    }

    /// Learns what an event tells about names: a capfile advertised at run time.
    pub fn learn(&mut self, ev: &MonitorEvent) {
        // The monitor has at most MAX_CAPFILES; a larger index is not a capfile.
        if ev.kind == kind::CAPFILE_ADVERTISE && ev.args[0] < abi::MAX_CAPFILES as u64 {
            self.advertised.insert(ev.args[0], (ev.cvm, ev.args[1], ev.args[2]));
        }
    }

    /// The index of the cVM called `name`.
    pub fn cvm_index(&self, name: &str) -> Option<u16> {
        self.cvms.iter().position(|n| n == name).map(|i| i as u16)
    }
}

/// The `cvm` field of an event that belongs to no cVM.
pub fn abi_no_cvm() -> u64 {
    abi::TP_NO_CVM
}

/// CAP_Call frames as the monitor reports them, to know whose code runs when the monitor
/// resumes a thread: after `call` (cvm = caller, arg 0 = callee) the callee's, after `return`
/// (cvm = callee, arg 0 = caller) the caller's again, and `enter` of a cVM resumes the
/// innermost callee of its calls.
#[derive(Clone, Debug, Default)]
pub struct CallStack {
    frames: Vec<(u16, u16)>,
}

impl CallStack {
    /// At most this many frames are followed (the monitor's own limit is lower).
    const MAX: usize = 256;

    /// Applies a `call` or `return` event; returns the cVM whose code runs next, if the event
    /// is one of them.
    pub fn apply(&mut self, ev: &MonitorEvent) -> Option<u16> {
        let other = ev.args[0].min(u16::MAX as u64) as u16;
        match ev.kind {
            kind::CALL => {
                if self.frames.len() < Self::MAX {
                    self.frames.push((ev.cvm, other));
                }
                Some(other)
            }
            kind::RETURN => {
                if let Some(i) = self.frames.iter().rposition(|&(caller, callee)| callee == ev.cvm && caller == other) {
                    self.frames.truncate(i);
                }
                Some(other)
            }
            _ => None,
        }
    }

    /// Whose code runs when the monitor enters cVM `c`.
    pub fn runs(&self, c: u16) -> u16 {
        let mut x = c;
        for &(caller, callee) in &self.frames {
            if caller == x {
                x = callee;
            }
        }
        x
    }
}

/// The table entry of an event's kind.
pub fn entry(ev: &MonitorEvent) -> Option<&'static TraceEvent> {
    abi::trace_event(ev.kind)
}

/// The event's name in the jsonl trace: the C name in lower case (`hostcall_enter`), or
/// `kind_N` for a number the table does not have.
pub fn event_name(ev: &MonitorEvent) -> String {
    match entry(ev) {
        Some(e) => e.name.to_ascii_lowercase(),
        None => format!("kind_{}", ev.kind),
    }
}

/// The hostcall called `number`: `WRITE (2)`.
pub fn hostcall_name(number: u64) -> String {
    match abi::HOSTCALLS.iter().find(|h| h.number == number) {
        Some(h) => format!("{} ({number})", h.name),
        None => format!("#{number} (unknown)"),
    }
}

/// A hostcall result: the number, or the error's name.
fn result(v: u64) -> String {
    let s = v as i64;
    match abi::ERRORS.iter().find(|e| e.1 == s) {
        Some(e) => format!("{} ({s})", e.0),
        None if s < 0 => format!("{s}"),
        None => format!("{v}"),
    }
}

/// The event in one sentence, in the paper's words.
pub fn describe(ev: &MonitorEvent, names: &Names) -> String {
    let [a0, a1, a2, _] = ev.args;
    let cvm = names.cvm(ev.cvm as u64);
    match ev.kind {
        kind::CVM_CREATED => format!("cVM {cvm} created: region [{a0:#x}, {:#x})", a0.wrapping_add(a1)),
        kind::CVM_ENTER => format!("enter cVM {cvm}"),
        kind::CVM_LEAVE => format!("cVM {cvm} left to the monitor: {} (mcause {})", cause_name(a0), cause(a0)),
        kind::HOSTCALL_ENTER => format!("hostcall {} from cVM {cvm}, a0 {a0:#x}", hostcall_name(a0), a0 = a1),
        kind::HOSTCALL_LEAVE => format!("hostcall {} returns {} to cVM {cvm}", hostcall_name(a0), result(a1)),
        kind::CAPFILE_ADVERTISE => {
            format!("CAP_File advertise: cVM {cvm} advertises capfile #{a0} [{a1:#x}, {:#x})", a1.wrapping_add(a2))
        }
        kind::CAPFILE_PROBE => {
            format!("CAP_File probe: cVM {cvm} receives a capability to capfile {} ({})", names.capfile(a0), perms(a1))
        }
        kind::CAPFILE_REVOKE => format!(
            "CAP_File revoke: cVM {cvm} revokes capfile {}; {a1} cop{} cleared",
            names.capfile(a0),
            if a1 == 1 { "y" } else { "ies" }
        ),
        kind::CALL => format!("CAP_Call call: cVM {cvm} calls cVM {}, entry {a1}", names.cvm(a0)),
        kind::RETURN => format!("CAP_Call return: cVM {cvm} returns {a1:#x} to cVM {}", names.cvm(a0)),
        kind::CVM_FAULT => {
            let what = match cheri_fault(a0, a1) {
                Some(f) => format!("CHERI {} on {}", f.name, f.reg),
                None => cause_name(a0).to_string(),
            };
            format!("cVM fault: cVM {cvm} stopped by {what} (mcause {}, mtval {a1:#x}) at pc {a2:#x}", cause(a0))
        }
        kind::CVM_EXIT => format!("cVM {cvm} exited with status {}", a0 as i64),
        kind::STREAM_WRITE => format!("stream {a0}: cVM {cvm} writes {a1} bytes"),
        kind::STREAM_READ => format!("stream {a0}: cVM {cvm} reads {a1} bytes"),
        _ => generic(ev, &cvm),
    }
}

/// An event by its table entry: `<doc>: cVM "x"; name value, …`.
fn generic(ev: &MonitorEvent, cvm: &str) -> String {
    let (doc, args): (String, &[&str]) = match entry(ev) {
        Some(e) => (e.doc.to_string(), e.args),
        None => (format!("monitor event {}", ev.kind), &["arg0", "arg1", "arg2", "arg3"]),
    };
    let mut s = format!("{doc}: cVM {cvm}");
    for (name, v) in args.iter().zip(ev.args) {
        s.push_str(&format!("; {name} {v:#x}"));
    }
    s
}

/// CGetPerm bits as the permission letters (cheri-cap's spelling) and the number.
fn perms(bits: u64) -> String {
    format!("perms {} = {bits:#x}", cheri_cap::Perms::from_bits_truncate(bits))
}

/// mcause as a number, with the interrupt bit spelt out.
fn cause(c: u64) -> String {
    if c >> 63 != 0 {
        format!("interrupt {}", c & !(1 << 63))
    } else {
        c.to_string()
    }
}

/// The capability handover a probe, call or return means, for the explain narrative: who
/// gave which capability to whom.
pub fn handover(ev: &MonitorEvent, names: &Names) -> Option<String> {
    let [a0, a1, ..] = ev.args;
    let cvm = names.cvm(ev.cvm as u64);
    match ev.kind {
        kind::CVM_CREATED => Some(format!(
            "the monitor derived cVM {cvm}'s capabilities from its root: a DDC over [{a0:#x}, {:#x}) and a PCC over its code, nothing more",
            a0.wrapping_add(a1)
        )),
        kind::CAPFILE_PROBE => {
            let bounds = match names.capfile_bounds(a0) {
                Some((b, t)) => format!(" over [{b:#x}, {t:#x})"),
                None => String::new(),
            };
            let from = match names.advertised.get(&a0) {
                Some((owner, ..)) if a0 as usize >= names.capfiles.len() => {
                    format!("derived from the DDC of {}, which advertised it", names.cvm(*owner as u64))
                }
                _ => "derived from the monitor's root".to_string(),
            };
            Some(format!(
                "the monitor gives cVM {cvm} a capability{bounds} ({}), {from}; from now on the hart lets cVM {cvm} reach capfile {} through it",
                perms(a1),
                names.capfile(a0)
            ))
        }
        kind::CAPFILE_REVOKE => Some(format!(
            "the monitor clears the tag of every copy of capfile {}'s capability it finds ({a1}); a cVM that uses one afterwards faults on its tag",
            names.capfile(a0)
        )),
        kind::CALL => Some(format!(
            "the monitor keeps cVM {cvm}'s registers in a call frame and runs entry {a1} of cVM {} on {cvm}'s thread with the callee's own PCC and DDC, every other register NULL; the callee gets nothing of the caller but the arguments, a sealed return pair and, if one was passed, a local capability to exactly the caller's buffer",
            names.cvm(a0)
        )),
        kind::RETURN => Some(format!(
            "the monitor clears the return pair and the buffer capability from cVM {cvm}'s stack and gives cVM {} its registers back from the call frame",
            names.cvm(a0)
        )),
        kind::CVM_FAULT => Some(format!("the monitor stops cVM {cvm}; the other cVMs go on")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(kind: u16, cvm: u16, args: [u64; 4]) -> MonitorEvent {
        MonitorEvent { cycle: 0, kind, cvm, args }
    }

    #[test]
    fn sentences() {
        let mut names = Names {
            cvms: vec!["alice".into(), "bob".into()],
            capfiles: vec![("buf".into(), 0x8100_0000, 0x1000)],
            ..Names::default()
        };
        assert_eq!(
            describe(&ev(1, 0, [0x8040_0000, 0x10_0000, 0, 0]), &names),
            "cVM \"alice\" created: region [0x80400000, 0x80500000)"
        );
        assert_eq!(
            describe(&ev(4, 1, [2, 0x8050_0010, 0, 0]), &names),
            "hostcall WRITE (2) from cVM \"bob\", a0 0x80500010"
        );
        assert_eq!(
            describe(&ev(5, 1, [99, (-38i64) as u64, 0, 0]), &names),
            "hostcall #99 (unknown) returns ENOSYS (-38) to cVM \"bob\""
        );
        assert_eq!(
            describe(&ev(11, 1, [28, 0x21 << 5 | 0x2, 0x8050_0100, 0]), &names),
            "cVM fault: cVM \"bob\" stopped by CHERI tag violation on DDC (mcause 28, mtval 0x422) at pc 0x80500100"
        );
        assert_eq!(
            describe(&ev(3, 0, [1 << 63 | 7, 0, 0, 0]), &names),
            "cVM \"alice\" left to the monitor: machine timer interrupt (mcause interrupt 7)"
        );
        assert!(describe(&ev(7, 1, [0, 3, 0, 0]), &names).contains("capfile \"buf\""));
        assert_eq!(
            describe(&ev(200, 5, [1, 2, 3, 4]), &names),
            "monitor event 200: cVM #5; arg0 0x1; arg1 0x2; arg2 0x3; arg3 0x4"
        );
        assert!(handover(&ev(7, 1, [0, 3, 0, 0]), &names).unwrap().contains("[0x81000000, 0x81001000)"));
        assert_eq!(event_name(&ev(4, 0, [0; 4])), "hostcall_enter");
        names.learn(&ev(kind::CAPFILE_ADVERTISE, 0, [3, 0x8040_0600, 0x80, 0]));
        assert_eq!(
            describe(&ev(kind::CAPFILE_PROBE, 1, [3, 0xd, 0, 0]), &names),
            "CAP_File probe: cVM \"bob\" receives a capability to capfile #3 (advertised by \"alice\") (perms rw----G----- = 0xd)"
        );
        assert!(handover(&ev(kind::CAPFILE_PROBE, 1, [3, 0xd, 0, 0]), &names)
            .unwrap()
            .contains("[0x80400600, 0x80400680)"));
    }

    #[test]
    fn calls_decide_whose_code_runs() {
        let mut s = CallStack::default();
        assert_eq!(s.runs(0), 0);
        assert_eq!(s.apply(&ev(kind::CALL, 0, [1, 0, 0, 0])), Some(1));
        assert_eq!(s.apply(&ev(kind::CALL, 1, [2, 0, 0, 0])), Some(2));
        assert_eq!((s.runs(0), s.runs(3)), (2, 3));
        assert_eq!(s.apply(&ev(kind::RETURN, 2, [1, 0, 0, 0])), Some(1));
        assert_eq!(s.runs(0), 1);
        assert_eq!(s.apply(&ev(kind::RETURN, 1, [0, 0, 0, 0])), Some(0));
        assert_eq!(s.runs(0), 0);
        assert_eq!(s.apply(&ev(kind::RETURN, 7, [9, 0, 0, 0])), Some(9), "an unmatched return leaves the frames");
        assert_eq!(s.apply(&ev(kind::HOSTCALL_ENTER, 0, [2, 0, 0, 0])), None);
    }
}
