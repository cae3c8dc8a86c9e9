//! Disassembly in the syntax of GNU objdump (`riscv64-unknown-elf-objdump -d`): ABI register
//! names, the same aliases (`li`, `mv`, `ret`, `beqz`, `csrr`…), decimal immediates except
//! shift amounts, upper immediates and branch targets, which objdump prints in hex.
//!
//! Compressed instructions print as the base instruction they expand to, as objdump does.
//! The test `tests/disasm_objdump.rs` checks every mnemonic against objdump's own output.

use std::fmt::{self, Write};

use super::csr_names;
use super::format::Format;
use super::reg::name as r;
use super::{Insn, Opcode};

fn csr(num: i32) -> String {
    let num = (num & 0xfff) as u16;
    csr_names::name(num).unwrap_or_else(|| format!("0x{num:x}"))
}

fn target(pc: u64, offset: i32) -> u64 {
    pc.wrapping_add(offset as i64 as u64)
}

/// The fence's predecessor/successor set as objdump prints it (`iorw`, `rw`, `0`).
fn fence_set(bits: i32) -> String {
    let s: String =
        [(8, 'i'), (4, 'o'), (2, 'r'), (1, 'w')].iter().filter(|(b, _)| bits & b != 0).map(|&(_, c)| c).collect();
    if s.is_empty() {
        "0".to_string()
    } else {
        s
    }
}

fn aqrl(imm: i32) -> &'static str {
    match imm & 3 {
        0 => "",
        1 => ".rl",
        2 => ".aq",
        _ => ".aqrl",
    }
}

/// objdump 2.40 prints register-immediate forms under their register-register names
/// (`add a0,a1,5` for `addi`, `csrw mscratch,5` for `csrwi`); `slti`/`sltiu` keep theirs.
fn printed_name(op: Opcode) -> &'static str {
    use Opcode::*;
    match op {
        Addi => "add",
        Andi => "and",
        Ori => "or",
        Xori => "xor",
        Slli => "sll",
        Srli => "srl",
        Srai => "sra",
        Addiw => "addw",
        Slliw => "sllw",
        Srliw => "srlw",
        Sraiw => "sraw",
        Csrrwi => "csrrw",
        Csrrsi => "csrrs",
        Csrrci => "csrrc",
        _ => op.mnemonic(),
    }
}

/// What a register operand of a CHERI instruction holds: capabilities print with a `c`
/// prefix (`ca0`, `csp`, `cnull` for c0), as CHERI LLVM prints them.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Kind {
    X,
    C,
}

fn reg(kind: Kind, n: u8) -> String {
    match (kind, n) {
        (Kind::X, n) => r(n).to_string(),
        (Kind::C, 0) => "cnull".to_string(),
        (Kind::C, n) => format!("c{}", r(n)),
    }
}

fn scr_name(n: i32) -> String {
    match n {
        0 => "pcc".into(),
        1 => "ddc".into(),
        4 => "utcc".into(),
        5 => "utdc".into(),
        6 => "uscratchc".into(),
        7 => "uepcc".into(),
        12 => "stcc".into(),
        13 => "stdc".into(),
        14 => "sscratchc".into(),
        15 => "sepcc".into(),
        28 => "mtcc".into(),
        29 => "mtdc".into(),
        30 => "mscratchc".into(),
        31 => "mepcc".into(),
        n => format!("{n}"),
    }
}

/// The kinds of (rd, rs1, rs2) of an Xcheri instruction.
fn cheri_kinds(op: Opcode) -> (Kind, Kind, Kind) {
    use Kind::*;
    use Opcode::*;
    match op {
        CGetPerm | CGetType | CGetBase | CGetLen | CGetTag | CGetSealed | CGetOffset | CGetFlags | CGetAddr
        | CGetHigh | CGetTop | CLoadTags => (X, C, X),
        CRrl | CRam | JalrPcc => (X, X, X),
        CToPtr | CSubCap | CTestSubset | CSetEqualExact => (X, C, C),
        CSeal | CUnseal | CBuildCap | CCopyType | CCSeal | CInvoke => (C, C, C),
        LbDdc | LhDdc | LwDdc | LdDdc | LbuDdc | LhuDdc | LwuDdc | LrBDdc | LrHDdc | LrWDdc | LrDDdc => (X, X, X),
        LbCap | LhCap | LwCap | LdCap | LbuCap | LhuCap | LwuCap | LrBCap | LrHCap | LrWCap | LrDCap => (X, C, X),
        LcDdc | LrCDdc => (C, X, X),
        LcCap | LrCCap => (C, C, X),
        SbDdc | ShDdc | SwDdc | SdDdc | ScBDdc | ScHDdc | ScWDdc | ScDDdc => (X, X, X),
        SbCap | ShCap | SwCap | SdCap | ScBCap | ScHCap | ScWCap | ScDCap => (X, C, X),
        ScDdc | ScCDdc => (X, X, C),
        ScCap | ScCCap => (X, C, C),
        Lc | LrC => (C, X, X),
        Sc => (X, X, C),
        ScC | AmoswapC => (C, X, C),
        LrB | LrH | ScB | ScH => (X, X, X),
        // Manipulation: cd, cs1, rs2 (CSetBounds, CAndPerm, CIncOffset…).
        _ => (C, C, X),
    }
}

