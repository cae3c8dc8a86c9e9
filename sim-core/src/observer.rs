//! The event stream (DESIGN.md §3): what the hart tells observers about each retired
//! instruction and each trap.
//!
//! The run loop is generic over the observer. With [`NoObserver`] (`ENABLED = false`) the
//! compiler removes every observer call and the code that builds events, so an unobserved
//! run does no observer work at all.

use crate::hart::Priv;
use crate::isa::{Insn, Opcode};

/// A data memory access made by a retired instruction (derived from its operands).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct MemAccess {
    pub addr: u64,
    pub size: u8,
    pub kind: MemKind,
    /// The value stored (stores, AMOs: the register operand); loads report it in `rd_write`.
    pub store_value: Option<u64>,
    /// A capability access (16 bytes with its tag: capability loads, stores and AMOs).
    /// Timing models route these through the tag controller; false for integer accesses.
    pub cap: bool,
    /// For capability accesses, the tag loaded or stored (an integer store always clears
    /// the tags it overlaps, so it reports false).
    pub tag: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum MemKind {
    Load,
    Store,
    /// A read-modify-write (AMOs, LR/SC count as Load/Store).
    Amo,
}

/// One retired instruction.
#[derive(Copy, Clone, Debug)]
pub struct Retired {
    /// The machine's cycle count when it started (the atomic clock; see `Hart::cycle`).
    pub cycle: u64,
    pub pc: u64,
    /// The instruction bits (16 significant bits for compressed instructions).
    pub raw: u32,
    /// The opcode as encoded (compressed opcodes are kept).
    pub op: Opcode,
    /// The base instruction that was executed (compressed ones expanded).
    pub insn: Insn,
    /// The privilege it ran in (for an mret, Machine: the one it leaves).
    pub privilege: Priv,
    /// The integer register written and its new value (never x0).
    pub rd_write: Option<(u8, u64)>,
    /// The capability now in rd, when it is more than a NULL-derived integer (tagged, or with
    /// non-NULL metadata).
    pub rd_cap: Option<cheri_cap::Capability>,
    pub mem: Option<MemAccess>,
    pub next_pc: u64,
}

/// A trap being taken.
#[derive(Copy, Clone, Debug)]
pub struct TrapTaken {
    pub cycle: u64,
    /// The pc of the faulting (or interrupted) instruction.
    pub pc: u64,
    pub cause: u64,
    pub tval: u64,
    pub from: Priv,
    /// Where the handler starts.
    pub handler: u64,
    /// The instruction that raised the exception: its bits (16 significant bits for
    /// compressed ones) and the base instruction executed. None for interrupts and fetch
    /// faults, where no instruction was decoded.
    pub insn: Option<(u32, Insn)>,
    /// PCC and DDC as the faulting instruction saw them (before trap entry replaced PCC):
    /// the capabilities a CHERI exception with cap_idx 0x20 (PCC) or 0x21 (DDC) names.
    pub pcc: cheri_cap::Capability,
    pub ddc: cheri_cap::Capability,
}

/// An event the monitor reported through the trace port (`devices::traceport`). The kinds
/// and the meaning of the arguments are the monitor's (`monitor/src/abi.rs`, TRACE_EVENTS).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct MonitorEvent {
    /// The cycle of the store that emitted it (the atomic clock, or a timing model's).
    pub cycle: u64,
    pub kind: u16,
    /// The cVM's index in the boot information (0xffff: none).
    pub cvm: u16,
    pub args: [u64; 4],
}

/// The parts of a [`Retired`] event an observer reads, beyond the ones that are always there
/// (cycle, pc, raw, op, insn, privilege, next_pc). The hart computes only these; the others
/// are `None` (and `MemAccess` is absent) for an observer that does not ask for them. Timing
/// models, for instance, read the memory access but never a register's value.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Needs {
    /// [`Retired::mem`].
    pub mem: bool,
    /// [`Retired::rd_write`] (the register written and its value).
    pub rd_value: bool,
    /// [`Retired::rd_cap`] (the capability written, decoded: the most expensive part).
    pub rd_cap: bool,
}

