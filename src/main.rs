//! `capvm`: the command-line program. It only parses flags and wires the crates together.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bench;
mod cmd_bench;
mod cmd_cap;
mod cmd_fuzz;
mod cmd_map;
mod cmd_run;
mod cmd_up;

#[derive(Parser)]
#[command(name = "capvm", version, about = "A cycle-level CHERI-RISC-V simulator and the CAP-VMs monitor")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run one bare-metal RISC-V ELF program on the machine.
    Run(cmd_run::RunArgs),
    /// Boot the CAP-VMs monitor with the cVMs of a deployment file (TOML).
    Up(cmd_up::UpArgs),
    /// A capability calculator: decode and manipulate 128-bit capabilities.
    Cap(cmd_cap::CapArgs),
    /// Draw a deployment's address space and each cVM's capabilities (SVG).
    Map(cmd_map::MapArgs),
    /// Benchmarks: `capvm bench paper` runs the CAP-VMs paper's evaluation on the machine.
    Bench(cmd_bench::BenchArgs),
    /// Replay one fuzz input with the fuzz target's oracle, optionally traced (fuzz/README.md).
    FuzzReplay(cmd_fuzz::FuzzReplayArgs),
    /// Run a program and narrate each capability check in plain language (the explain trace
    /// on stdout, or in --trace FILE); takes every `run` flag.
    Explain(cmd_run::RunArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => cmd_run::run(args),
        Command::Up(args) => cmd_up::run(args),
        Command::Cap(args) => cmd_cap::run(args),
        Command::Map(args) => cmd_map::run(args),
        Command::Explain(args) => cmd_run::explain(args),
        Command::FuzzReplay(args) => cmd_fuzz::replay(args),
        Command::Bench(args) => cmd_bench::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("capvm: {e:#}");
            ExitCode::from(2)
        }
    }
}
