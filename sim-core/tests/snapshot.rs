//! Machine snapshots (issue 7): a restore gives back the exact state of the snapshot, and a
//! restored machine runs exactly as it did the first time.

use sim_core::{Exit, Machine, MachineConfig};

const DRAM: u64 = 8 << 20;

fn machine(path: &str) -> Machine {
    let config = MachineConfig { dram_size: DRAM, capture_output: true, stdin: false, ..Default::default() };
    let mut m = Machine::new(&config);
    let elf = std::fs::read(format!("{}/../guest-images/{path}", env!("CARGO_MANIFEST_DIR"))).expect("the image");
    m.load_elf(&elf).expect("a loadable image");
    m
}

/// What a run leaves: the hart, DRAM and tags (as a fresh snapshot of a clone-free copy is
/// not possible, through `same_contents`), the exit and the captured output.
struct After {
    exit: Exit,
    out: Vec<u8>,
    hart: sim_core::hart::HartState,
}

fn run_from(m: &mut Machine, steps: Option<u64>) -> After {
    let exit = m.run(steps);
    After { exit, out: m.take_output(), hart: m.hart.save() }
}

fn check_round_trip(path: &str, warmup: u64) {
    let mut m = machine(path);
    assert_eq!(m.run(Some(warmup)), Exit::StepLimit, "{path} must still be running after {warmup} steps");
    let out_before = m.take_output();
    let snap = m.snapshot();

    let first = run_from(&mut m, None);
    assert_ne!(first.exit, Exit::StepLimit);
    // Everything the continuation wrote, to compare the second run's memory with.
    let written: Vec<u64> = m.bus.dram.dirty_pages().collect();
    assert!(!written.is_empty(), "{path} writes memory after the snapshot");
    let mut m2 = machine(path);
    m2.run(Some(warmup));
    m2.run(None);
    let end_state = m2.snapshot();

    m.restore(&snap);
    assert!(m.hart.save() == snap.hart, "{path}: the hart is back in the snapshot's state");
    assert!(m.bus.dram.same_contents(&snap.bus.dram), "{path}: DRAM and tags are back");
    assert_eq!(m.bus.dram.dirty_pages().count(), 0);

    let second = run_from(&mut m, None);
    assert_eq!(second.exit, first.exit);
    assert_eq!(second.out, first.out, "{path}: the same output after the restore");
    assert!(second.hart == first.hart, "{path}: the same final hart state");
    assert!(m.bus.dram.same_contents(&end_state.bus.dram), "{path}: the same final memory and tags");
    assert!(!out_before.is_empty() || !first.out.is_empty());
}

#[test]
fn restore_then_rerun_is_identical_compute() {
    check_round_trip("compute/compute-small.elf", 20_000);
}

#[test]
fn restore_then_rerun_is_identical_with_capability_stores() {
    // cheri_mem stores and loads tagged capabilities: tags must come back too.
    check_round_trip("cheri/cheri_mem.elf", 200);
}

#[test]
fn restore_then_rerun_is_identical_in_user_mode_and_capability_mode() {
    check_round_trip("cheri/cheri_capmode.elf", 300);
    check_round_trip("cheri/cheri_umode.elf", 300);
}

#[test]
fn repeated_restores_and_an_older_snapshot() {
    let mut m = machine("compute/compute-small.elf");
    m.run(Some(5_000));
    let early = m.snapshot();
    m.run(Some(5_000));
    let late = m.snapshot();
    let late_hart = m.hart.save();
    for _ in 0..3 {
        m.run(Some(7_000));
        m.restore(&late);
        assert!(m.hart.save() == late_hart);
        assert!(m.bus.dram.same_contents(&late.bus.dram));
    }
    // `early` is not the snapshot the dirty map follows: the restore copies everything.
    m.run(Some(3_000));
    m.restore(&early);
    assert!(m.hart.save() == early.hart);
    assert!(m.bus.dram.same_contents(&early.bus.dram));
    // And the dirty map now follows `early`: a run and a restore give it back again.
    m.run(Some(3_000));
    m.restore(&early);
    assert!(m.bus.dram.same_contents(&early.bus.dram));
    let a = run_from(&mut m, None);
    m.restore(&early);
    let b = run_from(&mut m, None);
    assert_eq!((a.exit, a.out), (b.exit, b.out));
}

#[test]
fn a_store_that_straddles_two_pages_marks_both() {
    use sim_core::bus::{DRAM_BASE, PAGE_SIZE};
    let mut m = machine("compute/compute-small.elf");
    let snap = m.snapshot();
    let off = (PAGE_SIZE * 3 - 4) as usize;
    m.bus.dram.write::<u64>(off, u64::MAX);
    let pages: Vec<u64> = m.bus.dram.dirty_pages().collect();
    assert_eq!(pages, vec![PAGE_SIZE * 2, PAGE_SIZE * 3]);
    m.restore(&snap);
    assert_eq!(m.bus.dram.slice(DRAM_BASE + off as u64, 8), snap.bus.dram.slice(DRAM_BASE + off as u64, 8));
    assert!(m.bus.dram.same_contents(&snap.bus.dram));
}
