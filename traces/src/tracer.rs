//! The trace observer: numbers events, filters them, and writes them to a sink at once or
//! keeps the last N in a ring written when the run ends.

use std::io;

use cheri_cap::Capability;
use sim_core::hart::Priv;
use sim_core::isa::{Insn, Opcode};
use sim_core::observer::{MemAccess, MemKind, MonitorEvent, Observer, Retired, TrapTaken};
use sim_core::{Exit, Machine};

use crate::filter::Filter;
use crate::monitor::{self, CallStack, Names};
use crate::record::{Event, Operands, Record, Shadow};

/// Where records go: a trace format.
pub trait Sink {
    /// The sink reads [`Record::ops`]: the tracer then keeps a [`Shadow`] register file.
    const OPERANDS: bool = false;
    fn record(&mut self, r: &Record) -> io::Result<()>;
    /// Written before the records of a ring buffer: how many were kept of how many seen.
    fn ring(&mut self, kept: u64, seen: u64) -> io::Result<()>;
    /// Written instead of [`Sink::ring`] when the ring was filled by replaying the end of the
    /// run from instruction `from` (`capvm run --trace-ring`): the events before it were not
    /// watched, so how many there were is not known.
    fn ring_replayed(&mut self, kept: u64, from: u64) -> io::Result<()>;
    /// The end of the run: `n` instructions executed.
    fn stop(&mut self, n: u64, exit: &Exit) -> io::Result<()>;
    fn flush(&mut self) -> io::Result<()>;
    /// The deployment's names, for monitor events (before the first record).
    fn names(&mut self, _names: &Names) {}
    /// Every monitor event, kept or not, in order: what it tells about names.
    fn learn(&mut self, _ev: &MonitorEvent) {}
}

/// The observer behind `--trace`. `RING = true` is the ring-buffer mode as a type of its
/// own: no path of its event handling copies the event, so the hart's event goes from
/// registers straight into the ring (with a write path beside it, the compiler builds every
/// event on the stack first, which costs about a third of the ring mode's time).
pub struct Tracer<S: Sink, const RING: bool = false> {
    sink: S,
    filter: Filter,
    shadow: Shadow,
    /// Instructions executed so far (retired or trapped).
    n: u64,
    privilege: Priv,
    ring: Option<Ring>,
    /// Records that passed the filter (in ring mode, more than the ring keeps).
    seen: u64,
    /// The first write error; after it nothing more is written.
    error: Option<io::Error>,
    /// `--trace-cvm`: only this cVM's events (and the monitor's on its behalf).
    only_cvm: Option<u16>,
    /// False while another cVM (or the monitor before the first one) runs.
    cvm_ok: bool,
    /// CAP_Call frames: whose code runs when the monitor enters a thread.
    calls: CallStack,
    /// The ring was filled by a replay of the run from this instruction on.
    replayed_from: Option<u64>,
}

impl<S: Sink, const RING: bool> Tracer<S, RING> {
    /// A tracer for `machine` as it is now (its registers seed the shadow register file);
    /// `ring = Some(n)` keeps only the last `n` records (a ring-mode tracer keeps none
    /// without it).
    pub fn new(sink: S, filter: Filter, ring: Option<usize>, machine: &Machine) -> Tracer<S, RING> {
        let ring = if RING { Some(ring.unwrap_or(0)) } else { ring };
        Tracer {
            sink,
            filter,
            shadow: Shadow::of(&machine.hart),
            n: machine.steps(),
            privilege: machine.hart.privilege,
            ring: ring.map(|cap| Ring::new(cap, S::OPERANDS)),
            seen: 0,
            error: None,
            only_cvm: None,
            cvm_ok: true,
            calls: CallStack::default(),
            replayed_from: None,
        }
    }

    /// Says that this tracer watches a replay of the run's end, from instruction `from` (its
    /// ring header says so instead of counting the events it saw).
    pub fn set_replayed_from(&mut self, from: u64) {
        self.replayed_from = Some(from);
    }

    /// Names cVMs and capfiles in monitor events; with `only = Some(i)`, keeps only cVM i's
    /// events: its monitor events (and the CAP_Call calls into it and returns to it), and
    /// every other event from the monitor entering a thread that runs its code until the
    /// monitor enters another (so its hostcalls and faults, as the monitor handles them, are
    /// kept). In a CAP_Call the caller's thread runs the callee's code: that is the callee's.
    pub fn set_deployment(&mut self, names: &Names, only: Option<u16>) {
        self.sink.names(names);
        self.only_cvm = only;
        self.cvm_ok = only.is_none();
    }

