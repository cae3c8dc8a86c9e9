/*
 * start.S - the monitor's entry and its two transitions: into a cVM (cvm_resume) and out of
 * one (cvm_trap_entry). Everything else is C.
 *
 * Reset (M mode, integer mode): PCC = DDC = MTCC = MEPCC = root, a0 = hart id,
 * a1 = the boot information (DESIGN.md §2).
 *
 * While a cVM runs, the monitor keeps two things in M-mode-only registers:
 *   MScratchC = the monitor's DDC (root), MTDC = a capability to the cVM's context
 *   (its register slots, monitor.h), and MTCC.address = cvm_trap_entry.
 * While the monitor runs, MTCC.address = monitor_fault_entry: a trap there is a monitor bug.
 */
#include "platform.h"
#include "cheri.h"
#include "monitor.h"

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    csrr    t0, mhartid
    bnez    t0, park
    la      sp, __stack_top
    la      t0, monitor_fault_entry
    csrw    mtvec, t0
    mv      a0, a1
    call    monitor_main            /* never returns */
park:
    wfi
    j       park

/* Saves register `n` (1..31) into its slot: integer-mode SC under the monitor's DDC. */
.macro SAVE n
    SC(x\n, SLOT_OFF(\n), sp)
.endm
.macro LOAD n
    LC(x\n, SLOT_OFF(\n), sp)
.endm

/*
 * A trap from a running cVM (U mode). On entry: PCC = MTCC (root), DDC = the cVM's DDC,
 * sp = the cVM's sp, MEPCC = the cVM's PCC at the trapping instruction.
 * Three swaps put the monitor's DDC in place and the context's address in sp, without
 * touching any other register:
 */
    .text
    .balign 4
    .globl cvm_trap_entry
cvm_trap_entry:
    CSPECIALRW_MSCRATCHC(sp, sp)    /* sp = monitor DDC,  MScratchC = cVM sp */
    CSPECIALRW_DDC(sp, sp)          /* DDC = monitor's,   sp = cVM DDC */
    CSPECIALRW_MTDC(sp, sp)         /* sp = context cap,  MTDC = cVM DDC */
    SAVE 1
    SAVE 3
    SAVE 4
    SAVE 5
    SAVE 6
    SAVE 7
    SAVE 8
    SAVE 9
    SAVE 10
    SAVE 11
    SAVE 12
    SAVE 13
    SAVE 14
    SAVE 15
    SAVE 16
    SAVE 17
    SAVE 18
    SAVE 19
    SAVE 20
    SAVE 21
    SAVE 22
    SAVE 23
    SAVE 24
    SAVE 25
    SAVE 26
    SAVE 27
    SAVE 28
    SAVE 29
    SAVE 30
    SAVE 31
    CSPECIALR(t0, x30)              /* the cVM's sp, from MScratchC */
    SC(t0, SLOT_OFF(2), sp)
    CSPECIALR(t0, x29)              /* the cVM's DDC, from MTDC */
    SC(t0, SLOT_OFF(SLOT_DDC), sp)
    CSPECIALR(t0, x31)              /* the cVM's PCC, from MEPCC */
    SC(t0, SLOT_OFF(SLOT_PCC), sp)
    /* From here on a trap is the monitor's own. */
    la      t0, monitor_fault_entry
    csrw    mtvec, t0
    mv      a0, sp
    la      sp, __stack_top
    tail    cvm_trap                /* C; ends in cvm_resume or the end of the run */

/*
 * cvm_resume(struct cvm *a0): run the cVM from its slots, in U mode. Every register gets
 * the cVM's own value back (on first entry: NULL, except what cvm_create set), so nothing
 * of the monitor's reaches the cVM.
 */
    .globl cvm_resume
cvm_resume:
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0             /* MRET goes to U; MPIE = 0 (no interrupts yet) */
    li      t0, MSTATUS_MPIE
    csrc    mstatus, t0
    la      t0, cvm_trap_entry
    csrw    mtvec, t0
    CGETDDC(t0)
    CSPECIALW(x30, t0)              /* MScratchC = the monitor's DDC, for the trap entry */
    CSETADDR(t0, t0, a0)
    li      t1, NSLOTS * 16
    CSETBOUNDSEXACT(t0, t0, t1)
    CSPECIALW(x29, t0)              /* MTDC = the context, exactly its slots */
    LC(t0, SLOT_OFF(SLOT_PCC), a0)
    CSPECIALW(x31, t0)              /* MEPCC = the cVM's PCC */
    mv      sp, a0
    LOAD 1
    LOAD 3
    LOAD 4
    LOAD 5
    LOAD 6
    LOAD 7
    LOAD 8
    LOAD 9
    LOAD 10
    LOAD 11
    LOAD 12
    LOAD 13
    LOAD 14
    LOAD 15
    LOAD 16
    LOAD 17
    LOAD 18
    LOAD 19
    LOAD 20
    LOAD 21
    LOAD 22
    LOAD 23
    LOAD 24
    LOAD 25
    LOAD 26
    LOAD 27
    LOAD 28
    LOAD 29
    LOAD 30
    LOAD 31
    LC(sp, SLOT_OFF(SLOT_DDC), sp)  /* sp = the cVM's DDC */
    CSETDDC(sp)                     /* from here integer accesses are the cVM's */
    CSPECIALR(sp, x29)              /* sp = the context capability (MTDC) */
    CINCOFFSETIMM(sp, sp, SLOT_OFF(2))
    LC_CAP(sp, sp)                  /* sp = the cVM's sp, through the context capability */
    mret

/*
 * A trap while the monitor runs. DDC may be a cVM's (a fault inside cvm_resume), so the
 * monitor's PCC (root) becomes DDC before any memory access.
 */
    .balign 4
    .globl monitor_fault_entry
monitor_fault_entry:
    CGETPCC(t0)
    CSETDDC(t0)
    la      sp, __stack_top
    csrr    a0, mcause
    csrr    a1, mepc
    csrr    a2, mtval
    tail    monitor_fault
