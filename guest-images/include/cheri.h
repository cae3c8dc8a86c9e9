/*
 * cheri.h - the CHERI-RISC-V instructions (ISA v9, RV64, 128-bit capabilities) as `.insn`
 * macros for GNU as 2.40, which does not know CHERI. Encodings: spec/cheri-riscv.md §4.1.
 *
 * One definition per instruction, a C-preprocessor macro that expands to one `.insn` line:
 *
 *   assembly (.S):   CSETBOUNDS(a0, a1, a2)            // csetbounds ca0, ca1, a2
 *                    LC(s1, 16, sp)                    // lc cs1, 16(sp)  (integer mode: via DDC)
 *   C:               __asm__ volatile(CHERI_ASM(CGETBASE(%0, %1)) : "=r"(b) : "r"(x));
 *                    (CHERI_ASM expands the macro, then makes a string of it)
 *
 * Register conventions: capability register cN is integer register xN (merged register file,
 * spec §4.0), so operands are written with the integer names (x0..x31 or the ABI names:
 * `a0` means ca0). c0 reads as NULL, except where noted (cs1 = c0 means DDC for CBUILDCAP,
 * CFROMPTR, CTESTSUBSET and cs2 = c0 for CTOPTR; cs1 = c0 means "no write" for CSPECIALRW).
 * Operand order is the assembler order of the CHERI spec: destination first.
 *
 * Caveat for C: a non-CHERI compiler moves, spills and restores registers with integer
 * instructions, which strip tags (spec §9.21). A capability survives only inside one asm
 * statement (or in registers the compiler does not touch); the static inline helpers at the
 * end of this file are written that way.
 *
 * Capability-mode instructions that reuse standard encodings (AUIPCC = AUIPC, CJAL = JAL,
 * CJALR = JALR, capability-relative loads/stores = the standard ones) are given as aliases
 * below so that code says what it means; they only have the capability meaning when
 * PCC.flags = 1 (spec §4.8.1, §4.10). The compressed capability loads/stores (C.CLC, C.CSC,
 * C.CLCSP, C.CSCSP) take register numbers, see their section.
 *
 * Explicit-authority stores (SB_DDC … SC_C_CAP) take (data, address), like the CHERI
 * assembler's "sb.ddc rs2, (rs1)"; the SC.x forms write their 0/1 flag over the data register.
 *
 * In assembly the same instructions also exist as GNU as macros named as the CHERI
 * assembler names them (lower case, '.' for '_': `cgetbase a0, s1`, `lc s1, 16(sp)`,
 * `sc.c.ddc a2, a1`, `jalr.cap ra, a1`); see the __ASSEMBLER__ section. all_insns.S
 * assembles every macro in both spellings and lists the word each one gives.
 *
 * Sections: three-register group (§4.1 funct7 table, §4.3, §4.4, §4.6), immediate forms,
 * two-operand group (§4.2, §4.3, §4.5, §4.7, §4.8.4), CClear/FPClear, CInvoke (§4.5),
 * explicit loads and stores (§4.8.3), LC/SC (§4.8.2), capability atomics (§4.8.1),
 * capability-mode aliases (§4.5, §4.10), compressed capability-mode forms (§4.9).
 */
#ifndef CHERI_H
#define CHERI_H

/* Expand a macro of this file, then stringify it (for C inline assembly). */
#define CHERI_STR_(...) #__VA_ARGS__
#define CHERI_ASM(...)  CHERI_STR_(__VA_ARGS__) "\n"

#define CHERI_OPCODE 0x5b                     /* custom-2, every 0x5B instruction */

/* ---- Special capability register numbers (CSpecialRW rs2 field), spec §4.6 ---- */
#define SCR_PCC        0
#define SCR_DDC        1
#define SCR_UTCC       4
#define SCR_UTDC       5
#define SCR_USCRATCHC  6
#define SCR_UEPCC      7
#define SCR_STCC       12
#define SCR_STDC       13
#define SCR_SSCRATCHC  14
#define SCR_SEPCC      15
#define SCR_MTCC       28
#define SCR_MTDC       29
#define SCR_MSCRATCHC  30
#define SCR_MEPCC      31

/* ---- Permission bits as CGetPerm/CAndPerm see them, spec §2 ---- */
#define PERM_GLOBAL            (1 << 0)
#define PERM_EXECUTE           (1 << 1)
#define PERM_LOAD              (1 << 2)
#define PERM_STORE             (1 << 3)
#define PERM_LOAD_CAP          (1 << 4)
#define PERM_STORE_CAP         (1 << 5)
#define PERM_STORE_LOCAL_CAP   (1 << 6)
#define PERM_SEAL              (1 << 7)
#define PERM_CINVOKE           (1 << 8)
#define PERM_UNSEAL            (1 << 9)
#define PERM_ACCESS_SYS_REGS   (1 << 10)
#define PERM_SET_CID           (1 << 11)
#define PERM_HW_ALL            0xfff
#define PERM_USER_ALL          (0xf << 15)
#define PERM_ALL               (PERM_HW_ALL | PERM_USER_ALL)   /* root: 0x78fff */

/* ---- Object types (CGetType view), spec §3 ---- */
#define OTYPE_UNSEALED   (-1)
#define OTYPE_SENTRY     (-2)
#define OTYPE_MAX        0x3fffb

