/*
 * cheri_reloc.S - what relocation changes (spec §8): the same code run with a PCC whose
 * base is its own start and a DDC whose base and address are a buffer's start.
 *   v9 (Sail, QEMU with Xcheri_v9): no relocation. AUIPC and JAL links are absolute
 *   addresses; a load at integer address 8 is checked against DDC = [buf, buf+64) and
 *   raises a Length violation (idx 0x21); LD.DDC and LC likewise.
 *   v8 (QEMU's default): AUIPC and links are offsets from PCC.base; data addresses are
 *   DDC.address + X[rs1] + imm, so address 8 reads buf+8.
 * The checks in this file state the v9 results; NAME.v8.expected records QEMU's v8 run.
 */
#include "cheri_test.h"

    .option norvc
    .option norelax

#define REGION_LEN 64                    /* region is padded to exactly this (.org below) */

    .bss
    .balign 64
buf:
    .zero   64
saved:
    .zero   64

CTEST_BEGIN
    la      s9, buf
    li      t0, 0x1111111111111111
    sd      t0, 8(s9)
    MKCAPL  s4, buf, 64                 /* DDC for the relocated code */
    MKCAPL  s6, saved, 64               /* where it records (explicit .CAP stores) */
    la      t0, region
    CGETPCC(s3)
    CSETADDR(s3, s3, t0)
    li      t0, REGION_LEN
    CSETBOUNDS(s3, s3, t0)              /* PCC = [region, region + 64) */
    li      s7, 0x5a                    /* marker: the load below did not complete */
    TRAP_RESET
    TRAP_RESUME_AT 2f
    CSETDDC(s4)
    JALR_CAP(s1, s3)
2:  RESTORE_DDC
    TRAP_FIELD s2, TS_COUNT
    CHECK   "relocated code: traps", s2, 1
    TRAP_FIELD s2, TS_TVAL
    CHECK   "relocated code: ld 8(zero) mtval", s2, CHERI_TVAL(CAP_IDX_DDC, CAPEX_LENGTH)
    TRAP_RESET
    la      t0, saved
    ld      s2, 0(t0)
    CHECK_REL "auipc 0 - region", s2, region, 0
    la      t0, saved
    ld      s2, 8(t0)
    CHECK_REL "jal link - region", s2, region_jal_next, 0
    CHECK   "ld 8(zero) under DDC=[buf,+64)", s7, 0x5a

    /* integer code (root PCC), DDC = [buf, buf+64) at buf: LD.DDC, LD, LC at address 8 */
    li      s7, 0x5a
    li      t2, 8
    CSETDDC(s4)
1:  LD_DDC(s7, t2)
    RESTORE_DDC
    CHECK_CHERI_TRAP "ld.ddc 8", CAP_IDX_DDC, CAPEX_LENGTH, 1b
    CHECK   "ld.ddc 8: value", s7, 0x5a
    li      t2, 0
    CSETDDC(s4)
1:  LC(s7, 0, t2)
    RESTORE_DDC
    CHECK_CHERI_TRAP "lc 0(zero)", CAP_IDX_DDC, CAPEX_LENGTH, 1b
    /* absolute addresses inside DDC work in v9 */
    CSETDDC(s4)
    ld      s7, 8(s9)
    RESTORE_DDC
    CHECK_NO_TRAP "ld buf+8 under DDC=[buf,+64)"
    CHECK   "ld buf+8 under DDC=[buf,+64): value", s7, 0x1111111111111111
TEST_END cheri_reloc

    .balign 64
region:                                 /* runs with PCC = [region, region + 64) */
    auipc   t0, 0
    SD_CAP(t0, s6)
    jal     t1, 1f
region_jal_next:
1:  CINCOFFSETIMM(t3, s6, 8)
    SD_CAP(t1, t3)
    li      t2, 8
    ld      s7, 0(t2)                   /* v9: Length violation (resumes at 2b); v8: buf+8 */
    JALR_CAP(x0, s1)
    .org    region + REGION_LEN
