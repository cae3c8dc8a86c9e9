//! `capvm bench paper`: the CAP-VMs paper's evaluation on the simulated machine (issue 9).
//! This only parses flags, runs the scenarios of `bench/` and writes what they report.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sim_core::timing::{ModelKind, TimingConfig};

use crate::bench::{self, Env, Section};
use crate::cmd_run::TimingMode;

#[derive(clap::Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub command: BenchCommand,
}

#[derive(clap::Subcommand)]
pub enum BenchCommand {
    /// The CAP-VMs paper's benchmarks on the simulated machine: prints a table and writes
    /// results.json, results.md and SVG plots (see docs/paper-results.md).
    Paper(PaperArgs),
}

#[derive(clap::Args)]
pub struct PaperArgs {
    /// Run only this scenario: crossing, sharing, isolation, kv or tcb.
    pub name: Option<String>,
    /// The timing model that counts the cycles.
    #[arg(long, value_enum, default_value_t = TimingMode::Inorder)]
    pub timing: TimingMode,
    /// Timing parameters (TOML; see sim-core/src/timing/README.md).
    #[arg(long, value_name = "FILE")]
    pub timing_config: Option<PathBuf>,
    /// Where results.json, results.md, the plots and the generated deployment files go.
    #[arg(long, value_name = "DIR", default_value = "bench-results")]
    pub out: PathBuf,
    /// Small sizes (a smoke run, and what the tests use): fewer repetitions, fewer message
    /// sizes, the small compute workload.
    #[arg(long)]
    pub quick: bool,
    /// The capvm checkout whose guest images and monitor sources are used (default: the one
    /// capvm was built from).
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// Boot this monitor image instead of the built-in one (to compare monitors, or to
    /// measure a rebuilt `monitor/target/monitor.elf` without recompiling capvm).
    #[arg(long, value_name = "ELF")]
    pub monitor: Option<PathBuf>,
}

pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        BenchCommand::Paper(a) => paper(a),
    }
}

fn paper(args: PaperArgs) -> anyhow::Result<ExitCode> {
    let scenarios: Vec<&bench::Scenario> = match &args.name {
        Some(n) => vec![bench::find(n)?],
        None => bench::SCENARIOS.iter().collect(),
    };
    let config = match &args.timing_config {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
            TimingConfig::from_toml(&text).with_context(|| p.display().to_string())?
        }
        None => TimingConfig::default(),
    };
    let model = match args.timing {
        TimingMode::Atomic => ModelKind::Atomic,
        TimingMode::Inorder => ModelKind::InOrder,
    };
    let repo = args.repo.clone().unwrap_or_else(bench::default_repo);
    bench::check_repo(&repo)?;
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let monitor = match &args.monitor {
        Some(p) => std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?,
        None => monitor::MONITOR_ELF.to_vec(),
    };
    let env = Env { model, config, quick: args.quick, repo, out: args.out.clone(), monitor };

    println!(
        "capvm bench paper: {} model, cycles at {} MHz{}",
        model.name(),
        bench::CLOCK_HZ / 1e6,
        if args.quick { ", quick sizes" } else { "" }
    );
    let mut sections: Vec<Section> = Vec::new();
    let mut failed = Vec::new();
    for s in scenarios {
        let start = Instant::now();
        match (s.run)(&env) {
            Ok(section) => {
                println!("\n{}  ({:.1} s)", section.text().trim_end(), start.elapsed().as_secs_f64());
                sections.push(section);
            }
            Err(e) => {
                println!("\n{}\n  failed: {e:#}", s.title);
                failed.push(s.name);
            }
        }
    }
    write_results(&env, &sections)?;
    println!("\nwrote {}: results.json, results.md and the plots", args.out.display());
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("capvm: bench paper: failed: {}", failed.join(", "));
        Ok(ExitCode::from(1))
    }
}

fn write_results(env: &Env, sections: &[Section]) -> anyhow::Result<()> {
    let write = |name: &str, text: String| {
        let p = env.out.join(name);
        std::fs::write(&p, text).with_context(|| format!("cannot write {}", p.display()))
    };
    let json = serde_json::json!({
        "model": env.model_name(),
        "clock_hz": bench::CLOCK_HZ,
        "quick": env.quick,
        "scenarios": sections.iter().map(Section::json).collect::<Vec<_>>(),
    });
    write("results.json", format!("{}\n", serde_json::to_string_pretty(&json)?))?;
    let mut md = format!(
        "# capvm bench paper\n\n{} model, cycles converted at {} MHz{}.\n\n",
        env.model_name(),
        bench::CLOCK_HZ / 1e6,
        if env.quick { ", quick sizes" } else { "" }
    );
    for s in sections {
        md.push_str(&s.markdown());
        for p in &s.plots {
            write(&p.file, p.svg())?;
        }
    }
    write("results.md", md)
}
