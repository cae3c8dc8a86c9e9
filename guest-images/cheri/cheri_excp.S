/*
 * cheri_excp.S - CHERI exceptions (spec §5): mcause 28 with mtval = (cap_idx << 5) |
 * CapEx, cap_idx 0x21 for DDC-authorised accesses, the register number for .CAP accesses
 * (c0 = NULL gives a Tag violation with index 0, c31 index 31), and the priority order
 * of spec §5.3 / §4.8.1: Tag > Seal > Permit_Load/Store > StoreCap > StoreLocalCap >
 * Length > misaligned. Causes raised here: Tag 0x02, Seal 0x03, Length 0x01,
 * PermitLoad 0x12, PermitStore 0x13 (stores; AMOs need both; LR), PermitStoreCap
 * 0x15, PermitStoreLocalCap 0x16. The other causes are in the programs of their groups:
 * Type 0x04, PermitCInvoke 0x19 and PermitExecute 0x11 (cheri_ctrl: CInvoke, JALR.CAP),
 * PermitLoadCap 0x14 (cheri_mem: CLoadTags), AccessSystemRegs 0x18 (cheri_scr), fetch
 * faults with index 0x20 (cheri_ctrl, cheri_scr).
 *
 * SC.D through a DDC without Permit_Store: Sail raises PermitStore (the check of spec
 * §4.8.1 comes before the reservation); QEMU-CHERI checks Permit_Load instead on SC.W/SC.D,
 * so it performs that store, and it refuses an SC.D through a DDC without Permit_Load,
 * which Sail performs (not in spec §10; .expected = Sail, DIVERGENCES.md). SC.C agrees.
 *
 * JALR.CAP cases where Sail and QEMU-CHERI differ (spec §10; .expected = Sail, see
 * DIVERGENCES.md): a non-Global target, a sentry with an odd address, a target with an
 * odd base. Sail jumps in all three (no Global check; bit 0 cleared; UnalignedBase only
 * with relocation); QEMU traps.
 */
#include "cheri_test.h"

    .option norvc
    .option norelax

    .bss
    .balign 64
buf:
    .zero   64
landed:
    .zero   16

/* With DDC = s1, `insn` raises a CHERI exception (idx, code). */
.macro DDCF name, idx, code, insn:vararg
    CSETDDC(s1)
1:  \insn
    RESTORE_DDC
    CHECK_CHERI_TRAP "\name", \idx, \code, 1b
.endm

/* With DDC = s1, `insn` does not trap. */
.macro DDCOK name, insn:vararg
    CSETDDC(s1)
    \insn
    RESTORE_DDC
    CHECK_NO_TRAP "\name"
.endm

/* `insn` raises a CHERI exception (idx, code); DDC untouched. */
.macro CAPF name, idx, code, insn:vararg
1:  \insn
    CHECK_CHERI_TRAP "\name", \idx, \code, 1b
.endm

/* JALR.CAP through s0 with link s1: did the target run ("landed"), and how many traps. */
.macro JUMP_LANDS name
    sd      zero, 0(tp)
    TRAP_RESET
    JALR_CAP(s1, s0)
    ld      s2, 0(tp)
    CHECK   "\name: landed", s2, 1
    CHECK_NO_TRAP "\name"
.endm