/* ---- Exceptions, spec §5 ---- */
#define CAUSE_LOAD_CAP_PAGE_FAULT   26
#define CAUSE_STORE_CAP_PAGE_FAULT  27
#define CAUSE_CHERI                 28
/* CapEx codes: mtval = (cap_idx << 5) | code; cap_idx 0x20 | scr for special registers. */
#define CAPEX_NONE                0x00
#define CAPEX_LENGTH              0x01
#define CAPEX_TAG                 0x02
#define CAPEX_SEAL                0x03
#define CAPEX_TYPE                0x04
#define CAPEX_USERDEF             0x08
#define CAPEX_UNALIGNED_BASE      0x0b
#define CAPEX_GLOBAL              0x10
#define CAPEX_PERMIT_EXECUTE      0x11
#define CAPEX_PERMIT_LOAD         0x12
#define CAPEX_PERMIT_STORE        0x13
#define CAPEX_PERMIT_LOAD_CAP     0x14
#define CAPEX_PERMIT_STORE_CAP    0x15
#define CAPEX_PERMIT_STORE_LOCAL  0x16
#define CAPEX_ACCESS_SYS_REGS     0x18
#define CAPEX_PERMIT_CINVOKE      0x19
#define CAPEX_PERMIT_SET_CID      0x1c
#define CAP_IDX_PCC               0x20
#define CAP_IDX_DDC               0x21
#define CHERI_TVAL(idx, code)     (((idx) << 5) | (code))

/* =======================================================================================
 * Three-register group: R-type, opcode 0x5B, funct3 000, funct7 selects (spec §4.1, §4.3,
 * §4.4, §4.6). The rs2 field of CSPECIALRW is the SCR number, written as a register
 * name (x28 = MTCC); use the CSPECIALRW_<name> forms below.
 * ======================================================================================= */
#define CHERI_R(f7, rd, rs1, rs2)  .insn r CHERI_OPCODE, 0, f7, rd, rs1, rs2

#define CSPECIALRW(cd, scrx, cs1)  CHERI_R(0x01, cd, cs1, scrx)   /* scrx: x0..x31 */
#define CSETBOUNDS(cd, cs1, rs2)       CHERI_R(0x08, cd, cs1, rs2)
#define CSETBOUNDSEXACT(cd, cs1, rs2)  CHERI_R(0x09, cd, cs1, rs2)
#define CSEAL(cd, cs1, cs2)            CHERI_R(0x0b, cd, cs1, cs2)
#define CUNSEAL(cd, cs1, cs2)          CHERI_R(0x0c, cd, cs1, cs2)
#define CANDPERM(cd, cs1, rs2)         CHERI_R(0x0d, cd, cs1, rs2)
#define CSETFLAGS(cd, cs1, rs2)        CHERI_R(0x0e, cd, cs1, rs2)
#define CSETOFFSET(cd, cs1, rs2)       CHERI_R(0x0f, cd, cs1, rs2)
#define CSETADDR(cd, cs1, rs2)         CHERI_R(0x10, cd, cs1, rs2)
#define CINCOFFSET(cd, cs1, rs2)       CHERI_R(0x11, cd, cs1, rs2)
#define CTOPTR(rd, cs1, cs2)           CHERI_R(0x12, rd, cs1, cs2)  /* cs2 = c0: DDC */
#define CFROMPTR(cd, cs1, rs2)         CHERI_R(0x13, cd, cs1, rs2)  /* cs1 = c0: DDC */
#define CSUB(rd, cs1, cs2)             CHERI_R(0x14, rd, cs1, cs2)
#define CSETHIGH(cd, cs1, rs2)         CHERI_R(0x16, cd, cs1, rs2)
#define CBUILDCAP(cd, cs1, cs2)        CHERI_R(0x1d, cd, cs1, cs2)  /* cs1 = c0: DDC */
#define CCOPYTYPE(cd, cs1, cs2)        CHERI_R(0x1e, cd, cs1, cs2)
#define CCSEAL(cd, cs1, cs2)           CHERI_R(0x1f, cd, cs1, cs2)
#define CTESTSUBSET(rd, cs1, cs2)      CHERI_R(0x20, rd, cs1, cs2)  /* cs1 = c0: DDC */
#define CSETEQUALEXACT(rd, cs1, cs2)   CHERI_R(0x21, rd, cs1, cs2)
#define CSEQX(rd, cs1, cs2)            CSETEQUALEXACT(rd, cs1, cs2)

