/*
 * cheri_umode.S - a confined U-mode compartment in the style of the cVMs (spec §8): MRET
 * to U with MEPCC = a code capability without Access_System_Registers and DDC = a 64-byte
 * data capability; from U: loads and stores inside DDC work, outside it they raise a
 * Length violation (idx 0x21) taken to M with MEPCC = the U PCC; CSpecialRW of MTCC /
 * MScratchC / MEPCC and CSR accesses are illegal instructions (privilege is checked
 * before ASR: spec §4.6, §5.3), with or without ASR in PCC; MRET is illegal; CSpecialRW DDC and PCC reads work without ASR; a
 * compartment that holds a wider capability can install it as DDC (so the monitor must
 * clear registers on entry); ECALL returns to M (cause 8); a machine timer interrupt
 * preempts the compartment (MEPCC = its PCC, MPP = U, the handler sees its DDC) and
 * returns to it.
 *
 * Every case is "MRET to a U stub `insn; ecall`, back in M through the ECALL".
 *
 * Sail vs QEMU-CHERI (not in spec §10; .expected = Sail, DIVERGENCES.md): CSpecialRW of an
 * M-mode SCR from U with a PCC that lacks ASR is an illegal instruction in Sail (privilege
 * first); QEMU raises the ASR violation (0x20 | scr) instead.
 */
#include "cheri_test.h"

    .bss
    .balign 64
buf:
    .zero   256

/*
 * Run `insn` in U with PCC = s3 (no ASR) and DDC = s4, then come back to M through the
 * stub's ECALL (trap_state.uexit). The handler restores the U DDC on the way back, so the
 * root DDC is put back first. Clobbers t0, t1.
 */
.macro IN_CU insn:vararg
    IN_CU_PCC s3, \insn
.endm

/* The same with PCC = `pcc` */
.macro IN_CU_PCC pcc, insn:vararg
    TRAP_RESET
    la      t0, 875f
    la      t1, trap_state
    sd      t0, TS_UEXIT(t1)
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0             /* MPP = U */
    la      t0, 874f
    CSETADDR(t0, \pcc, t0)
    CSPECIALW(x31, t0)              /* MEPCC = the compartment's PCC at the stub */
    CSETDDC(s4)
    mret
874:
    \insn
    ecall
875:
    RESTORE_DDC
.endm

/* The stub ran without a trap: only its ECALL from U. */
.macro CHECK_U_NOTRAP name
    TRAP_FIELD s10, TS_COUNT
    CHECK   "\name traps (incl. ecall)", s10, 1
    TRAP_FIELD s10, TS_CAUSE
    CHECK   "\name ecall from U", s10, CAUSE_ECALL_U
    TRAP_RESET
.endm

/* CHECK_U_TRAP for a trap at stub + off. */
.macro CHECK_U_TRAP_AT name, cause, tval, off
    TRAP_FIELD s10, TS_COUNT
    CHECK   "\name traps (incl. ecall)", s10, 2
    TRAP_FIELD s10, TS_FIRST_CAUSE
    CHECK   "\name mcause", s10, \cause
    TRAP_FIELD s10, TS_FIRST_TVAL
    CHECK   "\name mtval", s10, \tval
    TRAP_FIELD s10, TS_FIRST_EPC
    la      t0, 874b
    sub     s10, s10, t0
    CHECK   "\name mepc-stub", s10, \off
    TRAP_FIELD s10, TS_CAUSE
    CHECK   "\name then ecall from U", s10, CAUSE_ECALL_U
    TRAP_RESET
.endm

/* A U-mode loop of 1000 iterations (s5 counts). */
.macro U_LOOP
    li      s5, 0
    li      t1, 1000
877:
    addi    s5, s5, 1
    blt     s5, t1, 877b
.endm

/* Two-instruction stubs (a ';' would end the IN_CU line itself). */
.macro DDC_ROOT_LOAD
    CSETDDC(s11)
    ld      s5, 128(s9)
.endm
.macro DDC_A5_LOAD
    CSETDDC(a5)
    ld      s5, 128(s9)
.endm

