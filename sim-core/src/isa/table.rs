//! The instruction table: the one place where every instruction's mnemonic, encoding
//! (match/mask), operand format, class and extension are written down.
//!
//! Decoding (`decode.rs`), encoding (`encode.rs`), disassembly (`disasm.rs`), execution
//! (`hart/exec.rs`) and the timing classifier all derive from this table, so they cannot
//! disagree. Adding an instruction means adding one line here and one arm in the executor.
//!
//! Order matters where masks overlap: the decoder takes the first entry whose mask/match fits
//! *and* whose format accepts the operand fields (e.g. `c.jr` before `c.mv`, `c.nop` before
//! `c.addi`).
//!
//! Compressed entries name the base instruction they expand to (RISC-V unprivileged spec,
//! chapter "C" Standard Extension, table of RVC expansions); base entries expand to themselves.

use super::format::Format;

/// What kind of work an instruction does: used by statistics, traces and timing models.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Alu,
    Mul,
    Div,
    Load,
    Store,
    Amo,
    Branch,
    Jump,
    Csr,
    System,
    Fence,
}

/// The ISA extension an instruction belongs to.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ext {
    I,
    M,
    A,
    C,
    Zicsr,
    Zifencei,
}

/// One row of the instruction table.
#[derive(Copy, Clone, Debug)]
pub struct InsnSpec {
    pub op: Opcode,
    pub mnemonic: &'static str,
    pub format: Format,
    /// The bits that are fixed for this instruction, after masking with `mask`.
    pub matches: u32,
    pub mask: u32,
    pub class: Class,
    pub ext: Ext,
    /// The base instruction a compressed one stands for (itself for base instructions).
    pub expands_to: Opcode,
}

impl InsnSpec {
    /// True for 16-bit (RVC) encodings.
    pub const fn is_compressed(&self) -> bool {
        self.matches & 3 != 3
    }
}

macro_rules! instruction_table {
    ($( $op:ident $mnem:literal $fmt:ident $matches:literal $mask:literal $class:ident $ext:ident $exp:ident; )*) => {
        /// Every instruction capvm knows, one variant per row of [`TABLE`].
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u16)]
        pub enum Opcode { $($op),* }

        /// The instruction table, in decoding priority order.
        pub static TABLE: &[InsnSpec] = &[
            $( InsnSpec {
                op: Opcode::$op,
                mnemonic: $mnem,
                format: Format::$fmt,
                matches: $matches,
                mask: $mask,
                class: Class::$class,
                ext: Ext::$ext,
                expands_to: Opcode::$exp,
            }, )*
        ];

        /// The number of opcodes (the length of [`TABLE`]).
        pub const OPCODE_COUNT: usize = [$(Opcode::$op),*].len();
    };
}

