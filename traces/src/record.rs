//! One event as a trace sees it, and the shadow register file that supplies the capability
//! operands an instruction read.

use cheri_cap::Capability;
use sim_core::hart::{Hart, Priv};
use sim_core::isa::{Insn, Mode, Opcode};
use sim_core::observer::{MonitorEvent, Retired, TrapTaken};

/// What happened.
#[derive(Copy, Clone, Debug)]
pub enum Event {
    /// An instruction retired.
    Insn(Retired),
    /// A trap was taken (an exception raised by instruction `n`, or an interrupt before it).
    Trap(TrapTaken),
    /// The privilege mode changed (reported before the first event in the new mode, or
    /// right after the trap that caused it).
    Priv { from: Priv, to: Priv },
    /// The monitor reported an event through the trace port (numbered like the
    /// instruction after the store that emitted it).
    Monitor(MonitorEvent),
}

/// The capability operands an instruction read, as they were before it executed.
#[derive(Copy, Clone, Debug)]
pub struct Operands {
    /// Register rs1 / cs1 and rs2 / cs2 of the instruction.
    pub cs1: Capability,
    pub cs2: Capability,
    pub ddc: Capability,
    /// PCC's encoding mode (capability mode: plain loads and stores go through cs1).
    pub cap_mode: bool,
}

impl Default for Operands {
    fn default() -> Self {
        Operands { cs1: Capability::NULL, cs2: Capability::NULL, ddc: Capability::NULL, cap_mode: false }
    }
}

/// One numbered event. `n` counts the instructions executed (retired or trapped) before it:
/// the first instruction of a run is 0; an exception has the number of the instruction that
/// raised it; the window filter compares against `n`.
#[derive(Copy, Clone, Debug)]
pub struct Record {
    pub n: u64,
    pub event: Event,
    /// Filled only for sinks that ask for operands (explain); otherwise NULL.
    pub ops: Operands,
}

/// The capability register file as the event stream reveals it: started from the hart's
/// registers when the trace attaches, then updated from each event's `rd_write`/`rd_cap`,
/// and for the few instructions that write other state (CClear, CInvoke's c31, CSpecialRW
/// DDC/MTCC/MEPCC, jumps that install a new PCC, trap entry and MRET) by their semantics.
#[derive(Clone, Debug)]
pub struct Shadow {
    regs: [Capability; 32],
    ddc: Capability,
    cap_mode: bool,
    mtcc_mode: bool,
    mepcc_mode: bool,
}

impl Shadow {
    /// The hart's registers now.
    pub fn of(hart: &Hart) -> Shadow {
        let mut regs = [Capability::NULL; 32];
        for (r, c) in regs.iter_mut().enumerate().skip(1) {
            *c = hart.cap(r as u8);
        }
        Shadow {
            regs,
            ddc: hart.cheri.ddc,
            cap_mode: hart.cheri.cap_mode,
            mtcc_mode: hart.cheri.mtcc.is_cap_mode(),
            mepcc_mode: hart.cheri.mepcc.is_cap_mode(),
        }
    }

    /// Register `r` (0..31; c0 is NULL).
    pub fn reg(&self, r: u8) -> Capability {
        self.regs[r as usize & 31]
    }

    /// The operands of `insn` as they are now.
    pub fn operands(&self, insn: &Insn) -> Operands {
        Operands { cs1: self.reg(insn.rs1), cs2: self.reg(insn.rs2), ddc: self.ddc, cap_mode: self.cap_mode }
    }

    /// Applies a retired instruction; `ops` are its operands from before it executed.
    pub fn retire(&mut self, ev: &Retired, ops: &Operands) {
        use Opcode::*;
        let i = ev.insn;
        match i.op {
            Cjalr | JalrCap => self.cap_mode = ops.cs1.is_cap_mode(),
            CInvoke => {
                self.cap_mode = ops.cs1.is_cap_mode();
                self.regs[31] = ops.cs2.unsealed();
            }
            Mret => self.cap_mode = self.mepcc_mode,
            // Only the capability-mode decoder produces these; only the integer-mode one
            // produces the base forms.
            Auipcc | Cjal => self.cap_mode = true,
            Auipc | Jal | Jalr => self.cap_mode = false,
            CSpecialRW if i.rs1 != 0 => match i.imm {
                1 => self.ddc = ops.cs1,
                28 => self.mtcc_mode = ops.cs1.is_cap_mode(),
                31 => self.mepcc_mode = ops.cs1.is_cap_mode(),
                _ => {}
            },
            CClear => {
                let q = (i.imm >> 8) as usize & 3;
                for b in 0..8 {
                    if i.imm >> b & 1 != 0 {
                        match 8 * q + b {
                            0 => self.ddc = Capability::NULL,
                            r => self.regs[r] = Capability::NULL,
                        }
                    }
                }
            }
            _ => {
                if ev.op.spec().mode == Mode::Cap {
                    self.cap_mode = true;
                }
            }
        }
        if let Some((r, v)) = ev.rd_write {
            if r != 0 {
                self.regs[r as usize & 31] = ev.rd_cap.unwrap_or(Capability::from_integer(v));
            }
        }
    }

    /// Applies trap entry: MEPCC := PCC, PCC := MTCC (spec §7.2).
    pub fn trap(&mut self, ev: &TrapTaken) {
        self.mepcc_mode = self.cap_mode;
        self.cap_mode = self.mtcc_mode;
        self.ddc = ev.ddc;
    }
}
