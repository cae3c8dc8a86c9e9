/*
 * sample.S - the disassembler's reference: every RV64IMAC + Zicsr + Zifencei mnemonic,
 * in every form that GNU objdump prints differently (aliases such as li/mv/not/neg/
 * seqz/beqz/j/jr/ret/csrr/rdcycle, CSRs by name and by number, all fence variants,
 * .aq/.rl/.aqrl orderings, compressed instructions), with varied ABI registers and
 * immediates at the ends of their ranges. See README.md for how sample.objdump is made.
 *
 * Not executable: it is only ever disassembled.
 */
    .text
    .globl _start
_start:
    .option norvc           /* base section: 32-bit encodings only */
    /* ---- RV64I: upper immediates ---- */
    lui             a0, 0
    lui             t6, 0xfffff
    lui             s11, 0x80000
    lui             gp, 0x7ffff
    lui             zero, 1
    auipc           a0, 0
    auipc           ra, 0xfffff
    auipc           s1, 0x12345
    /* ---- register-immediate ALU ---- */
    addi            a0, a1, -2048
    addi            t0, s2, 2047
    addi            s11, t6, 1
    addi            tp, gp, -1
    addi            a7, s0, 0x555
    slti            a0, a1, -2048
    slti            t0, s2, 2047
    slti            s11, t6, 1
    slti            tp, gp, -1
    slti            a7, s0, 0x555
    sltiu           a0, a1, -2048
    sltiu           t0, s2, 2047
    sltiu           s11, t6, 1
    sltiu           tp, gp, -1
    sltiu           a7, s0, 0x555
    xori            a0, a1, -2048
    xori            t0, s2, 2047
    xori            s11, t6, 1
    xori            tp, gp, -1
    xori            a7, s0, 0x555
    ori             a0, a1, -2048
    ori             t0, s2, 2047
    ori             s11, t6, 1
    ori             tp, gp, -1
    ori             a7, s0, 0x555
    andi            a0, a1, -2048
    andi            t0, s2, 2047
    andi            s11, t6, 1
    andi            tp, gp, -1
    andi            a7, s0, 0x555
    slli            a0, a1, 0
    slli            t0, t1, 1
    slli            s3, s4, 31
    slli            a5, a5, 63
    srli            a0, a1, 0
    srli            t0, t1, 1
    srli            s3, s4, 31
    srli            a5, a5, 63
    srai            a0, a1, 0
    srai            t0, t1, 1
    srai            s3, s4, 31
    srai            a5, a5, 63
    addiw           a0, a1, -2048
    addiw           t0, s2, 2047
    addiw           s5, s6, 1
    slliw           a0, a1, 0
    slliw           t2, s1, 1
    slliw           s7, a4, 31
    srliw           a0, a1, 0
    srliw           t2, s1, 1
    srliw           s7, a4, 31
    sraiw           a0, a1, 0
    sraiw           t2, s1, 1
    sraiw           s7, a4, 31
    /* ---- register-register ALU (I, M) ---- */
    add             a0, a1, a2
    add             t0, t1, t2
    add             s0, s1, s11
    sub             a0, a1, a2
    sub             t0, t1, t2
    sub             s0, s1, s11
    sll             a0, a1, a2
    sll             t0, t1, t2
    sll             s0, s1, s11
    slt             a0, a1, a2
    slt             t0, t1, t2
    slt             s0, s1, s11
    sltu            a0, a1, a2
    sltu            t0, t1, t2
    sltu            s0, s1, s11
    xor             a0, a1, a2
    xor             t0, t1, t2
    xor             s0, s1, s11
    srl             a0, a1, a2
    srl             t0, t1, t2
    srl             s0, s1, s11
    sra             a0, a1, a2
    sra             t0, t1, t2
    sra             s0, s1, s11
    or              a0, a1, a2
    or              t0, t1, t2
    or              s0, s1, s11
    and             a0, a1, a2
    and             t0, t1, t2
    and             s0, s1, s11
    addw            a0, a1, a2
    addw            t0, t1, t2
    addw            s0, s1, s11
    subw            a0, a1, a2
    subw            t0, t1, t2
    subw            s0, s1, s11
    sllw            a0, a1, a2
    sllw            t0, t1, t2
    sllw            s0, s1, s11
    srlw            a0, a1, a2
    srlw            t0, t1, t2
    srlw            s0, s1, s11
    sraw            a0, a1, a2
    sraw            t0, t1, t2
    sraw            s0, s1, s11
    mul             a0, a1, a2
    mul             t0, t1, t2
    mul             s0, s1, s11
    mulh            a0, a1, a2
    mulh            t0, t1, t2
    mulh            s0, s1, s11
    mulhsu          a0, a1, a2
    mulhsu          t0, t1, t2
    mulhsu          s0, s1, s11
    mulhu           a0, a1, a2
    mulhu           t0, t1, t2
    mulhu           s0, s1, s11
    div             a0, a1, a2
    div             t0, t1, t2
    div             s0, s1, s11
    divu            a0, a1, a2
    divu            t0, t1, t2
    divu            s0, s1, s11
    rem             a0, a1, a2
    rem             t0, t1, t2
    rem             s0, s1, s11
    remu            a0, a1, a2
    remu            t0, t1, t2
    remu            s0, s1, s11
    mulw            a0, a1, a2
    mulw            t0, t1, t2
    mulw            s0, s1, s11
    divw            a0, a1, a2
    divw            t0, t1, t2
    divw            s0, s1, s11
    divuw           a0, a1, a2
    divuw           t0, t1, t2
    divuw           s0, s1, s11
    remw            a0, a1, a2
    remw            t0, t1, t2
    remw            s0, s1, s11
    remuw           a0, a1, a2
    remuw           t0, t1, t2
    remuw           s0, s1, s11
    /* ---- loads and stores ---- */
    lb              a0, 0(a1)
    lb              t0, -2048(sp)
    lb              s11, 2047(s0)
    lb              ra, -1(gp)
    lb              zero, 8(tp)
    lh              a0, 0(a1)
    lh              t0, -2048(sp)
    lh              s11, 2047(s0)
    lh              ra, -1(gp)
    lh              zero, 8(tp)
    lw              a0, 0(a1)
    lw              t0, -2048(sp)
    lw              s11, 2047(s0)
    lw              ra, -1(gp)
    lw              zero, 8(tp)
    ld              a0, 0(a1)
    ld              t0, -2048(sp)
    ld              s11, 2047(s0)
    ld              ra, -1(gp)
    ld              zero, 8(tp)
    lbu             a0, 0(a1)
    lbu             t0, -2048(sp)
    lbu             s11, 2047(s0)
    lbu             ra, -1(gp)
    lbu             zero, 8(tp)
    lhu             a0, 0(a1)
    lhu             t0, -2048(sp)
    lhu             s11, 2047(s0)
    lhu             ra, -1(gp)
    lhu             zero, 8(tp)
    lwu             a0, 0(a1)
    lwu             t0, -2048(sp)
    lwu             s11, 2047(s0)
    lwu             ra, -1(gp)
    lwu             zero, 8(tp)
    sb              a0, 0(a1)
    sb              t0, -2048(sp)
    sb              s11, 2047(s0)
    sb              zero, -1(gp)
    sh              a0, 0(a1)
    sh              t0, -2048(sp)
    sh              s11, 2047(s0)
    sh              zero, -1(gp)
    sw              a0, 0(a1)
    sw              t0, -2048(sp)
    sw              s11, 2047(s0)
    sw              zero, -1(gp)
    sd              a0, 0(a1)
    sd              t0, -2048(sp)
    sd              s11, 2047(s0)
    sd              zero, -1(gp)
    /* ---- control transfer ---- */