/// Xcheri instructions, in CHERI LLVM's syntax without spaces after commas.
fn write_cheri<W: Write>(out: &mut W, i: &Insn, pc: u64) -> fmt::Result {
    use Opcode::*;
    let m = i.op.mnemonic();
    let (kd, k1, k2) = cheri_kinds(i.op);
    let (rd, rs1, rs2) = (reg(kd, i.rd), reg(k1, i.rs1), reg(k2, i.rs2));
    match i.spec().format {
        Format::Scr => write!(out, "{m}\t{},{},{}", reg(Kind::C, i.rd), scr_name(i.imm), reg(Kind::C, i.rs1)),
        Format::R2 if i.spec().class == super::Class::Load || i.spec().class == super::Class::Amo => {
            write!(out, "{m}\t{rd},({rs1})")
        }
        Format::R2 => write!(out, "{m}\t{rd},{rs1}"),
        Format::RNoRd if i.op == CInvoke => write!(out, "{m}\t{rs1},{rs2}"),
        Format::RNoRd => write!(out, "{m}\t{rs2},({rs1})"),
        Format::R => write!(out, "{m}\t{rd},{rs1},{rs2}"),
        Format::I if i.op == Lc || i.op == Cjalr => write!(out, "{m}\t{rd},{}({rs1})", i.imm),
        Format::I | Format::IU => write!(out, "{m}\t{rd},{rs1},{}", i.imm),
        Format::S => write!(out, "{m}\t{rs2},{}({rs1})", i.imm),
        Format::U => write!(out, "{m}\t{rd},0x{:x}", (i.imm as u32) >> 12),
        Format::J => write!(out, "{m}\t{rd},{:x}", target(pc, i.imm)),
        Format::Amo => write!(out, "{m}{}\t{rd},{rs2},({rs1})", aqrl(i.imm)),
        Format::Lr => write!(out, "{m}{}\t{rd},({rs1})", aqrl(i.imm)),
        Format::CClear => write!(out, "{m}\t{},0x{:x}", i.imm >> 8, i.imm & 0xff),
        _ => write!(out, "{m}"),
    }
}

