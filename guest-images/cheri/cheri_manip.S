/*
 * cheri_manip.S - the manipulation, pointer-arithmetic and test instructions, which never
 * trap in v9 (spec §4.3, §4.4, §4.7): a refused request gives an untagged result.
 *   CSetBounds/CSetBoundsExact/CSetBoundsImm (exact, inexact, out of authority, 65-bit
 *   top, zero-extended immediate), CSetAddr vs CIncOffset/CIncOffsetImm/CSetOffset (the
 *   precise and fast representability checks, spec §1.8: 0x37FF vs 0x47FF), CAndPerm,
 *   CSetFlags, CSeal/CUnseal/CSealEntry/CCSeal/CCopyType/CBuildCap (success and each
 *   failure), CSetHigh/CGetHigh, CTestSubset, CSetEqualExact, CRRL/CRAM (§1.11 table),
 *   CToPtr/CFromPtr, CMove, CClearTag, CClear.
 * Sealed inputs keep their otype and lose their tag (spec §9.9).
 *
 * Sail vs QEMU-CHERI (spec §10): CCopyType of an otype outside the authority's bounds but
 * representable, CFromPtr representability. The .expected files hold Sail's values
 * (DIVERGENCES.md). In v8 (QEMU's default) the refused requests trap instead.
 */
#include "cheri_test.h"

/*
 * No trap in v9. Printed after the refused requests so that the v8 expected output
 * (where CSetBounds & co. trap) shows how many traps there were since the previous
 * CHECK_TRAPS and the mtval of the last one.
 */
.macro CHECK_TRAPS name
    TRAP_FIELD s10, TS_COUNT
    CHECK   "\name: traps", s10, 0
    TRAP_FIELD s10, TS_TVAL
    CHECK   "\name: last mtval", s10, 0
    TRAP_RESET
.endm

