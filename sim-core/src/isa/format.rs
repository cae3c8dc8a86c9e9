//! Operand formats: where each field of an instruction lives in its encoding.
//!
//! Every format decodes into the same [`Fields`] (rd, rs1, rs2, imm) and encodes back from them.
//! Compressed formats produce the fields of the base instruction they expand to (so `c.addi a0,
//! 3` gives rd = rs1 = a0, imm = 3), which lets the executor see only base instructions.
//!
//! `decode` returns `None` when a field value is reserved for the format (e.g. `c.lwsp` with rd =
//! x0); `encode` refuses exactly the same values, so `decode(encode(f)) == f` and
//! `encode(decode(w)) == w` for every accepted value. Immediate layouts follow the RISC-V
//! unprivileged spec (base formats: §2.3; RVC: "Compressed Instruction Formats").

/// The decoded operand fields. What `imm` means depends on the format (see [`Format`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct Fields {
    pub rd: u8,
    pub rs1: u8,
    pub rs2: u8,
    pub imm: i32,
}

/// The operand format of an instruction.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// rd, rs1, rs2.
    R,
    /// rd, rs1, imm = sign-extended 12 bits.
    I,
    /// rd, rs1, imm = shift amount 0..63.
    Shift64,
    /// rd, rs1, imm = shift amount 0..31.
    Shift32,
    /// rs1, rs2, imm = sign-extended 12 bits.
    S,
    /// rs1, rs2, imm = even branch offset in -4096..4094.
    B,
    /// rd, imm = the upper-immediate value itself (low 12 bits zero).
    U,
    /// rd, imm = even jump offset in -2^20..2^20-2.
    J,
    /// imm = fm << 8 | pred << 4 | succ. rd and rs1 are reserved and ignored.
    Fence,
    /// No operands; the reserved rd/rs1/imm fields are ignored.
    FenceI,
    /// No operands: every bit is fixed.
    Fixed,
    /// rd, rs1, imm = CSR number (0..4095).
    Csr,
    /// rd, rs1 = 5-bit unsigned immediate, imm = CSR number.
    CsrImm,
    /// rd, rs1, rs2, imm = aq << 1 | rl.
    Amo,
    /// rd, rs1, imm = aq << 1 | rl (rs2 is fixed at 0).
    Lr,
    // ---- Xcheri ----------------------------------------------------------------------------------
    /// CSpecialRW: rd, rs1, imm = the SCR number (in the rs2 field).
    Scr,
    /// rd, rs1 (the rs2 field holds a fixed sub-opcode).
    R2,
    /// rs1, rs2 (the rd field holds a fixed sub-opcode).
    RNoRd,
    /// rd, rs1, imm = zero-extended 12 bits (CSetBoundsImm).
    IU,
    /// CClear: imm = q << 8 | mask (q in bits 19:18, mask[7:5] in 17:15, mask[4:0] in 11:7).
    CClear,
    /// C.CLC/C.CSC (the RV128 C.LQ/C.SQ layout): uimm[5:4|8] = inst[12:11|10], uimm[7:6] = inst[6:5].
    CClc,
    CCsc,
    /// C.CLCSP (C.LQSP layout): uimm[5] = inst[12], uimm[4|9:6] = inst[6|5:2]; cd ≠ 0.
    CClcsp,
    /// C.CSCSP (C.SQSP layout): uimm[5:4|9:6] = inst[12:11|10:7].
    CCscsp,
    // ---- RVC -----------------------------------------------------------------------------------
    CAddi4spn,
    CLw,
    CLd,
    CSw,
    CSd,
    CNop,
    CAddi,
    CAddiw,
    CLi,
    CAddi16sp,
    CLui,
    CShift,
    CAndi,
    CA,
    CJ,
    CB,
    CSlli,
    CLwsp,
    CLdsp,
    CJr,
    CMv,
    CJalr,
    CAdd,
    CSwsp,
    CSdsp,
}

#[inline(always)]
const fn bits(w: u32, hi: u32, lo: u32) -> u32 {
    (w >> lo) & ((1u32 << (hi - lo + 1)) - 1)
}

