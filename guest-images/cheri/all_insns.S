/*
 * all_insns.S - every macro of include/cheri.h once, for checking the encodings (the
 * disassembly in capvm against spec §4.1). Not meant to be run: it is linked like the
 * other images, but its code is a list of instructions with no checks, and it exits
 * through the finisher as soon as it starts (the list is never executed).
 *
 * Operands are chosen so that every field is non-zero and distinct where the format
 * allows it (rd = a0/x10, rs1 = a1/x11, rs2 = a2/x12), which makes a field mix-up visible.
 */
#include "cheri.h"

    .text
    .globl main
main:
    li      a0, 0
    ret

    .globl all_insns
all_insns:
    /* three-register group (funct7) */
    CSPECIALRW_PCC(a0, x0)
    CSPECIALRW_DDC(a0, a1)
    CSPECIALRW_UTCC(a0, a1)
    CSPECIALRW_UTDC(a0, a1)
    CSPECIALRW_USCRATCHC(a0, a1)
    CSPECIALRW_UEPCC(a0, a1)
    CSPECIALRW_STCC(a0, a1)
    CSPECIALRW_STDC(a0, a1)
    CSPECIALRW_SSCRATCHC(a0, a1)
    CSPECIALRW_SEPCC(a0, a1)
    CSPECIALRW_MTCC(a0, a1)
    CSPECIALRW_MTDC(a0, a1)
    CSPECIALRW_MSCRATCHC(a0, a1)
    CSPECIALRW_MEPCC(a0, a1)
    CSPECIALR(a0, x30)
    CSPECIALW(x29, a1)
    CGETPCC(a0)
    CGETDDC(a0)
    CSETDDC(a1)
    CSETBOUNDS(a0, a1, a2)
    CSETBOUNDSEXACT(a0, a1, a2)
    CSEAL(a0, a1, a2)
    CUNSEAL(a0, a1, a2)
    CANDPERM(a0, a1, a2)
    CSETFLAGS(a0, a1, a2)
    CSETOFFSET(a0, a1, a2)
    CSETADDR(a0, a1, a2)
    CINCOFFSET(a0, a1, a2)
    CTOPTR(a0, a1, a2)
    CTOPTR(a0, a1, x0)
    CFROMPTR(a0, a1, a2)
    CFROMPTR(a0, x0, a2)
    CSUB(a0, a1, a2)
    CSETHIGH(a0, a1, a2)
    CBUILDCAP(a0, a1, a2)
    CBUILDCAP(a0, x0, a2)
    CCOPYTYPE(a0, a1, a2)
    CCSEAL(a0, a1, a2)
    CTESTSUBSET(a0, a1, a2)
    CTESTSUBSET(a0, x0, a2)
    CSETEQUALEXACT(a0, a1, a2)
    CSEQX(a0, a1, a2)

    /* immediate forms */
    CINCOFFSETIMM(a0, a1, 0)
    CINCOFFSETIMM(a0, a1, 2047)
    CINCOFFSETIMM(a0, a1, -2048)
    CINCOFFSETIMM(a0, a1, -1)
    CSETBOUNDSIMM(a0, a1, 0)
    CSETBOUNDSIMM(a0, a1, 16)
    CSETBOUNDSIMM(a0, a1, 2047)
    CSETBOUNDSIMM(a0, a1, 2048)
    CSETBOUNDSIMM(a0, a1, 4095)

    /* two-operand group (funct7 0x7f, sub-op in rs2) */
    CGETPERM(a0, a1)
    CGETTYPE(a0, a1)
    CGETBASE(a0, a1)
    CGETLEN(a0, a1)
    CGETTAG(a0, a1)
    CGETSEALED(a0, a1)
    CGETOFFSET(a0, a1)
    CGETFLAGS(a0, a1)
    CRRL(a0, a1)
    CRAM(a0, a1)
    CMOVE(a0, a1)
    CCLEARTAG(a0, a1)
    JALR_CAP(a0, a1)
    CCLEAR(0, 0x01)
    CCLEAR(1, 0xff)
    CCLEAR(3, 0xa5)
    CGETADDR(a0, a1)
    FPCLEAR(2, 0x5a)
    CSEALENTRY(a0, a1)
    CLOADTAGS(a0, a1)
    JALR_PCC(a0, a1)
    CGETHIGH(a0, a1)
    CGETTOP(a0, a1)

    /* two-source group */
    CINVOKE(a1, a2)

    /* explicit loads */
    LB_DDC(a0, a1)
    LH_DDC(a0, a1)
    LW_DDC(a0, a1)
    LD_DDC(a0, a1)
    LBU_DDC(a0, a1)
    LHU_DDC(a0, a1)
    LWU_DDC(a0, a1)
    LB_CAP(a0, a1)
    LH_CAP(a0, a1)
    LW_CAP(a0, a1)
    LD_CAP(a0, a1)
    LBU_CAP(a0, a1)
    LHU_CAP(a0, a1)
    LWU_CAP(a0, a1)
    LR_B_DDC(a0, a1)
    LR_H_DDC(a0, a1)
    LR_W_DDC(a0, a1)
    LR_D_DDC(a0, a1)
    LR_C_DDC(a0, a1)
    LC_DDC(a0, a1)
    LR_B_CAP(a0, a1)
    LR_H_CAP(a0, a1)
    LR_W_CAP(a0, a1)
    LR_D_CAP(a0, a1)
    LR_C_CAP(a0, a1)
    LC_CAP(a0, a1)

    /* explicit stores (data, address) */
    SB_DDC(a2, a1)
    SH_DDC(a2, a1)
    SW_DDC(a2, a1)
    SD_DDC(a2, a1)
    SC_DDC(a2, a1)
    SB_CAP(a2, a1)
    SH_CAP(a2, a1)
    SW_CAP(a2, a1)
    SD_CAP(a2, a1)
    SC_CAP(a2, a1)
    SC_B_DDC(a2, a1)
    SC_H_DDC(a2, a1)
    SC_W_DDC(a2, a1)
    SC_D_DDC(a2, a1)
    SC_C_DDC(a2, a1)
    SC_B_CAP(a2, a1)
    SC_H_CAP(a2, a1)
    SC_W_CAP(a2, a1)
    SC_D_CAP(a2, a1)
    SC_C_CAP(a2, a1)

    /* LC / SC in the standard opcode space, and their capability-mode names */
    LC(a0, 0, a1)
    LC(a0, -2048, a1)
    LC(a0, 2032, a1)
    SC(a2, 0, a1)
    SC(a2, -2048, a1)
    SC(a2, 2032, a1)
    CLC(a0, 16, a1)
    CSC(a2, 16, a1)

    /* capability atomics and the CHERI byte/halfword LR/SC */
    LR_C(a0, a1)
    LR_C_AQRL(a0, a1, 3)
    SC_C(a0, a2, a1)
    SC_C_AQRL(a0, a2, a1, 1)
    AMOSWAP_C(a0, a2, a1)
    AMOSWAP_C_AQRL(a0, a2, a1, 2)
    LR_B(a0, a1)
    LR_H(a0, a1)
    SC_B(a0, a2, a1)
    SC_H(a0, a2, a1)

    /* capability-mode forms of AUIPC/JAL/JALR */
    AUIPCC(a0, 0x12345)
    AUIPCC(a0, 0)
1:  CJAL(ra, 1b)
    CJAL(x0, 2f)
2:  CJALR(ra, 0, a1)
    CJALR(x0, -4, a1)
    CJALR(a0, 2047, a1)
    .globl all_insns_end
all_insns_end:
