//! Functional speed of the machine with no observer attached: the compute workload
//! (guest-images/compute, integer kernels in the style of CoreMark) from reset to exit.
//! The figure to read is the throughput in guest instructions per second (criterion's
//! "elements"), i.e. MIPS × 10^6. See benches/README.md for the method and the last figures.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sim_core::{Machine, MachineConfig};

const COMPUTE: &[u8] = include_bytes!("../guest-images/compute/compute.elf");

fn run_once(image: &[u8]) -> u64 {
    let config = MachineConfig { capture_output: true, stdin: false, ..Default::default() };
    let mut m = Machine::new(&config);
    m.load_elf(image).expect("the bundled image loads");
    let exit = m.run(None);
    assert_eq!(exit.status(), 0, "{}", exit.describe());
    m.hart.retired()
}

fn compute(c: &mut Criterion) {
    let insns = run_once(COMPUTE);
    let mut g = c.benchmark_group("functional");
    g.throughput(Throughput::Elements(insns));
    g.sample_size(10);
    g.measurement_time(std::time::Duration::from_secs(25));
    g.bench_function("compute", |b| b.iter(|| run_once(COMPUTE)));
    g.finish();
}

criterion_group!(benches, compute);
criterion_main!(benches);
