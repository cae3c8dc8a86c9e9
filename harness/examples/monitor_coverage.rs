//! How much of the monitor a monitor_hostcalls corpus reaches: every input of the given
//! directories is replayed with an observer that records the monitor's instruction
//! addresses (M mode, inside its executable segment) and the hostcall numbers it was asked
//! for (trace-port events). `cargo run --release -p capvm-harness --example monitor_coverage
//! -- fuzz/corpus/monitor_hostcalls [more dirs]`.

use std::collections::{BTreeMap, BTreeSet};

use harness::hostcalls::{parse, Fuzzer};
use sim_core::hart::Priv;
use sim_core::observer::{MonitorEvent, Observer, Retired};

#[derive(Default)]
struct Reach {
    pcs: BTreeSet<u64>,
    hostcalls: BTreeMap<u64, u64>,
}

impl Observer for Reach {
    fn retired(&mut self, ev: &Retired) {
        if ev.privilege == Priv::Machine {
            self.pcs.insert(ev.pc);
        }
    }
    fn monitor(&mut self, ev: &MonitorEvent) {
        // TP_HOSTCALL_ENTER (4): args[0] is the number.
        if ev.kind == 4 {
            *self.hostcalls.entry(ev.args[0]).or_default() += 1;
        }
    }
}

fn main() {
    let mut f = Fuzzer::new().unwrap_or_else(|e| panic!("{e}"));
    let (code_start, code_len) = f.world.monitor_code[0];
    // Instruction addresses of the monitor's code, walking the encodings' lengths.
    let text = f.snapshot.bus.dram.slice(code_start, code_len).unwrap_or_default();
    let mut total = 0u64;
    let mut at = 0usize;
    while at + 2 <= text.len() {
        let half = u16::from_le_bytes([text[at], text[at + 1]]) as u32;
        at += sim_core::isa::insn_len(half) as usize;
        total += 1;
    }
    let mut reach = Reach::default();
    let mut inputs = 0;
    for dir in std::env::args().skip(1) {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
        for e in entries.flatten() {
            let Ok(bytes) = std::fs::read(e.path()) else { continue };
            f.run_observed(&parse(&bytes), &mut reach);
            inputs += 1;
        }
    }
    let inside = reach.pcs.iter().filter(|&&pc| pc >= code_start && pc < code_start + code_len).count();
    println!(
        "{inputs} inputs: {inside} of about {total} monitor instructions reached ({:.1}%)",
        100.0 * inside as f64 / total.max(1) as f64
    );
    // The ABI's numbers one by one; the rest (any u64 the fuzzer made up) summed.
    let (known, other): (Vec<_>, Vec<_>) = reach.hostcalls.iter().partition(|(&n, _)| n < 32);
    println!("hostcalls the monitor was asked for (number: times): {known:?}");
    println!("and {} other numbers, {} times in all", other.len(), other.iter().map(|(_, &times)| times).sum::<u64>());
}
