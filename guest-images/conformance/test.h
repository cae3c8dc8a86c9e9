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
#define TS_COUNT    0    /* number of traps taken since TRAP_RESET */
#define TS_CAUSE    8    /* mcause of the last trap */
#define TS_EPC      16   /* mepc of the last trap */
#define TS_TVAL     24   /* mtval of the last trap */
#define TS_MSTATUS  32   /* mstatus on entry to the handler, last trap */
#define TS_RESUME   40   /* if nonzero: resume here, in M mode, after the next exception */
#define TS_UEXIT    48   /* if nonzero: an ECALL from U resumes here, in M mode */
#define TS_FIRST    56   /* cause, epc, tval, mstatus of the first trap since TRAP_RESET */
#define TS_FIRST_CAUSE   (TS_FIRST + 0)
#define TS_FIRST_EPC     (TS_FIRST + 8)
#define TS_FIRST_TVAL    (TS_FIRST + 16)
#define TS_FIRST_MSTATUS (TS_FIRST + 24)
#define TS_SAVE     88   /* the handler's register save area (3 doublewords) */
#define TS_SIZE     (TS_SAVE + 24)

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

/* Check one computation: rd = a OP b (RR) or a OP imm (RI), operands in s0/s1, rd = s2. */
.macro RR name, op, a, b, expected
    li      s0, \a
    li      s1, \b
    \op     s2, s0, s1
    CHECK   "\name", s2, \expected
.endm

.macro RI name, op, a, imm, expected
    li      s0, \a
    \op     s2, s0, \imm
    CHECK   "\name", s2, \expected
.endm

/* Trap handling (trap_support.S): install the recording handler in direct mode. */
.macro TRAP_INIT
    la      t0, trap_handler
    csrw    mtvec, t0
    TRAP_RESET
.endm

/* Forget earlier traps: every recorded field back to 0 (clobbers t0, t1). */
.macro TRAP_RESET
    la      t0, trap_state
    addi    t1, t0, TS_SAVE
876:
    sd      zero, 0(t0)
    addi    t0, t0, 8
    bltu    t0, t1, 876b
.endm

/* After the next exception, continue at `label` in M mode (clobbers t0, t1). */
.macro TRAP_RESUME_AT label
    la      t0, \label
    la      t1, trap_state
    sd      t0, TS_RESUME(t1)
.endm

/*
 * Run `insn` in U mode, then come back: mret to a U-mode stub "insn; ecall", whose ECALL
 * resumes in M mode after the macro (TS_UEXIT). Traps taken by `insn` are recorded and
 * skipped as usual, so afterwards TS_FIRST_* describe `insn`'s trap (if any) and the last
 * trap is the ECALL from U. Needs U_MODE_SETUP once. Clobbers t0, t1.
 */
.macro IN_U_MODE insn
    TRAP_RESET
    la      t0, 875f
    la      t1, trap_state
    sd      t0, TS_UEXIT(t1)
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0             /* MPP = U */
    la      t0, 874f
    csrw    mepc, t0
    mret
874:
    \insn
    ecall
875:
.endm

/*
 * After IN_U_MODE: `insn` trapped once with this mcause and mtval, at the start of the
 * U-mode stub, from U mode (MPP = 0), and then the stub's ECALL came back.
 */
.macro CHECK_U_TRAP name, cause, tval
    TRAP_FIELD s10, TS_COUNT
    CHECK   "\name traps (incl. ecall)", s10, 2
    TRAP_FIELD s10, TS_FIRST_CAUSE
    CHECK   "\name mcause", s10, \cause
    TRAP_FIELD s10, TS_FIRST_TVAL
    CHECK   "\name mtval", s10, \tval
    TRAP_FIELD s10, TS_FIRST_EPC
    la      t0, 874b
    sub     s10, s10, t0
    CHECK   "\name mepc-expected", s10, 0
    TRAP_FIELD s10, TS_FIRST_MSTATUS
    li      t0, MSTATUS_MPP
    and     s10, s10, t0
    CHECK   "\name mstatus.MPP", s10, 0
    TRAP_FIELD s10, TS_CAUSE
    CHECK   "\name then ecall from U", s10, CAUSE_ECALL_U
    TRAP_RESET
.endm

/* CHECK_U_TRAP for a trap whose mtval is the trapping pc (EBREAK): printed as mtval - mepc. */
.macro CHECK_U_TRAP_AT_EPC name, cause
    TRAP_FIELD s10, TS_COUNT
    CHECK   "\name traps (incl. ecall)", s10, 2
    TRAP_FIELD s10, TS_FIRST_CAUSE
    CHECK   "\name mcause", s10, \cause
    TRAP_FIELD s10, TS_FIRST_TVAL
    TRAP_FIELD t1, TS_FIRST_EPC
    sub     s10, s10, t1
    CHECK   "\name mtval-mepc", s10, 0
    TRAP_FIELD s10, TS_FIRST_EPC
    la      t0, 874b
    sub     s10, s10, t0
    CHECK   "\name mepc-expected", s10, 0
    TRAP_FIELD s10, TS_FIRST_MSTATUS
    li      t0, MSTATUS_MPP
    and     s10, s10, t0
    CHECK   "\name mstatus.MPP", s10, 0
    TRAP_FIELD s10, TS_CAUSE
    CHECK   "\name then ecall from U", s10, CAUSE_ECALL_U
    TRAP_RESET
.endm

/*
 * Before the first MRET to U mode: one PMP entry that gives U read/write/execute on the
 * whole address space (NAPOT, pmpaddr0 = all ones). QEMU needs it: with no PMP entry, U
 * can access nothing and QEMU 7.2 even refuses the MRET (illegal instruction). capvm has
 * no PMP entries, so these CSRs are read-only zero there and the writes do nothing.
 */
.macro U_MODE_SETUP
    li      t0, -1
    csrw    pmpaddr0, t0
    li      t0, 0x1f                /* A = NAPOT (3 << 3), X, W, R */
    csrw    pmpcfg0, t0
    csrw    mcounteren, zero        /* U may not read cycle/time/instret */
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
