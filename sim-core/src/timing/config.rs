//! Timing-model parameters: read from a TOML file (`--timing-config FILE`), every field
//! optional, every default documented with where it comes from.
//!
//! Sources of the defaults, and how much to trust them:
//! - **[F]** bluespec/Flute, the 5-stage in-order RV64 core that CHERI-Flute extends:
//!   `src_Core/Near_Mem_VM/Cache_Decls_RV64.bsv` (4 KiB direct-mapped L1s, 64-byte lines;
//!   the `RV64_Sv39_8KB_2way_args.yaml` variant: 8 KiB 2-way) and `MMU_Cache.bsv` (blocking
//!   L1s with a write-around policy: every store goes to memory, write misses do not allocate;
//!   up to 15 posted writes). Pipeline stages F, D, Stage1 (execute), Stage2 (memory),
//!   Stage3 (write-back).
//! - **[S]** structural: follows from the 5-stage organisation itself (e.g. a branch resolved
//!   in execute squashes the two younger instructions in F and D: 2 cycles).
//! - **[J]** Joannou et al., "Efficient Tagged Memory", ICCD 2017: a tag controller in front
//!   of DRAM with a tag cache and a two-level (hierarchical) tag table whose root level lets
//!   the controller skip leaf lines that hold no set tag.
//! - **[E]** an estimate: a plausible figure for an FPGA-hosted core at about 100 MHz that was
//!   not taken from a published table. Calibrate these before quoting absolute cycle counts.

use serde::Deserialize;

/// Every timing parameter. Unknown keys are errors, so that a misspelt key is not silently
/// ignored.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TimingConfig {
    pub pipeline: PipelineConfig,
    pub predictor: PredictorConfig,
    pub icache: CacheConfig,
    pub dcache: CacheConfig,
    pub memory: MemoryConfig,
    pub tags: TagConfig,
}

/// The in-order pipeline (F, D, E, M, W).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineConfig {
    /// Cycles from a multiply entering execute until its result can be forwarded. Default 3 [E].
    pub mul_latency: u32,
    /// Cycles from a divide/remainder entering execute until its result is ready. Default 64:
    /// a serial divider that retires one quotient bit per cycle, as in Flute's M box [F, E].
    pub div_latency: u32,
    /// Whether independent instructions may enter execute while a multiply/divide is busy.
    /// Default false: Flute's M box holds Stage1 until it is done [F].
    pub muldiv_pipelined: bool,
    /// Cycles lost when a branch or indirect jump resolved in execute was mispredicted.
    /// Default 2: the instructions in F and D are squashed [S].
    pub mispredict_penalty: u32,
    /// Cycles lost by a correctly predicted taken branch (BTB hit in fetch). Default 0 [S].
    pub taken_penalty: u32,
    /// Cycles lost by a direct jump (JAL) whose target was not in the BTB: it is redirected
    /// from decode. Default 1 [S].
    pub jal_redirect_penalty: u32,
    /// Cycles between a CSR access entering execute and the next instruction entering
    /// execute, minus one: CSR accesses serialise the pipeline (drain, then refetch).
    /// Default 3 [E].
    pub csr_penalty: u32,
    /// Same, for FENCE and FENCE.I (FENCE.I also empties the I-cache). Default 3 [E].
    pub fence_penalty: u32,
    /// Cycles lost when a trap (exception or interrupt) is taken: it is taken at write-back
    /// and fetch restarts at the handler, so F, D, E and M are squashed. Default 4 [S].
    pub trap_penalty: u32,
    /// Cycles lost by MRET (handled like a trap, at write-back). Default 4 [S, E].
    pub xret_penalty: u32,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig {
            mul_latency: 3,
            div_latency: 64,
            muldiv_pipelined: false,
            mispredict_penalty: 2,
            taken_penalty: 0,
            jal_redirect_penalty: 1,
            csr_penalty: 3,
            fence_penalty: 3,
            trap_penalty: 4,
            xret_penalty: 4,
        }
    }
}

/// Conditional-branch direction predictor.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PredictorKind {
    /// Always not taken (what upstream Flute and Piccolo do: fetch pc + 4).
    Static,
    /// A table of 2-bit saturating counters indexed by pc.
    Bimodal,
    /// 2-bit counters indexed by pc XOR global history (McFarling).
    Gshare,
}