instruction_table! {
    // ---- RV64I -----------------------------------------------------------------------------
    Lui     "lui"     U        0x00000037 0x0000007f Alu    I Lui;
    Auipc   "auipc"   U        0x00000017 0x0000007f Alu    I Auipc;
    Jal     "jal"     J        0x0000006f 0x0000007f Jump   I Jal;
    Jalr    "jalr"    I        0x00000067 0x0000707f Jump   I Jalr;
    Beq     "beq"     B        0x00000063 0x0000707f Branch I Beq;
    Bne     "bne"     B        0x00001063 0x0000707f Branch I Bne;
    Blt     "blt"     B        0x00004063 0x0000707f Branch I Blt;
    Bge     "bge"     B        0x00005063 0x0000707f Branch I Bge;
    Bltu    "bltu"    B        0x00006063 0x0000707f Branch I Bltu;
    Bgeu    "bgeu"    B        0x00007063 0x0000707f Branch I Bgeu;
    Lb      "lb"      I        0x00000003 0x0000707f Load   I Lb;
    Lh      "lh"      I        0x00001003 0x0000707f Load   I Lh;
    Lw      "lw"      I        0x00002003 0x0000707f Load   I Lw;
    Ld      "ld"      I        0x00003003 0x0000707f Load   I Ld;
    Lbu     "lbu"     I        0x00004003 0x0000707f Load   I Lbu;
    Lhu     "lhu"     I        0x00005003 0x0000707f Load   I Lhu;
    Lwu     "lwu"     I        0x00006003 0x0000707f Load   I Lwu;
    Sb      "sb"      S        0x00000023 0x0000707f Store  I Sb;
    Sh      "sh"      S        0x00001023 0x0000707f Store  I Sh;
    Sw      "sw"      S        0x00002023 0x0000707f Store  I Sw;
    Sd      "sd"      S        0x00003023 0x0000707f Store  I Sd;
    Addi    "addi"    I        0x00000013 0x0000707f Alu    I Addi;
    Slti    "slti"    I        0x00002013 0x0000707f Alu    I Slti;
    Sltiu   "sltiu"   I        0x00003013 0x0000707f Alu    I Sltiu;
    Xori    "xori"    I        0x00004013 0x0000707f Alu    I Xori;
    Ori     "ori"     I        0x00006013 0x0000707f Alu    I Ori;
    Andi    "andi"    I        0x00007013 0x0000707f Alu    I Andi;
    Slli    "slli"    Shift64  0x00001013 0xfc00707f Alu    I Slli;
    Srli    "srli"    Shift64  0x00005013 0xfc00707f Alu    I Srli;
    Srai    "srai"    Shift64  0x40005013 0xfc00707f Alu    I Srai;
    Add     "add"     R        0x00000033 0xfe00707f Alu    I Add;
    Sub     "sub"     R        0x40000033 0xfe00707f Alu    I Sub;
    Sll     "sll"     R        0x00001033 0xfe00707f Alu    I Sll;
    Slt     "slt"     R        0x00002033 0xfe00707f Alu    I Slt;
    Sltu    "sltu"    R        0x00003033 0xfe00707f Alu    I Sltu;
    Xor     "xor"     R        0x00004033 0xfe00707f Alu    I Xor;
    Srl     "srl"     R        0x00005033 0xfe00707f Alu    I Srl;
    Sra     "sra"     R        0x40005033 0xfe00707f Alu    I Sra;
    Or      "or"      R        0x00006033 0xfe00707f Alu    I Or;
    And     "and"     R        0x00007033 0xfe00707f Alu    I And;
    Addiw   "addiw"   I        0x0000001b 0x0000707f Alu    I Addiw;
    Slliw   "slliw"   Shift32  0x0000101b 0xfe00707f Alu    I Slliw;
    Srliw   "srliw"   Shift32  0x0000501b 0xfe00707f Alu    I Srliw;
    Sraiw   "sraiw"   Shift32  0x4000501b 0xfe00707f Alu    I Sraiw;
    Addw    "addw"    R        0x0000003b 0xfe00707f Alu    I Addw;
    Subw    "subw"    R        0x4000003b 0xfe00707f Alu    I Subw;
    Sllw    "sllw"    R        0x0000103b 0xfe00707f Alu    I Sllw;
    Srlw    "srlw"    R        0x0000503b 0xfe00707f Alu    I Srlw;
    Sraw    "sraw"    R        0x4000503b 0xfe00707f Alu    I Sraw;
    Fence   "fence"   Fence    0x0000000f 0x0000707f Fence  I Fence;
    Ecall   "ecall"   Fixed    0x00000073 0xffffffff System I Ecall;
    Ebreak  "ebreak"  Fixed    0x00100073 0xffffffff System I Ebreak;
    // ---- privileged ------------------------------------------------------------------------
    Mret    "mret"    Fixed    0x30200073 0xffffffff System I Mret;
    Wfi     "wfi"     Fixed    0x10500073 0xffffffff System I Wfi;
    // ---- Zifencei ----------------------------------------------------------------------------
    FenceI  "fence.i" FenceI   0x0000100f 0x0000707f Fence  Zifencei FenceI;
    // ---- Zicsr -------------------------------------------------------------------------------
    Csrrw   "csrrw"   Csr      0x00001073 0x0000707f Csr    Zicsr Csrrw;
    Csrrs   "csrrs"   Csr      0x00002073 0x0000707f Csr    Zicsr Csrrs;
    Csrrc   "csrrc"   Csr      0x00003073 0x0000707f Csr    Zicsr Csrrc;
    Csrrwi  "csrrwi"  CsrImm   0x00005073 0x0000707f Csr    Zicsr Csrrwi;
    Csrrsi  "csrrsi"  CsrImm   0x00006073 0x0000707f Csr    Zicsr Csrrsi;
    Csrrci  "csrrci"  CsrImm   0x00007073 0x0000707f Csr    Zicsr Csrrci;
    // ---- M -----------------------------------------------------------------------------------
    Mul     "mul"     R        0x02000033 0xfe00707f Mul    M Mul;
    Mulh    "mulh"    R        0x02001033 0xfe00707f Mul    M Mulh;
    Mulhsu  "mulhsu"  R        0x02002033 0xfe00707f Mul    M Mulhsu;
    Mulhu   "mulhu"   R        0x02003033 0xfe00707f Mul    M Mulhu;
    Div     "div"     R        0x02004033 0xfe00707f Div    M Div;
    Divu    "divu"    R        0x02005033 0xfe00707f Div    M Divu;
    Rem     "rem"     R        0x02006033 0xfe00707f Div    M Rem;
    Remu    "remu"    R        0x02007033 0xfe00707f Div    M Remu;
    Mulw    "mulw"    R        0x0200003b 0xfe00707f Mul    M Mulw;
    Divw    "divw"    R        0x0200403b 0xfe00707f Div    M Divw;
    Divuw   "divuw"   R        0x0200503b 0xfe00707f Div    M Divuw;
    Remw    "remw"    R        0x0200603b 0xfe00707f Div    M Remw;
    Remuw   "remuw"   R        0x0200703b 0xfe00707f Div    M Remuw;
    // ---- A -----------------------------------------------------------------------------------
    LrW      "lr.w"      Lr  0x1000202f 0xf9f0707f Amo A LrW;
    ScW      "sc.w"      Amo 0x1800202f 0xf800707f Amo A ScW;
    AmoswapW "amoswap.w" Amo 0x0800202f 0xf800707f Amo A AmoswapW;
    AmoaddW  "amoadd.w"  Amo 0x0000202f 0xf800707f Amo A AmoaddW;
    AmoxorW  "amoxor.w"  Amo 0x2000202f 0xf800707f Amo A AmoxorW;
    AmoandW  "amoand.w"  Amo 0x6000202f 0xf800707f Amo A AmoandW;
    AmoorW   "amoor.w"   Amo 0x4000202f 0xf800707f Amo A AmoorW;
    AmominW  "amomin.w"  Amo 0x8000202f 0xf800707f Amo A AmominW;
    AmomaxW  "amomax.w"  Amo 0xa000202f 0xf800707f Amo A AmomaxW;
    AmominuW "amominu.w" Amo 0xc000202f 0xf800707f Amo A AmominuW;
    AmomaxuW "amomaxu.w" Amo 0xe000202f 0xf800707f Amo A AmomaxuW;
    LrD      "lr.d"      Lr  0x1000302f 0xf9f0707f Amo A LrD;
    ScD      "sc.d"      Amo 0x1800302f 0xf800707f Amo A ScD;
    AmoswapD "amoswap.d" Amo 0x0800302f 0xf800707f Amo A AmoswapD;
    AmoaddD  "amoadd.d"  Amo 0x0000302f 0xf800707f Amo A AmoaddD;
    AmoxorD  "amoxor.d"  Amo 0x2000302f 0xf800707f Amo A AmoxorD;
    AmoandD  "amoand.d"  Amo 0x6000302f 0xf800707f Amo A AmoandD;
    AmoorD   "amoor.d"   Amo 0x4000302f 0xf800707f Amo A AmoorD;
    AmominD  "amomin.d"  Amo 0x8000302f 0xf800707f Amo A AmominD;
    AmomaxD  "amomax.d"  Amo 0xa000302f 0xf800707f Amo A AmomaxD;
    AmominuD "amominu.d" Amo 0xc000302f 0xf800707f Amo A AmominuD;
    AmomaxuD "amomaxu.d" Amo 0xe000302f 0xf800707f Amo A AmomaxuD;
    // ---- C (RV64C), quadrant 0 -------------------------------------------------------------
    CAddi4spn "c.addi4spn" CAddi4spn 0x0000 0xe003 Alu   C Addi;
    CLw       "c.lw"       CLw       0x4000 0xe003 Load  C Lw;
    CLd       "c.ld"       CLd       0x6000 0xe003 Load  C Ld;
    CSw       "c.sw"       CSw       0xc000 0xe003 Store C Sw;
    CSd       "c.sd"       CSd       0xe000 0xe003 Store C Sd;
    // ---- C, quadrant 1 ------------------------------------------------------------------------
    CNop      "c.nop"      CNop      0x0001 0xef83 Alu    C Addi;
    CAddi     "c.addi"     CAddi     0x0001 0xe003 Alu    C Addi;
    CAddiw    "c.addiw"    CAddiw    0x2001 0xe003 Alu    C Addiw;
    CLi       "c.li"       CLi       0x4001 0xe003 Alu    C Addi;
    CAddi16sp "c.addi16sp" CAddi16sp 0x6101 0xef83 Alu    C Addi;
    CLui      "c.lui"      CLui      0x6001 0xe003 Alu    C Lui;
    CSrli     "c.srli"     CShift    0x8001 0xec03 Alu    C Srli;
    CSrai     "c.srai"     CShift    0x8401 0xec03 Alu    C Srai;
    CAndi     "c.andi"     CAndi     0x8801 0xec03 Alu    C Andi;
    CSub      "c.sub"      CA        0x8c01 0xfc63 Alu    C Sub;
    CXor      "c.xor"      CA        0x8c21 0xfc63 Alu    C Xor;
    COr       "c.or"       CA        0x8c41 0xfc63 Alu    C Or;
    CAnd      "c.and"      CA        0x8c61 0xfc63 Alu    C And;
    CSubw     "c.subw"     CA        0x9c01 0xfc63 Alu    C Subw;
    CAddw     "c.addw"     CA        0x9c21 0xfc63 Alu    C Addw;
    CJ        "c.j"        CJ        0xa001 0xe003 Jump   C Jal;
    CBeqz     "c.beqz"     CB        0xc001 0xe003 Branch C Beq;
    CBnez     "c.bnez"     CB        0xe001 0xe003 Branch C Bne;
    // ---- C, quadrant 2 ------------------------------------------------------------------------
    CSlli     "c.slli"     CSlli     0x0002 0xe003 Alu    C Slli;
    CLwsp     "c.lwsp"     CLwsp     0x4002 0xe003 Load   C Lw;
    CLdsp     "c.ldsp"     CLdsp     0x6002 0xe003 Load   C Ld;
    CJr       "c.jr"       CJr       0x8002 0xf07f Jump   C Jalr;
    CMv       "c.mv"       CMv       0x8002 0xf003 Alu    C Add;
    CEbreak   "c.ebreak"   Fixed     0x9002 0xffff System C Ebreak;
    CJalr     "c.jalr"     CJalr     0x9002 0xf07f Jump   C Jalr;
    CAdd      "c.add"      CAdd      0x9002 0xf003 Alu    C Add;
    CSwsp     "c.swsp"     CSwsp     0xc002 0xe003 Store  C Sw;
    CSdsp     "c.sdsp"     CSdsp     0xe002 0xe003 Store  C Sd;
}

