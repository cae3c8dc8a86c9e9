/*
 * keep.c - a cVM that keeps capabilities in registers while it makes hostcalls for a few
 * milliseconds and the timer hands the hart to other cVMs: one in each of gp, tp, s0-s11,
 * t3-t6 (t3-t5: the registers the monitor's C code never touches, docs/monitor.md), ra and a2-a6
 * (saved and restored by every trap), each bounded to a different length. Afterwards it
 * checks every tag and length. Prints "kept 24 capabilities" or the first register that
 * lost its capability; exits with 0 or that register's number.
 */
#include "cheri.h"
#include "cvm.h"
#include "frame.h"

#define STR(x) #x
#define XSTR(x) STR(x)

uint64_t keep_capabilities(uint64_t until_ns);
/* Register n gets the DDC bounded to 16 * n bytes. */
#define SET(n) CHERI_ASM(CGETDDC(x##n)) "    li t0, 16 * " #n "\n" CHERI_ASM(CSETBOUNDS(x##n, x##n, t0))
#define CHECK(n)                                                                                                   \
    CHERI_ASM(CGETTAG(t0, x##n)) "    li a0, " #n "\n    beqz t0, 9f\n" CHERI_ASM(CGETLEN(t0, x##n))                \
        "    li t1, 16 * " #n "\n    bne t0, t1, 9f\n"
__asm__(
    "    .text\n"
    "    .globl keep_capabilities\n"
    "keep_capabilities:\n"
    SAVE_CALLEE_SAVED
    "    mv t2, a0\n"                                   /* the deadline */
    SET(1) SET(3) SET(4) SET(8) SET(9) SET(12) SET(13) SET(14) SET(15) SET(16) SET(18) SET(19) SET(20)
    SET(21) SET(22) SET(23) SET(24) SET(25) SET(26) SET(27) SET(28) SET(29) SET(30) SET(31)
    "1:  li a7, " XSTR(HC_TIME) "\n"
    "    ecall\n"
    "    bltu a0, t2, 1b\n"
    CHECK(1) CHECK(3) CHECK(4) CHECK(8) CHECK(9) CHECK(12) CHECK(13) CHECK(14) CHECK(15) CHECK(16) CHECK(18)
    CHECK(19) CHECK(20) CHECK(21) CHECK(22) CHECK(23) CHECK(24) CHECK(25) CHECK(26) CHECK(27) CHECK(28)
    CHECK(29) CHECK(30) CHECK(31)
    "    li a0, 0\n"
    "9:\n"
    RESTORE_CALLEE_SAVED
    "    ret\n");

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    uint64_t bad = keep_capabilities(cvm_time_ns() + 3000000);
    if (bad) {
        cvm_puts("register x");
        cvm_put_dec((int64_t)bad);
        cvm_puts(" lost its capability\n");
        return (int)bad;
    }
    cvm_puts("kept 24 capabilities\n");
    return 0;
}
