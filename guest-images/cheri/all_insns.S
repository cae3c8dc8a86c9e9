/*
 * all_insns.S - every macro of include/cheri.h once, for checking the encodings (the
 * disassembly in capvm against spec §4.1). Not meant to be run: it is linked like the
 * other images, but its code is a list of instructions with no checks, and it exits
 * through the finisher as soon as it starts (the list is never executed).
 *
 * Operands are chosen so that every field is non-zero and distinct where the format
 * allows it (rd = a0/x10, rs1 = a1/x11, rs2 = a2/x12), which makes a field mix-up visible.
 * Each line of the first list carries the 32-bit word it assembles to (compared with words
 * computed independently from the spec §4.1 tables; CJAL's word depends on its label). The second list
 * (all_insns_gas) is the same through the lower-case GNU as macro names and must assemble
 * to the same words. A third list (all_insns_c) has the 16-bit C_CLC/C_CSC/C_CLCSP/C_CSCSP,
 * which take register numbers, each with its halfword.
 */
#include "cheri.h"

    .text
    .globl main
main:
    li      a0, 0
    ret

    .globl all_insns
all_insns:
    /* three-register group (funct7) */
    CSPECIALRW_PCC(a0, x0)                  /* 0200055b */
    CSPECIALRW_DDC(a0, a1)                  /* 0215855b */
    CSPECIALRW_UTCC(a0, a1)                 /* 0245855b */
    CSPECIALRW_UTDC(a0, a1)                 /* 0255855b */
    CSPECIALRW_USCRATCHC(a0, a1)            /* 0265855b */
    CSPECIALRW_UEPCC(a0, a1)                /* 0275855b */
    CSPECIALRW_STCC(a0, a1)                 /* 02c5855b */
    CSPECIALRW_STDC(a0, a1)                 /* 02d5855b */
    CSPECIALRW_SSCRATCHC(a0, a1)            /* 02e5855b */
    CSPECIALRW_SEPCC(a0, a1)                /* 02f5855b */
    CSPECIALRW_MTCC(a0, a1)                 /* 03c5855b */
    CSPECIALRW_MTDC(a0, a1)                 /* 03d5855b */
    CSPECIALRW_MSCRATCHC(a0, a1)            /* 03e5855b */
    CSPECIALRW_MEPCC(a0, a1)                /* 03f5855b */
    CSPECIALR(a0, x30)                      /* 03e0055b */
    CSPECIALW(x29, a1)                      /* 03d5805b */
    CGETPCC(a0)                             /* 0200055b */
    CGETDDC(a0)                             /* 0210055b */
    CSETDDC(a1)                             /* 0215805b */
    CSETBOUNDS(a0, a1, a2)                  /* 10c5855b */
    CSETBOUNDSEXACT(a0, a1, a2)             /* 12c5855b */
    CSEAL(a0, a1, a2)                       /* 16c5855b */
    CUNSEAL(a0, a1, a2)                     /* 18c5855b */
    CANDPERM(a0, a1, a2)                    /* 1ac5855b */
    CSETFLAGS(a0, a1, a2)                   /* 1cc5855b */
    CSETOFFSET(a0, a1, a2)                  /* 1ec5855b */
    CSETADDR(a0, a1, a2)                    /* 20c5855b */
    CINCOFFSET(a0, a1, a2)                  /* 22c5855b */
    CTOPTR(a0, a1, a2)                      /* 24c5855b */
    CTOPTR(a0, a1, x0)                      /* 2405855b */
    CFROMPTR(a0, a1, a2)                    /* 26c5855b */
    CFROMPTR(a0, x0, a2)                    /* 26c0055b */
    CSUB(a0, a1, a2)                        /* 28c5855b */
    CSETHIGH(a0, a1, a2)                    /* 2cc5855b */
    CBUILDCAP(a0, a1, a2)                   /* 3ac5855b */
    CBUILDCAP(a0, x0, a2)                   /* 3ac0055b */
    CCOPYTYPE(a0, a1, a2)                   /* 3cc5855b */
    CCSEAL(a0, a1, a2)                      /* 3ec5855b */
    CTESTSUBSET(a0, a1, a2)                 /* 40c5855b */
    CTESTSUBSET(a0, x0, a2)                 /* 40c0055b */
    CSETEQUALEXACT(a0, a1, a2)              /* 42c5855b */
    CSEQX(a0, a1, a2)                       /* 42c5855b */

    /* immediate forms */
    CINCOFFSETIMM(a0, a1, 0)                /* 0005955b */
    CINCOFFSETIMM(a0, a1, 2047)             /* 7ff5955b */
    CINCOFFSETIMM(a0, a1, -2048)            /* 8005955b */
    CINCOFFSETIMM(a0, a1, -1)               /* fff5955b */
    CSETBOUNDSIMM(a0, a1, 0)                /* 0005a55b */
    CSETBOUNDSIMM(a0, a1, 16)               /* 0105a55b */
    CSETBOUNDSIMM(a0, a1, 2047)             /* 7ff5a55b */
    CSETBOUNDSIMM(a0, a1, 2048)             /* 8005a55b */
    CSETBOUNDSIMM(a0, a1, 4095)             /* fff5a55b */

    /* two-operand group (funct7 0x7f, sub-op in rs2) */
    CGETPERM(a0, a1)                        /* fe05855b */
    CGETTYPE(a0, a1)                        /* fe15855b */
    CGETBASE(a0, a1)                        /* fe25855b */
    CGETLEN(a0, a1)                         /* fe35855b */
    CGETTAG(a0, a1)                         /* fe45855b */
    CGETSEALED(a0, a1)                      /* fe55855b */
    CGETOFFSET(a0, a1)                      /* fe65855b */
    CGETFLAGS(a0, a1)                       /* fe75855b */
    CRRL(a0, a1)                            /* fe85855b */
    CRAM(a0, a1)                            /* fe95855b */
    CMOVE(a0, a1)                           /* fea5855b */
    CCLEARTAG(a0, a1)                       /* feb5855b */
    JALR_CAP(a0, a1)                        /* fec5855b */
    CCLEAR(0, 0x01)                         /* fee000db */
    CCLEAR(1, 0xff)                         /* fee78fdb */
    CCLEAR(3, 0xa5)                         /* feee82db */
    CGETADDR(a0, a1)                        /* fef5855b */
    FPCLEAR(2, 0x5a)                        /* ff090d5b */
    CSEALENTRY(a0, a1)                      /* ff15855b */
    CLOADTAGS(a0, a1)                       /* ff25855b */
    JALR_PCC(a0, a1)                        /* ff45855b */
    CGETHIGH(a0, a1)                        /* ff75855b */
    CGETTOP(a0, a1)                         /* ff85855b */

    /* two-source group */
    CINVOKE(a1, a2)                         /* fcc580db */

    /* explicit loads */
    LB_DDC(a0, a1)                          /* fa05855b */
    LH_DDC(a0, a1)                          /* fa15855b */
    LW_DDC(a0, a1)                          /* fa25855b */
    LD_DDC(a0, a1)                          /* fa35855b */
    LBU_DDC(a0, a1)                         /* fa45855b */
    LHU_DDC(a0, a1)                         /* fa55855b */
    LWU_DDC(a0, a1)                         /* fa65855b */
    LB_CAP(a0, a1)                          /* fa85855b */
    LH_CAP(a0, a1)                          /* fa95855b */
    LW_CAP(a0, a1)                          /* faa5855b */
    LD_CAP(a0, a1)                          /* fab5855b */
    LBU_CAP(a0, a1)                         /* fac5855b */
    LHU_CAP(a0, a1)                         /* fad5855b */
    LWU_CAP(a0, a1)                         /* fae5855b */
    LR_B_DDC(a0, a1)                        /* fb05855b */
    LR_H_DDC(a0, a1)                        /* fb15855b */
    LR_W_DDC(a0, a1)                        /* fb25855b */
    LR_D_DDC(a0, a1)                        /* fb35855b */
    LR_C_DDC(a0, a1)                        /* fb45855b */
    LC_DDC(a0, a1)                          /* fb75855b */
    LR_B_CAP(a0, a1)                        /* fb85855b */
    LR_H_CAP(a0, a1)                        /* fb95855b */
    LR_W_CAP(a0, a1)                        /* fba5855b */
    LR_D_CAP(a0, a1)                        /* fbb5855b */
    LR_C_CAP(a0, a1)                        /* fbc5855b */
    LC_CAP(a0, a1)                          /* fbf5855b */

    /* explicit stores (data, address) */
    SB_DDC(a2, a1)                          /* f8c5805b */
    SH_DDC(a2, a1)                          /* f8c580db */
    SW_DDC(a2, a1)                          /* f8c5815b */
    SD_DDC(a2, a1)                          /* f8c581db */
    SC_DDC(a2, a1)                          /* f8c5825b */
    SB_CAP(a2, a1)                          /* f8c5845b */
    SH_CAP(a2, a1)                          /* f8c584db */
    SW_CAP(a2, a1)                          /* f8c5855b */
    SD_CAP(a2, a1)                          /* f8c585db */
    SC_CAP(a2, a1)                          /* f8c5865b */
    SC_B_DDC(a2, a1)                        /* f8c5885b */
    SC_H_DDC(a2, a1)                        /* f8c588db */
    SC_W_DDC(a2, a1)                        /* f8c5895b */
    SC_D_DDC(a2, a1)                        /* f8c589db */
    SC_C_DDC(a2, a1)                        /* f8c58a5b */
    SC_B_CAP(a2, a1)                        /* f8c58c5b */
    SC_H_CAP(a2, a1)                        /* f8c58cdb */
    SC_W_CAP(a2, a1)                        /* f8c58d5b */
    SC_D_CAP(a2, a1)                        /* f8c58ddb */
    SC_C_CAP(a2, a1)                        /* f8c58e5b */

    /* LC / SC in the standard opcode space, and their capability-mode names */
    LC(a0, 0, a1)                           /* 0005a50f */
    LC(a0, -2048, a1)                       /* 8005a50f */
    LC(a0, 2032, a1)                        /* 7f05a50f */
    SC(a2, 0, a1)                           /* 00c5c023 */
    SC(a2, -2048, a1)                       /* 80c5c023 */
    SC(a2, 2032, a1)                        /* 7ec5c823 */
    CLC(a0, 16, a1)                         /* 0105a50f */
    CSC(a2, 16, a1)                         /* 00c5c823 */

    /* capability atomics and the CHERI byte/halfword LR/SC */
    LR_C(a0, a1)                            /* 1005c52f */
    LR_C_AQRL(a0, a1, 3)                    /* 1605c52f */
    SC_C(a0, a2, a1)                        /* 18c5c52f */
    SC_C_AQRL(a0, a2, a1, 1)                /* 1ac5c52f */
    AMOSWAP_C(a0, a2, a1)                   /* 08c5c52f */
    AMOSWAP_C_AQRL(a0, a2, a1, 2)           /* 0cc5c52f */
    LR_B(a0, a1)                            /* 1005852f */
    LR_H(a0, a1)                            /* 1005952f */
    SC_B(a0, a2, a1)                        /* 18c5852f */
    SC_H(a0, a2, a1)                        /* 18c5952f */

    /* capability-mode forms of AUIPC/JAL/JALR */
    AUIPCC(a0, 0x12345)                     /* 12345517 */
    AUIPCC(a0, 0)                           /* 00000517 */
