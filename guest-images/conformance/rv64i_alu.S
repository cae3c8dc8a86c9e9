/*
 * rv64i_alu.S - RV64I integer computation: every register-register and
 * register-immediate ALU instruction (including the W forms), LUI, AUIPC, and writes to
 * x0. Edge cases: overflow wrap-around, signed vs unsigned compares, immediates at
 * -2048/2047 (sign-extended), shift amounts 0/31/63 and register amounts >= XLEN
 * (only the low 6 bits, 5 for W forms, are used), sign extension of every W result, and
 * upper source bits ignored by W forms.
 *
 * Expected values come from the ISA manual (unprivileged spec, chapters 2 and 5).
 */
#include "test.h"

    .option norvc           /* test the 32-bit encodings, not their compressed twins */

TEST_BEGIN
    RR  "add 1+2",                   add,    0x1, 0x2, 0x3
    RR  "add max+1 wraps",           add,    0x7fffffffffffffff, 0x1, 0x8000000000000000
    RR  "add -1+1",                  add,    0xffffffffffffffff, 0x1, 0x0
    RR  "sub 0-1",                   sub,    0x0, 0x1, 0xffffffffffffffff
    RR  "sub min-1 wraps",           sub,    0x8000000000000000, 0x1, 0x7fffffffffffffff
    RR  "sub 5-5",                   sub,    0x5, 0x5, 0x0
    RI  "addi 5+(-2048)",            addi,   0x5, -2048, 0xfffffffffffff805
    RI  "addi 5+2047",               addi,   0x5, 2047, 0x804
    RI  "addi max+1",                addi,   0x7fffffffffffffff, 1, 0x8000000000000000
    RR  "slt -1<1",                  slt,    0xffffffffffffffff, 0x1, 0x1
    RR  "slt 1<-1",                  slt,    0x1, 0xffffffffffffffff, 0x0
    RR  "slt 5<5",                   slt,    0x5, 0x5, 0x0
    RR  "slt min<max",               slt,    0x8000000000000000, 0x7fffffffffffffff, 0x1
    RR  "sltu ffff..<1",             sltu,   0xffffffffffffffff, 0x1, 0x0
    RR  "sltu 1<ffff..",             sltu,   0x1, 0xffffffffffffffff, 0x1
    RR  "sltu 0<0",                  sltu,   0x0, 0x0, 0x0
    RI  "slti -1<0",                 slti,   0xffffffffffffffff, 0, 0x1
    RI  "slti 0<-2048",              slti,   0x0, -2048, 0x0
    RI  "slti -2049<-2048",          slti,   0xfffffffffffff7ff, -2048, 0x1
    RI  "sltiu 5<ffff..",            sltiu,  0x5, -1, 0x1
    RI  "sltiu 0<1 (seqz)",          sltiu,  0x0, 1, 0x1
    RI  "sltiu 1<1",                 sltiu,  0x1, 1, 0x0
    RI  "sltiu ffff..<ffff..",       sltiu,  0xffffffffffffffff, -1, 0x0
    RR  "and mixed",                 and,    0xff00ff00ff00ff00, 0xff00ff00ff00ff0, 0xf000f000f000f00
    RR  "or mixed",                  or,     0xff00ff00ff00ff00, 0xff00ff00ff00ff0, 0xfff0fff0fff0fff0
    RR  "xor mixed",                 xor,    0xff00ff00ff00ff00, 0xff00ff00ff00ff0, 0xf0f0f0f0f0f0f0f0
    RI  "andi imm -1",               andi,   0x123456789abcdef0, -1, 0x123456789abcdef0
    RI  "andi imm 7ff",              andi,   0x123456789abcdef0, 2047, 0x6f0
    RI  "andi imm -2048",            andi,   0x123456789abcdef0, -2048, 0x123456789abcd800
    RI  "ori imm -2048",             ori,    0x123456789abcdef0, -2048, 0xfffffffffffffef0
    RI  "ori imm 555",               ori,    0x0, 1365, 0x555
    RI  "xori imm -1 (not)",         xori,   0x123456789abcdef0, -1, 0xedcba9876543210f
    RI  "xori imm 7ff",              xori,   0x123456789abcdef0, 2047, 0x123456789abcd90f
    RR  "sll 1<<63",                 sll,    0x1, 0x3f, 0x8000000000000000
    RR  "sll 1<<64 (masked 0)",      sll,    0x1, 0x40, 0x1
    RR  "sll 1<<65 (masked 1)",      sll,    0x1, 0x41, 0x2
    RR  "sll 1<<-1 (masked 63)",     sll,    0x1, 0xffffffffffffffff, 0x8000000000000000
    RR  "sll by 0",                  sll,    0x123456789abcdef0, 0x0, 0x123456789abcdef0
    RR  "srl min>>63",               srl,    0x8000000000000000, 0x3f, 0x1
    RR  "srl min>>64 (masked 0)",    srl,    0x8000000000000000, 0x40, 0x8000000000000000
    RR  "srl -1>>127 (masked 63)",   srl,    0xffffffffffffffff, 0x7f, 0x1
    RR  "srl by 4",                  srl,    0x123456789abcdef0, 0x4, 0x123456789abcdef
    RR  "sra min>>63",               sra,    0x8000000000000000, 0x3f, 0xffffffffffffffff
    RR  "sra -256>>4",               sra,    0xffffffffffffff00, 0x4, 0xfffffffffffffff0
    RR  "sra -256>>68 (masked 4)",   sra,    0xffffffffffffff00, 0x44, 0xfffffffffffffff0
    RR  "sra max>>63",               sra,    0x7fffffffffffffff, 0x3f, 0x0
    RI  "slli 1<<63",                slli,   0x1, 63, 0x8000000000000000
    RI  "slli by 0",                 slli,   0x123456789abcdef0, 0, 0x123456789abcdef0
    RI  "slli by 36",                slli,   0x123456789abcdef0, 36, 0xabcdef0000000000
    RI  "srli min>>63",              srli,   0x8000000000000000, 63, 0x1
    RI  "srli -1>>1",                srli,   0xffffffffffffffff, 1, 0x7fffffffffffffff
    RI  "srli by 0",                 srli,   0x123456789abcdef0, 0, 0x123456789abcdef0
    RI  "srai min>>63",              srai,   0x8000000000000000, 63, 0xffffffffffffffff
    RI  "srai min>>1",               srai,   0x8000000000000000, 1, 0xc000000000000000
    RI  "srai max>>62",              srai,   0x7fffffffffffffff, 62, 0x1
    RR  "addw 7fffffff+1",           addw,   0x7fffffff, 0x1, 0xffffffff80000000
    RR  "addw ffffffff+1",           addw,   0xffffffff, 0x1, 0x0
    RR  "addw upper bits ignored",   addw,   0xdeadbeef00000001, 0x1234567800000002, 0x3
    RR  "subw 0-1",                  subw,   0x0, 0x1, 0xffffffffffffffff
    RR  "subw 80000000-1",           subw,   0x80000000, 0x1, 0x7fffffff
    RR  "subw upper bits ignored",   subw,   0xffffffff00000000, 0x80000000, 0xffffffff80000000
    RI  "addiw 7fffffff+1",          addiw,  0x7fffffff, 1, 0xffffffff80000000
    RI  "addiw sext.w 80000000",     addiw,  0x80000000, 0, 0xffffffff80000000
    RI  "addiw sext.w ffffffff7fffffff", addiw,  0xffffffff7fffffff, 0, 0x7fffffff
    RI  "addiw 0+(-2048)",           addiw,  0x0, -2048, 0xfffffffffffff800
    RI  "addiw upper bits ignored",  addiw,  0x123456789, 2047, 0x23456f88
    RR  "sllw 1<<31",                sllw,   0x1, 0x1f, 0xffffffff80000000
    RR  "sllw 1<<32 (masked 0)",     sllw,   0x1, 0x20, 0x1
    RR  "sllw 1<<33 (masked 1)",     sllw,   0x1, 0x21, 0x2
    RR  "sllw upper bits ignored",   sllw,   0xffffffff00000001, 0x0, 0x1
    RR  "srlw 80000000>>31",         srlw,   0x80000000, 0x1f, 0x1
    RR  "srlw 80000000>>0 sign-extends", srlw,   0x80000000, 0x0, 0xffffffff80000000
    RR  "srlw 80000000>>1",          srlw,   0x80000000, 0x1, 0x40000000
    RR  "srlw upper bits ignored",   srlw,   0xdeadbeef00000010, 0x4, 0x1
    RR  "srlw >>63 (masked 31)",     srlw,   0x80000000, 0x3f, 0x1
    RR  "sraw 80000000>>31",         sraw,   0x80000000, 0x1f, 0xffffffffffffffff
    RR  "sraw >>32 (masked 0)",      sraw,   0x80000000, 0x20, 0xffffffff80000000
    RR  "sraw ffffff00>>4",          sraw,   0xffffff00, 0x4, 0xfffffffffffffff0
    RR  "sraw 40000000>>30",         sraw,   0x7fffffff40000000, 0x1e, 0x1
    RI  "slliw 1<<31",               slliw,  0x1, 31, 0xffffffff80000000
    RI  "slliw 12345678<<4",         slliw,  0x12345678, 4, 0x23456780
    RI  "slliw by 0",                slliw,  0xffffffff, 0, 0xffffffffffffffff
    RI  "srliw 80000000>>31",        srliw,  0x80000000, 31, 0x1
    RI  "srliw by 0 sign-extends",   srliw,  0x80000000, 0, 0xffffffff80000000
    RI  "srliw -1>>4",               srliw,  0xffffffffffffffff, 4, 0xfffffff
    RI  "sraiw 80000000>>31",        sraiw,  0x80000000, 31, 0xffffffffffffffff
    RI  "sraiw 80000000>>4",         sraiw,  0x80000000, 4, 0xfffffffff8000000
    RI  "sraiw 7fffffff>>31",        sraiw,  0x1234567f7fffffff, 31, 0x0

    /* LUI: the 20-bit immediate goes to bits 31:12 and is sign-extended from bit 31. */
    lui     s2, 0x80000
    CHECK   "lui 80000", s2, 0xffffffff80000000
    lui     s2, 0x7ffff
    CHECK   "lui 7ffff", s2, 0x7ffff000
    lui     s2, 0xfffff
    CHECK   "lui fffff", s2, 0xfffffffffffff000
    lui     s2, 0
    CHECK   "lui 0", s2, 0

    /* AUIPC: pc of the auipc itself plus the sign-extended immediate (printed relative). */
