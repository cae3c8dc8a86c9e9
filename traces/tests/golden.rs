//! Golden traces: small committed programs traced in each format and compared byte for byte
//! with the files in tests/golden/. After an intended change of a format, regenerate them
//! and review the diff:
//!
//!     UPDATE_GOLDEN=1 cargo test -p traces --test golden

mod common;

use common::{only, trace};
use traces::{Filter, Format};

fn check(golden: &str, actual: &str) {
    let path = format!("{}/tests/golden/{golden}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (UPDATE_GOLDEN=1 cargo test -p traces --test golden writes it)"));
    if expected != actual {
        let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{golden} differs from the golden file at line {}:\n  expected: {}\n  actual:   {}\n\
             (if the change is intended: UPDATE_GOLDEN=1 cargo test -p traces --test golden, then review the diff)",
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>")
        );
    }
}

#[test]
fn isolation_text() {
    let (t, exit) = trace("isolation/isolation.elf", Format::Text, Filter::default(), None);
    assert_eq!(exit.status(), 0);
    check("isolation.txt", &t);
}

#[test]
fn isolation_jsonl() {
    let (t, _) = trace("isolation/isolation.elf", Format::Jsonl, Filter::default(), None);
    check("isolation.jsonl", &t);
}

#[test]
fn isolation_explain() {
    let (t, _) = trace("isolation/isolation.elf", Format::Explain, only("cap,trap,priv"), None);
    check("isolation.explain", &t);
}

/// Every jump, CInvoke and PCC fault of the control-flow conformance program.
#[test]
fn cheri_ctrl_traps_explain() {
    let (t, exit) = trace("cheri/cheri_ctrl.elf", Format::Explain, only("trap"), None);
    assert_eq!(exit.status(), 0);
    check("cheri_ctrl.traps.explain", &t);
}

/// The U-mode compartment: privilege changes and what it is refused.
#[test]
fn cheri_umode_explain() {
    let (t, exit) = trace("cheri/cheri_umode.elf", Format::Explain, only("trap,priv"), None);
    assert_eq!(exit.status(), 0);
    check("cheri_umode.explain", &t);
}

/// The U-mode compartment in the text format: traps and privilege changes only.
#[test]
fn cheri_umode_text() {
    let (t, _) = trace("cheri/cheri_umode.elf", Format::Text, only("trap,priv"), None);
    check("cheri_umode.txt", &t);
}
