/*
 * cheri_mem.S - tagged memory and the capability memory instructions (spec §4.8, §6):
 *   LC/SC (integer mode: authority DDC) with tags; memory form of a stored capability
 *   (§1.7); tag clearing by every data store (SD, SB, a misaligned SD straddling two
 *   granules, SW, AMO, SC.D, the explicit SB.DDC/SD.CAP); LC without LoadCap strips the
 *   tag without trapping; SC of a tagged value needs StoreCap, of a tagged local value
 *   StoreLocalCap, an untagged value needs neither; the explicit .DDC and .CAP loads and
 *   stores; CLoadTags (result, LoadCap trap, alignment, bounds); LR.C/SC.C/AMOSWAP.C and
 *   the explicit LR.C.DDC/SC.C.DDC (SC.C.DDC writes its flag over the data register).
 *
 * Sail vs QEMU-CHERI (spec §10; the .expected files hold Sail's values, DIVERGENCES.md):
 * SC.C after a plain store to the reserved granule, misaligned LR.C cause, SC.C of an
 * untagged value without StoreCap, SC.C's StoreLocalCap register index.
 */
#include "cheri_test.h"

    .bss
    .balign 64
buf:
    .zero   256

/* The tags of buf[0..63] in rd (CLoadTags through root at buf). */
.macro TAGS rd
    la      t0, buf
    CSETADDR(t0, s11, t0)
    CLOADTAGS(\rd, t0)
.endm

/* buf[0..63] := four copies of root (tags 0xf). */
.macro FILL4
    la      t0, buf
    SC(s11, 0, t0)
    SC(s11, 16, t0)
    SC(s11, 32, t0)
    SC(s11, 48, t0)
.endm

