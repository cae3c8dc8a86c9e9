/*
 * fence_i.S - FENCE and FENCE.I.
 *
 * FENCE.I: code is written with ordinary stores and then executed after a FENCE.I; the
 * new instructions must run, never stale ones (a simulator that caches decoded
 * instructions has to drop them here). Covered: a routine in a data buffer rewritten
 * after it has already run (32-bit and compressed instructions, a word and a halfword
 * store), and an instruction in .text patched just before it executes.
 * FENCE: every form the assembler knows, plus the PAUSE hint (a FENCE encoding); on one
 * hart they only have to execute without changing anything.
 */
#include "test.h"

    .option norvc

/* Instruction encodings written by the program (ISA manual, chapters 2 and 16). */
#define ADDI_A0_ZERO(imm)   (((imm) << 20) | (10 << 7) | 0x13)     /* li a0, imm */
#define ADDI_S0_ZERO(imm)   (((imm) << 20) | (8 << 7) | 0x13)      /* li s0, imm */
#define JALR_ZERO_RA        0x00008067                              /* ret */
#define C_LI_A0(imm)        (0x4001 | (10 << 7) | ((imm) << 2))     /* c.li a0, imm (0..31) */
#define C_JR_RA             0x8082                                  /* c.jr ra */

    .data
    .balign 16
codebuf:
    .zero   16

    .text
TEST_BEGIN
    /* A routine "li a0, 1; ret" in a buffer; run it, rewrite to "li a0, 2", run again. */
    la      s0, codebuf
    li      t0, ADDI_A0_ZERO(1)
    sw      t0, 0(s0)
    li      t0, JALR_ZERO_RA
    sw      t0, 4(s0)
    fence.i
    jalr    ra, 0(s0)
    mv      s1, a0
    CHECK   "generated li a0,1", s1, 1
    la      s0, codebuf
    li      t0, ADDI_A0_ZERO(2)
    sw      t0, 0(s0)
    fence.i
    jalr    ra, 0(s0)
    mv      s1, a0
    CHECK   "rewritten li a0,2", s1, 2

    /* Compressed: "c.li a0, 5; c.jr ra" in one word, then only the first halfword changes. */
    la      s0, codebuf
    li      t0, (C_JR_RA << 16) | C_LI_A0(5)
    sw      t0, 0(s0)
    fence.i
    jalr    ra, 0(s0)
    mv      s1, a0
    CHECK   "generated c.li a0,5", s1, 5
    la      s0, codebuf
    li      t0, C_LI_A0(6)
    sh      t0, 0(s0)
    fence.i
    jalr    ra, 0(s0)
    mv      s1, a0
    CHECK   "rewritten halfword c.li a0,6", s1, 6

    /*
     * Patch an instruction in .text that runs right after the FENCE.I; the loop runs it
     * twice with different immediates, so a stale copy from the first pass would show.
     */
    li      s2, 0
    li      s3, 0
2:  la      t0, 1f
    li      t1, ADDI_S0_ZERO(7)
    slli    t2, s2, 20              /* immediate 7 on the first pass, 8 on the second */
    add     t1, t1, t2
    sw      t1, 0(t0)
    fence.i
1:  addi    s0, zero, 1             /* replaced before it ever runs */
    add     s3, s3, s0
    addi    s2, s2, 1
    li      t2, 2
    bltu    s2, t2, 2b
    CHECK   "patched .text li s0,7 then li s0,8", s3, 15

    /* FENCE forms: a store, every fence, a load of the same word. */
    la      s0, codebuf
    li      t0, 0x600dcafe
    sw      t0, 8(s0)
    fence
    fence   rw, rw
    fence   r, r
    fence   w, w
    fence   r, w
    fence   iorw, iorw
    fence   io, io
    fence   i, o
    fence.tso
    .word   0x0100000f              /* pause (Zihintpause: fence w, 0) */
    lwu     s1, 8(s0)
    CHECK   "fences keep memory", s1, 0x600dcafe
TEST_END fence_i
