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
    /// Capability inspection and manipulation (never traps).
    Cap,
    /// Special capability register access (CSpecialRW).
    Scr,
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
    /// CHERI-RISC-V (spec §4.1).
    Xcheri,
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
    /// Whether the encoding means this instruction only in CHERI capability mode.
    pub mode: Mode,
}

/// The CHERI encoding mode (PCC.flags, spec §4.9) in which a row applies.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// In both modes (and without CHERI).
    Any,
    /// Only in capability mode, where it takes precedence over the row with the same
    /// encoding (AUIPCC over AUIPC, C.CLC over C.FLD…; spec §4.9: "try the capability-mode
    /// table first").
    Cap,
}

impl InsnSpec {
    /// True for 16-bit (RVC) encodings.
    pub const fn is_compressed(&self) -> bool {
        self.matches & 3 != 3
    }
}

macro_rules! instruction_table {
    ($( $op:ident $mnem:literal $fmt:ident $matches:literal $mask:literal $class:ident $ext:ident $exp:ident $mode:ident; )*) => {
        /// Every instruction capvm knows, one variant per row of [`TABLE`].
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u16)]
        pub enum Opcode { $($op),* }

        /// The rows as a constant, for facts derived at compile time ([`Opcode::row`]).
        const ROWS: [InsnSpec; OPCODE_COUNT] = [
            $( InsnSpec {
                op: Opcode::$op,
                mnemonic: $mnem,
                format: Format::$fmt,
                matches: $matches,
                mask: $mask,
                class: Class::$class,
                ext: Ext::$ext,
                expands_to: Opcode::$exp,
                mode: Mode::$mode,
            }, )*
        ];

        /// The instruction table, in decoding priority order.
        pub static TABLE: &[InsnSpec] = &ROWS;

        /// Every opcode, in table order (for tables built at compile time).
        pub const OPCODES: [Opcode; OPCODE_COUNT] = [$(Opcode::$op),*];

        /// The number of opcodes (the length of [`TABLE`]).
        pub const OPCODE_COUNT: usize = [$(Opcode::$op),*].len();
    };
}