1:  auipc   s2, 0
    la      s3, 1b
    sub     s2, s2, s3
    CHECK   "auipc 0 - pc", s2, 0
1:  auipc   s2, 1
    la      s3, 1b
    sub     s2, s2, s3
    CHECK   "auipc 1 - pc", s2, 0x1000
1:  auipc   s2, 0x80000
    la      s3, 1b
    sub     s2, s2, s3
    CHECK   "auipc 80000 - pc", s2, 0xffffffff80000000
1:  auipc   s2, 0x7ffff
    la      s3, 1b
    sub     s2, s2, s3
    CHECK   "auipc 7ffff - pc", s2, 0x7ffff000

    /* x0: writes are discarded, reads give 0, for every kind of instruction. */
    li      s0, 1234
    addi    x0, s0, 1
    mv      s2, x0
    CHECK   "addi x0 then read x0", s2, 0
    add     x0, s0, s0
    lui     x0, 0x12345
    auipc   x0, 0x12345
    slli    x0, s0, 3
    addiw   x0, s0, 3
    add     s2, x0, x0
    CHECK   "add/lui/auipc/slli/addiw to x0", s2, 0
    sub     s2, x0, s0
    CHECK   "sub x0-1234", s2, -1234
    /* "addi x0, x0, 0" is the canonical NOP: nothing changes. */
    li      s2, 77
    nop
    CHECK   "nop", s2, 77

TEST_END rv64i_alu
