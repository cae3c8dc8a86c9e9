//! The CAP-VMs trusted monitor, host side (DESIGN.md §5, §7).
//!
//! The monitor itself is target code (C and a little assembly in `monitor/target/`, built
//! into `monitor/target/monitor.elf`, which this crate embeds). This crate turns a deployment
//! file into what the machine needs before the monitor boots:
//!
//! * [`deploy`] — the deployment file (TOML, field names after Intravisor's YAML) and its
//!   checks, each failing with one line that names the thing;
//! * [`image`] — cVM images: ELF executables linked at 0, relocated into their region;
//! * [`plan`] — where everything goes in DRAM, and the boot-information table;
//! * [`abi`] — the one definition of what the host, the monitor and the cVMs share: the
//!   boot-information layout and the hostcall numbers, from which `monitor/include/*.h` are
//!   generated.
//!
//! `capvm up` (the CLI) loads [`MONITOR_ELF`], writes a [`plan::Plan`]'s blobs into DRAM and
//! starts the hart with `a1` = the boot-information address.

pub mod abi;
pub mod deploy;
pub mod image;
pub mod plan;

/// The monitor image, built by `make -C monitor/target` and committed.
pub const MONITOR_ELF: &[u8] = include_bytes!("../target/monitor.elf");
