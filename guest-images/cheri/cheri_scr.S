/*
 * cheri_scr.S - special capability registers and traps (spec §4.6, §7):
 *   reset values of MScratchC, MTDC, MEPCC; CSpecialRW on PCC (read = this instruction's
 *   address; a write is an illegal instruction), DDC (verbatim, no ASR needed), MTDC,
 *   MScratchC (independent of the integer mscratch), MTCC (a sealed value is untagged on
 *   write; csr mtvec = MTCC.address; the reserved mode 2 keeps the old mode), MEPCC
 *   (verbatim: a sentry stays a sentry; csrw mepc on a sentry untags it; reads clear
 *   address bit 0, untagging a sealed value; MRET to an odd address clears bit 0; MRET to
 *   an odd sentry gives an untagged unsealed PCC and a fetch Tag violation);
 *   MTCC writes: reserved mode 2 keeps the old mode, mode 1 is kept, `csrw mtvec` outside
 *   the representable window of a narrowed MTCC clears its tag;
 *   nonexistent SCRs (2, 4 without N) are illegal;
 *   trap entry: PCC := MTCC (bounds of a narrowed MTCC seen by the handler), MEPCC := PCC
 *   with the faulting address, unsealed; MRET: PCC := MEPCC, a sentry unsealed, flags
 *   give the mode, a sealed (otype 5) MEPCC faults at the next fetch (Seal, idx 0x20);
 *   Access_System_Registers: code whose PCC lacks ASR traps on CSR access, CSpecialRW
 *   of MScratchC (idx 0x3e) and MTCC (0x3c) and MRET; a CSpecialRW write to PCC is still an
 *   illegal instruction (checked before ASR); DDC stays accessible; counters stay readable.
 *
 * Sail vs QEMU-CHERI (spec §10 and §7.3; .expected = Sail, DIVERGENCES.md): MEPCC after MRET to
 * an odd sentry (Sail unseals the untagged value, QEMU keeps it sealed); mtval of a CSR access
 * without ASR (Sail 0x418, QEMU 0x18); mtvec mode-2 write (Sail: address updated, mode kept;
 * QEMU: write ignored). rdcycle without ASR follows the spec/QEMU whitelist as spec §10
 * recommends (Sail would trap).
 */
#include "cheri_test.h"

    .option norvc
    .option norelax

    .bss
    .balign 16
saved:
    .zero   16 * 12

.macro PCCAT creg, label
    CGETPCC(\creg)
    la      t0, \label
    CSETADDR(\creg, \creg, t0)
.endm

.macro SAVED creg, i
    la      \creg, saved
    LC(\creg, (16 * \i), \creg)
.endm

    .text
    .globl main
main:
    addi    sp, sp, -16
    sd      ra, 8(sp)
    /* reset values, before anything writes them (crt0 wrote only mtvec) */
    CSPECIALR(s5, x30)
    CSPECIALR(s6, x29)
    CSPECIALR(s7, x31)
    CGETDDC(s11)
    CSPECIALW(x30, s11)
    la      tp, saved
    la      t0, cheri_trap_handler
    csrw    mtvec, t0
    TRAP_RESET
    CHECK_CAP "reset mscratchc", s5, 0, 0, -1, 0, 0, -1
    CHECK_CAP "reset mtdc", s6, 0, 0, -1, 0, 0, -1
    CHECK_CAP "reset mepcc", s7, 1, 0, -1, 0, 0x78fff, -1
    CHECK_OP "reset mepcc flags", cgetflags, s7, 0
    CHECK_OP "reset ddc flags", cgetflags, s11, 0

    /* ---- PCC ---- */
1:  CSPECIALRW(a0, x0, a1)            /* PCC with cs1 != 0: illegal */
    CHECK_TRAP "cspecialrw pcc write", CAUSE_ILLEGAL, 0x0205855b, 1b
