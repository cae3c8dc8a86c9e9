//! CHERI costs, two figures (benches/README.md):
//!
//! * `compute/{v9,none}`: the compute workload (guest-images/compute) in integer mode under
//!   root DDC and PCC on a CHERI hart, and on a hart without CHERI, in one run;
//! * `capability-heavy`: a capability-mode loop built here with the assembler — CSetBounds,
//!   CIncOffset, CSC, CLC, a capability-relative LD, CGetTag — 10 instructions per iteration.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sim_core::bus::DRAM_BASE;
use sim_core::hart::Semantics;
use sim_core::isa::asm::Assembler;
use sim_core::isa::{reg::*, Insn, Opcode::*};
use sim_core::{Exit, Machine, MachineConfig};

const COMPUTE: &[u8] = include_bytes!("../guest-images/compute/compute.elf");
const ITERATIONS: i64 = 2_000_000;
const BUF: u64 = DRAM_BASE + 0x10_0000;
const LOOP: u64 = DRAM_BASE + 0x1000;

fn config(cheri: Semantics) -> MachineConfig {
    MachineConfig { capture_output: true, stdin: false, cheri, ..Default::default() }
}

fn run_compute(cheri: Semantics) -> u64 {
    let mut m = Machine::new(&config(cheri));
    m.load_elf(COMPUTE).expect("the bundled image loads");
    assert_eq!(m.run(None).status(), 0);
    m.hart.retired()
}

/// The prologue (integer mode) and the capability-mode loop, as two flat images.
fn capability_program() -> (Vec<u8>, Vec<u8>) {
    let e = |a: &mut Assembler, i: Insn| a.emit(i).expect("encodable");
    let mut p = Assembler::new(DRAM_BASE);
    e(&mut p, Insn::new(CSpecialRW, S2, 0, 0, 1)); // cs2 = DDC (root)
    p.li(T0, BUF as i64);
    e(&mut p, Insn::r(CSetAddr, S2, S2, T0)); // cs2 -> buf
    e(&mut p, Insn::new(CSpecialRW, S7, 0, 0, 1));
    p.li(T0, 0x10_0000);
    e(&mut p, Insn::r(CSetAddr, S7, S7, T0)); // cs7 -> the test finisher
    e(&mut p, Insn::new(CSpecialRW, S6, 0, 0, 0)); // cs6 = PCC
    p.li(T1, LOOP as i64);
    e(&mut p, Insn::r(CSetAddr, S6, S6, T1));
    p.li(T2, 1);
    e(&mut p, Insn::r(CSetFlags, S6, S6, T2)); // capability mode
    p.li(T3, 64);
    p.li(T4, 16);
    p.li(A0, ITERATIONS);
    e(&mut p, Insn::new(JalrCap, 0, S6, 0, 0));

    let mut l = Assembler::new(LOOP);
    let top = l.here();
    e(&mut l, Insn::r(CSetBounds, S3, S2, T3)); // cs3 = [buf, buf + 64)
    e(&mut l, Insn::r(CIncOffset, S4, S3, T4)); // cs4 = cs3 + 16
    e(&mut l, Insn::s(Sc, S4, S3, 0)); // csc cs4, 0(cs3)
    e(&mut l, Insn::i(Lc, S5, S3, 0)); // clc cs5, 0(cs3)
    e(&mut l, Insn::i(Ld, T5, S3, 16)); // ld t5, 16(cs3)
    e(&mut l, Insn::r(CGetTag, T6, S5, 0));
    e(&mut l, Insn::r(Add, A1, A1, T6));
    e(&mut l, Insn::i(Addi, A0, A0, -1));
    l.branch_to(Bne, A0, ZERO, top).expect("encodable");
    l.li(T0, 0x5555);
    e(&mut l, Insn::s(Sw, T0, S7, 0)); // the finisher, through cs7
    (p.finish().expect("assembles"), l.finish().expect("assembles"))
}

fn run_capability_loop() -> u64 {
    let (prologue, body) = capability_program();
    let mut m = Machine::new(&config(Semantics::V9));
    m.load_flat(LOOP, &body).expect("in DRAM");
    m.load_flat(DRAM_BASE, &prologue).expect("in DRAM");
    let exit = m.run(Some(100_000_000));
    assert_eq!(exit, Exit::Finisher(sim_core::devices::FinisherStatus::Pass), "{}", exit.describe());
    assert_eq!(m.hart.x(A1), ITERATIONS as u64, "every CLC loaded a tagged capability");
    m.hart.retired()
}

fn cheri(c: &mut Criterion) {
    let mut g = c.benchmark_group("cheri");
    g.sample_size(10);
    g.measurement_time(std::time::Duration::from_secs(20));
    for (name, sem) in [("compute/v9", Semantics::V9), ("compute/none", Semantics::None)] {
        g.throughput(Throughput::Elements(run_compute(sem)));
        g.bench_function(name, |b| b.iter(|| run_compute(sem)));
    }
    g.throughput(Throughput::Elements(run_capability_loop()));
    g.bench_function("capability-heavy", |b| b.iter(run_capability_loop));
    g.finish();
}

criterion_group!(benches, cheri);
criterion_main!(benches);