branch_back:
    beq             a0, a1, branch_fwd
    beq             t5, s10, branch_back
    beq             zero, s2, branch_fwd
    beq             s3, zero, branch_back
    bne             a0, a1, branch_fwd
    bne             t5, s10, branch_back
    bne             zero, s2, branch_fwd
    bne             s3, zero, branch_back
    blt             a0, a1, branch_fwd
    blt             t5, s10, branch_back
    blt             zero, s2, branch_fwd
    blt             s3, zero, branch_back
    bge             a0, a1, branch_fwd
    bge             t5, s10, branch_back
    bge             zero, s2, branch_fwd
    bge             s3, zero, branch_back
    bltu            a0, a1, branch_fwd
    bltu            t5, s10, branch_back
    bltu            zero, s2, branch_fwd
    bltu            s3, zero, branch_back
    bgeu            a0, a1, branch_fwd
    bgeu            t5, s10, branch_back
    bgeu            zero, s2, branch_fwd
    bgeu            s3, zero, branch_back
    jal             ra, branch_fwd
    jal             zero, branch_back
    jal             a0, branch_fwd
    jalr            ra, 0(a0)
    jalr            zero, 0(ra)
    jalr            zero, 0(t1)
    jalr            t0, 2047(a1)
    jalr            s1, -2048(s2)
    jalr            zero, 8(t1)
    jalr            ra, -4(a5)