CTEST_BEGIN
    la      s9, buf
    /* ---- SC / LC round trip, memory form ---- */
    MKCAP   s0, 0x1000, 0x10
    SC(s0, 0, s9)
    LC(s1, 0, s9)
    CHECK_CAP "lc after sc [1000,1010)", s1, 1, 0x1000, 0x10, 0x1000, 0x78fff, -1
    CSEQX(s2, s1, s0)
    CHECK   "lc after sc cseqx", s2, 1
    ld      s2, 0(s9)
    CHECK   "ld buf+0 (address)", s2, 0x1000
    ld      s2, 8(s9)
    CHECK   "ld buf+8 (memory-form high)", s2, 0xffff000004059004
    SC(s11, 16, s9)
    ld      s2, 24(s9)
    CHECK   "ld root high", s2, 0xffff000000000000
    ROOTAT  s1, 5
    CSEAL(s1, s0, s1)
    SC(s1, 32, s9)
    ld      s2, 40(s9)
    CHECK   "ld sealed(5) high", s2, 0xffff1fffd4059004
    LC(s2, 32, s9)
    CHECK_CAP "lc sealed(5)", s2, 1, 0x1000, 0x10, 0x1000, 0x78fff, 5
    SC(x0, 48, s9)
    ld      s2, 56(s9)
    CHECK   "ld null high", s2, 0
    TAGS    s2
    CHECK   "cloadtags after sc x3 + null", s2, 0x7
    /* zeroed memory loads as NULL */
    LC(s2, 64, s9)
    CHECK_CAP "lc zeroed", s2, 0, 0, -1, 0, 0, -1
    /* data written with sd, then loaded as a capability: untagged, bits as written */
    li      t0, 0x1000
    sd      t0, 64(s9)
    li      t0, 0xffff000004059004
    sd      t0, 72(s9)
    LC(s2, 64, s9)
    CHECK_CAP "lc of sd-written bits", s2, 0, 0x1000, 0x10, 0x1000, 0x78fff, -1

    /* ---- every data store clears the tags it touches ---- */
    FILL4
    TAGS    s2
    CHECK   "tags after 4 sc", s2, 0xf
    sd      zero, 8(s9)
    TAGS    s2
    CHECK   "tags after sd buf+8", s2, 0xe
    sb      zero, 31(s9)
    TAGS    s2
    CHECK   "tags after sb buf+31", s2, 0xc
    FILL4
    li      t0, -1
    sd      t0, 44(s9)              /* misaligned: bytes 44..51, granules 2 and 3 */
    TAGS    s2
    CHECK   "tags after misaligned sd buf+44", s2, 0x3
    FILL4
    sw      zero, 20(s9)
    TAGS    s2
    CHECK   "tags after sw buf+20", s2, 0xd
    FILL4
    addi    t0, s9, 32
    amoadd.d zero, zero, (t0)
    TAGS    s2
    CHECK   "tags after amoadd.d buf+32", s2, 0xb
    FILL4
    addi    t0, s9, 48
    lr.d    t1, (t0)
    sc.d    t1, zero, (t0)
    CHECK   "sc.d buf+48 result", t1, 0
    TAGS    s2
    CHECK   "tags after sc.d buf+48", s2, 0x7
    FILL4
    mv      t0, s9
    SB_DDC(zero, t0)
    TAGS    s2
    CHECK   "tags after sb.ddc buf+0", s2, 0xe
    FILL4
    MKCAPL  s1, buf, 64
    CINCOFFSETIMM(s1, s1, 16)
    SD_CAP(zero, s1)
    TAGS    s2
    CHECK   "tags after sd.cap buf+16", s2, 0xd
    /* a byte store of the same value still clears */
    FILL4
    lbu     t0, 0(s9)
    sb      t0, 0(s9)
    TAGS    s2
    CHECK   "tags after sb of the same byte", s2, 0xe
    /* storing an untagged capability clears the tag too */
    FILL4
    CCLEARTAG(s1, s11)
    SC(s1, 16, s9)
    TAGS    s2
    CHECK   "tags after sc untagged buf+16", s2, 0xd

    /* ---- LC without LoadCap strips the tag, no trap ---- */
    FILL4
    TRAP_RESET
    ANDPERM s1, s11, ~PERM_LOAD_CAP
    CSETDDC(s1)
    LC(s2, 0, s9)
    RESTORE_DDC
    CHECK_NO_TRAP "lc ddc without LoadCap"
    CCLEARTAG(s3, s11)
    CSEQX(s4, s2, s3)
    CHECK   "lc ddc without LoadCap = untagged root", s4, 1
    /* the same through an explicit .CAP authority */
    MKCAPL  s1, buf, 64
    ANDPERM s1, s1, ~PERM_LOAD_CAP
    LC_CAP(s2, s1)
    CHECK_TAG "lc.cap without LoadCap", s2, 0
    CHECK_OP "lc.cap without LoadCap perm", cgetperm, s2, 0x78fff

    /* ---- StoreCap / StoreLocalCap, only for tagged values ---- */
    TRAP_RESET
    ANDPERM s1, s11, ~PERM_STORE_CAP
    CSETDDC(s1)
    CCLEARTAG(s3, s0)
    SC(s3, 64, s9)                  /* untagged: a data store, allowed */
    RESTORE_DDC
    CHECK_NO_TRAP "sc untagged without StoreCap"
    ld      s2, 64(s9)
    CHECK   "sc untagged without StoreCap stored", s2, 0x1000
    CSETDDC(s1)
1:  SC(s0, 80, s9)                  /* tagged: StoreCap violation */
    RESTORE_DDC
    CHECK_CHERI_TRAP "sc tagged without StoreCap", CAP_IDX_DDC, CAPEX_PERMIT_STORE_CAP, 1b
    LC(s2, 80, s9)
    CHECK_TAG "sc tagged without StoreCap (not stored)", s2, 0
    /* local (non-Global) values need StoreLocalCap */
    ANDPERM s3, s0, ~PERM_GLOBAL
    ANDPERM s1, s11, ~PERM_STORE_LOCAL_CAP
    CSETDDC(s1)
1:  SC(s3, 80, s9)
    RESTORE_DDC
    CHECK_CHERI_TRAP "sc local without SLC", CAP_IDX_DDC, CAPEX_PERMIT_STORE_LOCAL, 1b
    CSETDDC(s1)
    SC(s0, 80, s9)                  /* global: fine without SLC */
    RESTORE_DDC
    CHECK_NO_TRAP "sc global without SLC"
    SC(s3, 96, s9)                  /* local with SLC (root) */
    CHECK_NO_TRAP "sc local with SLC"
    LC(s2, 96, s9)
    CHECK_CAP "lc local", s2, 1, 0x1000, 0x10, 0x1000, 0x78ffe, -1
    /* explicit .CAP store of a local value without SLC: index = the authority register */
    MKCAPL  s1, buf, 256
    ANDPERM s1, s1, ~PERM_STORE_LOCAL_CAP
