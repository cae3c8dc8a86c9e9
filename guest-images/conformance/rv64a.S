/*
 * rv64a.S - the A extension.
 *
 * LR/SC: success (SC writes 0 and stores), failure paths that the ISA manual requires
 * (section 8.2): SC with no reservation, SC to an address outside the reservation set
 * (64 bytes away), SC after another SC (every SC ends the reservation), SC after an LR
 * whose SC already failed; failed SCs write 1 (QEMU's and the manual's "unspecified
 * failure" code) and leave memory unchanged; LR.W sign-extends; SC.W stores 32 bits;
 * the .aq/.rl/.aqrl orderings decode and behave the same on one hart; an LR/SC
 * increment loop.
 *
 * AMOs: every AMO in .W and .D with operands that separate signed from unsigned
 * min/max, checking rd (the old value, sign-extended for .W), the new memory value, that
 * .W leaves the other half of the doubleword alone and ignores rs2's upper bits;
 * rd = x0 and rd = rs2.
 *
 * Misaligned LR/SC/AMO (address-misaligned exceptions) are in misaligned.S.
 */
#include "test.h"

    .option norvc

    .data
    .balign 64
slot:
    .dword  0
    .balign 64
other:
    .dword  0

    .text
/* memory = init; rd = AMO(slot, rs2); check rd and the doubleword at slot */
.macro AMO name, op, init, rs2, old, new
    la      s0, slot
    li      t0, \init
    sd      t0, 0(s0)
    li      s1, \rs2
    \op     s2, s1, (s0)
    CHECK   "\name rd", s2, \old
    ld      s2, 0(s0)
    CHECK   "\name mem", s2, \new
.endm

TEST_BEGIN
    /* LR.D / SC.D success */
    la      s0, slot
    li      t0, 0x1111
    sd      t0, 0(s0)
    lr.d    s1, (s0)
    li      t1, 0x2222
    sc.d    s2, t1, (s0)
    CHECK   "lr.d value", s1, 0x1111
    CHECK   "sc.d after lr.d: rd", s2, 0
    ld      s2, 0(s0)
    CHECK   "sc.d after lr.d: mem", s2, 0x2222

    /* SC right after a successful SC: the first SC ended the reservation. */
    la      s0, slot
    li      t1, 0x3333
    sc.d    s2, t1, (s0)
    CHECK   "sc.d after sc.d: rd", s2, 1
    ld      s2, 0(s0)
    CHECK   "sc.d after sc.d: mem", s2, 0x2222

    /* SC to an address outside the reservation set, then to the reserved address. */
    la      s0, slot
    la      s1, other
    sd      zero, 0(s1)
    lr.d    t0, (s0)
    li      t1, 0x4444
    sc.d    s2, t1, (s1)
    CHECK   "sc.d other address: rd", s2, 1
    ld      s2, 0(s1)
    CHECK   "sc.d other address: mem", s2, 0
    sc.d    s2, t1, (s0)
    CHECK   "sc.d after failed sc.d: rd", s2, 1
    ld      s2, 0(s0)
    CHECK   "sc.d after failed sc.d: mem", s2, 0x2222

    /* LR.W sign-extends; SC.W stores only the low word. */
    la      s0, slot
    li      t0, 0x5a5a5a5a80000000
    sd      t0, 0(s0)
    lr.w    s1, (s0)
    li      t1, 0xffffffff12345678
    sc.w    s2, t1, (s0)
    CHECK   "lr.w 80000000", s1, 0xffffffff80000000
    CHECK   "sc.w after lr.w: rd", s2, 0
    ld      s2, 0(s0)
    CHECK   "sc.w after lr.w: mem", s2, 0x5a5a5a5a12345678
    sc.w    s2, t1, (s0)
    CHECK   "sc.w without reservation: rd", s2, 1

    /* Orderings: same result on one hart. */
    la      s0, slot
    sd      zero, 0(s0)
    lr.d.aq t0, (s0)
    li      t1, 1
    sc.d.rl s2, t1, (s0)
    CHECK   "lr.d.aq/sc.d.rl", s2, 0
    lr.d.aqrl t0, (s0)
    addi    t0, t0, 1
    sc.d.aqrl s2, t0, (s0)
    CHECK   "lr.d.aqrl/sc.d.aqrl", s2, 0
    lr.w.aq t0, (s0)
    addi    t0, t0, 1
    sc.w.rl s2, t0, (s0)
    CHECK   "lr.w.aq/sc.w.rl", s2, 0
    lr.w.aqrl t0, (s0)
    addi    t0, t0, 1
    sc.w.aqrl s2, t0, (s0)
    CHECK   "lr.w.aqrl/sc.w.aqrl", s2, 0
    ld      s2, 0(s0)
    CHECK   "after 4 lr/sc increments", s2, 4

    /* The canonical LR/SC retry loop: 100 atomic increments. */
    la      s0, slot
    sd      zero, 0(s0)
    li      s1, 100
