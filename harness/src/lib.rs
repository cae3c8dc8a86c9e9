//! Fuzzing the CAP-VMs monitor on capvm (issue 7): the inputs of each fuzz target, the
//! booted-and-snapshotted machines they run on, and the oracle checked after every run.
//! The cargo-fuzz targets (`fuzz/`), the proptest version in `cargo test`
//! (`tests/monitor_hostcalls.rs`) and `capvm fuzz-replay` all go through [`run_input`], so
//! a finding is the same finding everywhere.
//!
//! * [`hostcalls`] — `monitor_hostcalls`: an attacker cVM beside a victim, its code compiled
//!   from the input;
//! * [`oracle`] — what must hold after a `monitor_hostcalls` run.

pub mod cap_ops;
pub mod hostcalls;
pub mod oracle;

pub use oracle::Finding;

/// The fuzz targets, by the name `cargo fuzz` and `capvm fuzz-replay` use.
pub const TARGETS: [&str; 1] = ["monitor_hostcalls"];