    fn emit(&mut self, r: Record) {
        if self.cvm_ok && self.filter.keeps(&r) {
            self.push(r);
        }
    }

    /// Writes or keeps a record that passed the filter.
    fn push(&mut self, r: Record) {
        self.seen += 1;
        match &mut self.ring {
            Some(ring) => ring.push(Slot::Other(Box::new((r.n, r.event))), S::OPERANDS.then_some(r.ops)),
            None => self.write(&r),
        }
    }

    /// [`Self::push`] for a retired instruction, kept in the ring field by field.
    #[inline(always)]
    fn push_insn(&mut self, n: u64, ev: &Retired, ops: Option<Operands>) {
        self.seen += 1;
        if RING {
            if let Some(ring) = &mut self.ring {
                ring.push_insn(n, ev, ops);
            }
            return;
        }
        match &mut self.ring {
            Some(ring) => ring.push_insn(n, ev, ops),
            // The record is a copy made on this path only, so that the event itself can stay
            // in registers on the ring path.
            None => self.write(&Record { n, event: Event::Insn(*ev), ops: ops.unwrap_or_default() }),
        }
    }

    #[inline(never)]
    fn write(&mut self, r: &Record) {
        if self.error.is_none() {
            if let Err(e) = self.sink.record(r) {
                self.error = Some(e);
            }
        }
    }

    #[cold]
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
        if let Some(ring) = self.ring.take() {
            match self.replayed_from {
                Some(from) => self.sink.ring_replayed(ring.len() as u64, from)?,
                None => self.sink.ring(ring.len() as u64, self.seen)?,
            }
            for r in ring.records() {
                self.sink.record(&r)?;
            }
        }
        self.sink.stop(self.n, exit)?;
        self.sink.flush()?;
        Ok(self.sink)
    }
}

