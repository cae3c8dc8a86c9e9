//! Tracing cost (issue 6): MIPS of the compute workload untraced, with text and JSON Lines
//! traces written to a file, and with the ring buffer (last 1000 events), in one run.
//! Each figure is the best of several runs (wall time of the run loop, trace flush included),
//! which filters out most of the noise of a shared machine. See benches/README.md.
//!
//!     cargo bench --bench tracing               # compute-small (2.3 M instructions) and compute
//!     cargo bench --bench tracing -- --quick    # compute-small only

use std::io::BufWriter;
use std::time::Instant;

use sim_core::{Machine, MachineConfig};
use traces::{Filter, Format, Kinds, Trace};

const SMALL: &[u8] = include_bytes!("../guest-images/compute/compute-small.elf");
const FULL: &[u8] = include_bytes!("../guest-images/compute/compute.elf");

#[derive(Clone, Copy)]
enum Mode {
    None,
    File(Format),
    Ring(Format, &'static str),
}

fn machine(image: &[u8]) -> Machine {
    let mut m = Machine::new(&MachineConfig { capture_output: true, stdin: false, ..Default::default() });
    m.load_elf(image).expect("the bundled image loads");
    m
}

/// One run; returns (instructions, seconds).
fn run(image: &[u8], mode: Mode) -> (u64, f64) {
    let mut m = machine(image);
    let path = std::env::temp_dir().join(format!("capvm-bench-trace-{}", std::process::id()));
    let start = Instant::now();
    let exit = match mode {
        Mode::None => m.run(None),
        Mode::File(f) => {
            let out = BufWriter::with_capacity(1 << 16, std::fs::File::create(&path).expect("temp file"));
            let mut t = Trace::new(f, out, Filter::default(), None, &m);
            let exit = t.run(&mut m, None);
            t.finish(&exit).expect("trace written");
            exit
        }
        Mode::Ring(f, kinds) => {
            let filter = Filter { kinds: Kinds::parse(kinds).expect("kinds"), ..Filter::default() };
            let out = BufWriter::new(std::fs::File::create(&path).expect("temp file"));
            let mut t = Trace::new(f, out, filter, Some(1000), &m);
            let exit = t.run(&mut m, None);
            t.finish(&exit).expect("trace written");
            exit
        }
    };
    let secs = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&path);
    assert_eq!(exit.status(), 0, "{}", exit.describe());
    (m.hart.retired(), secs)
}

fn best(image: &[u8], mode: Mode, runs: usize) -> f64 {
    (0..runs)
        .map(|_| {
            let (n, s) = run(image, mode);
            n as f64 / s / 1e6
        })
        .fold(0.0, f64::max)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let all = "insn,cap,mem,trap,priv";
    let modes: [(&str, Mode); 6] = [
        ("untraced", Mode::None),
        ("ring 1000, text", Mode::Ring(Format::Text, all)),
        ("ring 1000, explain (cap,trap,priv)", Mode::Ring(Format::Explain, "cap,trap,priv")),
        ("ring 1000, traps only", Mode::Ring(Format::Text, "trap")),
        ("text to a file", Mode::File(Format::Text)),
        ("jsonl to a file", Mode::File(Format::Jsonl)),
    ];
    let mut images: Vec<(&str, &[u8], usize)> = vec![("compute-small", SMALL, 5)];
    if !quick {
        images.push(("compute", FULL, 2));
    }
    for (name, image, runs) in images {
        let base = best(image, Mode::None, runs);
        println!("{name}: best of {runs} runs");
        for (label, mode) in modes {
            // Whole-program traces of compute (380 M instructions) would be tens of GB.
            if name == "compute" && matches!(mode, Mode::File(_)) {
                continue;
            }
            let mips = if matches!(mode, Mode::None) { base } else { best(image, mode, runs) };
            println!("  {label:<36} {mips:>7.1} MIPS  ({:.1}x slower than untraced)", base / mips);
        }
    }
}
