//! The CHERI tag controller (Joannou et al., "Efficient Tagged Memory", ICCD 2017): DRAM
//! holds one tag bit per 16-byte granule in a tag table; a tag cache in front of it serves
//! the controller, which every DRAM transaction passes through. L1 lines carry their tags,
//! so capability loads and stores that hit in the L1 cost nothing extra; what costs is
//!
//! - a line refill (I or D), which needs the line's tags: a tag-cache lookup, and on a miss
//!   one more DRAM read (of a tag-table line) before the data can be returned;
//! - every write that reaches memory (write-through stores, write-backs), which must update
//!   the tags it covers — an integer store clears them — with a tag-cache lookup too.
//!
//! With the hierarchical table, a root level holds one bit per leaf line ("this leaf has a
//! set tag"): a lookup reads the root line and skips the leaf when the bit is clear, so
//! memory that holds no capability costs one cached root line per `line × 8` leaves.
//!
//! The controller only sees the access stream, so it keeps its own copy of which granules
//! hold a set tag: capability stores (`MemAccess::cap` with `tag`) set one, every other
//! store clears the ones it overlaps. With no capability stores that copy stays empty and
//! the store path pays one emptiness check.

use std::collections::{HashMap, HashSet};

use super::cache::{Cache, CacheStats, Channel};
use super::config::{Replacement, TagConfig};
use crate::bus::TAG_GRANULE;

/// Where root-level lines live in the tag cache's key space (apart from leaf lines).
const ROOT_KEY: u64 = 1 << 62;

/// Counters of the tag controller (the tag cache's own hit/miss counts are in `cache`).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct TagStats {
    /// Refills that asked for tags.
    pub line_reads: u64,
    /// Writes that updated tags (write-throughs and write-backs).
    pub line_writes: u64,
    /// Leaf lookups skipped because the root level said the leaf holds no set tag.
    pub leaf_skips: u64,
    /// Tag-table lines read from DRAM (tag-cache misses).
    pub dram_reads: u64,
    /// Dirty tag-table lines written back to DRAM.
    pub dram_writes: u64,
    /// Cycles the controller added to refills.
    pub stall_cycles: u64,
    /// Granules holding a set tag at the end (the controller's copy).
    pub tagged_granules: u64,
}

pub struct TagController {
    enabled: bool,
    hierarchical: bool,
    hit_latency: u64,
    line_bytes: u64,
    cache: Cache,
    /// log2 of the data bytes one leaf line covers (line × 8 tags × 16 bytes).
    leaf_shift: u32,
    /// log2 of the number of leaves one root line covers (line × 8).
    root_shift: u32,
    tagged: HashSet<u64>,
    /// Set tags per leaf line, for the root level.
    leaf_counts: HashMap<u64, u32>,
    stats: TagStats,
}

impl TagController {
    pub fn new(c: &TagConfig) -> TagController {
        let line = c.cache_line.max(1);
        TagController {
            enabled: c.enabled,
            hierarchical: c.hierarchical,
            hit_latency: c.hit_latency as u64,
            line_bytes: line as u64,
            cache: Cache::new(c.cache_size, c.cache_ways, line, Replacement::Lru),
            leaf_shift: line.trailing_zeros() + 3 + TAG_GRANULE.trailing_zeros(),
            root_shift: line.trailing_zeros() + 3,
            tagged: HashSet::new(),
            leaf_counts: HashMap::new(),
            stats: TagStats::default(),
        }
    }

    pub fn stats(&self) -> TagStats {
        TagStats { tagged_granules: self.tagged.len() as u64, ..self.stats }
    }