/* CSpecialRW with the SCR named; cs1 = x0 reads only. */
#define CSPECIALRW_PCC(cd, cs1)        CSPECIALRW(cd, x0, cs1)   /* read-only: cs1 must be x0 */
#define CSPECIALRW_DDC(cd, cs1)        CSPECIALRW(cd, x1, cs1)
#define CSPECIALRW_UTCC(cd, cs1)       CSPECIALRW(cd, x4, cs1)
#define CSPECIALRW_UTDC(cd, cs1)       CSPECIALRW(cd, x5, cs1)
#define CSPECIALRW_USCRATCHC(cd, cs1)  CSPECIALRW(cd, x6, cs1)
#define CSPECIALRW_UEPCC(cd, cs1)      CSPECIALRW(cd, x7, cs1)
#define CSPECIALRW_STCC(cd, cs1)       CSPECIALRW(cd, x12, cs1)
#define CSPECIALRW_STDC(cd, cs1)       CSPECIALRW(cd, x13, cs1)
#define CSPECIALRW_SSCRATCHC(cd, cs1)  CSPECIALRW(cd, x14, cs1)
#define CSPECIALRW_SEPCC(cd, cs1)      CSPECIALRW(cd, x15, cs1)
#define CSPECIALRW_MTCC(cd, cs1)       CSPECIALRW(cd, x28, cs1)
#define CSPECIALRW_MTDC(cd, cs1)       CSPECIALRW(cd, x29, cs1)
#define CSPECIALRW_MSCRATCHC(cd, cs1)  CSPECIALRW(cd, x30, cs1)
#define CSPECIALRW_MEPCC(cd, cs1)      CSPECIALRW(cd, x31, cs1)
/* Conveniences: read (cs1 = c0) and write (cd = c0). */
#define CSPECIALR(cd, scrx)            CSPECIALRW(cd, scrx, x0)
#define CSPECIALW(scrx, cs1)           CSPECIALRW(x0, scrx, cs1)
#define CGETPCC(cd)                    CSPECIALRW_PCC(cd, x0)
#define CGETDDC(cd)                    CSPECIALRW_DDC(cd, x0)
#define CSETDDC(cs1)                   CSPECIALRW_DDC(x0, cs1)

/* =======================================================================================
 * Immediate forms: I-type, opcode 0x5B (spec §4.1 "I-type with funct3 != 0", §9.5).
 * CINCOFFSETIMM sign-extends imm (-2048..2047); CSETBOUNDSIMM zero-extends uimm (0..4095),
 * so the macro folds 2048..4095 into the signed field GNU as wants.
 * ======================================================================================= */
#define CINCOFFSETIMM(cd, cs1, imm)    .insn i CHERI_OPCODE, 1, cd, cs1, imm
#define CSETBOUNDSIMM(cd, cs1, uimm)   .insn i CHERI_OPCODE, 2, cd, cs1, ((((uimm) & 0xfff) ^ 0x800) - 0x800)

/* =======================================================================================
 * Two-operand group: opcode 0x5B, funct7 0x7F, the sub-op in the rs2 field (spec §4.1,
 * §4.2, §4.3, §4.5, §4.7, §4.8.4). The sub-op is written as the register of that number.
 * ======================================================================================= */
#define CHERI_2OP(subx, rd, rs1)       CHERI_R(0x7f, rd, rs1, subx)

#define CGETPERM(rd, cs1)      CHERI_2OP(x0,  rd, cs1)
#define CGETTYPE(rd, cs1)      CHERI_2OP(x1,  rd, cs1)
#define CGETBASE(rd, cs1)      CHERI_2OP(x2,  rd, cs1)
#define CGETLEN(rd, cs1)       CHERI_2OP(x3,  rd, cs1)
#define CGETTAG(rd, cs1)       CHERI_2OP(x4,  rd, cs1)
#define CGETSEALED(rd, cs1)    CHERI_2OP(x5,  rd, cs1)
#define CGETOFFSET(rd, cs1)    CHERI_2OP(x6,  rd, cs1)
#define CGETFLAGS(rd, cs1)     CHERI_2OP(x7,  rd, cs1)
#define CRRL(rd, rs1)          CHERI_2OP(x8,  rd, rs1)   /* CRoundRepresentableLength */
#define CRAM(rd, rs1)          CHERI_2OP(x9,  rd, rs1)   /* CRepresentableAlignmentMask */
#define CMOVE(cd, cs1)         CHERI_2OP(x10, cd, cs1)
#define CCLEARTAG(cd, cs1)     CHERI_2OP(x11, cd, cs1)
#define JALR_CAP(cd, cs1)      CHERI_2OP(x12, cd, cs1)   /* both modes; = CJALR cd, 0(cs1) */
#define CGETADDR(rd, cs1)      CHERI_2OP(x15, rd, cs1)
#define CSEALENTRY(cd, cs1)    CHERI_2OP(x17, cd, cs1)
#define CLOADTAGS(rd, cs1)     CHERI_2OP(x18, rd, cs1)
#define JALR_PCC(rd, rs1)      CHERI_2OP(x20, rd, rs1)   /* integer JALR, imm 0, any mode */
#define CGETHIGH(rd, cs1)      CHERI_2OP(x23, rd, cs1)   /* memory form of bits 127:64 */
#define CGETTOP(rd, cs1)       CHERI_2OP(x24, rd, cs1)   /* Sail only: illegal on QEMU */

/*
 * CClear q, m / FPClear q, m (sub-ops 0x0E / 0x10): registers 8q+i for each set bit i of
 * the 8-bit mask m are cleared (q = 0, bit 0: DDC). Fields: bits 19:18 = q, 17:15 =
 * m[7:5], 11:7 = m[4:0]. Written as a raw word because the fields are not registers.
 */
#define CHERI_CLEAR_WORD(sub, q, m) \
    (0xfe00005b | ((sub) << 20) | (((q) & 3) << 18) | ((((m) >> 5) & 7) << 15) | (((m) & 31) << 7))
#define CCLEAR(q, m)           .insn 4, CHERI_CLEAR_WORD(0x0e, q, m)
#define FPCLEAR(q, m)          .insn 4, CHERI_CLEAR_WORD(0x10, q, m)

