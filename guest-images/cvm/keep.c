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
    "    addi sp, sp, -128\n"
    "    sd ra, 0(sp)\n    sd gp, 8(sp)\n    sd tp, 16(sp)\n    sd s0, 24(sp)\n    sd s1, 32(sp)\n"
    "    sd s2, 40(sp)\n    sd s3, 48(sp)\n    sd s4, 56(sp)\n    sd s5, 64(sp)\n    sd s6, 72(sp)\n"
    "    sd s7, 80(sp)\n    sd s8, 88(sp)\n    sd s9, 96(sp)\n    sd s10, 104(sp)\n    sd s11, 112(sp)\n"
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
    "9:  ld ra, 0(sp)\n    ld gp, 8(sp)\n    ld tp, 16(sp)\n    ld s0, 24(sp)\n    ld s1, 32(sp)\n"
    "    ld s2, 40(sp)\n    ld s3, 48(sp)\n    ld s4, 56(sp)\n    ld s5, 64(sp)\n    ld s6, 72(sp)\n"
    "    ld s7, 80(sp)\n    ld s8, 88(sp)\n    ld s9, 96(sp)\n    ld s10, 104(sp)\n    ld s11, 112(sp)\n"
    "    addi sp, sp, 128\n"
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