1:  .insn r CHERI_OPCODE, 0, 0x01, a0, x0, x2   /* SCR 2: does not exist */
    CHECK_TRAP "cspecialrw scr 2", CAUSE_ILLEGAL, 0x0220055b, 1b

    /* ---- DDC, MTDC, MScratchC: verbatim ---- */
    MKCAP   s0, 0x1000, 0x10
    CSEALENTRY(s0, s0)
    CSPECIALRW_DDC(s1, s0)
    CSPECIALRW_DDC(s2, s1)
    CSEQX(s3, s1, s11)
    CHECK   "cspecialrw ddc old = root", s3, 1
    CSEQX(s3, s2, s0)
    CHECK   "cspecialrw ddc sentry kept", s3, 1
    CSPECIALRW_MTDC(s1, s0)
    CSPECIALRW_MTDC(s2, x0)
    CSEQX(s3, s2, s0)
    CHECK   "cspecialrw mtdc sentry kept", s3, 1
    CSPECIALRW_MSCRATCHC(s1, s0)
    li      t0, 0x1234
    csrw    mscratch, t0
    CSPECIALRW_MSCRATCHC(s2, s1)      /* root back */
    CSEQX(s3, s2, s0)
    CHECK   "mscratchc unaffected by csrw mscratch", s3, 1
    csrr    s3, mscratch
    CHECK   "mscratch unaffected by mscratchc", s3, 0x1234

    /* ---- MTCC ---- */
    CSPECIALR(s1, x28)
    csrr    t0, mtvec
    sub     s2, s1, t0
    CHECK   "mtcc addr = mtvec", s2, 0
    CHECK_REL "mtcc addr-handler", s1, cheri_trap_handler, 0
    CHECK_OP "mtcc tag", cgettag, s1, 1
    CHECK_OP "mtcc len", cgetlen, s1, -1
    /* a sentry written to MTCC loses its tag (nothing may trap meanwhile) */
    CSEALENTRY(s2, s1)
    CSPECIALRW_MTCC(x0, s2)
    CSPECIALRW_MTCC(s3, s1)
    CHECK_OP "mtcc := sentry: tag", cgettag, s3, 0
    CHECK_OP "mtcc := sentry: type", cgettype, s3, -2
    /* mtvec mode 2 is reserved: Sail updates the address and keeps mode 0 */
    la      t0, cheri_trap_handler + 0x40
    ori     t0, t0, 2
    csrw    mtvec, t0
    csrr    s2, mtvec
    CSPECIALRW_MTCC(s3, s1)           /* restore */
    CHECK_REL "csrw mtvec mode 2: mtvec-handler", s2, cheri_trap_handler, 0x40
    CHECK_OP "csrw mtvec mode 2: mtcc tag", cgettag, s3, 1
    /* CSpecialRW MTCC with the reserved mode 2 in the address keeps the old mode (0) */
    la      t0, cheri_trap_handler + 2
    CSETADDR(s2, s1, t0)
    CSPECIALRW_MTCC(x0, s2)
    CSPECIALRW_MTCC(s3, s1)           /* restore, read what was written */
    CHECK_REL "cspecialrw mtcc mode 2: mtcc addr-handler", s3, cheri_trap_handler, 0
    CHECK_OP "cspecialrw mtcc mode 2: mtcc tag", cgettag, s3, 1
    la      t0, cheri_trap_handler + 1
    CSETADDR(s2, s1, t0)
    CSPECIALRW_MTCC(x0, s2)
    csrr    s4, mtvec
    CSPECIALRW_MTCC(x0, s1)
    CHECK_REL "cspecialrw mtcc mode 1: mtvec-handler", s4, cheri_trap_handler, 1
    /* csrw mtvec = CSetAddr on MTCC: an unrepresentable address clears the tag */
    PCCAT   s2, cheri_trap_handler
    li      t0, 0x400
    CSETBOUNDS(s2, s2, t0)
    CSPECIALRW_MTCC(x0, s2)
    la      t0, cheri_trap_handler + 0x100
    csrw    mtvec, t0
    CSPECIALR(s3, x28)
    la      t0, cheri_trap_handler + 0x100000
    csrw    mtvec, t0
    CSPECIALR(s4, x28)
    CSPECIALRW_MTCC(x0, s1)           /* restore */
    CHECK_OP "csrw mtvec in window: mtcc tag", cgettag, s3, 1
    CHECK_OP "csrw mtvec in window: mtcc len", cgetlen, s3, 0x400
    CHECK_REL "csrw mtvec in window: mtcc addr-handler", s3, cheri_trap_handler, 0x100
    CHECK_OP "csrw mtvec unrepresentable: mtcc tag", cgettag, s4, 0
    CHECK_REL "csrw mtvec unrepresentable: mtcc addr-handler", s4, cheri_trap_handler, 0x100000
    /* a narrowed MTCC: the handler runs with those bounds */
    PCCAT   s2, cheri_trap_handler
    li      t0, 0x400
    CSETBOUNDS(s2, s2, t0)
    CSPECIALRW_MTCC(s1, s2)
1:  ecall
    CSPECIALRW_MTCC(x0, s1)
    CHECK_TRAP "ecall with narrow mtcc", CAUSE_ECALL_M, 0, 1b
    TRAP_CFIELD s3, CTS_HPCC
    CHECK_OP "handler pcc len", cgetlen, s3, 0x400
    CHECK_OP "handler pcc offset (its CGetPCC)", cgetoffset, s3, 0x20
    CHECK_REL "handler pcc addr-handler", s3, cheri_trap_handler, 0x20
    /* MEPCC on trap entry: PCC with the faulting address, unsealed, tagged */
1:  ecall
    TRAP_CFIELD s3, CTS_MEPCC
    CHECK_CAPR "ecall mepcc", s3, 1, 0, -1, 1b, 0, 0x78fff, -1
    CHECK_OP "ecall mepcc flags", cgetflags, s3, 0
    TRAP_RESET

    /* ---- MEPCC and MRET ---- */
    li      t0, MSTATUS_MPP
    csrs    mstatus, t0
    PCCAT   s0, mret_target
    li      t0, 0x40
    CSETBOUNDS(s0, s0, t0)
    CSEALENTRY(s0, s0)
    CSPECIALRW_MEPCC(x0, s0)
    CSPECIALR(s1, x31)
    CSEQX(s2, s1, s0)
    CHECK   "mepcc := sentry kept", s2, 1
    csrr    s2, mepc
    CHECK_REL "csrr mepc (sentry)", s2, mret_target, 0
    PCCAT   s8, ret_mret
    CSEALENTRY(s8, s8)
    mret
ret_mret:
    SAVED   s2, 0
    CHECK_OP "mret to sentry: pcc tag", cgettag, s2, 1
    CHECK_OP "mret to sentry: pcc type", cgettype, s2, -1
    CHECK_OP "mret to sentry: pcc len", cgetlen, s2, 0x40
    CHECK_OP "mret to sentry: pcc offset", cgetoffset, s2, 0
    CHECK_REL "mret to sentry: pcc addr-target", s2, mret_target, 0
    CHECK_NO_TRAP "mret to sentry"
    /* reads of MEPCC clear address bit 0 (CSetAddr: a sealed value loses its tag) */
    PCCAT   s5, mret_target + 1
    CSPECIALRW_MEPCC(x0, s5)
    CSPECIALR(s1, x31)
    csrr    s2, mepc
    CHECK_OP "mepcc odd: read tag", cgettag, s1, 1
    CHECK_REL "mepcc odd: read addr-target", s1, mret_target, 0
    CHECK_REL "mepcc odd: csrr mepc-target", s2, mret_target, 0
    CSEALENTRY(s5, s5)
    CSPECIALRW_MEPCC(x0, s5)
    CSPECIALR(s1, x31)
    CHECK_OP "mepcc odd sentry: read tag", cgettag, s1, 0
    CHECK_OP "mepcc odd sentry: read type", cgettype, s1, -2
    CHECK_REL "mepcc odd sentry: read addr-target", s1, mret_target, 0
    /* MRET to an odd MEPCC: pc = address with bit 0 cleared */
    li      t0, MSTATUS_MPP
    csrs    mstatus, t0
    PCCAT   s5, mret_target + 1
    CSPECIALRW_MEPCC(x0, s5)
    PCCAT   s8, 3f
    CSEALENTRY(s8, s8)
    TRAP_RESET
    mret
3:  CHECK_NO_TRAP "mret to odd mepcc"
    SAVED   s2, 0
    CHECK_REL "mret to odd mepcc: pcc addr-target", s2, mret_target, 0
    /* MRET to a sentry with an odd address: the bit-0 clearing untags it (CSetAddr on a
       sealed value), then it is unsealed; the fetch raises a Tag violation (idx 0x20) */
    li      t0, MSTATUS_MPP
    csrs    mstatus, t0
    PCCAT   s5, mret_target + 1
    CSEALENTRY(s5, s5)
    CSPECIALRW_MEPCC(x0, s5)
    TRAP_RESET
    TRAP_RESUME_AT 2f
    mret
2:  CHECK_TRAP "mret to odd sentry", CAUSE_CHERI, CHERI_TVAL(CAP_IDX_PCC, CAPEX_TAG), mret_target
    TRAP_CFIELD s2, CTS_MEPCC
    CHECK_OP "mret to odd sentry: mepcc type", cgettype, s2, -1
    CHECK_OP "mret to odd sentry: mepcc tag", cgettag, s2, 0
    /* csrw mepc on a sentry MEPCC untags it */
    CSPECIALRW_MEPCC(x0, s0)
    la      t0, mret_target
    csrw    mepc, t0
    CSPECIALR(s1, x31)
    CHECK_OP "csrw mepc on sentry: tag", cgettag, s1, 0
    CHECK_OP "csrw mepc on sentry: type", cgettype, s1, -2
    /* MEPCC with flags 1: MRET enters capability mode */
    li      t0, MSTATUS_MPP
    csrs    mstatus, t0
    PCCAT   s0, mret_target
    li      t0, 1
    CSETFLAGS(s0, s0, t0)
    CSPECIALRW_MEPCC(x0, s0)
    PCCAT   s8, 3f
    CSEALENTRY(s8, s8)
    mret
3:  SAVED   s2, 0
    CHECK_OP "mret flags 1: pcc flags", cgetflags, s2, 1
    CHECK_REL "mret flags 1: pcc addr-target", s2, mret_target, 0
    /* MEPCC sealed with otype 5: MRET does not check; the fetch faults (Seal, idx 0x20) */
    li      t0, MSTATUS_MPP
    csrs    mstatus, t0
    PCCAT   s0, mret_target
    ROOTAT  s1, 5
    CSEAL(s0, s0, s1)
    CSPECIALRW_MEPCC(x0, s0)
    TRAP_RESET
    TRAP_RESUME_AT 2f
    mret
2:  CHECK_TRAP "mret to sealed(5)", CAUSE_CHERI, CHERI_TVAL(CAP_IDX_PCC, CAPEX_SEAL), mret_target
    TRAP_CFIELD s2, CTS_MEPCC
    CHECK_OP "mret to sealed(5): mepcc type", cgettype, s2, 5
    /* untagged MEPCC: Tag violation at the fetch */
    li      t0, MSTATUS_MPP
    csrs    mstatus, t0
    PCCAT   s0, mret_target
    CCLEARTAG(s0, s0)
    CSPECIALRW_MEPCC(x0, s0)
    TRAP_RESUME_AT 2f
    mret
2:  CHECK_TRAP "mret to untagged", CAUSE_CHERI, CHERI_TVAL(CAP_IDX_PCC, CAPEX_TAG), mret_target
    /* MEPCC without Execute */
    li      t0, MSTATUS_MPP
    csrs    mstatus, t0
    PCCAT   s0, mret_target
    ANDPERM s0, s0, ~PERM_EXECUTE
    CSPECIALRW_MEPCC(x0, s0)
    TRAP_RESUME_AT 2f
    mret
