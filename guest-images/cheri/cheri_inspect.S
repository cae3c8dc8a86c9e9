/*
 * cheri_inspect.S - the inspection instructions (spec §4.2): CGetPerm/Type/Base/Len/Tag/
 * Sealed/Offset/Flags/Addr/High/Top and CSub on the root capability, NULL (c0), a plain
 * integer, and the worked decodes of spec §1.5 (CSetBounds from root, then CGetHigh gives
 * the memory form of the high word, §1.7).
 *
 * CGetTop is Sail-only: QEMU-CHERI does not decode it (illegal instruction, spec §10);
 * its lines in the .expected files hold the Sail values (see DIVERGENCES.md).
 */
#include "cheri_test.h"

/* All the CGet* of creg (everything except CGetTop), one line each. */
.macro INSPECT name, creg, tag, base, len, addr, perm, otype, sealed, offset, flags, high
    CHECK_CAP "\name", \creg, \tag, \base, \len, \addr, \perm, \otype
    CHECK_OP "\name sealed", cgetsealed, \creg, \sealed
    CHECK_OP "\name offset", cgetoffset, \creg, \offset
    CHECK_OP "\name flags", cgetflags, \creg, \flags
    CHECK_OP "\name cgetaddr", cgetaddr, \creg, \addr
    CHECK_OP "\name high", cgethigh, \creg, \high
.endm

/* CGetTop: the Sail value, or (on QEMU) an illegal instruction that leaves the marker. */
.macro GETTOP name, creg, top
    TRAP_RESET
    li      a1, 0x70b
    CGETTOP(a1, \creg)
    CHECK   "\name cgettop", a1, \top
    CHECK_NO_TRAP "\name cgettop"
.endm

/* s0 := CSetBounds(root with address addr, len); then inspect it. */
.macro BOUNDS name, addr, len, high, base, blen, offset
    li      t0, \addr
    CSETADDR(s0, s11, t0)
    li      t0, \len
    CSETBOUNDS(s0, s0, t0)
    CHECK_OP "\name tag", cgettag, s0, 1
    CHECK_OP "\name high", cgethigh, s0, \high
    CHECK_OP "\name base", cgetbase, s0, \base
    CHECK_OP "\name len", cgetlen, s0, \blen
    CHECK_OP "\name offset", cgetoffset, s0, \offset
.endm

CTEST_BEGIN
    /* ---- root (DDC at reset), NULL (c0), an integer ---- */
    INSPECT "root", s11, 1, 0, -1, 0, 0x78fff, -1, 0, 0, 0, 0xffff000000000000
    GETTOP "root", s11, -1
    INSPECT "null", x0, 0, 0, -1, 0, 0, -1, 0, 0, 0, 0
    GETTOP "null", x0, -1
    li      s0, 0x1234
    INSPECT "integer 0x1234", s0, 0, 0, -1, 0x1234, 0, -1, 0, 0x1234, 0, 0
    li      s0, -1
    INSPECT "integer -1", s0, 0, 0, -1, -1, 0, -1, 0, -1, 0, 0
    /* PCC at reset: root bounds and perms, integer mode, address = this instruction */
    CGETPCC(s0)