    pub fn cache_stats(&self) -> CacheStats {
        self.cache.stats
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    fn leaf_of(&self, addr: u64) -> u64 {
        addr >> self.leaf_shift
    }

    fn leaf_has_tags(&self, leaf: u64) -> bool {
        self.leaf_counts.get(&leaf).is_some_and(|&n| n > 0)
    }

    /// One tag-cache access at `now`: returns the cycles it adds.
    fn lookup(&mut self, ch: &mut Channel, now: u64, key: u64, write: bool) -> u64 {
        let o = self.cache.access_line(key, write, true, write);
        if o.writeback.is_some() {
            self.stats.dram_writes += 1;
            ch.write(now, self.line_bytes);
        }
        if o.hit {
            self.hit_latency
        } else {
            self.stats.dram_reads += 1;
            ch.read(now, self.line_bytes) - now
        }
    }

    /// The tags of the data line at `addr` are needed for a refill requested at `now`:
    /// returns the cycles added before the data read can start.
    pub fn refill(&mut self, ch: &mut Channel, now: u64, addr: u64) -> u64 {
        if !self.enabled {
            return 0;
        }
        self.stats.line_reads += 1;
        let leaf = self.leaf_of(addr);
        let mut extra = 0;
        if self.hierarchical {
            extra = self.lookup(ch, now, ROOT_KEY | leaf >> self.root_shift, false);
            if !self.leaf_has_tags(leaf) {
                self.stats.leaf_skips += 1;
                self.stats.stall_cycles += extra;
                return extra;
            }
        }
        extra += self.lookup(ch, now + extra, leaf, false);
        self.stats.stall_cycles += extra;
        extra
    }

    /// A write reaching memory at `now` updates the tags of `addr`'s line. `leaf_changed`:
    /// the write turned the leaf's "holds a set tag" state over (the root bit changes).
    /// Writes are posted: the cycles only keep the channel busy.
    pub fn write(&mut self, ch: &mut Channel, now: u64, addr: u64, leaf_changed: bool) {
        if !self.enabled {
            return;
        }
        self.stats.line_writes += 1;
        let leaf = self.leaf_of(addr);
        if self.hierarchical {
            let root = ROOT_KEY | leaf >> self.root_shift;
            self.lookup(ch, now, root, leaf_changed);
            if !leaf_changed && !self.leaf_has_tags(leaf) {
                self.stats.leaf_skips += 1;
                return;
            }
        }
        self.lookup(ch, now, leaf, true);
    }

    /// Updates the controller's copy of the tags for a store of `size` bytes at `addr`:
    /// a capability store sets (or clears) its granule's tag, any other store clears the
    /// tags it overlaps. Returns whether a leaf's "holds a set tag" state changed.
    #[inline]
    pub fn store(&mut self, addr: u64, size: u64, cap: bool, tag: bool) -> bool {
        if cap && tag {
            let g = addr / TAG_GRANULE;
            if self.tagged.insert(g) {
                let n = self.leaf_counts.entry(self.leaf_of(addr)).or_insert(0);
                *n += 1;
                return *n == 1;
            }
            return false;
        }
        if self.tagged.is_empty() {
            return false;
        }
        self.clear(addr, size)
    }

    #[cold]
    fn clear(&mut self, addr: u64, size: u64) -> bool {
        let mut changed = false;
        let first = addr / TAG_GRANULE;
        let last = addr.saturating_add(size.max(1) - 1) / TAG_GRANULE;
        for g in first..=last {
            if self.tagged.remove(&g) {
                let leaf = self.leaf_of(g * TAG_GRANULE);
                if let Some(n) = self.leaf_counts.get_mut(&leaf) {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        self.leaf_counts.remove(&leaf);
                        changed = true;
                    }
                }
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timing::config::MemoryConfig;

    fn setup() -> (TagController, Channel) {
        let c = TagConfig { cache_size: 256, cache_ways: 2, cache_line: 64, ..TagConfig::default() };
        (TagController::new(&c), Channel::new(&MemoryConfig { dram_latency: 20, bytes_per_cycle: 8, mmio_latency: 1 }))
    }

    #[test]
    fn untagged_memory_costs_one_root_line() {
        let (mut t, mut ch) = setup();
        // The first refill misses the root line: 20 + 64/8 = 28 cycles.
        assert_eq!(t.refill(&mut ch, 0, 0x8000_0000), 28);
        // Every line in the root line's 4 MiB reach is now free.
        assert_eq!(t.refill(&mut ch, 100, 0x8010_0000), 0);
        assert_eq!(t.stats().leaf_skips, 2);
        assert_eq!(t.stats().dram_reads, 1);
    }

    #[test]
    fn a_tagged_leaf_is_fetched_and_cleared_again() {
        let (mut t, mut ch) = setup();
        assert!(t.store(0x8000_0010, 16, true, true)); // the leaf now holds a tag
        assert_eq!(t.refill(&mut ch, 0, 0x8000_0000), 56); // root miss, then leaf miss
        assert_eq!(t.refill(&mut ch, 100, 0x8000_0040), 0); // same leaf line
        assert!(!t.store(0x8000_0000, 8, false, false)); // other granule: no change
        assert!(t.store(0x8000_0018, 1, false, false)); // clears the only tag
        assert_eq!(t.stats().tagged_granules, 0);
    }

    #[test]
    fn flat_table_always_reads_the_leaf() {
        let c = TagConfig { hierarchical: false, ..TagConfig::default() };
        let mut t = TagController::new(&c);
        let mut ch = Channel::new(&MemoryConfig { dram_latency: 20, bytes_per_cycle: 8, mmio_latency: 1 });
        assert_eq!(t.refill(&mut ch, 0, 0x8000_0000), 28);
        // One leaf line covers 64 × 8 × 16 = 8 KiB.
        assert_eq!(t.refill(&mut ch, 100, 0x8000_1fc0), 0);
        assert_eq!(t.refill(&mut ch, 200, 0x8000_2000), 28);
    }
}
