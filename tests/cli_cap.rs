//! End-to-end tests of `capvm cap`, the capability calculator, through the built binary.

use serde_json::Value;

mod common;
use common::capvm;

/// Runs `capvm cap ARGS --json` and parses its one JSON object.
fn cap_json(args: &[&str]) -> Value {
    let mut all = vec!["cap"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = capvm(&all);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(text.trim_end().lines().count(), 1, "one JSON object: {text}");
    serde_json::from_str(&text).expect("JSON")
}

const ROOT: &str = "0xFFFF1FFFFC018004";

#[test]
fn set_bounds_worked_example() {
    // Spec §1.5: CSetBounds(root at 0x80001003, 0x12345).
    let v = cap_json(&["set-bounds", ROOT, "0x80001003", "0x12345"]);
    assert_eq!(v["tag"], true);
    assert_eq!(v["high"], "0xffff1ffffcce0104");
    assert_eq!(v["high_mem"], "0xffff000000cf8100");
    assert_eq!(v["address"], "0x80001003");
    assert_eq!(v["base"], "0x80001000");
    assert_eq!(v["top"], "0x80013380");
    assert_eq!(v["length"], "0x12380");
    assert_eq!(v["offset"], "0x3");
    assert_eq!(v["perms"], 0xFFF);
    assert_eq!(v["uperms"], 0xF);
    assert_eq!(v["flags"], 0);
    assert_eq!(v["otype"], 0x3FFFF);
    assert_eq!(v["sealed"], false);
    assert_eq!(v["exponent"], 4);
    assert_eq!(v["exact"], false);
    assert_eq!(v["subset"], true);
}

#[test]
fn set_bounds_exact_clears_the_tag_when_rounding() {
    let v = cap_json(&["set-bounds", ROOT, "0x80001003", "0x12345", "--exact"]);
    assert_eq!((v["tag"].clone(), v["exact"].clone()), (false.into(), false.into()));
    let v = cap_json(&["set-bounds", ROOT, "0x1000", "0x10", "--exact"]);
    assert_eq!((v["tag"].clone(), v["exact"].clone()), (true.into(), true.into()));
    assert_eq!(v["high"], "0xffff1ffff8041000");
}

#[test]
fn decode_root_null_and_memory_form() {
    let v = cap_json(&["decode", ROOT, "0"]);
    assert_eq!(v["top"], "0x10000000000000000");
    assert_eq!(v["high_mem"], "0xffff000000000000");
    assert_eq!(v["exponent"], 52);
    // The same capability given in memory form.
    let m = cap_json(&["decode", "0xFFFF000000000000", "0", "--memory-form"]);
    assert_eq!(m, v);
    // Zeroed memory is NULL (taken as tagged here, as every input is).
    let n = cap_json(&["decode", "0", "0", "--memory-form"]);
    assert_eq!(n["high"], "0x1ffffc018004");
    assert_eq!(n["perms"], 0);
    assert_eq!(n["otype_name"], "unsealed");
    assert_eq!(n["length"], "0x10000000000000000");
}

#[test]
fn set_addr_and_inc_offset_use_different_checks() {
    // Spec §1.8: [0x1000, 0x1010) + 0x37FF loses the tag; CSetAddr to 0x47FF keeps it.
    let c = "0xFFFF1FFFF8041000";
    assert_eq!(cap_json(&["inc-offset", c, "0x1000", "0x37FF"])["tag"], false);
    assert_eq!(cap_json(&["inc-offset", c, "0x1000", "0x37FE"])["tag"], true);
    assert_eq!(cap_json(&["set-addr", c, "0x1000", "0x47FF"])["tag"], true);
    // §1.9: moved to 0x7FF, decoded relative to the new address.
    let v = cap_json(&["inc-offset", c, "0x1000", "-0x801"]);
    assert_eq!(v["address"], "0x7ff");
    assert_eq!(v["base"], "0xffffffffffffd000");
    assert_eq!(v["tag"], false);
    let v = cap_json(&["set-addr", c, "4096", "2047"]);
    assert_eq!(v["base"], "0xffffffffffffd000");
}

#[test]
fn seal_with_the_root_as_authority() {
    let c = "0xFFFF1FFFF8041000";
    let v = cap_json(&["seal", c, "0x1000", "0x3FFFB"]);
    assert_eq!((v["tag"].clone(), v["sealed"].clone()), (true.into(), true.into()));
    assert_eq!(v["otype"], 0x3FFFB);
    assert_eq!(v["denied"], Value::Null);
    let v = cap_json(&["seal", c, "0x1000", "0x3FFFE"]);
    assert_eq!(v["tag"], false);
    assert_eq!(v["otype_name"], "sentry");
    assert!(v["denied"].as_str().is_some());
}

#[test]
fn crrl_and_cram() {
    let v = cap_json(&["crrl", "0x12345"]);
    assert_eq!(v["crrl"], "0x12380");
    assert_eq!(v["length"], "0x12345");
    assert_eq!(cap_json(&["crrl", "0xFFFFFFFFFFFFFFFF"])["crrl"], "0x0");
    assert_eq!(cap_json(&["cram", "4096"])["cram"], "0xfffffffffffffff8");
}

#[test]
fn human_output_prints_every_field() {
    let out = capvm(&["cap", "set-bounds", ROOT, "0x80001003", "0x12345"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for field in [
        "tag",
        "high",
        "high_mem",
        "address",
        "base",
        "top",
        "length",
        "offset",
        "perms",
        "uperms",
        "flags",
        "otype",
        "otype_name",
        "sealed",
        "exponent",
        "ie",
        "well_formed",
        "display",
        "exact",
        "subset",
    ] {
        assert!(text.lines().any(|l| l.split_whitespace().next() == Some(field)), "missing {field}: {text}");
    }
    assert!(text.contains("perms       0xfff rwxRWLGSUIAC"));
    assert!(text.contains("[0x80001000, 0x80013380) addr 0x80001003"));
}

#[test]
fn bad_input_is_one_line_and_a_failure() {
    for args in [
        &["cap", "decode", "0xZZ", "0"][..],
        &["cap", "decode", "0x1", "0x1_0000_0000_0000_0000"],
        &["cap", "set-bounds", ROOT, "0", "-1"],
        &["cap", "crrl", "twelve"],
    ] {
        let out = capvm(args);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8(out.stderr).expect("utf-8");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("capvm: "), "{err}");
        assert!(out.stdout.is_empty());
    }
}
