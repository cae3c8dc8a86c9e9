//! `capvm up deploy.toml`: the monitor and the cVMs of a deployment on the machine
//! (DESIGN.md §7). The `monitor` crate checks the deployment and lays it out; this only
//! builds the machine, writes the images and the boot information, and runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context};
use monitor::deploy::Deployment;
use sim_core::hart::Semantics;
use sim_core::{Exit, Machine, MachineConfig};

use crate::cmd_run::CheriMode;

#[derive(clap::Args)]
pub struct UpArgs {
    /// The deployment file (TOML: `cvms`, `capfiles`; see monitor/README.md).
    pub deployment: PathBuf,
    /// DRAM size in MiB.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u64).range(1..=65536))]
    pub mem: u64,
    /// Stop after this many instructions (counting those that trapped); exit status 124.
    #[arg(long, value_name = "N")]
    pub max_insns: Option<u64>,
    /// CHERI semantics (only v9 so far: cVM images are relocated to their regions).
    #[arg(long, value_enum, default_value_t = CheriMode::V9)]
    pub cheri: CheriMode,
    /// Boot this monitor image instead of the built-in one (for monitor development:
    /// `make -C monitor/target` then `--monitor monitor/target/monitor.elf`).
    #[arg(long, value_name = "ELF")]
    pub monitor: Option<PathBuf>,
    #[command(flatten)]
    pub trace: crate::cmd_run::TraceArgs,
}

/// Builds the machine for a deployment: the monitor image, every cVM image in its region,
/// the argument strings, the capfiles and the boot information, with `a1` pointing at it.
pub fn machine_for(path: &Path, mem_mib: u64, monitor_elf: &[u8], capture_output: bool) -> anyhow::Result<Machine> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let deployment = Deployment::from_toml(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let base_dir = path.parent().unwrap_or(Path::new("."));
    let plan =
        monitor::plan::plan(&deployment, base_dir, mem_mib << 20).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let config = MachineConfig { dram_size: mem_mib << 20, capture_output, stdin: false, cheri: Semantics::V9 };
    let mut machine = Machine::new(&config);
    machine.load_elf(monitor_elf).context("the monitor image")?;
    for load in &plan.loads {
        machine
            .bus
            .dram
            .write_bytes(load.addr, &load.bytes)
            .ok_or_else(|| anyhow!("{:#x}+{:#x} lies outside DRAM", load.addr, load.bytes.len()))?;
    }
    machine
        .bus
        .dram
        .write_bytes(plan.bootinfo_addr, &plan.bootinfo)
        .ok_or_else(|| anyhow!("the boot information lies outside DRAM"))?;
    machine.hart.set_reg(11, plan.bootinfo_addr);
    Ok(machine)
}

pub fn run(args: UpArgs) -> anyhow::Result<ExitCode> {
    if args.cheri != CheriMode::V9 {
        bail!("up: only --cheri v9 is supported so far (v8 needs cVM images run relocated by DDC/PCC)");
    }
    let custom = match &args.monitor {
        Some(p) => Some(std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?),
        None => None,
    };
    let monitor_elf = custom.as_deref().unwrap_or(monitor::MONITOR_ELF);
    let mut machine = machine_for(&args.deployment, args.mem, monitor_elf, false)?;
    let exit = match crate::cmd_run::open_trace(&args.trace, &machine)? {
        None => machine.run(args.max_insns),
        Some(mut t) => {
            let exit = machine.run_observed(args.max_insns, &mut t);
            crate::cmd_run::finish_trace(Some(t), &args.trace, &exit)?;
            exit
        }
    };
    if exit == Exit::StepLimit || exit == Exit::Deadlock {
        eprintln!("capvm: {} (pc {:#x})", exit.describe(), machine.hart.pc);
    }
    Ok(ExitCode::from(exit.status()))
}
