/*
 * cheri_test.h - assembler support for the CHERI conformance programs (cheri/ *.S), on
 * top of conformance/test.h (CHECK, TRAP_* and CHECK_TRAP* keep their meaning).
 *
 * Differences from the base-ISA programs:
 *  - CHECK goes through `ccheck` (ccheck.S), which saves s0-s11 and DDC as capabilities
 *    around the C printer (a non-CHERI compiler saves registers with sd/ld, which strips
 *    tags). Capabilities that must survive a CHECK live in s0-s11; t0-t6, a0-a7 and ra are
 *    clobbered. ccheck also runs the printer under the root DDC (from MScratchC), so a
 *    test may CHECK while DDC is narrowed.
 *  - The trap handler is cheri_trap.S: CHERI-aware (swaps in the root DDC kept in
 *    MScratchC, saves t1/t2 as capabilities, restores DDC on return), records MEPCC and
 *    the handler's own PCC, and resumes either after the trapping instruction (through
 *    csrw mepc, i.e. CSetAddr on MEPCC: same mode and bounds as the trapping code) or at a
 *    TRAP_RESUME_AT label in M mode, integer mode, with the handler's PCC (root bounds).
 *  - MScratchC must hold the root capability whenever a CHECK runs or a trap is taken;
 *    CTEST_BEGIN puts it there. A test that writes MScratchC puts root back.
 *
 * Every program starts in M mode with the root PCC and DDC (integer mode). s11 holds the
 * root capability (a copy of DDC at start) for the whole program by convention.
 */
#include "test.h"
#include "cheri.h"

/* Layout of the CHERI fields of trap_state (after the fields of test.h; 16-aligned). */
#define CTS_MEPCC        96    /* MEPCC at the last trap (capability) */
#define CTS_FIRST_MEPCC  112   /* MEPCC at the first trap since TRAP_RESET */
#define CTS_HPCC         128   /* the handler's own PCC at the last trap (= MTCC installed) */
#define CTS_SAVE_DDC     144
#define CTS_SAVE_T1      160
#define CTS_SAVE_T2      176
#define CTS_SIZE         192

.purgem CHECK
.macro CHECK name, reg, expected
    mv      a1, \reg
    li      a2, \expected
    .pushsection .rodata.str1.1, "aMS", @progbits, 1
877:
    .asciz  "\name"
    .popsection
    la      a0, 877b
    call    ccheck
.endm

/* Install the CHERI trap handler and keep root (= DDC at reset) in MScratchC and s11. */
.macro CTEST_BEGIN
    TEST_BEGIN
    CGETDDC(s11)
    CSPECIALW(x30, s11)
    la      t0, cheri_trap_handler
    csrw    mtvec, t0
    TRAP_RESET
.endm

/* rd := OP(creg) and check it: OP is a two-operand macro such as CGETBASE. */
.macro CHECK_OP name, op, creg, expected
    \op a1, \creg
    CHECK   "\name", a1, \expected
.endm

/* Six lines: tag, base, length, address, perms and otype of a capability register. */
.macro CHECK_CAP name, creg, tag, base, len, addr, perm, otype
    CHECK_OP "\name tag", cgettag, \creg, \tag
    CHECK_OP "\name base", cgetbase, \creg, \base
    CHECK_OP "\name len", cgetlen, \creg, \len
    mv      a1, \creg
    CHECK   "\name addr", a1, \addr
    CHECK_OP "\name perm", cgetperm, \creg, \perm
    CHECK_OP "\name type", cgettype, \creg, \otype
.endm

/* Load a trap_state capability field into creg (integer mode, root DDC). */
.macro TRAP_CFIELD creg, off
    la      \creg, trap_state
    LC(\creg, \off, \creg)
.endm

/* A CHERI exception: one trap, mcause 28, mtval = (idx << 5) | code, mepc at label. */
.macro CHECK_CHERI_TRAP name, idx, code, label
    CHECK_TRAP "\name", CAUSE_CHERI, CHERI_TVAL(\idx, \code), \label
.endm

/* No trap since the last TRAP_RESET (then forget any, so that counts stay local). */
.macro CHECK_NO_TRAP name
    TRAP_FIELD s10, TS_COUNT
    CHECK   "\name traps", s10, 0
    TRAP_RESET
.endm

/* Put the root DDC back (after a test that narrowed or broke it). */
.macro RESTORE_DDC
    CSETDDC(s11)
.endm

/* creg := root with address `base`, bounded to `len` bytes (clobbers t0). */
.macro MKCAP creg, base, len
    li      t0, \base
    CSETADDR(\creg, s11, t0)
    li      t0, \len
    CSETBOUNDS(\creg, \creg, t0)
.endm

/* creg := root with address `addr` (clobbers t0). */
.macro ROOTAT creg, addr
    li      t0, \addr
    CSETADDR(\creg, s11, t0)
.endm

/* creg := src with perms ANDed with `mask` (clobbers t0). */
.macro ANDPERM creg, src, mask
    li      t0, \mask
    CANDPERM(\creg, \src, t0)
.endm

.macro CHECK_TAG name, creg, tag
    CHECK_OP "\name tag", cgettag, \creg, \tag
.endm

/* creg := root at `label`, bounded to `len` bytes (clobbers t0, t1). */
.macro MKCAPL creg, label, len
    la      t1, \label
    CSETADDR(\creg, s11, t1)
    li      t0, \len
    CSETBOUNDS(\creg, \creg, t0)
.endm

/* The address of creg minus `label`, checked (for addresses that depend on the link). */
.macro CHECK_REL name, creg, label, off
    la      t0, \label
    sub     a1, \creg, t0
    CHECK   "\name", a1, \off
.endm

/* CHECK_CAP with the address printed relative to `label` ("addr-label"). */
.macro CHECK_CAPR name, creg, tag, base, len, label, off, perm, otype
    CHECK_OP "\name tag", cgettag, \creg, \tag
    CHECK_OP "\name base", cgetbase, \creg, \base
    CHECK_OP "\name len", cgetlen, \creg, \len
    CHECK_REL "\name addr-\label", \creg, \label, \off
    CHECK_OP "\name perm", cgetperm, \creg, \perm
    CHECK_OP "\name type", cgettype, \creg, \otype
.endm
