//! The public riscv-tests suite (github riscv-software-src/riscv-tests), the machine's
//! external bar. Its binaries are not part of this repository: build them locally (see
//! README "riscv-tests") and point `RISCV_TESTS_DIR` at the `isa/` directory, then run
//!
//!     RISCV_TESTS_DIR=/path/to/riscv-tests/isa cargo test --release --test riscv_tests -- --ignored
//!
//! Each test reports through HTIF: tohost = 1 is a pass, otherwise (n << 1) | 1 names the
//! failing case n.

use std::path::PathBuf;

use sim_core::hart::Semantics;
use sim_core::{Exit, Machine, MachineConfig};

const SUITES: [&str; 5] = ["rv64ui-p-", "rv64um-p-", "rv64ua-p-", "rv64uc-p-", "rv64mi-p-"];

/// Tests of hardware the machine does not model, with the reason.
const NOT_MODELLED: [(&str, &str); 1] =
    [("rv64mi-p-pmpaddr", "needs PMP; capvm has no PMP entries (they read as zero)")];

#[test]
#[ignore = "needs RISCV_TESTS_DIR pointing at a local riscv-tests build (see README)"]
fn riscv_tests_pass() {
    let dir = PathBuf::from(std::env::var("RISCV_TESTS_DIR").expect("set RISCV_TESTS_DIR to riscv-tests/isa"));
    let mut tests: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("RISCV_TESTS_DIR is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            SUITES.iter().any(|s| name.starts_with(s)) && p.extension().is_none()
        })
        .collect();
    tests.sort();
    assert!(!tests.is_empty(), "no riscv-tests binaries in {}", dir.display());
    let mut failures = Vec::new();
    // Every semantics, with the root capability in PCC and DDC for the CHERI ones.
    for cheri in [Semantics::V9, Semantics::V8, Semantics::None] {
        let (mut passed, mut skipped, before) = (0, 0, failures.len());
        for t in &tests {
            let name = t.file_name().unwrap_or_default().to_string_lossy().into_owned();
            if NOT_MODELLED.iter().any(|(n, _)| *n == name) {
                skipped += 1;
                continue;
            }
            let config = MachineConfig { capture_output: true, stdin: false, cheri, ..Default::default() };
            let mut m = Machine::new(&config);
            m.load_elf(&std::fs::read(t).expect("readable test binary")).expect("loadable test binary");
            match m.run(Some(50_000_000)) {
                Exit::Htif(0) => passed += 1,
                other => failures.push(format!("{cheri:?} {name}: {}", other.describe())),
            }
        }
        println!(
            "riscv-tests ({cheri:?}): {passed} passed, {} failed, {skipped} not modelled",
            failures.len() - before
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