CTEST_BEGIN
    la      s9, buf
    la      tp, landed
    MKCAPL  s8, buf, 16             /* [buf, buf+16) */

    /* ================= DDC-authorised accesses, one cause each ================= */
    CCLEARTAG(s1, s11)
    DDCF    "ld, ddc untagged", CAP_IDX_DDC, CAPEX_TAG, ld t1, 0(s9)
    CSEALENTRY(s1, s11)
    DDCF    "ld, ddc sentry", CAP_IDX_DDC, CAPEX_SEAL, ld t1, 0(s9)
    ROOTAT  s1, 3
    CSEAL(s1, s11, s1)
    DDCF    "sd, ddc sealed(3)", CAP_IDX_DDC, CAPEX_SEAL, sd t1, 0(s9)
    ANDPERM s1, s11, ~PERM_LOAD
    DDCF    "ld, ddc without Load", CAP_IDX_DDC, CAPEX_PERMIT_LOAD, ld t1, 0(s9)
    DDCF    "lbu, ddc without Load", CAP_IDX_DDC, CAPEX_PERMIT_LOAD, lbu t1, 0(s9)
    DDCOK   "sd, ddc without Load", sd t1, 0(s9)
    ANDPERM s1, s11, ~PERM_STORE
    DDCF    "sd, ddc without Store", CAP_IDX_DDC, CAPEX_PERMIT_STORE, sd t1, 0(s9)
    DDCF    "sb, ddc without Store", CAP_IDX_DDC, CAPEX_PERMIT_STORE, sb t1, 0(s9)
    DDCOK   "ld, ddc without Store", ld t1, 0(s9)
    /* AMOs need Load, then Store */
    ANDPERM s1, s11, ~PERM_LOAD
    DDCF    "amoadd.d, ddc without Load", CAP_IDX_DDC, CAPEX_PERMIT_LOAD, amoadd.d t1, zero, (s9)
    ANDPERM s1, s11, ~PERM_STORE
    DDCF    "amoadd.d, ddc without Store", CAP_IDX_DDC, CAPEX_PERMIT_STORE, amoadd.d t1, zero, (s9)
    ANDPERM s1, s11, ~(PERM_LOAD | PERM_STORE)
    DDCF    "amoswap.w, ddc without Load/Store", CAP_IDX_DDC, CAPEX_PERMIT_LOAD, amoswap.w t1, zero, (s9)
    ANDPERM s1, s11, ~PERM_LOAD
    DDCF    "lr.d, ddc without Load", CAP_IDX_DDC, CAPEX_PERMIT_LOAD, lr.d t1, (s9)
    /* store-conditionals need Permit_Store too (checked before the reservation) */
    li      t0, 7
    sd      t0, 0(s9)
    lr.d    t1, (s9)
    ANDPERM s1, s11, ~PERM_STORE
    li      s2, 0x5a
    li      t2, 9
    CSETDDC(s1)
1:  sc.d    s2, t2, (s9)
    RESTORE_DDC
    CHECK_CHERI_TRAP "sc.d, ddc without Store", CAP_IDX_DDC, CAPEX_PERMIT_STORE, 1b
    CHECK   "sc.d, ddc without Store: rd", s2, 0x5a
    ld      s3, 0(s9)
    CHECK   "sc.d, ddc without Store: memory", s3, 7
    li      t0, 7
    sd      t0, 0(s9)
    LR_C(t1, s9)
    li      s2, 0x5a
    CSETDDC(s1)
