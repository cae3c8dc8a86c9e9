/*
 * cheri_ctrl.S - control flow (spec §4.5, §4.10): JALR.CAP in integer mode (link =
 * sentry of PCC with the next address, target PCC = the unsealed jump capability), jumps
 * through sentries, the switch to capability mode (CSetFlags + JALR.CAP) and back through
 * the link sentry; in capability mode: AUIPCC (PCC-derived, flags 1; untagged when the
 * result is not representable in a 64-byte PCC), capability-relative
 * loads and stores (authority = c[rs1], an integer base register is a Tag violation with
 * its index), CJAL and CJALR links (sentries with flags 1), CJALR through a sentry with
 * imm != 0 (Seal violation); CInvoke (c31 := unsealed data capability, target PCC
 * unsealed, no link) and each of its faults (Tag, Seal, Type, PermitCInvoke,
 * PermitExecute on both sides, Length); JALR.CAP faults (Tag, Seal, Execute, Length);
 * JALR.PCC; integer jumps and branches out of a narrowed PCC (Length, idx 0x20, at the
 * jump).
 */
#include "cheri_test.h"

    .option norvc
    .option norelax

#define NARROW_LEN 28                /* narrow_end - narrow_start, checked at the end */

    .bss
    .balign 64
buf:
    .zero   64
saved:                              /* capabilities recorded by the code under test */
    .zero   16 * 10

/* creg := PCC with address = label (clobbers t0). */
.macro PCCAT creg, label
    CGETPCC(\creg)
    la      t0, \label
    CSETADDR(\creg, \creg, t0)
.endm

/* creg := saved[i] */
.macro SAVED creg, i
    la      \creg, saved
    LC(\creg, (16 * \i), \creg)
.endm

CTEST_BEGIN
    la      tp, saved                /* callees use tp, not la (v8 relocates PC-relative values) */
    la      t0, buf
    li      t1, 0x1122334455667788
    sd      t1, 0(t0)

    /* ---- JALR.CAP in integer mode: link sentry, target PCC ---- */
    PCCAT   s0, callee_int
    JALR_CAP(s1, s0)
ret_int:
    CHECK_CAPR "jalr.cap link", s1, 1, 0, -1, ret_int, 0, 0x78fff, -2
    CHECK_OP "jalr.cap link flags", cgetflags, s1, 0
    SAVED   s2, 0
    CHECK_CAPR "callee pcc", s2, 1, 0, -1, callee_int, 0, 0x78fff, -1
    /* through a sentry: the callee's PCC is unsealed */
    PCCAT   s0, callee_int
    CSEALENTRY(s0, s0)
    JALR_CAP(s1, s0)
    SAVED   s2, 0
    CHECK_OP "sentry callee pcc type", cgettype, s2, -1
    CHECK_OP "sentry callee pcc tag", cgettag, s2, 1
    CHECK_OP "sentry link type", cgettype, s1, -2
    /* a bounded code capability: PCC bounds follow */
    PCCAT   s0, callee_int
    li      t0, 64
    CSETBOUNDS(s0, s0, t0)
    JALR_CAP(s1, s0)
    SAVED   s2, 0
    CHECK_OP "bounded callee pcc len", cgetlen, s2, 64
    CHECK_REL "bounded callee pcc base", s2, callee_int, 0

    /* ---- JALR.CAP faults (mepc = the jump; nothing is written) ---- */
    TRAP_RESET
    PCCAT   s0, callee_int
    CCLEARTAG(s1, s0)
    li      s3, 0x5a
1:  JALR_CAP(s3, s1)
    CHECK_CHERI_TRAP "jalr.cap untagged", 9, CAPEX_TAG, 1b
    CHECK   "jalr.cap untagged: link not written", s3, 0x5a
    ROOTAT  s1, 5
    CSEAL(s1, s0, s1)
1:  JALR_CAP(s3, s1)
    CHECK_CHERI_TRAP "jalr.cap sealed(5)", 9, CAPEX_SEAL, 1b
    ANDPERM s1, s0, ~PERM_EXECUTE
