//! A set-associative cache of line addresses (no data: the functional model has the data),
//! used for the L1 I- and D-caches and the tag cache, and the DRAM channel behind them.

use super::config::{MemoryConfig, Replacement};

/// Hit and miss counts of one cache.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub reads: u64,
    pub read_misses: u64,
    pub writes: u64,
    pub write_misses: u64,
    /// Dirty lines written back on eviction.
    pub writebacks: u64,
}

impl CacheStats {
    pub fn accesses(&self) -> u64 {
        self.reads + self.writes
    }
    pub fn misses(&self) -> u64 {
        self.read_misses + self.write_misses
    }
    /// Misses per access, 0 when unused.
    pub fn miss_rate(&self) -> f64 {
        self.misses() as f64 / self.accesses().max(1) as f64
    }
}

/// What one access did.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub hit: bool,
    /// The line address (address >> line bits) of a dirty line evicted to make room.
    pub writeback: Option<u64>,
}

const VALID: u64 = 1;
const DIRTY: u64 = 2;

/// Lines are kept per set in recency order (most recent first) for LRU; with random
/// replacement the order is left alone and the victim is drawn from a fixed-seed xorshift.
pub struct Cache {
    /// sets × ways entries: `line << 2 | DIRTY | VALID`, 0 = empty.
    entries: Vec<u64>,
    ways: usize,
    set_mask: u64,
    line_shift: u32,
    replacement: Replacement,
    rng: u64,
    pub stats: CacheStats,
}

impl Cache {
    /// `size` and `line` in bytes; the geometry was checked by `TimingConfig::validate`.
    pub fn new(size: u32, ways: u32, line: u32, replacement: Replacement) -> Cache {
        let ways = ways.max(1) as usize;
        let sets = (size as usize / line.max(1) as usize / ways).max(1);
        Cache {
            entries: vec![0; sets * ways],
            ways,
            set_mask: sets as u64 - 1,
            line_shift: line.max(1).trailing_zeros(),
            replacement,
            rng: 0x9e37_79b9_7f4a_7c15,
            stats: CacheStats::default(),
        }
    }

    /// log2 of the line size.
    pub fn line_shift(&self) -> u32 {
        self.line_shift
    }

    /// Looks up the line holding `addr`; on a miss with `allocate`, installs it (evicting a
    /// victim). `write` marks the line dirty (write-back caches) and counts as a write.
    #[inline]
    pub fn access(&mut self, addr: u64, write: bool, allocate: bool, dirty: bool) -> Outcome {
        self.access_line(addr >> self.line_shift, write, allocate, dirty)
    }

    /// As [`access`](Self::access), by line address. The common case, a hit on the most
    /// recently used way, is checked inline; everything else goes to the out-of-line path.
    #[inline(always)]
    pub fn access_line(&mut self, line: u64, write: bool, allocate: bool, dirty: bool) -> Outcome {
        let base = (line & self.set_mask) as usize * self.ways;
        if let Some(e) = self.entries.get_mut(base) {
            if *e & !DIRTY == line << 2 | VALID {
                if dirty {
                    *e |= DIRTY;
                }
                if write {
                    self.stats.writes += 1;
                } else {
                    self.stats.reads += 1;
                }
                return Outcome { hit: true, writeback: None };
            }
        }
        self.access_slow(line, write, allocate, dirty)
    }

    #[inline(never)]
    fn access_slow(&mut self, line: u64, write: bool, allocate: bool, dirty: bool) -> Outcome {
        if write {
            self.stats.writes += 1;
        } else {
            self.stats.reads += 1;
        }
        let base = (line & self.set_mask) as usize * self.ways;
        let want = line << 2 | VALID;
        let set = &mut self.entries[base..base + self.ways];
        let mark = if dirty { DIRTY } else { 0 };
        if set[0] & !DIRTY == want {
            set[0] |= mark;
            return Outcome { hit: true, writeback: None };
        }
        if let Some(i) = set.iter().position(|&e| e & !DIRTY == want) {
            let e = set[i] | mark;
            if self.replacement == Replacement::Lru {
                set.copy_within(0..i, 1);
                set[0] = e;
            } else {
                set[i] = e;
            }
            return Outcome { hit: true, writeback: None };
        }
        if write {
            self.stats.write_misses += 1;
        } else {
            self.stats.read_misses += 1;
        }
        if !allocate {
            return Outcome { hit: false, writeback: None };
        }
        let victim = match self.replacement {
            Replacement::Lru => {
                let v = set[self.ways - 1];
                set.copy_within(0..self.ways - 1, 1);
                set[0] = want | mark;
                v
            }
            Replacement::Random => {
                let i = match set.iter().position(|&e| e == 0) {
                    Some(i) => i,
                    None => {
                        self.rng ^= self.rng << 13;
                        self.rng ^= self.rng >> 7;
                        self.rng ^= self.rng << 17;
                        (self.rng % self.ways as u64) as usize
                    }
                };
                std::mem::replace(&mut set[i], want | mark)
            }
        };
        let writeback = (victim & (VALID | DIRTY) == VALID | DIRTY).then(|| {
            self.stats.writebacks += 1;
            victim >> 2
        });
        Outcome { hit: false, writeback }
    }