#[inline(always)]
const fn bit(w: u32, b: u32) -> u32 {
    (w >> b) & 1
}

#[inline(always)]
const fn sext(value: u32, width: u32) -> i32 {
    ((value << (32 - width)) as i32) >> (32 - width)
}

#[inline(always)]
fn rd(w: u32) -> u8 {
    bits(w, 11, 7) as u8
}
#[inline(always)]
fn rs1(w: u32) -> u8 {
    bits(w, 19, 15) as u8
}
#[inline(always)]
fn rs2(w: u32) -> u8 {
    bits(w, 24, 20) as u8
}
/// The 3-bit "prime" register fields of RVC name x8..x15.
#[inline(always)]
fn creg(w: u32, lo: u32) -> u8 {
    bits(w, lo + 2, lo) as u8 + 8
}

fn is_creg(r: u8) -> bool {
    (8..16).contains(&r)
}

/// The 3-bit field for x8..x15. Callers check `is_creg` first; other values give garbage
/// bits (never a panic) because `encode` builds the word before it looks at the check.
fn creg_bits(r: u8) -> u32 {
    r.wrapping_sub(8) as u32 & 7
}

fn fits_signed(v: i32, width: u32) -> bool {
    let lim = 1i64 << (width - 1);
    (-lim..lim).contains(&(v as i64))
}

fn fits_unsigned(v: i32, width: u32) -> bool {
    v >= 0 && (v as i64) < (1i64 << width)
}

fn aligned(v: i32, to: i32) -> bool {
    v % to == 0
}

/// The CI-format 6-bit immediate: imm[5] = inst[12], imm[4:0] = inst[6:2].
fn ci_imm(w: u32) -> u32 {
    bit(w, 12) << 5 | bits(w, 6, 2)
}

fn ci_imm_bits(v: u32) -> u32 {
    bit(v, 5) << 12 | bits(v, 4, 0) << 2
}

fn f(rd: u8, rs1: u8, rs2: u8, imm: i32) -> Fields {
    Fields { rd, rs1, rs2, imm }
}