1:  JALR_CAP(s3, s1)
    CHECK_CHERI_TRAP "jalr.cap no Execute", 9, CAPEX_PERMIT_EXECUTE, 1b
    ANDPERM s1, s0, ~PERM_EXECUTE
    CSEALENTRY(s1, s1)
1:  JALR_CAP(s3, s1)
    CHECK_CHERI_TRAP "jalr.cap sentry without Execute", 9, CAPEX_PERMIT_EXECUTE, 1b
    li      t0, 2
    CSETBOUNDS(s1, s0, t0)            /* [callee_int, +2): no room for a 4-byte insn... */
    TRAP_RESUME_AT 2f
    JALR_CAP(s3, s1)                  /* ...but the jump only needs 2 (RVC is on) */
2:  CHECK_TRAP "jalr.cap [callee,+2) fetch", CAUSE_CHERI, CHERI_TVAL(CAP_IDX_PCC, CAPEX_LENGTH), callee_int
    CHECK_OP "jalr.cap [callee,+2) link tag", cgettag, s3, 1
    li      t0, 0x40
    CSETBOUNDS(s1, s0, t0)
    li      t0, 0x40
    CINCOFFSET(s1, s1, t0)
1:  JALR_CAP(s3, s1)
    CHECK_CHERI_TRAP "jalr.cap at top", 9, CAPEX_LENGTH, 1b
    /* a sealed, untagged, no-X capability: Tag first */
    ANDPERM s1, s0, ~PERM_EXECUTE
    CSEALENTRY(s1, s1)
    CCLEARTAG(s1, s1)
1:  JALR_CAP(s3, s1)
    CHECK_CHERI_TRAP "jalr.cap untagged sealed no-X", 9, CAPEX_TAG, 1b

    /* ---- JALR.PCC: an integer jump and link ---- */
    la      t0, callee_pcc
    JALR_PCC(s1, t0)
ret_pcc:
    CHECK_CAPR "jalr.pcc link", s1, 0, 0, -1, ret_pcc, 0, 0, -1

    /* ---- capability mode ---- */
    MKCAPL  s4, buf, 64               /* data capability for the capability-mode code */
    MKCAPL  s6, saved, 128            /* where it records what it saw */
    PCCAT   s0, capmode
    li      t0, 1
    CSETFLAGS(s0, s0, t0)
    JALR_CAP(s1, s0)
