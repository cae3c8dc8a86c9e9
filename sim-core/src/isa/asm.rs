//! A small assembler over the instruction table, for tests and fuzzers that build programs
//! in Rust: emit [`Insn`]s, place labels, branch to labels, load 64-bit constants.
//!
//! ```
//! use sim_core::isa::{asm::Assembler, reg::*, Insn, Opcode};
//! let mut a = Assembler::new(0x8000_0000);
//! a.li(A0, 10);
//! let top = a.here();
//! a.emit(Insn::i(Opcode::Addi, A0, A0, -1)).unwrap();
//! a.branch_to(Opcode::Bne, A0, ZERO, top).unwrap();
//! let bytes = a.finish().unwrap();
//! assert_eq!(bytes.len(), 12);
//! ```

use super::{EncodeError, Insn, Opcode};

/// A position in the program, made by [`Assembler::label`] or [`Assembler::here`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Label(usize);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AsmError {
    #[error(transparent)]
    Encode(#[from] EncodeError),
    #[error("label {0} was used but never placed")]
    Unplaced(usize),
}

struct Fixup {
    at: usize,
    insn: Insn,
    label: Label,
}

/// Builds a flat binary starting at `base`.
pub struct Assembler {
    base: u64,
    code: Vec<u8>,
    labels: Vec<Option<usize>>,
    fixups: Vec<Fixup>,
}

impl Assembler {
    pub fn new(base: u64) -> Assembler {
        Assembler { base, code: Vec::new(), labels: Vec::new(), fixups: Vec::new() }
    }

    /// The address of the next instruction.
    pub fn pc(&self) -> u64 {
        self.base + self.code.len() as u64
    }

    /// A new label, not yet placed.
    pub fn label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() - 1)
    }

    /// Places `l` at the current position.
    pub fn place(&mut self, l: Label) {
        self.labels[l.0] = Some(self.code.len());
    }

    /// A label placed at the current position.
    pub fn here(&mut self) -> Label {
        let l = self.label();
        self.place(l);
        l
    }

    /// Appends one instruction (2 or 4 bytes).
    pub fn emit(&mut self, insn: Insn) -> Result<(), EncodeError> {
        let word = insn.encode()?;
        let bytes = word.to_le_bytes();
        self.code.extend_from_slice(&bytes[..insn.byte_len() as usize]);
        Ok(())
    }

    /// Appends raw bytes (data, or deliberately illegal words).
    pub fn bytes(&mut self, b: &[u8]) {
        self.code.extend_from_slice(b);
    }

    /// A branch (`beq`…, or `jal` with `rs1` as rd) to `label`, resolved in [`finish`](Self::finish).
    pub fn branch_to(&mut self, op: Opcode, rs1: u8, rs2: u8, label: Label) -> Result<(), EncodeError> {
        let insn = if op == Opcode::Jal { Insn::j(op, rs1, 0) } else { Insn::b(op, rs1, rs2, 0) };
        self.fixups.push(Fixup { at: self.code.len(), insn, label });
        self.emit(insn)
    }

    /// Loads any 64-bit constant into `rd` (lui/addi(w)/slli sequences, as `li` does).
    pub fn li(&mut self, rd: u8, value: i64) {
        use Opcode::*;
        let emit = |a: &mut Assembler, i: Insn| a.emit(i).expect("li emits only encodable instructions");
        if (-2048..2048).contains(&value) {
            emit(self, Insn::i(Addi, rd, 0, value as i32));
        } else if (i32::MIN as i64..=i32::MAX as i64).contains(&value) {
            let lo = ((value << 52) >> 52) as i32;
            let hi = (value as i32).wrapping_sub(lo);
            emit(self, Insn::u(Lui, rd, hi));
            if lo != 0 {
                emit(self, Insn::i(Addiw, rd, rd, lo));
            }
        } else {
            // Build the upper part, then shift in the low 12 bits.
            let lo = ((value << 52) >> 52) as i32;
            let upper = value.wrapping_sub(lo as i64);
            let shift = upper.trailing_zeros().min(52);
            self.li(rd, upper >> shift);
            emit(self, Insn::i(Slli, rd, rd, shift as i32));
            if lo != 0 {
                emit(self, Insn::i(Addi, rd, rd, lo));
            }
        }
    }

    /// Resolves label references and returns the program bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, AsmError> {
        for f in std::mem::take(&mut self.fixups) {
            let to = self.labels[f.label.0].ok_or(AsmError::Unplaced(f.label.0))?;
            let insn = Insn { imm: to as i32 - f.at as i32, ..f.insn };
            let word = insn.encode()?;
            self.code[f.at..f.at + 4].copy_from_slice(&word.to_le_bytes());
        }
        Ok(self.code)
    }
}
