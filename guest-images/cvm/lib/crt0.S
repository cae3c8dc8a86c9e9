/*
 * crt0.S - entry of a cVM (U mode, integer mode; see docs/monitor.md).
 *
 * The monitor enters here with PCC = the cVM's code, DDC = its region, sp = the top of its
 * stack, a0 = its argument string, a1 = the string's length, and every other register NULL.
 * The image is linked at 0 and relocated into its region by the loader, so only
 * PC-relative addressing is used (lla), and gp is not set up.
 */
    .section .text.init, "ax", @progbits
    .globl _start
_start:
    lla     t0, __bss_start
    lla     t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    call    cvm_start               /* never returns: it ends in the exit hostcall */
3:  j       3b