/* =======================================================================================
 * Two-source group: funct7 0x7E, sub-op in the rd field (spec §4.1, §4.5, §9.14).
 * CINVOKE jumps to unsealed cs1 and writes unsealed cs2 to c31; no link.
 * ======================================================================================= */
#define CINVOKE(cs1, cs2)      CHERI_R(0x7e, x1, cs1, cs2)

/* =======================================================================================
 * Explicit-authority loads: funct7 0x7D, sub-op in the rs2 field (spec §4.8.3).
 * .DDC: EA = X[rs1] under DDC (cap idx 0x21). .CAP: EA = cs1.address under cs1.
 * ======================================================================================= */
#define CHERI_LD(subx, rd, rs1)  CHERI_R(0x7d, rd, rs1, subx)

#define LB_DDC(rd, rs1)      CHERI_LD(x0,  rd, rs1)
#define LH_DDC(rd, rs1)      CHERI_LD(x1,  rd, rs1)
#define LW_DDC(rd, rs1)      CHERI_LD(x2,  rd, rs1)
#define LD_DDC(rd, rs1)      CHERI_LD(x3,  rd, rs1)
#define LBU_DDC(rd, rs1)     CHERI_LD(x4,  rd, rs1)
#define LHU_DDC(rd, rs1)     CHERI_LD(x5,  rd, rs1)
#define LWU_DDC(rd, rs1)     CHERI_LD(x6,  rd, rs1)
#define LB_CAP(rd, cs1)      CHERI_LD(x8,  rd, cs1)
#define LH_CAP(rd, cs1)      CHERI_LD(x9,  rd, cs1)
#define LW_CAP(rd, cs1)      CHERI_LD(x10, rd, cs1)
#define LD_CAP(rd, cs1)      CHERI_LD(x11, rd, cs1)
#define LBU_CAP(rd, cs1)     CHERI_LD(x12, rd, cs1)
#define LHU_CAP(rd, cs1)     CHERI_LD(x13, rd, cs1)
#define LWU_CAP(rd, cs1)     CHERI_LD(x14, rd, cs1)
#define LR_B_DDC(rd, rs1)    CHERI_LD(x16, rd, rs1)
#define LR_H_DDC(rd, rs1)    CHERI_LD(x17, rd, rs1)
#define LR_W_DDC(rd, rs1)    CHERI_LD(x18, rd, rs1)
#define LR_D_DDC(rd, rs1)    CHERI_LD(x19, rd, rs1)
#define LR_C_DDC(cd, rs1)    CHERI_LD(x20, cd, rs1)
#define LC_DDC(cd, rs1)      CHERI_LD(x23, cd, rs1)
#define LR_B_CAP(rd, cs1)    CHERI_LD(x24, rd, cs1)
#define LR_H_CAP(rd, cs1)    CHERI_LD(x25, rd, cs1)
#define LR_W_CAP(rd, cs1)    CHERI_LD(x26, rd, cs1)
#define LR_D_CAP(rd, cs1)    CHERI_LD(x27, rd, cs1)
#define LR_C_CAP(cd, cs1)    CHERI_LD(x28, cd, cs1)   /* Sail bug: EA doubled (spec §9.34) */
#define LC_CAP(cd, cs1)      CHERI_LD(x31, cd, cs1)

/* =======================================================================================
 * Explicit-authority stores: funct7 0x7C, sub-op in the rd field (spec §4.8.3).
 * Operand order (data, address). The SC.x forms write their 0/1 result over the data
 * register (spec §9.33).
 * ======================================================================================= */
#define CHERI_ST(subx, rs2, rs1) CHERI_R(0x7c, subx, rs1, rs2)

#define SB_DDC(rs2, rs1)     CHERI_ST(x0,  rs2, rs1)
#define SH_DDC(rs2, rs1)     CHERI_ST(x1,  rs2, rs1)
#define SW_DDC(rs2, rs1)     CHERI_ST(x2,  rs2, rs1)
#define SD_DDC(rs2, rs1)     CHERI_ST(x3,  rs2, rs1)
#define SC_DDC(cs2, rs1)     CHERI_ST(x4,  cs2, rs1)
#define SB_CAP(rs2, cs1)     CHERI_ST(x8,  rs2, cs1)
#define SH_CAP(rs2, cs1)     CHERI_ST(x9,  rs2, cs1)
#define SW_CAP(rs2, cs1)     CHERI_ST(x10, rs2, cs1)
#define SD_CAP(rs2, cs1)     CHERI_ST(x11, rs2, cs1)
#define SC_CAP(cs2, cs1)     CHERI_ST(x12, cs2, cs1)
#define SC_B_DDC(rs2, rs1)   CHERI_ST(x16, rs2, rs1)
#define SC_H_DDC(rs2, rs1)   CHERI_ST(x17, rs2, rs1)
#define SC_W_DDC(rs2, rs1)   CHERI_ST(x18, rs2, rs1)
#define SC_D_DDC(rs2, rs1)   CHERI_ST(x19, rs2, rs1)
#define SC_C_DDC(cs2, rs1)   CHERI_ST(x20, cs2, rs1)
#define SC_B_CAP(rs2, cs1)   CHERI_ST(x24, rs2, cs1)
#define SC_H_CAP(rs2, cs1)   CHERI_ST(x25, rs2, cs1)
#define SC_W_CAP(rs2, cs1)   CHERI_ST(x26, rs2, cs1)
#define SC_D_CAP(rs2, cs1)   CHERI_ST(x27, rs2, cs1)
#define SC_C_CAP(cs2, cs1)   CHERI_ST(x28, cs2, cs1)

