//! hart_step: arbitrary instruction words from an arbitrary register and capability state,
//! under v9 and v8 (harness::hart_step).
#![no_main]

use harness::hart_step::{check, HartInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: HartInput| {
    if let Err(f) = check(&input) {
        panic!("{f}\ninput: {input:?}");
    }
});
