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
 * The registers the monitor's C code never touches (gp, tp, s0-s11, t3-t5): it is compiled
 * with -ffixed for each of them (Makefile; `make` checks the objects), and RISC-V GCC never
 * allocates gp and tp. While
 * the monitor serves a cVM they keep that cVM's values, capabilities included, so a trap saves
 * only the others, and going back to the same cVM restores only those (the fast path of a
 * hostcall). `live_cvm` names the cVM whose values they hold; they are written to its slots
 * only when another cVM is entered (cvm_resume) or the monitor needs the slots (cvm_spill).
 */
.macro SAVE_AT n, base
    SC(x\n, SLOT_OFF(\n), \base)
.endm
.macro LOAD_AT n, base
    LC(x\n, SLOT_OFF(\n), \base)
.endm
.macro KEPT op, base
    \op 3, \base
    \op 4, \base
    \op 8, \base
    \op 9, \base
    \op 18, \base
    \op 19, \base
    \op 20, \base
    \op 21, \base
    \op 22, \base
    \op 23, \base
    \op 24, \base
    \op 25, \base
    \op 26, \base
    \op 27, \base
    \op 28, \base
    \op 29, \base
    \op 30, \base
.endm
/* What C may clobber: ra, t0-t2, a0-a7 (sp is switched separately); and t6, which the
 * CInvoke door delivers the data capability in (capcall.c reads it on every hostcall). */
.macro CLOBBERED op
    \op 1
    \op 5
    \op 6
    \op 7
    \op 10
    \op 11
    \op 12
    \op 13
    \op 14
    \op 15
    \op 16
    \op 17
    \op 31
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
    CLOBBERED SAVE
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
 *
 * Fast path (a0 is live_cvm: it trapped last and nothing has called cvm_spill for it since):
 * the kept registers are still its own, and the three SCRs are as cvm_trap_entry left them
 * (MScratchC = its sp, MTDC = its DDC, DDC = the monitor's), so the entry's swaps run
 * backwards with sp = the context capability. Only the clobbered registers and PCC come from
 * the slots: code that changes a cVM's sp, DDC or kept slots calls cvm_spill first.
 */
    .globl cvm_resume
cvm_resume:
    la      t0, live_cvm
    ld      t1, 0(t0)
    bne     t1, a0, 3f
    la      t0, cvm_trap_entry
    csrw    mtvec, t0
    LC(t0, SLOT_OFF(SLOT_PCC), a0)
    CSPECIALW(x31, t0)              /* MEPCC = the cVM's PCC */
    LC(sp, CTX_OFF, a0)             /* sp = the context capability */
    CLOBBERED LOAD                  /* integer mode: through the monitor's DDC at sp's address */
    CSPECIALRW_MTDC(sp, sp)         /* MTDC = context cap,  sp = cVM DDC */
    CSPECIALRW_DDC(sp, sp)          /* DDC = cVM DDC,       sp = monitor DDC */
    CSPECIALRW_MSCRATCHC(sp, sp)    /* MScratchC = monitor DDC, sp = cVM sp */
    mret
    /* Full path: another cVM ran last (or the slots were spilled). */
3:  beqz    t1, 1f
    KEPT SAVE_AT, t1                /* the previous cVM's kept registers into its slots */
1:  sd      a0, 0(t0)
    KEPT LOAD_AT, a0
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0             /* MRET goes to U; MPIE = 0 (no interrupts yet) */
    li      t0, MSTATUS_MPIE
    csrc    mstatus, t0
    la      t0, cvm_trap_entry
    csrw    mtvec, t0
    CGETDDC(t0)
    CSPECIALW(x30, t0)              /* MScratchC = the monitor's DDC, for the trap entry */
    LC(t0, CTX_OFF, a0)
    CSPECIALW(x29, t0)              /* MTDC = the context, exactly its slots (cvm_create) */
    LC(t0, SLOT_OFF(SLOT_PCC), a0)
    CSPECIALW(x31, t0)              /* MEPCC = the cVM's PCC */
    mv      sp, a0
    CLOBBERED LOAD
    LC(sp, SLOT_OFF(SLOT_DDC), sp)  /* sp = the cVM's DDC */
    CSETDDC(sp)                     /* from here integer accesses are the cVM's */
    CSPECIALR(sp, x29)              /* sp = the context capability (MTDC) */
    CINCOFFSETIMM(sp, sp, SLOT_OFF(2))
    LC_CAP(sp, sp)                  /* sp = the cVM's sp, through the context capability */
    mret

/* cvm_spill(struct cvm *a0): if a0's kept registers are live, write them to its slots. */
    .globl cvm_spill
cvm_spill:
    la      t0, live_cvm
    ld      t1, 0(t0)
    bne     t1, a0, 1f
    KEPT SAVE_AT, a0
    sd      zero, 0(t0)             /* the next cvm_resume(a0) loads them from the slots */
1:  ret

    .bss
    .balign 8
    .globl live_cvm
live_cvm:
    .dword  0
    .text

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