/* =======================================================================================
 * Capability loads/stores in the standard opcode space (spec §4.1, §4.8.2):
 * LC = I-type opcode 0x0F (MISC-MEM) funct3 2 ("LQ"); SC = S-type opcode 0x23 funct3 4 ("SQ").
 * Integer mode: EA = X[rs1] + imm under DDC. Capability mode: cs1.address + imm under cs1
 * (CLC/CSC below are the same encodings).
 * ======================================================================================= */
#define LC(cd, imm, rs1)       .insn i 0x0f, 2, cd, imm(rs1)
#define SC(cs2, imm, rs1)      .insn s 0x23, 4, cs2, imm(rs1)
#define CLC(cd, imm, cs1)      LC(cd, imm, cs1)
#define CSC(cs2, imm, cs1)     SC(cs2, imm, cs1)

/* =======================================================================================
 * Capability atomics: AMO opcode 0x2F, funct3 4 (spec §4.1, §4.8.1). funct7 = funct5 << 2 |
 * aq << 1 | rl. SC.C writes 0 (success) / 1 (failure) to the integer rd.
 * LR.B/H and SC.B/H (funct3 0 / 1) are the CHERI additions for byte/halfword atomics.
 * ======================================================================================= */
#define CHERI_AMO(f3, f5, aqrl, rd, rs1, rs2)  .insn r 0x2f, f3, (((f5) << 2) | (aqrl)), rd, rs1, rs2
#define LR_C(cd, rs1)               CHERI_AMO(4, 0x02, 0, cd, rs1, x0)
#define LR_C_AQRL(cd, rs1, aqrl)    CHERI_AMO(4, 0x02, aqrl, cd, rs1, x0)
#define SC_C(rd, cs2, rs1)          CHERI_AMO(4, 0x03, 0, rd, rs1, cs2)
#define SC_C_AQRL(rd, cs2, rs1, aqrl) CHERI_AMO(4, 0x03, aqrl, rd, rs1, cs2)
#define AMOSWAP_C(cd, cs2, rs1)     CHERI_AMO(4, 0x01, 0, cd, rs1, cs2)
#define AMOSWAP_C_AQRL(cd, cs2, rs1, aqrl) CHERI_AMO(4, 0x01, aqrl, cd, rs1, cs2)
#define LR_B(rd, rs1)               CHERI_AMO(0, 0x02, 0, rd, rs1, x0)
#define LR_H(rd, rs1)               CHERI_AMO(1, 0x02, 0, rd, rs1, x0)
#define SC_B(rd, rs2, rs1)          CHERI_AMO(0, 0x03, 0, rd, rs1, rs2)
#define SC_H(rd, rs2, rs1)          CHERI_AMO(1, 0x03, 0, rd, rs1, rs2)

/* =======================================================================================
 * Capability-mode meanings of standard encodings (spec §4.5, §4.10): only when PCC.flags
 * = 1. Written with `.insn` so that the assembler never compresses or relaxes them.
 * CJAL takes a label; AUIPCC takes the raw 20-bit immediate.
 * ======================================================================================= */
#define AUIPCC(cd, imm20)      .insn u 0x17, cd, imm20
#define CJAL(cd, label)        .insn j 0x6f, cd, label
#define CJALR(cd, imm, cs1)    .insn i 0x67, 0, cd, imm(cs1)


/* =======================================================================================
 * The same instructions as GNU as macros (assembly only), named as the CHERI assembler
 * and disassembler name them, lower case, with '.' for '_' (lb.ddc, sc.c.cap, jalr.cap,
 * lr.c, amoswap.c; cspecialrw.mtcc etc. are this file's names for CSpecialRW on one SCR):
 *     cgetbase a0, s1         csetbounds s0, s0, t0       lc s1, 16(sp)
 * Usable where a macro name must be passed as an argument to another macro.
 * ======================================================================================= */
#ifdef __ASSEMBLER__
.macro cspecialrw cd, scrx, cs1
    CSPECIALRW(\cd, \scrx, \cs1)
.endm
.macro csetbounds cd, cs1, rs2
    CSETBOUNDS(\cd, \cs1, \rs2)
.endm
.macro csetboundsexact cd, cs1, rs2
    CSETBOUNDSEXACT(\cd, \cs1, \rs2)
.endm
.macro cseal cd, cs1, cs2
    CSEAL(\cd, \cs1, \cs2)
.endm
.macro cunseal cd, cs1, cs2
    CUNSEAL(\cd, \cs1, \cs2)
.endm
.macro candperm cd, cs1, rs2
    CANDPERM(\cd, \cs1, \rs2)
.endm
.macro csetflags cd, cs1, rs2
    CSETFLAGS(\cd, \cs1, \rs2)
.endm
.macro csetoffset cd, cs1, rs2
    CSETOFFSET(\cd, \cs1, \rs2)
.endm
.macro csetaddr cd, cs1, rs2
    CSETADDR(\cd, \cs1, \rs2)
.endm
.macro cincoffset cd, cs1, rs2
    CINCOFFSET(\cd, \cs1, \rs2)
.endm
.macro ctoptr rd, cs1, cs2
    CTOPTR(\rd, \cs1, \cs2)
