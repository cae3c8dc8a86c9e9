//! monitor_hostcalls: an attacker cVM, its code compiled from the input, beside a victim;
//! the oracle of harness::oracle after every run (fuzz/README.md). Besides the host code's
//! edges, libFuzzer sees the monitor's own branch directions (harness::coverage) through its
//! extra-counters section.
#![no_main]

use std::sync::{Mutex, OnceLock};

use harness::coverage::MonitorBranches;
use harness::hostcalls::Fuzzer;
use libfuzzer_sys::fuzz_target;

/// libFuzzer clears this section before each input and reads it after, as it does its own
/// counters (the linker's `__start_`/`__stop_` symbols of the section tell it where).
#[used]
#[link_section = "__libfuzzer_extra_counters"]
static mut MONITOR_BRANCHES: [u8; 1 << 15] = [0; 1 << 15];

struct Target {
    fuzzer: Fuzzer,
    code_base: u64,
}

fn target() -> std::sync::MutexGuard<'static, Target> {
    static T: OnceLock<Mutex<Target>> = OnceLock::new();
    T.get_or_init(|| {
        let fuzzer = Fuzzer::new().unwrap_or_else(|e| panic!("cannot boot the fuzz deployment: {e}"));
        let (code_base, code_len) = fuzzer.world.monitor_code[0];
        if MonitorBranches::counters_for(code_len) > 1 << 15 {
            eprintln!("note: the monitor's code outgrew the coverage counters; branches fold together");
        }
        Mutex::new(Target { fuzzer, code_base })
    })
    .lock()
    .unwrap_or_else(|e| e.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let script = harness::hostcalls::parse(data);
    let mut t = target();
    let code_base = t.code_base;
    // Safety: libFuzzer runs one input at a time on this thread and touches the counters
    // only between inputs; this is the only reference to them while the input runs.
    let counters = unsafe { &mut *std::ptr::addr_of_mut!(MONITOR_BRANCHES) };
    let run = t.fuzzer.run_observed(&script, &mut MonitorBranches::new(counters, code_base));
    if let Some(f) = run.verdict.as_ref().err().filter(|f| !f.is_known()) {
        panic!("{f}\ninput: {script:?}\noutput:\n{}", run.outcome.output_text());
    }
});
