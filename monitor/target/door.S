/*
 * door.S - the CInvoke door: the code a cVM reaches through a sealed pair (docs/monitor.md,
 * "The CInvoke door").
 *
 * CInvoke does not change privilege, so a cVM that invokes the monitor's sealed pair is still
 * in U mode, now in the monitor's unprivileged domain: PCC = this code (Execute only, no
 * Access_System_Registers) and c31 = the unsealed data capability of the pair. That domain
 * serves HC_TIME itself, as Intravisor's hostcall trampolines serve calls without the kernel:
 * the data capability reaches exactly one capability cell of the monitor's (its cVM's door
 * cell, capcall.c), which holds a read-only capability to the machine timer; no trap, no
 * monitor code runs. Every other number (and the return of a CAP_Call) ecalls: the monitor
 * recognises the door by the trapping PCC and identifies the caller by c31 (capcall.c).
 * Either way the door then drops c31 (the unsealed data and anything loaded through it never
 * stay with the cVM) and goes back through cra, a capability the caller set to its own PCC
 * (its own authority, nothing gained). Registers: a0 is the result, a7 comes back as it was,
 * c31 comes back NULL, as through the ecall path.
 *
 * The same code serves hostcall pairs and the return pairs of CAP_Call: the two kinds are
 * sealed with different object types, so they cannot be mixed in one CInvoke. A return
 * pair's data capability allows no load, so HC_TIME through a return pair faults in the door
 * (the cVM's own doing; it is stopped like any other fault).
 */
#include "cheri.h"
#include "hostcalls.h"
#include "platform.h"
    .section .text.door, "ax", @progbits
    .option push
    .option norvc
    .balign 16
    .globl door_start
    .globl door_ecall
    .globl door_end
door_start:
    addi    a7, a7, -HC_TIME
    beqz    a7, 1f                  /* HC_TIME: served in this domain */
    addi    a7, a7, HC_TIME
door_ecall:
    ecall                           /* the monitor serves a7 (or the return of a call) */
    CMOVE(x31, x0)                  /* c31 := NULL */
    JALR_CAP(x0, x1)                /* back to the caller through cra */
1:  addi    a7, a7, HC_TIME
    LC_CAP(x31, x31)                /* c31 := the door cell: read-only, mtime's 8 bytes */
    LD_CAP(x10, x31)                /* a0 := mtime (10 MHz) */
    li      x31, 1000000000 / MTIME_HZ
    mul     a0, a0, x31             /* nanoseconds, as the monitor's HC_TIME answers */
    li      x31, 0                  /* c31 := NULL */
    JALR_CAP(x0, x1)
door_end:
    .option pop
