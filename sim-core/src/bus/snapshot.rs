//! Snapshots of the bus: DRAM with its tags and the devices' state, so that a fuzzer can boot
//! a machine once and put it back before every input (issue 7: restoring costs the pages
//! written since the snapshot, not the size of DRAM).

use super::{Bus, Dram, PAGE_SHIFT, PAGE_SIZE, TAG_WORDS_PER_PAGE};
use crate::devices::{clint::Clint, htif::Htif, traceport::TracePort, uart::UartState, StopRequest};

/// A number no other snapshot in this process has, so that a dirty map is never taken to be
/// relative to the wrong snapshot.
fn next_epoch() -> u64 {
    static EPOCH: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    EPOCH.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// DRAM as it was when [`Dram::snapshot`] was taken.
#[derive(Clone)]
pub struct DramSnapshot {
    bytes: Vec<u8>,
    tags: Vec<u64>,
    epoch: u64,
}

impl DramSnapshot {
    /// The bytes of `[addr, addr + len)` as they were, if all of it is DRAM.
    pub fn slice(&self, addr: u64, len: u64) -> Option<&[u8]> {
        let off = addr.checked_sub(super::DRAM_BASE)?;
        let end = off.checked_add(len)?;
        self.bytes.get(off as usize..end as usize)
    }

    /// The tag of the granule at DRAM offset `off`, as it was (as [`Dram::tag`]).
    pub fn tag(&self, off: usize) -> bool {
        let g = off >> 4;
        self.tags.get(g >> 6).is_some_and(|w| w >> (g & 63) & 1 != 0)
    }
}

impl Dram {
    /// A copy of DRAM and its tags; from now on the dirty map records what changes.
    pub fn snapshot(&mut self) -> DramSnapshot {
        self.epoch = next_epoch();
        self.dirty.fill(0);
        DramSnapshot { bytes: self.bytes.clone(), tags: self.tags.clone(), epoch: self.epoch }
    }

    /// Puts DRAM and its tags back as they were at `snap`. Copies only the pages written since,
    /// when the dirty map is relative to `snap` (it was the last snapshot taken or restored);
    /// everything otherwise.
    pub fn restore(&mut self, snap: &DramSnapshot) {
        if snap.epoch != self.epoch || snap.bytes.len() != self.bytes.len() {
            self.bytes.clone_from(&snap.bytes);
            self.size = snap.bytes.len() as u64;
            self.tags.clone_from(&snap.tags);
            self.dirty = vec![0; self.size.div_ceil(PAGE_SIZE) as usize];
            self.epoch = snap.epoch;
            return;
        }
        for page in 0..self.dirty.len() {
            if self.dirty[page] == 0 {
                continue;
            }
            self.dirty[page] = 0;
            let lo = page << PAGE_SHIFT;
            let hi = (lo + PAGE_SIZE as usize).min(self.bytes.len());
            self.bytes[lo..hi].copy_from_slice(&snap.bytes[lo..hi]);
            let t = page * TAG_WORDS_PER_PAGE;
            self.tags[t..t + TAG_WORDS_PER_PAGE].copy_from_slice(&snap.tags[t..t + TAG_WORDS_PER_PAGE]);
        }
    }

    /// True when DRAM's bytes and tags are those of `snap`.
    pub fn same_contents(&self, snap: &DramSnapshot) -> bool {
        self.bytes == snap.bytes && self.tags == snap.tags
    }

    /// The pages (by offset from the start of DRAM) written since the last snapshot.
    pub fn dirty_pages(&self) -> impl Iterator<Item = u64> + '_ {
        self.dirty.iter().enumerate().filter(|(_, d)| **d != 0).map(|(p, _)| (p as u64) << PAGE_SHIFT)
    }
}

/// The bus as it was when [`Bus::snapshot`] was taken. The UART's host side (stdin reader,
/// captured output before the snapshot) is not part of the machine's state and is kept.
#[derive(Clone)]
pub struct BusSnapshot {
    pub dram: DramSnapshot,
    uart: UartState,
    clint: Clint,
    traceport: TracePort,
    htif: Option<Htif>,
    htif_watch: u64,
    stop: Option<StopRequest>,
}

impl Bus {
    /// Takes a snapshot of DRAM and the devices; DRAM's dirty map starts afresh.
    pub fn snapshot(&mut self) -> BusSnapshot {
        BusSnapshot {
            dram: self.dram.snapshot(),
            uart: self.uart.save(),
            clint: self.clint.clone(),
            traceport: self.traceport.clone(),
            htif: self.htif,
            htif_watch: self.htif_watch,
            stop: self.stop,
        }
    }

    /// Puts DRAM and the devices back as they were at `snap`. Output the UART captured since
    /// is dropped, so that what a restored run captures is its own.
    pub fn restore(&mut self, snap: &BusSnapshot) {
        self.dram.restore(&snap.dram);
        self.uart.restore(&snap.uart);
        self.clint = snap.clint.clone();
        self.traceport.clone_from(&snap.traceport);
        self.htif = snap.htif;
        self.htif_watch = snap.htif_watch;
        self.stop = snap.stop;
    }
}
