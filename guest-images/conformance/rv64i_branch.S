/*
 * rv64i_branch.S - RV64I control transfer: every conditional branch taken and not
 * taken, forward and backward, with signed/unsigned operand pairs that tell BLT from
 * BLTU; JAL and JALR link values (the address of the next instruction), JALR's
 * sign-extended offset and the clearing of bit 0 of the target (rs1 + imm), JALR with
 * rd == rs1 (the target uses the old rs1), and JAL/JALR with rd = x0.
 */
#include "test.h"

    .option norvc

/* s2 = 1 if `op a, b` branches forward, else 0 */
.macro BRF name, op, a, b, expected
    li      s0, \a
    li      s1, \b
    li      s2, 0
    \op     s0, s1, 1f
    j       2f
1:  li      s2, 1
2:  CHECK   "\name fwd", s2, \expected
.endm

/* the same with a backward branch target */
.macro BRB name, op, a, b, expected
    li      s0, \a
    li      s1, \b
    li      s2, 0
    j       3f
1:  li      s2, 1
    j       2f
3:  \op     s0, s1, 1b
2:  CHECK   "\name bwd", s2, \expected
.endm

.macro BR name, op, a, b, expected
    BRF     "\name", \op, \a, \b, \expected
    BRB     "\name", \op, \a, \b, \expected
.endm

TEST_BEGIN
    BR      "beq 5,5",    beq,  5, 5, 1
    BR      "beq 5,6",    beq,  5, 6, 0
    BR      "beq -1,ffffffff", beq, -1, 0xffffffff, 0
    BR      "bne 5,6",    bne,  5, 6, 1
    BR      "bne 5,5",    bne,  5, 5, 0
    BR      "blt -1,1",   blt,  -1, 1, 1
    BR      "blt 1,-1",   blt,  1, -1, 0
    BR      "blt 5,5",    blt,  5, 5, 0
    BR      "blt min,max", blt, 0x8000000000000000, 0x7fffffffffffffff, 1
    BR      "bge 1,-1",   bge,  1, -1, 1
    BR      "bge 5,5",    bge,  5, 5, 1
    BR      "bge -1,1",   bge,  -1, 1, 0
    BR      "bltu 1,-1",  bltu, 1, -1, 1
    BR      "bltu -1,1",  bltu, -1, 1, 0
    BR      "bltu 5,5",   bltu, 5, 5, 0
    BR      "bgeu -1,1",  bgeu, -1, 1, 1
    BR      "bgeu 1,-1",  bgeu, 1, -1, 0
    BR      "bgeu 0,0",   bgeu, 0, 0, 1

    /* A backward loop: bnez runs the body 10 times. */
    li      s0, 10
    li      s2, 0
1:  addi    s2, s2, 3
    addi    s0, s0, -1
    bnez    s0, 1b
    CHECK   "loop 10x3", s2, 30

    /* JAL: rd = address of the next instruction; forward and backward. */
    li      s3, 0
1:  jal     s0, 2f
3:  li      s3, 99                  /* skipped */
2:  la      s1, 3b
    sub     s0, s0, s1
    CHECK   "jal fwd link-next", s0, 0
    CHECK   "jal fwd skipped", s3, 0
    j       2f
1:  li      s3, 1
    j       4f
2:  jal     s0, 1b
3:
4:  la      s1, 3b
    sub     s0, s0, s1
    CHECK   "jal bwd link-next", s0, 0
    CHECK   "jal bwd reached", s3, 1
    /* JAL with rd = x0 (the "j" pseudo-instruction) links nothing. */
    jal     x0, 1f
    li      s3, 99                  /* skipped */
1:  mv      s2, x0
    CHECK   "jal x0", s2, 0

    /* JALR: target = (rs1 + imm) & ~1. */
    li      s3, 0
    la      t0, 1f
2:  jalr    s0, 0(t0)
3:  li      s3, 99                  /* skipped */
1:  la      s1, 3b
    sub     s0, s0, s1
    CHECK   "jalr link-next", s0, 0
    CHECK   "jalr skipped", s3, 0

    li      s3, 0
    la      t0, 1f + 2048
    jalr    s0, -2048(t0)
    li      s3, 99
1:  CHECK   "jalr offset -2048", s3, 0

    li      s3, 0
    la      t0, 1f - 2047
    addi    t0, t0, 1               /* rs1 + 2047 = target + 1: bit 0 is cleared */
    jalr    s0, 2047(t0)
    li      s3, 99
1:  CHECK   "jalr offset 2047, odd sum", s3, 0

    li      s3, 0
    la      t0, 1f
    addi    t0, t0, 1               /* odd rs1: bit 0 cleared */
    jalr    s0, 0(t0)
    li      s3, 99
1:  CHECK   "jalr odd rs1", s3, 0

    li      s3, 0
    la      t0, 1f
    jalr    s0, 1(t0)               /* odd immediate: bit 0 cleared */
    li      s3, 99
1:  CHECK   "jalr odd imm", s3, 0

    /* rd == rs1: jump to the old value, then write the link. */
    li      s3, 0
    la      s0, 1f
2:  jalr    s0, 0(s0)
3:  li      s3, 99
1:  la      s1, 3b
    sub     s0, s0, s1
    CHECK   "jalr rd=rs1 link-next", s0, 0
    CHECK   "jalr rd=rs1 skipped", s3, 0

    /* call and return through ra (jal ra / jalr x0, 0(ra)). */
    li      s3, 0
    jal     ra, 5f
    CHECK   "call/ret", s3, 7
    j       6f
5:  li      s3, 7
    jalr    x0, 0(ra)
6:
TEST_END rv64i_branch
