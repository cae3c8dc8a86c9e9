//! Executions per second of the monitor_hostcalls harness without a fuzz engine, and where
//! the time goes. Inputs are a deterministic stream of pseudo-random byte strings, or every
//! file of the given directories (a campaign's corpus, whose inputs are longer and do more):
//! `cargo run --release -p capvm-harness --example throughput [N | DIR...]`.

use std::time::{Duration, Instant};

use harness::hostcalls::{parse, Fuzzer};

fn inputs() -> Vec<Vec<u8>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(n) = args.first().and_then(|s| s.parse::<usize>().ok()) {
        return random_inputs(n);
    }
    if args.is_empty() {
        return random_inputs(2000);
    }
    let mut all = Vec::new();
    for dir in &args {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        all.extend(files.iter().filter_map(|p| std::fs::read(p).ok()));
    }
    all
}

fn random_inputs(n: usize) -> Vec<Vec<u8>> {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(|_| {
            let len = (next() % 512) as usize;
            (0..len).map(|_| next() as u8).collect()
        })
        .collect()
}

fn main() {
    let inputs = inputs();
    let t = Instant::now();
    let mut f = Fuzzer::new().unwrap_or_else(|e| panic!("{e}"));
    eprintln!("boot and reference run: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let ran = |f: &Fuzzer| f.machine.steps() - f.snapshot.hart.steps();
    f.run(&parse(&[]));
    eprintln!("the run without an attack: {} guest instructions", ran(&f));
    let (mut steps, mut findings, mut slow) = (0u64, 0usize, Vec::new());
    let t = Instant::now();
    for bytes in &inputs {
        let script = parse(bytes);
        let r0 = Instant::now();
        let run = f.run(&script);
        let took = r0.elapsed();
        let ran = ran(&f);
        steps += ran;
        slow.push((took, ran, bytes.len(), script.ops.len()));
        if let Err(f) = &run.verdict {
            findings += 1;
            if findings <= 3 {
                eprintln!("finding: {f}\ninput: {:02x?}", bytes);
            }
        }
    }
    let n = inputs.len();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{n} inputs in {secs:.2} s: {:.0} exec/s, {:.0} guest instructions per input on average, {findings} findings",
        n as f64 / secs,
        steps as f64 / n as f64
    );
    let bound = slow.iter().filter(|s| s.1 >= harness::hostcalls::STEP_LIMIT).count();
    println!(
        "{bound} inputs ({:.0}%) ran to the bound of {} instructions",
        100.0 * bound as f64 / n as f64,
        harness::hostcalls::STEP_LIMIT
    );
    // Where the time goes: the slowest tenth of the inputs, and how long they are.
    slow.sort_by_key(|s| std::cmp::Reverse(s.0));
    let tenth = &slow[..n.div_ceil(10)];
    let time: Duration = tenth.iter().map(|s| s.0).sum();
    println!(
        "slowest tenth: {:.0}% of the time, {:.0} guest instructions, {:.0} bytes, {:.1} operations per input",
        100.0 * time.as_secs_f64() / secs,
        tenth.iter().map(|s| s.1 as f64).sum::<f64>() / tenth.len() as f64,
        tenth.iter().map(|s| s.2 as f64).sum::<f64>() / tenth.len() as f64,
        tenth.iter().map(|s| s.3 as f64).sum::<f64>() / tenth.len() as f64,
    );
}
