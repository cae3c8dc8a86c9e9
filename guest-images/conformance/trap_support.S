/*
 * trap_support.S - a trap handler that records what happened and carries on, for the
 * conformance programs (field layout and macros in test.h).
 *
 * Exceptions: records mcause/mepc/mtval/mstatus (also into the "first" fields if it is
 * the first trap since TRAP_RESET), then: an ECALL from U resumes at trap_state.uexit in
 * M mode (when set); otherwise execution resumes at trap_state.resume in M mode (when
 * set; cleared on use), or else after the trapping instruction (2 or 4 bytes, from its
 * low bits) in the mode it came from.
 * Interrupts: records the same and silences the source (mtimecmp = -1 for the timer,
 * msip = 0 for the software interrupt), then returns to the interrupted instruction.
 *
 * It preserves every register except mscratch (used to free one register on entry).
 */
#include "test.h"

    .bss
    .balign 8
    .globl trap_state
trap_state:
    .zero   TS_SIZE

    .text
    .balign 4
    .globl trap_handler
trap_handler:
    csrw    mscratch, t0
    la      t0, trap_state
    sd      t1, TS_SAVE + 0(t0)
    sd      t2, TS_SAVE + 8(t0)
    csrr    t1, mscratch
    sd      t1, TS_SAVE + 16(t0)

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
1:  bltz    t1, .Linterrupt

    li      t2, CAUSE_ECALL_U
    bne     t1, t2, 1f
    ld      t2, TS_UEXIT(t0)
    bnez    t2, .Lresume
1:  ld      t2, TS_RESUME(t0)
    beqz    t2, .Lskip
    sd      zero, TS_RESUME(t0)
.Lresume:
    csrw    mepc, t2
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
    j       .Lout

.Linterrupt:
    slli    t1, t1, 1
    srli    t1, t1, 1
    li      t2, 7
    bne     t1, t2, 1f
    li      t1, CLINT_MTIMECMP
    li      t2, -1
    sd      t2, 0(t1)
    j       .Lout
1:  li      t2, 3
    bne     t1, t2, .Lout
    li      t1, CLINT_MSIP
    sw      zero, 0(t1)

.Lout:
    la      t0, trap_state
    ld      t1, TS_SAVE + 0(t0)
    ld      t2, TS_SAVE + 8(t0)
    ld      t0, TS_SAVE + 16(t0)
    mret