impl Format {
    /// Extracts the fields of `w`, or `None` if they hold a reserved value for this format.
    pub fn decode(self, w: u32) -> Option<Fields> {
        use Format::*;
        Some(match self {
            R => f(rd(w), rs1(w), rs2(w), 0),
            I => f(rd(w), rs1(w), 0, sext(bits(w, 31, 20), 12)),
            Shift64 => f(rd(w), rs1(w), 0, bits(w, 25, 20) as i32),
            Shift32 => f(rd(w), rs1(w), 0, bits(w, 24, 20) as i32),
            S => f(0, rs1(w), rs2(w), sext(bits(w, 31, 25) << 5 | bits(w, 11, 7), 12)),
            B => {
                let v = bit(w, 31) << 12 | bit(w, 7) << 11 | bits(w, 30, 25) << 5 | bits(w, 11, 8) << 1;
                f(0, rs1(w), rs2(w), sext(v, 13))
            }
            U => f(rd(w), 0, 0, (w & 0xffff_f000) as i32),
            J => {
                let v = bit(w, 31) << 20 | bits(w, 19, 12) << 12 | bit(w, 20) << 11 | bits(w, 30, 21) << 1;
                f(rd(w), 0, 0, sext(v, 21))
            }
            Fence => f(0, 0, 0, bits(w, 31, 20) as i32),
            FenceI | Fixed => Fields::default(),
            Csr => f(rd(w), rs1(w), 0, bits(w, 31, 20) as i32),
            CsrImm => f(rd(w), rs1(w), 0, bits(w, 31, 20) as i32),
            Amo => f(rd(w), rs1(w), rs2(w), bits(w, 26, 25) as i32),
            Lr => f(rd(w), rs1(w), 0, bits(w, 26, 25) as i32),
            Scr => f(rd(w), rs1(w), 0, bits(w, 24, 20) as i32),
            R2 => f(rd(w), rs1(w), 0, 0),
            RNoRd => f(0, rs1(w), rs2(w), 0),
            IU => f(rd(w), rs1(w), 0, bits(w, 31, 20) as i32),
            CClear => f(0, 0, 0, (bits(w, 19, 18) << 8 | bits(w, 17, 15) << 5 | bits(w, 11, 7)) as i32),
            CClc => f(creg(w, 2), creg(w, 7), 0, clq_imm(w) as i32),
            CCsc => f(0, creg(w, 7), creg(w, 2), clq_imm(w) as i32),
            CClcsp => {
                let r = rd(w);
                if r == 0 {
                    return None;
                }
                let v = bit(w, 12) << 5 | bit(w, 6) << 4 | bits(w, 5, 2) << 6;
                f(r, 2, 0, v as i32)
            }
            CCscsp => {
                let v = bits(w, 12, 11) << 4 | bits(w, 10, 7) << 6;
                f(0, 2, bits(w, 6, 2) as u8, v as i32)
            }
            CAddi4spn => {
                let v = bits(w, 12, 11) << 4 | bits(w, 10, 7) << 6 | bit(w, 6) << 2 | bit(w, 5) << 3;
                if v == 0 {
                    return None;
                }
                f(creg(w, 2), 2, 0, v as i32)
            }
            CLw => f(creg(w, 2), creg(w, 7), 0, clw_imm(w) as i32),
            CLd => f(creg(w, 2), creg(w, 7), 0, cld_imm(w) as i32),
            CSw => f(0, creg(w, 7), creg(w, 2), clw_imm(w) as i32),
            CSd => f(0, creg(w, 7), creg(w, 2), cld_imm(w) as i32),
            CNop => f(0, 0, 0, sext(ci_imm(w), 6)),
            CAddi => {
                let r = rd(w);
                if r == 0 {
                    return None;
                }
                f(r, r, 0, sext(ci_imm(w), 6))
            }
            CAddiw => {
                let r = rd(w);
                if r == 0 {
                    return None;
                }
                f(r, r, 0, sext(ci_imm(w), 6))
            }
            CLi => f(rd(w), 0, 0, sext(ci_imm(w), 6)),
            CAddi16sp => {
                let v = bit(w, 12) << 9 | bit(w, 6) << 4 | bit(w, 5) << 6 | bits(w, 4, 3) << 7 | bit(w, 2) << 5;
                if v == 0 {
                    return None;
                }
                f(2, 2, 0, sext(v, 10))
            }
            CLui => {
                let r = rd(w);
                let v = ci_imm(w);
                if r == 2 || v == 0 {
                    return None;
                }
                f(r, 0, 0, sext(v, 6) << 12)
            }
            CShift => {
                let r = creg(w, 7);
                f(r, r, 0, ci_imm(w) as i32)
            }
            CAndi => {
                let r = creg(w, 7);
                f(r, r, 0, sext(ci_imm(w), 6))
            }
            CA => {
                let r = creg(w, 7);
                f(r, r, creg(w, 2), 0)
            }
            CJ => {
                let v = bit(w, 12) << 11
                    | bit(w, 11) << 4
                    | bits(w, 10, 9) << 8
                    | bit(w, 8) << 10
                    | bit(w, 7) << 6
                    | bit(w, 6) << 7
                    | bits(w, 5, 3) << 1
                    | bit(w, 2) << 5;
                f(0, 0, 0, sext(v, 12))
            }
            CB => {
                let v =
                    bit(w, 12) << 8 | bits(w, 11, 10) << 3 | bits(w, 6, 5) << 6 | bits(w, 4, 3) << 1 | bit(w, 2) << 5;
                f(0, creg(w, 7), 0, sext(v, 9))
            }
            CSlli => {
                let r = rd(w);
                f(r, r, 0, ci_imm(w) as i32)
            }
            CLwsp => {
                let r = rd(w);
                if r == 0 {
                    return None;
                }
                let v = bit(w, 12) << 5 | bits(w, 6, 4) << 2 | bits(w, 3, 2) << 6;
                f(r, 2, 0, v as i32)
            }
            CLdsp => {
                let r = rd(w);
                if r == 0 {
                    return None;
                }
                let v = bit(w, 12) << 5 | bits(w, 6, 5) << 3 | bits(w, 4, 2) << 6;
                f(r, 2, 0, v as i32)
            }
            CJr => {
                let r = rd(w);
                if r == 0 {
                    return None;
                }
                f(0, r, 0, 0)
            }
            CMv => {
                let s = bits(w, 6, 2) as u8;
                if s == 0 {
                    return None;
                }
                f(rd(w), 0, s, 0)
            }
            CJalr => {
                let r = rd(w);
                if r == 0 {
                    return None;
                }
                f(1, r, 0, 0)
            }
            CAdd => {
                let r = rd(w);
                let s = bits(w, 6, 2) as u8;
                if s == 0 {
                    return None;
                }
                f(r, r, s, 0)
            }
            CSwsp => {
                let v = bits(w, 12, 9) << 2 | bits(w, 8, 7) << 6;
                f(0, 2, bits(w, 6, 2) as u8, v as i32)
            }
            CSdsp => {
                let v = bits(w, 12, 10) << 3 | bits(w, 9, 7) << 6;
                f(0, 2, bits(w, 6, 2) as u8, v as i32)
            }
        })
    }

