//! One program per mechanism, with its cycle count worked out by hand from the recurrences
//! in the module documentation.
//!
//! Common setting (`cfg()`): DRAM latency 10 and a 64-byte line per beat, so a refill takes
//! 10 + 1 = 11 cycles; tags off unless a test turns them on. Every program fits in one
//! 64-byte line, so it pays one I-cache miss (11 cycles) at the start. With no other stall
//! a run of N steps takes N + 4 cycles (pipeline fill: the first instruction is in E at
//! cycle 2, the last leaves W 3 cycles after its E).

use super::*;
use crate::isa::asm::Assembler;
use crate::isa::reg::*;
use crate::isa::{Insn, Opcode::*};
use crate::timing::config::{PredictorKind, Replacement};
use crate::{Machine, MachineConfig};

fn cfg() -> TimingConfig {
    let mut c = TimingConfig::default();
    c.memory.dram_latency = 10;
    c.memory.bytes_per_cycle = 64;
    c.tags.enabled = false;
    c
}

fn run(a: Assembler, steps: u64, c: &TimingConfig) -> InOrder {
    let code = a.finish().expect("the test program assembles");
    let mut m =
        Machine::new(&MachineConfig { dram_size: 1 << 20, capture_output: true, stdin: false, ..Default::default() });
    m.load_flat(DRAM_BASE, &code).expect("the program fits in DRAM");
    let mut t = InOrder::new(c);
    m.run_observed(Some(steps), &mut t);
    t
}

fn asm() -> Assembler {
    Assembler::new(DRAM_BASE)
}

fn e(a: &mut Assembler, i: Insn) {
    a.emit(i).expect("encodable");
}

#[test]
fn independent_instructions_take_one_cycle_each_after_the_fill() {
    let mut a = asm();
    for r in 1..=8 {
        e(&mut a, Insn::i(Addi, A0 + (r % 4), ZERO, r as i32));
    }
    // 8 + 4 + 11 (the one I-cache miss).
    assert_eq!(run(a, 8, &cfg()).cycles(), 23);
}

#[test]
fn a_load_use_pair_costs_one_bubble() {
    let build = |dependent: bool| {
        let mut a = asm();
        e(&mut a, Insn::u(Auipc, A0, 0));
        e(&mut a, Insn::i(Ld, A1, A0, 256)); // D-cache miss: M takes 1 + 11 cycles
        e(&mut a, Insn::i(Ld, A1, A0, 256)); // hit
        let src = if dependent { A1 } else { A0 };
        e(&mut a, Insn::r(Add, A2, src, src));
        a
    };
    // 4 + 4 + 11 (I miss) + 11 (D miss) = 30, and the load-use bubble makes it 31.
    let t = run(build(true), 4, &cfg());
    assert_eq!(t.cycles(), 31);
    assert_eq!(t.stalls.load_use, 1);
    assert_eq!(run(build(false), 4, &cfg()).cycles(), 30);
    assert_eq!(t.dcache_stats().read_misses, 1);
    assert_eq!(t.dcache_stats().reads, 2);
}

/// `a0 = 10; loop: a0 -= 1; bne a0, zero, loop; addi`: 1 + 10 × 2 + 1 = 22 steps.
fn countdown() -> Assembler {
    let mut a = asm();
    e(&mut a, Insn::i(Addi, A0, ZERO, 10));
    let top = a.here();
    e(&mut a, Insn::i(Addi, A0, A0, -1));
    a.branch_to(Bne, A0, ZERO, top).expect("encodable");
    e(&mut a, Insn::i(Addi, A1, ZERO, 1));
    a
}

#[test]
fn a_mispredicted_branch_loop() {
    // Bimodal, counters start weakly not-taken: the first taken bne and the exit are
    // mispredicted, 2 cycles each: 22 + 4 + 11 + 2 × 2 = 41.
    let t = run(countdown(), 22, &cfg());
    assert_eq!(t.predictor_stats().branches, 10);
    assert_eq!(t.predictor_stats().mispredicts, 2);
    assert_eq!(t.cycles(), 41);
    // Static not-taken: the 9 taken bne are mispredicted: 22 + 4 + 11 + 9 × 2 = 55.
    let mut c = cfg();
    c.predictor.kind = PredictorKind::Static;
    assert_eq!(run(countdown(), 22, &c).cycles(), 55);
    // A 3-cycle penalty: 22 + 4 + 11 + 2 × 3 = 43.
    let mut c = cfg();
    c.pipeline.mispredict_penalty = 3;
    assert_eq!(run(countdown(), 22, &c).cycles(), 43);
}