CTEST_BEGIN
    /* ================= CSetBounds family ================= */
    MKCAP   s0, 0x1000, 0x10
    CHECK_CAP "sb [1000,1010)", s0, 1, 0x1000, 0x10, 0x1000, 0x78fff, -1
    /* exact and inexact */
    ROOTAT  s1, 0x1001
    li      t0, 0x1001
    CSETBOUNDS(s2, s1, t0)
    CHECK_CAP "sb(1001,1001)", s2, 1, 0x1000, 0x1008, 0x1001, 0x78fff, -1
    li      t0, 0x1001
    CSETBOUNDSEXACT(s2, s1, t0)
    CHECK_CAP "sbexact(1001,1001) inexact", s2, 0, 0x1000, 0x1008, 0x1001, 0x78fff, -1
    CHECK_TRAPS "sbexact(1001,1001) inexact"
    ROOTAT  s1, 0x1000
    li      t0, 0x1000
    CSETBOUNDSEXACT(s2, s1, t0)
    CHECK_CAP "sbexact(1000,1000) exact", s2, 1, 0x1000, 0x1000, 0x1000, 0x78fff, -1
    /* requested range must lie inside cs1 */
    li      t0, 0x11
    CSETBOUNDS(s2, s0, t0)
    CHECK_CAP "sb [1000,1010) len 11", s2, 0, 0x1000, 0x11, 0x1000, 0x78fff, -1
    CHECK_TRAPS "sb [1000,1010) len 11"
    li      t0, 0x10
    CSETBOUNDS(s2, s0, t0)
    CHECK_TAG "sb [1000,1010) len 10", s2, 1
    li      t0, 0x1008
    CSETADDR(s1, s0, t0)
    li      t0, 8
    CSETBOUNDS(s2, s1, t0)
    CHECK_CAP "sb [1000,1010)@1008 len 8", s2, 1, 0x1008, 8, 0x1008, 0x78fff, -1
    li      t0, 9
    CSETBOUNDS(s2, s1, t0)
    CHECK_TAG "sb [1000,1010)@1008 len 9", s2, 0
    li      t0, 0xff0
    CSETADDR(s1, s0, t0)
    CHECK_TAG "[1000,1010)@ff0", s1, 1
    li      t0, 0x10
    CSETBOUNDS(s2, s1, t0)
    CHECK_CAP "sb [1000,1010)@ff0 len 10", s2, 0, 0xff0, 0x10, 0xff0, 0x78fff, -1
    /* 65-bit top */
    ROOTAT  s1, 0xfffffffffffff000
    li      t0, 0x1000
    CSETBOUNDS(s2, s1, t0)
    CHECK_TAG "sb root@-1000 len 1000", s2, 1
    li      t0, 0x1001
    CSETBOUNDS(s2, s1, t0)
    CHECK_TAG "sb root@-1000 len 1001", s2, 0
    CHECK_TRAPS "sb root@-1000 len 1001"
    /* zero length */
    ROOTAT  s1, 0x2000
    CSETBOUNDS(s2, s1, x0)
    CHECK_CAP "sb root@2000 len 0", s2, 1, 0x2000, 0, 0x2000, 0x78fff, -1
    /* CSetBoundsImm: uimm zero-extended */
    CSETBOUNDSIMM(s2, s1, 0x800)
    CHECK_CAP "sbimm root@2000 800", s2, 1, 0x2000, 0x800, 0x2000, 0x78fff, -1
    CSETBOUNDSIMM(s2, s1, 0xfff)
    CHECK_CAP "sbimm root@2000 fff", s2, 1, 0x2000, 0xfff, 0x2000, 0x78fff, -1
    CSETBOUNDSIMM(s2, s1, 0)
    CHECK_CAP "sbimm root@2000 0", s2, 1, 0x2000, 0, 0x2000, 0x78fff, -1
    CSETBOUNDSIMM(s2, s0, 0x11)
    CHECK_TAG "sbimm [1000,1010) 11", s2, 0
    /* sealed and untagged inputs */
    CSEALENTRY(s1, s0)
    li      t0, 8
    CSETBOUNDS(s2, s1, t0)
    CHECK_CAP "sb sentry len 8", s2, 0, 0x1000, 8, 0x1000, 0x78fff, -2
    CHECK_TRAPS "sb sentry len 8"
    CCLEARTAG(s1, s0)
    li      t0, 8
    CSETBOUNDS(s2, s1, t0)
    CHECK_CAP "sb untagged len 8", s2, 0, 0x1000, 8, 0x1000, 0x78fff, -1

    /* ================= address arithmetic: fast vs precise (spec §1.8) ================= */
    /* s0 = [0x1000,0x1010) at 0x1000: E = 0, representable window [0x800, 0x4800) */
    li      t0, 0x37ff
    CINCOFFSET(s2, s0, t0)
    CHECK_CAP "cincoffset +37ff", s2, 0, 0x1000, 0x10, 0x47ff, 0x78fff, -1
    CHECK_TRAPS "cincoffset +37ff"
    li      t0, 0x37fe
    CINCOFFSET(s2, s0, t0)
    CHECK_CAP "cincoffset +37fe", s2, 1, 0x1000, 0x10, 0x47fe, 0x78fff, -1
    li      t0, 0x47ff
    CSETADDR(s2, s0, t0)
    CHECK_CAP "csetaddr 47ff", s2, 1, 0x1000, 0x10, 0x47ff, 0x78fff, -1
    li      t0, 0x4800
    CSETADDR(s2, s0, t0)
    CHECK_TAG "csetaddr 4800", s2, 0
    li      t0, 0x800
    CSETADDR(s2, s0, t0)
    CHECK_TAG "csetaddr 800", s2, 1
    li      t0, 0x7ff
    CSETADDR(s2, s0, t0)
    CHECK_CAP "csetaddr 7ff", s2, 0, 0xffffffffffffd000, 0x10, 0x7ff, 0x78fff, -1
    CHECK_TRAPS "csetaddr 7ff"
    li      t0, -0x800
    CINCOFFSET(s2, s0, t0)
    CHECK_TAG "cincoffset -800", s2, 1
    li      t0, -0x801
    CINCOFFSET(s2, s0, t0)
    CHECK_TAG "cincoffset -801", s2, 0
    li      t0, -0x7ff
    CINCOFFSET(s2, s0, t0)
    CHECK_TAG "cincoffset -7ff", s2, 1
    li      t0, 0x37ff
    CSETOFFSET(s2, s0, t0)
    CHECK_CAP "csetoffset 37ff", s2, 0, 0x1000, 0x10, 0x47ff, 0x78fff, -1
    li      t0, 0x10
    CSETOFFSET(s2, s0, t0)
    CHECK_CAP "csetoffset 10", s2, 1, 0x1000, 0x10, 0x1010, 0x78fff, -1
    CHECK_OP "csetoffset 10 offset", cgetoffset, s2, 0x10
    CINCOFFSETIMM(s2, s0, 2047)
    CHECK_CAP "cincoffsetimm +2047", s2, 1, 0x1000, 0x10, 0x17ff, 0x78fff, -1
    CINCOFFSETIMM(s2, s0, -2048)
    CHECK_CAP "cincoffsetimm -2048", s2, 1, 0x1000, 0x10, 0x800, 0x78fff, -1
    CINCOFFSETIMM(s2, s0, -1)
    CHECK_CAP "cincoffsetimm -1", s2, 1, 0x1000, 0x10, 0xfff, 0x78fff, -1
    /* a big capability: E >= 50 is always representable */
    ROOTAT  s1, 0x10
    li      t0, -0x20
    CINCOFFSET(s2, s1, t0)
    CHECK_CAP "root cincoffset -20", s2, 1, 0, -1, 0xfffffffffffffff0, 0x78fff, -1
    /* sealed input: tag cleared, otype kept */
    CSEALENTRY(s1, s0)
    CINCOFFSET(s2, s1, x0)
    CHECK_CAP "cincoffset sentry +0", s2, 0, 0x1000, 0x10, 0x1000, 0x78fff, -2
    li      t0, 0x1000
    CSETADDR(s2, s1, t0)
    CHECK_CAP "csetaddr sentry same", s2, 0, 0x1000, 0x10, 0x1000, 0x78fff, -2
    /* untagged input: carried through, no fault */
    li      s1, 0x1234
    li      t0, 0x10
    CINCOFFSET(s2, s1, t0)
    CHECK_CAP "cincoffset integer", s2, 0, 0, -1, 0x1244, 0, -1

    /* ================= CAndPerm / CSetFlags ================= */
    ANDPERM s2, s11, 0x7
    CHECK_CAP "candperm root 7", s2, 1, 0, -1, 0, 0x7, -1
    ANDPERM s2, s11, 0x700f
    CHECK_OP "candperm root 700f perm", cgetperm, s2, 0xf
    ANDPERM s2, s11, 0x28000
    CHECK_OP "candperm root 28000 perm", cgetperm, s2, 0x28000
    ANDPERM s2, s11, -1
    CHECK_OP "candperm root -1 perm", cgetperm, s2, 0x78fff
    CHECK_OP "candperm root -1 high", cgethigh, s2, 0xffff000000000000
    ANDPERM s3, s2, 0xfffffffffffbfffe
    CHECK_OP "candperm ~(G|U3) perm", cgetperm, s3, 0x38ffe
    CHECK_OP "candperm ~(G|U3) high", cgethigh, s3, 0x7ffe000000000000
    CSEALENTRY(s1, s0)
    ANDPERM s2, s1, -1
    CHECK_CAP "candperm sentry -1", s2, 0, 0x1000, 0x10, 0x1000, 0x78fff, -2
    CHECK_TRAPS "candperm sentry -1"
    li      t0, 1
    CSETFLAGS(s2, s11, t0)
    CHECK_OP "csetflags 1", cgetflags, s2, 1
    CHECK_TAG "csetflags 1", s2, 1
    li      t0, 2
    CSETFLAGS(s2, s11, t0)
    CHECK_OP "csetflags 2 flags", cgetflags, s2, 0
    li      t0, -1
    CSETFLAGS(s2, s11, t0)
    CHECK_OP "csetflags -1 flags", cgetflags, s2, 1
    CSETFLAGS(s3, s2, x0)
    CHECK_OP "csetflags 0 flags", cgetflags, s3, 0
    CHECK_TAG "csetflags 0", s3, 1
    li      t0, 1
    CSETFLAGS(s2, s1, t0)
    CHECK_OP "csetflags sentry flags", cgetflags, s2, 1
    CHECK_TAG "csetflags sentry", s2, 0
    CHECK_TRAPS "csetflags sentry"
    ANDPERM s1, s11, 0
    li      t0, 1
    CSETFLAGS(s2, s1, t0)
    CHECK_TAG "csetflags no perms", s2, 1

    /* ================= CSeal / CUnseal ================= */
    /* s0 = data [0x1000,0x1010); s3 = sealing root at otype 5 */
    ROOTAT  s3, 5
    CSEAL(s2, s0, s3)
    CHECK_CAP "cseal 5", s2, 1, 0x1000, 0x10, 0x1000, 0x78fff, 5
    CHECK_OP "cseal 5 sealed", cgetsealed, s2, 1
    CHECK_OP "cseal 5 high", cgethigh, s2, 0xffff1fffd4059004
    mv      s4, s2                       /* (integer copy, for the address only) */
    CMOVE(s4, s2)                        /* s4 = sealed(5) */
    CUNSEAL(s5, s4, s3)
    CHECK_CAP "cunseal 5", s5, 1, 0x1000, 0x10, 0x1000, 0x78fff, -1
    CSEQX(s6, s5, s0)
    CHECK   "cunseal 5 cseqx original", s6, 1
    ROOTAT  s1, 6
    CUNSEAL(s5, s4, s1)
    CHECK_CAP "cunseal wrong otype", s5, 0, 0x1000, 0x10, 0x1000, 0x78fff, -1
    CHECK_TRAPS "cunseal wrong otype"
    ANDPERM s1, s3, ~PERM_UNSEAL
    CUNSEAL(s5, s4, s1)
    CHECK_CAP "cunseal no Unseal", s5, 0, 0x1000, 0x10, 0x1000, 0x78fff, -1
    CCLEARTAG(s1, s3)
    CUNSEAL(s5, s4, s1)
    CHECK_TAG "cunseal untagged authority", s5, 0
    CSEAL(s5, s4, s3)
    CHECK_CAP "cseal sealed", s5, 0, 0x1000, 0x10, 0x1000, 0x78fff, 5
    CUNSEAL(s5, s0, s3)
    CHECK_CAP "cunseal unsealed", s5, 0, 0x1000, 0x10, 0x1000, 0x78fff, -1
    CSEALENTRY(s1, s0)
    ROOTAT  s5, 0x3fffe
    CUNSEAL(s5, s1, s5)
    CHECK_CAP "cunseal sentry", s5, 0, 0x1000, 0x10, 0x1000, 0x78fff, -1
    CHECK_TRAPS "cunseal sentry"
    /* Global: result G = G(cs1) & G(cs2) */
    ANDPERM s1, s3, ~PERM_GLOBAL
    CUNSEAL(s5, s4, s1)
    CHECK_CAP "cunseal local authority", s5, 1, 0x1000, 0x10, 0x1000, 0x78ffe, -1
    ANDPERM s1, s0, ~PERM_GLOBAL
    CSEAL(s5, s1, s3)
    CUNSEAL(s5, s5, s3)
    CHECK_CAP "cunseal local data", s5, 1, 0x1000, 0x10, 0x1000, 0x78ffe, -1
    /* sealing authority checks */
    ANDPERM s1, s3, ~PERM_SEAL
    CSEAL(s5, s0, s1)
    CHECK_CAP "cseal no Seal", s5, 0, 0x1000, 0x10, 0x1000, 0x78fff, 5
    CHECK_TRAPS "cseal no Seal"
    CCLEARTAG(s1, s3)
    CSEAL(s5, s0, s1)
    CHECK_TAG "cseal untagged authority", s5, 0
    CSEALENTRY(s1, s3)
    CSEAL(s5, s0, s1)
    CHECK_TAG "cseal sealed authority", s5, 0
    ROOTAT  s1, 0x3fffb
    CSEAL(s5, s0, s1)
    CHECK_CAP "cseal 3fffb", s5, 1, 0x1000, 0x10, 0x1000, 0x78fff, 0x3fffb
    ROOTAT  s1, 0x3fffc
    CSEAL(s5, s0, s1)
    CHECK_TAG "cseal 3fffc", s5, 0
    CHECK_TRAPS "cseal 3fffc"
    MKCAP   s1, 0, 0x10
    CINCOFFSETIMM(s1, s1, 0xf)
    CSEAL(s5, s0, s1)
    CHECK_CAP "cseal [0,10)@f", s5, 1, 0x1000, 0x10, 0x1000, 0x78fff, 0xf
    CINCOFFSETIMM(s1, s1, 1)
    CSEAL(s5, s0, s1)
    CHECK_TAG "cseal [0,10)@10 (half-open)", s5, 0
    /* CSealEntry: no Execute needed; sealed input untagged */
    ANDPERM s1, s0, PERM_LOAD
    CSEALENTRY(s5, s1)
    CHECK_CAP "csealentry no X", s5, 1, 0x1000, 0x10, 0x1000, PERM_LOAD, -2
    CSEALENTRY(s5, s4)
    CHECK_CAP "csealentry sealed", s5, 0, 0x1000, 0x10, 0x1000, 0x78fff, -2
    CHECK_TRAPS "csealentry sealed"

    /* ================= CCSeal ================= */
    ROOTAT  s3, 7
    CCSEAL(s5, s0, s3)
    CHECK_CAP "ccseal 7", s5, 1, 0x1000, 0x10, 0x1000, 0x78fff, 7
    CCLEARTAG(s1, s3)
    CCSEAL(s5, s0, s1)
    CHECK_CAP "ccseal untagged cs2 (pass)", s5, 1, 0x1000, 0x10, 0x1000, 0x78fff, -1
    ROOTAT  s1, -1
    CCSEAL(s5, s0, s1)
    CHECK_CAP "ccseal cs2 addr -1 (pass)", s5, 1, 0x1000, 0x10, 0x1000, 0x78fff, -1
    CCSEAL(s5, s4, s3)
    CHECK_CAP "ccseal sealed cs1 (pass)", s5, 1, 0x1000, 0x10, 0x1000, 0x78fff, 5
    MKCAP   s1, 0, 0x10
    CINCOFFSETIMM(s1, s1, 0x10)
    CCSEAL(s5, s0, s1)
    CHECK_CAP "ccseal cs2 out of bounds (pass)", s5, 1, 0x1000, 0x10, 0x1000, 0x78fff, -1
    ANDPERM s1, s3, ~PERM_SEAL
    CCSEAL(s5, s0, s1)
    CHECK_CAP "ccseal no Seal", s5, 0, 0x1000, 0x10, 0x1000, 0x78fff, 7
    CHECK_TRAPS "ccseal no Seal"
    CSEALENTRY(s1, s3)
    CCSEAL(s5, s0, s1)
    CHECK_CAP "ccseal sealed cs2", s5, 0, 0x1000, 0x10, 0x1000, 0x78fff, 7
    ROOTAT  s1, 0x3fffc
    CCSEAL(s5, s0, s1)
    CHECK_TAG "ccseal 3fffc", s5, 0

    /* ================= CCopyType ================= */
    CCOPYTYPE(s5, s11, s4)
    CHECK_CAP "ccopytype sealed(5)", s5, 1, 0, -1, 5, 0x78fff, -1
    CCOPYTYPE(s5, s11, s0)
    CHECK_CAP "ccopytype unsealed", s5, 0, 0, -1, -1, 0x78fff, -1
    CSEALENTRY(s1, s0)
    CCOPYTYPE(s5, s11, s1)
    CHECK_CAP "ccopytype sentry", s5, 0, 0, -1, -2, 0x78fff, -1
    CCLEARTAG(s1, s4)
    CCOPYTYPE(s5, s11, s1)
    CHECK_TAG "ccopytype untagged sealed(5)", s5, 1
    CCOPYTYPE(s5, s0, s4)
    CHECK_TAG "ccopytype [1000,1010) otype 5 (unrepresentable)", s5, 0
    CHECK_TRAPS "ccopytype [1000,1010) otype 5 (unrepresentable)"
    ROOTAT  s1, 0x1100
    CSEAL(s1, s0, s1)
    CCOPYTYPE(s5, s0, s1)
    CHECK_CAP "ccopytype [1000,1010) otype 1100", s5, 1, 0x1000, 0x10, 0x1100, 0x78fff, -1
    CCOPYTYPE(s5, s4, s4)
    CHECK_TAG "ccopytype sealed cs1", s5, 0

    /* ================= CBuildCap ================= */
    CCLEARTAG(s1, s0)
    CBUILDCAP(s5, s11, s1)
    CHECK_CAP "cbuildcap root,untagged[1000,1010)", s5, 1, 0x1000, 0x10, 0x1000, 0x78fff, -1
    CSEQX(s6, s5, s0)
    CHECK   "cbuildcap cseqx original", s6, 1
    CBUILDCAP(s5, x0, s1)
    CHECK_TAG "cbuildcap ddc,untagged", s5, 1
    CBUILDCAP(s5, s11, s0)
    CHECK_TAG "cbuildcap root,tagged", s5, 1
    MKCAP   s2, 0x1000, 0x8
    CBUILDCAP(s5, s2, s1)
    CHECK_CAP "cbuildcap bounds not subset", s5, 0, 0x1000, 0x10, 0x1000, 0x78fff, -1
    CHECK_TRAPS "cbuildcap bounds not subset"
    ANDPERM s2, s0, 0xff
    CBUILDCAP(s5, s2, s1)
    CHECK_TAG "cbuildcap perms not subset", s5, 0
    ANDPERM s2, s1, 0xff
    CBUILDCAP(s5, s0, s2)
    CHECK_CAP "cbuildcap fewer perms", s5, 1, 0x1000, 0x10, 0x1000, 0xff, -1
    CCLEARTAG(s2, s11)
    CBUILDCAP(s5, s2, s1)
    CHECK_TAG "cbuildcap untagged authority", s5, 0
    CSEALENTRY(s2, s11)
    CBUILDCAP(s5, s2, s1)
    CHECK_TAG "cbuildcap sealed authority", s5, 0
    CCLEARTAG(s2, s4)
    CBUILDCAP(s5, s11, s2)
    CHECK_CAP "cbuildcap untagged sealed(5) (unseals)", s5, 1, 0x1000, 0x10, 0x1000, 0x78fff, -1
    MKCAP   s6, 0x1000, 0x8
    CBUILDCAP(s5, s6, s2)
    CHECK_CAP "cbuildcap failing sealed(5) (unsealed)", s5, 0, 0x1000, 0x10, 0x1000, 0x78fff, -1
    CSEALENTRY(s2, s0)
    CCLEARTAG(s2, s2)
    CBUILDCAP(s5, s11, s2)
    CHECK_CAP "cbuildcap untagged sentry", s5, 1, 0x1000, 0x10, 0x1000, 0x78fff, -2
    /* from bits: CSetHigh of the §1.5 [0x1000,0x1010) encoding */
    li      t0, 0xffff000004059004
    li      t1, 0x1000
    CSETADDR(s2, x0, t1)
    CSETHIGH(s2, s2, t0)
    CHECK_CAP "csethigh [1000,1010)", s2, 0, 0x1000, 0x10, 0x1000, 0x78fff, -1
    CHECK_OP "csethigh [1000,1010) high", cgethigh, s2, 0xffff000004059004
    CBUILDCAP(s5, s11, s2)
    CSEQX(s6, s5, s0)
    CHECK   "cbuildcap(csethigh) cseqx original", s6, 1
    /* CSetHigh on a tagged cs1 still gives an untagged value; high 0 = NULL fields */
    CSETHIGH(s2, s11, x0)
    CHECK_CAP "csethigh root,0", s2, 0, 0, -1, 0, 0, -1
    li      t0, 0x1234
    CSETADDR(s1, s11, t0)
    li      t0, 0xffff000000000000
    CSETHIGH(s2, s1, t0)
    CHECK_CAP "csethigh root@1234,root-high", s2, 0, 0, -1, 0x1234, 0x78fff, -1
    CBUILDCAP(s5, s11, s2)
    CSEQX(s6, s5, s1)
    CHECK   "cbuildcap(csethigh root) cseqx root@1234", s6, 1
    /* non-canonical bounds (IE, E = 63) and a reserved bit: CBuildCap refuses */
    li      t0, 0xffff000000004003
    CSETHIGH(s2, x0, t0)
    CBUILDCAP(s5, s11, s2)
    CHECK_TAG "cbuildcap E=63", s5, 0
    li      t0, 0xffff400000000000
    CSETHIGH(s2, x0, t0)
    CBUILDCAP(s5, s11, s2)
    CHECK_TAG "cbuildcap reserved bit", s5, 0
    CHECK_OP "csethigh reserved bit high", cgethigh, s2, 0xffff400000000000

    /* ================= CTestSubset / CSetEqualExact ================= */
    CTESTSUBSET(s5, s11, s0)
    CHECK   "ctestsubset root,[1000,1010)", s5, 1
    CTESTSUBSET(s5, s0, s11)
    CHECK   "ctestsubset [1000,1010),root", s5, 0
    CTESTSUBSET(s5, x0, s0)
    CHECK   "ctestsubset ddc,[1000,1010)", s5, 1
    CCLEARTAG(s1, s0)
    CTESTSUBSET(s5, s11, s1)
    CHECK   "ctestsubset root,untagged", s5, 0
    CCLEARTAG(s2, s11)
    CTESTSUBSET(s5, s2, s1)
    CHECK   "ctestsubset untagged,untagged", s5, 1
    ANDPERM s2, s11, 0x7
    CTESTSUBSET(s5, s2, s0)
    CHECK   "ctestsubset fewer perms,[1000,1010)", s5, 0
    ANDPERM s2, s0, 0x7
    CTESTSUBSET(s5, s0, s2)
    CHECK   "ctestsubset [1000,1010),fewer perms", s5, 1
    CTESTSUBSET(s5, s0, s4)
    CHECK   "ctestsubset [1000,1010),sealed(5)", s5, 1
    CTESTSUBSET(s5, s0, s0)
    CHECK   "ctestsubset self", s5, 1
    CSEQX(s5, s11, s11)
    CHECK   "cseqx root,root", s5, 1
    CCLEARTAG(s1, s11)
    CSEQX(s5, s11, s1)
    CHECK   "cseqx root,untagged root", s5, 0
    ROOTAT  s1, 1
    CSEQX(s5, s11, s1)
    CHECK   "cseqx root,root@1", s5, 0
    CSEQX(s5, x0, x0)
    CHECK   "cseqx null,null", s5, 1
    li      s1, 0
    CSEQX(s5, x0, s1)
    CHECK   "cseqx null,integer 0", s5, 1
    CSEQX(s5, s0, s4)
    CHECK   "cseqx [1000,1010),sealed(5)", s5, 0
    ANDPERM s1, s11, -1
    CSEQX(s5, s11, s1)
    CHECK   "cseqx root,candperm(root,-1)", s5, 1

    /* ================= CToPtr / CFromPtr / CMove / CClearTag ================= */
    li      t0, 0x1234
    CSETADDR(s1, s11, t0)
    MKCAP   s2, 0x1000, 0x1000
    CTOPTR(s5, s1, s11)
    CHECK   "ctoptr root@1234,root", s5, 0x1234
    CTOPTR(s5, s1, s2)
    CHECK   "ctoptr root@1234,[1000,2000)", s5, 0x234
    CTOPTR(s5, s1, x0)
    CHECK   "ctoptr root@1234,ddc", s5, 0x1234
    CCLEARTAG(s6, s1)
    CTOPTR(s5, s6, s11)
    CHECK   "ctoptr untagged", s5, 0
    CCLEARTAG(s6, s2)
    CTOPTR(s5, s1, s6)
    CHECK   "ctoptr root@1234,untagged [1000,2000)", s5, 0x234
    CFROMPTR(s5, s11, x0)
    CHECK_CAP "cfromptr root,0", s5, 0, 0, -1, 0, 0, -1
    li      t0, 0x5000
    CFROMPTR(s5, x0, t0)
    CHECK_CAP "cfromptr ddc,5000", s5, 1, 0, -1, 0x5000, 0x78fff, -1
    li      t0, 0x10
    CFROMPTR(s5, s2, t0)
    CHECK_CAP "cfromptr [1000,2000),10", s5, 1, 0x1000, 0x1000, 0x1010, 0x78fff, -1
    li      t0, 0x37ff
    CFROMPTR(s5, s0, t0)
    CHECK_CAP "cfromptr [1000,1010),37ff", s5, 0, 0x1000, 0x10, 0x47ff, 0x78fff, -1
    CHECK_TRAPS "cfromptr [1000,1010),37ff"
    CMOVE(s5, s4)
    CSEQX(s6, s5, s4)
    CHECK   "cmove sealed(5) cseqx", s6, 1
    CHECK_TAG "cmove sealed(5)", s5, 1
    mv      s5, s4
    CHECK_CAP "mv sealed(5)", s5, 0, 0, -1, 0x1000, 0, -1
    CCLEARTAG(s5, s4)
    CHECK_CAP "ccleartag sealed(5)", s5, 0, 0x1000, 0x10, 0x1000, 0x78fff, 5

    /* ================= CClear ================= */
    CMOVE(s2, s11)
    CMOVE(s3, s11)
    CMOVE(s4, s11)
    CMOVE(s5, s11)
    CMOVE(s6, s11)
    TRAP_RESET
    CCLEAR(2, 0x3c)                       /* x18..x21 = s2..s5 */
    CHECK_NO_TRAP "cclear 2,3c"
    CHECK_CAP "cclear s2", s2, 0, 0, -1, 0, 0, -1
    CHECK_TAG "cclear s5", s5, 0
    CHECK_TAG "cclear s6 (not in mask)", s6, 1
    CCLEAR(0, 1)                          /* DDC */
    CGETDDC(s1)
    RESTORE_DDC
    CHECK_NO_TRAP "cclear 0,1"
    CHECK_CAP "cclear ddc", s1, 0, 0, -1, 0, 0, -1

    /* ================= CRRL / CRAM (spec §1.11) ================= */
.macro RRL len, rrl, ram
    li      s1, \len
    CRRL(s2, s1)
    CHECK   "crrl \len", s2, \rrl
    CRAM(s2, s1)
    CHECK   "cram \len", s2, \ram
.endm
    RRL     0x0, 0x0, 0xffffffffffffffff
    RRL     0x1, 0x1, 0xffffffffffffffff
    RRL     0xfff, 0xfff, 0xffffffffffffffff
    RRL     0x1000, 0x1000, 0xfffffffffffffff8
    RRL     0x1001, 0x1008, 0xfffffffffffffff8
    RRL     0x1fff, 0x2000, 0xfffffffffffffff0
    RRL     0x2001, 0x2010, 0xfffffffffffffff0
    RRL     0x3fff, 0x4000, 0xffffffffffffffe0
    RRL     0x7ff9, 0x8000, 0xffffffffffffffc0
    RRL     0xfffc, 0x10000, 0xffffffffffffff80
    RRL     0x12345, 0x12380, 0xffffffffffffff80
    RRL     0x12345678, 0x12380000, 0xfffffffffff80000
    RRL     0x0010000000000001, 0x0010080000000000, 0xfffff80000000000
    RRL     0x7fffffffffffffff, 0x8000000000000000, 0xffc0000000000000
    RRL     0xffffffffffffffff, 0x0, 0xff80000000000000
    /* an allocation at base & CRAM with length CRRL is exact */
    li      s1, 0x12345
    CRRL(s2, s1)
    CRAM(s3, s1)
    li      t0, 0x80012345
    and     t0, t0, s3
    CSETADDR(s5, s11, t0)
    CSETBOUNDSEXACT(s5, s5, s2)
    CHECK_CAP "sbexact(80012345&cram, crrl)", s5, 1, 0x80012300, 0x12380, 0x80012300, 0x78fff, -1
TEST_END cheri_manip
