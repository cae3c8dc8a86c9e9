//! `capvm run X.elf`: one bare-metal program on the machine.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sim_core::hart::Semantics;
use sim_core::observer::{InsnHistogram, NoObserver};
use sim_core::timing::{Model, ModelKind, TimingConfig};
use sim_core::{Exit, Machine, MachineConfig};

/// Which CHERI semantics the hart follows (DESIGN.md §2).
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheriMode {
    /// CHERI ISA v9, as the Sail model executes it (the default).
    V9,
    /// QEMU-CHERI's default semantics: trapping bounds operations, DDC/PCC relocation.
    V8,
    /// No CHERI: a plain RV64IMAC machine.
    None,
}

/// Which timing model observes the run (DESIGN.md §4).
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TimingMode {
    /// One cycle per instruction.
    Atomic,
    /// A 5-stage in-order pipeline (CHERI-Flute style) with L1 caches, branch prediction and
    /// a tag controller.
    Inorder,
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// The RISC-V ELF executable to run (64-bit, linked for DRAM at 0x80000000).
    pub elf: PathBuf,
    /// DRAM size in MiB.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u64).range(1..=65536))]
    pub mem: u64,
    /// Stop after this many instructions (counting those that trapped); exit status 124.
    #[arg(long, value_name = "N")]
    pub max_insns: Option<u64>,
    /// CHERI semantics.
    #[arg(long, value_enum, default_value_t = CheriMode::V9)]
    pub cheri: CheriMode,
    /// Print a summary on stderr: instructions, wall time, MIPS, how the run ended.
    #[arg(long)]
    pub stats: bool,
    /// With --stats: also count instructions by class and opcode (attaches an observer).
    #[arg(long)]
    pub histogram: bool,
    /// Attach a timing model; --stats then reports its cycles, IPC, caches and predictor.
    /// Without it no model runs and the simulator goes at full speed.
    #[arg(long, value_enum, value_name = "MODEL")]
    pub timing: Option<TimingMode>,
    /// Timing parameters (TOML; see sim-core/src/timing/README.md). Needs --timing.
    #[arg(long, value_name = "FILE", requires = "timing")]
    pub timing_config: Option<PathBuf>,
    #[command(flatten)]
    pub trace: TraceArgs,
}

/// The trace flags, shared by `run`, `explain` and `up`.
#[derive(clap::Args)]
pub struct TraceArgs {
    /// Write a trace of the run to FILE (`-` for stdout). See traces/README.md.
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Trace format: a Spike-style commit log, JSON Lines, or the explain narrative.
    #[arg(long, value_enum, default_value_t = TraceFormat::Text, value_name = "FORMAT")]
    pub trace_format: TraceFormat,
    /// Trace only events from instruction number N on (the first instruction is 0).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub trace_from: u64,
    /// Trace only events before instruction number M.
    #[arg(long, value_name = "M")]
    pub trace_to: Option<u64>,
    /// Trace only these kinds of event, comma-separated: insn, cap, mem, trap, priv, monitor
    /// (default: all; for explain: cap,trap,priv,monitor).
    #[arg(long, value_name = "KINDS", value_parser = parse_kinds)]
    pub trace_only: Option<traces::Kinds>,
    /// Keep only the last N traced events, and write them when the run ends.
    #[arg(long, value_name = "N")]
    pub trace_ring: Option<usize>,
    /// `capvm up`: trace only this cVM (its monitor events, and everything from the monitor
    /// entering it until it enters another cVM).
    #[arg(long, value_name = "NAME")]
    pub trace_cvm: Option<String>,
}

/// The `--trace-format` values.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceFormat {
    Text,
    Jsonl,
    Explain,
}

/// Writes what the trace kept and the end of the run.
pub fn finish_trace(trace: Option<traces::Trace<traces::Output>>, args: &TraceArgs, exit: &Exit) -> anyhow::Result<()> {
    if let (Some(t), Some(path)) = (trace, &args.trace) {
        t.finish(exit).with_context(|| format!("cannot write trace file {}", path.display()))?;
    }
    Ok(())
}

fn parse_kinds(s: &str) -> Result<traces::Kinds, String> {
    traces::Kinds::parse(s)
}

