//! The physical address space: DRAM (with one capability tag per 16-byte granule) and the
//! memory-mapped devices of QEMU `virt` (DESIGN.md §2).
//!
//! DRAM accesses are the fast path: one range check and an unaligned host load or store.
//! Everything else goes through the cold MMIO path.

mod snapshot;
pub use snapshot::{BusSnapshot, DramSnapshot};

use crate::devices::{clint, finisher, htif, traceport, uart, StopRequest};

/// Where DRAM starts (QEMU `virt`).
pub const DRAM_BASE: u64 = 0x8000_0000;

/// Bytes per capability tag (spec §6).
pub const TAG_GRANULE: u64 = 16;

/// Why a bus access failed. The hart turns these into access-fault or misaligned exceptions.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BusError {
    /// Nothing answers at this address (or the access runs off the end of a region).
    Unmapped,
    /// The device does not take accesses of this size or alignment.
    Misaligned,
}

/// A little-endian unsigned integer that the bus can move: u8, u16, u32, u64.
pub trait Word: Copy {
    const SIZE: u64;
    fn from_u64(v: u64) -> Self;
    fn to_u64(self) -> u64;
    /// Reads from `bytes` at `off`, which must leave `SIZE` bytes in range.
    fn read_at(bytes: &[u8], off: usize) -> Self;
    fn write_at(self, bytes: &mut [u8], off: usize);
}

