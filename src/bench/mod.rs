//! `capvm bench paper`: the evaluation of the CAP-VMs paper (Sartakov et al., OSDI 2022),
//! reproduced on the simulated machine (issue 9; results and method in
//! `docs/paper-results.md`).
//!
//! Every scenario runs real target programs — bare images and cVMs under the real monitor —
//! under a timing model, and measures with one mechanism only: region markers in the guest
//! code ([`marker`]). Runs are deterministic (the machine's clock is simulated), so the same
//! command gives the same cycles. A scenario whose primitives the monitor does not offer yet
//! says so in its output ("not available: needs ...") instead of producing a number.

pub mod marker;
pub mod report;

mod crossing;
mod isolation;
mod kv;
mod sharing;
mod tcb;

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use sim_core::timing::{Model, ModelKind, TimingConfig};
use sim_core::{Exit, Machine, MachineConfig};

use marker::Markers;
pub use report::{Cell, Plot, PlotKind, Section, Series, Table};

/// The clock the cycle counts are converted at: the machine's mtime runs at 10 MHz of a
/// 100 MHz core (README "Simulated time"), and the in-order model's latencies are those of
/// an FPGA-hosted core at about 100 MHz (sim-core/src/timing/README.md).
pub const CLOCK_HZ: f64 = 100e6;

/// A scenario: its name on the command line, a title, and what runs it.
pub struct Scenario {
    pub name: &'static str,
    pub title: &'static str,
    pub run: fn(&Env) -> anyhow::Result<Section>,
}

/// Every scenario, in the order of the issue (and of `docs/paper-results.md`).
pub const SCENARIOS: &[Scenario] = &[
    Scenario { name: "crossing", title: "1. Domain crossing", run: crossing::run },
    Scenario { name: "sharing", title: "2. Data sharing vs IPC", run: sharing::run },
    Scenario { name: "isolation", title: "3. Isolation overhead", run: isolation::run },
    Scenario { name: "kv", title: "4. A key-value microservice pair", run: kv::run },
    Scenario { name: "tcb", title: "5. Trusted code size", run: tcb::run },
];

/// Where and how the scenarios run.
pub struct Env {
    pub model: ModelKind,
    pub config: TimingConfig,
    /// Small sizes (tests, smoke runs): the same programs, fewer repetitions and sizes.
    pub quick: bool,
    /// The capvm checkout: guest images, the monitor's sources.
    pub repo: PathBuf,
    /// Where results, plots and the generated deployment files go.
    pub out: PathBuf,
    /// The monitor image the deployments boot (the built-in one unless `--monitor`).
    pub monitor: Vec<u8>,
}

/// What one run of the machine left behind.
pub struct Run {
    pub marks: Markers,
    /// Everything written to the console (the monitor prefixes cVM lines with `[name]`).
    pub output: String,
    pub exit: Exit,
}

impl Run {
    /// The run must have ended with a pass (every cVM exited with 0, or the bare program
    /// passed), and printed `expect`.
    pub fn check(&self, what: &str, expect: &str) -> anyhow::Result<()> {
        if self.exit.status() != 0 || !self.output.contains(expect) {
            bail!(
                "{what}: the guest did not finish as expected ({}); its output:\n{}",
                self.exit.describe(),
                self.output
            );
        }
        Ok(())
    }

    pub fn summary(&self, region: u16, what: &str) -> anyhow::Result<marker::Summary> {
        let samples = self.marks.regions(region).map_err(|e| anyhow!("{what}: {e}"))?;
        marker::Summary::of(&samples).ok_or_else(|| anyhow!("{what}: the guest measured nothing (no region {region})"))
    }
}

/// One cVM of a generated deployment.
pub struct CvmSpec<'a> {
    pub name: &'a str,
    /// Relative to `guest-images/`.
    pub image: &'a str,
    pub args: &'a str,
    pub base: u64,
    pub size: u64,
    pub capfiles: &'a [&'a str],
}

