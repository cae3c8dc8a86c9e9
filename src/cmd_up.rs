//! `capvm up deploy.toml`: the monitor and the cVMs of a deployment on the machine
//! (DESIGN.md §7). The `monitor` crate checks the deployment and lays it out; this only
//! builds the machine, writes the images and the boot information, and runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{anyhow, bail, Context};
use monitor::deploy::Deployment;
use monitor::plan::Plan;
use sim_core::hart::Semantics;
use sim_core::observer::{MonitorEvent, NoObserver, Observer, Retired, TrapTaken};
use sim_core::{Exit, Machine, MachineConfig};

use crate::cmd_run::{CheriMode, TimingMode};

#[derive(clap::Args)]
pub struct UpArgs {
    /// The deployment file (TOML: `cvms`, `capfiles`; see monitor/README.md). Without it,
    /// the tour embedded in capvm (examples/tour.toml: hello, CAP_Call, CAP_Stream).
    pub deployment: Option<PathBuf>,
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
    /// Print a summary on stderr: instructions, cycles, and the cycles and instructions of
    /// each cVM and of the monitor, split by primitive (hostcall, CAP_File, CAP_Call).
    #[arg(long)]
    pub stats: bool,
    /// Attach a timing model; --stats then counts its cycles (see `capvm run --timing`).
    #[arg(long, value_enum, value_name = "MODEL")]
    pub timing: Option<TimingMode>,
    /// Timing parameters (TOML; see sim-core/src/timing/README.md). Needs --timing.
    #[arg(long, value_name = "FILE", requires = "timing")]
    pub timing_config: Option<PathBuf>,
    /// Write a timeline of the monitor's events and the cVM switches to FILE, in the
    /// Chrome / Perfetto trace-event JSON format (open it in ui.perfetto.dev).
    #[arg(long, value_name = "FILE")]
    pub timeline: Option<PathBuf>,
    #[command(flatten)]
    pub trace: crate::cmd_run::TraceArgs,
}

/// Builds the machine for a deployment: the monitor image, every cVM image in its region,
/// the argument strings, the capfiles and the boot information, with `a1` pointing at it.
pub fn machine_for(path: &Path, mem_mib: u64, monitor_elf: &[u8], capture_output: bool) -> anyhow::Result<Machine> {
    Ok(machine_and_plan(path, mem_mib, monitor_elf, capture_output)?.0)
}

/// [`machine_for`], and the plan it followed (where each cVM and capfile went).
pub fn machine_and_plan(
    path: &Path,
    mem_mib: u64,
    monitor_elf: &[u8],
    capture_output: bool,
) -> anyhow::Result<(Machine, Plan)> {
    machine_and_plan_as(path, mem_mib, monitor_elf, capture_output, Semantics::V9)
}

/// [`machine_and_plan`] for a CHERI flavour: under v8 the images run where they were linked,
/// relocated by DDC and PCC (spec §8), instead of being moved into their regions.
pub fn machine_and_plan_as(
    path: &Path,
    mem_mib: u64,
    monitor_elf: &[u8],
    capture_output: bool,
    cheri: Semantics,
) -> anyhow::Result<(Machine, Plan)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let base_dir = path.parent().unwrap_or(Path::new("."));
    let read_image = |image: &Path| {
        let file = base_dir.join(image);
        let shown = file.display().to_string();
        std::fs::read(&file).map(|b| (b, shown.clone())).map_err(|e| format!("cannot read image {shown}: {e}"))
    };
    build(&text, &path.display().to_string(), &read_image, mem_mib, monitor_elf, capture_output, cheri)
}

/// The deployment `capvm up` runs when it is given none: examples/tour.toml and the images
/// it names, built into capvm so that the command works from anywhere.
pub mod tour {
    use std::path::Path;

    /// The deployment file.
    pub const TOML: &str = include_str!("../examples/tour.toml");
    /// How messages name it.
    pub const NAME: &str = "examples/tour.toml (built in)";

