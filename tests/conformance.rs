//! The project's conformance programs (guest-images/conformance/*.elf): each prints one line
//! per check with the value it got, and its expected output (`NAME.expected`) is what QEMU
//! `virt` printed for the same ELF, except where capvm follows the Sail model on purpose (the
//! .expected file and the program's source say so). Every program must end with a pass.

use std::path::{Path, PathBuf};

use sim_core::devices::FinisherStatus;
use sim_core::hart::Semantics;
use sim_core::{Exit, Machine, MachineConfig};

fn images(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("guest-images").join(dir)
}

fn programs_in(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(images(dir))
        .unwrap_or_else(|e| panic!("guest-images/{dir}: {e}"))
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "elf"))
        .collect();
    v.sort();
    v
}

/// Runs an ELF to completion with its output captured.
pub fn run_elf(path: &Path, cheri: Semantics) -> (Exit, String) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let config = MachineConfig { capture_output: true, stdin: false, cheri, ..Default::default() };
    let mut m = Machine::new(&config);
    m.load_elf(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let exit = m.run(Some(100_000_000));
    (exit, String::from_utf8_lossy(&m.take_output()).into_owned())
}

/// Runs every program against `NAME{suffix}` and reports all differences at once.
fn check_all(programs: &[PathBuf], cheri: Semantics, suffix: &str) {
    let mut failures = Vec::new();
    for elf in programs {
        let expected_path = elf.with_extension(suffix);
        let expected =
            std::fs::read_to_string(&expected_path).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let (exit, output) = run_elf(elf, cheri);
        let name = elf.file_stem().unwrap_or_default().to_string_lossy();
        if output != expected {
            let diff: Vec<_> = output
                .lines()
                .zip(expected.lines())
                .filter(|(a, b)| a != b)
                .take(5)
                .map(|(a, b)| format!("    got      {a}\n    expected {b}"))
                .collect();
            failures.push(format!("{name}: output differs\n{}", diff.join("\n")));
        }
        if exit != Exit::Finisher(FinisherStatus::Pass) {
            failures.push(format!("{name}: ended with {}", exit.describe()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn base_isa_programs_match_their_expected_output() {
    let programs = programs_in("conformance");
    assert!(programs.len() >= 10, "expected the conformance programs, found {programs:?}");
    check_all(&programs, Semantics::V9, "expected");
}

/// The base programs behave the same on a hart without CHERI.
#[test]
fn base_isa_programs_match_without_cheri() {
    check_all(&programs_in("conformance"), Semantics::None, "expected");
}

/// The CHERI conformance programs (guest-images/cheri) under v9: expected outputs are
/// QEMU-CHERI's (`-cpu rv64,Xcheri_v9=on`) except where the Sail model differs
/// (guest-images/cheri/DIVERGENCES.md).
#[test]
fn cheri_programs_match_v9_expected_output() {
    let programs: Vec<_> =
        programs_in("cheri").into_iter().filter(|p| p.with_extension("v9.expected").exists()).collect();
    assert!(programs.len() >= 6, "expected the CHERI conformance programs, found {programs:?}");
    check_all(&programs, Semantics::V9, "v9.expected");
}

/// The CHERI conformance programs under v8 (QEMU-CHERI's default semantics: trapping bounds
/// operations, DDC/PCC relocation): the expected outputs are QEMU-CHERI's verbatim (no Sail
/// edits), so the programs' own checks fail where v8 differs from v9 and they do not exit
/// with a pass: each must end through the finisher, with a failure status unless its expected
/// output ends in `NAME: ok`.
#[test]
fn cheri_programs_match_v8_expected_output() {
    let programs: Vec<_> =
        programs_in("cheri").into_iter().filter(|p| p.with_extension("v8.expected").exists()).collect();
    assert!(programs.len() >= 6, "expected the CHERI conformance programs, found {programs:?}");
    let mut failures = Vec::new();
    for elf in &programs {
        let expected_path = elf.with_extension("v8.expected");
        let expected =
            std::fs::read_to_string(&expected_path).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let (exit, output) = run_elf(elf, Semantics::V8);
        let name = elf.file_stem().unwrap_or_default().to_string_lossy();
        let passes = expected.ends_with(&format!("{name}: ok\n"));
        let ended_as_recorded = match exit {
            Exit::Finisher(FinisherStatus::Pass) => passes,
            Exit::Finisher(FinisherStatus::Fail(_)) => !passes,
            _ => false,
        };
        if !ended_as_recorded {
            failures.push(format!("{name}: ended with {}", exit.describe()));
        }
        if output != expected {
            let diff: Vec<_> = output
                .lines()
                .zip(expected.lines())
                .filter(|(a, b)| a != b)
                .take(5)
                .map(|(a, b)| format!("    got      {a}\n    expected {b}"))
                .collect();
            failures.push(format!("{name}: output differs\n{}", diff.join("\n")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
