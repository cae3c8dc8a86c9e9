//! A 5-stage in-order pipeline in the style of CHERI-Flute: F (fetch, I-cache, branch
//! prediction), D (decode, register read), E (execute; branches resolve here), M (D-cache,
//! tag controller behind it), W (write-back; traps and MRET are taken here).
//!
//! The model keeps, for the instruction being retired, the cycle it enters each of F, D and
//! E, from the recurrences of a pipeline whose stages hold one instruction each:
//!
//! ```text
//! F(i) = max(D(i-1), redirect)            i is fetched when i-1 moves on to decode
//! D(i) = max(F(i) + 1 + fetch stall, E(i-1))
//! E(i) = max(D(i) + 1, free(i-1), ready[rs1], ready[rs2])
//! ```
//!
//! `free(i-1)` is when execute can take the next instruction (a blocking D-cache miss or an
//! unpipelined multiply/divide holds it); `ready[r]` is when r's value can be forwarded
//! (E + 1 for ALU results, E + 1 + M-stage latency for loads: one bubble for a load-use pair
//! with single-cycle hits). A mispredicted branch redirects fetch from execute, a JAL that
//! missed the BTB from decode, traps/MRET/CSR accesses from the end of the pipe. With no
//! stall, instruction i enters E at cycle i + 2 and the run takes N + 4 cycles.

use super::cache::{Cache, CacheStats, Channel};
use super::config::{TimingConfig, WritePolicy};
use super::predictor::{Predictor, PredictorStats};
use super::tagcache::{TagController, TagStats};
use super::Clock;
use crate::bus::DRAM_BASE;
use crate::hart::Priv;
use crate::isa::{Class, Format, Opcode, OPCODE_COUNT};
use crate::observer::{MemAccess, MemKind, Needs, Observer, Retired, TrapTaken};

/// What the pipeline does with an instruction.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Kind {
    Alu,
    Mul,
    Div,
    Load,
    Store,
    Amo,
    Branch,
    Jal,
    Jalr,
    Csr,
    Fence,
    FenceI,
    Mret,
}

#[derive(Copy, Clone, Debug)]
struct OpInfo {
    kind: Kind,
    /// Masks for rs1/rs2: 31 if the instruction reads the register, 0 if not (x0, whose
    /// value is always ready), so that the operand check needs no branch.
    rs1_mask: u8,
    rs2_mask: u8,
}

/// The per-opcode table is indexed with `op & (INFO_SLOTS - 1)`, which needs no bounds check.
const INFO_SLOTS: usize = 1024;
const _: () = assert!(OPCODE_COUNT <= INFO_SLOTS);
const UNKNOWN: OpInfo = OpInfo { kind: Kind::Alu, rs1_mask: 31, rs2_mask: 31 };

fn op_info(op: Opcode) -> OpInfo {
    let kind = match op.class() {
        Class::Mul => Kind::Mul,
        Class::Div => Kind::Div,
        Class::Load => Kind::Load,
        Class::Store => Kind::Store,
        Class::Amo => Kind::Amo,
        Class::Branch => Kind::Branch,
        Class::Jump if op == Opcode::Jal => Kind::Jal,
        Class::Jump => Kind::Jalr,
        Class::Csr => Kind::Csr,
        Class::Fence if op == Opcode::FenceI => Kind::FenceI,
        Class::Fence => Kind::Fence,
        Class::System if op == Opcode::Mret => Kind::Mret,
        _ => Kind::Alu,
    };
    let (reads_rs1, reads_rs2) = match op.spec().format {
        Format::U | Format::J | Format::Fixed | Format::Fence | Format::FenceI | Format::CsrImm => (false, false),
        Format::I | Format::Shift64 | Format::Shift32 | Format::Csr | Format::Lr => (true, false),
        _ => (true, true),
    };
    OpInfo { kind, rs1_mask: if reads_rs1 { 31 } else { 0 }, rs2_mask: if reads_rs2 { 31 } else { 0 } }
}

/// A bound on the clock after a WFI sleep (a guest may set its timer decades ahead), so that
/// the model's own additions cannot overflow.
const CYCLE_CAP: u64 = 1 << 62;

/// Where a register's pending value comes from, to say what a stall waited for.
const SRC_ALU: u8 = 0;
const SRC_LOAD: u8 = 1;
const SRC_MULDIV: u8 = 2;

