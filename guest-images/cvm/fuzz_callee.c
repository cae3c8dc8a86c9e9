/*
 * fuzz_callee.c - a third cVM of the monitor_hostcalls fuzz target (fuzz/README.md): a callee
 * the attacker may break, so that calls after the callee faulted or exited are attacked.
 * Unlike the victim, nothing is promised about it; the oracle only asks that the monitor
 * survives what happens to it and that the victim does not notice.
 *   CAP_Call "crash"(addr)    loads from addr: outside its region, the callee is stopped
 *   CAP_Call "leave"(status)  exits during the call
 *   CAP_Call "nop"()          returns 0
 * It runs before the attacker (the deployment lists it second) and waits for its clients.
 */
#include "capcall.h"

#define STACK 1024

static uint8_t stacks[3][STACK] __attribute__((aligned(16)));

static long crash(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)b, (void)buf, (void)len, (void)caller;
    return (long)*(volatile uint64_t *)a;
}

static long leave(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)b, (void)buf, (void)len, (void)caller;
    cvm_exit((int)a);
}

static long nop(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)a, (void)b, (void)buf, (void)len, (void)caller;
    return 0;
}

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    cvm_call_advertise("crash", crash, stacks[0], STACK);
    cvm_call_advertise("leave", leave, stacks[1], STACK);
    cvm_call_advertise("nop", nop, stacks[2], STACK);
    cvm_serve();
    return 0;
}