/// The branch predictor in fetch: BTB + direction predictor + return-address stack.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PredictorConfig {
    /// Default `bimodal` [E]: CHERI-Flute's predictor is small; upstream Flute predicts
    /// not-taken (`static`).
    pub kind: PredictorKind,
    /// 2-bit counters in the pattern table (power of two). Default 512 [E].
    pub bht_entries: u32,
    /// Global-history bits for gshare (≤ 32). Default 8 [E].
    pub history_bits: u32,
    /// Branch-target-buffer entries, direct mapped (power of two). Default 64 [E].
    pub btb_entries: u32,
    /// Return-address-stack entries (0: returns use the BTB). Default 4 [E].
    pub ras_entries: u32,
}

impl Default for PredictorConfig {
    fn default() -> Self {
        PredictorConfig {
            kind: PredictorKind::Bimodal,
            bht_entries: 512,
            history_bits: 8,
            btb_entries: 64,
            ras_entries: 4,
        }
    }
}

/// Which line a set gives up on a miss.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Replacement {
    Lru,
    /// Pseudo-random (a fixed-seed xorshift, so runs repeat exactly).
    Random,
}

/// What a store does in the data cache.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WritePolicy {
    /// Write-through, no allocate on a write miss: every store is posted to memory (and
    /// through the tag controller, which clears the tags it overlaps). Flute's policy [F].
    WriteAround,
    /// Write-back, write-allocate: stores dirty the line; dirty victims are written back
    /// (with their tags) when evicted.
    WriteBack,
}

/// An L1 cache.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheConfig {
    /// Capacity in bytes (power of two). Default 8192 [F: the 8 KiB 2-way variant].
    pub size: u32,
    /// Associativity. Default 2 [F].
    pub ways: u32,
    /// Line size in bytes (power of two, ≥ 16). Default 64 [F].
    pub line: u32,
    /// Cycles a hit occupies the memory stage (data cache: the load-to-use distance is this
    /// plus one). For the I-cache, cycles beyond 1 are added to every fetch of a new line.
    /// Default 1 [F: single-cycle BRAM].
    pub hit_latency: u32,
    /// Default `lru` [E; Flute's caches are direct mapped or 2-way].
    pub replacement: Replacement,
    /// Data cache only (ignored for the I-cache). Default `write-around` [F].
    pub write_policy: WritePolicy,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            size: 8192,
            ways: 2,
            line: 64,
            hit_latency: 1,
            replacement: Replacement::Lru,
            write_policy: WritePolicy::WriteAround,
        }
    }
}

/// DRAM and the path to it (one channel shared by both L1s and the tag controller).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MemoryConfig {
    /// Core cycles from a read request to its first data beat. Default 20 [E: DDR behind an
    /// AXI interconnect on an FPGA, core at ~100 MHz].
    pub dram_latency: u32,
    /// Bytes per cycle once data flows. Default 8 [F: 64-bit AXI fabric].
    pub bytes_per_cycle: u32,
    /// Cycles for an uncached device (MMIO) access. Default 10 [E].
    pub mmio_latency: u32,
}

impl Default for MemoryConfig {
    fn default() -> Self {
        MemoryConfig { dram_latency: 20, bytes_per_cycle: 8, mmio_latency: 10 }
    }
}

/// The CHERI tag controller: a tag cache in front of the tag table in DRAM [J].
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TagConfig {
    /// Model the tag controller at all (false: tags cost nothing). Default true.
    pub enabled: bool,
    /// Tag-cache capacity in bytes (power of two). Default 32768 [J, E: our reading of the
    /// paper's evaluated configurations; not re-checked against its tables].
    pub cache_size: u32,
    /// Tag-cache associativity. Default 4 [E].
    pub cache_ways: u32,
    /// Tag-cache line in bytes (one line holds line × 8 tags, covering line × 128 bytes of
    /// memory). Default 64 [J].
    pub cache_line: u32,
    /// Two-level table with a root level that marks leaf lines holding no set tag, so those
    /// are never fetched. Default true [J].
    pub hierarchical: bool,
    /// Extra cycles the controller adds to every memory transaction when the tag lookup hits
    /// (the lookup otherwise overlaps the DRAM access). Default 0 [J, E].
    pub hit_latency: u32,
}