/// Two loads 1024 bytes apart, 4 times: `auipc; t0 = 4; loop: ld; ld; t0 -= 1; bne; addi`
/// = 2 + 4 × 4 + 1 = 19 steps; two mispredicts (the first bne and the exit), so
/// 19 + 4 + 11 + 2 × 2 = 38 cycles plus 11 per D-cache miss.
fn stride() -> Assembler {
    let mut a = asm();
    e(&mut a, Insn::u(Auipc, A0, 0));
    e(&mut a, Insn::i(Addi, T0, ZERO, 4));
    let top = a.here();
    e(&mut a, Insn::i(Ld, T1, A0, 256));
    e(&mut a, Insn::i(Ld, T2, A0, 1280));
    e(&mut a, Insn::i(Addi, T0, T0, -1));
    a.branch_to(Bne, T0, ZERO, top).expect("encodable");
    e(&mut a, Insn::i(Addi, A1, ZERO, 1));
    a
}

#[test]
fn a_cache_thrashing_stride() {
    // 1 KiB direct mapped: 0x80000100 and 0x80000500 share set 4 and evict each other:
    // all 8 loads miss: 38 + 8 × 11 = 126.
    let mut c = cfg();
    c.dcache.size = 1024;
    c.dcache.ways = 1;
    let t = run(stride(), 19, &c);
    assert_eq!(t.dcache_stats().read_misses, 8);
    assert_eq!(t.cycles(), 126);
    // Same capacity, 2 ways: only the two cold misses: 38 + 2 × 11 = 60.
    c.dcache.ways = 2;
    let t = run(stride(), 19, &c);
    assert_eq!(t.dcache_stats().read_misses, 2);
    assert_eq!(t.cycles(), 60);
    // Random replacement with 2 ways also keeps both lines once the set is full.
    c.dcache.replacement = Replacement::Random;
    assert_eq!(run(stride(), 19, &c).cycles(), 60);
}

/// `auipc a0; lui t2, 0x10; add a1, a0, t2; ld t1, 0(a1); addi`: a load 64 KiB above the
/// code, in another leaf of the tag table (a leaf line covers 64 × 8 × 16 = 8 KiB).
fn far_load() -> Assembler {
    let mut a = asm();
    e(&mut a, Insn::u(Auipc, A0, 0));
    e(&mut a, Insn::u(Lui, T2, 0x10000));
    e(&mut a, Insn::r(Add, A1, A0, T2));
    e(&mut a, Insn::i(Ld, T1, A1, 0));
    e(&mut a, Insn::i(Addi, A2, ZERO, 1));
    a
}

#[test]
fn a_tag_cache_miss() {
    // No tag controller: 5 + 4 + 11 (I miss) + 11 (D miss) = 31.
    assert_eq!(run(far_load(), 5, &cfg()).cycles(), 31);
    // Flat tag table: each refill first reads its leaf tag line (another 11 cycles when
    // the tag cache misses): the I refill and the D refill both miss: 31 + 2 × 11 = 53.
    let mut c = cfg();
    c.tags.enabled = true;
    c.tags.hierarchical = false;
    let t = run(far_load(), 5, &c);
    assert_eq!(t.cycles(), 53);
    let (ts, tc) = t.tag_stats().expect("tags are modelled");
    assert_eq!((ts.line_reads, tc.read_misses, ts.dram_reads), (2, 2, 2));
    // Hierarchical table: the I refill misses the root line; the D refill hits it, and as
    // no tag is set in that leaf the leaf is never read: 31 + 11 = 42.
    c.tags.hierarchical = true;
    let t = run(far_load(), 5, &c);
    assert_eq!(t.cycles(), 42);
    assert_eq!(t.tag_stats().map(|(s, _)| s.leaf_skips), Some(2));
}

#[test]
fn an_unpipelined_multiply_holds_execute() {
    let mut a = asm();
    e(&mut a, Insn::i(Addi, A0, ZERO, 3));
    e(&mut a, Insn::r(Mul, A1, A0, A0));
    e(&mut a, Insn::i(Addi, A2, ZERO, 1)); // independent, but waits for the multiplier
                                           // 3 + 4 + 11 + (3 − 1) = 20.
    assert_eq!(run(a, 3, &cfg()).cycles(), 20);
}

#[test]
fn csr_accesses_and_traps_serialise() {
    let mut a = asm();
    e(&mut a, Insn::u(Auipc, T0, 0));
    e(&mut a, Insn::i(Addi, T0, T0, 16));
    e(&mut a, Insn::i(Csrrw, ZERO, T0, 0x305)); // mtvec = the addi below
    e(&mut a, Insn::fixed(Ecall));
    e(&mut a, Insn::i(Addi, A0, ZERO, 1));
    // 5 steps (the ecall traps) + 4 + 11 + 3 (CSR) + 4 (trap) = 27.
    let t = run(a, 5, &cfg());
    assert_eq!(t.clock().exceptions, 1);
    assert_eq!(t.cycles(), 27);
}

