//! Fuzzing the CAP-VMs monitor on capvm (issue 7): the inputs of each fuzz target, the
//! booted-and-snapshotted machines they run on, and the oracle checked after every run.
//! The cargo-fuzz targets (`fuzz/`), the proptest version in `cargo test`
//! (`tests/monitor_hostcalls.rs`, `tests/targets.rs`) and `capvm fuzz-replay` all go through
//! this crate, so a finding is the same finding everywhere.
//!
//! * [`hostcalls`] — `monitor_hostcalls`: an attacker cVM beside a victim, its code compiled
//!   from the input;
//! * [`oracle`] — what must hold after a `monitor_hostcalls` run;
//! * [`coverage`] — the monitor's branch directions as libFuzzer's extra counters;
//! * [`boot_info`] — arbitrary deployment files and boot-information tables;
//! * [`hart_step`] — arbitrary instruction words and register/capability state, v9 and v8;
//! * [`cap_ops`] — arbitrary cheri-cap operations against the crate's invariants.

pub mod boot_info;
pub mod cap_ops;
pub mod coverage;
pub mod hart_step;
pub mod hostcalls;
pub mod oracle;

pub use oracle::Finding;

/// The fuzz targets, by the name `cargo fuzz` and `capvm fuzz-replay` use.
pub const TARGETS: [&str; 4] = ["monitor_hostcalls", "boot_info", "hart_step", "cap_ops"];

/// Runs one input of `boot_info`, `hart_step` or `cap_ops`, decoded as the fuzz target
/// decodes it (`show`: print the decoded input on stderr). `Err` for another target name;
/// `Ok(Err(finding))` when a property broke.
pub fn check_input(target: &str, bytes: &[u8], show: bool) -> Result<Result<(), Finding>, String> {
    use arbitrary::{Arbitrary, Unstructured};
    fn decode<'a, T: Arbitrary<'a> + std::fmt::Debug>(bytes: &'a [u8], show: bool) -> Result<T, String> {
        let input = T::arbitrary_take_rest(Unstructured::new(bytes))
            .map_err(|e| format!("the input does not decode as this target's input: {e}"))?;
        if show {
            eprintln!("the input: {input:#?}");
        }
        Ok(input)
    }
    Ok(match target {
        "boot_info" => boot_info::BootFuzzer::new()?.check(&decode(bytes, show)?),
        "hart_step" => hart_step::check(&decode(bytes, show)?),
        "cap_ops" => cap_ops::check(&decode(bytes, show)?),
        other => return Err(format!("no such target {other:?} here (targets: {})", TARGETS.join(", "))),
    })
}
