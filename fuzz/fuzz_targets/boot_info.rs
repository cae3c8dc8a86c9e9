//! boot_info: arbitrary deployment files and boot-information tables (harness::boot_info).
#![no_main]

use std::sync::{Mutex, OnceLock};

use harness::boot_info::{BootFuzzer, BootInput};
use libfuzzer_sys::fuzz_target;

fn fuzzer() -> std::sync::MutexGuard<'static, BootFuzzer> {
    static F: OnceLock<Mutex<BootFuzzer>> = OnceLock::new();
    F.get_or_init(|| Mutex::new(BootFuzzer::new().unwrap_or_else(|e| panic!("cannot set up boot_info: {e}"))))
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

fuzz_target!(|input: BootInput| {
    if let Err(f) = fuzzer().check(&input) {
        panic!("{f}\ninput: {input:?}");
    }
});