branch_fwd:
    /* ---- pseudo-instructions that objdump prints as aliases ---- */
    nop
    li              a0, 0
    li              t0, -2048
    li              s1, 2047
    li              a2, 0x12345678
    li              a3, -0x80000000
    li              a4, 0x123456789abcdef0
    mv              a0, a1
    mv              s0, sp
    not             t0, t1
    neg             a0, a1
    negw            s2, s3
    sext.w          a5, a6
    seqz            a0, a1
    snez            t0, t1
    sltz            s1, s2
    sgtz            a3, a4
alias_back:
    beqz            a0, alias_fwd
    bnez            t0, alias_back
    blez            s1, alias_fwd
    bgez            a2, alias_back
    bltz            t3, alias_fwd
    bgtz            s4, alias_back
    bgt             a0, a1, alias_fwd
    ble             t0, t1, alias_back
    bgtu            s0, s1, alias_fwd
    bleu            a2, a3, alias_back
    j               alias_fwd
    jal             alias_back
    jr              a0
    jr              ra
    jalr            t2
    ret
    call            alias_fwd
    tail            alias_back
    andi            a0, a1, 255
    zext.b          t0, t1
alias_fwd:
    /* ---- Zicsr: every form, named and numbered CSRs ---- */
    csrrw           a0, mstatus, a1
    csrrw           a0, misa, a1
    csrrw           a0, mie, a1
    csrrw           a0, mtvec, a1
    csrrw           a0, mscratch, a1
    csrrw           a0, mepc, a1
    csrrw           a0, mcause, a1
    csrrw           a0, mtval, a1
    csrrw           a0, mip, a1
    csrrw           a0, mhartid, a1
    csrrw           a0, mvendorid, a1
    csrrw           a0, marchid, a1
    csrrw           a0, mimpid, a1
    csrrw           a0, mcounteren, a1
    csrrw           a0, mcycle, a1
    csrrw           a0, minstret, a1
    csrrw           a0, cycle, a1
    csrrw           a0, time, a1
    csrrw           a0, instret, a1
    csrrw           a0, pmpcfg0, a1
    csrrw           a0, pmpaddr0, a1
    csrrw           a0, 0x7c0, a1
    csrrw           t0, mscratch, s0
    csrrw           zero, mscratch, s0
    csrrw           t0, mscratch, zero
    csrrs           s1, mscratch, a2
    csrrs           zero, mscratch, a2
    csrrs           s1, mscratch, zero
    csrrc           a3, mscratch, t4
    csrrc           zero, mscratch, t4
    csrrc           a3, mscratch, zero
    csrrwi          a0, mstatus, 0
    csrrwi          t1, mie, 31
    csrrwi          zero, mscratch, 5
    csrrsi          a0, mstatus, 0
    csrrsi          t1, mie, 31
    csrrsi          zero, mscratch, 5
    csrrci          a0, mstatus, 0
    csrrci          t1, mie, 31
    csrrci          zero, mscratch, 5
    csrr            a0, mepc
    csrw            mtvec, a1
    csrs            mie, t0
    csrc            mstatus, s1
    csrwi           mscratch, 7
    csrsi           mstatus, 8
    csrci           mstatus, 31
    rdcycle         a0
    rdtime          t0
    rdinstret       s1
    csrr            a1, cycle
    csrr            a2, time
    csrr            a3, instret
    /* ---- fences, system ---- */
    fence
    fence           iorw, iorw
    fence           rw, rw
    fence           r, r
    fence           w, w
    fence           r, rw
    fence           i, o
    fence           io, rw
    fence.tso
    .word 0x0100000f  /* pause (Zihintpause) */
    fence.i
    ecall
    ebreak
    mret
    wfi
    unimp
    /* ---- A: every LR/SC/AMO with every ordering ---- */
    lr.w            a0, (a1)
    sc.w            t0, s1, (s2)
    amoswap.w       a2, a3, (sp)
    amoadd.w        a2, a3, (sp)
    amoxor.w        a2, a3, (sp)
    amoand.w        a2, a3, (sp)
    amoor.w         a2, a3, (sp)
    amomin.w        a2, a3, (sp)
    amomax.w        a2, a3, (sp)
    amominu.w       a2, a3, (sp)
    amomaxu.w       a2, a3, (sp)
    lr.w.aq         a0, (a1)
    sc.w.aq         t0, s1, (s2)
    amoswap.w.aq    a2, a3, (sp)
    amoadd.w.aq     a2, a3, (sp)
    amoxor.w.aq     a2, a3, (sp)
    amoand.w.aq     a2, a3, (sp)
    amoor.w.aq      a2, a3, (sp)
    amomin.w.aq     a2, a3, (sp)
    amomax.w.aq     a2, a3, (sp)
    amominu.w.aq    a2, a3, (sp)
    amomaxu.w.aq    a2, a3, (sp)
    lr.w.rl         a0, (a1)
    sc.w.rl         t0, s1, (s2)
    amoswap.w.rl    a2, a3, (sp)
    amoadd.w.rl     a2, a3, (sp)
    amoxor.w.rl     a2, a3, (sp)
    amoand.w.rl     a2, a3, (sp)
    amoor.w.rl      a2, a3, (sp)
    amomin.w.rl     a2, a3, (sp)
    amomax.w.rl     a2, a3, (sp)
    amominu.w.rl    a2, a3, (sp)
    amomaxu.w.rl    a2, a3, (sp)
    lr.w.aqrl       a0, (a1)
    sc.w.aqrl       t0, s1, (s2)
    amoswap.w.aqrl  a2, a3, (sp)
    amoadd.w.aqrl   a2, a3, (sp)
    amoxor.w.aqrl   a2, a3, (sp)
    amoand.w.aqrl   a2, a3, (sp)
    amoor.w.aqrl    a2, a3, (sp)
    amomin.w.aqrl   a2, a3, (sp)
    amomax.w.aqrl   a2, a3, (sp)
    amominu.w.aqrl  a2, a3, (sp)
    amomaxu.w.aqrl  a2, a3, (sp)
    lr.d            a0, (a1)
    sc.d            t0, s1, (s2)
    amoswap.d       a2, a3, (sp)
    amoadd.d        a2, a3, (sp)
    amoxor.d        a2, a3, (sp)
    amoand.d        a2, a3, (sp)
    amoor.d         a2, a3, (sp)
    amomin.d        a2, a3, (sp)
    amomax.d        a2, a3, (sp)
    amominu.d       a2, a3, (sp)
    amomaxu.d       a2, a3, (sp)
    lr.d.aq         a0, (a1)
    sc.d.aq         t0, s1, (s2)
    amoswap.d.aq    a2, a3, (sp)
    amoadd.d.aq     a2, a3, (sp)
    amoxor.d.aq     a2, a3, (sp)
    amoand.d.aq     a2, a3, (sp)
    amoor.d.aq      a2, a3, (sp)
    amomin.d.aq     a2, a3, (sp)
    amomax.d.aq     a2, a3, (sp)
    amominu.d.aq    a2, a3, (sp)
    amomaxu.d.aq    a2, a3, (sp)
    lr.d.rl         a0, (a1)
    sc.d.rl         t0, s1, (s2)
    amoswap.d.rl    a2, a3, (sp)
    amoadd.d.rl     a2, a3, (sp)
    amoxor.d.rl     a2, a3, (sp)
    amoand.d.rl     a2, a3, (sp)
    amoor.d.rl      a2, a3, (sp)
    amomin.d.rl     a2, a3, (sp)
    amomax.d.rl     a2, a3, (sp)
    amominu.d.rl    a2, a3, (sp)
    amomaxu.d.rl    a2, a3, (sp)
    lr.d.aqrl       a0, (a1)
    sc.d.aqrl       t0, s1, (s2)
    amoswap.d.aqrl  a2, a3, (sp)
    amoadd.d.aqrl   a2, a3, (sp)
    amoxor.d.aqrl   a2, a3, (sp)
    amoand.d.aqrl   a2, a3, (sp)
    amoor.d.aqrl    a2, a3, (sp)
    amomin.d.aqrl   a2, a3, (sp)
    amomax.d.aqrl   a2, a3, (sp)
    amominu.d.aqrl  a2, a3, (sp)
    amomaxu.d.aqrl  a2, a3, (sp)
    amoadd.d        zero, ra, (t6)
    lr.w            zero, (zero)

    .option rvc             /* compressed section: every c. instruction that RV64C has */
    /* ---- RV64C, quadrant 0 ---- */
    c.addi4spn      s0, sp, 4
    c.addi4spn      a5, sp, 1020
    c.addi4spn      a0, sp, 512
    c.lw            s0, 0(s1)
    c.lw            a5, 124(a0)
    c.lw            a2, 64(a3)
    c.ld            s1, 0(s0)
    c.ld            a4, 248(a5)
    c.ld            a0, 8(a1)
    c.sw            s0, 0(s1)
    c.sw            a5, 124(a0)
    c.sd            s1, 0(s0)
    c.sd            a4, 248(a5)
    /* ---- RV64C, quadrant 1 ---- */
    c.nop
    c.addi          a0, 1
    c.addi          t6, -32
    c.addi          s11, 31
    c.addi          sp, -16
    c.addiw         a0, 0
    c.addiw         ra, -32
    c.addiw         s2, 31
    c.li            a0, 0
    c.li            t0, -32
    c.li            s11, 31
    c.li            ra, -1
    c.addi16sp      sp, -512
    c.addi16sp      sp, 496
    c.addi16sp      sp, 16
    c.lui           a0, 1
    c.lui           t6, 0x1f
    c.lui           s0, 0xfffe0
    c.lui           ra, 0xfffff
    c.lui           gp, 0x10
    c.srli          s0, 1
    c.srli          a5, 63
    c.srli          a0, 32
    c.srai          s1, 1
    c.srai          a4, 63
    c.andi          s0, -32
    c.andi          a5, 31
    c.andi          a1, 0
    c.sub           s0, s1
    c.sub           a4, a5
    c.xor           s0, a0
    c.or            a1, a2
    c.and           a3, s1
    c.subw          s0, s1
    c.subw          a5, a0
    c.addw          a1, a2
    c.addw          s0, a5
