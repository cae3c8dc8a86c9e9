/*
 * fuzz_attacker.S - the attacker cVM of the monitor_hostcalls fuzz target (fuzz/README.md).
 *
 * main jumps into fuzz_code, a block of instruction space that the fuzz harness overwrites
 * with code it compiles from each input (hostcalls with arbitrary numbers and arguments,
 * CInvokes, capability operations, raw instruction words), ending in the exit hostcall.
 * fuzz_data is scratch memory the harness fills with key strings and input bytes. Code the
 * harness did not overwrite is ebreak, so running off the end stops the cVM.
 *
 * The sizes are the harness's limits (harness/src/hostcalls.rs: CODE_BYTES, DATA_BYTES).
 */
    .text
    .globl main
    .globl fuzz_code
    .p2align 4
main:
fuzz_code:
    .fill 4096, 4, 0x00100073       /* ebreak */
    .globl fuzz_code_end
fuzz_code_end:

    .bss
    .p2align 4
    .globl fuzz_data
fuzz_data:
    .zero 4096