1:  CGETPCC(s1)
    CHECK_OP "pcc tag", cgettag, s0, 1
    CHECK_OP "pcc base", cgetbase, s0, 0
    CHECK_OP "pcc len", cgetlen, s0, -1
    CHECK_OP "pcc perm", cgetperm, s0, 0x78fff
    CHECK_OP "pcc type", cgettype, s0, -1
    la      t0, 1b
    sub     s2, s1, t0
    CHECK   "pcc addr-label", s2, 0
    CHECK_OP "pcc flags", cgetflags, s0, 0
    CHECK_OP "pcc high", cgethigh, s0, 0xffff000000000000

    /* ---- root moved: address only ---- */
    li      t0, 0x80001003
    CSETADDR(s0, s11, t0)
    INSPECT "root@80001003", s0, 1, 0, -1, 0x80001003, 0x78fff, -1, 0, 0x80001003, 0, 0xffff000000000000

    /* ---- the worked decode of spec §1.5 and its table ---- */
    BOUNDS "sb(80001003,12345)", 0x80001003, 0x12345, 0xffff000000cf8100, 0x80001000, 0x12380, 3
    GETTOP "sb(80001003,12345)", s0, 0x80013380
    BOUNDS "sb(1000,10)", 0x1000, 0x10, 0xffff000004059004, 0x1000, 0x10, 0
    GETTOP "sb(1000,10)", s0, 0x1010
    BOUNDS "sb(3ff0,20)", 0x3ff0, 0x20, 0xffff00000405bff4, 0x3ff0, 0x20, 0
    li      t0, 0x4008
    CSETADDR(s1, s0, t0)
    CHECK_OP "sb(3ff0,20)@4008 tag", cgettag, s1, 1
    CHECK_OP "sb(3ff0,20)@4008 base", cgetbase, s1, 0x3ff0
    CHECK_OP "sb(3ff0,20)@4008 len", cgetlen, s1, 0x20
    CHECK_OP "sb(3ff0,20)@4008 high", cgethigh, s1, 0xffff00000405bff4
    BOUNDS "sb(1001,1001)", 0x1001, 0x1001, 0xffff000000039004, 0x1000, 0x1008, 1
    BOUNDS "sb(7,1ffd)", 0x7, 0x1ffd, 0xffff000000038005, 0, 0x2010, 7
    BOUNDS "sb(fffffffffffff000,1000)", 0xfffffffffffff000, 0x1000, 0xffff00000001b004, 0xfffffffffffff000, 0x1000, 0
    GETTOP "sb(fffffffffffff000,1000)", s0, -1
    BOUNDS "sb(0,2^63)", 0, 0x8000000000000000, 0xffff000000000007, 0, 0x8000000000000000, 0
    GETTOP "sb(0,2^63)", s0, 0x8000000000000000
    BOUNDS "sb(2^63,2^63)", 0x8000000000000000, 0x8000000000000000, 0xffff000000001007, 0x8000000000000000, 0x8000000000000000, 0
    GETTOP "sb(2^63,2^63)", s0, -1
    BOUNDS "sb(1,2^64-1)", 1, 0xffffffffffffffff, 0xffff000000000000, 0, -1, 1
    BOUNDS "sb(123456789abcdef0,2^40)", 0x123456789abcdef0, 0x10000000000, 0xffff000001e56788, 0x1234567880000000, 0x10080000000, 0x1abcdef0
    GETTOP "sb(123456789abcdef0,2^40)", s0, 0x1234577900000000

    /* CSealEntry of [0x1000, 0x1100): sealed, otype -2 */
    li      t0, 0x1000
    CSETADDR(s0, s11, t0)
    li      t0, 0x100
    CSETBOUNDS(s0, s0, t0)
    CSEALENTRY(s0, s0)
    INSPECT "sentry[1000,1100)", s0, 1, 0x1000, 0x100, 0x1000, 0x78fff, -2, 1, 0, 0, 0xffff00000c419004
    /* root with flags = 1 (capability mode) */
    li      t0, 1
    CSETFLAGS(s0, s11, t0)
    INSPECT "root flags=1", s0, 1, 0, -1, 0, 0x78fff, -1, 0, 0, 1, 0xffff200000000000

    /* ---- decoded fields of an untagged value are still decoded (spec §4.2) ---- */
    li      t0, 0x1000
    CSETADDR(s0, s11, t0)
    li      t0, 0x10
    CSETBOUNDS(s0, s0, t0)
    CCLEARTAG(s0, s0)
    INSPECT "cleartag [1000,1010)", s0, 0, 0x1000, 0x10, 0x1000, 0x78fff, -1, 0, 0, 0, 0xffff000004059004
    /* moved out of its representable window: tag 0, bounds decoded at the new address (§1.9) */
    li      t0, 0x1000
    CSETADDR(s0, s11, t0)
    li      t0, 0x10
    CSETBOUNDS(s0, s0, t0)
    li      t0, 0x7ff
    CSETADDR(s0, s0, t0)
    INSPECT "[1000,1010)@7ff", s0, 0, 0xffffffffffffd000, 0x10, 0x7ff, 0x78fff, -1, 0, 0x37ff, 0, 0xffff000004059004

    /* ---- CSub (Sail; removed from the v9 text) ---- */
    li      t0, 0x5000
    CSETADDR(s0, s11, t0)
    li      t0, 0x1234
    CSETADDR(s1, s11, t0)
    CSUB(s2, s0, s1)
    CHECK   "csub 5000-1234", s2, 0x3dcc
    CSUB(s2, s1, s0)
    CHECK   "csub 1234-5000", s2, 0xffffffffffffc234
    CSUB(s2, s0, x0)
    CHECK   "csub 5000-null", s2, 0x5000
TEST_END cheri_inspect
