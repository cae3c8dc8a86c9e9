/*
 * door.S - the CInvoke door: the code a cVM reaches through a sealed pair (docs/monitor.md,
 * "The CInvoke door").
 *
 * CInvoke does not change privilege, so a cVM that invokes the monitor's sealed pair is still
 * in U mode, now with PCC = this code (exactly these three instructions, Execute only, no
 * Access_System_Registers) and c31 = the unsealed data capability of the pair. The door
 * ecalls at once; the monitor recognises it by the trapping PCC and identifies the caller by
 * c31 (capcall.c). Every door ecall resumes at the next instruction, like a plain ecall, so
 * the door then drops c31 (the unsealed data never stays with the cVM) and goes back through
 * cra, a capability the caller set to its own PCC (its own authority, nothing gained).
 *
 * The same three instructions serve hostcall pairs and the return pairs of CAP_Call: the
 * two kinds are sealed with different object types, so they cannot be mixed in one CInvoke.
 */
#include "cheri.h"

    .section .text.door, "ax", @progbits
    .option push
    .option norvc
    .balign 16
    .globl door_start
    .globl door_end
door_start:
    ecall                           /* the monitor serves a7 (or the return of a call) */
    CMOVE(x31, x0)                  /* c31 := NULL */
    JALR_CAP(x0, x1)                /* back to the caller through cra */
door_end:
    .option pop
