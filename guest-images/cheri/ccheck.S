/*
 * ccheck.S - check() (conformance/check.c) for programs that keep capabilities in
 * s0-s11: saves them and DDC as capabilities, runs check() under the root DDC (taken from
 * MScratchC), then restores them. Same arguments as check(): a0 = name, a1 = actual,
 * a2 = expected. Clobbers ra, t0-t6, a0-a7 like any call.
 */
#include "cheri_test.h"

    .bss
    .balign 16
ccheck_save:
    .zero   16 * 14

    .text
    .globl ccheck
ccheck:
    CSPECIALR(t0, x30)          /* root, kept in MScratchC */
    CSPECIALRW_DDC(t0, t0)      /* t0 = caller's DDC, DDC = root */
    la      t1, ccheck_save
    SC(t0, 0, t1)
    SC(s0, 16, t1)
    SC(s1, 32, t1)
    SC(s2, 48, t1)
    SC(s3, 64, t1)
    SC(s4, 80, t1)
    SC(s5, 96, t1)
    SC(s6, 112, t1)
    SC(s7, 128, t1)
    SC(s8, 144, t1)
    SC(s9, 160, t1)
    SC(s10, 176, t1)
    SC(s11, 192, t1)
    sd      ra, 208(t1)
    call    check
    la      t1, ccheck_save
    LC(s0, 16, t1)
    LC(s1, 32, t1)
    LC(s2, 48, t1)
    LC(s3, 64, t1)
    LC(s4, 80, t1)
    LC(s5, 96, t1)
    LC(s6, 112, t1)
    LC(s7, 128, t1)
    LC(s8, 144, t1)
    LC(s9, 160, t1)
    LC(s10, 176, t1)
    LC(s11, 192, t1)
    ld      ra, 208(t1)
    LC(t0, 0, t1)
    CSETDDC(t0)
    ret