ret_cap:
    CHECK_OP "after capmode: pcc flags", cgetflags, s1, 0
    CGETPCC(s2)
    CHECK_OP "back in integer mode: pcc flags", cgetflags, s2, 0
    CHECK   "capmode ld via s4", s5, 0x1122334455667788
    la      t0, buf
    ld      s5, 8(t0)
    CHECK   "capmode sd via s4", s5, 0x55aa
    SAVED   s2, 1
    CHECK_OP "auipcc tag", cgettag, s2, 1
    CHECK_OP "auipcc flags", cgetflags, s2, 1
    CHECK_OP "auipcc len", cgetlen, s2, -1
    CHECK_REL "auipcc addr-label", s2, capmode_auipcc, 0
    SAVED   s2, 2
    CHECK_OP "auipcc 1 tag", cgettag, s2, 1
    CHECK_REL "auipcc 1 addr-label", s2, capmode_auipcc1, 0x1000
    SAVED   s2, 3
    CHECK_OP "cjal link type", cgettype, s2, -2
    CHECK_OP "cjal link flags", cgetflags, s2, 1
    CHECK_REL "cjal link addr-label", s2, capmode_cjal_ret, 0
    SAVED   s2, 4
    CHECK_OP "cjalr link type", cgettype, s2, -2
    CHECK_OP "cjalr link flags", cgetflags, s2, 1
    CHECK_REL "cjalr link addr-label", s2, capmode_cjalr_ret, 0
    /* the traps taken in capability mode, in order */
    TRAP_FIELD s2, TS_COUNT
    CHECK   "capmode traps", s2, 3
    SAVED   s2, 5
    CHECK   "capmode ld via integer: mcause", s2, CAUSE_CHERI
    SAVED   s2, 6
    CHECK   "capmode ld via integer: mtval", s2, CHERI_TVAL(28, CAPEX_TAG)
    TRAP_CFIELD s2, CTS_FIRST_MEPCC
    CHECK_OP "capmode trap: mepcc flags", cgetflags, s2, 1
    CHECK_OP "capmode trap: mepcc type", cgettype, s2, -1
    CHECK_REL "capmode trap: mepcc addr-label", s2, capmode_fault1, 0
    TRAP_CFIELD s2, CTS_HPCC
    CHECK_OP "capmode trap: handler pcc flags", cgetflags, s2, 0
    SAVED   s2, 7
    CHECK   "cjalr sentry imm 4: mtval", s2, CHERI_TVAL(25, CAPEX_SEAL)
    TRAP_FIELD s2, TS_TVAL
    CHECK   "capmode ld via c0: mtval", s2, CHERI_TVAL(0, CAPEX_TAG)
    TRAP_RESET

    /* ---- AUIPCC with a 64-byte PCC: an unrepresentable result is untagged ---- */
    PCCAT   s0, capsmall
    li      t0, 64
    CSETBOUNDS(s0, s0, t0)
    li      t0, 1
    CSETFLAGS(s0, s0, t0)
    JALR_CAP(s1, s0)
    SAVED   s2, 8
    CHECK_OP "auipcc 0 in [capsmall,+64): tag", cgettag, s2, 1
    CHECK_OP "auipcc 0 in [capsmall,+64): len", cgetlen, s2, 64
    CHECK_OP "auipcc 0 in [capsmall,+64): flags", cgetflags, s2, 1
    CHECK_REL "auipcc 0 in [capsmall,+64): addr-capsmall", s2, capsmall, 0
    SAVED   s2, 9
    CHECK_OP "auipcc 0x100 in [capsmall,+64): tag", cgettag, s2, 0
    CHECK_REL "auipcc 0x100 in [capsmall,+64): addr-label", s2, capsmall_auipcc1, 0x100000
    TRAP_RESET

    /* ---- CInvoke ---- */
    ROOTAT  s3, 9                     /* sealing capability, otype 9 */
    PCCAT   s0, invoked
    CSEAL(s0, s0, s3)                 /* sealed code */
    MKCAPL  s1, buf, 64
    ANDPERM s1, s1, ~PERM_EXECUTE
    CSEAL(s1, s1, s3)                 /* sealed data */
    PCCAT   s8, ret_invoke
    CSEALENTRY(s8, s8)                /* the way back */
    CMOVE(t6, s11)
    CINVOKE(s0, s1)
    unimp
ret_invoke:
    SAVED   s2, 0
    CHECK_OP "cinvoke: callee pcc type", cgettype, s2, -1
    CHECK_REL "cinvoke: callee pcc addr", s2, invoked, 0
    SAVED   s2, 1
    CHECK_OP "cinvoke: c31 tag", cgettag, s2, 1
    CHECK_OP "cinvoke: c31 len", cgetlen, s2, 64
    CHECK_OP "cinvoke: c31 offset", cgetoffset, s2, 0
    CHECK_REL "cinvoke: c31 addr-buf", s2, buf, 0
    CHECK_OP "cinvoke: c31 perm", cgetperm, s2, 0x78ffd
    CHECK_OP "cinvoke: c31 type", cgettype, s2, -1
    SAVED   s2, 2
    CHECK   "cinvoke: ra untouched", s2, 0x77
    CHECK_NO_TRAP "cinvoke"
    /* faults: mepc = the CInvoke, c31 unchanged */
    CMOVE(s6, s0)                     /* good code */
    CMOVE(s7, s1)                     /* good data */
.macro INVOKE_FAULT name, cs1, cs2, idx, code
    CMOVE(t6, s11)
