/*
 * zicsr.S - Zicsr: CSRRW/CSRRS/CSRRC and the immediate forms on mscratch (old value to
 * rd, new value in the CSR), the rd = x0 and rs1 = x0 / uimm = 0 special cases (no read
 * side effect / no write: legal even on read-only CSRs), 5-bit zero-extended uimm,
 * rd == rs1; WARL behaviour of mepc (even values; see below for bit 0), mtvec (modes 0 and 1;
 * a reserved mode write is ignored), mie (MSIE/MTIE), mstatus MIE/MPIE/MPP and what
 * MRET does to them; misa (MXL = 64 and the I, M, A, C, U bits; other bits not checked
 * because they differ between QEMU and capvm), mhartid; counters cycle/instret/time
 * and their machine versions move forward and time agrees with the CLINT's mtime.
 *
 * Writes to read-only CSRs, unknown CSRs and CSRs of a higher privilege are in traps.S.
 * mtval/mcause after real traps are in traps.S and interrupts.S.
 */
#include "test.h"

    .option norvc

#define MSTATUS_FIELDS (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP)

TEST_BEGIN
    /* ---- register forms on mscratch ---- */
    li      t0, 0x1234
    csrw    mscratch, t0
    li      t1, 0xff00000000005678
    csrrw   s0, mscratch, t1
    csrr    s1, mscratch
    CHECK   "csrrw old", s0, 0x1234
    CHECK   "csrrw new", s1, 0xff00000000005678
    li      t1, 0x00ff0000000000f0
    csrrs   s0, mscratch, t1
    csrr    s1, mscratch
    CHECK   "csrrs old", s0, 0xff00000000005678
    CHECK   "csrrs new", s1, 0xffff0000000056f8
    li      t1, 0xf0000000000000f8
    csrrc   s0, mscratch, t1
    csrr    s1, mscratch
    CHECK   "csrrc old", s0, 0xffff0000000056f8
    CHECK   "csrrc new", s1, 0x0fff000000005600

    /* rd = x0: write only */
    li      t0, 0xabcd
    csrrw   x0, mscratch, t0
    csrr    s1, mscratch
    CHECK   "csrrw rd=x0", s1, 0xabcd
    /* rs1 = x0: read only, for S and C */
    csrrs   s0, mscratch, x0
    CHECK   "csrrs rs1=x0 read", s0, 0xabcd
    csrrc   s0, mscratch, x0
    csrr    s1, mscratch
    CHECK   "csrrc rs1=x0 read", s0, 0xabcd
    CHECK   "csrrc rs1=x0 no write", s1, 0xabcd
    /* rd == rs1: swap */
    li      s0, 0x5555
    csrrw   s0, mscratch, s0
    csrr    s1, mscratch
    CHECK   "csrrw rd=rs1 old", s0, 0xabcd
    CHECK   "csrrw rd=rs1 new", s1, 0x5555

    /* ---- immediate forms: uimm is 5 bits, zero-extended ---- */
    csrrwi  s0, mscratch, 31
    csrr    s1, mscratch
    CHECK   "csrrwi 31 old", s0, 0x5555
    CHECK   "csrrwi 31 new", s1, 31
    li      t0, 0x100
    csrw    mscratch, t0
    csrrsi  s0, mscratch, 0x11
    csrr    s1, mscratch
    CHECK   "csrrsi 11 old", s0, 0x100
    CHECK   "csrrsi 11 new", s1, 0x111
    csrrci  s0, mscratch, 0x1
    csrr    s1, mscratch
    CHECK   "csrrci 1 old", s0, 0x111
    CHECK   "csrrci 1 new", s1, 0x110
    csrrsi  s0, mscratch, 0
    csrrci  s1, mscratch, 0
    CHECK   "csrrsi uimm=0 read", s0, 0x110
    CHECK   "csrrci uimm=0 read", s1, 0x110
    csrrwi  x0, mscratch, 0
    csrr    s1, mscratch
    CHECK   "csrrwi rd=x0 0", s1, 0
    /* pseudo-instructions */
    li      t0, 0xf0
    csrw    mscratch, t0
    csrs    mscratch, 0xf               /* csrsi */
    li      t0, 0x30
    csrc    mscratch, t0
    csrci   mscratch, 1
    csrr    s0, mscratch
    CHECK   "csrw/csrsi/csrc/csrci", s0, 0xce

    /* ---- read-only CSRs read with rs1 = x0 (legal) ---- */
    csrr    s0, mhartid
    CHECK   "mhartid", s0, 0
    csrrs   s0, mhartid, x0
    csrrsi  s0, mhartid, 0
    csrrc   s0, mhartid, x0
    csrrci  s0, mhartid, 0
    CHECK   "mhartid rs1=x0/uimm=0 forms", s0, 0
    csrr    s0, mvendorid           /* values differ between machines: read only */
    csrr    s0, marchid
    csrr    s0, mimpid

    /* misa: MXL = 2 (64-bit) and at least I, M, A, C, U; the rest is not compared. */
    csrr    s0, misa
    li      t0, 0xc000000000000000 | (1 << ('I' - 'A')) | (1 << ('M' - 'A')) | (1 << ('A' - 'A')) | (1 << ('C' - 'A')) | (1 << ('U' - 'A'))
    and     s0, s0, t0
    CHECK   "misa & (MXL|I|M|A|C|U)", s0, 0x8000000000101105

    /* ---- WARL fields ---- */
    /*
     * mepc holds any even address. The privileged spec says mepc[0] is always zero, but
     * QEMU 7.2 keeps a written bit 0 (write_mepc stores the value as is), so an odd write
     * is not tested: the two machines would print different values.
     */
    li      t0, 0x80001234
    csrw    mepc, t0
    csrr    s0, mepc
    CHECK   "mepc write 80001234", s0, 0x80001234
    li      t0, 0xfffffffffffffffe
    csrw    mepc, t0
    csrr    s0, mepc
    CHECK   "mepc write fff..fe", s0, 0xfffffffffffffffe

    /* mtvec: MODE 0 (direct) and 1 (vectored) stick; a reserved MODE (2) write is ignored. */
    csrr    s3, mtvec
    li      t0, 0x80004000
    csrw    mtvec, t0
    csrr    s0, mtvec
    CHECK   "mtvec direct", s0, 0x80004000
    li      t0, 0x80004001
    csrw    mtvec, t0
    csrr    s0, mtvec
    CHECK   "mtvec vectored", s0, 0x80004001
    li      t0, 0x80008002
    csrw    mtvec, t0
    csrr    s0, mtvec
    /* Mode 2 is reserved: the Sail model (legalize_tvec) takes the new address and keeps
     * the old mode; QEMU ignores the whole write (0x80004001). capvm follows Sail. */
    CHECK   "mtvec mode 2 keeps the old mode", s0, 0x80008001
    csrw    mtvec, s3

    /* mtval and mcause: plain read/write of legal values. */
    li      t0, 0x123456789abcdef0
    csrw    mtval, t0
    csrr    s0, mtval
    CHECK   "mtval write", s0, 0x123456789abcdef0
    li      t0, 0x8000000000000007
    csrw    mcause, t0
    csrr    s0, mcause
    CHECK   "mcause write irq 7", s0, 0x8000000000000007
    li      t0, 2
    csrw    mcause, t0
    csrr    s0, mcause
    CHECK   "mcause write 2", s0, 2

    /* mie: MSIE and MTIE are writable (other bits depend on the machine: masked). */
    li      t0, MIP_MSIP | MIP_MTIP
    csrw    mie, t0
    csrr    s0, mie
    andi    s0, s0, MIP_MSIP | MIP_MTIP
    CHECK   "mie MSIE|MTIE", s0, 0x88
    csrw    mie, zero
    csrr    s0, mie
    CHECK   "mie 0", s0, 0

    /* ---- mstatus MIE/MPIE/MPP (interrupts stay off: mie = 0) ---- */
    li      t0, MSTATUS_FIELDS
    csrc    mstatus, t0
    csrr    s0, mstatus
    and     s0, s0, t0
    CHECK   "mstatus fields cleared", s0, 0
    li      t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
    csrs    mstatus, t0
    csrr    s0, mstatus
    li      t0, MSTATUS_FIELDS
    and     s0, s0, t0
    CHECK   "mstatus MIE|MPIE|MPP=M", s0, 0x1888
    csrci   mstatus, MSTATUS_MIE
    csrr    s0, mstatus
    li      t0, MSTATUS_FIELDS
    and     s0, s0, t0
    CHECK   "mstatus MIE cleared", s0, 0x1880

    /*
     * MRET (privileged spec 3.3.2): MIE <- MPIE, MPIE <- 1, privilege <- MPP,
     * MPP <- U (the least-privileged mode), pc <- mepc. Here MPP = M, so we stay in M.
     */
    li      t0, MSTATUS_MPIE | MSTATUS_MPP
    csrs    mstatus, t0
    csrci   mstatus, MSTATUS_MIE
    la      t0, 1f
    csrw    mepc, t0
    mret
    li      s0, 99                      /* skipped */
