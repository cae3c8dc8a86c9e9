//! guest-images/include/cheri.h writes every CHERI instruction as `.insn`; all_insns.S uses
//! every macro once with the word it must assemble to in a comment. This test checks that
//! the ELF holds those words, and that capvm decodes each one to the instruction the macro
//! names and prints it under that name.

use std::path::Path;

use sim_core::isa::{decode_in, disassemble, DecodeMode};
use sim_core::{Machine, MachineConfig};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// (macro, word) for each line of the first list in all_insns.S.
fn listed() -> Vec<(String, Option<u32>)> {
    let src = std::fs::read_to_string(root().join("guest-images/cheri/all_insns.S")).expect("all_insns.S");
    let body = src.split("\nall_insns:").nth(1).expect("the all_insns label");
    let body = body.split("all_insns_end:").next().expect("the all_insns_end label");
    body.lines()
        .filter_map(|l| {
            let code = l.trim().trim_start_matches(|c: char| c.is_ascii_digit() || c == ':').trim();
            let name = code.split('(').next()?.trim();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit()) {
                return None;
            }
            let word =
                l.split("/*").nth(1).and_then(|c| u32::from_str_radix(c.trim().trim_end_matches("*/").trim(), 16).ok());
            Some((name.to_string(), word))
        })
        .collect()
}

/// The mnemonic capvm should print for a macro of cheri.h.
fn expected_mnemonic(name: &str) -> String {
    if name.starts_with("CSPECIAL") || matches!(name, "CGETPCC" | "CGETDDC" | "CSETDDC") {
        return "cspecialrw".into();
    }
    let n = name.to_ascii_lowercase();
    let n = n.strip_suffix("_aqrl").unwrap_or(&n);
    match n {
        "cseqx" => "csetequalexact".into(),
        "clc" => "lc".into(),
        "csc" => "sc".into(),
        _ => n.replace('_', "."),
    }
}

#[test]
fn every_cheri_macro_assembles_to_its_listed_word_and_disassembles_to_its_name() {
    let config = MachineConfig { capture_output: true, stdin: false, ..Default::default() };
    let mut m = Machine::new(&config);
    m.load_elf(&std::fs::read(root().join("guest-images/cheri/all_insns.elf")).expect("all_insns.elf")).expect("loads");
    let start = m.program.symbol("all_insns").expect("all_insns symbol");
    let end = m.program.symbol("all_insns_end").expect("all_insns_end symbol");
    let words: Vec<u32> = m
        .bus
        .dram
        .slice(start, end - start)
        .expect("in DRAM")
        .chunks(4)
        .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
        .collect();
    let list = listed();
    assert_eq!(words.len(), list.len(), "one 32-bit word per listed macro");
    let mut failures = Vec::new();
    for (pc, ((name, listed_word), &word)) in list.iter().zip(&words).enumerate() {
        let pc = start + 4 * pc as u64;
        if let Some(w) = listed_word {
            if *w != word {
                failures.push(format!("{name}: listed {w:08x}, assembled {word:08x}"));
            }
        }
        // FPClear needs F, which the machine does not have: it must be illegal.
        if name == "FPCLEAR" {
            if decode_in(word, DecodeMode::INTEGER).is_some() {
                failures.push("FPCLEAR decodes, but there is no F extension".into());
            }
            continue;
        }
        // AUIPCC, CJAL, CJALR are AUIPC, JAL, JALR in capability mode.
        let mode = if matches!(name.as_str(), "AUIPCC" | "CJAL" | "CJALR") {
            DecodeMode::CAPABILITY
        } else {
            DecodeMode::INTEGER
        };
        let Some(insn) = decode_in(word, mode) else {
            failures.push(format!("{name}: {word:08x} does not decode"));
            continue;
        };
        let text = insn.disassemble(pc);
        let mnemonic = text.split('\t').next().unwrap_or_default().to_string();
        let mnemonic = [".aqrl", ".aq", ".rl"].iter().fold(mnemonic.as_str(), |m, s| m.strip_suffix(s).unwrap_or(m));
        if mnemonic != expected_mnemonic(name) {
            failures.push(format!("{name}: {word:08x} disassembles to `{text}`"));
        }
        assert!(!disassemble(word, pc).is_empty());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