macro_rules! word {
    ($t:ty) => {
        impl Word for $t {
            const SIZE: u64 = std::mem::size_of::<$t>() as u64;
            #[inline(always)]
            fn from_u64(v: u64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn to_u64(self) -> u64 {
                self as u64
            }
            #[inline(always)]
            fn read_at(bytes: &[u8], off: usize) -> Self {
                const N: usize = std::mem::size_of::<$t>();
                debug_assert!(off + N <= bytes.len());
                // SAFETY: every caller has checked `off + N <= bytes.len()` (Dram::offset).
                let raw = unsafe { std::ptr::read_unaligned(bytes.as_ptr().add(off) as *const [u8; N]) };
                <$t>::from_le_bytes(raw)
            }
            #[inline(always)]
            fn write_at(self, bytes: &mut [u8], off: usize) {
                const N: usize = std::mem::size_of::<$t>();
                debug_assert!(off + N <= bytes.len());
                // SAFETY: as in read_at.
                unsafe { std::ptr::write_unaligned(bytes.as_mut_ptr().add(off) as *mut [u8; N], self.to_le_bytes()) }
            }
        }
    };
}
word!(u8);
word!(u16);
word!(u32);
word!(u64);

/// Bytes per page of the dirty map that [`Dram::snapshot`] and [`Dram::restore`] use.
pub const PAGE_SIZE: u64 = 1 << PAGE_SHIFT;
pub(crate) const PAGE_SHIFT: u32 = 12;
/// Tag words (64 granules each) per page.
pub(crate) const TAG_WORDS_PER_PAGE: usize = (PAGE_SIZE / TAG_GRANULE / 64) as usize;

/// Main memory and its tag bits.
pub struct Dram {
    bytes: Vec<u8>,
    size: u64,
    /// One bit per 16-byte granule. All clear at reset (spec §6: the simulator starts clean).
    tags: Vec<u64>,
    /// One byte per 4 KiB page, nonzero when the page's bytes or tags were written since the
    /// last snapshot: a restore copies back only those pages. A byte, not a bit, so that a
    /// store pays one shift and one byte store for it.
    dirty: Vec<u8>,
    /// Which snapshot `dirty` is relative to (a restore to an older one copies everything).
    epoch: u64,
}

impl Dram {
    /// `size` bytes of zeroed DRAM. The host allocates lazily (calloc), so untouched memory
    /// costs nothing.
    pub fn new(size: u64) -> Dram {
        let granules = size.div_ceil(TAG_GRANULE);
        // Whole pages of tags, so that a page's tag words are always in range.
        let pages = size.div_ceil(PAGE_SIZE) as usize;
        let tag_words = (granules.div_ceil(64) as usize).max(pages * TAG_WORDS_PER_PAGE);
        Dram { bytes: vec![0; size as usize], size, tags: vec![0; tag_words], dirty: vec![0; pages], epoch: 0 }
    }

    /// Marks the pages holding `[off, off + len)` as written, len ≥ 1. A store of at most
    /// 16 bytes touches at most two pages, so its first and last byte name them both.
    #[inline(always)]
    fn mark_dirty(&mut self, off: usize, len: usize) {
        let (first, last) = (off >> PAGE_SHIFT, (off + len - 1) >> PAGE_SHIFT);
        debug_assert!(last < self.dirty.len());
        // SAFETY: every caller has checked `off + len <= size` (Dram::offset), and `dirty`
        // has size.div_ceil(PAGE_SIZE) entries.
        unsafe {
            *self.dirty.get_unchecked_mut(first) = 1;
            *self.dirty.get_unchecked_mut(last) = 1;
        }
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn end(&self) -> u64 {
        DRAM_BASE + self.size
    }

    /// The offset of `[addr, addr + len)` in DRAM, if all of it is DRAM.
    #[inline(always)]
    pub fn offset(&self, addr: u64, len: u64) -> Option<usize> {
        let off = addr.wrapping_sub(DRAM_BASE);
        (off <= self.size.wrapping_sub(len) && len <= self.size).then_some(off as usize)
    }

    #[inline(always)]
    pub fn read<T: Word>(&self, off: usize) -> T {
        T::read_at(&self.bytes, off)
    }

    /// A data write: stores the bytes and clears the tags of every granule it touches.
    #[inline(always)]
    pub fn write<T: Word>(&mut self, off: usize, v: T) {
        v.write_at(&mut self.bytes, off);
        self.mark_dirty(off, T::SIZE as usize);
        self.clear_tags(off, T::SIZE as usize);
    }

    /// Clears the tags of the granules holding `[off, off + len)`, len ≥ 1 (spec §6: every
    /// data store clears the tags it overlaps, two for a store that straddles a boundary).
    #[inline(always)]
    pub fn clear_tags(&mut self, off: usize, len: usize) {
        let first = off >> 4;
        let last = (off + len - 1) >> 4;
        for g in first..=last {
            if let Some(w) = self.tags.get_mut(g >> 6) {
                *w &= !(1u64 << (g & 63));
            }
        }
    }

    pub fn tag(&self, off: usize) -> bool {
        let g = off >> 4;
        self.tags.get(g >> 6).is_some_and(|w| w >> (g & 63) & 1 != 0)
    }

    pub fn set_tag(&mut self, off: usize, tag: bool) {
        let g = off >> 4;
        if let Some(d) = self.dirty.get_mut(off >> PAGE_SHIFT) {
            *d = 1;
        }
        if let Some(w) = self.tags.get_mut(g >> 6) {
            if tag {
                *w |= 1 << (g & 63);
            } else {
                *w &= !(1 << (g & 63));
            }
        }
    }

    /// The bytes of `[addr, addr + len)`, if all of it is DRAM.
    pub fn slice(&self, addr: u64, len: u64) -> Option<&[u8]> {
        let off = self.offset(addr, len)?;
        Some(&self.bytes[off..off + len as usize])
    }

    /// Copies `data` to `addr` (the loader's way in; clears tags like any data write).
    pub fn write_bytes(&mut self, addr: u64, data: &[u8]) -> Option<()> {
        if data.is_empty() {
            return Some(());
        }
        let off = self.offset(addr, data.len() as u64)?;
        self.bytes[off..off + data.len()].copy_from_slice(data);
        self.dirty[off >> PAGE_SHIFT..=(off + data.len() - 1) >> PAGE_SHIFT].fill(1);
        self.clear_tags(off, data.len());
        Some(())
    }
}

/// DRAM and the devices.
pub struct Bus {
    pub dram: Dram,
    pub uart: uart::Uart,
    pub clint: clint::Clint,
    /// The monitor's event port; the machine hands its events to the observer.
    pub traceport: traceport::TracePort,
    htif: Option<htif::Htif>,
    /// DRAM offset of `tohost - 7`, so that any store overlapping tohost satisfies
    /// `off - htif_watch < 15`; `u64::MAX` without HTIF.
    htif_watch: u64,
    /// Set when the guest asks the machine to stop (finisher, HTIF).
    pub stop: Option<StopRequest>,
}

impl Bus {
    pub fn new(dram_size: u64, out: uart::Output, use_stdin: bool) -> Bus {
        Bus {
            dram: Dram::new(dram_size),
            uart: uart::Uart::new(out, use_stdin),
            clint: clint::Clint::default(),
            traceport: traceport::TracePort::default(),
            htif: None,
            htif_watch: u64::MAX,
            stop: None,
        }
    }

    /// Enables HTIF with the mailboxes at these addresses (from the ELF's symbols).
    pub fn set_htif(&mut self, h: htif::Htif) {
        self.htif_watch = match self.dram.offset(h.tohost, 8) {
            Some(off) => (off as u64).wrapping_sub(7),
            None => u64::MAX,
        };
        self.htif = Some(h);
    }

    /// True if a DRAM store of `len` bytes at `off` may have written tohost.
    #[inline(always)]
    pub fn touches_htif(&self, off: usize, len: u64) -> bool {
        (off as u64).wrapping_sub(self.htif_watch) < 7 + len
    }

    /// Acts on a write to tohost. Returns true if the machine must look at `stop`.
    #[cold]
    pub fn tohost_written(&mut self) -> bool {
        let Some(h) = self.htif else { return false };
        let Some(off) = self.dram.offset(h.tohost, 8) else {
            return false;
        };
        let value: u64 = self.dram.read(off);
        if value == 0 {
            return false;
        }
        let mut response = None;
        match htif::decode(value) {
            htif::Command::Exit(code) => self.stop = Some(StopRequest::Htif(code)),
            htif::Command::PutChar(c) => self.uart.transmit(c),
            htif::Command::Syscall { args_addr } => {
                let ret = self.htif_syscall(args_addr);
                if let (Some(r), Some(a)) = (ret, self.dram.offset(args_addr, 8)) {
                    self.dram.write(a, r);
                }
                response = Some(1);
            }
            htif::Command::Unknown { .. } => {}
        }
        self.dram.write(off, 0u64);
        if let (Some(resp), Some(fh)) = (response, h.fromhost.and_then(|a| self.dram.offset(a, 8))) {
            self.dram.write::<u64>(fh, resp);
        }
        self.stop.is_some()
    }

    /// The proxy-kernel system calls that bare-metal benchmarks use.
    fn htif_syscall(&mut self, args_addr: u64) -> Option<u64> {
        let args = self.dram.slice(args_addr, 32)?;
        let arg = |i: usize| u64::from_le_bytes(args[i * 8..i * 8 + 8].try_into().unwrap_or_default());
        let (num, a0, a1, a2) = (arg(0), arg(1), arg(2), arg(3));
        match num {
            htif::SYS_WRITE if a0 == 1 || a0 == 2 => {
                let data = self.dram.slice(a1, a2)?.to_vec();
                data.into_iter().for_each(|b| self.uart.transmit(b));
                Some(a2)
            }
            htif::SYS_EXIT => {
                self.stop = Some(StopRequest::Htif(a0));
                Some(0)
            }
            _ => Some((-38i64) as u64), // ENOSYS
        }
    }

    /// A load from a device register. `cycles` is the hart's clock, for mtime.
    #[cold]
    pub fn mmio_load(&mut self, addr: u64, size: u64, cycles: u64) -> Result<u64, BusError> {
        if !addr.is_multiple_of(size) {
            return Err(self.misaligned_or_unmapped(addr));
        }
        if let Some(off) = within(addr, uart::BASE, uart::SIZE) {
            return Ok(self.uart.read(off) as u64);
        }
        if let Some(off) = within(addr, clint::BASE, clint::SIZE) {
            return self.clint.read(off, size, cycles).ok_or(BusError::Unmapped);
        }
        if within(addr, finisher::BASE, finisher::SIZE).is_some() {
            return Ok(0);
        }
        if within(addr, traceport::BASE, traceport::SIZE).is_some() {
            return Ok(0);
        }
        Err(BusError::Unmapped)
    }

    /// A store to a device register.
    #[cold]
    pub fn mmio_store(&mut self, addr: u64, size: u64, value: u64, cycles: u64) -> Result<(), BusError> {
        if !addr.is_multiple_of(size) {
            return Err(self.misaligned_or_unmapped(addr));
        }
        if let Some(off) = within(addr, uart::BASE, uart::SIZE) {
            self.uart.write(off, value as u8);
            return Ok(());
        }
        if let Some(off) = within(addr, clint::BASE, clint::SIZE) {
            return self.clint.write(off, size, value, cycles).ok_or(BusError::Unmapped);
        }
        if within(addr, finisher::BASE, finisher::SIZE).is_some() {
            if let Some(status) = finisher::decode(value as u32) {
                self.stop = Some(StopRequest::Finisher(status));
            }
            return Ok(());
        }
        if let Some(off) = within(addr, traceport::BASE, traceport::SIZE) {
            self.traceport.write(off, size, value, cycles);
            return Ok(());
        }
        Err(BusError::Unmapped)
    }

    fn misaligned_or_unmapped(&self, addr: u64) -> BusError {
        let mapped = [
            (uart::BASE, uart::SIZE),
            (clint::BASE, clint::SIZE),
            (finisher::BASE, finisher::SIZE),
            (traceport::BASE, traceport::SIZE),
        ]
        .iter()
        .any(|&(b, s)| within(addr, b, s).is_some());
        if mapped {
            BusError::Misaligned
        } else {
            BusError::Unmapped
        }
    }
}

fn within(addr: u64, base: u64, size: u64) -> Option<u64> {
    let off = addr.wrapping_sub(base);
    (off < size).then_some(off)
}
