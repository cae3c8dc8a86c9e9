//! Every JSON Lines trace line parses and carries exactly the fields traces/README.md
//! documents for its kind, with the documented JSON types.

mod common;

use common::trace;
use serde_json::Value;
use traces::{Filter, Format};

/// The documented fields of each kind and their JSON types ("hex" = a "0x…" string;
/// a trailing "?" = or null).
const FIELDS: &[(&str, &[(&str, &str)])] = &[
    (
        "insn",
        &[
            ("kind", "string"),
            ("n", "number"),
            ("cycle", "number"),
            ("priv", "string"),
            ("pc", "hex"),
            ("raw", "hex"),
            ("mnemonic", "string"),
            ("class", "string"),
            ("disasm", "string"),
            ("rd", "number?"),
            ("rd_value", "hex?"),
            ("cap", "object?"),
            ("mem", "object?"),
            ("next_pc", "hex"),
        ],
    ),
    (
        "trap",
        &[
            ("kind", "string"),
            ("n", "number"),
            ("cycle", "number"),
            ("interrupt", "bool"),
            ("cause", "number"),
            ("cause_name", "string"),
            ("tval", "hex"),
            ("cheri", "object?"),
            ("pc", "hex"),
            ("raw", "hex?"),
            ("disasm", "string?"),
            ("from", "string"),
            ("handler", "hex"),
        ],
    ),
    ("priv", &[("kind", "string"), ("n", "number"), ("from", "string"), ("to", "string")]),
    ("ring", &[("kind", "string"), ("kept", "number"), ("seen", "number")]),
    ("stop", &[("kind", "string"), ("n", "number"), ("reason", "string"), ("status", "number")]),
];

const CAP_FIELDS: &[(&str, &str)] = &[
    ("tag", "bool"),
    ("sealed", "bool"),
    ("perms", "string"),
    ("perm_bits", "number"),
    ("uperms", "number"),
    ("otype", "number"),
    ("otype_name", "string?"),
    ("cap_mode", "bool"),
    ("base", "hex"),
    ("top", "hex"),
    ("address", "hex"),
];

const MEM_FIELDS: &[(&str, &str)] =
    &[("kind", "string"), ("addr", "hex"), ("size", "number"), ("value", "hex?"), ("cap", "bool"), ("tag", "bool?")];

const CHERI_FIELDS: &[(&str, &str)] =
    &[("code", "number"), ("name", "string"), ("cap_idx", "number"), ("reg", "string")];

fn has_type(v: &Value, ty: &str) -> bool {
    let (ty, nullable) = match ty.strip_suffix('?') {
        Some(t) => (t, true),
        None => (ty, false),
    };
    match v {
        Value::Null => nullable,
        Value::Bool(_) => ty == "bool",
        Value::Number(_) => ty == "number",
        Value::String(s) => {
            ty == "string" || (ty == "hex" && s.starts_with("0x") && u128::from_str_radix(&s[2..], 16).is_ok())
        }
        Value::Object(_) => ty == "object",
        Value::Array(_) => false,
    }
}

fn check_object(line: usize, what: &str, o: &Value, fields: &[(&str, &str)]) {
    let map = o.as_object().unwrap_or_else(|| panic!("line {line}: {what} is not an object"));
    for (name, ty) in fields {
        let v = map.get(*name).unwrap_or_else(|| panic!("line {line}: {what} lacks `{name}`: {o}"));
        assert!(has_type(v, ty), "line {line}: {what}.{name} should be {ty}: {v}");
    }
    for k in map.keys() {
        assert!(fields.iter().any(|f| f.0 == k), "line {line}: {what} has an undocumented field `{k}`");
    }
}

fn check_trace(text: &str) -> usize {
    let mut kinds_seen = std::collections::BTreeSet::new();
    for (i, l) in text.lines().enumerate() {
        let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("line {}: not JSON ({e}): {l}", i + 1));
        let kind = v["kind"].as_str().unwrap_or_else(|| panic!("line {}: no kind: {l}", i + 1));
        let fields = FIELDS.iter().find(|f| f.0 == kind).unwrap_or_else(|| panic!("undocumented kind {kind}")).1;
        check_object(i + 1, kind, &v, fields);
        if let Some(c) = v.get("cap").filter(|c| !c.is_null()) {
            check_object(i + 1, "cap", c, CAP_FIELDS);
        }
        if let Some(m) = v.get("mem").filter(|m| !m.is_null()) {
            check_object(i + 1, "mem", m, MEM_FIELDS);
        }
        if let Some(c) = v.get("cheri").filter(|c| !c.is_null()) {
            check_object(i + 1, "cheri", c, CHERI_FIELDS);
        }
        kinds_seen.insert(kind.to_string());
    }
    kinds_seen.len()
}

#[test]
fn every_line_parses_with_the_documented_fields() {
    // Between them: capability results, capability memory accesses, CHERI and other
    // exceptions, privilege changes, capability mode, an interrupt.
    for name in [
        "isolation/isolation.elf",
        "cheri/cheri_umode.elf",
        "cheri/cheri_capmode.elf",
        "cheri/cheri_mem.elf",
        "hello/hello.elf",
    ] {
        let (t, exit) = trace(name, Format::Jsonl, Filter::default(), None);
        assert_eq!(exit.status(), 0, "{name}");
        assert!(check_trace(&t) >= 2, "{name}");
    }
    let (t, _) = trace("cheri/cheri_umode.elf", Format::Jsonl, Filter::default(), Some(100));
    check_trace(&t);
    assert!(t.starts_with(r#"{"kind":"ring","kept":100,"#));
}

#[test]
fn cheri_traps_are_decoded() {
    let (t, _) = trace("isolation/isolation.elf", Format::Jsonl, common::only("trap"), None);
    let traps: Vec<Value> =
        t.lines().map(|l| serde_json::from_str(l).unwrap()).filter(|v: &Value| v["kind"] == "trap").collect();
    let regs: Vec<&str> = traps.iter().map(|v| v["cheri"]["reg"].as_str().unwrap()).collect();
    assert_eq!(regs, ["ca2", "ca3", "ca4", "ca5", "DDC"]);
    let names: Vec<&str> = traps.iter().map(|v| v["cheri"]["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["permit store violation", "length violation", "tag violation", "tag violation", "length violation"]
    );
}