impl Needs {
    /// Everything (the default: a new observer sees whole events).
    pub const ALL: Needs = Needs { mem: true, rd_value: true, rd_cap: true };
    /// Only the fields that are always there.
    pub const NONE: Needs = Needs { mem: false, rd_value: false, rd_cap: false };

    /// What either of two observers needs.
    pub const fn union(self, other: Needs) -> Needs {
        Needs {
            mem: self.mem || other.mem,
            rd_value: self.rd_value || other.rd_value,
            rd_cap: self.rd_cap || other.rd_cap,
        }
    }
}

/// Something that watches the machine run. Observers never change architectural state.
pub trait Observer {
    /// False only for [`NoObserver`]: the run loop then skips all event work at compile time.
    const ENABLED: bool = true;
    /// The parts of [`Retired`] events this observer reads (see [`Needs`]).
    const NEEDS: Needs = Needs::ALL;
    fn retired(&mut self, _ev: &Retired) {}
    fn trap(&mut self, _ev: &TrapTaken) {}
    /// A monitor event, delivered after the instruction that emitted it retired. Delivered
    /// whatever `ENABLED` says: an observer of monitor events only sets it false and the hart
    /// builds no instruction events for it.
    fn monitor(&mut self, _ev: &MonitorEvent) {}
}

/// The observer that observes nothing, at no cost.
pub struct NoObserver;

impl Observer for NoObserver {
    const ENABLED: bool = false;
}

/// Two observers side by side.
impl<A: Observer, B: Observer> Observer for (A, B) {
    const ENABLED: bool = A::ENABLED || B::ENABLED;
    const NEEDS: Needs = A::NEEDS.union(B::NEEDS);
    #[inline(always)]
    fn retired(&mut self, ev: &Retired) {
        self.0.retired(ev);
        self.1.retired(ev);
    }
    #[inline]
    fn trap(&mut self, ev: &TrapTaken) {
        self.0.trap(ev);
        self.1.trap(ev);
    }
    fn monitor(&mut self, ev: &MonitorEvent) {
        self.0.monitor(ev);
        self.1.monitor(ev);
    }
}

impl<O: Observer + ?Sized> Observer for &mut O {
    const ENABLED: bool = O::ENABLED;
    const NEEDS: Needs = O::NEEDS;
    #[inline(always)]
    fn retired(&mut self, ev: &Retired) {
        (**self).retired(ev)
    }
    #[inline]
    fn trap(&mut self, ev: &TrapTaken) {
        (**self).trap(ev)
    }
    fn monitor(&mut self, ev: &MonitorEvent) {
        (**self).monitor(ev)
    }
}

/// Counts retired instructions by opcode and class, and traps by cause: the `--stats` observer.
pub struct InsnHistogram {
    pub by_opcode: [u64; crate::isa::OPCODE_COUNT],
    pub traps: std::collections::BTreeMap<u64, u64>,
    pub retired: u64,
}

impl Default for InsnHistogram {
    fn default() -> Self {
        InsnHistogram { by_opcode: [0; crate::isa::OPCODE_COUNT], traps: Default::default(), retired: 0 }
    }
}

impl Observer for InsnHistogram {
    const NEEDS: Needs = Needs::NONE;
    fn retired(&mut self, ev: &Retired) {
        self.by_opcode[ev.op as usize] += 1;
        self.retired += 1;
    }
    fn trap(&mut self, ev: &TrapTaken) {
        *self.traps.entry(ev.cause).or_default() += 1;
    }
}

impl InsnHistogram {
    /// Retired counts per instruction class, largest first.
    pub fn by_class(&self) -> Vec<(crate::isa::Class, u64)> {
        let mut m = std::collections::BTreeMap::new();
        for op in Opcode::all() {
            let n = self.by_opcode[op as usize];
            if n > 0 {
                *m.entry(op.class()).or_insert(0) += n;
            }
        }
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        v
    }

    /// The `n` most executed opcodes, largest first.
    pub fn top_opcodes(&self, n: usize) -> Vec<(Opcode, u64)> {
        let mut v: Vec<_> = Opcode::all().map(|op| (op, self.by_opcode[op as usize])).filter(|x| x.1 > 0).collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        v.truncate(n);
        v
    }
}
