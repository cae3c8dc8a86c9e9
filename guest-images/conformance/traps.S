/*
 * traps.S - synchronous exceptions on an M/U machine without an MMU: every cause that
 * can be raised, with mcause, mtval and mepc as the privileged spec (3.1.15-3.1.17)
 * defines them, the mstatus changes on trap entry (MPIE <- MIE, MIE <- 0, MPP <- the
 * previous mode), and the U-mode round trip (MRET to U, ECALL back).
 *
 * Covered causes: 1 instruction access fault, 2 illegal instruction, 3 breakpoint,
 * 5 load access fault, 7 store/AMO access fault, 8 ECALL from U, 11 ECALL from M.
 * Misaligned LR/AMO (causes 4 and 6) are in misaligned.S; interrupts in interrupts.S.
 * Not reachable here: 0 instruction address misaligned (C is always on and misa.C
 * cannot be cleared on QEMU, so every jump target is 2-byte aligned and JALR clears
 * bit 0), 9 ECALL from S (no S mode on capvm), 12/13/15 page faults (no MMU).
 *
 * Illegal instructions are written as .word/.half so the expected mtval (the
 * instruction bits, as QEMU and capvm both report) is visible next to them.
 */
#include "test.h"

    .option norvc

/* Run one illegal instruction `bits` (4 bytes unless size = 2). */
.macro ILLEGAL name, bits, size=4
    TRAP_RESET
1:
    .if \size == 2
    .half   \bits
    .else
    .word   \bits
    .endif
    CHECK_TRAP "\name", CAUSE_ILLEGAL, \bits, 1b
.endm

TEST_BEGIN
    TRAP_INIT

    /* ---- ECALL from M; mstatus on trap entry and after MRET ---- */
    csrsi   mstatus, MSTATUS_MIE        /* mie = 0: no interrupt can be taken */
    TRAP_RESET
1:  ecall
    csrr    s0, mstatus
    csrci   mstatus, MSTATUS_MIE
    TRAP_FIELD s1, TS_MSTATUS
    li      t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
    and     s1, s1, t0
    CHECK   "ecall M: mstatus in handler (MPIE=1 MIE=0 MPP=M)", s1, 0x1880
    andi    s0, s0, MSTATUS_MIE
    CHECK   "ecall M: MIE back after mret", s0, MSTATUS_MIE
    CHECK_TRAP "ecall M", CAUSE_ECALL_M, 0, 1b

    /* ---- breakpoint: EBREAK and C.EBREAK. mtval = the pc of the EBREAK, as in the Sail
     *      model (sail-riscv `execute(EBREAK)`: handle_mem_exception(PC, E_Breakpoint)).
     *      QEMU 7.2 and QEMU-CHERI write 0 here; capvm follows Sail. ---- */
1:  ebreak
    CHECK_TRAP_PC "ebreak", CAUSE_BREAKPOINT, 1b
    .option push
    .option rvc
1:  c.ebreak
    .option pop
    CHECK_TRAP_PC "c.ebreak", CAUSE_BREAKPOINT, 1b

    /* ---- illegal instructions: mtval = the instruction bits ---- */
    ILLEGAL "illegal c.unimp 0000", 0x0000, 2
    ILLEGAL "illegal custom-3 opcode", 0x0000007b
    ILLEGAL "illegal OP funct7=7f", 0xfe000033
    ILLEGAL "illegal slliw shamt[5]=1", 0x0200101b
    ILLEGAL "illegal unimp (csrrw x0,cycle,x0)", 0xc0001073
    ILLEGAL "illegal csrw mhartid,t0", 0xf1429073
    ILLEGAL "illegal csrrsi x0,mhartid,1", 0xf140e073
    ILLEGAL "illegal csrw mvendorid,t0", 0xf1129073
    ILLEGAL "illegal csrr t0,0x7c0 (no such CSR)", 0x7c0022f3
    ILLEGAL "illegal c.addi4spn s1,sp,0", 0x0004, 2
    ILLEGAL "illegal c.addiw x0,1", 0x2005, 2
    ILLEGAL "illegal c.addi16sp sp,0", 0x6101, 2
    ILLEGAL "illegal c.lui s0,0", 0x6401, 2
    ILLEGAL "illegal c.lwsp x0", 0x4002, 2
    ILLEGAL "illegal c.ldsp x0", 0x6002, 2
    ILLEGAL "illegal c.jr x0", 0x8002, 2

    /* ---- instruction access fault: JALR to address 0 ---- */
    /* The JALR itself retires (ra written); the fetch at the target faults: mepc = mtval = 0. */
    TRAP_RESET
    TRAP_RESUME_AT 2f
    li      t0, UNMAPPED_ADDR
    li      ra, 0
1:  jalr    ra, 0(t0)
2:  la      t0, 1b + 4
    sub     s0, ra, t0
    CHECK   "fetch fault: jalr link written", s0, 0
    CHECK_TRAP_CAUSE "fetch fault jalr 0", CAUSE_FETCH_ACCESS
    TRAP_FIELD s0, TS_TVAL
    CHECK   "fetch fault jalr 0 mtval", s0, 0
    TRAP_FIELD s0, TS_EPC
    CHECK   "fetch fault jalr 0 mepc", s0, 0
    /* The same through MRET with mepc = 0 (MPP = M). */
    TRAP_RESET
    TRAP_RESUME_AT 2f
    li      t0, MSTATUS_MPP
    csrs    mstatus, t0
    csrw    mepc, zero
    mret
2:  CHECK_TRAP_CAUSE "fetch fault mret to 0", CAUSE_FETCH_ACCESS
    TRAP_FIELD s0, TS_TVAL
    CHECK   "fetch fault mret to 0 mtval", s0, 0
    TRAP_FIELD s0, TS_EPC
    CHECK   "fetch fault mret to 0 mepc", s0, 0

    /* ---- load access faults: mtval = the address; rd keeps its value ---- */
    TRAP_RESET
    li      s0, 0x5a5a
    li      t0, UNMAPPED_ADDR
