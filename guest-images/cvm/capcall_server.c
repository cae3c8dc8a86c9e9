/*
 * capcall_server.c - a CAP_Call server (examples/capcall.toml). It advertises five entries,
 * each with a stack of its own, then waits (HC_SERVE) until its clients have finished:
 *   add(a, b)        returns a + b
 *   upper(buf)       upper-cases the caller's buffer in place, through the buffer
 *                    capability the call carries; returns its length
 *   whoami()         prints a line (prefixed with this cVM's name: the code is the server's)
 *                    and returns the caller's cVM index
 *   nop()            returns 0 at once (the CAP_Call round trip of the figures)
 *   crash(addr)      loads from addr: outside this region, the server is stopped
 *   revoke()         revokes the CAP_File "secret" (a buffer of this cVM it shares
 *                    read-only) and returns how many copies were cleared
 *   twice(a, b)      calls its own add(a, b) twice through CAP_Call (nested calls, on the
 *                    caller's thread) and returns the sum
 *   again()          calls itself: a running entry cannot be entered again (HC_EBUSY),
 *                    which it returns
 *   leave(status)    exits: the server ends during the call
 *   steal(buf)       tries to keep the caller's buffer capability in its own memory: the
 *                    capability is local and this cVM's DDC has no StoreLocalCap, so the
 *                    store is stopped (and the server with it)
 */
#include "capcall.h"
#include "cheri.h"

#define STACK 4096
static uint8_t stacks[10][STACK] __attribute__((aligned(16)));
static cvm_cap_t stolen;
static cvm_cap_t self_add, self_again;             /* handles to its own entries */
static char secret[64] __attribute__((aligned(16))) = "shared by the server";

#include "entries.h"

static long whoami(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)a, (void)b, (void)buf, (void)len;
    cvm_puts("whoami: called by cVM ");
    cvm_put_dec(caller);
    cvm_puts("\n");
    return caller;
}

static long nop(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)a, (void)b, (void)buf, (void)len, (void)caller;
    return 0;
}

static long crash(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)b, (void)buf, (void)len, (void)caller;
    return (long)*(volatile uint64_t *)a;
}

static long revoke(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)a, (void)b, (void)buf, (void)len, (void)caller;
    return cvm_capfile_revoke("secret");
}

static long twice(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    long v1 = 0, v2 = 0;
    (void)buf, (void)len, (void)caller;
    long r = cvm_call(&self_add, a, b, 0, 0, 0, &v1);
    if (r == 0)
        r = cvm_call(&self_add, a, b, 0, 0, 0, &v2);
    return r ? r : v1 + v2;
}

static long again(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    long v = 0;
    (void)a, (void)b, (void)buf, (void)len, (void)caller;
    return cvm_call(&self_again, 0, 0, 0, 0, 0, &v);
}

static long leave(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)b, (void)buf, (void)len, (void)caller;
    cvm_exit((int)a);
}

static long steal(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)a, (void)b, (void)len, (void)caller;
    cvm_puts("steal: keeping the caller's buffer capability\n");
    __asm__ volatile(CHERI_ASM(LC(t1, 0, %[b])) CHERI_ASM(SC(t1, 0, %[d])) : : [b] "r"(buf), [d] "r"(&stolen) : "t1", "memory");
    cvm_puts("steal: kept it\n");
    return 0;
}

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    static const struct {
        const char *key;
        cvm_entry_fn fn;
    } offer[] = {{"add", add},     {"upper", upper},   {"whoami", whoami}, {"nop", nop},
                 {"crash", crash}, {"revoke", revoke}, {"twice", twice},   {"again", again},
                 {"leave", leave}, {"steal", steal}};
    if (cvm_capfile_advertise("secret", secret, sizeof(secret), CAPFILE_READ) < 0)
        return 1;
    for (int i = 0; i < 10; i++) {
        long r = cvm_call_advertise(offer[i].key, offer[i].fn, stacks[i], STACK);
        if (r < 0) {
            cvm_puts("advertise failed: ");
            cvm_put_dec(r);
            cvm_puts("\n");
            return 1;
        }
    }
    if (cvm_call_probe("add", &self_add) || cvm_call_probe("again", &self_again))
        return 1;
    cvm_puts("serving add, upper, whoami, nop, crash, revoke, twice, again, leave, steal\n");
    long r = cvm_serve();
    cvm_puts("clients done (");
    cvm_put_dec(r);
    cvm_puts(")\n");
    return 0;
}