1:  SC_CAP(s3, s1)
    CHECK_CHERI_TRAP "sc.cap local without SLC", 9, CAPEX_PERMIT_STORE_LOCAL, 1b

    /* ---- explicit .DDC / .CAP loads and stores ---- */
    li      t0, 0x8877665544332211
    sd      t0, 128(s9)
    li      t0, 0xf0e0d0c0b0a09080
    sd      t0, 136(s9)
    addi    s4, s9, 128
.macro XLD name, op, areg, expected
    \op     s2, \areg
    CHECK   "\name", s2, \expected
.endm
    XLD     "lb.ddc", lb.ddc, s4, 0x11
    XLD     "lh.ddc", lh.ddc, s4, 0x2211
    XLD     "lw.ddc", lw.ddc, s4, 0x44332211
    XLD     "ld.ddc", ld.ddc, s4, 0x8877665544332211
    XLD     "lbu.ddc", lbu.ddc, s4, 0x11
    addi    s5, s9, 136
    XLD     "lb.ddc neg", lb.ddc, s5, 0xffffffffffffff80
    XLD     "lh.ddc neg", lh.ddc, s5, 0xffffffffffff9080
    XLD     "lw.ddc neg", lw.ddc, s5, 0xffffffffb0a09080
    XLD     "lbu.ddc neg", lbu.ddc, s5, 0x80
    XLD     "lhu.ddc neg", lhu.ddc, s5, 0x9080
    XLD     "lwu.ddc neg", lwu.ddc, s5, 0xb0a09080
    MKCAPL  s6, buf, 256
    li      t0, 136
    CINCOFFSET(s6, s6, t0)
    XLD     "lb.cap neg", lb.cap, s6, 0xffffffffffffff80
    XLD     "lh.cap neg", lh.cap, s6, 0xffffffffffff9080
    XLD     "lw.cap neg", lw.cap, s6, 0xffffffffb0a09080
    XLD     "ld.cap", ld.cap, s6, 0xf0e0d0c0b0a09080
    XLD     "lbu.cap", lbu.cap, s6, 0x80
    XLD     "lhu.cap", lhu.cap, s6, 0x9080
    XLD     "lwu.cap", lwu.cap, s6, 0xb0a09080
    li      t0, 0xaa
    SB_CAP(t0, s6)
    li      t0, 0xbbcc
    addi    t1, s9, 138
    SH_DDC(t0, t1)
    li      t0, 0x1234
    addi    t1, s9, 140
    SW_DDC(t0, t1)
    ld      s2, 136(s9)
    CHECK   "after sb.cap/sh.ddc/sw.ddc", s2, 0x00001234bbcc90aa
    li      t0, 0x0102030405060708
    SD_DDC(t0, s5)
    ld      s2, 136(s9)
    CHECK   "after sd.ddc", s2, 0x0102030405060708
    CINCOFFSETIMM(s7, s6, -8)
    li      t0, 0x55
    SH_CAP(t0, s7)
    li      t0, 0x66
    CINCOFFSETIMM(s7, s6, -4)
    SW_CAP(t0, s7)
    ld      s2, 128(s9)
    CHECK   "after sh.cap/sw.cap", s2, 0x0000006644330055
    /* SC.DDC / LC.DDC and SC.CAP / LC.CAP */
    addi    s4, s9, 160
    SC_DDC(s0, s4)
    LC_DDC(s2, s4)
    CSEQX(s3, s2, s0)
    CHECK   "sc.ddc/lc.ddc cseqx", s3, 1
    MKCAPL  s6, buf, 256
    li      t0, 176
    CINCOFFSET(s6, s6, t0)
    SC_CAP(s11, s6)
    LC_CAP(s2, s6)
    CSEQX(s3, s2, s11)
    CHECK   "sc.cap/lc.cap cseqx", s3, 1
    /* .CAP bounds: index of the authority register (s6 = x22) */
    MKCAPL  s6, buf, 16
    CINCOFFSETIMM(s6, s6, 8)
    TRAP_RESET
