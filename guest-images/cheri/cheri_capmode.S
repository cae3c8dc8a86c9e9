/*
 * cheri_capmode.S - the compressed instructions whose meaning changes in capability mode
 * (spec §4.9), run with PCC.flags = 1: C.CLC / C.CSC (the C.FLD / C.FSD slots),
 * C.CLCSP / C.CSCSP (C.FLDSP / C.FSDSP) through csp, C.CLCSP with cd = 0 (illegal),
 * C.CIncOffset16CSP (C.ADDI16SP) and C.CIncOffset4CSPN (C.ADDI4SPN) keeping csp's tag and
 * bounds, C.LD / C.SD relative to a capability, C.CJALR / C.CJR (C.JALR / C.JR: the link is
 * a sentry with flags 1 and address pc + 2, the callee runs in capability mode), C.MV
 * (an integer move: strips the tag), the 32-bit SD/LD relative to csp, LR.C/SC.C and
 * AMOSWAP.D relative to a capability (the AMO clears the granule's tag); a machine
 * software interrupt taken in capability mode (MEPCC = PCC with flags 1 at the next
 * instruction; MRET resumes in capability mode).
 *
 * QEMU-CHERI reports 32 bits (the illegal halfword and the next one) as mtval for the
 * illegal C.CLCSP c0; the .expected files hold the 16-bit value (DIVERGENCES.md).
 *
 * The compressed capability loads/stores use cheri.h's C_CLC/C_CSC/C_CLCSP/C_CSCSP (GNU as
 * knows those slots only as floating-point instructions); the reserved C.CLCSP c0 is a .half.
 */
#include "cheri_test.h"

    .option norelax

    .bss
    .balign 64
buf:
    .zero   128
saved:
    .zero   16 * 14

.macro SAVED creg, i
    la      \creg, saved
    LC(\creg, (16 * \i), \creg)
.endm

CTEST_BEGIN
    la      s9, buf
    la      tp, saved
    MKCAP   s0, 0x1000, 0x10
    SC(s11, 16, s9)                  /* buf+16: root */
    SC(s0, 80, s9)                   /* buf+80: [0x1000,0x1010) */
    li      t0, 0x1122334455667788
    sd      t0, 8(s9)
    MKCAPL  s4, buf, 128             /* data capability */
    MKCAPL  s6, saved, 16 * 14       /* where the capability-mode code records */
    la      t0, capsub
    CSETADDR(s5, s11, t0)
    li      t0, 1
    CSETFLAGS(s5, s5, t0)            /* code capability for C.CJALR, capability mode */
    la      t0, capmode
    CGETPCC(s3)
    CSETADDR(s3, s3, t0)
    li      t0, 1
    CSETFLAGS(s3, s3, t0)
    mv      s7, sp                   /* the integer stack pointer, back after */
    TRAP_RESET
    JALR_CAP(s1, s3)
    mv      sp, s7

    SAVED   s2, 0
    CSEQX(s3, s2, s11)
    CHECK   "c.clc a0,16(ca1) = root", s3, 1
    LC(s2, 32, s9)
    CSEQX(s3, s2, s11)
    CHECK   "c.csc a0,32(ca1) stored root", s3, 1
    SAVED   s2, 1
    CSEQX(s3, s2, s0)
    CHECK   "c.clcsp a2,16(csp) = [1000,1010)", s3, 1
    LC(s2, 96, s9)
    CSEQX(s3, s2, s0)
    CHECK   "c.cscsp a2,32(csp) stored it", s3, 1
    SAVED   s2, 2
    CHECK_OP "c.cincoffset16csp +32: csp tag", cgettag, s2, 1
    CHECK_OP "c.cincoffset16csp +32: csp len", cgetlen, s2, 128
    CHECK_REL "c.cincoffset16csp +32: csp addr-buf", s2, buf, 96
    SAVED   s2, 3
    CHECK_OP "c.cincoffset4cspn a3,16: tag", cgettag, s2, 1
    CHECK_OP "c.cincoffset4cspn a3,16: len", cgetlen, s2, 128
    CHECK_REL "c.cincoffset4cspn a3,16: addr-buf", s2, buf, 112
    SAVED   s2, 4
    CHECK   "c.ld a4,8(ca1)", s2, 0x1122334455667788
    ld      s2, 24(s9)
    CHECK   "c.sd a4,24(ca1)", s2, 0x1122334455667788
    SAVED   s2, 5
    CHECK_CAPR "c.mv a5,a1", s2, 0, 0, -1, buf, 0, 0, -1
    SAVED   s2, 6
    CHECK_OP "c.cjalr link tag", cgettag, s2, 1
    CHECK_OP "c.cjalr link type", cgettype, s2, -2
    CHECK_OP "c.cjalr link flags", cgetflags, s2, 1
    CHECK_REL "c.cjalr link addr-label", s2, after_cjalr, 0
    SAVED   s2, 7
    CHECK_OP "callee pcc flags", cgetflags, s2, 1
    CHECK_OP "callee pcc type", cgettype, s2, -1
    CHECK_REL "callee pcc addr-capsub", s2, capsub, 0
    SAVED   s2, 8
    CHECK   "sd/ld -16(csp)", s2, 0x77
    SAVED   s2, 9
    CHECK   "c.clcsp x0: mcause", s2, CAUSE_ILLEGAL
    SAVED   s2, 10
    CHECK   "c.clcsp x0: mtval", s2, 0x2042
    la      t0, saved
    ld      s2, 176(t0)
    CHECK   "capmode sc.c via ca6", s2, 0
    la      t0, saved
    ld      s2, 192(t0)
    CHECK   "capmode amoswap.d via ca6: old", s2, 0
    LC(s2, 48, s9)
    CHECK_OP "capmode amoswap.d cleared the tag", cgettag, s2, 0
    ld      s2, 48(s9)
    CHECK   "capmode amoswap.d stored", s2, 5
    TRAP_FIELD s2, TS_COUNT
    CHECK   "capmode traps", s2, 2
    TRAP_FIELD s2, TS_FIRST_CAUSE
    CHECK   "capmode interrupt: mcause", s2, IRQ_M_SOFT
    TRAP_FIELD s2, TS_FIRST_TVAL
    CHECK   "capmode interrupt: mtval", s2, 0
    TRAP_CFIELD s2, CTS_FIRST_MEPCC
    CHECK_OP "capmode interrupt: mepcc tag", cgettag, s2, 1
    CHECK_OP "capmode interrupt: mepcc flags", cgetflags, s2, 1
    CHECK_REL "capmode interrupt: mepcc addr-next", s2, irq_after, 0