CTEST_BEGIN
    U_MODE_SETUP
    la      s9, buf
    li      t0, 0x0123456789abcdef
    sd      t0, 0(s9)
    sd      t0, 128(s9)
    MKCAPL  s4, buf, 64             /* the compartment's DDC */
    ANDPERM s4, s4, ~(PERM_STORE_CAP | PERM_STORE_LOCAL_CAP | PERM_EXECUTE)
    CGETPCC(s3)
    ANDPERM s3, s3, ~PERM_ACCESS_SYS_REGS

    li      s5, 0
    IN_CU   ld s5, 0(s9)
    CHECK_U_NOTRAP "U ld inside DDC"
    CHECK   "U ld inside DDC value", s5, 0x0123456789abcdef
    li      s5, 0
    IN_CU   ld s5, 64(s9)
    CHECK_U_TRAP "U ld outside DDC", CAUSE_CHERI, CHERI_TVAL(CAP_IDX_DDC, CAPEX_LENGTH)
    CHECK   "U ld outside DDC: rd unchanged", s5, 0
    IN_CU   sd zero, -8(s9)
    CHECK_U_TRAP "U sd below DDC", CAUSE_CHERI, CHERI_TVAL(CAP_IDX_DDC, CAPEX_LENGTH)
    TRAP_CFIELD s2, CTS_FIRST_MEPCC
    CHECK_OP "U fault: mepcc perm", cgetperm, s2, 0x78bff
    CHECK_OP "U fault: mepcc type", cgettype, s2, -1
    CHECK_OP "U fault: mepcc tag", cgettag, s2, 1
    IN_CU   SC(s11, 16, s9)
    CHECK_U_TRAP "U sc root via DDC without StoreCap", CAUSE_CHERI, CHERI_TVAL(CAP_IDX_DDC, CAPEX_PERMIT_STORE_CAP)
    IN_CU   CSPECIALRW_MTCC(t0, x0)
    CHECK_U_TRAP "U cspecialrw mtcc", CAUSE_ILLEGAL, 0x03c002db
    IN_CU   CSPECIALRW_MSCRATCHC(t0, x0)
    CHECK_U_TRAP "U cspecialrw mscratchc", CAUSE_ILLEGAL, 0x03e002db
    IN_CU   CSPECIALRW_MEPCC(t0, s11)
    CHECK_U_TRAP "U cspecialrw mepcc write", CAUSE_ILLEGAL, 0x03fd82db
    /* the same from U with a PCC that has ASR: still illegal (privilege) */
    CGETPCC(s8)
    IN_CU_PCC s8, CSPECIALRW_MTCC(t0, x0)
    CHECK_U_TRAP "U with ASR: cspecialrw mtcc", CAUSE_ILLEGAL, 0x03c002db
    IN_CU_PCC s8, csrr t0, mscratch
    CHECK_U_TRAP "U with ASR: csrr mscratch", CAUSE_ILLEGAL, 0x340022f3
    IN_CU   csrr t0, mscratch
    CHECK_U_TRAP "U csrr mscratch", CAUSE_ILLEGAL, 0x340022f3
    IN_CU   mret
    CHECK_U_TRAP "U mret", CAUSE_ILLEGAL, 0x30200073
    IN_CU   CGETDDC(s6)
    CHECK_U_NOTRAP "U cspecialrw ddc read"
    CSEQX(s2, s6, s4)
    CHECK   "U cspecialrw ddc read = its DDC", s2, 1
    IN_CU   CGETPCC(s7)
    CHECK_U_NOTRAP "U cspecialrw pcc read"
    CHECK_OP "U pcc perm (no ASR)", cgetperm, s7, 0x78bff
    CHECK_REL "U pcc addr-stub", s7, 874b, 0
    /* a compartment that still holds root escapes its DDC (what the monitor must prevent) */
    li      s5, 0
    IN_CU   DDC_ROOT_LOAD
    CHECK_U_NOTRAP "U installs root as DDC, then loads outside"
    CHECK   "U installs root as DDC: value", s5, 0x0123456789abcdef
    /* ...and one that was given only NULL registers cannot */
    CMOVE(a5, x0)
    li      s5, 0
    IN_CU   DDC_A5_LOAD
    CHECK_U_TRAP_AT "U installs NULL as DDC, then loads", CAUSE_CHERI, CHERI_TVAL(CAP_IDX_DDC, CAPEX_TAG), 4

    /* a timer interrupt preempts the compartment: taken to M with MEPCC = its PCC (no ASR),
       MPP = U, DDC untouched; the handler disables the timer and returns to U */
    csrci   mstatus, MSTATUS_MIE    /* (MRETs have set it) no interrupt in M */
    li      t0, CLINT_MTIMECMP
    sd      zero, 0(t0)             /* MTIP pending now; taken as soon as U runs */
    li      t0, MIP_MTIP
    csrs    mie, t0
    IN_CU   U_LOOP
    li      t0, MIP_MTIP
    csrc    mie, t0                 /* (the handler already did) */
    TRAP_FIELD s2, TS_COUNT
    CHECK   "U timer: traps (incl. ecall)", s2, 2
    TRAP_FIELD s2, TS_FIRST_CAUSE
    CHECK   "U timer: mcause", s2, IRQ_M_TIMER
    TRAP_FIELD s2, TS_FIRST_MSTATUS
    li      t0, MSTATUS_MPP
    and     s2, s2, t0
    CHECK   "U timer: mstatus.MPP", s2, 0
    TRAP_CFIELD s2, CTS_FIRST_MEPCC
    CHECK_OP "U timer: mepcc perm", cgetperm, s2, 0x78bff
    CHECK_OP "U timer: mepcc tag", cgettag, s2, 1
    TRAP_FIELD s2, TS_FIRST_EPC
    la      t0, 874b
    sub     s2, s2, t0
    CHECK   "U timer: mepc-stub (before its first instruction)", s2, 0
    TRAP_CFIELD s2, CTS_SAVE_DDC
    CSEQX(s3, s2, s4)
    CHECK   "U timer: DDC seen by the handler = the compartment's", s3, 1
    CHECK   "U timer: loop completed", s5, 1000
    TRAP_RESET
TEST_END cheri_umode