pub(super) fn write<W: Write>(out: &mut W, insn: &Insn, pc: u64) -> fmt::Result {
    use Opcode::*;
    if insn.expand().spec().ext == super::Ext::Xcheri {
        return write_cheri(out, &insn.expand(), pc);
    }
    // objdump prints c.mv as `mv`, which its base form (add rd, zero, rs2) would not be.
    if insn.op == CMv {
        return write!(out, "mv\t{},{}", r(insn.rd), r(insn.rs2));
    }
    let i = insn.expand();
    let (rd, rs1, rs2, imm) = (i.rd, i.rs1, i.rs2, i.imm);
    match i.op {
        // ---- aliases, in objdump's order of preference ------------------------------------------
        Addi if rd == 0 && rs1 == 0 && imm == 0 => write!(out, "nop"),
        Addi if rs1 == 0 => write!(out, "li\t{},{}", r(rd), imm),
        Addi if imm == 0 => write!(out, "mv\t{},{}", r(rd), r(rs1)),
        Addiw if imm == 0 => write!(out, "sext.w\t{},{}", r(rd), r(rs1)),
        Andi if imm == 255 => write!(out, "zext.b\t{},{}", r(rd), r(rs1)),
        Xori if imm == -1 => write!(out, "not\t{},{}", r(rd), r(rs1)),
        Sub if rs1 == 0 => write!(out, "neg\t{},{}", r(rd), r(rs2)),
        Subw if rs1 == 0 => write!(out, "negw\t{},{}", r(rd), r(rs2)),
        Sltiu if imm == 1 => write!(out, "seqz\t{},{}", r(rd), r(rs1)),
        Sltu if rs1 == 0 => write!(out, "snez\t{},{}", r(rd), r(rs2)),
        Slt if rs2 == 0 => write!(out, "sltz\t{},{}", r(rd), r(rs1)),
        Slt if rs1 == 0 => write!(out, "sgtz\t{},{}", r(rd), r(rs2)),
        Jalr if rd == 0 && rs1 == 1 && imm == 0 => write!(out, "ret"),
        Jalr if rd == 0 && imm == 0 => write!(out, "jr\t{}", r(rs1)),
        Jalr if rd == 0 => write!(out, "jr\t{}({})", imm, r(rs1)),
        Jalr if rd == 1 && imm == 0 => write!(out, "jalr\t{}", r(rs1)),
        Jalr if rd == 1 => write!(out, "jalr\t{}({})", imm, r(rs1)),
        Jalr if imm == 0 => write!(out, "jalr\t{},{}", r(rd), r(rs1)),
        Jal if rd == 0 => write!(out, "j\t{:x}", target(pc, imm)),
        Jal if rd == 1 => write!(out, "jal\t{:x}", target(pc, imm)),
        Beq if rs2 == 0 => write!(out, "beqz\t{},{:x}", r(rs1), target(pc, imm)),
        Bne if rs2 == 0 => write!(out, "bnez\t{},{:x}", r(rs1), target(pc, imm)),
        Bge if rs1 == 0 => write!(out, "blez\t{},{:x}", r(rs2), target(pc, imm)),
        Bge if rs2 == 0 => write!(out, "bgez\t{},{:x}", r(rs1), target(pc, imm)),
        Blt if rs2 == 0 => write!(out, "bltz\t{},{:x}", r(rs1), target(pc, imm)),
        Blt if rs1 == 0 => write!(out, "bgtz\t{},{:x}", r(rs2), target(pc, imm)),
        // `unimp` is the canonical illegal instruction `csrrw zero, cycle, zero`.
        Csrrw if rd == 0 && rs1 == 0 && imm == csr_names::CYCLE as i32 => write!(out, "unimp"),
        Csrrs if rs1 == 0 && imm == csr_names::CYCLE as i32 => write!(out, "rdcycle\t{}", r(rd)),
        Csrrs if rs1 == 0 && imm == csr_names::TIME as i32 => write!(out, "rdtime\t{}", r(rd)),
        Csrrs if rs1 == 0 && imm == csr_names::INSTRET as i32 => {
            write!(out, "rdinstret\t{}", r(rd))
        }
        Csrrs if rs1 == 0 => write!(out, "csrr\t{},{}", r(rd), csr(imm)),
        Csrrw if rd == 0 => write!(out, "csrw\t{},{}", csr(imm), r(rs1)),
        Csrrs if rd == 0 => write!(out, "csrs\t{},{}", csr(imm), r(rs1)),
        Csrrc if rd == 0 => write!(out, "csrc\t{},{}", csr(imm), r(rs1)),
        Csrrwi if rd == 0 => write!(out, "csrw\t{},{}", csr(imm), rs1),
        Csrrsi if rd == 0 => write!(out, "csrs\t{},{}", csr(imm), rs1),
        Csrrci if rd == 0 => write!(out, "csrc\t{},{}", csr(imm), rs1),
        Fence if imm == 0x010 => write!(out, "pause"),
        Fence if imm == 0x0ff => write!(out, "fence"),
        Fence if imm == 0x833 => write!(out, "fence.tso"),
        Fence => write!(out, "fence\t{},{}", fence_set(imm >> 4 & 0xf), fence_set(imm & 0xf)),
        // ---- the general forms, by format --------------------------------------------------------
        _ => {
            let m = printed_name(i.op);
            match i.op.spec().format {
                Format::R => write!(out, "{m}\t{},{},{}", r(rd), r(rs1), r(rs2)),
                Format::I => match i.op.class() {
                    super::Class::Load | super::Class::Jump => {
                        write!(out, "{m}\t{},{}({})", r(rd), imm, r(rs1))
                    }
                    _ => write!(out, "{m}\t{},{},{}", r(rd), r(rs1), imm),
                },
                Format::Shift64 | Format::Shift32 => {
                    write!(out, "{m}\t{},{},0x{:x}", r(rd), r(rs1), imm)
                }
                Format::S => write!(out, "{m}\t{},{}({})", r(rs2), imm, r(rs1)),
                Format::B => write!(out, "{m}\t{},{},{:x}", r(rs1), r(rs2), target(pc, imm)),
                Format::U => write!(out, "{m}\t{},0x{:x}", r(rd), (imm as u32) >> 12),
                Format::J => write!(out, "{m}\t{},{:x}", r(rd), target(pc, imm)),
                Format::Csr => write!(out, "{m}\t{},{},{}", r(rd), csr(imm), r(rs1)),
                Format::CsrImm => write!(out, "{m}\t{},{},{}", r(rd), csr(imm), rs1),
                Format::Amo => write!(out, "{m}{}\t{},{},({})", aqrl(imm), r(rd), r(rs2), r(rs1)),
                Format::Lr => write!(out, "{m}{}\t{},({})", aqrl(imm), r(rd), r(rs1)),
                _ => write!(out, "{m}"),
            }
        }
    }
}
