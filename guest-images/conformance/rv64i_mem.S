/*
 * rv64i_mem.S - RV64I loads and stores of every width: sign extension (LB/LH/LW/LD)
 * and zero extension (LBU/LHU/LWU) with the top bit of the loaded value set and clear,
 * offsets -2048 and 2047, stores writing only their width (SB/SH/SW/SD), a load into x0
 * (value discarded, no trap), and a store followed by loads of the same bytes
 * (little-endian). All accesses here are naturally aligned; misaligned.S has the rest.
 */
#include "test.h"

    .option norvc

    .data
    .balign 16
memdata:
    .dword  0x8877665544332211
    .dword  0xf0e0d0c0b0a09080
buffer:
    .dword  0, 0

    .text
.macro LOAD name, op, offset, expected
    la      s0, memdata
    \op     s2, \offset(s0)
    CHECK   "\name", s2, \expected
.endm

TEST_BEGIN
    LOAD    "lb  +0",  lb,  0,  0x11
    LOAD    "lb  +8",  lb,  8,  0xffffffffffffff80
    LOAD    "lb  +15", lb,  15, 0xfffffffffffffff0
    LOAD    "lbu +8",  lbu, 8,  0x80
    LOAD    "lbu +15", lbu, 15, 0xf0
    LOAD    "lh  +0",  lh,  0,  0x2211
    LOAD    "lh  +6",  lh,  6,  0xffffffffffff8877
    LOAD    "lh  +8",  lh,  8,  0xffffffffffff9080
    LOAD    "lhu +6",  lhu, 6,  0x8877
    LOAD    "lhu +14", lhu, 14, 0xf0e0
    LOAD    "lw  +0",  lw,  0,  0x44332211
    LOAD    "lw  +4",  lw,  4,  0xffffffff88776655
    LOAD    "lw  +12", lw,  12, 0xfffffffff0e0d0c0
    LOAD    "lwu +4",  lwu, 4,  0x88776655
    LOAD    "lwu +12", lwu, 12, 0xf0e0d0c0
    LOAD    "ld  +0",  ld,  0,  0x8877665544332211
    LOAD    "ld  +8",  ld,  8,  0xf0e0d0c0b0a09080

    /* Extreme offsets: the 12-bit immediate is sign-extended. */
    la      s0, memdata + 2048
    lb      s2, -2048(s0)
    CHECK   "lb offset -2048", s2, 0x11
    la      s0, memdata + 15 - 2047
    lbu     s2, 2047(s0)
    CHECK   "lbu offset 2047", s2, 0xf0
    la      s0, memdata + 8 + 2048
    ld      s2, -2048(s0)
    CHECK   "ld offset -2048", s2, 0xf0e0d0c0b0a09080

    /* A load into x0 still happens (no trap here) but the value is discarded. */
    la      s0, memdata
    ld      x0, 0(s0)
    lb      x0, 8(s0)
    mv      s2, x0
    CHECK   "ld/lb into x0", s2, 0

    /* Stores write exactly their width, from the low bits of rs2. */
    la      s0, buffer
    li      s1, -1
    sd      s1, 0(s0)
    li      s1, 0x123456789abcdef0
    sb      s1, 0(s0)
    ld      s2, 0(s0)
    CHECK   "sb into ffff..", s2, 0xfffffffffffffff0
    sh      s1, 2(s0)
    ld      s2, 0(s0)
    CHECK   "sh +2", s2, 0xffffffffdef0fff0
    sw      s1, 4(s0)
    ld      s2, 0(s0)
    CHECK   "sw +4", s2, 0x9abcdef0def0fff0
    sd      s1, 8(s0)
    ld      s2, 8(s0)
    CHECK   "sd +8", s2, 0x123456789abcdef0
    sd      x0, 0(s0)
    ld      s2, 0(s0)
    CHECK   "sd x0", s2, 0
    /* Little-endian: the byte at the lowest address is the least significant. */
    lbu     s2, 8(s0)
    CHECK   "lbu of sd low byte", s2, 0xf0
    lbu     s2, 15(s0)
    CHECK   "lbu of sd high byte", s2, 0x12
    lw      s2, 12(s0)
    CHECK   "lw of sd high word", s2, 0x12345678
    /* Negative store offset. */
    la      s0, buffer + 16
    li      s1, 0x55
    sb      s1, -1(s0)
    ld      s2, -8(s0)
    CHECK   "sb offset -1", s2, 0x553456789abcdef0
    /* Base register equal to destination register. */
    la      s2, memdata
    ld      s2, 8(s2)
    CHECK   "ld rd=rs1", s2, 0xf0e0d0c0b0a09080
TEST_END rv64i_mem
