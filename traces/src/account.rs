//! Cycle attribution (issue 8): cycles and instructions per cVM and for the monitor, the
//! monitor's split by primitive (hostcall number, CAP_File, CAP_Call) and by the cVM it
//! worked for, from the privilege of each instruction and the monitor's trace-port events.
//!
//! Each event's cycle stamp (the atomic clock, or a timing model's when the account sits
//! behind one) marks when it started; the cycles up to the next event are charged to where
//! the first one ran: a user-mode instruction to the cVM the monitor entered last, a
//! machine-mode one to the monitor's current primitive on behalf of that cVM.

use std::collections::BTreeMap;
use std::fmt;

use sim_core::hart::Priv;
use sim_core::observer::{MonitorEvent, Observer, Retired, TrapTaken};

use crate::monitor::{hostcall_name, kind, CallStack, Names};

/// What the monitor is doing.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Primitive {
    /// Before the first cVM runs: checking the boot information, deriving capabilities.
    Boot,
    /// Trap entry and exit, scheduling, preemption: the cost of a switch.
    Switch,
    /// Serving hostcall number N (CAP_File's are hostcalls 4..6, CAP_Call's 10..).
    Hostcall(u64),
    /// A number no hostcall has (a cVM chooses it: one row for all of them).
    UnknownHostcall,
    /// CAP_Call call / return, between the event and the next cVM entry.
    Call,
    Return,
    /// Stopping a faulting cVM and reporting it, up to the next cVM entry (or the final
    /// report).
    Fault,
    /// A cVM's exit, up to the next cVM entry (or the final report).
    Exit,
}

impl fmt::Display for Primitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Primitive::Boot => write!(f, "boot"),
            Primitive::Switch => write!(f, "switch"),
            Primitive::Hostcall(n) => write!(f, "hostcall {}", hostcall_name(*n)),
            Primitive::UnknownHostcall => write!(f, "hostcall with an unknown number"),
            Primitive::Call => write!(f, "CAP_Call call"),
            Primitive::Return => write!(f, "CAP_Call return"),
            Primitive::Fault => write!(f, "cVM fault"),
            Primitive::Exit => write!(f, "cVM exit"),
        }
    }
}

/// Where cycles go.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// cVM i running (user mode).
    Cvm(u16),
    /// The monitor, doing a primitive, for a cVM (None: for nobody yet, at boot).
    Monitor(Primitive, Option<u16>),
}

/// Cycles, instructions, and how many times a primitive started.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub cycles: u64,
    pub insns: u64,
    pub calls: u64,
}

pub struct CycleAccount {
    names: Names,
    /// The stamp of the previous event, and where it ran.
    last: (u64, Place),
    /// What has run at `last.1` since it was entered, not yet in `by_place` (one map update
    /// per change of place, not per instruction).
    run: Counts,
    /// The cVM the monitor entered last: it works on its behalf.
    owner: Option<u16>,
    /// Whose code runs in user mode: the owner, or the cVM it called through CAP_Call.
    runs: Option<u16>,
    calls: CallStack,
    primitive: Primitive,
    pub by_place: BTreeMap<Place, Counts>,
}

impl CycleAccount {
    pub fn new(names: &Names) -> CycleAccount {
        CycleAccount {
            names: names.clone(),
            // The run starts at cycle 0 in the monitor; a pipeline model's first stamp comes
            // a few cycles later (fill), which is boot time too.
            last: (0, Place::Monitor(Primitive::Boot, None)),
            run: Counts::default(),
            owner: None,
            runs: None,
            calls: CallStack::default(),
            primitive: Primitive::Boot,
            by_place: BTreeMap::new(),
        }
    }

    fn place(&self, privilege: Priv) -> Place {
        match (privilege, self.runs) {
            (Priv::User, Some(c)) => Place::Cvm(c),
            _ => Place::Monitor(self.primitive, self.owner),
        }
    }

    /// Charges the cycles since the last event to where it ran; the next stretch runs at
    /// `place`.
    #[inline]
    fn advance(&mut self, cycle: u64, place: Place) {
        let (from, at) = self.last;
        self.run.cycles += cycle.saturating_sub(from);
        if place != at {
            self.flush();
        }
        self.last = (cycle, place);
    }

    #[cold]
    fn flush(&mut self) {
        let e = self.by_place.entry(self.last.1).or_default();
        e.cycles += self.run.cycles;
        e.insns += self.run.insns;
        self.run = Counts::default();
    }