/// Cycles charged, by cause. Causes can overlap (a fetch miss hidden behind a divide is
/// charged to both), so these explain the cycle count rather than add up to it.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct StallStats {
    /// Waiting for a load's result (load-use).
    pub load_use: u64,
    /// Waiting for a multiply/divide result or for the unpipelined unit.
    pub muldiv: u64,
    /// Execute held by a D-cache miss or an uncached access in M.
    pub dmem: u64,
    /// I-cache misses.
    pub imem: u64,
    /// Mispredicted branches and indirect jumps.
    pub branch: u64,
    /// JALs redirected from decode, correctly predicted taken branches.
    pub jump: u64,
    /// CSR accesses, fences, MRET.
    pub serialise: u64,
    /// Traps and interrupts.
    pub trap: u64,
}

/// The pipeline and its memory system.
pub struct InOrder {
    info: Box<[OpInfo; INFO_SLOTS]>,
    // Parameters, widened once.
    mul_latency: u64,
    div_latency: u64,
    muldiv_pipelined: bool,
    mispredict: u64,
    taken: u64,
    jal_redirect: u64,
    csr: u64,
    fence: u64,
    trap_penalty: u64,
    xret: u64,
    ihit_extra: u64,
    dhit: u64,
    write_back: bool,
    icache: Cache,
    dcache: Cache,
    ishift: u32,
    dline: u64,
    iline: u64,
    predictor: Predictor,
    tags: TagController,
    channel: Channel,
    /// When each register's newest value can be forwarded, and what produces it.
    ready: [u64; 32],
    src: [u8; 32],
    /// F of the next instruction (D of the last one, or a redirect).
    f_next: u64,
    /// E of the last instruction.
    e_prev: u64,
    /// When execute can take the next instruction.
    ex_free: u64,
    ex_free_src: u8,
    /// The I-cache line fetch is in (u64::MAX: none).
    fetch_line: u64,
    /// The address where that line starts (u64::MAX: none), for the one-compare check.
    fetch_base: u64,
    /// When the last instruction leaves W.
    done: u64,
    clock: Clock,
    pub stalls: StallStats,
    /// The privilege level now running (`Priv as u8`), since which cycle, and the cycles
    /// spent at each level so far (indexed by `Priv as u8 & 3`).
    mode: u8,
    mode_since: u64,
    mode_cycles: [u64; 4],
}

impl InOrder {
    pub fn new(c: &TimingConfig) -> InOrder {
        let p = &c.pipeline;
        let icache = Cache::new(c.icache.size, c.icache.ways, c.icache.line, c.icache.replacement);
        let dcache = Cache::new(c.dcache.size, c.dcache.ways, c.dcache.line, c.dcache.replacement);
        InOrder {
            info: {
                let mut t = Box::new([UNKNOWN; INFO_SLOTS]);
                for op in Opcode::all() {
                    t[op as usize & (INFO_SLOTS - 1)] = op_info(op);
                }
                t
            },
            mul_latency: p.mul_latency.max(1) as u64,
            div_latency: p.div_latency.max(1) as u64,
            muldiv_pipelined: p.muldiv_pipelined,
            mispredict: p.mispredict_penalty as u64,
            taken: p.taken_penalty as u64,
            jal_redirect: p.jal_redirect_penalty as u64,
            csr: p.csr_penalty as u64,
            fence: p.fence_penalty as u64,
            trap_penalty: p.trap_penalty as u64,
            xret: p.xret_penalty as u64,
            ihit_extra: c.icache.hit_latency.saturating_sub(1) as u64,
            dhit: c.dcache.hit_latency.max(1) as u64,
            write_back: c.dcache.write_policy == WritePolicy::WriteBack,
            ishift: icache.line_shift(),
            // At least 4, so that `iline - len` cannot underflow (the config asks for ≥ 16).
            iline: (c.icache.line as u64).max(4),
            dline: c.dcache.line as u64,
            icache,
            dcache,
            predictor: Predictor::new(&c.predictor),
            tags: TagController::new(&c.tags),
            channel: Channel::new(&c.memory),
            ready: [0; 32],
            src: [SRC_ALU; 32],
            // The first instruction is fetched at cycle 0.
            f_next: 0,
            e_prev: 0,
            ex_free: 0,
            ex_free_src: SRC_ALU,
            fetch_line: u64::MAX,
            fetch_base: u64::MAX,
            done: 0,
            clock: Clock::default(),
            stalls: StallStats::default(),
            mode: Priv::Machine as u8,
            mode_since: 0,
            mode_cycles: [0; 4],
        }
    }