impl Opcode {
    /// This opcode's row in [`TABLE`].
    #[inline]
    pub fn spec(self) -> &'static InsnSpec {
        &TABLE[self as usize]
    }

    pub fn mnemonic(self) -> &'static str {
        self.spec().mnemonic
    }

    pub fn class(self) -> Class {
        self.spec().class
    }

    /// Every opcode, in table order.
    pub fn all() -> impl Iterator<Item = Opcode> {
        TABLE.iter().map(|s| s.op)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_are_in_opcode_order() {
        for (i, s) in TABLE.iter().enumerate() {
            assert_eq!(s.op as usize, i, "{} is out of place", s.mnemonic);
        }
        assert_eq!(TABLE.len(), OPCODE_COUNT);
    }

    #[test]
    fn matches_lie_inside_masks() {
        for s in TABLE {
            assert_eq!(s.matches & !s.mask, 0, "{}: match bits outside mask", s.mnemonic);
            if s.is_compressed() {
                assert_eq!(s.mask >> 16, 0, "{}", s.mnemonic);
            }
        }
    }

    #[test]
    fn compressed_rows_expand_to_base_rows() {
        for s in TABLE {
            let e = s.expands_to.spec();
            assert!(!e.is_compressed(), "{} expands to a compressed row", s.mnemonic);
            if !s.is_compressed() {
                assert_eq!(s.expands_to, s.op);
            }
        }
    }
}
