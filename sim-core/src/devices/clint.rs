//! The CLINT (core-local interruptor) at 0x0200_0000: msip, mtimecmp and mtime.
//!
//! Simulated time is derived from the hart's cycle count, not from the host clock, so that a
//! run is deterministic: the machine's nominal clock is [`CYCLES_PER_MTIME_TICK`] times the
//! 10 MHz timebase of QEMU `virt` (a 100 MHz core in the atomic model).

pub const BASE: u64 = 0x0200_0000;
pub const SIZE: u64 = 0x1_0000;
pub const MSIP: u64 = 0x0000;
pub const MTIMECMP: u64 = 0x4000;
pub const MTIME: u64 = 0xbff8;

/// The mtime frequency of QEMU `virt`.
pub const MTIME_HZ: u64 = 10_000_000;
/// Hart cycles per mtime tick (100 MHz / 10 MHz).
pub const CYCLES_PER_MTIME_TICK: u64 = 10;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clint {
    pub msip: bool,
    pub mtimecmp: u64,
    /// mtime = cycles / CYCLES_PER_MTIME_TICK + offset (a write to mtime changes the offset).
    mtime_offset: u64,
}

impl Default for Clint {
    fn default() -> Self {
        Clint { msip: false, mtimecmp: u64::MAX, mtime_offset: 0 }
    }
}

impl Clint {
    pub fn mtime(&self, cycles: u64) -> u64 {
        (cycles / CYCLES_PER_MTIME_TICK).wrapping_add(self.mtime_offset)
    }

    /// Machine timer interrupt pending (mip.MTIP).
    pub fn timer_pending(&self, cycles: u64) -> bool {
        self.mtime(cycles) >= self.mtimecmp
    }

    /// The first cycle at which the timer interrupt becomes pending, if it is not already and
    /// ever will be.
    pub fn timer_deadline(&self, cycles: u64) -> Option<u64> {
        let now = self.mtime(cycles);
        if now >= self.mtimecmp {
            return None;
        }
        let ticks = self.mtimecmp - now;
        let base = cycles - cycles % CYCLES_PER_MTIME_TICK;
        ticks.checked_mul(CYCLES_PER_MTIME_TICK).and_then(|d| base.checked_add(d))
    }

    /// Reads `size` bytes at `offset`; `None` for a hole in the register map.
    pub fn read(&self, offset: u64, size: u64, cycles: u64) -> Option<u64> {
        let (reg, value) = match offset & !7 {
            MSIP if offset < 4 => (MSIP, self.msip as u64),
            MTIMECMP => (MTIMECMP, self.mtimecmp),
            MTIME => (MTIME, self.mtime(cycles)),
            _ => return None,
        };
        let shift = (offset - reg) * 8;
        Some(truncate(value >> shift, size))
    }

    pub fn write(&mut self, offset: u64, size: u64, value: u64, cycles: u64) -> Option<()> {
        let merge = |old: u64, reg: u64| -> u64 {
            let shift = (offset - reg) * 8;
            let mask = truncate(u64::MAX, size) << shift;
            (old & !mask) | ((value << shift) & mask)
        };
        match offset & !7 {
            MSIP if offset < 4 => self.msip = value & 1 != 0,
            MTIMECMP => self.mtimecmp = merge(self.mtimecmp, MTIMECMP),
            MTIME => {
                let new = merge(self.mtime(cycles), MTIME);
                self.mtime_offset = new.wrapping_sub(cycles / CYCLES_PER_MTIME_TICK);
            }
            _ => return None,
        }
        Some(())
    }
}

fn truncate(v: u64, size: u64) -> u64 {
    if size >= 8 {
        v
    } else {
        v & ((1u64 << (size * 8)) - 1)
    }
}
