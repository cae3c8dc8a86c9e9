//! The control and status registers of an M+U hart without S mode, PMP or an MMU
//! (privileged spec, chapter 3 "Machine-Level ISA", and §2.1 for the access rules).
//!
//! Registers the spec lets an implementation hardwire (PMP, hpm counters and events,
//! mcountinhibit, menvcfg, the trigger module) read as zero and ignore writes.

use super::{Hart, Priv, Trap};
use crate::bus::Bus;
use crate::isa::csr_names as n;

// mstatus fields (privileged spec §3.1.6).
const MSTATUS_MIE: u64 = 1 << 3;
const MSTATUS_MPIE: u64 = 1 << 7;
const MSTATUS_MPP: u64 = 3 << 11;
const MSTATUS_MPRV: u64 = 1 << 17;
const MSTATUS_TW: u64 = 1 << 21;
/// UXL = 2: U mode is 64-bit (read-only).
const MSTATUS_UXL_64: u64 = 2 << 32;
const MSTATUS_WRITABLE: u64 = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TW;

/// mie/mip bits that exist on this hart: MSI, MTI, MEI.
pub const MIP_MSIP: u64 = 1 << 3;
pub const MIP_MTIP: u64 = 1 << 7;
const MIE_WRITABLE: u64 = MIP_MSIP | MIP_MTIP | (1 << 11);

/// misa: MXL = 64, extensions A, C, I, M, U.
pub const MISA: u64 = 2 << 62 | ext(b'A') | ext(b'C') | ext(b'I') | ext(b'M') | ext(b'U');

const fn ext(letter: u8) -> u64 {
    1 << (letter - b'A')
}

/// The CSR state. Counters derive from the hart's clock (see `Hart::cycle`).
#[derive(Clone, PartialEq, Eq)]
pub struct CsrFile {
    mstatus: u64,
    pub mie: u64,
    pub mscratch: u64,
    pub mcause: u64,
    pub mtval: u64,
    pub mcounteren: u64,
    /// mcycle = cycle + cycle_offset; minstret = retired + instret_offset.
    cycle_offset: u64,
    instret_offset: u64,
    pub misa: u64,
}

impl Default for CsrFile {
    fn default() -> Self {
        Self::new()
    }
}

impl CsrFile {
    pub fn new() -> CsrFile {
        CsrFile {
            mstatus: MSTATUS_UXL_64,
            mie: 0,
            mscratch: 0,
            mcause: 0,
            mtval: 0,
            mcounteren: 0,
            cycle_offset: 0,
            instret_offset: 0,
            misa: MISA,
        }
    }

    pub fn mstatus(&self) -> u64 {
        self.mstatus
    }
    pub fn mie_enabled(&self) -> bool {
        self.mstatus & MSTATUS_MIE != 0
    }
    pub fn set_mie_enabled(&mut self, on: bool) {
        set_bit(&mut self.mstatus, MSTATUS_MIE, on);
    }
    pub fn mpie(&self) -> bool {
        self.mstatus & MSTATUS_MPIE != 0
    }
    pub fn set_mpie(&mut self, on: bool) {
        set_bit(&mut self.mstatus, MSTATUS_MPIE, on);
    }
    pub fn mpp(&self) -> Priv {
        if self.mstatus & MSTATUS_MPP == MSTATUS_MPP {
            Priv::Machine
        } else {
            Priv::User
        }
    }
    pub fn set_mpp(&mut self, p: Priv) {
        self.mstatus = (self.mstatus & !MSTATUS_MPP) | ((p as u64) << 11);
    }
    pub fn clear_mprv(&mut self) {
        self.mstatus &= !MSTATUS_MPRV;
    }
    pub fn tw(&self) -> bool {
        self.mstatus & MSTATUS_TW != 0
    }

    /// mip: MSIP from the CLINT's msip, MTIP from mtime >= mtimecmp. Both are read-only here.
    pub fn mip(&self, bus: &Bus, cycle: u64) -> u64 {
        let mut v = 0;
        if bus.clint.msip {
            v |= MIP_MSIP;
        }
        if bus.clint.timer_pending(cycle) {
            v |= MIP_MTIP;
        }
        v
    }
}

fn set_bit(reg: &mut u64, mask: u64, on: bool) {
    if on {
        *reg |= mask
    } else {
        *reg &= !mask
    }
}

