/*
 * frame.h - asm text for test programs whose functions are written in top-level asm and
 * check the whole register file (keep.c, regs.c): save and restore ra, gp, tp and s0..s11
 * in a 128-byte frame, so that the function may use every register.
 */
#ifndef CVM_FRAME_H
#define CVM_FRAME_H

#define SAVE_CALLEE_SAVED \
    "    addi sp, sp, -128\n" \
    "    sd ra, 0(sp)\n    sd gp, 8(sp)\n    sd tp, 16(sp)\n    sd s0, 24(sp)\n    sd s1, 32(sp)\n" \
    "    sd s2, 40(sp)\n    sd s3, 48(sp)\n    sd s4, 56(sp)\n    sd s5, 64(sp)\n    sd s6, 72(sp)\n" \
    "    sd s7, 80(sp)\n    sd s8, 88(sp)\n    sd s9, 96(sp)\n    sd s10, 104(sp)\n    sd s11, 112(sp)\n"

#define RESTORE_CALLEE_SAVED \
    "    ld ra, 0(sp)\n    ld gp, 8(sp)\n    ld tp, 16(sp)\n    ld s0, 24(sp)\n    ld s1, 32(sp)\n" \
    "    ld s2, 40(sp)\n    ld s3, 48(sp)\n    ld s4, 56(sp)\n    ld s5, 64(sp)\n    ld s6, 72(sp)\n" \
    "    ld s7, 80(sp)\n    ld s8, 88(sp)\n    ld s9, 96(sp)\n    ld s10, 104(sp)\n    ld s11, 112(sp)\n" \
    "    addi sp, sp, 128\n"

#endif /* CVM_FRAME_H */