.endm
.macro cfromptr cd, cs1, rs2
    CFROMPTR(\cd, \cs1, \rs2)
.endm
.macro csub rd, cs1, cs2
    CSUB(\rd, \cs1, \cs2)
.endm
.macro csethigh cd, cs1, rs2
    CSETHIGH(\cd, \cs1, \rs2)
.endm
.macro cbuildcap cd, cs1, cs2
    CBUILDCAP(\cd, \cs1, \cs2)
.endm
.macro ccopytype cd, cs1, cs2
    CCOPYTYPE(\cd, \cs1, \cs2)
.endm
.macro ccseal cd, cs1, cs2
    CCSEAL(\cd, \cs1, \cs2)
.endm
.macro ctestsubset rd, cs1, cs2
    CTESTSUBSET(\rd, \cs1, \cs2)
.endm
.macro csetequalexact rd, cs1, cs2
    CSETEQUALEXACT(\rd, \cs1, \cs2)
.endm
.macro cseqx rd, cs1, cs2
    CSEQX(\rd, \cs1, \cs2)
.endm
.macro cspecialrw.pcc cd, cs1
    CSPECIALRW_PCC(\cd, \cs1)
.endm
.macro cspecialrw.ddc cd, cs1
    CSPECIALRW_DDC(\cd, \cs1)
.endm
.macro cspecialrw.utcc cd, cs1
    CSPECIALRW_UTCC(\cd, \cs1)
.endm
.macro cspecialrw.utdc cd, cs1
    CSPECIALRW_UTDC(\cd, \cs1)
.endm
.macro cspecialrw.uscratchc cd, cs1
    CSPECIALRW_USCRATCHC(\cd, \cs1)
.endm
.macro cspecialrw.uepcc cd, cs1
    CSPECIALRW_UEPCC(\cd, \cs1)
.endm
.macro cspecialrw.stcc cd, cs1
    CSPECIALRW_STCC(\cd, \cs1)
.endm
.macro cspecialrw.stdc cd, cs1
    CSPECIALRW_STDC(\cd, \cs1)
.endm
.macro cspecialrw.sscratchc cd, cs1
    CSPECIALRW_SSCRATCHC(\cd, \cs1)
.endm
.macro cspecialrw.sepcc cd, cs1
    CSPECIALRW_SEPCC(\cd, \cs1)
.endm
.macro cspecialrw.mtcc cd, cs1
    CSPECIALRW_MTCC(\cd, \cs1)
.endm
.macro cspecialrw.mtdc cd, cs1
    CSPECIALRW_MTDC(\cd, \cs1)
.endm
.macro cspecialrw.mscratchc cd, cs1
    CSPECIALRW_MSCRATCHC(\cd, \cs1)
.endm
.macro cspecialrw.mepcc cd, cs1
    CSPECIALRW_MEPCC(\cd, \cs1)
.endm
.macro cspecialr cd, scrx
    CSPECIALR(\cd, \scrx)
.endm
.macro cspecialw scrx, cs1
    CSPECIALW(\scrx, \cs1)
.endm
.macro cgetpcc cd
    CGETPCC(\cd)
.endm
.macro cgetddc cd
    CGETDDC(\cd)
.endm
.macro csetddc cs1
    CSETDDC(\cs1)
.endm
.macro cincoffsetimm cd, cs1, imm
    CINCOFFSETIMM(\cd, \cs1, \imm)
.endm
.macro csetboundsimm cd, cs1, uimm
    CSETBOUNDSIMM(\cd, \cs1, \uimm)
.endm
.macro cgetperm rd, cs1
    CGETPERM(\rd, \cs1)
.endm
.macro cgettype rd, cs1
    CGETTYPE(\rd, \cs1)
.endm
.macro cgetbase rd, cs1
    CGETBASE(\rd, \cs1)
.endm
.macro cgetlen rd, cs1
    CGETLEN(\rd, \cs1)
.endm
.macro cgettag rd, cs1
    CGETTAG(\rd, \cs1)
.endm
.macro cgetsealed rd, cs1
    CGETSEALED(\rd, \cs1)
.endm
.macro cgetoffset rd, cs1
    CGETOFFSET(\rd, \cs1)
.endm
.macro cgetflags rd, cs1
    CGETFLAGS(\rd, \cs1)
.endm
.macro crrl rd, rs1
    CRRL(\rd, \rs1)
.endm
.macro cram rd, rs1
    CRAM(\rd, \rs1)
.endm
.macro cmove cd, cs1
    CMOVE(\cd, \cs1)
.endm
.macro ccleartag cd, cs1
    CCLEARTAG(\cd, \cs1)
.endm
.macro jalr.cap cd, cs1
    JALR_CAP(\cd, \cs1)
.endm
.macro cgetaddr rd, cs1
    CGETADDR(\rd, \cs1)
.endm
.macro csealentry cd, cs1
    CSEALENTRY(\cd, \cs1)
.endm
.macro cloadtags rd, cs1
    CLOADTAGS(\rd, \cs1)
.endm
.macro jalr.pcc rd, rs1
    JALR_PCC(\rd, \rs1)
.endm
.macro cgethigh rd, cs1
    CGETHIGH(\rd, \cs1)
.endm
.macro cgettop rd, cs1
    CGETTOP(\rd, \cs1)
.endm
.macro cclear q, m
    CCLEAR(\q, \m)
.endm
.macro fpclear q, m
    FPCLEAR(\q, \m)