1:  CINVOKE(\cs1, \cs2)
    CHECK_CHERI_TRAP "\name", \idx, \code, 1b
    CSEQX(s2, t6, s11)
    CHECK   "\name: c31 unchanged", s2, 1
.endm
    CCLEARTAG(s0, s6)
    INVOKE_FAULT "cinvoke untagged code", s0, s7, 8, CAPEX_TAG
    CCLEARTAG(s1, s7)
    INVOKE_FAULT "cinvoke untagged data", s6, s1, 9, CAPEX_TAG
    PCCAT   s0, invoked
    INVOKE_FAULT "cinvoke unsealed code", s0, s7, 8, CAPEX_SEAL
    MKCAPL  s1, buf, 64
    INVOKE_FAULT "cinvoke unsealed data", s6, s1, 9, CAPEX_SEAL
    PCCAT   s0, invoked
    CSEALENTRY(s0, s0)
    INVOKE_FAULT "cinvoke sentry code", s0, s7, 8, CAPEX_SEAL
    ROOTAT  s2, 10
    MKCAPL  s1, buf, 64
    ANDPERM s1, s1, ~PERM_EXECUTE
    CSEAL(s1, s1, s2)
    INVOKE_FAULT "cinvoke otype mismatch", s6, s1, 22, CAPEX_TYPE
    PCCAT   s0, invoked
    ANDPERM s0, s0, ~PERM_CINVOKE
    CSEAL(s0, s0, s3)
    INVOKE_FAULT "cinvoke code without CInvoke", s0, s7, 8, CAPEX_PERMIT_CINVOKE
    MKCAPL  s1, buf, 64
    ANDPERM s1, s1, ~(PERM_EXECUTE | PERM_CINVOKE)
    CSEAL(s1, s1, s3)
    INVOKE_FAULT "cinvoke data without CInvoke", s6, s1, 9, CAPEX_PERMIT_CINVOKE
    PCCAT   s0, invoked
    ANDPERM s0, s0, ~PERM_EXECUTE
    CSEAL(s0, s0, s3)
    INVOKE_FAULT "cinvoke code without Execute", s0, s7, 8, CAPEX_PERMIT_EXECUTE
    MKCAPL  s1, buf, 64
    CSEAL(s1, s1, s3)
    INVOKE_FAULT "cinvoke data with Execute", s6, s1, 9, CAPEX_PERMIT_EXECUTE
    PCCAT   s0, invoked
    li      t0, 0x10
    CSETBOUNDS(s0, s0, t0)
    li      t0, 0x10
    CINCOFFSET(s0, s0, t0)
    CSEAL(s0, s0, s3)
    INVOKE_FAULT "cinvoke code at top", s0, s7, 8, CAPEX_LENGTH
    /* priority: untagged code and unsealed data -> Tag on the code */
    CCLEARTAG(s0, s6)
    MKCAPL  s1, buf, 64
    INVOKE_FAULT "cinvoke untagged code, unsealed data", s0, s1, 8, CAPEX_TAG

    /* ---- integer jumps and branches with a narrowed PCC (Length, idx 0x20) ---- */
    PCCAT   s0, narrow_start
    la      t0, narrow_end
    la      t1, narrow_start
    sub     t0, t0, t1
    CSETBOUNDS(s0, s0, t0)
    TRAP_RESET
    TRAP_RESUME_AT 2f
    JALR_CAP(ra, s0)
2:  CHECK_TRAP "narrow: jal out of bounds", CAUSE_CHERI, CHERI_TVAL(CAP_IDX_PCC, CAPEX_LENGTH), narrow_jal
    TRAP_CFIELD s2, CTS_MEPCC
    CHECK_OP "narrow: mepcc len", cgetlen, s2, NARROW_LEN
    TRAP_RESUME_AT 2f
    PCCAT   s0, narrow_start
    la      t0, narrow_end
    la      t1, narrow_start
    sub     t0, t0, t1
    CSETBOUNDS(s0, s0, t0)
    CINCOFFSETIMM(s0, s0, 4)
    JALR_CAP(ra, s0)
