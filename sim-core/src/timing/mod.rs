//! Timing models (DESIGN.md §4): observers of the event stream that answer "how many
//! cycles". They never change architectural results — the hart runs functionally, and the
//! guest's clock (mcycle, mtime) stays the atomic one, so a program behaves identically
//! under every model and only the reported cycle counts differ.
//!
//! - [`atomic`]: one cycle per instruction.
//! - [`inorder`]: a 5-stage in-order pipeline in the style of CHERI-Flute, with the branch
//!   predictor of [`predictor`], the L1 caches and DRAM channel of [`cache`], and the CHERI
//!   tag controller of [`tagcache`].
//!
//! Parameters come from [`config::TimingConfig`] (TOML; `sim-core/src/timing/README.md` lists
//! every one with its default and source). [`Model`] picks a model at run time and runs the
//! machine under it, monomorphised, so no per-instruction dispatch is added.

pub mod atomic;
pub mod cache;
pub mod config;
pub mod inorder;
pub mod predictor;
pub mod tagcache;

use std::fmt;

use crate::machine::{Exit, Machine};
use crate::observer::{MonitorEvent, Needs, Observer, Retired, TrapTaken};
pub use atomic::Atomic;
pub use cache::CacheStats;
pub use config::TimingConfig;
pub use inorder::{InOrder, StallStats};
pub use predictor::PredictorStats;
pub use tagcache::TagStats;

/// The event counts every model keeps, and the cycles the hart slept (WFI), recovered from
/// gaps in the events' atomic cycle stamps.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    /// The atomic cycle the next event should carry (u64::MAX before the first).
    expect: u64,
    pub retired: u64,
    /// Synchronous traps (each takes a step of the atomic clock).
    pub exceptions: u64,
    pub interrupts: u64,
    pub idle: u64,
}

impl Default for Clock {
    fn default() -> Self {
        Clock { expect: u64::MAX, retired: 0, exceptions: 0, interrupts: 0, idle: 0 }
    }
}

impl Clock {
    /// The events' stamps jumped: the hart slept (or this is the first event).
    #[cold]
    fn resync(&mut self, cycle: u64) -> u64 {
        let gap = cycle.saturating_sub(self.expect);
        self.idle = self.idle.wrapping_add(gap);
        gap
    }

    /// An instruction retired at atomic cycle `cycle`. Returns the cycles slept before it.
    #[inline(always)]
    pub fn step(&mut self, cycle: u64) -> u64 {
        let gap = if cycle == self.expect { 0 } else { self.resync(cycle) };
        self.expect = cycle.wrapping_add(1);
        self.retired += 1;
        gap
    }

    /// A trap at atomic cycle `cycle`; `synchronous` ones consume a step. Returns the cycles
    /// slept before it.
    pub fn trap(&mut self, cycle: u64, synchronous: bool) -> u64 {
        let gap = if cycle == self.expect { 0 } else { self.resync(cycle) };
        self.expect = cycle.wrapping_add(synchronous as u64);
        if synchronous {
            self.exceptions += 1;
        } else {
            self.interrupts += 1;
        }
        gap
    }
}

/// What a model says an event's cycle is, given the atomic one.
pub trait Stamp {
    fn stamp(&self, atomic: u64) -> u64;
}

impl Stamp for InOrder {
    /// The cycle the instruction (or trap) entered execute.
    #[inline(always)]
    fn stamp(&self, _atomic: u64) -> u64 {
        self.now()
    }
}

/// A model followed by another observer that sees the model's cycle stamps. With
/// `NoObserver` behind it, no event is copied.
struct Stamped<'a, M, O> {
    model: &'a mut M,
    next: &'a mut O,
}

impl<M: Observer + Stamp, O: Observer> Observer for Stamped<'_, M, O> {
    const ENABLED: bool = true;
    const NEEDS: Needs = if O::ENABLED { M::NEEDS.union(O::NEEDS) } else { M::NEEDS };
    #[inline(always)]
    fn retired(&mut self, ev: &Retired) {
        self.model.retired(ev);
        if O::ENABLED {
            let stamped = Retired { cycle: self.model.stamp(ev.cycle), ..*ev };
            self.next.retired(&stamped);
        }
    }
    #[inline(always)]
    fn trap(&mut self, ev: &TrapTaken) {
        self.model.trap(ev);
        if O::ENABLED {
            let stamped = TrapTaken { cycle: self.model.stamp(ev.cycle), ..*ev };
            self.next.trap(&stamped);
        }
    }
    fn monitor(&mut self, ev: &MonitorEvent) {
        // Forwarded even to an observer with ENABLED = false (one of monitor events only);
        // the emitting store has retired, so the model's clock is past it.
        let stamped = MonitorEvent { cycle: self.model.stamp(ev.cycle), ..*ev };
        self.next.monitor(&stamped);
    }
}

/// Which timing model to attach.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ModelKind {
    Atomic,
    InOrder,
}

impl ModelKind {
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Atomic => "atomic",
            ModelKind::InOrder => "inorder",
        }
    }
}

/// A timing model chosen at run time.
pub enum Model {
    Atomic(Atomic),
    InOrder(Box<InOrder>),
}

impl Model {
    pub fn new(kind: ModelKind, config: &TimingConfig) -> Model {
        match kind {
            ModelKind::Atomic => Model::Atomic(Atomic::new()),
            ModelKind::InOrder => Model::InOrder(Box::new(InOrder::new(config))),
        }
    }