    /// Empties the cache (FENCE.I on the I-cache). Dirty lines are dropped: only the
    /// I-cache, which is never dirty, is invalidated.
    pub fn invalidate_all(&mut self) {
        self.entries.iter_mut().for_each(|e| *e = 0);
    }
}

/// The memory channel: one DRAM port shared by the L1 refills, posted writes and the tag
/// controller. A transaction starts when the channel is free and occupies it until its last
/// beat, so a refill queues behind earlier posted writes.
pub struct Channel {
    pub latency: u64,
    pub bytes_per_cycle: u64,
    pub mmio_latency: u64,
    /// The first cycle at which the channel is free.
    pub busy_until: u64,
    /// DRAM reads and writes issued (refills, write-throughs, write-backs, tag lines).
    pub reads: u64,
    pub writes: u64,
}

impl Channel {
    pub fn new(c: &MemoryConfig) -> Channel {
        Channel {
            latency: c.dram_latency as u64,
            bytes_per_cycle: c.bytes_per_cycle.max(1) as u64,
            mmio_latency: c.mmio_latency as u64,
            busy_until: 0,
            reads: 0,
            writes: 0,
        }
    }

    /// Cycles to move `bytes` once data flows.
    pub fn beats(&self, bytes: u64) -> u64 {
        bytes.div_ceil(self.bytes_per_cycle).max(1)
    }

    /// A read of `bytes` requested at `now`: returns the cycle the last beat arrives.
    pub fn read(&mut self, now: u64, bytes: u64) -> u64 {
        self.reads += 1;
        let start = now.max(self.busy_until);
        let done = start + self.latency + self.beats(bytes);
        self.busy_until = done;
        done
    }

    /// A posted write of `bytes` at `now`: occupies the channel, the requester goes on.
    pub fn write(&mut self, now: u64, bytes: u64) {
        self.writes += 1;
        let start = now.max(self.busy_until);
        self.busy_until = start + self.beats(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lru_keeps_the_recent_lines() {
        // 2 sets × 2 ways of 16-byte lines. Lines 0, 2, 4 all map to set 0.
        let mut c = Cache::new(64, 2, 16, Replacement::Lru);
        assert!(!c.access(0x00, false, true, false).hit);
        assert!(!c.access(0x20, false, true, false).hit);
        assert!(c.access(0x00, false, true, false).hit); // 0 is now most recent
        assert!(!c.access(0x40, false, true, false).hit); // evicts 0x20
        assert!(c.access(0x00, false, true, false).hit);
        assert!(!c.access(0x20, false, true, false).hit);
        assert_eq!(c.stats.reads, 6);
        assert_eq!(c.stats.read_misses, 4);
    }

    #[test]
    fn dirty_victims_are_written_back_and_write_misses_may_skip_allocation() {
        let mut c = Cache::new(32, 1, 16, Replacement::Lru);
        assert!(!c.access(0x00, true, false, false).hit); // write-around miss: no allocate
        assert!(!c.access(0x00, false, true, false).hit);
        assert!(c.access(0x04, true, true, true).hit); // now dirty
        let o = c.access(0x20, false, true, false); // same set: evicts the dirty line 0
        assert_eq!(o, Outcome { hit: false, writeback: Some(0) });
        assert_eq!(c.stats.writebacks, 1);
    }

    #[test]
    fn random_replacement_fills_empty_ways_first_and_repeats() {
        let run = || {
            let mut c = Cache::new(64, 4, 16, Replacement::Random);
            (0..64u64).map(|i| c.access((i * 7 % 9) * 16, false, true, false).hit).collect::<Vec<_>>()
        };
        assert_eq!(run(), run());
        let mut c = Cache::new(64, 4, 16, Replacement::Random);
        for a in [0u64, 16, 32, 48] {
            c.access(a, false, true, false);
        }
        assert!([0u64, 16, 32, 48].iter().all(|&a| c.access(a, false, true, false).hit));
    }

    #[test]
    fn the_channel_queues_transactions() {
        let mut ch = Channel::new(&MemoryConfig { dram_latency: 10, bytes_per_cycle: 8, mmio_latency: 5 });
        assert_eq!(ch.read(100, 64), 118);
        ch.write(101, 8); // waits for the refill
        assert_eq!(ch.busy_until, 119);
        assert_eq!(ch.read(105, 64), 119 + 18);
    }
}