1:  lr.d    t0, (s0)
    addi    t0, t0, 1
    sc.d    t1, t0, (s0)
    bnez    t1, 1b
    addi    s1, s1, -1
    bnez    s1, 1b
    ld      s2, 0(s0)
    CHECK   "lr/sc loop x100", s2, 100

    AMO  "amoswap.d 8000000000000001,7fffffffffffffff", amoswap.d, 0x8000000000000001, 0x7fffffffffffffff, 0x8000000000000001, 0x7fffffffffffffff
    AMO  "amoswap.d fffffffffffffff0,10", amoswap.d, 0xfffffffffffffff0, 0x10, 0xfffffffffffffff0, 0x10
    AMO  "amoswap.w 80000001,7fffffff", amoswap.w, 0xa5a5a5a580000001, 0xdead00007fffffff, 0xffffffff80000001, 0xa5a5a5a57fffffff
    AMO  "amoswap.w fffffff0,10", amoswap.w, 0xa5a5a5a5fffffff0, 0x10, 0xfffffffffffffff0, 0xa5a5a5a500000010
    AMO  "amoadd.d 8000000000000001,7fffffffffffffff", amoadd.d, 0x8000000000000001, 0x7fffffffffffffff, 0x8000000000000001, 0x0
    AMO  "amoadd.d fffffffffffffff0,10", amoadd.d, 0xfffffffffffffff0, 0x10, 0xfffffffffffffff0, 0x0
    AMO  "amoadd.w 80000001,7fffffff", amoadd.w, 0xa5a5a5a580000001, 0xdead00007fffffff, 0xffffffff80000001, 0xa5a5a5a500000000
    AMO  "amoadd.w fffffff0,10", amoadd.w, 0xa5a5a5a5fffffff0, 0x10, 0xfffffffffffffff0, 0xa5a5a5a500000000
    AMO  "amoxor.d 8000000000000001,7fffffffffffffff", amoxor.d, 0x8000000000000001, 0x7fffffffffffffff, 0x8000000000000001, 0xfffffffffffffffe
    AMO  "amoxor.d fffffffffffffff0,10", amoxor.d, 0xfffffffffffffff0, 0x10, 0xfffffffffffffff0, 0xffffffffffffffe0
    AMO  "amoxor.w 80000001,7fffffff", amoxor.w, 0xa5a5a5a580000001, 0xdead00007fffffff, 0xffffffff80000001, 0xa5a5a5a5fffffffe
    AMO  "amoxor.w fffffff0,10", amoxor.w, 0xa5a5a5a5fffffff0, 0x10, 0xfffffffffffffff0, 0xa5a5a5a5ffffffe0
    AMO  "amoand.d 8000000000000001,7fffffffffffffff", amoand.d, 0x8000000000000001, 0x7fffffffffffffff, 0x8000000000000001, 0x1
    AMO  "amoand.d fffffffffffffff0,10", amoand.d, 0xfffffffffffffff0, 0x10, 0xfffffffffffffff0, 0x10
    AMO  "amoand.w 80000001,7fffffff", amoand.w, 0xa5a5a5a580000001, 0xdead00007fffffff, 0xffffffff80000001, 0xa5a5a5a500000001
    AMO  "amoand.w fffffff0,10", amoand.w, 0xa5a5a5a5fffffff0, 0x10, 0xfffffffffffffff0, 0xa5a5a5a500000010
    AMO  "amoor.d 8000000000000001,7fffffffffffffff", amoor.d, 0x8000000000000001, 0x7fffffffffffffff, 0x8000000000000001, 0xffffffffffffffff
    AMO  "amoor.d fffffffffffffff0,10", amoor.d, 0xfffffffffffffff0, 0x10, 0xfffffffffffffff0, 0xfffffffffffffff0
    AMO  "amoor.w 80000001,7fffffff", amoor.w, 0xa5a5a5a580000001, 0xdead00007fffffff, 0xffffffff80000001, 0xa5a5a5a5ffffffff
    AMO  "amoor.w fffffff0,10", amoor.w, 0xa5a5a5a5fffffff0, 0x10, 0xfffffffffffffff0, 0xa5a5a5a5fffffff0
    AMO  "amomin.d 8000000000000001,7fffffffffffffff", amomin.d, 0x8000000000000001, 0x7fffffffffffffff, 0x8000000000000001, 0x8000000000000001
    AMO  "amomin.d fffffffffffffff0,10", amomin.d, 0xfffffffffffffff0, 0x10, 0xfffffffffffffff0, 0xfffffffffffffff0
    AMO  "amomin.w 80000001,7fffffff", amomin.w, 0xa5a5a5a580000001, 0xdead00007fffffff, 0xffffffff80000001, 0xa5a5a5a580000001
    AMO  "amomin.w fffffff0,10", amomin.w, 0xa5a5a5a5fffffff0, 0x10, 0xfffffffffffffff0, 0xa5a5a5a5fffffff0
    AMO  "amomax.d 8000000000000001,7fffffffffffffff", amomax.d, 0x8000000000000001, 0x7fffffffffffffff, 0x8000000000000001, 0x7fffffffffffffff
    AMO  "amomax.d fffffffffffffff0,10", amomax.d, 0xfffffffffffffff0, 0x10, 0xfffffffffffffff0, 0x10
    AMO  "amomax.w 80000001,7fffffff", amomax.w, 0xa5a5a5a580000001, 0xdead00007fffffff, 0xffffffff80000001, 0xa5a5a5a57fffffff
    AMO  "amomax.w fffffff0,10", amomax.w, 0xa5a5a5a5fffffff0, 0x10, 0xfffffffffffffff0, 0xa5a5a5a500000010
    AMO  "amominu.d 8000000000000001,7fffffffffffffff", amominu.d, 0x8000000000000001, 0x7fffffffffffffff, 0x8000000000000001, 0x7fffffffffffffff
    AMO  "amominu.d fffffffffffffff0,10", amominu.d, 0xfffffffffffffff0, 0x10, 0xfffffffffffffff0, 0x10
    AMO  "amominu.w 80000001,7fffffff", amominu.w, 0xa5a5a5a580000001, 0xdead00007fffffff, 0xffffffff80000001, 0xa5a5a5a57fffffff
    AMO  "amominu.w fffffff0,10", amominu.w, 0xa5a5a5a5fffffff0, 0x10, 0xfffffffffffffff0, 0xa5a5a5a500000010
    AMO  "amomaxu.d 8000000000000001,7fffffffffffffff", amomaxu.d, 0x8000000000000001, 0x7fffffffffffffff, 0x8000000000000001, 0x8000000000000001
    AMO  "amomaxu.d fffffffffffffff0,10", amomaxu.d, 0xfffffffffffffff0, 0x10, 0xfffffffffffffff0, 0xfffffffffffffff0
    AMO  "amomaxu.w 80000001,7fffffff", amomaxu.w, 0xa5a5a5a580000001, 0xdead00007fffffff, 0xffffffff80000001, 0xa5a5a5a580000001
    AMO  "amomaxu.w fffffff0,10", amomaxu.w, 0xa5a5a5a5fffffff0, 0x10, 0xfffffffffffffff0, 0xa5a5a5a5fffffff0

    /* Orderings on AMOs. */
    la      s0, slot
    sd      zero, 0(s0)
    li      s1, 5
    amoadd.d.aq   t0, s1, (s0)
    amoadd.d.rl   t0, s1, (s0)
    amoadd.d.aqrl t0, s1, (s0)
    amoadd.w.aq   t0, s1, (s0)
    amoadd.w.rl   t0, s1, (s0)
    amoadd.w.aqrl s2, s1, (s0)
    CHECK   "amoadd.{d,w}.{aq,rl,aqrl} old", s2, 25
    ld      s2, 0(s0)
    CHECK   "amoadd.{d,w}.{aq,rl,aqrl} mem", s2, 30

    /* rd = x0: memory is updated, nothing is written back. */
    la      s0, slot
    li      t0, 40
    sd      t0, 0(s0)
    li      s1, 2
    amoadd.d x0, s1, (s0)
    ld      s2, 0(s0)
    CHECK   "amoadd.d rd=x0 mem", s2, 42
    mv      s2, x0
    CHECK   "amoadd.d rd=x0 x0", s2, 0

    /* rd = rs2: the old value lands in rd, the store used the old rs2. */
    la      s0, slot
    li      t0, 7
    sd      t0, 0(s0)
    li      s1, 9
    amoswap.d s1, s1, (s0)
    CHECK   "amoswap.d rd=rs2 rd", s1, 7
    ld      s2, 0(s0)
    CHECK   "amoswap.d rd=rs2 mem", s2, 9
TEST_END rv64a