c_back:
    c.j             c_fwd
    c.j             c_back
    c.beqz          s0, c_fwd
    c.beqz          a5, c_back
    c.bnez          a0, c_fwd
    c.bnez          s1, c_back
c_fwd:
    /* ---- RV64C, quadrant 2 ---- */
    c.slli          a0, 1
    c.slli          t6, 63
    c.slli          s11, 32
    c.slli          ra, 12
    c.lwsp          a0, 0(sp)
    c.lwsp          t6, 252(sp)
    c.lwsp          ra, 4(sp)
    c.ldsp          s0, 0(sp)
    c.ldsp          ra, 504(sp)
    c.ldsp          gp, 8(sp)
    c.jr            a0
    c.jr            ra
    c.jr            t6
    c.mv            a0, a1
    c.mv            t6, s11
    c.mv            ra, sp
    c.mv            sp, s0
    c.ebreak
    c.jalr          a0
    c.jalr          ra
    c.jalr          t6
    c.add           a0, a1
    c.add           sp, t0
    c.add           s11, ra
    c.swsp          a0, 0(sp)
    c.swsp          t6, 252(sp)
    c.swsp          zero, 4(sp)
    c.sdsp          s0, 0(sp)
    c.sdsp          ra, 504(sp)
    c.sdsp          zero, 8(sp)
    c.unimp                         /* the all-zero halfword (defined illegal) */
    c.nop                           /* so that objdump does not print c.unimp as "..." */