/// `capvm explain X.elf`: `capvm run` with the explain narrative on stdout (or `--trace FILE`).
pub fn explain(mut args: RunArgs) -> anyhow::Result<ExitCode> {
    args.trace.trace_format = TraceFormat::Explain;
    args.trace.trace.get_or_insert_with(|| PathBuf::from("-"));
    run(args)
}

/// The trace `--trace` asks for, attached to `machine` as it is now.
pub fn open_trace(args: &TraceArgs, machine: &Machine) -> anyhow::Result<Option<traces::Trace<traces::Output>>> {
    let Some(path) = &args.trace else { return Ok(None) };
    let out = traces::Output::open(path).with_context(|| format!("cannot create trace file {}", path.display()))?;
    let format = match args.trace_format {
        TraceFormat::Text => traces::Format::Text,
        TraceFormat::Jsonl => traces::Format::Jsonl,
        TraceFormat::Explain => traces::Format::Explain,
    };
    let default_kinds = match format {
        traces::Format::Explain => traces::Kinds::parse("cap,trap,priv,monitor").map_err(anyhow::Error::msg)?,
        _ => traces::Kinds::ALL,
    };
    let filter = traces::Filter {
        from: args.trace_from,
        to: args.trace_to.unwrap_or(u64::MAX),
        kinds: args.trace_only.unwrap_or(default_kinds),
    };
    Ok(Some(traces::Trace::new(format, out, filter, args.trace_ring, machine)))
}

pub fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.elf).with_context(|| format!("cannot read {}", args.elf.display()))?;
    let cheri = match args.cheri {
        CheriMode::V9 => Semantics::V9,
        CheriMode::V8 => Semantics::V8,
        CheriMode::None => Semantics::None,
    };
    let config = MachineConfig { dram_size: args.mem << 20, cheri, ..Default::default() };
    let mut machine = Machine::new(&config);
    machine.load_elf(&bytes).with_context(|| format!("{}", args.elf.display()))?;

    let mut model = match args.timing {
        Some(mode) => Some(timing_model(mode, args.timing_config.as_deref())?),
        None => None,
    };

    if args.trace.trace_cvm.is_some() {
        anyhow::bail!("--trace-cvm needs a deployment: use it with `capvm up`");
    }
    if ring_by_replay(&args) {
        return run_ring_by_replay(&args, &config, &bytes, machine);
    }
    let mut trace = open_trace(&args.trace, &machine)?;

    let start = Instant::now();
    let mut histogram = InsnHistogram::default();
    let exit = match (&mut trace, &mut model, args.histogram) {
        (None, Some(m), true) => m.run(&mut machine, args.max_insns, &mut histogram),
        (None, Some(m), false) => m.run(&mut machine, args.max_insns, &mut NoObserver),
        (None, None, true) => machine.run_observed(args.max_insns, &mut histogram),
        (None, None, false) => machine.run(args.max_insns),
        // A trace adds one observer; the unobserved loop above is untouched.
        (Some(t), Some(m), true) => m.run(&mut machine, args.max_insns, &mut (&mut histogram, t)),
        (Some(t), Some(m), false) => m.run(&mut machine, args.max_insns, t),
        (Some(t), None, true) => machine.run_observed(args.max_insns, &mut (&mut histogram, t)),
        (Some(t), None, false) => t.run(&mut machine, args.max_insns),
    };
    let secs = start.elapsed().as_secs_f64();
    finish_trace(trace, &args.trace, &exit)?;

    if args.stats || args.histogram {
        print_stats(&machine, exit, secs);
        if let Some(m) = &model {
            eprint!("capvm: {}", m.stats());
        }
        if args.histogram {
            print_histogram(&histogram);
        }
    } else if exit == Exit::StepLimit || exit == Exit::Deadlock {
        eprintln!("capvm: {} (pc {:#x})", exit.describe(), machine.hart.pc);
    }
    Ok(ExitCode::from(exit.status()))
}

/// Whether `--trace-ring N` is served by a replay: a ring of every event (no kinds, no window,
/// not the explain narrative, which follows capability state from the start), with nothing else
/// watching the run.
fn ring_by_replay(args: &RunArgs) -> bool {
    let t = &args.trace;
    t.trace.is_some()
        && t.trace_ring.is_some()
        && t.trace_from == 0
        && t.trace_to.is_none()
        && t.trace_only.is_none()
        && t.trace_format != TraceFormat::Explain
        && args.timing.is_none()
        && !args.histogram
}

/// `--trace-ring N` as the case people trace for: the run goes at full speed, unobserved, to its
/// end (T instructions); then the same program runs again on a fresh machine — the machine is
/// deterministic, and it gets the same input bytes — unobserved up to instruction T - N, and
/// with the tracer for the last N, which hold the last N events (every instruction is at least
/// one). The ring costs one more unobserved run instead of an event per instruction. If the
/// replay ends elsewhere (a program whose path depends on when its input arrived), the ring
/// shows the replay and capvm says so.
fn run_ring_by_replay(
    args: &RunArgs,
    config: &MachineConfig,
    image: &[u8],
    mut machine: Machine,
) -> anyhow::Result<ExitCode> {
    let n = args.trace.trace_ring.unwrap_or(0) as u64;
    let start = Instant::now();
    let exit = machine.run(args.max_insns);
    let total = machine.steps();
    let input = machine.bus.uart.read_log().0.to_vec();

    let mut replay = Machine::new(&MachineConfig { capture_output: true, stdin: false, ..*config });
    replay.load_elf(image).context("the replay")?;
    replay.bus.uart.push_input(&input);
    let from = total.saturating_sub(n);
    replay.run(Some(from));
    let mut trace = open_trace(&args.trace, &replay)?.context("a ring needs --trace")?;
    trace.set_replayed_from(replay.steps());
    let rest = total.saturating_sub(replay.steps());
    trace.run(&mut replay, Some(rest));
    let secs = start.elapsed().as_secs_f64();
    if replay.steps() != total || replay.hart.pc != machine.hart.pc {
        eprintln!(
            "capvm: --trace-ring: the replay of the run's end took another path (it stopped after {} instructions at pc {:#x}, the run after {total} at pc {:#x}); the ring shows the replay",
            replay.steps(),
            replay.hart.pc,
            machine.hart.pc
        );
    }
    finish_trace(Some(trace), &args.trace, &exit)?;
    if args.stats {
        print_stats(&machine, exit, secs);
    } else if exit == Exit::StepLimit || exit == Exit::Deadlock {
        eprintln!("capvm: {} (pc {:#x})", exit.describe(), machine.hart.pc);
    }
    Ok(ExitCode::from(exit.status()))
}

pub(crate) fn timing_model(mode: TimingMode, config: Option<&std::path::Path>) -> anyhow::Result<Model> {
    let config = match config {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            TimingConfig::from_toml(&text).with_context(|| format!("{}", path.display()))?
        }
        None => TimingConfig::default(),
    };
    let kind = match mode {
        TimingMode::Atomic => ModelKind::Atomic,
        TimingMode::Inorder => ModelKind::InOrder,
    };
    Ok(Model::new(kind, &config))
}

pub(crate) fn print_stats(m: &Machine, exit: Exit, secs: f64) {
    let retired = m.hart.retired();
    let mips = retired as f64 / secs.max(1e-9) / 1e6;
    eprintln!(
        "capvm: {} instructions retired, {} traps, {} cycles (atomic), {:.3} s, {:.1} MIPS; {} (status {})",
        retired,
        m.hart.traps,
        m.hart.cycle,
        secs,
        mips,
        exit.describe(),
        exit.status()
    );
}

fn print_histogram(h: &InsnHistogram) {
    let total = h.retired.max(1) as f64;
    eprintln!("capvm: by class:");
    for (class, n) in h.by_class() {
        eprintln!("  {:<8} {:>14} {:>6.2}%", format!("{class:?}"), n, n as f64 * 100.0 / total);
    }
    eprintln!("capvm: top opcodes:");
    for (op, n) in h.top_opcodes(20) {
        eprintln!("  {:<12} {:>14} {:>6.2}%", op.mnemonic(), n, n as f64 * 100.0 / total);
    }
    for (cause, n) in &h.traps {
        eprintln!("capvm: trap {:#x} ({}): {}", cause, sim_core::hart::trap::cause_name(*cause), n);
    }
}