    /// The operand bits of `x` in this format (to be ORed with the table's match bits), or
    /// `None` if a field is out of range or reserved for the format.
    pub fn encode(self, x: &Fields) -> Option<u32> {
        use Format::*;
        let Fields { rd, rs1, rs2, imm } = *x;
        if rd > 31 || rs1 > 31 || rs2 > 31 {
            return None;
        }
        let (d, s1, s2) = (rd as u32, rs1 as u32, rs2 as u32);
        let u = imm as u32;
        let only = |ok: bool, v: u32| ok.then_some(v);
        match self {
            R => only(imm == 0, d << 7 | s1 << 15 | s2 << 20),
            I => only(rs2 == 0 && fits_signed(imm, 12), d << 7 | s1 << 15 | (u & 0xfff) << 20),
            Shift64 => only(rs2 == 0 && fits_unsigned(imm, 6), d << 7 | s1 << 15 | u << 20),
            Shift32 => only(rs2 == 0 && fits_unsigned(imm, 5), d << 7 | s1 << 15 | u << 20),
            S => only(rd == 0 && fits_signed(imm, 12), bits(u, 4, 0) << 7 | s1 << 15 | s2 << 20 | bits(u, 11, 5) << 25),
            B => only(
                rd == 0 && fits_signed(imm, 13) && aligned(imm, 2),
                bit(u, 11) << 7 | bits(u, 4, 1) << 8 | s1 << 15 | s2 << 20 | bits(u, 10, 5) << 25 | bit(u, 12) << 31,
            ),
            U => only(rs1 == 0 && rs2 == 0 && u & 0xfff == 0, d << 7 | (u & 0xffff_f000)),
            J => only(
                rs1 == 0 && rs2 == 0 && fits_signed(imm, 21) && aligned(imm, 2),
                d << 7 | bits(u, 19, 12) << 12 | bit(u, 11) << 20 | bits(u, 10, 1) << 21 | bit(u, 20) << 31,
            ),
            Fence => only(rd == 0 && rs1 == 0 && rs2 == 0 && fits_unsigned(imm, 12), u << 20),
            FenceI | Fixed => only(rd == 0 && rs1 == 0 && rs2 == 0 && imm == 0, 0),
            Csr | CsrImm => only(rs2 == 0 && fits_unsigned(imm, 12), d << 7 | s1 << 15 | u << 20),
            Amo => only(fits_unsigned(imm, 2), d << 7 | s1 << 15 | s2 << 20 | u << 25),
            Lr => only(rs2 == 0 && fits_unsigned(imm, 2), d << 7 | s1 << 15 | u << 25),
            Scr => only(rs2 == 0 && fits_unsigned(imm, 5), d << 7 | s1 << 15 | u << 20),
            R2 => only(rs2 == 0 && imm == 0, d << 7 | s1 << 15),
            RNoRd => only(rd == 0 && imm == 0, s1 << 15 | s2 << 20),
            IU => only(rs2 == 0 && fits_unsigned(imm, 12), d << 7 | s1 << 15 | u << 20),
            CClear => only(
                rd == 0 && rs1 == 0 && rs2 == 0 && fits_unsigned(imm, 10),
                bits(u, 9, 8) << 18 | bits(u, 7, 5) << 15 | bits(u, 4, 0) << 7,
            ),
            CClc => only(
                is_creg(rd) && is_creg(rs1) && rs2 == 0 && fits_unsigned(imm, 9) && aligned(imm, 16),
                creg_bits(rd) << 2 | creg_bits(rs1) << 7 | clq_imm_bits(u),
            ),
            CCsc => only(
                rd == 0 && is_creg(rs1) && is_creg(rs2) && fits_unsigned(imm, 9) && aligned(imm, 16),
                creg_bits(rs2) << 2 | creg_bits(rs1) << 7 | clq_imm_bits(u),
            ),
            CClcsp => only(
                rd != 0 && rs1 == 2 && rs2 == 0 && fits_unsigned(imm, 10) && aligned(imm, 16),
                d << 7 | bit(u, 5) << 12 | bit(u, 4) << 6 | bits(u, 9, 6) << 2,
            ),
            CCscsp => only(
                rd == 0 && rs1 == 2 && fits_unsigned(imm, 10) && aligned(imm, 16),
                s2 << 2 | bits(u, 5, 4) << 11 | bits(u, 9, 6) << 7,
            ),
            CAddi4spn => only(
                is_creg(rd) && rs1 == 2 && rs2 == 0 && imm > 0 && fits_unsigned(imm, 10) && aligned(imm, 4),
                creg_bits(rd) << 2 | bits(u, 5, 4) << 11 | bits(u, 9, 6) << 7 | bit(u, 2) << 6 | bit(u, 3) << 5,
            ),
            CLw => only(
                is_creg(rd) && is_creg(rs1) && rs2 == 0 && fits_unsigned(imm, 7) && aligned(imm, 4),
                creg_bits(rd) << 2 | creg_bits(rs1) << 7 | clw_imm_bits(u),
            ),
            CLd => only(
                is_creg(rd) && is_creg(rs1) && rs2 == 0 && fits_unsigned(imm, 8) && aligned(imm, 8),
                creg_bits(rd) << 2 | creg_bits(rs1) << 7 | cld_imm_bits(u),
            ),
            CSw => only(
                rd == 0 && is_creg(rs1) && is_creg(rs2) && fits_unsigned(imm, 7) && aligned(imm, 4),
                creg_bits(rs2) << 2 | creg_bits(rs1) << 7 | clw_imm_bits(u),
            ),
            CSd => only(
                rd == 0 && is_creg(rs1) && is_creg(rs2) && fits_unsigned(imm, 8) && aligned(imm, 8),
                creg_bits(rs2) << 2 | creg_bits(rs1) << 7 | cld_imm_bits(u),
            ),
            CNop => only(rd == 0 && rs1 == 0 && rs2 == 0 && fits_signed(imm, 6), ci_imm_bits(u)),
            CAddi | CAddiw => only(rd != 0 && rs1 == rd && rs2 == 0 && fits_signed(imm, 6), d << 7 | ci_imm_bits(u)),
            CLi => only(rs1 == 0 && rs2 == 0 && fits_signed(imm, 6), d << 7 | ci_imm_bits(u)),
            CAddi16sp => only(
                rd == 2 && rs1 == 2 && rs2 == 0 && imm != 0 && fits_signed(imm, 10) && aligned(imm, 16),
                bit(u, 9) << 12 | bit(u, 4) << 6 | bit(u, 6) << 5 | bits(u, 8, 7) << 3 | bit(u, 5) << 2,
            ),
            CLui => {
                let v = imm >> 12;
                only(
                    rd != 2 && rs1 == 0 && rs2 == 0 && u & 0xfff == 0 && v != 0 && fits_signed(v, 6),
                    d << 7 | ci_imm_bits(v as u32),
                )
            }
            CShift => {
                only(is_creg(rd) && rs1 == rd && rs2 == 0 && fits_unsigned(imm, 6), creg_bits(rd) << 7 | ci_imm_bits(u))
            }
            CAndi => {
                only(is_creg(rd) && rs1 == rd && rs2 == 0 && fits_signed(imm, 6), creg_bits(rd) << 7 | ci_imm_bits(u))
            }
            CA => only(is_creg(rd) && rs1 == rd && is_creg(rs2) && imm == 0, creg_bits(rd) << 7 | creg_bits(rs2) << 2),
            CJ => only(
                rd == 0 && rs1 == 0 && rs2 == 0 && fits_signed(imm, 12) && aligned(imm, 2),
                bit(u, 11) << 12
                    | bit(u, 4) << 11
                    | bits(u, 9, 8) << 9
                    | bit(u, 10) << 8
                    | bit(u, 6) << 7
                    | bit(u, 7) << 6
                    | bits(u, 3, 1) << 3
                    | bit(u, 5) << 2,
            ),
            CB => only(
                rd == 0 && is_creg(rs1) && rs2 == 0 && fits_signed(imm, 9) && aligned(imm, 2),
                creg_bits(rs1) << 7
                    | bit(u, 8) << 12
                    | bits(u, 4, 3) << 10
                    | bits(u, 7, 6) << 5
                    | bits(u, 2, 1) << 3
                    | bit(u, 5) << 2,
            ),
            CSlli => only(rs1 == rd && rs2 == 0 && fits_unsigned(imm, 6), d << 7 | ci_imm_bits(u)),
            CLwsp => only(
                rd != 0 && rs1 == 2 && rs2 == 0 && fits_unsigned(imm, 8) && aligned(imm, 4),
                d << 7 | bit(u, 5) << 12 | bits(u, 4, 2) << 4 | bits(u, 7, 6) << 2,
            ),
            CLdsp => only(
                rd != 0 && rs1 == 2 && rs2 == 0 && fits_unsigned(imm, 9) && aligned(imm, 8),
                d << 7 | bit(u, 5) << 12 | bits(u, 4, 3) << 5 | bits(u, 8, 6) << 2,
            ),
            CJr => only(rd == 0 && rs1 != 0 && rs2 == 0 && imm == 0, s1 << 7),
            CMv => only(rs1 == 0 && rs2 != 0 && imm == 0, d << 7 | s2 << 2),
            CJalr => only(rd == 1 && rs1 != 0 && rs2 == 0 && imm == 0, s1 << 7),
            CAdd => only(rs1 == rd && rs2 != 0 && imm == 0, d << 7 | s2 << 2),
            CSwsp => only(
                rd == 0 && rs1 == 2 && fits_unsigned(imm, 8) && aligned(imm, 4),
                s2 << 2 | bits(u, 5, 2) << 9 | bits(u, 7, 6) << 7,
            ),
            CSdsp => only(
                rd == 0 && rs1 == 2 && fits_unsigned(imm, 9) && aligned(imm, 8),
                s2 << 2 | bits(u, 5, 3) << 10 | bits(u, 8, 6) << 7,
            ),
        }
    }
}