1:  LD_CAP(s2, s6)
    CHECK_NO_TRAP "ld.cap [buf,+16)@8"
    CINCOFFSETIMM(s6, s6, 1)
1:  LD_CAP(s2, s6)
    CHECK_CHERI_TRAP "ld.cap [buf,+16)@9", 22, CAPEX_LENGTH, 1b
    /* .DDC with a narrowed DDC: EA = X[rs1], not relative to DDC */
    MKCAPL  s1, buf, 256
    CSETDDC(s1)
    addi    t0, s9, 8
    LD_DDC(s2, t0)
    RESTORE_DDC
    CHECK   "ld.ddc under [buf,+256) at buf+8", s2, 0xffff000000000000
    CSETDDC(s1)
    addi    t0, s9, 256
1:  LD_DDC(s2, t0)
    RESTORE_DDC
    CHECK_CHERI_TRAP "ld.ddc under [buf,+256) at buf+256", CAP_IDX_DDC, CAPEX_LENGTH, 1b

    /* ---- CLoadTags ---- */
    FILL4
    sd      zero, 32(s9)
    MKCAPL  s1, buf, 64
    CLOADTAGS(s2, s1)
    CHECK   "cloadtags [buf,+64)", s2, 0xb
    ANDPERM s3, s1, ~PERM_LOAD_CAP
1:  CLOADTAGS(s2, s3)
    CHECK_CHERI_TRAP "cloadtags without LoadCap", 19, CAPEX_PERMIT_LOAD_CAP, 1b
    ANDPERM s3, s1, ~PERM_LOAD
1:  CLOADTAGS(s2, s3)
    CHECK_CHERI_TRAP "cloadtags without Load", 19, CAPEX_PERMIT_LOAD, 1b
    MKCAPL  s3, buf, 48
1:  CLOADTAGS(s2, s3)
    CHECK_CHERI_TRAP "cloadtags 48-byte bounds", 19, CAPEX_LENGTH, 1b
    MKCAPL  s3, buf, 128
    CINCOFFSETIMM(s3, s3, 16)
1:  CLOADTAGS(s2, s3)
    CHECK_TRAP_ADDR "cloadtags misaligned", CAUSE_MISALIGNED_LOAD, buf, 16, 1b
    CCLEARTAG(s3, s1)
1:  CLOADTAGS(s2, s3)
    CHECK_CHERI_TRAP "cloadtags untagged", 19, CAPEX_TAG, 1b

    /* ---- LR.C / SC.C / AMOSWAP.C (integer mode: via DDC) ---- */
    FILL4
    addi    s4, s9, 64
    SC(s0, 0, s4)
    LR_C(s2, s4)
    CSEQX(s3, s2, s0)
    CHECK   "lr.c cseqx", s3, 1
    SC_C(s3, s11, s4)
    CHECK   "sc.c after lr.c", s3, 0
    LC(s2, 0, s4)
    CSEQX(s3, s2, s11)
    CHECK   "sc.c stored root", s3, 1
    SC_C(s3, s0, s4)
    CHECK   "sc.c again (no reservation)", s3, 1
    LC(s2, 0, s4)
    CSEQX(s3, s2, s11)
    CHECK   "sc.c failed: memory unchanged", s3, 1
    /* SC.C after a plain store to the reserved granule (Sail: succeeds; QEMU: fails) */
    LR_C(s2, s4)
    sd      zero, 8(s4)
    SC_C(s3, s0, s4)
    CHECK   "sc.c after sd to the granule", s3, 0
    /* AMOSWAP.C */
    SC(s11, 0, s4)
    AMOSWAP_C(s2, s0, s4)
    CSEQX(s3, s2, s11)
    CHECK   "amoswap.c old", s3, 1
    LC(s2, 0, s4)
    CSEQX(s3, s2, s0)
    CHECK   "amoswap.c new", s3, 1
    /* explicit LR.C.DDC / SC.C.DDC: the flag overwrites the data register */
    LR_C_DDC(s2, s4)
    CSEQX(s3, s2, s0)
    CHECK   "lr.c.ddc cseqx", s3, 1
    CMOVE(s5, s11)
    SC_C_DDC(s5, s4)
    CHECK_CAP "sc.c.ddc flag in data register", s5, 0, 0, -1, 0, 0, -1
    LC(s2, 0, s4)
    CSEQX(s3, s2, s11)
    CHECK   "sc.c.ddc stored root", s3, 1
    CMOVE(s5, s11)
    SC_C_DDC(s5, s4)
    CHECK_CAP "sc.c.ddc failed flag", s5, 0, 0, -1, 1, 0, -1
    /* LR.C.CAP / SC.C.CAP through a capability */
    MKCAPL  s6, buf, 256
    li      t0, 64
    CINCOFFSET(s6, s6, t0)
    SC(s0, 0, s4)
    LR_C_CAP(s2, s6)
    CSEQX(s3, s2, s0)
    CHECK   "lr.c.cap cseqx", s3, 1
    CMOVE(s5, s11)
    SC_C_CAP(s5, s6)
    CHECK   "sc.c.cap flag", s5, 0
    /* misaligned LR.C / SC.C / AMOSWAP.C (Sail: LR.C 4; SC.C and AMOSWAP.C 6) */
    addi    s5, s9, 72
1:  LR_C(s2, s5)
    CHECK_TRAP_ADDR "lr.c misaligned", CAUSE_MISALIGNED_LOAD, buf, 72, 1b
    LR_C(s2, s4)
1:  SC_C(s3, s0, s5)
    CHECK_TRAP_ADDR "sc.c misaligned", CAUSE_MISALIGNED_STORE, buf, 72, 1b
1:  AMOSWAP_C(s2, s0, s5)
    CHECK_TRAP_ADDR "amoswap.c misaligned", CAUSE_MISALIGNED_STORE, buf, 72, 1b
1:  LC(s2, 8, s4)
    CHECK_TRAP_ADDR "lc misaligned", CAUSE_MISALIGNED_LOAD, buf, 72, 1b
1:  SC(s0, 8, s4)
    CHECK_TRAP_ADDR "sc misaligned", CAUSE_MISALIGNED_STORE, buf, 72, 1b
    /* SC.C / AMOSWAP.C of an untagged value without StoreCap: allowed (Sail) */
    ANDPERM s1, s11, ~PERM_STORE_CAP
    CCLEARTAG(s3, s0)
    LR_C(s2, s4)
    li      s5, 0x5c
    TRAP_RESET
    CSETDDC(s1)
    SC_C(s5, s3, s4)
    RESTORE_DDC
    CHECK_NO_TRAP "sc.c untagged without StoreCap"
    CHECK   "sc.c untagged without StoreCap result", s5, 0
    TRAP_RESET
    CSETDDC(s1)
    AMOSWAP_C(s2, s3, s4)
    RESTORE_DDC
    CHECK_NO_TRAP "amoswap.c untagged without StoreCap"
    /* SC.C of a tagged value without StoreCap: index DDC */
    LR_C(s2, s4)
    TRAP_RESET
    CSETDDC(s1)
1:  SC_C(s5, s0, s4)
    RESTORE_DDC
    CHECK_CHERI_TRAP "sc.c tagged without StoreCap", CAP_IDX_DDC, CAPEX_PERMIT_STORE_CAP, 1b
    /* SC.C / AMOSWAP.C of a local value without SLC (Sail: the authority's index, DDC) */
    ANDPERM s1, s11, ~PERM_STORE_LOCAL_CAP
    ANDPERM s3, s0, ~PERM_GLOBAL
    LR_C(s2, s4)
    CSETDDC(s1)
1:  SC_C(s5, s3, s4)
    RESTORE_DDC
    CHECK_CHERI_TRAP "sc.c local without SLC", CAP_IDX_DDC, CAPEX_PERMIT_STORE_LOCAL, 1b
    CSETDDC(s1)
1:  AMOSWAP_C(s2, s3, s4)
    RESTORE_DDC
    CHECK_CHERI_TRAP "amoswap.c local without SLC", CAP_IDX_DDC, CAPEX_PERMIT_STORE_LOCAL, 1b
    /* LR.C without LoadCap strips the tag */
    SC(s0, 0, s4)
    ANDPERM s1, s11, ~PERM_LOAD_CAP
    CSETDDC(s1)
    LR_C(s2, s4)
    RESTORE_DDC
    CHECK_TAG "lr.c without LoadCap", s2, 0
    CHECK_NO_TRAP "lr.c without LoadCap"
TEST_END cheri_mem