.endm
.macro cinvoke cs1, cs2
    CINVOKE(\cs1, \cs2)
.endm
.macro lb.ddc rd, rs1
    LB_DDC(\rd, \rs1)
.endm
.macro lh.ddc rd, rs1
    LH_DDC(\rd, \rs1)
.endm
.macro lw.ddc rd, rs1
    LW_DDC(\rd, \rs1)
.endm
.macro ld.ddc rd, rs1
    LD_DDC(\rd, \rs1)
.endm
.macro lbu.ddc rd, rs1
    LBU_DDC(\rd, \rs1)
.endm
.macro lhu.ddc rd, rs1
    LHU_DDC(\rd, \rs1)
.endm
.macro lwu.ddc rd, rs1
    LWU_DDC(\rd, \rs1)
.endm
.macro lb.cap rd, cs1
    LB_CAP(\rd, \cs1)
.endm
.macro lh.cap rd, cs1
    LH_CAP(\rd, \cs1)
.endm
.macro lw.cap rd, cs1
    LW_CAP(\rd, \cs1)
.endm
.macro ld.cap rd, cs1
    LD_CAP(\rd, \cs1)
.endm
.macro lbu.cap rd, cs1
    LBU_CAP(\rd, \cs1)
.endm
.macro lhu.cap rd, cs1
    LHU_CAP(\rd, \cs1)
.endm
.macro lwu.cap rd, cs1
    LWU_CAP(\rd, \cs1)
.endm
.macro lr.b.ddc rd, rs1
    LR_B_DDC(\rd, \rs1)
.endm
.macro lr.h.ddc rd, rs1
    LR_H_DDC(\rd, \rs1)
.endm
.macro lr.w.ddc rd, rs1
    LR_W_DDC(\rd, \rs1)
.endm
.macro lr.d.ddc rd, rs1
    LR_D_DDC(\rd, \rs1)
.endm
.macro lr.c.ddc cd, rs1
    LR_C_DDC(\cd, \rs1)
.endm
.macro lc.ddc cd, rs1
    LC_DDC(\cd, \rs1)
.endm
.macro lr.b.cap rd, cs1
    LR_B_CAP(\rd, \cs1)
.endm
.macro lr.h.cap rd, cs1
    LR_H_CAP(\rd, \cs1)
.endm
.macro lr.w.cap rd, cs1
    LR_W_CAP(\rd, \cs1)
.endm
.macro lr.d.cap rd, cs1
    LR_D_CAP(\rd, \cs1)
.endm
.macro lr.c.cap cd, cs1
    LR_C_CAP(\cd, \cs1)
.endm
.macro lc.cap cd, cs1
    LC_CAP(\cd, \cs1)
.endm
.macro sb.ddc rs2, rs1
    SB_DDC(\rs2, \rs1)
.endm
.macro sh.ddc rs2, rs1
    SH_DDC(\rs2, \rs1)
.endm
.macro sw.ddc rs2, rs1
    SW_DDC(\rs2, \rs1)
.endm
.macro sd.ddc rs2, rs1
    SD_DDC(\rs2, \rs1)
.endm
.macro sc.ddc cs2, rs1
    SC_DDC(\cs2, \rs1)
.endm
.macro sb.cap rs2, cs1
    SB_CAP(\rs2, \cs1)
.endm
.macro sh.cap rs2, cs1
    SH_CAP(\rs2, \cs1)
.endm
.macro sw.cap rs2, cs1
    SW_CAP(\rs2, \cs1)
.endm
.macro sd.cap rs2, cs1
    SD_CAP(\rs2, \cs1)
.endm
.macro sc.cap cs2, cs1
    SC_CAP(\cs2, \cs1)
.endm
.macro sc.b.ddc rs2, rs1
    SC_B_DDC(\rs2, \rs1)
.endm
.macro sc.h.ddc rs2, rs1
    SC_H_DDC(\rs2, \rs1)
.endm
.macro sc.w.ddc rs2, rs1
    SC_W_DDC(\rs2, \rs1)
.endm
.macro sc.d.ddc rs2, rs1
    SC_D_DDC(\rs2, \rs1)
.endm
.macro sc.c.ddc cs2, rs1
    SC_C_DDC(\cs2, \rs1)
.endm
.macro sc.b.cap rs2, cs1
    SC_B_CAP(\rs2, \cs1)
.endm
.macro sc.h.cap rs2, cs1
    SC_H_CAP(\rs2, \cs1)
.endm
.macro sc.w.cap rs2, cs1
    SC_W_CAP(\rs2, \cs1)
.endm
.macro sc.d.cap rs2, cs1
    SC_D_CAP(\rs2, \cs1)
.endm
.macro sc.c.cap cs2, cs1
    SC_C_CAP(\cs2, \cs1)
.endm
.macro lr.c cd, rs1
    LR_C(\cd, \rs1)
.endm
.macro lr.c.aqrl cd, rs1, aqrl
    LR_C_AQRL(\cd, \rs1, \aqrl)
.endm
.macro sc.c rd, cs2, rs1
    SC_C(\rd, \cs2, \rs1)
.endm
.macro sc.c.aqrl rd, cs2, rs1, aqrl
    SC_C_AQRL(\rd, \cs2, \rs1, \aqrl)
.endm
.macro amoswap.c cd, cs2, rs1
    AMOSWAP_C(\cd, \cs2, \rs1)