impl Hart {
    /// Reads CSR `num` for a CSR instruction (privileged spec §2.1: bits 9:8 give the lowest
    /// privilege that may access it; bits 11:10 = 3 mean read-only).
    pub(super) fn csr_read(&mut self, bus: &Bus, num: u16) -> Result<u64, Trap> {
        if (num >> 8 & 3) as u8 > self.privilege as u8 {
            return Err(Trap::illegal(0));
        }
        let c = &self.csr;
        Ok(match num {
            n::MSTATUS => c.mstatus,
            n::MISA => c.misa | if self.cheri.enabled() { ext(b'X') } else { 0 },
            n::MIE => c.mie,
            n::MTVEC => self.mtvec(),
            n::MCOUNTEREN => c.mcounteren,
            n::MSCRATCH => c.mscratch,
            n::MEPC => self.mepc(),
            n::MCAUSE => c.mcause,
            n::MTVAL => c.mtval,
            n::MIP => c.mip(bus, self.cycle),
            n::MCYCLE => self.cycle.wrapping_add(c.cycle_offset),
            n::MINSTRET => self.retired().wrapping_add(c.instret_offset),
            n::MVENDORID | n::MARCHID | n::MIMPID | n::MCONFIGPTR => 0,
            n::MHARTID => self.hartid,
            n::MENVCFG | n::MCOUNTINHIBIT => 0,
            0x323..=0x33f | 0xb03..=0xb1f => 0, // mhpmevent3..31, mhpmcounter3..31
            0x3a0..=0x3ef => 0,                 // pmpcfg and pmpaddr: no PMP entries
            n::TSELECT | n::TDATA1 | n::TDATA2 | n::TDATA3 => 0, // no triggers
            n::CYCLE | n::TIME | n::INSTRET | 0xc03..=0xc1f => {
                let bit = (num - n::CYCLE) as u64;
                if self.privilege == Priv::User && c.mcounteren >> bit & 1 == 0 {
                    return Err(Trap::illegal(0));
                }
                match num {
                    n::CYCLE => self.cycle.wrapping_add(c.cycle_offset),
                    n::TIME => bus.clint.mtime(self.cycle),
                    n::INSTRET => self.retired().wrapping_add(c.instret_offset),
                    _ => 0,
                }
            }
            _ => return Err(Trap::illegal(0)),
        })
    }

    /// Writes CSR `num` (after a successful `csr_read` of it, so existence and privilege are
    /// already checked). WARL fields are legalised here.
    pub(super) fn csr_write(&mut self, num: u16, value: u64) -> Result<(), Trap> {
        if num >> 10 == 3 {
            return Err(Trap::illegal(0));
        }
        let retired = self.retired();
        let cycle = self.cycle;
        match num {
            // mtvec and mepc are views of MTCC and MEPCC (spec §7.4); writes to mepc are not
            // legalised (reads are).
            n::MTVEC => {
                self.write_mtvec(value);
                return Ok(());
            }
            n::MEPC => {
                self.write_mepc(value);
                return Ok(());
            }
            _ => {}
        }
        let c = &mut self.csr;
        match num {
            n::MSTATUS => {
                let mut v = (c.mstatus & !MSTATUS_WRITABLE) | (value & MSTATUS_WRITABLE);
                // MPP is WARL: only M (3) and U (0) exist; anything else reads as U.
                if v & MSTATUS_MPP != MSTATUS_MPP {
                    v &= !MSTATUS_MPP;
                }
                c.mstatus = v;
            }
            n::MIE => c.mie = value & MIE_WRITABLE,

            n::MCOUNTEREN => c.mcounteren = value & 0xffff_ffff,
            n::MSCRATCH => c.mscratch = value,

            n::MCAUSE => c.mcause = value,
            n::MTVAL => c.mtval = value,
            // The write takes effect for the next instruction: this one's own count is
            // included in the value written (the counter does not also advance for it).
            n::MCYCLE => c.cycle_offset = value.wrapping_sub(cycle + 1),
            n::MINSTRET => c.instret_offset = value.wrapping_sub(retired + 1),
            // misa, mip and the hardwired registers ignore writes.
            _ => {}
        }
        Ok(())
    }
}