impl<S: Sink, const RING: bool> Observer for Tracer<S, RING> {
    #[inline(always)]
    fn retired(&mut self, ev: &Retired) {
        let n = self.n;
        self.n += 1;
        if ev.privilege != self.privilege {
            self.privilege_change(ev.privilege);
        }
        // The record is built only for an instruction that passes the filter.
        let keep = self.cvm_ok && self.filter.in_window(n) && self.filter.keeps_insn(ev);
        if S::OPERANDS {
            let ops = self.shadow.operands(&ev.insn);
            if keep {
                self.push_insn(n, ev, Some(ops));
            }
            self.shadow.retire(ev, &ops);
        } else if keep {
            self.push_insn(n, ev, None);
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

    fn monitor(&mut self, ev: &MonitorEvent) {
        self.sink.learn(ev);
        if let Some(only) = self.only_cvm {
            let names_it = self.calls.apply(ev).is_some() && ev.args[0] == only as u64;
            if ev.kind == monitor::kind::CVM_ENTER {
                self.cvm_ok = self.calls.runs(ev.cvm) == only;
            }
            if ev.cvm != only && !names_it {
                return;
            }
        }
        let r = Record { n: self.n, event: Event::Monitor(*ev), ops: Operands::default() };
        if self.filter.keeps(&r) {
            self.push(r);
        }
    }
}

/// A retired instruction as the ring keeps it: its fields copied one by one (a copy of the
/// whole event, which the hart has just written to the stack field by field, would stall
/// on store forwarding and cost more than everything else the ring does).
#[derive(Copy, Clone)]
struct Compact {
    n: u64,
    cycle: u64,
    pc: u64,
    next_pc: u64,
    rd_value: u64,
    cap_high: u64,
    mem_addr: u64,
    store_value: u64,
    raw: u32,
    imm: i32,
    op: Opcode,
    exec: Opcode,
    regs: [u8; 4],
    privilege: Priv,
    mem_size: u8,
    mem_kind: MemKind,
    flags: u8,
}

const HAS_RD: u8 = 1;
const HAS_CAP: u8 = 2;
const CAP_TAG: u8 = 4;
const HAS_MEM: u8 = 8;
const MEM_CAP: u8 = 16;
const MEM_TAG: u8 = 32;
const HAS_STORE: u8 = 64;

impl Compact {
    #[inline(always)]
    fn of(n: u64, ev: &Retired) -> Compact {
        let mut flags = 0;
        let (rd, rd_value) = match ev.rd_write {
            Some((r, v)) => {
                flags |= HAS_RD;
                (r, v)
            }
            None => (0, 0),
        };
        let cap_high = match &ev.rd_cap {
            Some(c) => {
                flags |= HAS_CAP | if c.tag() { CAP_TAG } else { 0 };
                c.memory_high()
            }
            None => 0,
        };
        let (mem_addr, mem_size, mem_kind, store_value) = match &ev.mem {
            Some(m) => {
                flags |= HAS_MEM | if m.cap { MEM_CAP } else { 0 } | if m.tag { MEM_TAG } else { 0 };
                let v = match m.store_value {
                    Some(v) => {
                        flags |= HAS_STORE;
                        v
                    }
                    None => 0,
                };
                (m.addr, m.size, m.kind, v)
            }
            None => (0, 0, MemKind::Load, 0),
        };
        Compact {
            n,
            cycle: ev.cycle,
            pc: ev.pc,
            next_pc: ev.next_pc,
            rd_value,
            cap_high,
            mem_addr,
            store_value,
            raw: ev.raw,
            imm: ev.insn.imm,
            op: ev.op,
            exec: ev.insn.op,
            regs: [ev.insn.rd, ev.insn.rs1, ev.insn.rs2, rd],
            privilege: ev.privilege,
            mem_size,
            mem_kind,
            flags,
        }
    }

    fn expand(&self) -> (u64, Event) {
        let f = |b: u8| self.flags & b != 0;
        let [rd, rs1, rs2, wrd] = self.regs;
        let ev = Retired {
            cycle: self.cycle,
            pc: self.pc,
            raw: self.raw,
            op: self.op,
            insn: Insn { op: self.exec, rd, rs1, rs2, imm: self.imm },
            privilege: self.privilege,
            rd_write: f(HAS_RD).then_some((wrd, self.rd_value)),
            rd_cap: f(HAS_CAP).then(|| Capability::from_memory(f(CAP_TAG), self.cap_high, self.rd_value)),
            mem: f(HAS_MEM).then_some(MemAccess {
                addr: self.mem_addr,
                size: self.mem_size,
                kind: self.mem_kind,
                store_value: f(HAS_STORE).then_some(self.store_value),
                cap: f(MEM_CAP),
                tag: f(MEM_TAG),
            }),
            next_pc: self.next_pc,
        };
        (self.n, Event::Insn(ev))
    }
}

/// One ring slot: instructions compact, the rare other events boxed.
enum Slot {
    Insn(Compact),
    Other(Box<(u64, Event)>),
}

/// The last `cap` records, overwritten in place: the events, and their operands only when
/// the sink reads them (text and JSON keep 100 bytes less per record).
struct Ring {
    events: Vec<Slot>,
    ops: Vec<Operands>,
    cap: usize,
    /// The slot the next record goes to once the ring is full.
    next: usize,
}

impl Ring {
    fn new(cap: usize, operands: bool) -> Ring {
        let reserve = cap.min(1 << 20);
        Ring {
            events: Vec::with_capacity(reserve),
            ops: if operands { Vec::with_capacity(reserve) } else { Vec::new() },
            cap,
            next: 0,
        }
    }

    #[inline(always)]
    fn push(&mut self, slot: Slot, ops: Option<Operands>) {
        if self.events.len() < self.cap {
            self.events.push(slot);
            if let Some(o) = ops {
                self.ops.push(o);
            }
        } else if self.cap > 0 {
            self.events[self.next] = slot;
            if let Some(o) = ops {
                self.ops[self.next] = o;
            }
            self.next = if self.next + 1 == self.cap { 0 } else { self.next + 1 };
        }
    }

    /// [`Self::push`] for an instruction, written in place when the slot already holds one.
    #[inline(always)]
    fn push_insn(&mut self, n: u64, ev: &Retired, ops: Option<Operands>) {
        if self.events.len() == self.cap && self.cap > 0 {
            let k = self.next;
            self.next = if k + 1 == self.cap { 0 } else { k + 1 };
            if let Some(o) = ops {
                self.ops[k] = o;
            }
            match &mut self.events[k] {
                Slot::Insn(c) => *c = Compact::of(n, ev),
                other => *other = Slot::Insn(Compact::of(n, ev)),
            }
        } else {
            self.push(Slot::Insn(Compact::of(n, ev)), ops);
        }
    }

    fn len(&self) -> usize {
        self.events.len()
    }

    /// The records, oldest first.
    fn records(&self) -> impl Iterator<Item = Record> + '_ {
        let len = self.events.len();
        (0..len).map(move |i| {
            let k = (self.next + i) % len;
            let (n, event) = match &self.events[k] {
                Slot::Insn(c) => c.expand(),
                Slot::Other(b) => **b,
            };
            Record { n, event, ops: self.ops.get(k).copied().unwrap_or_default() }
        })
    }
}