    /// Charges the last stretch up to `end` (the run's total cycles); the counts are complete
    /// after this.
    pub fn finish(&mut self, end: u64) {
        self.advance(end, self.last.1);
        self.flush();
    }

    fn start(&mut self, p: Primitive) {
        self.primitive = p;
        self.by_place.entry(Place::Monitor(p, self.owner)).or_default().calls += 1;
    }

    pub fn total(&self) -> Counts {
        self.by_place.values().fold(Counts::default(), |a, c| Counts {
            cycles: a.cycles + c.cycles,
            insns: a.insns + c.insns,
            calls: a.calls + c.calls,
        })
    }

    /// The row label of a place.
    pub fn label(&self, p: &Place) -> String {
        match p {
            Place::Cvm(c) => format!("cVM {}", self.names.cvm(*c as u64)),
            Place::Monitor(prim, None) => format!("monitor: {prim}"),
            Place::Monitor(prim, Some(c)) => format!("monitor: {prim} for {}", self.names.cvm(*c as u64)),
        }
    }
}

impl Observer for CycleAccount {
    #[inline]
    fn retired(&mut self, ev: &Retired) {
        let place = self.place(ev.privilege);
        self.advance(ev.cycle, place);
        self.run.insns += 1;
    }

    fn trap(&mut self, ev: &TrapTaken) {
        // Trap entry is the monitor's: the cycles from here to its first instruction.
        if ev.from == Priv::User {
            self.primitive = Primitive::Switch;
        }
        let place = Place::Monitor(self.primitive, self.owner);
        self.advance(ev.cycle, place);
    }

    fn monitor(&mut self, ev: &MonitorEvent) {
        match ev.kind {
            kind::CVM_ENTER => {
                self.owner = Some(ev.cvm);
                self.runs = Some(self.calls.runs(ev.cvm));
                self.primitive = Primitive::Switch;
            }
            kind::CVM_LEAVE => {
                self.owner = Some(ev.cvm);
                self.primitive = Primitive::Switch;
            }
            kind::HOSTCALL_ENTER => {
                let n = ev.args[0];
                let known = ::monitor::abi::HOSTCALLS.iter().any(|h| h.number == n);
                self.start(if known { Primitive::Hostcall(n) } else { Primitive::UnknownHostcall })
            }
            kind::HOSTCALL_LEAVE => self.primitive = Primitive::Switch,
            kind::CALL | kind::RETURN => {
                self.runs = self.calls.apply(ev);
                self.start(if ev.kind == kind::CALL { Primitive::Call } else { Primitive::Return });
            }
            kind::CVM_FAULT => self.start(Primitive::Fault),
            kind::CVM_EXIT => self.start(Primitive::Exit),
            _ => {}
        }
        // From here on the monitor's instructions belong to the new primitive.
        if let (c, Place::Monitor(..)) = self.last {
            self.advance(ev.cycle.max(c), Place::Monitor(self.primitive, self.owner));
        }
    }
}

impl fmt::Display for CycleAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.total();
        let pct = |n: u64| n as f64 * 100.0 / total.cycles.max(1) as f64;
        writeln!(
            f,
            "  {:<56} {:>14} {:>7} {:>14} {:>6} {:>7} {:>10}",
            "where", "cycles", "%", "instructions", "CPI", "calls", "cycles/call"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, label: &str, c: &Counts, calls: bool| {
            let cpi = if c.insns > 0 { format!("{:.2}", c.cycles as f64 / c.insns as f64) } else { "-".into() };
            let (calls, per_call) = match (calls, c.calls) {
                (true, n) if n > 0 => (n.to_string(), (c.cycles / n).to_string()),
                _ => (String::new(), String::new()),
            };
            writeln!(
                f,
                "  {label:<56} {:>14} {:>6.2}% {:>14} {cpi:>6} {calls:>7} {per_call:>10}",
                c.cycles,
                pct(c.cycles),
                c.insns
            )
        };
        let mut cvm = Counts::default();
        let mut mon = Counts::default();
        for (p, c) in &self.by_place {
            let sum = if matches!(p, Place::Cvm(_)) { &mut cvm } else { &mut mon };
            sum.cycles += c.cycles;
            sum.insns += c.insns;
            let calls = matches!(p, Place::Monitor(Primitive::Hostcall(_) | Primitive::Call | Primitive::Return, _));
            row(f, &self.label(p), c, calls)?;
        }
        row(f, "all cVMs", &cvm, false)?;
        row(f, "the monitor", &mon, false)?;
        row(f, "total", &total, false)
    }
}
