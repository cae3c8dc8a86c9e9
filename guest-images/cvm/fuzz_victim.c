/*
 * fuzz_victim.c - the victim cVM of the monitor_hostcalls fuzz target (fuzz/README.md). It
 * offers its neighbour what a cVM offers, so that the monitor's CAP_File and CAP_Call paths
 * into another cVM are attacked, not only the attacker's own:
 *   CAP_File "victim_ro"   a buffer of its memory, shared read-only
 *   CAP_File "victim_rw"   a buffer shared read-write: what lands there is the attacker's
 *   CAP_Call "add"(a, b)   returns a + b
 *   CAP_Call "upper"(buf)  upper-cases the caller's buffer through the buffer capability
 *   CAP_Call "sum"()       sums victim_rw (memory the attacker may write)
 *   CAP_Call "revoke"()    revokes victim_ro: every holder's copy is cleared
 *   CAP_Call "twice"(a, b) calls its own "add" twice through CAP_Call (nested calls on the
 *                          caller's thread)
 * It runs first (the deployment lists it first): it advertises, prints a line and waits for
 * its clients (HC_SERVE) before the attacker's first instruction, where the harness takes
 * its snapshot; when the attacker has finished it prints a second line and exits. The
 * entries print nothing, so what it prints does not depend on the attacker; the entries check their
 * arguments and do not fault, so a fault in the victim is the monitor's doing. Keys are
 * first come, first served (docs/monitor.md): the attacker runs first and may take one of
 * these before the victim advertises it, which denies that service but breaches nothing, so
 * the victim goes on without it. Everything an attacker's calls may change in its memory (the
 * entries' stacks, victim_rw) lies in the page-aligned `open_pages`, which the oracle leaves
 * out of its comparison.
 */
#include "capcall.h"

#define STACK 2048
#define NENTRIES 5

static struct {
    uint64_t rw[32];                                /* first: victim_rw starts the pages */
    uint8_t stacks[NENTRIES][STACK] __attribute__((aligned(16)));
} open_pages __attribute__((aligned(4096)));
static const char ro[64] __attribute__((aligned(16))) = "the victim's read-only buffer";
static cvm_cap_t self_add;

#include "entries.h"

static long sum(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)a, (void)b, (void)buf, (void)len, (void)caller;
    uint64_t s = 0;
    for (int i = 0; i < 32; i++)
        s += ((volatile uint64_t *)open_pages.rw)[i];
    return (long)s;
}

static long revoke(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)a, (void)b, (void)buf, (void)len, (void)caller;
    return cvm_capfile_revoke("victim_ro");
}

static long twice(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)buf, (void)len, (void)caller;
    long x = 0, y = 0;
    long r = cvm_call(&self_add, a, b, 0, 0, 0, &x);
    if (r < 0)
        return r;
    r = cvm_call(&self_add, a, b, 0, 0, 0, &y);
    return r < 0 ? r : x + y;
}

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    static const struct {
        const char *key;
        cvm_entry_fn fn;
    } offer[NENTRIES] = {{"add", add}, {"upper", upper}, {"sum", sum}, {"revoke", revoke}, {"twice", twice}};
    cvm_capfile_advertise("victim_ro", (void *)ro, sizeof(ro), CAPFILE_READ);
    cvm_capfile_advertise("victim_rw", open_pages.rw, sizeof(open_pages.rw), CAPFILE_READ | CAPFILE_WRITE);
    for (int i = 0; i < NENTRIES; i++)
        cvm_call_advertise(offer[i].key, offer[i].fn, open_pages.stacks[i], STACK);
    cvm_call_probe("add", &self_add);               /* twice() answers an error without it */
    cvm_puts("I am the victim: sharing victim_ro, victim_rw; serving add, upper, sum, revoke, twice\n");
    cvm_serve();
    cvm_puts("my clients are done\n");
    return 0;
}
