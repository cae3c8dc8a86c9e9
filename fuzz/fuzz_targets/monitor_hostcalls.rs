//! monitor_hostcalls: an attacker cVM, its code compiled from the input, beside a victim;
//! the oracle of harness::oracle after every run (fuzz/README.md).
#![no_main]

use std::sync::{Mutex, OnceLock};

use harness::hostcalls::Fuzzer;
use libfuzzer_sys::fuzz_target;

fn fuzzer() -> std::sync::MutexGuard<'static, Fuzzer> {
    static F: OnceLock<Mutex<Fuzzer>> = OnceLock::new();
    F.get_or_init(|| Mutex::new(Fuzzer::new().unwrap_or_else(|e| panic!("cannot boot the fuzz deployment: {e}"))))
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let script = harness::hostcalls::parse(data);
    let run = fuzzer().run(&script);
    if let Some(f) = run.verdict.as_ref().err().filter(|f| !f.is_known()) {
        panic!("{f}\ninput: {script:?}\noutput:\n{}", run.outcome.output_text());
    }
});
