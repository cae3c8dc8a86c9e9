//! The disassembler prints what GNU objdump prints: every line of the committed sample
//! (`tests/data/disasm/sample.objdump`, produced by `riscv64-unknown-elf-objdump -d` from
//! `sample.S`, which covers every mnemonic) is decoded from its bytes and compared.
//!
//! objdump's trailing annotations are not part of the instruction and are stripped before
//! comparing: ` <symbol+off>` after branch targets and ` # value <symbol>` comments.

use sim_core::isa::{decode, disassemble};

const SAMPLE: &str = include_str!("data/disasm/sample.objdump");

struct Line<'a> {
    addr: u64,
    raw: u32,
    text: String,
    original: &'a str,
}

fn parse(objdump: &str) -> Vec<Line<'_>> {
    objdump
        .lines()
        .filter_map(|l| {
            let mut cols = l.splitn(3, '\t');
            let addr = cols.next()?.trim().strip_suffix(':')?;
            let addr = u64::from_str_radix(addr, 16).ok()?;
            let raw = u32::from_str_radix(cols.next()?.trim(), 16).ok()?;
            let mut text = cols.next()?.to_string();
            if let Some(i) = text.find(" #") {
                text.truncate(i);
            }
            if let Some(i) = text.find(" <") {
                text.truncate(i);
            }
            Some(Line { addr, raw, text: text.trim_end().to_string(), original: l })
        })
        .collect()
}

#[test]
fn disassembly_matches_objdump() {
    let lines = parse(SAMPLE);
    assert!(lines.len() > 300, "the sample looks truncated ({} lines)", lines.len());
    let mut failures = Vec::new();
    for l in &lines {
        // objdump declines (prints `.word`) for encodings outside the ELF's -march, such as
        // `pause` (Zihintpause); capvm names them. Nothing else may be skipped.
        if l.text.starts_with(".word") {
            assert_eq!(l.raw, 0x0100_000f, "unexpected .word in the sample: {}", l.original);
            continue;
        }
        let ours = disassemble(l.raw, l.addr);
        if ours != l.text {
            failures.push(format!("{:#x} {:08x}: objdump `{}`, capvm `{}`", l.addr, l.raw, l.text, ours));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// Every RV64IMAC + Zicsr + Zifencei mnemonic of the table appears in the sample (so the test above covers them all).
#[test]
fn sample_covers_every_opcode() {
    let seen: std::collections::BTreeSet<_> =
        parse(SAMPLE).iter().filter_map(|l| decode(l.raw)).map(|i| i.op).collect();
    // Xcheri has no GNU objdump to compare with; tests/cheri_header.rs checks its encodings
    // and names against guest-images/include/cheri.h instead.
    let missing: Vec<_> = sim_core::isa::Opcode::all()
        .filter(|op| op.spec().ext != sim_core::isa::Ext::Xcheri && !seen.contains(op))
        .map(|op| op.mnemonic())
        .collect();
    assert!(missing.is_empty(), "not in the sample: {missing:?}");
}
