/*
 * rv64m.S - the M extension: MUL/MULH/MULHSU/MULHU/MULW, DIV/DIVU/REM/REMU and their
 * W forms. Edge cases from the ISA manual (unprivileged spec, chapter 7, table 7.1):
 * division by zero (quotient all ones, remainder = dividend), signed overflow
 * (MIN / -1 = MIN, remainder 0), signs of quotient and remainder, sign extension of every
 * W result (also of DIVUW/REMUW results with bit 31 set), upper source bits ignored by the
 * W forms, and all four high-half products.
 */
#include "test.h"

    .option norvc

TEST_BEGIN
    RR  "mul 3*-7",                  mul,    0x3, 0xfffffffffffffff9, 0xffffffffffffffeb
    RR  "mul min*-1",                mul,    0x8000000000000000, 0xffffffffffffffff, 0x8000000000000000
    RR  "mul big*big",               mul,    0x123456789abcdef0, 0xfedcba9876543210, 0x236d88fe5618cf00
    RR  "mul -1*-1",                 mul,    0xffffffffffffffff, 0xffffffffffffffff, 0x1
    RR  "mul max*max",               mul,    0x7fffffffffffffff, 0x7fffffffffffffff, 0x1
    RR  "mul 0*-1",                  mul,    0x0, 0xffffffffffffffff, 0x0
    RR  "mulh 3*-7",                 mulh,   0x3, 0xfffffffffffffff9, 0xffffffffffffffff
    RR  "mulh min*-1",               mulh,   0x8000000000000000, 0xffffffffffffffff, 0x0
    RR  "mulh big*big",              mulh,   0x123456789abcdef0, 0xfedcba9876543210, 0xffeb49923cc09532
    RR  "mulh -1*-1",                mulh,   0xffffffffffffffff, 0xffffffffffffffff, 0x0
    RR  "mulh max*max",              mulh,   0x7fffffffffffffff, 0x7fffffffffffffff, 0x3fffffffffffffff
    RR  "mulh 0*-1",                 mulh,   0x0, 0xffffffffffffffff, 0x0
    RR  "mulhsu 3*-7",               mulhsu, 0x3, 0xfffffffffffffff9, 0x2
    RR  "mulhsu min*-1",             mulhsu, 0x8000000000000000, 0xffffffffffffffff, 0x8000000000000000
    RR  "mulhsu big*big",            mulhsu, 0x123456789abcdef0, 0xfedcba9876543210, 0x121fa00ad77d7422
    RR  "mulhsu -1*-1",              mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff
    RR  "mulhsu max*max",            mulhsu, 0x7fffffffffffffff, 0x7fffffffffffffff, 0x3fffffffffffffff
    RR  "mulhsu 0*-1",               mulhsu, 0x0, 0xffffffffffffffff, 0x0
    RR  "mulhu 3*-7",                mulhu,  0x3, 0xfffffffffffffff9, 0x2
    RR  "mulhu min*-1",              mulhu,  0x8000000000000000, 0xffffffffffffffff, 0x7fffffffffffffff
    RR  "mulhu big*big",             mulhu,  0x123456789abcdef0, 0xfedcba9876543210, 0x121fa00ad77d7422
    RR  "mulhu -1*-1",               mulhu,  0xffffffffffffffff, 0xffffffffffffffff, 0xfffffffffffffffe
    RR  "mulhu max*max",             mulhu,  0x7fffffffffffffff, 0x7fffffffffffffff, 0x3fffffffffffffff
    RR  "mulhu 0*-1",                mulhu,  0x0, 0xffffffffffffffff, 0x0
    RR  "mulw 7fffffff*2",           mulw,   0x7fffffff, 0x2, 0xfffffffffffffffe
    RR  "mulw 10000*10000",          mulw,   0x10000, 0x10000, 0x0
    RR  "mulw upper bits ignored",   mulw,   0xdeadbeef00000003, 0xcafe000000000005, 0xf
    RR  "mulw 80000000*-1",          mulw,   0x80000000, 0xffffffffffffffff, 0xffffffff80000000
    RR  "div 20/3",                  div,    0x14, 0x3, 0x6
    RR  "div -20/3",                 div,    0xffffffffffffffec, 0x3, 0xfffffffffffffffa
    RR  "div 20/-3",                 div,    0x14, 0xfffffffffffffffd, 0xfffffffffffffffa
    RR  "div -20/-3",                div,    0xffffffffffffffec, 0xfffffffffffffffd, 0x6
    RR  "div 5/0",                   div,    0x5, 0x0, 0xffffffffffffffff
    RR  "div -5/0",                  div,    0xfffffffffffffffb, 0x0, 0xffffffffffffffff
    RR  "div min/-1 overflow",       div,    0x8000000000000000, 0xffffffffffffffff, 0x8000000000000000
    RR  "div min/1",                 div,    0x8000000000000000, 0x1, 0x8000000000000000
    RR  "rem 20/3",                  rem,    0x14, 0x3, 0x2
    RR  "rem -20/3",                 rem,    0xffffffffffffffec, 0x3, 0xfffffffffffffffe
    RR  "rem 20/-3",                 rem,    0x14, 0xfffffffffffffffd, 0x2
    RR  "rem -20/-3",                rem,    0xffffffffffffffec, 0xfffffffffffffffd, 0xfffffffffffffffe
    RR  "rem 5/0",                   rem,    0x5, 0x0, 0x5
    RR  "rem -5/0",                  rem,    0xfffffffffffffffb, 0x0, 0xfffffffffffffffb
    RR  "rem min/-1 overflow",       rem,    0x8000000000000000, 0xffffffffffffffff, 0x0
    RR  "rem min/1",                 rem,    0x8000000000000000, 0x1, 0x0
    RR  "divu 20/3",                 divu,   0x14, 0x3, 0x6
    RR  "divu 5/0",                  divu,   0x5, 0x0, 0xffffffffffffffff
    RR  "divu 0/0",                  divu,   0x0, 0x0, 0xffffffffffffffff
    RR  "divu ffff../1",             divu,   0xffffffffffffffff, 0x1, 0xffffffffffffffff
    RR  "divu 8000../ffff..",        divu,   0x8000000000000000, 0xffffffffffffffff, 0x0
    RR  "divu ffff../2",             divu,   0xffffffffffffffff, 0x2, 0x7fffffffffffffff
    RR  "remu 20/3",                 remu,   0x14, 0x3, 0x2
    RR  "remu 5/0",                  remu,   0x5, 0x0, 0x5
    RR  "remu 0/0",                  remu,   0x0, 0x0, 0x0
    RR  "remu ffff../1",             remu,   0xffffffffffffffff, 0x1, 0x0
    RR  "remu 8000../ffff..",        remu,   0x8000000000000000, 0xffffffffffffffff, 0x8000000000000000
    RR  "remu ffff../2",             remu,   0xffffffffffffffff, 0x2, 0x1
    RR  "divw 20/3",                 divw,   0x14, 0x3, 0x6
    RR  "divw -20/3",                divw,   0xffffffffffffffec, 0x3, 0xfffffffffffffffa
    RR  "divw 20/-3",                divw,   0x14, 0xfffffffffffffffd, 0xfffffffffffffffa
    RR  "divw 5/0",                  divw,   0x5, 0x0, 0xffffffffffffffff
    RR  "divw 180000000/0",          divw,   0x180000000, 0x0, 0xffffffffffffffff
    RR  "divw 80000000/ffffffff overflow", divw,   0x80000000, 0xffffffff, 0xffffffff80000000
    RR  "divw upper bits ignored",   divw,   0x100000014, 0x3, 0x6
    RR  "divw divisor upper bits ignored (/0)", divw,   0x14, 0x100000000, 0xffffffffffffffff
    RR  "remw 20/3",                 remw,   0x14, 0x3, 0x2
    RR  "remw -20/3",                remw,   0xffffffffffffffec, 0x3, 0xfffffffffffffffe
    RR  "remw 20/-3",                remw,   0x14, 0xfffffffffffffffd, 0x2
    RR  "remw 5/0",                  remw,   0x5, 0x0, 0x5
    RR  "remw 180000000/0",          remw,   0x180000000, 0x0, 0xffffffff80000000
    RR  "remw 80000000/ffffffff overflow", remw,   0x80000000, 0xffffffff, 0x0
    RR  "remw upper bits ignored",   remw,   0x100000014, 0x3, 0x2
    RR  "remw divisor upper bits ignored (/0)", remw,   0x14, 0x100000000, 0x14
    RR  "divuw 20/3",                divuw,  0x14, 0x3, 0x6
    RR  "divuw 5/0",                 divuw,  0x5, 0x0, 0xffffffffffffffff
    RR  "divuw 80000001/0",          divuw,  0x80000001, 0x0, 0xffffffffffffffff
    RR  "divuw 80000000/1",          divuw,  0x80000000, 0x1, 0xffffffff80000000
    RR  "divuw ffffffff/2",          divuw,  0xffffffff, 0x2, 0x7fffffff
    RR  "divuw upper bits ignored",  divuw,  0xdeadbeef0000000a, 0x700000003, 0x3
    RR  "remuw 20/3",                remuw,  0x14, 0x3, 0x2
    RR  "remuw 5/0",                 remuw,  0x5, 0x0, 0x5
    RR  "remuw 80000001/0",          remuw,  0x80000001, 0x0, 0xffffffff80000001
    RR  "remuw 80000000/1",          remuw,  0x80000000, 0x1, 0x0
    RR  "remuw ffffffff/2",          remuw,  0xffffffff, 0x2, 0x1
    RR  "remuw upper bits ignored",  remuw,  0xdeadbeef0000000a, 0x700000003, 0x1

    /* rd may equal a source register: the result is computed from the old values. */
    li      s0, 100
    li      s1, 7
    divu    s0, s0, s1
    CHECK   "divu rd=rs1 100/7", s0, 14
    li      s0, 100
    li      s1, 7
    remu    s1, s0, s1
    CHECK   "remu rd=rs2 100%7", s1, 2

TEST_END rv64m
