/*
 * cheri_trap.S - the CHERI-aware recording trap handler of the CHERI conformance
 * programs (layout in conformance/test.h and cheri_test.h).
 *
 * Entry (PCC = MTCC, integer mode; DDC is whatever the trapping code had, spec §7.2):
 *   CSpecialRW MScratchC <-> t0   t0 = root, MScratchC = the trapped t0
 *   CSpecialRW DDC <-> t0         DDC = root, t0 = the trapped DDC
 *   CSpecialRW MTDC := t0         park the trapped DDC
 * then t1/t2 and the trapped DDC are saved as capabilities and the trap is recorded:
 * count, mcause, mepc, mtval, mstatus (first and last, as trap_support.S), MEPCC (last
 * and first) and the handler's own PCC.
 * Exit: after the trapping instruction (csrw mepc = CSetAddr on MEPCC, so the mode and
 * bounds of the trapped code are kept), or at trap_state.resume (cleared on use) in M
 * mode with MEPCC = the handler's PCC at that address (integer mode, root bounds). The
 * trapped DDC, t0, t1, t2 are restored and MScratchC holds root again.
 * Interrupts: recorded the same way; the source is silenced (software: msip = 0; timer:
 * mie.MTIE cleared) and the handler returns to the interrupted instruction.
 */
#include "cheri_test.h"

    .bss
    .balign 16
    .globl trap_state
trap_state:
    .zero   CTS_SIZE

    .text
    .balign 4
    .globl cheri_trap_handler
cheri_trap_handler:
    CSPECIALRW_MSCRATCHC(t0, t0)
    CSPECIALRW_DDC(t0, t0)
    CSPECIALW(x29, t0)
    la      t0, trap_state
    SC(t1, CTS_SAVE_T1, t0)
    SC(t2, CTS_SAVE_T2, t0)
    CSPECIALR(t1, x29)
    SC(t1, CTS_SAVE_DDC, t0)
    CGETPCC(t1)
    SC(t1, CTS_HPCC, t0)
    CSPECIALR(t1, x31)
    SC(t1, CTS_MEPCC, t0)

    ld      t1, TS_COUNT(t0)
    addi    t1, t1, 1
    sd      t1, TS_COUNT(t0)
    csrr    t2, mepc
    sd      t2, TS_EPC(t0)
    csrr    t2, mtval
    sd      t2, TS_TVAL(t0)
    csrr    t2, mstatus
    sd      t2, TS_MSTATUS(t0)
    csrr    t1, mcause
    sd      t1, TS_CAUSE(t0)
    ld      t2, TS_COUNT(t0)
    addi    t2, t2, -1
    bnez    t2, 1f
    sd      t1, TS_FIRST_CAUSE(t0)
    ld      t2, TS_EPC(t0)
    sd      t2, TS_FIRST_EPC(t0)
    ld      t2, TS_TVAL(t0)
    sd      t2, TS_FIRST_TVAL(t0)
    ld      t2, TS_MSTATUS(t0)
    sd      t2, TS_FIRST_MSTATUS(t0)
    LC(t2, CTS_MEPCC, t0)
    SC(t2, CTS_FIRST_MEPCC, t0)
1:  bltz    t1, .Linterrupt

    li      t2, CAUSE_ECALL_U
    bne     t1, t2, 1f
    ld      t2, TS_UEXIT(t0)
    bnez    t2, .Lresume
1:  ld      t2, TS_RESUME(t0)
    beqz    t2, .Lskip
    sd      zero, TS_RESUME(t0)
.Lresume:
    CGETPCC(t1)
    CSETADDR(t1, t1, t2)
    CSPECIALW(x31, t1)
    li      t1, MSTATUS_MPP
    csrs    mstatus, t1
    j       .Lout

.Lskip:
    /* Instruction length from the low two bits of its first halfword (ISA manual 1.5). */
    csrr    t2, mepc
    lhu     t1, 0(t2)
    andi    t1, t1, 3
    addi    t2, t2, 2
    li      t0, 3
    bne     t1, t0, 1f
    addi    t2, t2, 2
1:  csrw    mepc, t2

.Linterrupt:
    /* silence the source, return to the interrupted instruction (as trap_support.S) */
    slli    t1, t1, 1
    srli    t1, t1, 1
    li      t2, 7
    bne     t1, t2, 1f
    li      t1, MIP_MTIP             /* disable it: QEMU-CHERI 6.0's CLINT re-raises MTIP */
    csrc    mie, t1                  /* when mtimecmp is written with -1 */
    j       .Lout
1:  li      t2, 3
    bne     t1, t2, .Lout
    li      t1, CLINT_MSIP
    sw      zero, 0(t1)

.Lout:
    la      t0, trap_state
    LC(t1, CTS_SAVE_T1, t0)
    LC(t2, CTS_SAVE_T2, t0)
    LC(t0, CTS_SAVE_DDC, t0)
    CSPECIALRW_DDC(t0, t0)        /* DDC = trapped DDC, t0 = root */
    CSPECIALRW_MSCRATCHC(t0, t0)  /* MScratchC = root, t0 = trapped t0 */
    mret