#[test]
fn capability_stores_make_the_tag_controller_read_leaves() {
    // Synthetic events (capability instructions are not in the ISA table yet): a
    // capability store with its tag set marks its leaf; a later refill of that line then
    // has to read the leaf tag line too.
    let mut c = cfg();
    c.tags.enabled = true;
    let mut t = InOrder::new(&c);
    let addr = DRAM_BASE + 0x4_0000;
    let mut ev = Retired {
        cycle: 0,
        pc: DRAM_BASE,
        raw: 0x0000_0013,
        op: Addi,
        insn: Insn::i(Addi, ZERO, ZERO, 0),
        privilege: crate::hart::Priv::Machine,
        rd_write: None,
        rd_cap: None,
        mem: None,
        next_pc: DRAM_BASE + 4,
    };
    t.retired(&ev);
    ev.cycle = 1;
    ev.pc += 4;
    ev.next_pc += 4;
    ev.insn = Insn::s(Sd, ZERO, ZERO, 0);
    ev.mem = Some(MemAccess { addr, size: 16, kind: MemKind::Store, store_value: Some(0), cap: true, tag: true });
    t.retired(&ev);
    assert_eq!(t.tag_stats().map(|(s, _)| s.tagged_granules), Some(1));
    let before = t.tag_stats().map(|(s, _)| s.dram_reads).unwrap_or(0);
    ev.cycle = 2;
    ev.pc += 4;
    ev.next_pc += 4;
    ev.insn = Insn::i(Ld, A0, ZERO, 0);
    ev.mem = Some(MemAccess { addr, size: 8, kind: MemKind::Load, store_value: None, cap: false, tag: false });
    t.retired(&ev);
    let (s, _) = t.tag_stats().expect("tags are modelled");
    // The store wrote the leaf (allocating it in the tag cache), so the refill finds both
    // the root and the leaf cached: it reads the leaf without going to DRAM.
    assert_eq!(s.dram_reads, before);
    assert_eq!(s.line_reads, 2);
    assert_eq!(s.leaf_skips, 1); // only the I refill skipped its leaf
}

#[test]
fn cycles_slept_in_wfi_are_added() {
    // Two events 100 atomic cycles apart (the machine skipped 99 cycles waiting for the
    // timer): 2 + 4 + 11 (I miss) + 99 = 116 cycles, 99 of them idle.
    let mut t = InOrder::new(&cfg());
    let mut ev = Retired {
        cycle: 0,
        pc: DRAM_BASE,
        raw: 0x0000_0013,
        op: Addi,
        insn: Insn::i(Addi, ZERO, ZERO, 0),
        privilege: crate::hart::Priv::Machine,
        rd_write: None,
        rd_cap: None,
        mem: None,
        next_pc: DRAM_BASE + 4,
    };
    t.retired(&ev);
    ev.cycle = 100;
    ev.pc += 4;
    ev.next_pc += 4;
    t.retired(&ev);
    assert_eq!(t.clock().idle, 99);
    assert_eq!(t.cycles(), 116);
    // A timer set centuries ahead does not overflow the model.
    ev.cycle = u64::MAX - 1;
    t.retired(&ev);
    assert!(t.cycles() > 1 << 61);
}

/// `auipc a0; sd zero, 256(a0); ld t1, 256(a0); ld t2, 1280(a0); addi` with a 1 KiB
/// direct-mapped D-cache, where 0x80000100 and 0x80000500 share set 4.
fn store_then_conflict() -> Assembler {
    let mut a = asm();
    e(&mut a, Insn::u(Auipc, A0, 0));
    e(&mut a, Insn::s(Sd, ZERO, A0, 256));
    e(&mut a, Insn::i(Ld, T1, A0, 256));
    e(&mut a, Insn::i(Ld, T2, A0, 1280));
    e(&mut a, Insn::i(Addi, A1, ZERO, 1));
    a
}

#[test]
fn write_policies() {
    let mut c = cfg();
    c.dcache.size = 1024;
    c.dcache.ways = 1;
    // Write-around (Flute): the store misses and is posted; both loads miss:
    // 5 + 4 + 11 (I) + 2 × 11 = 42.
    let t = run(store_then_conflict(), 5, &c);
    let d = t.dcache_stats();
    assert_eq!((d.write_misses, d.read_misses, d.writebacks), (1, 2, 0));
    assert_eq!(t.cycles(), 42);
    assert_eq!(t.dram_stats(), (3, 1)); // I refill + 2 D refills; the posted store
                                        // Write-back, write-allocate: the store's miss refills the line (11), the first load
                                        // hits, the second evicts the dirty line — its write-back is posted after the refill —
                                        // and misses (11): again 42, with a different memory traffic.
    c.dcache.write_policy = WritePolicy::WriteBack;
    let t = run(store_then_conflict(), 5, &c);
    let d = t.dcache_stats();
    assert_eq!((d.write_misses, d.read_misses, d.writebacks), (1, 1, 1));
    assert_eq!(t.cycles(), 42);
    assert_eq!(t.dram_stats(), (3, 1)); // I refill + 2 D refills; the dirty victim
}
