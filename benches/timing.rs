//! Simulation speed under each timing model, and the in-order model's CoreMark-per-MHz-style
//! figure for the compute workload (guest-images/compute: integer kernels in the style of
//! CoreMark; compute.elf runs 1000 iterations, compute-small.elf 6, see compute.c).
//!
//! Two parts, both in one `cargo bench --bench timing` run:
//! - criterion: compute-small from reset to exit with no timing model, `atomic` and
//!   `inorder` (throughput in guest instructions per second: "elements" = MIPS × 10^6);
//! - a printed summary: the full compute workload once per model, interleaved, with MIPS, the
//!   ratios between models, the in-order cycle count, IPC and iterations per million cycles.
//!
//! See benches/README.md for the method and the last figures.

use std::time::Instant;

use criterion::{criterion_group, Criterion, Throughput};
use sim_core::observer::NoObserver;
use sim_core::timing::{Model, ModelKind, TimingConfig};
use sim_core::{Machine, MachineConfig};

const COMPUTE: &[u8] = include_bytes!("../guest-images/compute/compute.elf");
const COMPUTE_SMALL: &[u8] = include_bytes!("../guest-images/compute/compute-small.elf");
/// ITERATIONS in guest-images/compute/compute.c for each image.
const COMPUTE_ITERATIONS: f64 = 1000.0;
const COMPUTE_SMALL_ITERATIONS: f64 = 6.0;

/// Runs `image` to its end under `kind` (None: no timing model). Returns (instructions
/// retired, cycles of the model).
fn run_once(image: &[u8], kind: Option<ModelKind>) -> (u64, Option<u64>) {
    let config = MachineConfig { capture_output: true, stdin: false, ..Default::default() };
    let mut m = Machine::new(&config);
    m.load_elf(image).expect("the bundled image loads");
    let (exit, cycles) = match kind {
        None => (m.run(None), None),
        Some(k) => {
            let mut t = Model::new(k, &TimingConfig::default());
            let exit = t.run(&mut m, None, &mut NoObserver);
            (exit, Some(t.cycles()))
        }
    };
    assert_eq!(exit.status(), 0, "{}", exit.describe());
    (m.hart.retired(), cycles)
}

const MODES: [(&str, Option<ModelKind>); 3] =
    [("none", None), ("atomic", Some(ModelKind::Atomic)), ("inorder", Some(ModelKind::InOrder))];

fn timing_models(c: &mut Criterion) {
    let insns = run_once(COMPUTE_SMALL, None).0;
    let mut g = c.benchmark_group("timing");
    g.throughput(Throughput::Elements(insns));
    g.sample_size(20);
    g.measurement_time(std::time::Duration::from_secs(8));
    for (name, kind) in MODES {
        g.bench_function(format!("compute-small/{name}"), |b| b.iter(|| run_once(COMPUTE_SMALL, kind)));
    }
    g.finish();
}

/// The full workload once per model, interleaved `rounds` times; the best time of each.
fn summary(image: &[u8], label: &str, iterations: f64, rounds: usize) {
    let mut best = [f64::INFINITY; 3];
    let mut insns = 0;
    let mut cycles = [0u64; 3];
    for _ in 0..rounds {
        for (i, (_, kind)) in MODES.iter().enumerate() {
            let start = Instant::now();
            let (n, c) = run_once(image, *kind);
            best[i] = best[i].min(start.elapsed().as_secs_f64());
            insns = n;
            cycles[i] = c.unwrap_or(n);
        }
    }
    let mips: Vec<f64> = best.iter().map(|s| insns as f64 / s / 1e6).collect();
    println!("{label}: {insns} instructions, best of {rounds} interleaved runs");
    for (i, (name, _)) in MODES.iter().enumerate() {
        println!("  {name:<8} {:>7.1} MIPS  ({:.3} s, {:.2} of none)", mips[i], best[i], mips[i] / mips[0]);
    }
    println!("  inorder/atomic speed ratio {:.2}", mips[2] / mips[1]);
    let ic = cycles[2];
    println!(
        "  inorder: {ic} cycles, IPC {:.3}; {:.3} iterations per million cycles ({:.3} at CPI 1)",
        insns as f64 / ic as f64,
        iterations / (ic as f64 / 1e6),
        iterations / (cycles[1] as f64 / 1e6)
    );
}

criterion_group!(benches, timing_models);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // The summary runs only under `cargo bench` (which passes --bench), not when `cargo test`
    // runs the bench target once in test mode.
    if std::env::args().any(|a| a == "--bench") {
        summary(COMPUTE_SMALL, "compute-small", COMPUTE_SMALL_ITERATIONS, 5);
        summary(COMPUTE, "compute", COMPUTE_ITERATIONS, 1);
    }
}