.endm
.macro amoswap.c.aqrl cd, cs2, rs1, aqrl
    AMOSWAP_C_AQRL(\cd, \cs2, \rs1, \aqrl)
.endm
.macro lr.b rd, rs1
    LR_B(\rd, \rs1)
.endm
.macro lr.h rd, rs1
    LR_H(\rd, \rs1)
.endm
.macro sc.b rd, rs2, rs1
    SC_B(\rd, \rs2, \rs1)
.endm
.macro sc.h rd, rs2, rs1
    SC_H(\rd, \rs2, \rs1)
.endm
/* Memory operands as in the CHERI assembler: lc cd, imm(rs1) / sc cs2, imm(rs1). */
.macro lc cd, mem
    .insn i 0x0f, 2, \cd, \mem
.endm
.macro sc cs2, mem
    .insn s 0x23, 4, \cs2, \mem
.endm
.macro clc cd, mem
    .insn i 0x0f, 2, \cd, \mem
.endm
.macro csc cs2, mem
    .insn s 0x23, 4, \cs2, \mem
.endm
.macro auipcc cd, imm20
    AUIPCC(\cd, \imm20)
.endm
.macro cjal cd, label
    CJAL(\cd, \label)
.endm
.macro cjalr cd, mem
    .insn i 0x67, 0, \cd, \mem
.endm
#endif /* __ASSEMBLER__ */

/* =======================================================================================
 * Compressed capability loads/stores of capability mode (RV64; spec §4.9), in the slots of
 * C.FLD/C.FSD/C.FLDSP/C.FSDSP with the RV128 C.LQ/C.SQ/C.LQSP/C.SQSP immediate layout.
 * GNU as only knows those slots as floating-point instructions, so these take register
 * NUMBERS (8..15 for the 3-bit fields, e.g. 10 for ca0; 0..31 for the SP forms) and
 * byte offsets (multiples of 16: 0..496 for C.CLC/C.CSC, 0..1008 for the SP forms).
 * C.CLCSP with cd = 0 is reserved (illegal).
 * ======================================================================================= */
#define CHERI_C_CLQ(f3, r, rs1, u)                                                   \
    (((f3) << 13) | ((((u) >> 4) & 3) << 11) | ((((u) >> 8) & 1) << 10) |          \
     ((((rs1) - 8) & 7) << 7) | ((((u) >> 6) & 3) << 5) | ((((r) - 8) & 7) << 2))
#define C_CLC(cd, cs1, uimm)     .insn 2, CHERI_C_CLQ(1, cd, cs1, uimm)
#define C_CSC(cs2, cs1, uimm)    .insn 2, CHERI_C_CLQ(5, cs2, cs1, uimm)
#define C_CLCSP(cd, uimm)                                                            \
    .insn 2, ((1 << 13) | ((((uimm) >> 5) & 1) << 12) | (((cd) & 31) << 7) |         \
              ((((uimm) >> 4) & 1) << 6) | ((((uimm) >> 6) & 15) << 2) | 2)
#define C_CSCSP(cs2, uimm)                                                           \
    .insn 2, ((5 << 13) | ((((uimm) >> 4) & 3) << 11) | ((((uimm) >> 6) & 15) << 7) | \
              (((cs2) & 31) << 2) | 2)

/* ---- C helpers: each keeps the capability inside one asm statement ---- */
#ifndef __ASSEMBLER__
#include <stdint.h>

#define CHERI_DDC_GETTER(name, INSN)                                                \
    static inline uint64_t name(void)                                               \
    {                                                                               \
        uint64_t v;                                                                 \
        __asm__ volatile(CHERI_ASM(CGETDDC(%0)) CHERI_ASM(INSN(%0, %0)) : "=r"(v)); \
        return v;                                                                   \
    }
CHERI_DDC_GETTER(cheri_ddc_base, CGETBASE)
CHERI_DDC_GETTER(cheri_ddc_len, CGETLEN)
CHERI_DDC_GETTER(cheri_ddc_perm, CGETPERM)
CHERI_DDC_GETTER(cheri_ddc_tag, CGETTAG)

#define CHERI_PCC_GETTER(name, INSN)                                                \
    static inline uint64_t name(void)                                               \
    {                                                                               \
        uint64_t v;                                                                 \
        __asm__ volatile(CHERI_ASM(CGETPCC(%0)) CHERI_ASM(INSN(%0, %0)) : "=r"(v)); \
        return v;                                                                   \
    }
CHERI_PCC_GETTER(cheri_pcc_base, CGETBASE)
CHERI_PCC_GETTER(cheri_pcc_len, CGETLEN)
CHERI_PCC_GETTER(cheri_pcc_perm, CGETPERM)
CHERI_PCC_GETTER(cheri_pcc_flags, CGETFLAGS)

/* Integer-only instructions are ordinary functions. */
static inline uint64_t cheri_crrl(uint64_t len)
{
    uint64_t r;
    __asm__(CHERI_ASM(CRRL(%0, %1)) : "=r"(r) : "r"(len));
    return r;
}

static inline uint64_t cheri_cram(uint64_t len)
{
    uint64_t r;
    __asm__(CHERI_ASM(CRAM(%0, %1)) : "=r"(r) : "r"(len));
    return r;
}
#endif /* !__ASSEMBLER__ */

#endif /* CHERI_H */