    /// The images, by the paths the file gives.
    const IMAGES: &[(&str, &[u8])] = &[
        ("../guest-images/cvm/hello.elf", include_bytes!("../guest-images/cvm/hello.elf")),
        ("../guest-images/cvm/capcall_server.elf", include_bytes!("../guest-images/cvm/capcall_server.elf")),
        ("../guest-images/cvm/capcall_client.elf", include_bytes!("../guest-images/cvm/capcall_client.elf")),
        ("../guest-images/cvm/capstream.elf", include_bytes!("../guest-images/cvm/capstream.elf")),
    ];

    /// An image of the tour, by the path the file gives.
    pub fn image(path: &Path) -> Result<(Vec<u8>, String), String> {
        IMAGES
            .iter()
            .find(|(p, _)| Path::new(p) == path)
            .map(|(p, bytes)| (bytes.to_vec(), format!("{p} (built in)")))
            .ok_or_else(|| format!("image {} is not built into capvm", path.display()))
    }
}

/// [`machine_and_plan`] of the built-in tour.
pub fn tour_machine_and_plan(
    mem_mib: u64,
    monitor_elf: &[u8],
    capture_output: bool,
) -> anyhow::Result<(Machine, Plan)> {
    build(tour::TOML, tour::NAME, &tour::image, mem_mib, monitor_elf, capture_output, Semantics::V9)
}

/// The machine and plan of the deployment `text` (named `shown` in messages), its images
/// from `read_image`.
fn build(
    text: &str,
    shown: &str,
    read_image: &monitor::plan::ReadImage,
    mem_mib: u64,
    monitor_elf: &[u8],
    capture_output: bool,
    cheri: Semantics,
) -> anyhow::Result<(Machine, Plan)> {
    let deployment = Deployment::from_toml(text).map_err(|e| anyhow!("{shown}: {e}"))?;
    let relocate = cheri != Semantics::V8;
    let plan = monitor::plan::plan_placed(&deployment, mem_mib << 20, read_image, relocate)
        .map_err(|e| anyhow!("{shown}: {e}"))?;
    let config = MachineConfig { dram_size: mem_mib << 20, capture_output, stdin: false, cheri };
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
    Ok((machine, plan))
}

/// The names the monitor's events refer to, by boot-information index.
pub fn names_of(plan: &Plan) -> traces::Names {
    traces::Names {
        cvms: plan.cvms.iter().map(|c| c.name.clone()).collect(),
        capfiles: plan.capfiles.iter().map(|f| (f.name.clone(), f.base, f.size)).collect(),
        ..Default::default()
    }
}

/// The timeline `--timeline` writes.
type Timeline = traces::Timeline<std::io::BufWriter<std::fs::File>>;

/// The timeline alone: it reads only monitor events, so it observes with `ENABLED = false`
/// and the hart builds no instruction events (monitor events are delivered anyway).
struct TimelineOnly<'a>(&'a mut Timeline);

impl Observer for TimelineOnly<'_> {
    const ENABLED: bool = false;
    fn monitor(&mut self, ev: &MonitorEvent) {
        self.0.monitor(ev);
    }
}

/// The observers `up` can attach, side by side (each optional; without any of them the
/// unobserved run loop runs).
struct UpObserver {
    trace: Option<traces::Trace<traces::Output>>,
    timeline: Option<Timeline>,
    account: Option<traces::CycleAccount>,
}

impl Observer for UpObserver {
    #[inline]
    fn retired(&mut self, ev: &Retired) {
        if let Some(t) = &mut self.trace {
            t.retired(ev);
        }
        if let Some(a) = &mut self.account {
            a.retired(ev);
        }
    }
    fn trap(&mut self, ev: &TrapTaken) {
        if let Some(t) = &mut self.trace {
            t.trap(ev);
        }
        if let Some(a) = &mut self.account {
            a.trap(ev);
        }
    }
    fn monitor(&mut self, ev: &MonitorEvent) {
        if let Some(t) = &mut self.trace {
            t.monitor(ev);
        }
        if let Some(t) = &mut self.timeline {
            t.monitor(ev);
        }
        if let Some(a) = &mut self.account {
            a.monitor(ev);
        }
    }
}

