/*
 * rv64c.S - every RV64C instruction that an IMAC hart has (the C.FLD/C.FSD family
 * needs D; C.EBREAK and the illegal all-zero halfword are in traps.S).
 *
 * Each instruction is written with its c. mnemonic, so the assembler must emit the
 * 16-bit form (checked in rv64c.elf by objdump). Edge cases: immediates at the ends of
 * their ranges (scaled and sign-extended as the ISA manual's chapter 16 says), sign
 * extension by C.LW/C.LWSP/C.ADDIW/C.ADDW/C.SUBW, C.LUI's sign extension from bit 17,
 * C.JALR's link = pc + 2, branches taken and not taken in both directions.
 */
#include "test.h"

    .data
    .balign 16
cdata:
    .dword  0x8877665580000000
    .dword  0x0123456789abcdef
    .zero   256

    .text
    .option rvc
TEST_BEGIN
    /* ---- quadrant 0 ---- */
    c.addi4spn s0, sp, 4
    sub     s0, s0, sp
    CHECK   "c.addi4spn 4", s0, 4
    c.addi4spn s0, sp, 1020
    sub     s0, s0, sp
    CHECK   "c.addi4spn 1020", s0, 1020

    la      s0, cdata
    c.lw    s1, 0(s0)
    CHECK   "c.lw 80000000", s1, 0xffffffff80000000
    c.lw    s1, 4(s0)
    CHECK   "c.lw 88776655", s1, 0xffffffff88776655
    c.ld    s1, 8(s0)
    CHECK   "c.ld", s1, 0x0123456789abcdef
    la      s0, cdata + 16
    li      s1, 0x1122334455667788
    c.sd    s1, 248(s0)
    c.sw    s1, 124(s0)
    ld      s1, 248(s0)
    CHECK   "c.sd offset 248", s1, 0x1122334455667788
    lwu     s1, 124(s0)
    CHECK   "c.sw offset 124", s1, 0x55667788
    la      s0, cdata + 16 + 248
    c.ld    s1, 0(s0)
    addi    s0, s0, -248
    c.ld    s0, 248(s0)
    CHECK   "c.ld offset 248 rd=rs1", s0, 0x1122334455667788
    la      s0, cdata + 16
    c.lw    s1, 124(s0)
    CHECK   "c.lw offset 124", s1, 0x55667788

    /* ---- quadrant 1 ---- */
    li      s0, 5
    c.nop
    CHECK   "c.nop", s0, 5
    li      s0, 100
    c.addi  s0, -32
    CHECK   "c.addi -32", s0, 68
    c.addi  s0, 31
    CHECK   "c.addi 31", s0, 99
    li      s0, 0x7fffffff
    c.addiw s0, 1
    CHECK   "c.addiw 7fffffff+1", s0, 0xffffffff80000000
    li      s0, 0x1ffffffff
    c.addiw s0, 0
    CHECK   "c.addiw 0 (sext.w)", s0, 0xffffffffffffffff
    li      s0, 0
    c.addiw s0, -32
    CHECK   "c.addiw -32", s0, 0xffffffffffffffe0
    c.li    s0, -32
    CHECK   "c.li -32", s0, 0xffffffffffffffe0
    c.li    a5, 31
    CHECK   "c.li 31", a5, 31
    mv      s1, sp
    c.addi16sp sp, -512
    sub     s0, s1, sp
    mv      sp, s1
    CHECK   "c.addi16sp -512", s0, 512
    c.addi16sp sp, 496
    sub     s0, sp, s1
    mv      sp, s1
    CHECK   "c.addi16sp 496", s0, 496
    c.lui   s0, 1
    CHECK   "c.lui 1", s0, 0x1000
    c.lui   s0, 0x1f
    CHECK   "c.lui 1f", s0, 0x1f000
    c.lui   s0, 0xfffe0
    CHECK   "c.lui fffe0 (-32)", s0, 0xfffffffffffe0000
    c.lui   s0, 0xfffff
    CHECK   "c.lui fffff (-1)", s0, 0xfffffffffffff000
    li      s0, 0x8000000000000000
    c.srli  s0, 63
    CHECK   "c.srli 63", s0, 1
    li      s0, 0x8000000000000000
    c.srai  s0, 63
    CHECK   "c.srai 63", s0, 0xffffffffffffffff
    li      s0, 0xf0
    c.srai  s0, 4
    CHECK   "c.srai 4 positive", s0, 0xf
    li      s0, 0x123456789abcdef0
    c.andi  s0, -32
    CHECK   "c.andi -32", s0, 0x123456789abcdee0
    li      s0, 0x123456789abcdef0
    c.andi  s0, 31
    CHECK   "c.andi 31", s0, 0x10
    li      s0, 10
    li      s1, 3
    c.sub   s0, s1
    CHECK   "c.sub 10-3", s0, 7
    li      s0, 0xff00
    li      s1, 0x0ff0
    c.xor   s0, s1
    CHECK   "c.xor", s0, 0xf0f0
    li      s0, 0xff00
    c.or    s0, s1
    CHECK   "c.or", s0, 0xfff0
    li      s0, 0xff00
    c.and   s0, s1
    CHECK   "c.and", s0, 0x0f00
    li      s0, 0x80000000
    li      s1, 1
    c.subw  s0, s1
    CHECK   "c.subw 80000000-1", s0, 0x7fffffff
    li      s0, 0
    c.subw  s0, s1
    CHECK   "c.subw 0-1", s0, 0xffffffffffffffff
    li      s0, 0x7fffffff
    c.addw  s0, s1
    CHECK   "c.addw 7fffffff+1", s0, 0xffffffff80000000

    li      s0, 0
    c.j     1f
    li      s0, 99
