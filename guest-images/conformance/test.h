/*
 * test.h - assembler macros shared by the conformance programs (conformance/ *.S).
 *
 * A program is
 *     #include "test.h"
 *     TEST_BEGIN
 *         li      t0, 5
 *         CHECK   "addi 5+1", t1, 6      // prints "addi 5+1 = 0000000000000006"
 *     TEST_END rv64i_alu
 *
 * CHECK calls into C, so it clobbers ra, t0-t6 and a0-a7; values that must survive a
 * CHECK live in s0-s11 (main is the only code here, so nothing needs them preserved).
 */
#include "platform.h"

/* Layout of trap_state in trap_support.S (doublewords). */
#define TS_COUNT    0    /* number of traps taken */
#define TS_CAUSE    8    /* mcause of the last trap */
#define TS_EPC      16   /* mepc of the last trap */
#define TS_TVAL     24   /* mtval of the last trap */
#define TS_MSTATUS  32   /* mstatus on entry to the handler */
#define TS_RESUME   40   /* if nonzero: resume here, in M mode, after the next exception */
#define TS_SAVE     48   /* the handler's register save area */

#define CAUSE_MISALIGNED_FETCH  0
#define CAUSE_FETCH_ACCESS      1
#define CAUSE_ILLEGAL           2
#define CAUSE_BREAKPOINT        3
#define CAUSE_MISALIGNED_LOAD   4
#define CAUSE_LOAD_ACCESS       5
#define CAUSE_MISALIGNED_STORE  6
#define CAUSE_STORE_ACCESS      7
#define CAUSE_ECALL_U           8
#define CAUSE_ECALL_M           11
#define IRQ_BIT                 0x8000000000000000
#define IRQ_M_SOFT              (IRQ_BIT | 3)
#define IRQ_M_TIMER             (IRQ_BIT | 7)

.macro TEST_BEGIN
    .text
    .globl main
main:
    addi    sp, sp, -16
    sd      ra, 8(sp)
.endm

.macro TEST_END program
    .pushsection .rodata.str1.1, "aMS", @progbits, 1
877:
    .asciz  "\program"
    .popsection
    la      a0, 877b
    call    check_done
    ld      ra, 8(sp)
    addi    sp, sp, 16
    ret
.endm

/* Print "name = <reg>" and compare with the architecturally expected value. */
.macro CHECK name, reg, expected
    mv      a1, \reg
    li      a2, \expected
    .pushsection .rodata.str1.1, "aMS", @progbits, 1
877:
    .asciz  "\name"
    .popsection
    la      a0, 877b
    call    check
.endm

/* Trap handling (trap_support.S): install the recording handler in direct mode. */
.macro TRAP_INIT
    la      t0, trap_handler
    csrw    mtvec, t0
    TRAP_RESET
.endm

/* Forget the last trap: count, cause, epc and tval back to 0. */
.macro TRAP_RESET
    la      t0, trap_state
    sd      zero, TS_COUNT(t0)
    sd      zero, TS_CAUSE(t0)
    sd      zero, TS_EPC(t0)
    sd      zero, TS_TVAL(t0)
    sd      zero, TS_RESUME(t0)
.endm

/* After the next exception, continue at `label` in M mode (instead of after the insn). */
.macro TRAP_RESUME_AT label
    la      t0, \label
    la      t1, trap_state
    sd      t0, TS_RESUME(t1)
.endm

/* Load field `off` of trap_state into `reg`. */
.macro TRAP_FIELD reg, off
    la      \reg, trap_state
    ld      \reg, \off(\reg)
.endm

/* The parts of a trap check: count and mcause; mepc relative to `label`. */
.macro CHECK_TRAP_CAUSE name, cause
    TRAP_FIELD s10, TS_COUNT
    CHECK   "\name traps", s10, 1
    TRAP_FIELD s10, TS_CAUSE
    CHECK   "\name mcause", s10, \cause
.endm

.macro CHECK_TRAP_EPC name, label
    TRAP_FIELD s10, TS_EPC
    la      t0, \label
    sub     s10, s10, t0
    CHECK   "\name mepc-expected", s10, 0
.endm

/*
 * Check the last trap: exactly one trap since TRAP_RESET, with this mcause and mtval,
 * and mepc at `label` (printed as mepc - label, so the output does not depend on where
 * the code was linked). Then forget it.
 */
.macro CHECK_TRAP name, cause, tval, label
    CHECK_TRAP_CAUSE "\name", \cause
    TRAP_FIELD s10, TS_TVAL
    CHECK   "\name mtval", s10, \tval
    CHECK_TRAP_EPC "\name", \label
    TRAP_RESET
.endm

/* The same for an mtval that is an address: printed as mtval - `sym`, expected `off`. */
.macro CHECK_TRAP_ADDR name, cause, sym, off, label
    CHECK_TRAP_CAUSE "\name", \cause
    TRAP_FIELD s10, TS_TVAL
    la      t0, \sym
    sub     s10, s10, t0
    CHECK   "\name mtval-\sym", s10, \off
    CHECK_TRAP_EPC "\name", \label
    TRAP_RESET
.endm

/* The same for an mtval that is a label's address (e.g. a faulting jump target). */
.macro CHECK_TRAP_PC name, cause, label
    CHECK_TRAP_ADDR "\name", \cause, \label, 0, \label
.endm
