//! The hart's architectural state (and the run loop's bookkeeping) as a value, for machine
//! snapshots. The decode caches are not part of it: their entries are checked against the
//! instruction bits at every fetch, so entries decoded after the snapshot stay correct after a
//! restore, as long as the cache of the right encoding mode is installed.

use super::{CheriRegs, CsrFile, Hart, Priv, Trap};
use cheri_cap::CapMeta;

/// Everything of a [`Hart`] but its decode caches.
#[derive(Clone)]
pub struct HartState {
    x: Box<[u64; 256]>,
    meta: Box<[[u64; 2]; 256]>,
    decoded: Box<[CapMeta; 256]>,
    cheri: CheriRegs,
    pc: u64,
    privilege: Priv,
    csr: CsrFile,
    hartid: u64,
    reservation: Option<u64>,
    cycle: u64,
    traps: u64,
    idle: u64,
    slice_end: u64,
    waiting: bool,
    pending_trap: Trap,
    dram_end: u64,
    fetch_lo: u64,
    fetch_len: u64,
}

impl HartState {
    /// Instructions retired by the saved hart (as `Machine::steps`).
    pub fn steps(&self) -> u64 {
        self.cycle - self.idle
    }
}

impl Hart {
    pub fn save(&self) -> HartState {
        HartState {
            x: Box::new(self.x),
            meta: Box::new(self.meta),
            decoded: Box::new(self.decoded),
            cheri: self.cheri.clone(),
            pc: self.pc,
            privilege: self.privilege,
            csr: self.csr.clone(),
            hartid: self.hartid,
            reservation: self.reservation,
            cycle: self.cycle,
            traps: self.traps,
            idle: self.idle,
            slice_end: self.slice_end,
            waiting: self.waiting,
            pending_trap: self.pending_trap,
            dram_end: self.dram_end,
            fetch_lo: self.fetch_lo,
            fetch_len: self.fetch_len,
        }
    }

    pub fn restore(&mut self, s: &HartState) {
        if s.cheri.cap_mode != self.cheri.cap_mode {
            // As install_pcc does: the cache of the restored encoding mode goes in front.
            std::mem::swap(&mut self.icache, &mut self.icache_other_mode);
        }
        self.x.copy_from_slice(&s.x[..]);
        self.meta.copy_from_slice(&s.meta[..]);
        self.decoded.copy_from_slice(&s.decoded[..]);
        self.cheri.clone_from(&s.cheri);
        self.pc = s.pc;
        self.privilege = s.privilege;
        self.csr.clone_from(&s.csr);
        self.hartid = s.hartid;
        self.reservation = s.reservation;
        self.cycle = s.cycle;
        self.traps = s.traps;
        self.idle = s.idle;
        self.slice_end = s.slice_end;
        self.waiting = s.waiting;
        self.pending_trap = s.pending_trap;
        self.dram_end = s.dram_end;
        self.fetch_lo = s.fetch_lo;
        self.fetch_len = s.fetch_len;
    }

    /// True when both harts are in the same architectural state (decode caches aside): the
    /// snapshot tests' notion of "bit-identical".
    pub fn same_state(&self, other: &Hart) -> bool {
        self.save() == other.save()
    }
}

impl PartialEq for HartState {
    fn eq(&self, o: &HartState) -> bool {
        self.x == o.x
            && self.meta == o.meta
            && self.cheri == o.cheri
            && self.pc == o.pc
            && self.privilege == o.privilege
            && self.csr == o.csr
            && self.hartid == o.hartid
            && self.reservation == o.reservation
            && self.cycle == o.cycle
            && self.traps == o.traps
            && self.idle == o.idle
            && self.slice_end == o.slice_end
            && self.waiting == o.waiting
            && self.pending_trap == o.pending_trap
            && self.dram_end == o.dram_end
            && self.fetch_lo == o.fetch_lo
            && self.fetch_len == o.fetch_len
    }
}