1:  CHECK   "c.j fwd", s0, 0
    li      s0, 0
    c.j     2f
1:  li      s0, 1
    c.j     3f
2:  c.j     1b
3:  CHECK   "c.j bwd", s0, 1

    li      s1, 0
    li      s0, 0
    c.beqz  s1, 1f
    li      s0, 99
1:  CHECK   "c.beqz taken", s0, 0
    li      s1, 1
    li      s0, 0
    c.beqz  s1, 1f
    li      s0, 2
1:  CHECK   "c.beqz not taken", s0, 2
    li      s1, 1
    li      s0, 0
    c.bnez  s1, 1f
    li      s0, 99
1:  CHECK   "c.bnez taken", s0, 0
    li      s1, 0
    li      s0, 0
    c.bnez  s1, 1f
    li      s0, 2
1:  CHECK   "c.bnez not taken", s0, 2
    /* backward: c.bnez loop */
    li      s1, 5
    li      s0, 0
1:  c.addi  s0, 2
    c.addi  s1, -1
    c.bnez  s1, 1b
    CHECK   "c.bnez loop", s0, 10
    li      s0, 0
    li      s1, 0
    c.j     2f
1:  li      s0, 1
    c.j     3f
2:  c.beqz  s1, 1b
3:  CHECK   "c.beqz bwd", s0, 1

    /* ---- quadrant 2 ---- */
    li      s0, 1
    c.slli  s0, 63
    CHECK   "c.slli 63", s0, 0x8000000000000000
    li      t6, 0x12345
    c.slli  t6, 4
    CHECK   "c.slli t6 4", t6, 0x123450

    /* sp-relative loads and stores at the ends of their offset ranges */
    addi    sp, sp, -512
    li      s0, 0x80000000deadbeef
    c.sdsp  s0, 504(sp)
    c.swsp  s0, 252(sp)
    c.ldsp  s1, 504(sp)
    c.lwsp  s0, 252(sp)
    ld      t0, 504(sp)
    lwu     t1, 252(sp)
    addi    sp, sp, 512
    mv      s2, t0
    mv      s3, t1
    CHECK   "c.ldsp 504", s1, 0x80000000deadbeef
    CHECK   "c.lwsp 252 (sign-extends)", s0, 0xffffffffdeadbeef
    CHECK   "c.sdsp 504", s2, 0x80000000deadbeef
    CHECK   "c.swsp 252", s3, 0xdeadbeef
    addi    sp, sp, -16
    li      a5, 0x42
    c.sdsp  a5, 0(sp)
    c.ldsp  s0, 0(sp)
    c.swsp  a5, 8(sp)
    c.lwsp  s1, 8(sp)
    addi    sp, sp, 16
    CHECK   "c.sdsp/c.ldsp 0", s0, 0x42
    CHECK   "c.swsp/c.lwsp 8", s1, 0x42

    li      s0, 0
    la      t0, 1f
    c.jr    t0
    li      s0, 99
1:  CHECK   "c.jr", s0, 0

    li      s0, 0
    la      t0, 1f
2:  c.jalr  t0
3:  li      s0, 99
1:  la      t1, 3b
    sub     s1, ra, t1
    CHECK   "c.jalr skipped", s0, 0
    CHECK   "c.jalr link-next", s1, 0
    la      t1, 3b
    la      t2, 2b
    sub     s2, t1, t2
    CHECK   "c.jalr length", s2, 2

    li      s1, 0x5555
    c.mv    s0, s1
    CHECK   "c.mv", s0, 0x5555
    li      a5, -7
    c.mv    t6, a5
    CHECK   "c.mv t6, a5", t6, 0xfffffffffffffff9
    li      s0, 0x7fffffffffffffff
    li      s1, 1
    c.add   s0, s1
    CHECK   "c.add max+1", s0, 0x8000000000000000
    li      t6, 3
    li      a5, 4
    c.add   t6, a5
    CHECK   "c.add t6, a5", t6, 7
TEST_END rv64c
