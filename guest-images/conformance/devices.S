/*
 * devices.S - the QEMU virt devices as a program sees them (DESIGN.md section 2).
 *
 * CLINT: msip keeps only bit 0 (bits 31:1 read as zero), mtimecmp is a plain 64-bit
 * read/write register that also takes 32-bit accesses to each half, mtime can be read
 * whole or as two 32-bit halves and moves forward. UART: LSR reports the transmitter
 * empty (THRE and TEMT, 0x60) between characters. The test finisher is exercised by every
 * program's exit.
 */
#include "test.h"

    .option norvc

TEST_BEGIN
    csrw    mie, zero                   /* nothing here may interrupt */

    /* ---- CLINT msip ---- */
    li      s0, CLINT_MSIP
    li      t0, -1
    sw      t0, 0(s0)
    lwu     s1, 0(s0)
    CHECK   "msip write ffffffff, read", s1, 1
    sw      zero, 0(s0)
    lwu     s1, 0(s0)
    CHECK   "msip write 0, read", s1, 0

    /* ---- CLINT mtimecmp ---- */
    li      s0, CLINT_MTIMECMP
    li      t0, 0x0123456789abcdef
    sd      t0, 0(s0)
    ld      s1, 0(s0)
    CHECK   "mtimecmp sd/ld", s1, 0x0123456789abcdef
    li      t0, 0x76543210
    sw      t0, 0(s0)
    ld      s1, 0(s0)
    CHECK   "mtimecmp sw low half", s1, 0x0123456776543210
    li      t0, 0xfedcba98
    sw      t0, 4(s0)
    ld      s1, 0(s0)
    CHECK   "mtimecmp sw high half", s1, 0xfedcba9876543210
    lwu     s1, 4(s0)
    CHECK   "mtimecmp lwu high half", s1, 0xfedcba98
    lwu     s1, 0(s0)
    CHECK   "mtimecmp lwu low half", s1, 0x76543210
    li      t0, -1
    sd      t0, 0(s0)
    ld      s1, 0(s0)
    CHECK   "mtimecmp = -1 (off)", s1, 0xffffffffffffffff

    /* ---- CLINT mtime ---- */
    li      s0, CLINT_MTIME
    ld      s1, 0(s0)
    /* the two halves read as 32-bit loads agree with a 64-bit read taken before */
1:  lwu     t1, 4(s0)
    lwu     t0, 0(s0)
    lwu     t2, 4(s0)
    bne     t1, t2, 1b                  /* the low half wrapped between the reads: retry */
    slli    t1, t1, 32
    or      s2, t1, t0
    sltu    s3, s2, s1
    CHECK   "mtime 32-bit halves >= earlier 64-bit read", s3, 0
    /* moves forward (bounded wait) */
    ld      s1, 0(s0)
    li      t2, 10000000
1:  ld      s2, 0(s0)
    bne     s2, s1, 2f
    addi    t2, t2, -1
    bnez    t2, 1b
2:  sltu    s3, s1, s2
    CHECK   "mtime advances", s3, 1

    /* ---- UART ---- */
    li      s0, UART_LSR
    lbu     s1, 0(s0)
    andi    s1, s1, 0x60
    CHECK   "uart LSR & (THRE|TEMT)", s1, 0x60
TEST_END devices