    /// Runs `machine` with this model observing it, together with `extra` (another observer,
    /// or `NoObserver`), which sees every event stamped with the model's clock instead of the
    /// atomic one (so a trace shows the model's cycles). The choice of model is made once,
    /// here, not per instruction.
    pub fn run<O: Observer>(&mut self, machine: &mut Machine, max_steps: Option<u64>, extra: &mut O) -> Exit {
        match self {
            Model::Atomic(m) => machine.run_observed(max_steps, &mut Stamped { model: m, next: extra }),
            Model::InOrder(m) => machine.run_observed(max_steps, &mut Stamped { model: &mut **m, next: extra }),
        }
    }

    pub fn cycles(&self) -> u64 {
        match self {
            Model::Atomic(m) => m.cycles(),
            Model::InOrder(m) => m.cycles(),
        }
    }

    pub fn stats(&self) -> Stats {
        match self {
            Model::Atomic(m) => Stats { model: "atomic", cycles: m.cycles(), clock: *m.clock(), detail: None },
            Model::InOrder(m) => Stats {
                model: "inorder",
                cycles: m.cycles(),
                clock: *m.clock(),
                detail: Some(Detail {
                    stalls: m.stalls,
                    icache: m.icache_stats(),
                    dcache: m.dcache_stats(),
                    predictor: m.predictor_stats(),
                    tags: m.tag_stats(),
                    dram: m.dram_stats(),
                    by_privilege: m.cycles_by_privilege(),
                }),
            },
        }
    }
}

/// What `--stats` prints for a timing model.
#[derive(Clone, Debug)]
pub struct Stats {
    pub model: &'static str,
    pub cycles: u64,
    pub clock: Clock,
    pub detail: Option<Detail>,
}

/// The in-order model's counters.
#[derive(Clone, Debug)]
pub struct Detail {
    pub stalls: StallStats,
    pub icache: CacheStats,
    pub dcache: CacheStats,
    pub predictor: PredictorStats,
    pub tags: Option<(TagStats, CacheStats)>,
    /// DRAM reads and writes.
    pub dram: (u64, u64),
    /// Cycles by privilege level (`Priv as u8`: U = 0, M = 3).
    pub by_privilege: [u64; 4],
}

impl Stats {
    pub fn ipc(&self) -> f64 {
        self.clock.retired as f64 / self.cycles.max(1) as f64
    }
}

fn pct(n: u64, d: u64) -> f64 {
    n as f64 * 100.0 / d.max(1) as f64
}

fn cache_line(f: &mut fmt::Formatter<'_>, name: &str, c: &CacheStats) -> fmt::Result {
    writeln!(
        f,
        "  {name:<8} {} reads ({} misses), {} writes ({} misses), {} write-backs; miss rate {:.2}%",
        c.reads,
        c.read_misses,
        c.writes,
        c.write_misses,
        c.writebacks,
        c.miss_rate() * 100.0
    )
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.clock;
        writeln!(
            f,
            "timing ({}): {} cycles, {} instructions, IPC {:.3}, CPI {:.3}; {} exceptions, {} interrupts, {} idle cycles",
            self.model,
            self.cycles,
            c.retired,
            self.ipc(),
            self.cycles as f64 / c.retired.max(1) as f64,
            c.exceptions,
            c.interrupts,
            c.idle
        )?;
        let Some(d) = &self.detail else { return Ok(()) };
        let s = &d.stalls;
        writeln!(
            f,
            "  stalls   load-use {}, mul/div {}, D-mem {}, I-mem {}, mispredict {}, jump {}, serialise {}, trap {} \
             (cycles charged by cause)",
            s.load_use, s.muldiv, s.dmem, s.imem, s.branch, s.jump, s.serialise, s.trap
        )?;
        cache_line(f, "I-cache", &d.icache)?;
        cache_line(f, "D-cache", &d.dcache)?;
        let p = &d.predictor;
        writeln!(
            f,
            "  branches {} ({} taken), {} mispredicted ({:.2}% accuracy); jumps {}: {} JAL BTB misses, {} JALR \
             mispredicts, {} RAS hits",
            p.branches,
            p.taken,
            p.mispredicts,
            p.accuracy() * 100.0,
            p.jumps,
            p.jal_btb_misses,
            p.jalr_mispredicts,
            p.ras_hits
        )?;
        if let Some((t, tc)) = &d.tags {
            writeln!(
                f,
                "  tags     {} refill lookups, {} write updates, {} leaf lookups skipped (root clear); tag cache \
                 {} accesses, {} misses ({:.2}%); {} tag-line reads, {} write-backs; {} stall cycles; {} tagged granules",
                t.line_reads,
                t.line_writes,
                t.leaf_skips,
                tc.accesses(),
                tc.misses(),
                pct(tc.misses(), tc.accesses()),
                t.dram_reads,
                t.dram_writes,
                t.stall_cycles,
                t.tagged_granules
            )?;
        }
        writeln!(f, "  DRAM     {} reads, {} writes", d.dram.0, d.dram.1)?;
        let p = &d.by_privilege;
        writeln!(
            f,
            "  modes    M {} cycles ({:.1}%), U {} cycles ({:.1}%)",
            p[3],
            pct(p[3], self.cycles),
            p[0],
            pct(p[0], self.cycles)
        )
    }
}