pub fn run(args: UpArgs) -> anyhow::Result<ExitCode> {
    let cheri = match args.cheri {
        CheriMode::V9 => Semantics::V9,
        CheriMode::V8 => Semantics::V8,
        CheriMode::None => bail!("up: the monitor needs CHERI (--cheri v9 or v8)"),
    };
    let custom = match &args.monitor {
        Some(p) => Some(std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?),
        None => None,
    };
    let monitor_elf = custom.as_deref().unwrap_or(monitor::MONITOR_ELF);
    let (mut machine, plan) = match &args.deployment {
        Some(path) => machine_and_plan_as(path, args.mem, monitor_elf, false, cheri)?,
        None if cheri == Semantics::V9 => tour_machine_and_plan(args.mem, monitor_elf, false)?,
        None => bail!("up: the built-in tour runs under --cheri v9; give a deployment file for v8"),
    };
    let names = names_of(&plan);
    let only_cvm = match &args.trace.trace_cvm {
        Some(name) => Some(names.cvm_index(name).ok_or_else(|| {
            anyhow!("--trace-cvm {name}: the deployment has no such cVM (it has {})", names.cvms.join(", "))
        })?),
        None => None,
    };
    let mut model = match args.timing {
        Some(mode) => Some(crate::cmd_run::timing_model(mode, args.timing_config.as_deref())?),
        None => None,
    };
    let mut trace = crate::cmd_run::open_trace(&args.trace, &machine)?;
    if let Some(t) = &mut trace {
        t.set_deployment(&names, only_cvm);
    }
    let timeline = match &args.timeline {
        Some(p) => {
            let f = std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?;
            Some(traces::Timeline::new(&names, machine.hart.cycle, std::io::BufWriter::new(f)))
        }
        None => None,
    };
    let mut obs = UpObserver { trace, timeline, account: args.stats.then(|| traces::CycleAccount::new(&names)) };
    let observed = obs.trace.is_some() || obs.timeline.is_some() || obs.account.is_some();
    if observed {
        // Someone reads the trace port: the monitor must report every event (no fast path).
        machine
            .bus
            .dram
            .write_bytes(plan.bootinfo_addr, &plan.observed_bootinfo())
            .ok_or_else(|| anyhow!("the boot information lies outside DRAM"))?;
    }
    let start = Instant::now();
    let timeline_only = obs.trace.is_none() && obs.account.is_none();
    let exit = match (&mut model, obs.timeline.as_mut().filter(|_| timeline_only)) {
        // The timeline alone needs no instruction events: the hart builds none.
        (None, Some(t)) => machine.run_observed(args.max_insns, &mut TimelineOnly(t)),
        (Some(m), Some(t)) => m.run(&mut machine, args.max_insns, &mut TimelineOnly(t)),
        (None, None) if observed => machine.run_observed(args.max_insns, &mut obs),
        (None, None) => machine.run(args.max_insns),
        (Some(m), None) if observed => m.run(&mut machine, args.max_insns, &mut obs),
        (Some(m), None) => m.run(&mut machine, args.max_insns, &mut NoObserver),
    };
    let secs = start.elapsed().as_secs_f64();
    // The run's end on the clock the observers saw.
    let end = model.as_ref().map_or(machine.hart.cycle, |m| m.cycles());
    crate::cmd_run::finish_trace(obs.trace.take(), &args.trace, &exit)?;
    if let (Some(path), Some(t)) = (&args.timeline, obs.timeline.take()) {
        t.finish(end).with_context(|| format!("cannot write timeline {}", path.display()))?;
    }
    if let Some(mut a) = obs.account.take() {
        a.finish(end);
        crate::cmd_run::print_stats(&machine, exit, secs);
        if let Some(m) = &model {
            eprint!("capvm: {}", m.stats());
        }
        let clock = model.as_ref().map_or("atomic clock", |m| m.stats().model);
        eprintln!("capvm: cycles by cVM and by monitor primitive ({clock}):");
        eprint!("{a}");
    } else if exit == Exit::StepLimit || exit == Exit::Deadlock {
        eprintln!("capvm: {} (pc {:#x})", exit.describe(), machine.hart.pc);
    }
    Ok(ExitCode::from(exit.status()))
}