1:  csrr    s0, mstatus
    csrci   mstatus, MSTATUS_MIE        /* interrupts off again */
    li      t0, MSTATUS_FIELDS
    and     s0, s0, t0
    CHECK   "mstatus after mret (MPIE=1, MPP=M)", s0, 0x88
    li      t0, MSTATUS_MPP
    csrs    mstatus, t0
    li      t0, MSTATUS_MPIE
    csrc    mstatus, t0
    csrsi   mstatus, MSTATUS_MIE
    la      t0, 1f
    csrw    mepc, t0
    mret
1:  csrr    s0, mstatus
    li      t0, MSTATUS_FIELDS
    and     s0, s0, t0
    CHECK   "mstatus after mret (MPIE=0, MPP=M)", s0, 0x80

    /* ---- counters move forward ---- */
    rdcycle s0
    rdinstret s1
    li      t0, 1000
1:  addi    t0, t0, -1
    bnez    t0, 1b
    rdcycle s2
    rdinstret s3
    sltu    s0, s0, s2
    sltu    s1, s1, s3
    CHECK   "cycle increases", s0, 1
    CHECK   "instret increases", s1, 1
    csrr    s0, mcycle
    csrr    s1, minstret
    li      t0, 1000
1:  addi    t0, t0, -1
    bnez    t0, 1b
    csrr    s2, mcycle
    csrr    s3, minstret
    sltu    s0, s0, s2
    sltu    s1, s1, s3
    CHECK   "mcycle increases", s0, 1
    CHECK   "minstret increases", s1, 1

    /* time (CSR) and mtime (CLINT) are the same clock: mtime <= time <= mtime. */
    li      t0, CLINT_MTIME
    ld      s0, 0(t0)
    rdtime  s1
    ld      s2, 0(t0)
    sltu    s3, s1, s0
    sltu    s4, s2, s1
    or      s3, s3, s4
    CHECK   "mtime <= time <= mtime", s3, 0
    /* time advances: wait (boundedly) for a change. */
    rdtime  s0
    li      s2, 10000000
1:  rdtime  s1
    bne     s1, s0, 2f
    addi    s2, s2, -1
    bnez    s2, 1b
2:  sltu    s0, s0, s1
    CHECK   "time advances", s0, 1
TEST_END zicsr
