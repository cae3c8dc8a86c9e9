/*
 * interrupts.S - machine software and timer interrupts from the CLINT.
 *
 * Covered: mip.MSIP follows msip and mip.MTIP follows mtime >= mtimecmp, whatever the
 * enables; an interrupt is taken only when pending, enabled in mie and (in M mode)
 * mstatus.MIE = 1; it is taken right after the CSR write that enables it (mepc = the
 * next instruction), with mcause = interrupt bit | code, mtval = 0, MPIE <- MIE,
 * MIE <- 0; MSI has priority over MTI when both are pending; in U mode M-level
 * interrupts are taken even with mstatus.MIE = 0; WFI wakes up for a pending enabled
 * interrupt even with MIE = 0 (and does not trap then), and with MIE = 1 the interrupt
 * is taken with mepc = the instruction after the WFI; mtvec vectored mode sends
 * interrupt n to BASE + 4n and exceptions to BASE.
 *
 * mtime values are never printed: they depend on the host's speed under QEMU.
 */
#include "test.h"

    .option norvc

/* Wait (boundedly) until trap_state.count becomes nonzero; s0 = 1 if it did. */
.macro WAIT_FOR_TRAP
    li      t2, 100000000
876:
    TRAP_FIELD t1, TS_COUNT
    bnez    t1, 877f
    addi    t2, t2, -1
    bnez    t2, 876b
877:
    snez    s0, t1
.endm

/* mtimecmp = mtime + ticks (clobbers t0, t1) */
.macro TIMER_IN ticks
    li      t0, CLINT_MTIME
    ld      t1, 0(t0)
    li      t0, \ticks
    add     t1, t1, t0
    li      t0, CLINT_MTIMECMP
    sd      t1, 0(t0)
.endm

.macro TIMER_OFF
    li      t0, CLINT_MTIMECMP
    li      t1, -1
    sd      t1, 0(t0)
.endm

.macro MSIP value
    li      t0, CLINT_MSIP
    li      t1, \value
    sw      t1, 0(t0)
.endm

/* Enable `bits` in mie and open mstatus.MIE for one instruction: pending ones are taken. */
.macro TAKE_PENDING bits
    li      t0, \bits
    csrs    mie, t0
    csrsi   mstatus, MSTATUS_MIE
    csrci   mstatus, MSTATUS_MIE
    csrw    mie, zero
.endm

/* The last trap went through vector table entry `entry` with this mcause. */
.macro CHECK_VECTOR name, entry, cause
    la      s0, vector_hit
    ld      s0, 0(s0)
    CHECK   "\name entry", s0, \entry
    TRAP_FIELD s0, TS_CAUSE
    CHECK   "\name mcause", s0, \cause
.endm

/* s0 = mip & bits */
.macro MIP_BITS bits
    csrr    s0, mip
    andi    s0, s0, \bits
.endm

TEST_BEGIN
    TRAP_INIT
    TIMER_OFF
    csrw    mie, zero

    /* ---- software interrupt ---- */
    MSIP    1
    MIP_BITS MIP_MSIP
    CHECK   "msip=1: mip.MSIP", s0, MIP_MSIP
    li      t0, MIP_MSIP
    csrs    mie, t0
    TRAP_FIELD s0, TS_COUNT
    CHECK   "msip=1, MSIE=1, MIE=0: no trap", s0, 0
    csrsi   mstatus, MSTATUS_MIE        /* taken right here */
1:  csrci   mstatus, MSTATUS_MIE
    CHECK_TRAP "MSI", IRQ_M_SOFT, 0, 1b
    MIP_BITS MIP_MSIP
    CHECK   "after MSI handler (msip=0): mip.MSIP", s0, 0
    csrw    mie, zero

    /* mstatus seen by the handler of an interrupt taken in M mode. */
    MSIP    1
    li      t0, MIP_MSIP
    csrs    mie, t0
    TRAP_RESET
    csrsi   mstatus, MSTATUS_MIE
    csrci   mstatus, MSTATUS_MIE
    TRAP_FIELD s0, TS_MSTATUS
    li      t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
    and     s0, s0, t0
    CHECK   "MSI: mstatus in handler (MPIE=1 MIE=0 MPP=M)", s0, 0x1880
    csrw    mie, zero

    /* ---- timer interrupt ---- */
    li      t0, CLINT_MTIMECMP
    sd      zero, 0(t0)                 /* mtimecmp = 0 <= mtime: pending */
    MIP_BITS MIP_MTIP
    CHECK   "mtimecmp=0: mip.MTIP", s0, MIP_MTIP
    TIMER_OFF
    MIP_BITS MIP_MTIP
    CHECK   "mtimecmp=-1: mip.MTIP", s0, 0
    TRAP_RESET
    li      t0, MIP_MTIP
    csrs    mie, t0
    csrsi   mstatus, MSTATUS_MIE
    TIMER_IN 1000                       /* 100 us of mtime */
    WAIT_FOR_TRAP
    csrci   mstatus, MSTATUS_MIE
    CHECK   "MTI taken", s0, 1
    TRAP_FIELD s0, TS_CAUSE
    CHECK   "MTI mcause", s0, IRQ_M_TIMER
    TRAP_FIELD s0, TS_TVAL
    CHECK   "MTI mtval", s0, 0
    MIP_BITS MIP_MTIP
    CHECK   "after MTI handler (mtimecmp=-1): mip.MTIP", s0, 0
    csrw    mie, zero

    /* ---- priority: MSI before MTI when both are pending ---- */
    TRAP_RESET
    MSIP    1
    li      t0, CLINT_MTIMECMP
    sd      zero, 0(t0)
    TAKE_PENDING MIP_MSIP | MIP_MTIP
    TRAP_FIELD s0, TS_COUNT
    CHECK   "MSI+MTI pending: traps", s0, 2
    TRAP_FIELD s0, TS_FIRST_CAUSE
    CHECK   "MSI+MTI pending: first", s0, IRQ_M_SOFT
    TRAP_FIELD s0, TS_CAUSE
    CHECK   "MSI+MTI pending: second", s0, IRQ_M_TIMER
    csrw    mie, zero

    /* ---- WFI ---- */
    /* MIE = 0: WFI returns once the enabled timer interrupt is pending; nothing is taken. */
    TRAP_RESET
    li      t0, MIP_MTIP
    csrs    mie, t0
    TIMER_IN 1000
    wfi
    /* WFI may also return early (it is a hint): wait for the interrupt to be pending. */
    li      t2, 100000000
1:  csrr    t0, mip
    andi    t0, t0, MIP_MTIP
    bnez    t0, 2f
    addi    t2, t2, -1
    bnez    t2, 1b
2:  MIP_BITS MIP_MTIP
    CHECK   "wfi with MIE=0: mip.MTIP", s0, MIP_MTIP
    TRAP_FIELD s0, TS_COUNT
    CHECK   "wfi with MIE=0: no trap", s0, 0
    csrsi   mstatus, MSTATUS_MIE        /* now it is taken */
1:  csrci   mstatus, MSTATUS_MIE
    CHECK_TRAP "MTI after wfi", IRQ_M_TIMER, 0, 1b
    /* MIE = 1: the interrupt is taken with mepc = the instruction after the WFI. */
    TRAP_RESET
    TIMER_IN 1000
    csrsi   mstatus, MSTATUS_MIE
    li      t2, 1000
1:  wfi
2:  TRAP_FIELD t1, TS_COUNT
    bnez    t1, 3f
    addi    t2, t2, -1                  /* woke early: sleep again */
    bnez    t2, 1b
3:  csrci   mstatus, MSTATUS_MIE
    CHECK_TRAP "MTI during wfi", IRQ_M_TIMER, 0, 2b
    csrw    mie, zero

    /* ---- interrupts in U mode are taken even with mstatus.MIE = 0 ---- */
    U_MODE_SETUP
    li      t0, CLINT_MTIMECMP
    sd      zero, 0(t0)
    li      t0, MIP_MTIP
    csrs    mie, t0
    csrci   mstatus, MSTATUS_MIE
    IN_U_MODE nop
    TRAP_FIELD s0, TS_COUNT
    CHECK   "MTI in U with MIE=0: traps (incl. ecall)", s0, 2
    TRAP_FIELD s0, TS_FIRST_CAUSE
    CHECK   "MTI in U with MIE=0: mcause", s0, IRQ_M_TIMER
    TRAP_FIELD s0, TS_FIRST_EPC
    la      t0, 874b
    sub     s0, s0, t0
    CHECK   "MTI in U with MIE=0: mepc-expected", s0, 0
    TRAP_FIELD s0, TS_FIRST_MSTATUS
    li      t0, MSTATUS_MPP
    and     s0, s0, t0
    CHECK   "MTI in U with MIE=0: mstatus.MPP", s0, 0
    TRAP_FIELD s0, TS_CAUSE
    CHECK   "MTI in U with MIE=0: then ecall from U", s0, CAUSE_ECALL_U
    csrw    mie, zero

    /* ---- mtvec vectored mode ---- */
    la      t0, vector_table
    ori     t0, t0, 1
    csrw    mtvec, t0
    TRAP_RESET
    MSIP    1
    TAKE_PENDING MIP_MSIP
    CHECK_VECTOR "vectored MSI", 3, IRQ_M_SOFT
    li      t0, CLINT_MTIMECMP
    sd      zero, 0(t0)
    TAKE_PENDING MIP_MTIP
    CHECK_VECTOR "vectored MTI", 7, IRQ_M_TIMER
    ecall                               /* exceptions go to BASE */
    CHECK_VECTOR "vectored ecall (BASE)", 0x100, CAUSE_ECALL_M
    la      t0, trap_handler
    csrw    mtvec, t0
TEST_END interrupts

/*
 * Vector table: entry n holds a 4-byte jump to a stub that notes n in vector_hit and
 * then runs the ordinary recording handler. Entry 0 (exceptions) notes 0x100.
 */
    .data
    .balign 8
vector_hit:
    .dword  0

    .text
.macro VECTOR_STUB n
vector_stub_\n:
    addi    sp, sp, -16
    sd      t0, 0(sp)
    sd      t1, 8(sp)
    la      t0, vector_hit
    li      t1, \n
    sd      t1, 0(t0)
    ld      t0, 0(sp)
    ld      t1, 8(sp)
    addi    sp, sp, 16
    j       trap_handler
.endm
    VECTOR_STUB 0x100
    VECTOR_STUB 3
    VECTOR_STUB 7

    .balign 256
vector_table:
    j       vector_stub_0x100           /* 0: exceptions */
    j       unexpected_trap_entry       /* 1: supervisor software */
    j       unexpected_trap_entry       /* 2 */
    j       vector_stub_3               /* 3: machine software */
    j       unexpected_trap_entry       /* 4 */
    j       unexpected_trap_entry       /* 5: supervisor timer */
    j       unexpected_trap_entry       /* 6 */
    j       vector_stub_7               /* 7: machine timer */
    j       unexpected_trap_entry       /* 8 */
    j       unexpected_trap_entry       /* 9: supervisor external */
    j       unexpected_trap_entry       /* 10 */
    j       unexpected_trap_entry       /* 11: machine external */