impl Env {
    pub fn image(&self, rel: &str) -> PathBuf {
        self.repo.join("guest-images").join(rel)
    }

    pub fn model_name(&self) -> &'static str {
        self.model.name()
    }

    /// Runs a bare-metal image (relative to `guest-images/`) under the timing model.
    pub fn run_bare(&self, rel: &str, max_insns: u64) -> anyhow::Result<Run> {
        let path = self.image(rel);
        let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let config = MachineConfig { capture_output: true, stdin: false, ..Default::default() };
        let mut machine = Machine::new(&config);
        machine.load_elf(&bytes).with_context(|| path.display().to_string())?;
        Ok(self.run_machine(machine, max_insns))
    }

    /// Writes a deployment of `cvms` (with `capfiles` = `[name, size]`) to
    /// `OUT/deploy/NAME.toml` (so that `capvm up` can run it again by hand) and runs it with
    /// the built-in monitor under the timing model.
    pub fn run_deployment(
        &self,
        name: &str,
        capfiles: &[(&str, u64)],
        cvms: &[CvmSpec],
        mem_mib: u64,
        max_insns: u64,
    ) -> anyhow::Result<Run> {
        let mut toml = format!("# generated by `capvm bench paper` ({name})\n");
        for (cf, size) in capfiles {
            toml.push_str(&format!("\n[[capfiles]]\nname = \"{cf}\"\nsize = {size:#x}\n"));
        }
        for c in cvms {
            let image = self.image(c.image);
            let list: Vec<String> = c.capfiles.iter().map(|s| format!("\"{s}\"")).collect();
            toml.push_str(&format!(
                "\n[[cvms]]\nname = \"{}\"\nimage = {:?}\nargs = \"{}\"\nisolation = {{ base = {:#x}, size = {:#x} }}\n",
                c.name,
                image.display().to_string(),
                c.args,
                c.base,
                c.size
            ));
            if !c.capfiles.is_empty() {
                toml.push_str(&format!("capfiles = [{}]\n", list.join(", ")));
            }
        }
        let dir = self.out.join("deploy");
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join(format!("{name}.toml"));
        std::fs::write(&path, toml).with_context(|| format!("cannot write {}", path.display()))?;
        let machine = crate::cmd_up::machine_for(&path, mem_mib, &self.monitor, true)?;
        Ok(self.run_machine(machine, max_insns))
    }

    fn run_machine(&self, mut machine: Machine, max_insns: u64) -> Run {
        let mut model = Model::new(self.model, &self.config);
        let mut marks = Markers::default();
        let exit = model.run(&mut machine, Some(max_insns), &mut marks);
        let output = String::from_utf8_lossy(&machine.take_output()).into_owned();
        Run { marks, output, exit }
    }
}

/// The checkout capvm was built from (guest images and the monitor's sources live there).
pub fn default_repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Refuses a checkout without the images, with a line saying what to do.
pub fn check_repo(repo: &Path) -> anyhow::Result<()> {
    if !repo.join("guest-images/cvm/bench.elf").is_file() {
        bail!(
            "{}: no guest images here (guest-images/cvm/bench.elf); run from a capvm checkout or pass --repo DIR",
            repo.display()
        );
    }
    Ok(())
}

/// The scenario called `name`, or an error listing them.
pub fn find(name: &str) -> anyhow::Result<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.name == name).ok_or_else(|| {
        let names: Vec<&str> = SCENARIOS.iter().map(|s| s.name).collect();
        anyhow!("bench paper: no scenario {name:?} (scenarios: {})", names.join(", "))
    })
}

/// Throughput at [`CLOCK_HZ`]: MB/s (10^6 bytes per second) for `bytes` in `cycles`.
pub fn mb_per_s(bytes: u64, cycles: f64) -> f64 {
    if cycles <= 0.0 {
        return 0.0;
    }
    bytes as f64 / (cycles / CLOCK_HZ) / 1e6
}
