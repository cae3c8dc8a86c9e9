//! The instruction set: one table ([`table`]) from which decoding, encoding, disassembly and
//! the executor's dispatch are derived.
//!
//! ```
//! use sim_core::isa::{decode, Insn, Opcode, reg};
//! let add = Insn::r(Opcode::Add, reg::A0, reg::A1, reg::A2);
//! let word = add.encode().unwrap();
//! assert_eq!(word, 0x00c58533);
//! assert_eq!(decode(word), Some(add));
//! assert_eq!(add.disassemble(0x8000_0000), "add\ta0,a1,a2");
//! ```

pub mod asm;
pub mod csr_names;
mod disasm;
pub mod format;
pub mod reg;
pub mod table;

pub use format::{Fields, Format};
pub use table::{Class, Ext, InsnSpec, Mode, Opcode, OPCODES, OPCODE_COUNT, TABLE};

/// A decoded instruction: an opcode from the table and its operand fields.
///
/// Compressed instructions keep their own opcode (`CAddi`…) with the fields of the base
/// instruction they expand to; [`Insn::expand`] gives that base instruction.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Insn {
    pub op: Opcode,
    pub rd: u8,
    pub rs1: u8,
    pub rs2: u8,
    /// Immediate, shift amount, CSR number, fence bits or aq/rl, by format.
    pub imm: i32,
}

/// Why an instruction could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{mnemonic}: operands out of range or reserved for this encoding: {fields:?}")]
pub struct EncodeError {
    pub mnemonic: &'static str,
    pub fields: Fields,
}

impl Insn {
    pub fn new(op: Opcode, rd: u8, rs1: u8, rs2: u8, imm: i32) -> Insn {
        Insn { op, rd, rs1, rs2, imm }
    }
    /// Register-register form (`add rd, rs1, rs2`).
    pub fn r(op: Opcode, rd: u8, rs1: u8, rs2: u8) -> Insn {
        Insn::new(op, rd, rs1, rs2, 0)
    }
    /// Register-immediate form, loads and JALR (`addi rd, rs1, imm`; `ld rd, imm(rs1)`).
    pub fn i(op: Opcode, rd: u8, rs1: u8, imm: i32) -> Insn {
        Insn::new(op, rd, rs1, 0, imm)
    }
    /// Store form (`sd rs2, imm(rs1)`).
    pub fn s(op: Opcode, rs2: u8, rs1: u8, imm: i32) -> Insn {
        Insn::new(op, 0, rs1, rs2, imm)
    }
    /// Branch form with a byte offset (`beq rs1, rs2, offset`).
    pub fn b(op: Opcode, rs1: u8, rs2: u8, offset: i32) -> Insn {
        Insn::new(op, 0, rs1, rs2, offset)
    }
    /// Upper-immediate form; `value` is the full value with its low 12 bits zero.
    pub fn u(op: Opcode, rd: u8, value: i32) -> Insn {
        Insn::new(op, rd, 0, 0, value)
    }
    /// Jump form with a byte offset (`jal rd, offset`).
    pub fn j(op: Opcode, rd: u8, offset: i32) -> Insn {
        Insn::new(op, rd, 0, 0, offset)
    }
    /// An instruction without operands (`ecall`, `mret`…).
    pub fn fixed(op: Opcode) -> Insn {
        Insn::new(op, 0, 0, 0, 0)
    }

    pub fn spec(&self) -> &'static InsnSpec {
        self.op.spec()
    }

    pub fn fields(&self) -> Fields {
        Fields { rd: self.rd, rs1: self.rs1, rs2: self.rs2, imm: self.imm }
    }

    /// Encoded length in bytes: 2 for compressed instructions, else 4.
    pub fn byte_len(&self) -> u8 {
        if self.spec().is_compressed() {
            2
        } else {
            4
        }
    }

    /// The base instruction this one stands for (itself unless compressed).
    pub fn expand(&self) -> Insn {
        Insn { op: self.spec().expands_to, ..*self }
    }

    /// The instruction word (compressed instructions in the low 16 bits).
    pub fn encode(&self) -> Result<u32, EncodeError> {
        let spec = self.spec();
        match spec.format.encode(&self.fields()) {
            Some(bits) => Ok(spec.matches | bits),
            None => Err(EncodeError { mnemonic: spec.mnemonic, fields: self.fields() }),
        }
    }

    /// Disassembly in the syntax of `riscv64-unknown-elf-objdump -d` (aliases, ABI names),
    /// with PC-relative targets resolved against `pc`.
    pub fn disassemble(&self, pc: u64) -> String {
        let mut s = String::new();
        disasm::write(&mut s, self, pc).expect("writing to a String cannot fail");
        s
    }
}

/// The length in bytes of the instruction whose first 16-bit parcel is `low_half`.
#[inline]
pub fn insn_len(low_half: u32) -> u8 {
    if low_half & 3 == 3 {
        4
    } else {
        2
    }
}

/// What the decoder accepts: the extensions present and the CHERI encoding mode.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct DecodeMode {
    /// Xcheri instructions exist (misa.X).
    pub cheri: bool,
    /// PCC.flags = 1: capability-mode rows take precedence (spec §4.9).
    pub cap_mode: bool,
}

impl DecodeMode {
    /// CHERI present, integer mode: the reset state of a CHERI hart.
    pub const INTEGER: DecodeMode = DecodeMode { cheri: true, cap_mode: false };
    pub const CAPABILITY: DecodeMode = DecodeMode { cheri: true, cap_mode: true };
    /// A plain RV64IMAC hart.
    pub const NO_CHERI: DecodeMode = DecodeMode { cheri: false, cap_mode: false };
}

/// Decodes one instruction as a CHERI hart in integer mode does (see [`decode_in`]).
pub fn decode(raw: u32) -> Option<Insn> {
    decode_in(raw, DecodeMode::INTEGER)
}

/// Decodes one instruction. `raw` holds the instruction in its low bits; for a compressed
/// instruction only the low 16 bits are looked at. `None` means an illegal instruction.
/// In capability mode the capability-mode rows are tried first (spec §4.9).
pub fn decode_in(raw: u32, mode: DecodeMode) -> Option<Insn> {
    let compressed = raw & 3 != 3;
    let word = if compressed { raw & 0xffff } else { raw };
    let candidates = |want: Mode| {
        TABLE.iter().filter(move |s| {
            s.mode == want
                && s.is_compressed() == compressed
                && (mode.cheri || s.ext != Ext::Xcheri)
                && word & s.mask == s.matches
        })
    };
    let decode_row =
        |s: &InsnSpec| s.format.decode(word).map(|f| Insn { op: s.op, rd: f.rd, rs1: f.rs1, rs2: f.rs2, imm: f.imm });
    if mode.cap_mode && mode.cheri {
        if let Some(i) = candidates(Mode::Cap).find_map(decode_row) {
            return Some(i);
        }
    }
    candidates(Mode::Any).find_map(decode_row)
}

/// Disassembles the instruction in `raw` (see [`decode`]) at `pc`; words that are not
/// instructions print as objdump prints them (`unimp` for 0x0000, else `.word`/`.2byte`).
pub fn disassemble(raw: u32, pc: u64) -> String {
    match decode(raw) {
        Some(i) => i.disassemble(pc),
        None if raw & 0xffff == 0 => "unimp".to_string(),
        None if insn_len(raw) == 2 => format!(".2byte\t{:#x}", raw & 0xffff),
        None => format!(".word\t{raw:#010x}"),
    }
}

impl std::fmt::Display for Insn {
    /// objdump syntax, with PC-relative targets shown as offsets from 0.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        disasm::write(f, self, 0)
    }
}