1:  ld      s0, 0(t0)
    CHECK   "load fault ld: rd unchanged", s0, 0x5a5a
    CHECK_TRAP "load fault ld 0", CAUSE_LOAD_ACCESS, 0, 1b
    li      t0, UNMAPPED_ADDR + 0x10
1:  lbu     s0, 3(t0)
    CHECK_TRAP "load fault lbu 13", CAUSE_LOAD_ACCESS, 0x13, 1b
    li      t0, UNMAPPED_ADDR + 0x20
1:  lr.d    s0, (t0)
    CHECK_TRAP "load fault lr.d 20", CAUSE_LOAD_ACCESS, 0x20, 1b

    /* ---- store access faults ---- */
    li      t0, UNMAPPED_ADDR
1:  sd      t0, 0(t0)
    CHECK_TRAP "store fault sd 0", CAUSE_STORE_ACCESS, 0, 1b
    li      t0, UNMAPPED_ADDR + 0x10
1:  sh      t0, 8(t0)
    CHECK_TRAP "store fault sh 18", CAUSE_STORE_ACCESS, 0x18, 1b
    /*
     * An AMO to an unmapped address is a store/AMO access fault (7) by the spec, as in
     * Spike and Sail; QEMU 7.2 reports a load access fault (5). Printed as "5 or 7";
     * capvm should raise 7.
     */
    TRAP_RESET
    li      s0, 0x5a5a
    li      t0, UNMAPPED_ADDR + 0x40
1:  amoadd.d s0, t0, (t0)
    CHECK   "amo fault: rd unchanged", s0, 0x5a5a
    TRAP_FIELD s0, TS_COUNT
    CHECK   "amo fault amoadd.d 40 traps", s0, 1
    TRAP_FIELD s0, TS_CAUSE
    addi    t0, s0, -CAUSE_LOAD_ACCESS
    addi    t1, s0, -CAUSE_STORE_ACCESS
    seqz    t0, t0
    seqz    t1, t1
    or      s0, t0, t1
    CHECK   "amo fault amoadd.d 40 mcause is 5 or 7", s0, 1
    TRAP_FIELD s0, TS_TVAL
    CHECK   "amo fault amoadd.d 40 mtval", s0, 0x40
    CHECK_TRAP_EPC "amo fault amoadd.d 40", 1b
    TRAP_RESET

    /* ---- U mode ---- */
    U_MODE_SETUP
    /* ECALL from U: cause 8, mepc = the ECALL, back in M afterwards. */
    IN_U_MODE nop
    TRAP_FIELD s0, TS_COUNT
    CHECK   "ecall U traps", s0, 1
    TRAP_FIELD s0, TS_CAUSE
    CHECK   "ecall U mcause", s0, CAUSE_ECALL_U
    TRAP_FIELD s0, TS_TVAL
    CHECK   "ecall U mtval", s0, 0
    TRAP_FIELD s0, TS_EPC
    la      t0, 874b + 4
    sub     s0, s0, t0
    CHECK   "ecall U mepc-expected", s0, 0
    TRAP_FIELD s0, TS_MSTATUS
    li      t0, MSTATUS_MPP
    and     s0, s0, t0
    CHECK   "ecall U mstatus.MPP", s0, 0
    csrr    s0, mscratch                /* back in M: M-mode CSRs are accessible */
    TRAP_FIELD s0, TS_COUNT
    CHECK   "back in M mode", s0, 1
    /* From U, M-mode CSRs, MRET and (with mcounteren = 0) the counters are illegal. */
    IN_U_MODE "csrr t0, mstatus"
    CHECK_U_TRAP "U csrr mstatus", CAUSE_ILLEGAL, 0x300022f3
    IN_U_MODE "csrw mscratch, zero"
    CHECK_U_TRAP "U csrw mscratch", CAUSE_ILLEGAL, 0x34001073
    IN_U_MODE "csrr t0, mhartid"
    CHECK_U_TRAP "U csrr mhartid", CAUSE_ILLEGAL, 0xf14022f3
    IN_U_MODE mret
    CHECK_U_TRAP "U mret", CAUSE_ILLEGAL, 0x30200073
    IN_U_MODE "rdcycle t0"
    CHECK_U_TRAP "U rdcycle, mcounteren=0", CAUSE_ILLEGAL, 0xc00022f3
    IN_U_MODE "rdinstret t0"
    CHECK_U_TRAP "U rdinstret, mcounteren=0", CAUSE_ILLEGAL, 0xc02022f3
    IN_U_MODE "rdtime t0"
    CHECK_U_TRAP "U rdtime, mcounteren=0", CAUSE_ILLEGAL, 0xc01022f3
    IN_U_MODE ".word 0xfe000033"
    CHECK_U_TRAP "U illegal OP funct7=7f", CAUSE_ILLEGAL, 0xfe000033
    IN_U_MODE ebreak
    CHECK_U_TRAP_AT_EPC "U ebreak", CAUSE_BREAKPOINT
    IN_U_MODE "ld t0, 8(zero)"
    CHECK_U_TRAP "U load fault", CAUSE_LOAD_ACCESS, 8
    IN_U_MODE "sw t0, 12(zero)"
    CHECK_U_TRAP "U store fault", CAUSE_STORE_ACCESS, 12
    /* Ordinary work in U: no trap but the ECALL. */
    IN_U_MODE "addi t0, t0, 1"
    TRAP_FIELD s0, TS_COUNT
    CHECK   "U addi traps (ecall only)", s0, 1
TEST_END traps