1:  CJAL(ra, 1b)                            /* 000000ef */
    CJAL(x0, 2f)                            /* 0040006f */
2:  CJALR(ra, 0, a1)                        /* 000580e7 */
    CJALR(x0, -4, a1)                       /* ffc58067 */
    CJALR(a0, 2047, a1)                     /* 7ff58567 */
    .globl all_insns_end
all_insns_end:

    /* The same list through the GNU as macro names of cheri.h (lower case); it must
       assemble to the same words as all_insns..all_insns_end. */
    .globl all_insns_gas
all_insns_gas:
    /* three-register group (funct7) */
    cspecialrw.pcc  a0, x0
    cspecialrw.ddc  a0, a1
    cspecialrw.utcc a0, a1
    cspecialrw.utdc a0, a1
    cspecialrw.uscratchc a0, a1
    cspecialrw.uepcc a0, a1
    cspecialrw.stcc a0, a1
    cspecialrw.stdc a0, a1
    cspecialrw.sscratchc a0, a1
    cspecialrw.sepcc a0, a1
    cspecialrw.mtcc a0, a1
    cspecialrw.mtdc a0, a1
    cspecialrw.mscratchc a0, a1
    cspecialrw.mepcc a0, a1
    cspecialr       a0, x30
    cspecialw       x29, a1
    cgetpcc         a0
    cgetddc         a0
    csetddc         a1
    csetbounds      a0, a1, a2
    csetboundsexact a0, a1, a2
    cseal           a0, a1, a2
    cunseal         a0, a1, a2
    candperm        a0, a1, a2
    csetflags       a0, a1, a2
    csetoffset      a0, a1, a2
    csetaddr        a0, a1, a2
    cincoffset      a0, a1, a2
    ctoptr          a0, a1, a2
    ctoptr          a0, a1, x0
    cfromptr        a0, a1, a2
    cfromptr        a0, x0, a2
    csub            a0, a1, a2
    csethigh        a0, a1, a2
    cbuildcap       a0, a1, a2
    cbuildcap       a0, x0, a2
    ccopytype       a0, a1, a2
    ccseal          a0, a1, a2
    ctestsubset     a0, a1, a2
    ctestsubset     a0, x0, a2
    csetequalexact  a0, a1, a2
    cseqx           a0, a1, a2

    /* immediate forms */
    cincoffsetimm   a0, a1, 0
    cincoffsetimm   a0, a1, 2047
    cincoffsetimm   a0, a1, -2048
    cincoffsetimm   a0, a1, -1
    csetboundsimm   a0, a1, 0
    csetboundsimm   a0, a1, 16
    csetboundsimm   a0, a1, 2047
    csetboundsimm   a0, a1, 2048
    csetboundsimm   a0, a1, 4095

    /* two-operand group (funct7 0x7f, sub-op in rs2) */
    cgetperm        a0, a1
    cgettype        a0, a1
    cgetbase        a0, a1
    cgetlen         a0, a1
    cgettag         a0, a1
    cgetsealed      a0, a1
    cgetoffset      a0, a1
    cgetflags       a0, a1
    crrl            a0, a1
    cram            a0, a1
    cmove           a0, a1
    ccleartag       a0, a1
    jalr.cap        a0, a1
    cclear          0, 0x01
    cclear          1, 0xff
    cclear          3, 0xa5
    cgetaddr        a0, a1
    fpclear         2, 0x5a
    csealentry      a0, a1
    cloadtags       a0, a1
    jalr.pcc        a0, a1
    cgethigh        a0, a1
    cgettop         a0, a1

    /* two-source group */
    cinvoke         a1, a2

    /* explicit loads */
    lb.ddc          a0, a1
    lh.ddc          a0, a1
    lw.ddc          a0, a1
    ld.ddc          a0, a1
    lbu.ddc         a0, a1
    lhu.ddc         a0, a1
    lwu.ddc         a0, a1
    lb.cap          a0, a1
    lh.cap          a0, a1
    lw.cap          a0, a1
    ld.cap          a0, a1
    lbu.cap         a0, a1
    lhu.cap         a0, a1
    lwu.cap         a0, a1
    lr.b.ddc        a0, a1
    lr.h.ddc        a0, a1
    lr.w.ddc        a0, a1
    lr.d.ddc        a0, a1
    lr.c.ddc        a0, a1
    lc.ddc          a0, a1
    lr.b.cap        a0, a1
    lr.h.cap        a0, a1
    lr.w.cap        a0, a1
    lr.d.cap        a0, a1
    lr.c.cap        a0, a1
    lc.cap          a0, a1

    /* explicit stores (data, address) */
    sb.ddc          a2, a1
    sh.ddc          a2, a1
    sw.ddc          a2, a1
    sd.ddc          a2, a1
    sc.ddc          a2, a1
    sb.cap          a2, a1
    sh.cap          a2, a1
    sw.cap          a2, a1
    sd.cap          a2, a1
    sc.cap          a2, a1
    sc.b.ddc        a2, a1
    sc.h.ddc        a2, a1
    sc.w.ddc        a2, a1
    sc.d.ddc        a2, a1
    sc.c.ddc        a2, a1
    sc.b.cap        a2, a1
    sc.h.cap        a2, a1
    sc.w.cap        a2, a1
    sc.d.cap        a2, a1
    sc.c.cap        a2, a1

    /* LC / SC in the standard opcode space, and their capability-mode names */
    lc              a0, 0(a1)
    lc              a0, -2048(a1)
    lc              a0, 2032(a1)
    sc              a2, 0(a1)
    sc              a2, -2048(a1)
    sc              a2, 2032(a1)
    clc             a0, 16(a1)
    csc             a2, 16(a1)

    /* capability atomics and the CHERI byte/halfword LR/SC */
    lr.c            a0, a1
    lr.c.aqrl       a0, a1, 3
    sc.c            a0, a2, a1
    sc.c.aqrl       a0, a2, a1, 1
    amoswap.c       a0, a2, a1
    amoswap.c.aqrl  a0, a2, a1, 2
    lr.b            a0, a1
    lr.h            a0, a1
    sc.b            a0, a2, a1
    sc.h            a0, a2, a1

    /* capability-mode forms of AUIPC/JAL/JALR */
    auipcc          a0, 0x12345
    auipcc          a0, 0
3:  cjal            ra, 3b
    cjal            x0, 4f
4:  cjalr           ra, 0(a1)
    cjalr           x0, -4(a1)
    cjalr           a0, 2047(a1)
    .globl all_insns_gas_end
all_insns_gas_end:

    /* The 16-bit compressed capability-mode loads/stores (register numbers), kept out of
       the first list so that it holds only 32-bit words. */
    .globl all_insns_c
all_insns_c:
    /* compressed capability-mode loads/stores (register numbers) */
    C_CLC(10, 11, 16)                       /* 2988 */
    C_CSC(10, 11, 32)                       /* b188 */
    C_CLCSP(12, 16)                         /* 2642 */
    C_CSCSP(12, 32)                         /* b032 */
    C_CLC(15, 8, 496)                       /* 3c7c */
    C_CLCSP(31, 1008)                       /* 3ffe */
    C_CSCSP(1, 1008)                        /* bf86 */
    .globl all_insns_c_end
all_insns_c_end:
