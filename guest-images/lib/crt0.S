/*
 * crt0.S - entry point of every guest image.
 *
 * Reset state on QEMU virt with -bios none and on capvm: M mode, pc = ELF entry
 * (0x80000000), a0 = hart id, interrupts disabled, mtvec unspecified (0 on QEMU).
 */
#include "platform.h"

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    /* Only hart 0 runs the program; any other hart parks for good. */
    csrr    t0, mhartid
    bnez    t0, park

    /* gp must be set without relaxation, or the linker would turn this into "mv gp, gp". */
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, __stack_top

    /*
     * A trap before a program installs its own handler would otherwise jump to
     * mtvec = 0 and fault forever; report it and exit instead.
     */
    la      t0, unexpected_trap_entry
    csrw    mtvec, t0

    /* Zero .bss (16-byte aligned by link.ld, so doubleword stores are enough). */
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    call    main
    /* main's return value is the exit status. */
    tail    exit

park:
    wfi
    j       park

/*
 * Default trap handler: pass mcause, mepc and mtval to C, which prints them and exits
 * with status 99. It never returns, so nothing is saved.
 */
    .text
    .balign 4
    .globl unexpected_trap_entry
unexpected_trap_entry:
    csrr    a0, mcause
    csrr    a1, mepc
    csrr    a2, mtval
    /* sp may be anything if the trap came from a broken program: use a fresh one. */
    la      sp, __stack_top
    tail    unexpected_trap