2:  CHECK_TRAP "mret to no-X", CAUSE_CHERI, CHERI_TVAL(CAP_IDX_PCC, CAPEX_PERMIT_EXECUTE), mret_target

    /* ---- code without Access_System_Registers (still M mode) ---- */
    PCCAT   s0, noasr
    ANDPERM s0, s0, ~PERM_ACCESS_SYS_REGS
    MKCAP   s4, 0x1000, 0x10
    TRAP_RESET
    JALR_CAP(s1, s0)
    TRAP_FIELD s2, TS_COUNT
    CHECK   "no-ASR traps", s2, 7
    SAVED   s2, 1
    CHECK   "no-ASR csrr mscratch mcause", s2, CAUSE_CHERI
    SAVED   s2, 2
    CHECK   "no-ASR csrr mscratch mtval", s2, CHERI_TVAL(CAP_IDX_PCC, CAPEX_ACCESS_SYS_REGS)
    SAVED   s2, 3
    CHECK   "no-ASR cspecialrw mscratchc mtval", s2, CHERI_TVAL(0x3e, CAPEX_ACCESS_SYS_REGS)
    SAVED   s2, 4
    CHECK   "no-ASR cspecialrw mtcc mtval", s2, CHERI_TVAL(0x3c, CAPEX_ACCESS_SYS_REGS)
    SAVED   s2, 5
    CHECK   "no-ASR mret mtval", s2, CHERI_TVAL(CAP_IDX_PCC, CAPEX_ACCESS_SYS_REGS)
    SAVED   s2, 11
    CHECK   "no-ASR cspecialrw pcc write mcause (illegal first)", s2, CAUSE_ILLEGAL
    SAVED   s2, 6
    CSEQX(s3, s2, s4)
    CHECK   "no-ASR cspecialrw ddc works", s3, 1
    SAVED   s2, 7
    CHECK   "no-ASR rdcycle nonzero", s2, 1
    TRAP_FIELD s2, TS_TVAL
    CHECK   "no-ASR csrw mtvec mtval", s2, CHERI_TVAL(CAP_IDX_PCC, CAPEX_ACCESS_SYS_REGS)
TEST_END cheri_scr

/* ---------------- code under test ---------------- */
    .balign 16
mret_target:                         /* saved[0] := PCC; back via s8 (either mode) */
    CGETPCC(t0)
    SC_DDC(t0, tp)                   /* tp = saved: no la under a narrowed PCC (v8 relocates) */
    JALR_CAP(x0, s8)

    .balign 16
noasr:                               /* runs with PCC lacking ASR; returns through s1 */
    la      t4, saved
    csrr    t0, mscratch             /* trap */
    csrr    t0, mcause               /* trap: no CSR is accessible */
    la      t5, trap_state
    ld      t0, TS_FIRST_CAUSE(t5)
    sd      t0, 16(t4)
    ld      t0, TS_FIRST_TVAL(t5)
    sd      t0, 32(t4)
    CSPECIALRW_MSCRATCHC(t0, x0)     /* trap: idx 0x3e */
    ld      t0, TS_TVAL(t5)
    sd      t0, 48(t4)
    CSPECIALRW_MTCC(t0, x0)          /* trap: idx 0x3c */
    ld      t0, TS_TVAL(t5)
    sd      t0, 64(t4)
    mret                             /* trap */
    ld      t0, TS_TVAL(t5)
    sd      t0, 80(t4)
    CSPECIALRW(t0, x0, t1)           /* PCC write: illegal comes before the ASR check */
    ld      t0, TS_CAUSE(t5)
    sd      t0, 176(t4)
    CSPECIALRW_DDC(t0, s4)           /* fine without ASR */
    CSPECIALRW_DDC(t1, t0)
    SC(t1, 96, t4)
    rdcycle t0                       /* counters: spec/QEMU whitelist, no trap */
    snez    t0, t0
    sd      t0, 112(t4)
    csrw    mtvec, zero              /* trap */
    JALR_CAP(x0, s1)
