//! The trace observer: numbers events, filters them, and writes them to a sink at once or
//! keeps the last N in a ring written when the run ends.

use std::collections::VecDeque;
use std::io;

use sim_core::hart::Priv;
use sim_core::isa::{Insn, Opcode};
use sim_core::observer::{Observer, Retired, TrapTaken};
use sim_core::{Exit, Machine};

use crate::filter::Filter;
use crate::record::{Event, Operands, Record, Shadow};

/// Where records go: a trace format.
pub trait Sink {
    /// The sink reads [`Record::ops`]: the tracer then keeps a [`Shadow`] register file.
    const OPERANDS: bool = false;
    fn record(&mut self, r: &Record) -> io::Result<()>;
    /// Written before the records of a ring buffer: how many were kept of how many seen.
    fn ring(&mut self, kept: u64, seen: u64) -> io::Result<()>;
    /// The end of the run: `n` instructions executed.
    fn stop(&mut self, n: u64, exit: &Exit) -> io::Result<()>;
    fn flush(&mut self) -> io::Result<()>;
}

/// The observer behind `--trace`.
pub struct Tracer<S: Sink> {
    sink: S,
    filter: Filter,
    shadow: Shadow,
    /// Instructions executed so far (retired or trapped).
    n: u64,
    privilege: Priv,
    ring: Option<(VecDeque<Record>, usize)>,
    /// Records that passed the filter (in ring mode, more than the ring keeps).
    seen: u64,
    /// The first write error; after it nothing more is written.
    error: Option<io::Error>,
}

impl<S: Sink> Tracer<S> {
    /// A tracer for `machine` as it is now (its registers seed the shadow register file);
    /// `ring = Some(n)` keeps only the last `n` records.
    pub fn new(sink: S, filter: Filter, ring: Option<usize>, machine: &Machine) -> Tracer<S> {
        Tracer {
            sink,
            filter,
            shadow: Shadow::of(&machine.hart),
            n: machine.steps(),
            privilege: machine.hart.privilege,
            ring: ring.map(|cap| (VecDeque::with_capacity(cap.min(1 << 20)), cap)),
            seen: 0,
            error: None,
        }
    }

    fn emit(&mut self, r: Record) {
        if !self.filter.keeps(&r) {
            return;
        }
        self.seen += 1;
        match &mut self.ring {
            Some((ring, cap)) => {
                if *cap == 0 {
                    return;
                }
                if ring.len() == *cap {
                    ring.pop_front();
                }
                ring.push_back(r);
            }
            None => {
                if self.error.is_none() {
                    if let Err(e) = self.sink.record(&r) {
                        self.error = Some(e);
                    }
                }
            }
        }
    }

    fn privilege_change(&mut self, to: Priv) {
        if to != self.privilege {
            let from = std::mem::replace(&mut self.privilege, to);
            self.emit(Record { n: self.n, event: Event::Priv { from, to }, ops: Operands::default() });
        }
    }

    /// Writes what the ring kept and the end of the run, and flushes. Returns the first I/O
    /// error of the whole trace.
    pub fn finish(mut self, exit: &Exit) -> io::Result<S> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if let Some((ring, _)) = self.ring.take() {
            self.sink.ring(ring.len() as u64, self.seen)?;
            for r in &ring {
                self.sink.record(r)?;
            }
        }
        self.sink.stop(self.n, exit)?;
        self.sink.flush()?;
        Ok(self.sink)
    }
}

impl<S: Sink> Observer for Tracer<S> {
    #[inline]
    fn retired(&mut self, ev: &Retired) {
        let n = self.n;
        self.n += 1;
        self.privilege_change(ev.privilege);
        let ops = if S::OPERANDS { self.shadow.operands(&ev.insn) } else { Operands::default() };
        if self.filter.in_window(n) {
            self.emit(Record { n, event: Event::Insn(*ev), ops });
        }
        if S::OPERANDS {
            self.shadow.retire(ev, &ops);
        }
    }

    fn trap(&mut self, ev: &TrapTaken) {
        let n = self.n;
        let interrupt = ev.cause >> 63 != 0;
        if !interrupt {
            // The faulting instruction counts as executed (as `--max-insns` counts it).
            self.n += 1;
        }
        self.privilege_change(ev.from);
        let ops = match (S::OPERANDS, ev.insn) {
            (true, Some((_, insn))) => Operands { ddc: ev.ddc, ..self.shadow.operands(&insn) },
            (true, None) => Operands { ddc: ev.ddc, ..self.shadow.operands(&Insn::fixed(Opcode::Ecall)) },
            _ => Operands::default(),
        };
        self.emit(Record { n, event: Event::Trap(*ev), ops });
        if S::OPERANDS {
            self.shadow.trap(ev);
        }
        self.privilege_change(Priv::Machine);
    }
}