impl Default for TagConfig {
    fn default() -> Self {
        TagConfig {
            enabled: true,
            cache_size: 32768,
            cache_ways: 4,
            cache_line: 64,
            hierarchical: true,
            hit_latency: 0,
        }
    }
}

/// Why a timing configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Parse(#[from] toml::de::Error),
    #[error("{0}")]
    Invalid(String),
}

impl TimingConfig {
    /// Parses a TOML document; absent keys keep their defaults.
    pub fn from_toml(text: &str) -> Result<TimingConfig, ConfigError> {
        let c: TimingConfig = toml::from_str(text)?;
        c.validate()?;
        Ok(c)
    }

    /// Checks the geometry constraints the models rely on.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |s: String| Err(ConfigError::Invalid(s));
        for (name, c) in [("icache", &self.icache), ("dcache", &self.dcache)] {
            check_cache(name, c.size, c.ways, c.line)?;
            if c.line < 16 {
                return bad(format!("{name}.line = {}: must be at least 16 (one capability)", c.line));
            }
            if c.hit_latency == 0 {
                return bad(format!("{name}.hit_latency must be at least 1"));
            }
        }
        if self.tags.enabled {
            check_cache("tags", self.tags.cache_size, self.tags.cache_ways, self.tags.cache_line)?;
        }
        let p = &self.predictor;
        for (name, v) in [("predictor.bht_entries", p.bht_entries), ("predictor.btb_entries", p.btb_entries)] {
            if !v.is_power_of_two() {
                return bad(format!("{name} = {v}: must be a power of two"));
            }
        }
        if p.history_bits > 32 {
            return bad(format!("predictor.history_bits = {}: at most 32", p.history_bits));
        }
        if p.ras_entries > 64 {
            return bad(format!("predictor.ras_entries = {}: at most 64", p.ras_entries));
        }
        if self.memory.bytes_per_cycle == 0 {
            return bad("memory.bytes_per_cycle must be at least 1".into());
        }
        let pl = &self.pipeline;
        if pl.mul_latency == 0 || pl.div_latency == 0 {
            return bad("pipeline.mul_latency and pipeline.div_latency must be at least 1".into());
        }
        Ok(())
    }
}

fn check_cache(name: &str, size: u32, ways: u32, line: u32) -> Result<(), ConfigError> {
    let set_bytes = line as u64 * ways as u64;
    let ok = size.is_power_of_two()
        && line.is_power_of_two()
        && (1..=64).contains(&ways)
        && (size as u64).is_multiple_of(set_bytes)
        && (size as u64 / set_bytes).is_power_of_two();
    if ok {
        Ok(())
    } else {
        Err(ConfigError::Invalid(format!(
            "{name}: size {size}, {ways} ways, line {line}: size and line must be powers of two, ways 1..=64, \
             and size / (ways × line) a power of two"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_the_defaults() {
        assert_eq!(TimingConfig::from_toml("").unwrap(), TimingConfig::default());
    }

    #[test]
    fn the_readme_file_shows_the_defaults() {
        let readme = include_str!("README.md");
        let start = readme.find("```toml\n").expect("a TOML block") + "```toml\n".len();
        let end = start + readme[start..].find("```").expect("the block ends");
        assert_eq!(TimingConfig::from_toml(&readme[start..end]).expect("it parses"), TimingConfig::default());
    }

    #[test]
    fn partial_sections_keep_other_defaults() {
        let c = TimingConfig::from_toml(
            "[dcache]\nsize = 1024\nways = 1\nreplacement = \"random\"\nwrite_policy = \"write-back\"\n\
             [predictor]\nkind = \"gshare\"\n",
        )
        .unwrap();
        assert_eq!(c.dcache.size, 1024);
        assert_eq!(c.dcache.line, 64);
        assert_eq!(c.dcache.write_policy, WritePolicy::WriteBack);
        assert_eq!(c.predictor.kind, PredictorKind::Gshare);
        assert_eq!(c.icache, CacheConfig::default());
    }

    #[test]
    fn bad_keys_and_geometry_are_refused() {
        assert!(TimingConfig::from_toml("[dcache]\nsizee = 4").is_err());
        assert!(TimingConfig::from_toml("[dcache]\nsize = 1000").is_err());
        assert!(TimingConfig::from_toml("[icache]\nline = 8\nsize = 64\nways = 1").is_err());
        assert!(TimingConfig::from_toml("[predictor]\nbtb_entries = 3").is_err());
    }
}
