//! cap_ops: arbitrary cheri-cap operations checked against the crate's invariants
//! (harness::cap_ops).
#![no_main]

use harness::cap_ops::{check, CapInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: CapInput| {
    if let Err(f) = check(&input) {
        panic!("{f}\ninput: {input:?}");
    }
});