TEST_END cheri_capmode

/* ---------------- capability-mode code (entered through s3, link in s1) ---------------- */
    .balign 16
capmode:
    CMOVE(a1, s4)                    /* ca1 = [buf, buf+128) */
    C_CLC(10, 11, 16)                /* c.clc  ca0, 16(ca1) */
    SC(a0, 0, s6)
    C_CSC(10, 11, 32)                /* c.csc  ca0, 32(ca1) */
    CINCOFFSETIMM(sp, s4, 64)        /* csp = [buf, buf+128) at buf+64 */
    C_CLCSP(12, 16)                  /* c.clcsp ca2, 16(csp): buf+80 */
    SC(a2, 16, s6)
    C_CSCSP(12, 32)                  /* c.cscsp ca2, 32(csp): buf+96 */
    .option push
    .option rvc
    c.addi16sp sp, 32                /* C.CIncOffset16CSP: csp = buf+96 */
    .option pop
    SC(sp, 32, s6)
    .option push
    .option rvc
    c.addi4spn a3, sp, 16            /* C.CIncOffset4CSPN: ca3 = buf+112 */
    .option pop
    SC(a3, 48, s6)
    .option push
    .option rvc
    c.ld    a4, 8(a1)
    c.sd    a4, 24(a1)
    .option pop
    sd      a4, 64(s6)               /* (32-bit SD, relative to cs6) */
    .option push
    .option rvc
    c.mv    a5, a1
    .option pop
    SC(a5, 80, s6)
    CMOVE(a1, s5)
    .option push
    .option rvc
    c.jalr  a1                       /* C.CJALR: link in cra */
    .option pop
after_cjalr:
    SC(ra, 96, s6)
    li      t0, 0x77
    sd      t0, -16(sp)              /* relative to csp: buf+80 */
    ld      t1, -16(sp)
    sd      t1, 128(s6)
    /* LR.C / SC.C and an AMO relative to a capability */
    CINCOFFSETIMM(a6, s4, 48)
    LR_C(a7, a6)
    SC_C(t2, s11, a6)                /* buf+48 := root */
    sd      t2, 176(s6)
    li      t3, 5
    amoswap.d t3, t3, (a6)           /* old dword (root's address, 0); clears the tag */
    sd      t3, 192(s6)
    /* a machine software interrupt, taken in capability mode right after the csrsi */
    li      t0, CLINT_MSIP
    CSETADDR(t0, s11, t0)            /* capability mode: the store needs a capability */
    li      t1, 1
    sw      t1, 0(t0)
    li      t1, MIP_MSIP
    csrs    mie, t1
    csrsi   mstatus, MSTATUS_MIE
irq_after:
    csrci   mstatus, MSTATUS_MIE
    csrc    mie, t1
    .half   0x2042                   /* c.clcsp c0: illegal */
    csrr    t0, mcause
    sd      t0, 144(s6)
    csrr    t0, mtval
    sd      t0, 160(s6)
    CJALR(x0, 0, s1)                 /* back to integer mode */

    .balign 16
capsub:                              /* called with C.CJALR; returns with C.CJR */
    CGETPCC(t0)
    SC(t0, 112, s6)
    .option push
    .option rvc
    c.jr    ra
    .option pop
