//! `capvm fuzz-replay TARGET FILE`: runs one fuzz input (a crash artifact, a corpus entry, a
//! regression input) through the same harness and oracle as the fuzz target, optionally with
//! a trace of the run, so that a finding is one command away from an explained trace.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use harness::hostcalls::Fuzzer;

#[derive(clap::Args)]
pub struct FuzzReplayArgs {
    /// The fuzz target the input belongs to (fuzz/README.md): monitor_hostcalls, boot_info,
    /// hart_step, cap_ops.
    pub target: String,
    /// The input file (raw bytes, as cargo fuzz writes them).
    pub file: PathBuf,
    /// Run this monitor image instead of the built-in one (to check a fix without
    /// recompiling capvm).
    #[arg(long, value_name = "ELF")]
    pub monitor: Option<PathBuf>,
    /// Print the compiled attack (the decoded input) before running it.
    #[arg(long)]
    pub show_input: bool,
    #[command(flatten)]
    pub trace: crate::cmd_run::TraceArgs,
}

pub fn replay(args: FuzzReplayArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    match args.target.as_str() {
        "monitor_hostcalls" => {}
        "boot_info" | "hart_step" | "cap_ops" => return replay_other(&args, &bytes),
        other => bail!("fuzz-replay: unknown target {other:?} (targets: {})", harness::TARGETS.join(", ")),
    }
    let custom = match &args.monitor {
        Some(p) => Some(std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?),
        None => None,
    };
    let monitor_elf = custom.as_deref().unwrap_or(monitor::MONITOR_ELF);
    let mut fuzzer = Fuzzer::with_monitor(monitor_elf).map_err(anyhow::Error::msg)?;
    let script = harness::hostcalls::parse(&bytes);
    if args.show_input {
        eprintln!("capvm: the attacker's script: {script:#?}");
    }
    let mut trace = crate::cmd_run::open_trace(&args.trace, &fuzzer.machine)?;
    if let Some(t) = &mut trace {
        let names = crate::cmd_up::names_of(&fuzzer.plan);
        t.set_deployment(&names, None);
    }
    let run = match &mut trace {
        Some(t) => fuzzer.run_observed(&script, t),
        None => fuzzer.run(&script),
    };
    crate::cmd_run::finish_trace(trace, &args.trace, &run.outcome.exit)?;
    // The console as one run shows it: the boot (up to the snapshot at the attacker's first
    // instruction, where the victim already waits for it), then the input's run.
    print!("{}{}", String::from_utf8_lossy(&fuzzer.reference.boot_output), run.outcome.output_text());
    eprintln!("capvm: {} ({} ops, run ended: {})", args.target, script.ops.len(), run.outcome.exit.describe());
    match run.verdict {
        Ok(()) => {
            eprintln!("capvm: the oracle holds");
            Ok(ExitCode::SUCCESS)
        }
        Err(f) if f.is_known() => {
            eprintln!("capvm: known monitor bug (not counted by the fuzz targets): {f}");
            Ok(ExitCode::SUCCESS)
        }
        Err(f) => {
            eprintln!("capvm: FINDING {f}");
            Ok(ExitCode::from(1))
        }
    }
}

/// The targets that run no deployment: their check, without a trace (`--trace` applies to
/// monitor_hostcalls).
fn replay_other(args: &FuzzReplayArgs, bytes: &[u8]) -> anyhow::Result<ExitCode> {
    if args.trace.trace.is_some() {
        bail!("fuzz-replay: --trace is for monitor_hostcalls ({} runs no deployment)", args.target);
    }
    match harness::check_input(&args.target, bytes, args.show_input).map_err(anyhow::Error::msg)? {
        Ok(()) => {
            eprintln!("capvm: {}: the oracle holds", args.target);
            Ok(ExitCode::SUCCESS)
        }
        Err(f) => {
            eprintln!("capvm: FINDING {f}");
            Ok(ExitCode::from(1))
        }
    }
}
