//! Executions per second of the monitor_hostcalls harness without a fuzz engine (a
//! deterministic stream of pseudo-random inputs), and where the time goes:
//! `cargo run --release -p capvm-harness --example throughput [N]`.

use std::time::{Duration, Instant};

use harness::hostcalls::{parse, Fuzzer};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let t = Instant::now();
    let mut f = Fuzzer::new().unwrap_or_else(|e| panic!("{e}"));
    eprintln!("boot and reference run: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut steps, mut findings, mut run_time) = (0u64, 0usize, Duration::ZERO);
    let t = Instant::now();
    for _ in 0..n {
        let len = (next() % 512) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        let script = parse(&bytes);
        let s0 = f.machine.steps();
        let r0 = Instant::now();
        let run = f.run(&script);
        run_time += r0.elapsed();
        steps += f.machine.steps().saturating_sub(s0.min(f.machine.steps()));
        if let Err(f) = &run.verdict {
            findings += 1;
            if findings <= 3 {
                eprintln!("finding: {f}\ninput: {:02x?}", bytes);
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{n} inputs in {secs:.2} s: {:.0} exec/s, {:.0} guest instructions per input on average, {findings} findings",
        n as f64 / secs,
        steps as f64 / n as f64
    );
    let _ = run_time;
}