/// c.clc/c.csc: uimm[5:4] = inst[12:11], uimm[8] = inst[10], uimm[7:6] = inst[6:5].
fn clq_imm(w: u32) -> u32 {
    bits(w, 12, 11) << 4 | bit(w, 10) << 8 | bits(w, 6, 5) << 6
}
fn clq_imm_bits(v: u32) -> u32 {
    bits(v, 5, 4) << 11 | bit(v, 8) << 10 | bits(v, 7, 6) << 5
}
/// c.lw/c.sw: uimm[5:3] = inst[12:10], uimm[2] = inst[6], uimm[6] = inst[5].
fn clw_imm(w: u32) -> u32 {
    bits(w, 12, 10) << 3 | bit(w, 6) << 2 | bit(w, 5) << 6
}
fn clw_imm_bits(v: u32) -> u32 {
    bits(v, 5, 3) << 10 | bit(v, 2) << 6 | bit(v, 6) << 5
}
/// c.ld/c.sd: uimm[5:3] = inst[12:10], uimm[7:6] = inst[6:5].
fn cld_imm(w: u32) -> u32 {
    bits(w, 12, 10) << 3 | bits(w, 6, 5) << 6
}
fn cld_imm_bits(v: u32) -> u32 {
    bits(v, 5, 3) << 10 | bits(v, 7, 6) << 5
}