1:  SC_C(s2, s11, s9)
    RESTORE_DDC
    CHECK_CHERI_TRAP "sc.c, ddc without Store", CAP_IDX_DDC, CAPEX_PERMIT_STORE, 1b
    CHECK   "sc.c, ddc without Store: rd", s2, 0x5a
    LC(s3, 0, s9)
    CHECK_OP "sc.c, ddc without Store: memory tag", cgettag, s3, 0
    CHECK   "sc.c, ddc without Store: memory", s3, 7
    /* ...and only Permit_Store: an SC.D through a DDC without Permit_Load succeeds */
    li      t0, 7
    sd      t0, 0(s9)
    lr.d    t1, (s9)
    ANDPERM s1, s11, ~PERM_LOAD
    li      s2, 0x5a
    li      t2, 9
    TRAP_RESET
    CSETDDC(s1)
    sc.d    s2, t2, (s9)
    RESTORE_DDC
    CHECK_NO_TRAP "sc.d, ddc without Load"
    CHECK   "sc.d, ddc without Load: rd", s2, 0
    ld      s3, 0(s9)
    CHECK   "sc.d, ddc without Load: memory", s3, 9
    /* bounds: [buf, buf+16) */
    CMOVE(s1, s8)
    DDCOK   "ld buf+8, ddc [buf,+16)", ld t1, 8(s9)
    DDCOK   "lb buf+15, ddc [buf,+16)", lb t1, 15(s9)
    DDCF    "lb buf+16, ddc [buf,+16)", CAP_IDX_DDC, CAPEX_LENGTH, lb t1, 16(s9)
    DDCF    "ld buf+12, ddc [buf,+16) (straddles top)", CAP_IDX_DDC, CAPEX_LENGTH, ld t1, 12(s9)
    DDCF    "lb buf-1, ddc [buf,+16)", CAP_IDX_DDC, CAPEX_LENGTH, lb t1, -1(s9)
    DDCF    "sw buf+14, ddc [buf,+16)", CAP_IDX_DDC, CAPEX_LENGTH, sw t1, 14(s9)
    DDCF    "lc buf+16, ddc [buf,+16)", CAP_IDX_DDC, CAPEX_LENGTH, LC(t1, 16, s9)
    DDCOK   "lc buf+0, ddc [buf,+16)", LC(t1, 0, s9)
    /* capability stores: StoreCap, StoreLocalCap, only for tagged data */
    ANDPERM s1, s11, ~PERM_STORE_CAP
    DDCF    "sc tagged, ddc without StoreCap", CAP_IDX_DDC, CAPEX_PERMIT_STORE_CAP, SC(s11, 0, s9)
    CCLEARTAG(s2, s11)
    DDCOK   "sc untagged, ddc without StoreCap", SC(s2, 0, s9)
    ANDPERM s2, s11, ~PERM_GLOBAL
    ANDPERM s1, s11, ~PERM_STORE_LOCAL_CAP
    DDCF    "sc local, ddc without SLC", CAP_IDX_DDC, CAPEX_PERMIT_STORE_LOCAL, SC(s2, 0, s9)
    DDCOK   "sc global, ddc without SLC", SC(s11, 0, s9)

    /* ================= priority (spec §5.3) ================= */
    CSEALENTRY(s1, s11)
    CCLEARTAG(s1, s1)
    DDCF    "prio untagged+sealed -> Tag", CAP_IDX_DDC, CAPEX_TAG, ld t1, 0(s9)
    ANDPERM s1, s11, 0
    CSEALENTRY(s1, s1)
    DDCF    "prio sealed+no perms -> Seal", CAP_IDX_DDC, CAPEX_SEAL, ld t1, 0(s9)
    ANDPERM s1, s8, ~PERM_LOAD
    DDCF    "prio no Load+out of bounds -> Load", CAP_IDX_DDC, CAPEX_PERMIT_LOAD, ld t1, 64(s9)
    ANDPERM s1, s8, ~(PERM_STORE | PERM_STORE_CAP)
    DDCF    "prio sc: no Store+no StoreCap -> Store", CAP_IDX_DDC, CAPEX_PERMIT_STORE, SC(s11, 0, s9)
    ANDPERM s1, s8, ~PERM_STORE_CAP
    DDCF    "prio sc: no StoreCap+out of bounds -> StoreCap", CAP_IDX_DDC, CAPEX_PERMIT_STORE_CAP, SC(s11, 16, s9)
    ANDPERM s1, s8, ~(PERM_STORE_CAP | PERM_STORE_LOCAL_CAP)
    ANDPERM s2, s11, ~PERM_GLOBAL
    DDCF    "prio sc local: no StoreCap+no SLC -> StoreCap", CAP_IDX_DDC, CAPEX_PERMIT_STORE_CAP, SC(s2, 0, s9)
    ANDPERM s1, s8, ~PERM_STORE_LOCAL_CAP
    DDCF    "prio sc local: no SLC+out of bounds -> SLC", CAP_IDX_DDC, CAPEX_PERMIT_STORE_LOCAL, SC(s2, 16, s9)
    CMOVE(s1, s8)
    DDCF    "prio ld out of bounds+misaligned -> Length", CAP_IDX_DDC, CAPEX_LENGTH, ld t1, 13(s9)
    DDCF    "prio lc out of bounds+misaligned -> Length", CAP_IDX_DDC, CAPEX_LENGTH, LC(t1, 8, s9)
    TRAP_RESET
    MKCAPL  s1, buf, 64
    CSETDDC(s1)
1:  LC(t1, 8, s9)                   /* in bounds, misaligned: address-misaligned, not CHERI */
    RESTORE_DDC
    CHECK_TRAP_ADDR "lc in bounds misaligned -> cause 4", CAUSE_MISALIGNED_LOAD, buf, 8, 1b

    /* ================= explicit .CAP authority: index = the register ================= */
    CCLEARTAG(s1, s8)
    CAPF    "ld.cap untagged s1", 9, CAPEX_TAG, LD_CAP(t1, s1)
    CSEALENTRY(s1, s8)
    CAPF    "ld.cap sentry s1", 9, CAPEX_SEAL, LD_CAP(t1, s1)
    ANDPERM s1, s8, ~PERM_LOAD
    CAPF    "ld.cap without Load s1", 9, CAPEX_PERMIT_LOAD, LD_CAP(t1, s1)
    ANDPERM s1, s8, ~PERM_STORE
    CAPF    "sd.cap without Store s1", 9, CAPEX_PERMIT_STORE, SD_CAP(t1, s1)
    CINCOFFSETIMM(s1, s8, 12)
    TRAP_RESET
    LW_CAP(t1, s1)
    CHECK_NO_TRAP "lw.cap [buf,+16)@12"
    CAPF    "ld.cap [buf,+16)@12 s1", 9, CAPEX_LENGTH, LD_CAP(t1, s1)
    CAPF    "lb.cap c0", 0, CAPEX_TAG, LB_CAP(t1, x0)
    CCLEARTAG(t6, s8)
    CAPF    "lb.cap untagged c31", 31, CAPEX_TAG, LB_CAP(t1, t6)
    CMOVE(a5, s8)
    CINCOFFSETIMM(a5, a5, 16)
    CAPF    "sb.cap [buf,+16)@16 a5", 15, CAPEX_LENGTH, SB_CAP(t1, a5)
    ANDPERM a5, s8, ~PERM_STORE_CAP
    CAPF    "sc.cap tagged without StoreCap a5", 15, CAPEX_PERMIT_STORE_CAP, SC_CAP(s11, a5)

    /* ================= JALR.CAP: Sail and QEMU differ ================= */
    la      t0, land
    CSETADDR(s0, s11, t0)
    ANDPERM s0, s0, ~PERM_GLOBAL
    JUMP_LANDS "jalr.cap non-Global target"
    la      t0, land + 1
    CSETADDR(s0, s11, t0)
    CSEALENTRY(s0, s0)
    JUMP_LANDS "jalr.cap sentry at odd address"
    la      t0, land_odd - 1
    CSETADDR(s0, s11, t0)
    li      t0, 0x20
    CSETBOUNDS(s0, s0, t0)
    CINCOFFSETIMM(s0, s0, 1)
    JUMP_LANDS "jalr.cap odd base"
    /* the checks that do agree: odd address of an unsealed capability is fine */
    la      t0, land + 1
    CSETADDR(s0, s11, t0)
    JUMP_LANDS "jalr.cap odd address"
TEST_END cheri_excp

/* ---------------- code under test ---------------- */
    .balign 16
land:
    li      t0, 1
    sd      t0, 0(tp)
    JALR_CAP(x0, s1)
    .balign 16
    .half   0x0001                   /* c.nop, before land_odd */
    .half   0x0001
land_odd:
    li      t0, 1
    sd      t0, 0(tp)
    JALR_CAP(x0, s1)
