/*
 * isolation.S - capability isolation in a few dozen instructions, for the README walk-through
 * "Watching isolation step by step" and the golden traces of traces/tests.
 *
 *   capvm explain guest-images/isolation/isolation.elf
 *
 * Starts from DDC (the root capability at reset) and derives a capability for a 32-byte
 * buffer; uses it; makes a read-only copy; walks past the end; asks for more than it holds;
 * moves it through memory; then confines integer code with DDC := the buffer. Five
 * accesses fault with CHERI exceptions; the handler counts them and skips the faulting
 * instruction. Exit status 0 when exactly five were caught.
 */
#include "cheri.h"

    .data
    .balign 16
buffer: .zero   32                  /* the compartment's data */
slot:   .zero   16                  /* a capability-sized memory slot */
secret: .dword  0x5ec2e7            /* right after them: someone else's data */

    .text
    .globl main
main:
    la      t0, handler
    csrw    mtvec, t0
    li      s2, 0                   /* faults caught */

    /* 1. A capability for the buffer, derived from DDC. */
    CGETDDC(s1)                     /* cs1 = DDC (root); kept to restore it */
    la      t1, buffer
    CSETADDR(a0, s1, t1)
    li      t2, 32
    CSETBOUNDS(a0, a0, t2)          /* ca0 = [buffer, buffer + 32) */

    /* 2. Store and load through it. */
    li      t3, 42
    SD_CAP(t3, a0)
    LD_CAP(a1, a0)

    /* 3. A read-only copy: storing through it faults. */
    li      t2, PERM_LOAD | PERM_LOAD_CAP | PERM_GLOBAL
    CANDPERM(a2, a0, t2)
    SD_CAP(t3, a2)                  /* permit store violation */

    /* 4. One past the end: the address is fine, the access is not. */
    CINCOFFSETIMM(a3, a0, 32)
    LD_CAP(a1, a3)                  /* length violation */

    /* 5. Asking for more than the capability holds gives an untagged result. */
    li      t2, 64
    CSETBOUNDS(a4, a0, t2)
    LD_CAP(a1, a4)                  /* tag violation */

    /* 6. In memory a capability keeps its tag; an integer store over it clears the tag. */
    la      t1, slot
    SC(a0, 0, t1)
    LC(a5, 0, t1)                   /* tagged */
    sd      zero, 8(t1)
    LC(a5, 0, t1)                   /* untagged */
    LD_CAP(a1, a5)                  /* tag violation */

    /* 7. Confine integer code: DDC := ca0. The buffer is in reach, the secret is not. */
    CSETDDC(a0)
    la      t1, buffer
    ld      a1, 8(t1)
    la      t1, secret
    ld      a1, 0(t1)               /* length violation, on DDC */
    CSETDDC(s1)                     /* back to the root */

    addi    a0, s2, -5              /* exit status 0 when five faults were caught */
    ret

    /* Counts the fault and skips the faulting instruction (each is 4 bytes long). */
    .balign 4
handler:
    addi    s2, s2, 1
    csrr    t6, mepc
    addi    t6, t6, 4
    csrw    mepc, t6
    mret