    /// Cycles so far: until the last instruction (or trap) has left the pipeline.
    pub fn cycles(&self) -> u64 {
        let c = &self.clock;
        if c.retired + c.exceptions + c.interrupts == 0 {
            return 0;
        }
        self.done.max(self.e_prev + 3)
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The cycle the last instruction (or trap) entered execute: the stamp traces show.
    pub fn now(&self) -> u64 {
        self.e_prev
    }

    /// Cycles spent at each privilege level, indexed by `Priv as u8` (U = 0, M = 3): the
    /// cycles from the first instruction of a stretch at that level to the first of the next
    /// stretch; the last stretch runs to the end.
    pub fn cycles_by_privilege(&self) -> [u64; 4] {
        let mut c = self.mode_cycles;
        c[self.mode as usize & 3] += self.cycles().saturating_sub(self.mode_since);
        c
    }

    #[cold]
    fn switch_mode(&mut self, mode: u8, at: u64) {
        self.mode_cycles[self.mode as usize & 3] += at.saturating_sub(self.mode_since);
        self.mode = mode;
        self.mode_since = at;
    }

    pub fn icache_stats(&self) -> CacheStats {
        self.icache.stats
    }
    pub fn dcache_stats(&self) -> CacheStats {
        self.dcache.stats
    }
    pub fn predictor_stats(&self) -> PredictorStats {
        self.predictor.stats
    }
    /// The tag controller's counters and its tag cache's, if it is modelled.
    pub fn tag_stats(&self) -> Option<(TagStats, CacheStats)> {
        self.tags.enabled().then(|| (self.tags.stats(), self.tags.cache_stats()))
    }
    /// DRAM reads and writes (refills, write-throughs, write-backs, tag lines).
    pub fn dram_stats(&self) -> (u64, u64) {
        (self.channel.reads, self.channel.writes)
    }

    /// A line refill requested at `now` (I or D): returns when the data is there.
    fn refill(&mut self, now: u64, addr: u64, bytes: u64) -> u64 {
        let extra = self.tags.refill(&mut self.channel, now, addr);
        self.channel.read(now + extra, bytes)
    }

    /// Fetching the instruction at `pc` starting at cycle `f`: the stall beyond one cycle.
    #[inline(never)]
    fn fetch(&mut self, pc: u64, len: u64, f: u64) -> u64 {
        let first = pc >> self.ishift;
        let last = pc.wrapping_add(len - 1) >> self.ishift;
        if (first ^ self.fetch_line) | (last ^ first) == 0 {
            return 0;
        }
        let mut stall = 0;
        if first != self.fetch_line {
            stall += self.fetch_line_at(first, f);
        }
        if last != first {
            stall += self.fetch_line_at(last, f + stall);
        }
        self.fetch_line = last;
        self.fetch_base = last << self.ishift;
        stall
    }

    fn fetch_line_at(&mut self, line: u64, f: u64) -> u64 {
        if self.icache.access_line(line, false, true, false).hit {
            return self.ihit_extra;
        }
        let done = self.refill(f, line << self.ishift, self.iline);
        let stall = done - f + self.ihit_extra;
        self.stalls.imem += stall;
        stall
    }

    /// The data access of an instruction whose M stage starts at `m`: its M-stage latency.
    fn data(&mut self, a: &MemAccess, m: u64) -> u64 {
        if a.addr < DRAM_BASE {
            // Devices: uncached, the pipeline waits for the answer.
            return self.channel.mmio_latency.max(1);
        }
        let mut lat = self.dhit;
        if a.kind != MemKind::Store {
            let o = self.dcache.access(a.addr, false, true, false);
            if !o.hit {
                let done = self.refill(m, a.addr, self.dline);
                lat += done - m;
                self.write_victim(o.writeback, done);
            }
        }
        if a.kind != MemKind::Load {
            let changed = self.tags.store(a.addr, a.size as u64, a.cap, a.tag);
            if self.write_back {
                let o = self.dcache.access(a.addr, true, true, true);
                if !o.hit {
                    let done = self.refill(m, a.addr, self.dline);
                    lat += done - m;
                    self.write_victim(o.writeback, done);
                }
            } else {
                // Write-around: update the line if present, and post the write to memory
                // through the tag controller (which clears the tags it covers).
                self.dcache.access(a.addr, true, false, false);
                self.tags.write(&mut self.channel, m, a.addr, changed);
                self.channel.write(m, a.size as u64);
            }
        }
        lat
    }

    fn write_victim(&mut self, victim: Option<u64>, at: u64) {
        if let Some(line) = victim {
            let addr = line << self.dline.trailing_zeros();
            self.tags.write(&mut self.channel, at, addr, false);
            self.channel.write(at, self.dline);
        }
    }
}

impl InOrder {
    /// Fetch, decode and operand readiness: returns (D, E) of the instruction.
    #[inline(always)]
    fn front(&mut self, ev: &Retired, info: OpInfo, len: u64) -> (u64, u64) {
        let f = self.f_next;
        // Still inside the line fetch is in: no I-cache access (iline ≥ 16 > len).
        let fstall =
            if ev.pc.wrapping_sub(self.fetch_base) <= self.iline - len { 0 } else { self.fetch(ev.pc, len, f) };
        let d = (f + 1 + fstall).max(self.e_prev);
        let e0 = d + 1;
        let e1 = e0.max(self.ex_free);
        let r1 = (ev.insn.rs1 & info.rs1_mask & 31) as usize;
        let r2 = (ev.insn.rs2 & info.rs2_mask & 31) as usize;
        let (t1, t2) = (self.ready[r1], self.ready[r2]);
        let e = e1.max(t1).max(t2);
        if e > e0 {
            self.charge_stall(e0, e1, e, if t1 >= t2 { r1 } else { r2 });
        }
        (d, e)
    }

    /// Says what a stall in D waited for.
    #[cold]
    fn charge_stall(&mut self, e0: u64, e1: u64, e: u64, reg: usize) {
        match self.ex_free_src {
            SRC_MULDIV => self.stalls.muldiv += e1 - e0,
            _ => self.stalls.dmem += e1 - e0,
        }
        match self.src[reg & 31] {
            SRC_LOAD => self.stalls.load_use += e - e1,
            _ => self.stalls.muldiv += e - e1,
        }
    }

    /// Everything but plain ALU instructions: memory, multiply/divide, control transfer,
    /// serialising instructions.
    #[inline(always)]
    fn retire_other(&mut self, ev: &Retired, info: OpInfo, len: u64, d: u64, e: u64) {
        // Only traps and these instructions (xRET, CSR writes, CHERI jumps…) change the
        // privilege level; ALU instructions and branches, which skip this path, cannot.
        if ev.privilege as u8 != self.mode {
            self.switch_mode(ev.privilege as u8, e);
        }
        let insn = &ev.insn;
        // Defaults: one cycle in each of E and M, the next instruction right behind.
        let mut result = e + 1;
        let mut result_src = SRC_ALU;
        let mut mlat = 1;
        let mut ex_free = e + 1;
        let mut ex_free_src = SRC_ALU;
        let mut f_next = d;
        let fallthrough = ev.pc.wrapping_add(len);
        match info.kind {
            Kind::Alu => {}
            Kind::Mul | Kind::Div => {
                let lat = if info.kind == Kind::Mul { self.mul_latency } else { self.div_latency };
                result = e + lat;
                result_src = SRC_MULDIV;
                if !self.muldiv_pipelined {
                    ex_free = e + lat;
                    ex_free_src = SRC_MULDIV;
                    mlat = 1;
                    self.done = self.done.max(e + lat + 2);
                }
            }
            Kind::Load | Kind::Store | Kind::Amo => {
                if let Some(a) = ev.mem {
                    mlat = self.data(&a, e + 1);
                }
                result = e + 1 + mlat;
                result_src = SRC_LOAD;
                ex_free = e + mlat;
            }
            Kind::Branch => {
                let taken = ev.next_pc != fallthrough;
                if !self.predictor.branch(ev.pc, taken, ev.next_pc) {
                    f_next = e + self.mispredict.saturating_sub(1);
                    self.stalls.branch += self.mispredict;
                } else if taken && self.taken > 0 {
                    f_next = d + self.taken;
                    self.stalls.jump += self.taken;
                }
            }
            Kind::Jal => {
                if !self.predictor.jal(ev.pc, insn.rd, ev.next_pc, fallthrough) {
                    f_next = d + self.jal_redirect;
                    self.stalls.jump += self.jal_redirect;
                } else if self.taken > 0 {
                    f_next = d + self.taken;
                    self.stalls.jump += self.taken;
                }
            }
            Kind::Jalr => {
                if !self.predictor.jalr(ev.pc, insn.rd, insn.rs1, ev.next_pc, fallthrough) {
                    f_next = e + self.mispredict.saturating_sub(1);
                    self.stalls.branch += self.mispredict;
                }
            }
            Kind::Csr => {
                f_next = e + self.csr.saturating_sub(1);
                self.stalls.serialise += self.csr;
            }
            Kind::Fence | Kind::FenceI => {
                if info.kind == Kind::FenceI {
                    self.icache.invalidate_all();
                    self.fetch_line = u64::MAX;
                    self.fetch_base = u64::MAX;
                }
                f_next = e + self.fence.saturating_sub(1);
                self.stalls.serialise += self.fence;
            }
            Kind::Mret => {
                f_next = e + self.xret.saturating_sub(1);
                self.stalls.serialise += self.xret;
            }
        }
        // Instructions without a destination have rd = 0 in `Insn`; x0 is never waited for.
        let r = insn.rd as usize & 31;
        self.ready[r] = result;
        self.src[r] = result_src;
        self.ready[0] = 0;
        self.f_next = f_next.max(d);
        self.e_prev = e;
        self.ex_free = ex_free;
        self.ex_free_src = ex_free_src;
        self.done = self.done.max(e + 2 + mlat);
    }
}

impl Observer for InOrder {
    /// The data accesses (for the caches and the tag controller); never a register's value.
    const NEEDS: Needs = Needs { mem: true, rd_value: false, rd_cap: false };
    #[inline(always)]
    fn retired(&mut self, ev: &Retired) {
        let gap = self.clock.step(ev.cycle);
        if gap > 0 {
            self.f_next = self.f_next.saturating_add(gap).min(CYCLE_CAP);
        }
        let len = if ev.raw & 3 == 3 { 4 } else { 2 };
        let info = self.info[ev.insn.op as usize & (INFO_SLOTS - 1)];
        let (d, e) = self.front(ev, info, len);
        let mut f_next = d;
        match info.kind {
            Kind::Alu => {
                // Instructions without a destination have rd = 0 in `Insn`; x0 is never
                // waited for.
                let r = ev.insn.rd as usize & 31;
                self.ready[r] = e + 1;
                self.src[r] = SRC_ALU;
                self.ready[0] = 0;
            }
            Kind::Branch => {
                let taken = ev.next_pc != ev.pc.wrapping_add(len);
                if !self.predictor.branch(ev.pc, taken, ev.next_pc) {
                    f_next = e + self.mispredict.saturating_sub(1);
                    self.stalls.branch += self.mispredict;
                } else if taken && self.taken > 0 {
                    f_next = d + self.taken;
                    self.stalls.jump += self.taken;
                }
            }
            _ => return self.retire_other(ev, info, len, d, e),
        }
        self.f_next = f_next;
        self.e_prev = e;
        self.ex_free = e + 1;
        self.ex_free_src = SRC_ALU;
        // It leaves W at e + 3: `cycles()` takes that from `e_prev`.
    }

    fn trap(&mut self, ev: &TrapTaken) {
        let interrupt = ev.cause >> 63 != 0;
        let gap = self.clock.trap(ev.cycle, !interrupt);
        if gap > 0 {
            self.f_next = self.f_next.saturating_add(gap).min(CYCLE_CAP);
        }
        // The trapping instruction (or the point of interruption) goes down the pipe, and
        // fetch restarts at the handler once it reaches write-back.
        let d = (self.f_next + 1).max(self.e_prev);
        let e = (d + 1).max(self.ex_free);
        if self.mode != Priv::Machine as u8 {
            self.switch_mode(Priv::Machine as u8, e);
        }
        self.e_prev = e;
        self.ex_free = e + 1;
        self.f_next = e + self.trap_penalty.saturating_sub(1);
        self.stalls.trap += self.trap_penalty;
        self.done = self.done.max(e + 3);
    }
}

#[cfg(test)]
mod tests;