2:  CHECK_TRAP "narrow: beq out of bounds", CAUSE_CHERI, CHERI_TVAL(CAP_IDX_PCC, CAPEX_LENGTH), narrow_br
    TRAP_RESUME_AT 2f
    CINCOFFSETIMM(s0, s0, 4)
    JALR_CAP(ra, s0)
2:  CHECK_TRAP "narrow: jalr out of bounds", CAUSE_CHERI, CHERI_TVAL(CAP_IDX_PCC, CAPEX_LENGTH), narrow_jalr_insn
    CHECK   "narrow: jalr link not written", s5, 0x99
TEST_END cheri_ctrl

/* ---------------- code under test ---------------- */
    .balign 16
callee_int:                          /* saved[0] := PCC; return through the link in s1 */
    CGETPCC(t0)
    SC(t0, 0, tp)
    JALR_CAP(x0, s1)

callee_pcc:                          /* integer return through s1 */
    jalr    x0, 0(s1)

    .balign 16
invoked:                             /* CInvoke target: record PCC, c31, ra; return via s8 */
    CGETPCC(t0)
    SC(t0, 0, tp)
    SC(t6, 16, tp)
    li      t0, 0x77
    sd      t0, 32(tp)
    JALR_CAP(x0, s8)

    .balign 16
capmode:                             /* entered with PCC.flags = 1, link in s1 */
    ld      s5, 0(s4)                /* capability-relative: via s4 */
    li      t0, 0x55aa
    sd      t0, 8(s4)
capmode_auipcc:
    AUIPCC(t2, 0)
    CMOVE(t4, s6)                    /* capability to saved */
    sc      t2, 16(t4)               /* (the macro; CSC via t4) */
capmode_auipcc1:
    AUIPCC(t2, 1)
    sc      t2, 32(t4)
    CJAL(ra, capmode_sub)
capmode_cjal_ret:
    sc      ra, 48(t4)
    CGETPCC(t0)
    la      t1, capmode_sub2
    CSETADDR(t0, t0, t1)
    CJALR(ra, 0, t0)
capmode_cjalr_ret:
    sc      ra, 64(t4)
    /* faults in capability mode (the handler returns to the next instruction, same mode) */
    li      t3, 0x80000000
capmode_fault1:
    ld      t1, 0(t3)                /* t3 is an integer: Tag violation, idx 28 */
    csrr    t0, mcause
    sd      t0, 80(t4)
    csrr    t0, mtval
    sd      t0, 96(t4)
    CGETPCC(t0)
    la      t1, capmode_sub2
    CSETADDR(t0, t0, t1)
    CSEALENTRY(s9, t0)
    CJALR(ra, 4, s9)                 /* sentry with imm != 0: Seal violation, idx 25 */
    csrr    t0, mtval
    sd      t0, 112(t4)
    ld      t1, 0(zero)              /* c0 = NULL: Tag violation, idx 0 */
    CJALR(x0, 0, s1)                 /* back through the link: integer mode */

capmode_sub:
    CJALR(x0, 0, ra)
capmode_sub2:
    CJALR(x0, 0, ra)

    .balign 64
capsmall:                            /* capability mode, PCC = [capsmall, +64); link in s1 */
    AUIPCC(t0, 0)
    addi    t1, tp, 128
    SC_DDC(t0, t1)
capsmall_auipcc1:
    AUIPCC(t0, 0x100)
    addi    t1, tp, 144
    SC_DDC(t0, t1)
    JALR_CAP(x0, s1)

    .balign 16
narrow_start:
narrow_jal:
    j       1f                       /* target outside PCC */
narrow_br:
    beq     zero, zero, 1f
narrow_jalr:
    li      s5, 0x99
    la      t0, 1f
narrow_jalr_insn:
    jalr    s5, 0(t0)
    unimp
narrow_end:
    unimp
    unimp
1:  unimp