instruction_table! {
    // ---- RV64I -----------------------------------------------------------------------------
    Lui     "lui"     U        0x00000037 0x0000007f Alu    I Lui Any;
    Auipc   "auipc"   U        0x00000017 0x0000007f Alu    I Auipc Any;
    Jal     "jal"     J        0x0000006f 0x0000007f Jump   I Jal Any;
    Jalr    "jalr"    I        0x00000067 0x0000707f Jump   I Jalr Any;
    Beq     "beq"     B        0x00000063 0x0000707f Branch I Beq Any;
    Bne     "bne"     B        0x00001063 0x0000707f Branch I Bne Any;
    Blt     "blt"     B        0x00004063 0x0000707f Branch I Blt Any;
    Bge     "bge"     B        0x00005063 0x0000707f Branch I Bge Any;
    Bltu    "bltu"    B        0x00006063 0x0000707f Branch I Bltu Any;
    Bgeu    "bgeu"    B        0x00007063 0x0000707f Branch I Bgeu Any;
    Lb      "lb"      I        0x00000003 0x0000707f Load   I Lb Any;
    Lh      "lh"      I        0x00001003 0x0000707f Load   I Lh Any;
    Lw      "lw"      I        0x00002003 0x0000707f Load   I Lw Any;
    Ld      "ld"      I        0x00003003 0x0000707f Load   I Ld Any;
    Lbu     "lbu"     I        0x00004003 0x0000707f Load   I Lbu Any;
    Lhu     "lhu"     I        0x00005003 0x0000707f Load   I Lhu Any;
    Lwu     "lwu"     I        0x00006003 0x0000707f Load   I Lwu Any;
    Sb      "sb"      S        0x00000023 0x0000707f Store  I Sb Any;
    Sh      "sh"      S        0x00001023 0x0000707f Store  I Sh Any;
    Sw      "sw"      S        0x00002023 0x0000707f Store  I Sw Any;
    Sd      "sd"      S        0x00003023 0x0000707f Store  I Sd Any;
    Addi    "addi"    I        0x00000013 0x0000707f Alu    I Addi Any;
    Slti    "slti"    I        0x00002013 0x0000707f Alu    I Slti Any;
    Sltiu   "sltiu"   I        0x00003013 0x0000707f Alu    I Sltiu Any;
    Xori    "xori"    I        0x00004013 0x0000707f Alu    I Xori Any;
    Ori     "ori"     I        0x00006013 0x0000707f Alu    I Ori Any;
    Andi    "andi"    I        0x00007013 0x0000707f Alu    I Andi Any;
    Slli    "slli"    Shift64  0x00001013 0xfc00707f Alu    I Slli Any;
    Srli    "srli"    Shift64  0x00005013 0xfc00707f Alu    I Srli Any;
    Srai    "srai"    Shift64  0x40005013 0xfc00707f Alu    I Srai Any;
    Add     "add"     R        0x00000033 0xfe00707f Alu    I Add Any;
    Sub     "sub"     R        0x40000033 0xfe00707f Alu    I Sub Any;
    Sll     "sll"     R        0x00001033 0xfe00707f Alu    I Sll Any;
    Slt     "slt"     R        0x00002033 0xfe00707f Alu    I Slt Any;
    Sltu    "sltu"    R        0x00003033 0xfe00707f Alu    I Sltu Any;
    Xor     "xor"     R        0x00004033 0xfe00707f Alu    I Xor Any;
    Srl     "srl"     R        0x00005033 0xfe00707f Alu    I Srl Any;
    Sra     "sra"     R        0x40005033 0xfe00707f Alu    I Sra Any;
    Or      "or"      R        0x00006033 0xfe00707f Alu    I Or Any;
    And     "and"     R        0x00007033 0xfe00707f Alu    I And Any;
    Addiw   "addiw"   I        0x0000001b 0x0000707f Alu    I Addiw Any;
    Slliw   "slliw"   Shift32  0x0000101b 0xfe00707f Alu    I Slliw Any;
    Srliw   "srliw"   Shift32  0x0000501b 0xfe00707f Alu    I Srliw Any;
    Sraiw   "sraiw"   Shift32  0x4000501b 0xfe00707f Alu    I Sraiw Any;
    Addw    "addw"    R        0x0000003b 0xfe00707f Alu    I Addw Any;
    Subw    "subw"    R        0x4000003b 0xfe00707f Alu    I Subw Any;
    Sllw    "sllw"    R        0x0000103b 0xfe00707f Alu    I Sllw Any;
    Srlw    "srlw"    R        0x0000503b 0xfe00707f Alu    I Srlw Any;
    Sraw    "sraw"    R        0x4000503b 0xfe00707f Alu    I Sraw Any;
    Fence   "fence"   Fence    0x0000000f 0x0000707f Fence  I Fence Any;
    Ecall   "ecall"   Fixed    0x00000073 0xffffffff System I Ecall Any;
    Ebreak  "ebreak"  Fixed    0x00100073 0xffffffff System I Ebreak Any;
    // ---- privileged ------------------------------------------------------------------------
    Mret    "mret"    Fixed    0x30200073 0xffffffff System I Mret Any;
    Wfi     "wfi"     Fixed    0x10500073 0xffffffff System I Wfi Any;
    // ---- Zifencei ----------------------------------------------------------------------------
    FenceI  "fence.i" FenceI   0x0000100f 0x0000707f Fence  Zifencei FenceI Any;
    // ---- Zicsr -------------------------------------------------------------------------------
    Csrrw   "csrrw"   Csr      0x00001073 0x0000707f Csr    Zicsr Csrrw Any;
    Csrrs   "csrrs"   Csr      0x00002073 0x0000707f Csr    Zicsr Csrrs Any;
    Csrrc   "csrrc"   Csr      0x00003073 0x0000707f Csr    Zicsr Csrrc Any;
    Csrrwi  "csrrwi"  CsrImm   0x00005073 0x0000707f Csr    Zicsr Csrrwi Any;
    Csrrsi  "csrrsi"  CsrImm   0x00006073 0x0000707f Csr    Zicsr Csrrsi Any;
    Csrrci  "csrrci"  CsrImm   0x00007073 0x0000707f Csr    Zicsr Csrrci Any;
    // ---- M -----------------------------------------------------------------------------------
    Mul     "mul"     R        0x02000033 0xfe00707f Mul    M Mul Any;
    Mulh    "mulh"    R        0x02001033 0xfe00707f Mul    M Mulh Any;
    Mulhsu  "mulhsu"  R        0x02002033 0xfe00707f Mul    M Mulhsu Any;
    Mulhu   "mulhu"   R        0x02003033 0xfe00707f Mul    M Mulhu Any;
    Div     "div"     R        0x02004033 0xfe00707f Div    M Div Any;
    Divu    "divu"    R        0x02005033 0xfe00707f Div    M Divu Any;
    Rem     "rem"     R        0x02006033 0xfe00707f Div    M Rem Any;
    Remu    "remu"    R        0x02007033 0xfe00707f Div    M Remu Any;
    Mulw    "mulw"    R        0x0200003b 0xfe00707f Mul    M Mulw Any;
    Divw    "divw"    R        0x0200403b 0xfe00707f Div    M Divw Any;
    Divuw   "divuw"   R        0x0200503b 0xfe00707f Div    M Divuw Any;
    Remw    "remw"    R        0x0200603b 0xfe00707f Div    M Remw Any;
    Remuw   "remuw"   R        0x0200703b 0xfe00707f Div    M Remuw Any;
    // ---- A -----------------------------------------------------------------------------------
    LrW      "lr.w"      Lr  0x1000202f 0xf9f0707f Amo A LrW Any;
    ScW      "sc.w"      Amo 0x1800202f 0xf800707f Amo A ScW Any;
    AmoswapW "amoswap.w" Amo 0x0800202f 0xf800707f Amo A AmoswapW Any;
    AmoaddW  "amoadd.w"  Amo 0x0000202f 0xf800707f Amo A AmoaddW Any;
    AmoxorW  "amoxor.w"  Amo 0x2000202f 0xf800707f Amo A AmoxorW Any;
    AmoandW  "amoand.w"  Amo 0x6000202f 0xf800707f Amo A AmoandW Any;
    AmoorW   "amoor.w"   Amo 0x4000202f 0xf800707f Amo A AmoorW Any;
    AmominW  "amomin.w"  Amo 0x8000202f 0xf800707f Amo A AmominW Any;
    AmomaxW  "amomax.w"  Amo 0xa000202f 0xf800707f Amo A AmomaxW Any;
    AmominuW "amominu.w" Amo 0xc000202f 0xf800707f Amo A AmominuW Any;
    AmomaxuW "amomaxu.w" Amo 0xe000202f 0xf800707f Amo A AmomaxuW Any;
    LrD      "lr.d"      Lr  0x1000302f 0xf9f0707f Amo A LrD Any;
    ScD      "sc.d"      Amo 0x1800302f 0xf800707f Amo A ScD Any;
    AmoswapD "amoswap.d" Amo 0x0800302f 0xf800707f Amo A AmoswapD Any;
    AmoaddD  "amoadd.d"  Amo 0x0000302f 0xf800707f Amo A AmoaddD Any;
    AmoxorD  "amoxor.d"  Amo 0x2000302f 0xf800707f Amo A AmoxorD Any;
    AmoandD  "amoand.d"  Amo 0x6000302f 0xf800707f Amo A AmoandD Any;
    AmoorD   "amoor.d"   Amo 0x4000302f 0xf800707f Amo A AmoorD Any;
    AmominD  "amomin.d"  Amo 0x8000302f 0xf800707f Amo A AmominD Any;
    AmomaxD  "amomax.d"  Amo 0xa000302f 0xf800707f Amo A AmomaxD Any;
    AmominuD "amominu.d" Amo 0xc000302f 0xf800707f Amo A AmominuD Any;
    AmomaxuD "amomaxu.d" Amo 0xe000302f 0xf800707f Amo A AmomaxuD Any;
    // ---- C (RV64C), quadrant 0 -------------------------------------------------------------
    CAddi4spn "c.addi4spn" CAddi4spn 0x0000 0xe003 Alu   C Addi Any;
    CLw       "c.lw"       CLw       0x4000 0xe003 Load  C Lw Any;
    CLd       "c.ld"       CLd       0x6000 0xe003 Load  C Ld Any;
    CSw       "c.sw"       CSw       0xc000 0xe003 Store C Sw Any;
    CSd       "c.sd"       CSd       0xe000 0xe003 Store C Sd Any;
    // ---- C, quadrant 1 ------------------------------------------------------------------------
    CNop      "c.nop"      CNop      0x0001 0xef83 Alu    C Addi Any;
    CAddi     "c.addi"     CAddi     0x0001 0xe003 Alu    C Addi Any;
    CAddiw    "c.addiw"    CAddiw    0x2001 0xe003 Alu    C Addiw Any;
    CLi       "c.li"       CLi       0x4001 0xe003 Alu    C Addi Any;
    CAddi16sp "c.addi16sp" CAddi16sp 0x6101 0xef83 Alu    C Addi Any;
    CLui      "c.lui"      CLui      0x6001 0xe003 Alu    C Lui Any;
    CSrli     "c.srli"     CShift    0x8001 0xec03 Alu    C Srli Any;
    CSrai     "c.srai"     CShift    0x8401 0xec03 Alu    C Srai Any;
    CAndi     "c.andi"     CAndi     0x8801 0xec03 Alu    C Andi Any;
    CSub      "c.sub"      CA        0x8c01 0xfc63 Alu    C Sub Any;
    CXor      "c.xor"      CA        0x8c21 0xfc63 Alu    C Xor Any;
    COr       "c.or"       CA        0x8c41 0xfc63 Alu    C Or Any;
    CAnd      "c.and"      CA        0x8c61 0xfc63 Alu    C And Any;
    CSubw     "c.subw"     CA        0x9c01 0xfc63 Alu    C Subw Any;
    CAddw     "c.addw"     CA        0x9c21 0xfc63 Alu    C Addw Any;
    CJ        "c.j"        CJ        0xa001 0xe003 Jump   C Jal Any;
    CBeqz     "c.beqz"     CB        0xc001 0xe003 Branch C Beq Any;
    CBnez     "c.bnez"     CB        0xe001 0xe003 Branch C Bne Any;
    // ---- C, quadrant 2 ------------------------------------------------------------------------
    CSlli     "c.slli"     CSlli     0x0002 0xe003 Alu    C Slli Any;
    CLwsp     "c.lwsp"     CLwsp     0x4002 0xe003 Load   C Lw Any;
    CLdsp     "c.ldsp"     CLdsp     0x6002 0xe003 Load   C Ld Any;
    CJr       "c.jr"       CJr       0x8002 0xf07f Jump   C Jalr Any;
    CMv       "c.mv"       CMv       0x8002 0xf003 Alu    C Add Any;
    CEbreak   "c.ebreak"   Fixed     0x9002 0xffff System C Ebreak Any;
    CJalr     "c.jalr"     CJalr     0x9002 0xf07f Jump   C Jalr Any;
    CAdd      "c.add"      CAdd      0x9002 0xf003 Alu    C Add Any;
    CSwsp     "c.swsp"     CSwsp     0xc002 0xe003 Store  C Sw Any;
    CSdsp     "c.sdsp"     CSdsp     0xe002 0xe003 Store  C Sd Any;
    // ---- Xcheri (spec §4.1): three-register group, funct7 selects --------------------------
    CSpecialRW      "cspecialrw"      Scr    0x0200005b 0xfe00707f Scr    Xcheri CSpecialRW Any;
    CSetBounds      "csetbounds"      R      0x1000005b 0xfe00707f Cap    Xcheri CSetBounds Any;
    CSetBoundsExact "csetboundsexact" R      0x1200005b 0xfe00707f Cap    Xcheri CSetBoundsExact Any;
    CSeal           "cseal"           R      0x1600005b 0xfe00707f Cap    Xcheri CSeal Any;
    CUnseal         "cunseal"         R      0x1800005b 0xfe00707f Cap    Xcheri CUnseal Any;
    CAndPerm        "candperm"        R      0x1a00005b 0xfe00707f Cap    Xcheri CAndPerm Any;
    CSetFlags       "csetflags"       R      0x1c00005b 0xfe00707f Cap    Xcheri CSetFlags Any;
    CSetOffset      "csetoffset"      R      0x1e00005b 0xfe00707f Cap    Xcheri CSetOffset Any;
    CSetAddr        "csetaddr"        R      0x2000005b 0xfe00707f Cap    Xcheri CSetAddr Any;
    CIncOffset      "cincoffset"      R      0x2200005b 0xfe00707f Cap    Xcheri CIncOffset Any;
    CToPtr          "ctoptr"          R      0x2400005b 0xfe00707f Cap    Xcheri CToPtr Any;
    CFromPtr        "cfromptr"        R      0x2600005b 0xfe00707f Cap    Xcheri CFromPtr Any;
    CSubCap         "csub"            R      0x2800005b 0xfe00707f Cap    Xcheri CSubCap Any;
    CSetHigh        "csethigh"        R      0x2c00005b 0xfe00707f Cap    Xcheri CSetHigh Any;
    CBuildCap       "cbuildcap"       R      0x3a00005b 0xfe00707f Cap    Xcheri CBuildCap Any;
    CCopyType       "ccopytype"       R      0x3c00005b 0xfe00707f Cap    Xcheri CCopyType Any;
    CCSeal          "ccseal"          R      0x3e00005b 0xfe00707f Cap    Xcheri CCSeal Any;
    CTestSubset     "ctestsubset"     R      0x4000005b 0xfe00707f Cap    Xcheri CTestSubset Any;
    CSetEqualExact  "csetequalexact"  R      0x4200005b 0xfe00707f Cap    Xcheri CSetEqualExact Any;
    CInvoke         "cinvoke"         RNoRd  0xfc0000db 0xfe007fff Jump   Xcheri CInvoke Any;
    // ---- Xcheri: two-operand group (funct7 0x7f, sub-op in the rs2 field) -----------------
    CGetPerm        "cgetperm"        R2     0xfe00005b 0xfff0707f Cap    Xcheri CGetPerm Any;
    CGetType        "cgettype"        R2     0xfe10005b 0xfff0707f Cap    Xcheri CGetType Any;
    CGetBase        "cgetbase"        R2     0xfe20005b 0xfff0707f Cap    Xcheri CGetBase Any;
    CGetLen         "cgetlen"         R2     0xfe30005b 0xfff0707f Cap    Xcheri CGetLen Any;
    CGetTag         "cgettag"         R2     0xfe40005b 0xfff0707f Cap    Xcheri CGetTag Any;
    CGetSealed      "cgetsealed"      R2     0xfe50005b 0xfff0707f Cap    Xcheri CGetSealed Any;
    CGetOffset      "cgetoffset"      R2     0xfe60005b 0xfff0707f Cap    Xcheri CGetOffset Any;
    CGetFlags       "cgetflags"       R2     0xfe70005b 0xfff0707f Cap    Xcheri CGetFlags Any;
    CRrl            "crrl"            R2     0xfe80005b 0xfff0707f Cap    Xcheri CRrl Any;
    CRam            "cram"            R2     0xfe90005b 0xfff0707f Cap    Xcheri CRam Any;
    CMove           "cmove"           R2     0xfea0005b 0xfff0707f Cap    Xcheri CMove Any;
    CClearTag       "ccleartag"       R2     0xfeb0005b 0xfff0707f Cap    Xcheri CClearTag Any;
    JalrCap         "jalr.cap"        R2     0xfec0005b 0xfff0707f Jump   Xcheri JalrCap Any;
    CClear          "cclear"          CClear 0xfee0005b 0xfff0707f Cap    Xcheri CClear Any;
    CGetAddr        "cgetaddr"        R2     0xfef0005b 0xfff0707f Cap    Xcheri CGetAddr Any;
    CSealEntry      "csealentry"      R2     0xff10005b 0xfff0707f Cap    Xcheri CSealEntry Any;
    CLoadTags       "cloadtags"       R2     0xff20005b 0xfff0707f Load   Xcheri CLoadTags Any;
    JalrPcc         "jalr.pcc"        R2     0xff40005b 0xfff0707f Jump   Xcheri JalrPcc Any;
    CGetHigh        "cgethigh"        R2     0xff70005b 0xfff0707f Cap    Xcheri CGetHigh Any;
    CGetTop         "cgettop"         R2     0xff80005b 0xfff0707f Cap    Xcheri CGetTop Any;
    // ---- Xcheri: immediates ----------------------------------------------------------------
    CIncOffsetImm   "cincoffsetimm"   I      0x0000105b 0x0000707f Cap    Xcheri CIncOffsetImm Any;
    CSetBoundsImm   "csetboundsimm"   IU     0x0000205b 0x0000707f Cap    Xcheri CSetBoundsImm Any;
    // ---- Xcheri: explicit-authority loads (funct7 0x7d, sub-op in rs2) ---------------------
    LbDdc    "lb.ddc"    R2 0xfa00005b 0xfff0707f Load Xcheri LbDdc Any;
    LhDdc    "lh.ddc"    R2 0xfa10005b 0xfff0707f Load Xcheri LhDdc Any;
    LwDdc    "lw.ddc"    R2 0xfa20005b 0xfff0707f Load Xcheri LwDdc Any;
    LdDdc    "ld.ddc"    R2 0xfa30005b 0xfff0707f Load Xcheri LdDdc Any;
    LbuDdc   "lbu.ddc"   R2 0xfa40005b 0xfff0707f Load Xcheri LbuDdc Any;
    LhuDdc   "lhu.ddc"   R2 0xfa50005b 0xfff0707f Load Xcheri LhuDdc Any;
    LwuDdc   "lwu.ddc"   R2 0xfa60005b 0xfff0707f Load Xcheri LwuDdc Any;
    LbCap    "lb.cap"    R2 0xfa80005b 0xfff0707f Load Xcheri LbCap Any;
    LhCap    "lh.cap"    R2 0xfa90005b 0xfff0707f Load Xcheri LhCap Any;
    LwCap    "lw.cap"    R2 0xfaa0005b 0xfff0707f Load Xcheri LwCap Any;
    LdCap    "ld.cap"    R2 0xfab0005b 0xfff0707f Load Xcheri LdCap Any;
    LbuCap   "lbu.cap"   R2 0xfac0005b 0xfff0707f Load Xcheri LbuCap Any;
    LhuCap   "lhu.cap"   R2 0xfad0005b 0xfff0707f Load Xcheri LhuCap Any;
    LwuCap   "lwu.cap"   R2 0xfae0005b 0xfff0707f Load Xcheri LwuCap Any;
    LrBDdc   "lr.b.ddc"  R2 0xfb00005b 0xfff0707f Amo  Xcheri LrBDdc Any;
    LrHDdc   "lr.h.ddc"  R2 0xfb10005b 0xfff0707f Amo  Xcheri LrHDdc Any;
    LrWDdc   "lr.w.ddc"  R2 0xfb20005b 0xfff0707f Amo  Xcheri LrWDdc Any;
    LrDDdc   "lr.d.ddc"  R2 0xfb30005b 0xfff0707f Amo  Xcheri LrDDdc Any;
    LrCDdc   "lr.c.ddc"  R2 0xfb40005b 0xfff0707f Amo  Xcheri LrCDdc Any;
    LcDdc    "lc.ddc"    R2 0xfb70005b 0xfff0707f Load Xcheri LcDdc Any;
    LrBCap   "lr.b.cap"  R2 0xfb80005b 0xfff0707f Amo  Xcheri LrBCap Any;
    LrHCap   "lr.h.cap"  R2 0xfb90005b 0xfff0707f Amo  Xcheri LrHCap Any;
    LrWCap   "lr.w.cap"  R2 0xfba0005b 0xfff0707f Amo  Xcheri LrWCap Any;
    LrDCap   "lr.d.cap"  R2 0xfbb0005b 0xfff0707f Amo  Xcheri LrDCap Any;
    LrCCap   "lr.c.cap"  R2 0xfbc0005b 0xfff0707f Amo  Xcheri LrCCap Any;
    LcCap    "lc.cap"    R2 0xfbf0005b 0xfff0707f Load Xcheri LcCap Any;
    // ---- Xcheri: explicit-authority stores (funct7 0x7c, sub-op in rd) ----------------------
    SbDdc    "sb.ddc"    RNoRd 0xf800005b 0xfe007fff Store Xcheri SbDdc Any;
    ShDdc    "sh.ddc"    RNoRd 0xf80000db 0xfe007fff Store Xcheri ShDdc Any;
    SwDdc    "sw.ddc"    RNoRd 0xf800015b 0xfe007fff Store Xcheri SwDdc Any;
    SdDdc    "sd.ddc"    RNoRd 0xf80001db 0xfe007fff Store Xcheri SdDdc Any;
    ScDdc    "sc.ddc"    RNoRd 0xf800025b 0xfe007fff Store Xcheri ScDdc Any;
    SbCap    "sb.cap"    RNoRd 0xf800045b 0xfe007fff Store Xcheri SbCap Any;
    ShCap    "sh.cap"    RNoRd 0xf80004db 0xfe007fff Store Xcheri ShCap Any;
    SwCap    "sw.cap"    RNoRd 0xf800055b 0xfe007fff Store Xcheri SwCap Any;
    SdCap    "sd.cap"    RNoRd 0xf80005db 0xfe007fff Store Xcheri SdCap Any;
    ScCap    "sc.cap"    RNoRd 0xf800065b 0xfe007fff Store Xcheri ScCap Any;
    ScBDdc   "sc.b.ddc"  RNoRd 0xf800085b 0xfe007fff Amo   Xcheri ScBDdc Any;
    ScHDdc   "sc.h.ddc"  RNoRd 0xf80008db 0xfe007fff Amo   Xcheri ScHDdc Any;
    ScWDdc   "sc.w.ddc"  RNoRd 0xf800095b 0xfe007fff Amo   Xcheri ScWDdc Any;
    ScDDdc   "sc.d.ddc"  RNoRd 0xf80009db 0xfe007fff Amo   Xcheri ScDDdc Any;
    ScCDdc   "sc.c.ddc"  RNoRd 0xf8000a5b 0xfe007fff Amo   Xcheri ScCDdc Any;
    ScBCap   "sc.b.cap"  RNoRd 0xf8000c5b 0xfe007fff Amo   Xcheri ScBCap Any;
    ScHCap   "sc.h.cap"  RNoRd 0xf8000cdb 0xfe007fff Amo   Xcheri ScHCap Any;
    ScWCap   "sc.w.cap"  RNoRd 0xf8000d5b 0xfe007fff Amo   Xcheri ScWCap Any;
    ScDCap   "sc.d.cap"  RNoRd 0xf8000ddb 0xfe007fff Amo   Xcheri ScDCap Any;
    ScCCap   "sc.c.cap"  RNoRd 0xf8000e5b 0xfe007fff Amo   Xcheri ScCCap Any;
    // ---- Xcheri: capability loads and stores in standard opcodes -------------------------
    Lc       "lc"        I   0x0000200f 0x0000707f Load  Xcheri Lc Any;
    Sc       "sc"        S   0x00004023 0x0000707f Store Xcheri Sc Any;
    LrC      "lr.c"      Lr  0x1000402f 0xf9f0707f Amo   Xcheri LrC Any;
    ScC      "sc.c"      Amo 0x1800402f 0xf800707f Amo   Xcheri ScC Any;
    AmoswapC "amoswap.c" Amo 0x0800402f 0xf800707f Amo   Xcheri AmoswapC Any;
    LrB      "lr.b"      Lr  0x1000002f 0xf9f0707f Amo   Xcheri LrB Any;
    LrH      "lr.h"      Lr  0x1000102f 0xf9f0707f Amo   Xcheri LrH Any;
    ScB      "sc.b"      Amo 0x1800002f 0xf800707f Amo   Xcheri ScB Any;
    ScH      "sc.h"      Amo 0x1800102f 0xf800707f Amo   Xcheri ScH Any;
    // ---- Xcheri: capability-mode meanings of standard encodings (spec §4.5, §4.9) -------
    Auipcc   "auipcc"    U   0x00000017 0x0000007f Alu   Xcheri Auipcc Cap;
    Cjal     "cjal"      J   0x0000006f 0x0000007f Jump  Xcheri Cjal Cap;
    Cjalr    "cjalr"     I   0x00000067 0x0000707f Jump  Xcheri Cjalr Cap;
    CCIncOffset4cspn "c.cincoffset4cspn" CAddi4spn 0x0000 0xe003 Cap   Xcheri CIncOffsetImm Cap;
    CClc             "c.clc"             CClc      0x2000 0xe003 Load  Xcheri Lc Cap;
    CCsc             "c.csc"             CCsc      0xa000 0xe003 Store Xcheri Sc Cap;
    CCIncOffset16csp "c.cincoffset16csp" CAddi16sp 0x6101 0xef83 Cap   Xcheri CIncOffsetImm Cap;
    CClcsp           "c.clcsp"           CClcsp    0x2002 0xe003 Load  Xcheri Lc Cap;
    CCjr             "c.cjr"             CJr       0x8002 0xf07f Jump  Xcheri Cjalr Cap;
    CCjalr           "c.cjalr"           CJalr     0x9002 0xf07f Jump  Xcheri Cjalr Cap;
    CCscsp           "c.cscsp"           CCscsp    0xa002 0xe003 Store Xcheri Sc Cap;
}

impl Opcode {
    /// This opcode's row in [`TABLE`].
    #[inline]
    pub fn spec(self) -> &'static InsnSpec {
        &TABLE[self as usize]
    }

    /// This opcode's row by value, for tables derived at compile time (`const` contexts; at
    /// run time use [`Opcode::spec`], which does not copy).
    pub const fn row(self) -> InsnSpec {
        ROWS[self as usize]
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
