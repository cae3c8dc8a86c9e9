//! The instruction table's decoder and encoder agree: for every row, words built from its
//! match bits and random operand bits decode to an instruction that encodes back to the same
//! word and decodes again to the same instruction.

use proptest::prelude::*;
use sim_core::isa::{decode_in, DecodeMode, Format, Insn, Mode, TABLE};

/// A word for table row `row` with random bits wherever the row's mask leaves them free.
fn word_for(row: usize, noise: u32) -> u32 {
    let s = &TABLE[row];
    let free = if s.is_compressed() { !s.mask & 0xffff } else { !s.mask };
    s.matches | (noise & free)
}

/// Formats whose reserved fields decode as "ignored", so the word does not round-trip bit
/// for bit (the instruction still does).
fn ignores_fields(f: Format) -> bool {
    matches!(f, Format::Fence | Format::FenceI)
}

/// The decoder as it reads row `row`'s encodings: capability-mode rows in capability mode.
fn mode_of(row: usize) -> DecodeMode {
    if TABLE[row].mode == Mode::Cap {
        DecodeMode::CAPABILITY
    } else {
        DecodeMode::INTEGER
    }
}

fn check_word(w: u32, mode: DecodeMode) -> Option<Insn> {
    let i = decode_in(w, mode)?;
    let again = i.encode().unwrap_or_else(|e| panic!("{w:#010x} decoded to {i:?} which does not encode: {e}"));
    assert_eq!(decode_in(again, mode), Some(i), "{w:#010x}: decode(encode(decode(w))) != decode(w)");
    if !ignores_fields(i.spec().format) {
        let mask = if i.byte_len() == 2 { 0xffff } else { u32::MAX };
        assert_eq!(again, w & mask, "{i:?}: encode(decode(w)) != w");
    }
    Some(i)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]
    #[test]
    fn decode_encode_round_trip(row in 0..TABLE.len(), noise in any::<u32>()) {
        check_word(word_for(row, noise), mode_of(row));
    }
}

/// Every row is reachable: some word built from it decodes to it and round-trips.
#[test]
fn every_row_decodes_and_round_trips() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for (row, spec) in TABLE.iter().enumerate() {
        let mut hits = 0;
        for _ in 0..2000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            if let Some(i) = check_word(word_for(row, state as u32), mode_of(row)) {
                if i.op == spec.op {
                    hits += 1;
                }
            }
        }
        assert!(hits > 0, "{} never decoded to itself", spec.mnemonic);
    }
}

/// Words that are not instructions decode to nothing (illegal instruction).
#[test]
fn reserved_encodings_are_illegal() {
    for w in [
        0x0000_0000, // c.unimp / c.addi4spn with nzuimm = 0
        0xffff_ffff,
        0x0000_6081, // c.lui x1, 0 (nzimm = 0 is reserved)
        0x0000_6101, // c.addi16sp with nzimm = 0
        0x0000_4002, // c.lwsp x0 (reserved)
        0x0000_8002, // c.jr x0 (reserved)
        0x0000_2001, // c.addiw x0 (reserved)
        0x1200_0073, // sfence.vma: no S mode
        0x0000_0053, // an F instruction: no F
        0x0000_5007, // fld: no D
    ] {
        assert_eq!(decode_in(w, DecodeMode::INTEGER), None, "{w:#010x} should be illegal");
    }
}

/// Encoding refuses operands the format cannot hold.
#[test]
fn encode_rejects_out_of_range_operands() {
    use sim_core::isa::{reg::*, Opcode::*};
    assert!(Insn::i(Addi, A0, A0, 2048).encode().is_err());
    assert!(Insn::i(Addi, A0, A0, -2048).encode().is_ok());
    assert!(Insn::b(Beq, A0, A1, 3).encode().is_err());
    assert!(Insn::new(CAddi, A0, A1, 0, 1).encode().is_err(), "c.addi needs rs1 == rd");
    assert!(Insn::new(CLw, A0, 5, 0, 4).encode().is_err(), "c.lw needs x8..x15");
    assert!(Insn::i(Slli, A0, A0, 64).encode().is_err());
    assert!(Insn::r(Add, 32, A0, A0).encode().is_err());
}
