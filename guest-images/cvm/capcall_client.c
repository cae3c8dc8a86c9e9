/*
 * capcall_client.c - a CAP_Call client. argv[0] selects what it does:
 *   basic        probe the server's entries and call them, one of them calling back into
 *                the server (examples/capcall.toml)
 *   errors       the error paths, one by one: an unknown key, a forged (untagged) handle, a
 *                sealed capability that is no handle (the door's data), a buffer outside this
 *                cVM, a return without a call, an entry that calls itself (HC_EBUSY), then
 *                a call that crashes the server
 *                (ECANCELED) and calls through the handle it held before (stale: ESRCH)
 *   leave        call the server's leave(7): the server exits during the call (ECANCELED),
 *                then the handle held before is stale (ESRCH)
 *   steal        call the server's steal() with a buffer: keeping the buffer capability
 *                stops the server (ECANCELED), the buffer is unchanged
 *   revoke       probe the server's CAP_File "secret", keep the capability in a register
 *                across a call to the server's revoke(): the revocation reaches the copy
 *                the monitor keeps in the call frame, so the register comes back untagged
 *   bench N      N null CAP_Call round trips, each between BENCH_CAP_CALL markers
 * Each outcome is printed; it exits 0 when every answer was the expected one.
 */
#include "bench.h"
#include "capcall.h"
#include "cheri.h"

static cvm_cap_t h_add, h_upper, h_whoami, h_nop, h_crash;

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static int failures;

static void expect(const char *what, long got, long want)
{
    cvm_puts(what);
    cvm_puts(": ");
    cvm_put_dec(got);
    if (got != want) {
        cvm_puts(" (expected ");
        cvm_put_dec(want);
        cvm_puts(")");
        failures++;
    }
    cvm_puts("\n");
}

static long probe(const char *key, cvm_cap_t *h)
{
    long r = cvm_call_probe(key, h);
    if (r != 0) {
        cvm_puts("probe ");
        cvm_puts(key);
        cvm_puts(" failed: ");
        cvm_put_dec(r);
        cvm_puts("\n");
        failures++;
    }
    return r;
}

static void basic(void)
{
    long v = 0, r;
    if (probe("add", &h_add) || probe("upper", &h_upper) || probe("whoami", &h_whoami))
        return;
    r = cvm_call(&h_add, 2, 40, 0, 0, 0, &v);
    expect("add(2, 40)", r ? r : v, 42);
    static char text[] = "hello through a capability";
    r = cvm_call(&h_upper, 0, 0, text, sizeof(text) - 1, CALL_READ | CALL_WRITE, &v);
    expect("upper: length", r ? r : v, (long)sizeof(text) - 1);
    cvm_puts("upper: \"");
    cvm_puts(text);
    cvm_puts("\"\n");
    r = cvm_call(&h_whoami, 0, 0, 0, 0, 0, &v);
    expect("whoami: my index", r ? r : v, 1);
    cvm_cap_t h_twice;
    if (probe("twice", &h_twice))
        return;
    r = cvm_call(&h_twice, 3, 4, 0, 0, 0, &v);
    expect("twice(3, 4), two nested calls of add", r ? r : v, 14);
}

/* HC_CALL with ca0 = this cVM's door data capability: sealed, but with the door's object
 * type, not a cVM's. */
static long call_with_door_data(void)
{
    register long a0 __asm__("a0");
    register long a4 __asm__("a4") = 0;
    register long a7 __asm__("a7") = HC_DOOR;
    __asm__ volatile("ecall\n" CHERI_ASM(CMOVE(a0, a1)) "li a7, %[call]\n"
                     "ecall\n"
                     : "=r"(a0), "+r"(a7)
                     : "r"(a4), [call] "i"(HC_CALL)
                     : "a1", "memory");
    return a0;
}

static void errors(void)
{
    long v = 0;
    cvm_cap_t h;
    expect("probe of an unknown key", cvm_call_probe("nobody", &h), HC_ENOENT);
    if (probe("add", &h_add) || probe("upper", &h_upper) || probe("crash", &h_crash))
        return;
    cvm_cap_t forged = h_add;                       /* integer copy: the tag is gone */
    expect("call through a forged (untagged) handle", cvm_call(&forged, 1, 2, 0, 0, 0, &v), HC_EPERM);
    expect("call through a sealed non-handle (the door's data)", call_with_door_data(), HC_EPERM);
    expect("call with a buffer outside my region",
           cvm_call(&h_upper, 0, 0, (void *)0x80000000, 16, CALL_READ, &v), HC_EFAULT);
    expect("call with bad buffer flags", cvm_call(&h_upper, 0, 0, &h, 16, 4, &v), HC_EINVAL);
    expect("HC_RETURN by ecall, in no call", hostcall(HC_RETURN, 0, 0, 0), HC_EPERM);
    expect("HC_RETURN through the door, in no call", hc_invoke(HC_RETURN, 0, 0, 0), HC_EPERM);
    cvm_cap_t h_again;
    if (probe("again", &h_again))
        return;
    long r = cvm_call(&h_again, 0, 0, 0, 0, 0, &v);
    expect("again(), an entry calling itself", r ? r : v, HC_EBUSY);
    r = cvm_call(&h_add, 20, 22, 0, 0, 0, &v);
    expect("add(20, 22) before the crash", r ? r : v, 42);
    expect("crash(0x80000000): the server faults", cvm_call(&h_crash, 0x80000000, 0, 0, 0, 0, &v), HC_ECANCELED);
    expect("add through the handle held before: stale", cvm_call(&h_add, 1, 1, 0, 0, 0, &v), HC_ESRCH);
    expect("probe of the stopped server's key", cvm_call_probe("add", &h), HC_ESRCH);
}

static void leave(void)
{
    long v = 0;
    cvm_cap_t h_leave;
    if (probe("add", &h_add) || probe("leave", &h_leave))
        return;
    expect("leave(7): the server exits during the call", cvm_call(&h_leave, 7, 0, 0, 0, 0, &v), HC_ECANCELED);
    expect("add through the handle held before: stale", cvm_call(&h_add, 1, 1, 0, 0, 0, &v), HC_ESRCH);
}

static void steal(void)
{
    long v = 0;
    cvm_cap_t h_steal;
    static char mine[] = "mine";
    if (probe("steal", &h_steal))
        return;
    expect("steal(my buffer)", cvm_call(&h_steal, 0, 0, mine, 4, CALL_READ | CALL_WRITE, &v), HC_ECANCELED);
}

static void revoke(void)
{
    static cvm_cap_t secret, h;
    if (cvm_capfile_probe("secret", &secret) != 0 || probe("revoke", &h))
        return;
    expect("the capfile capability before", (long)cvm_cap_tag(&secret), 1);
    /* t3 holds a copy across the call: in the call frame while the server runs. */
    register long a0 __asm__("a0");
    register long a1 __asm__("a1") = 0;
    register long a4 __asm__("a4") = 0;
    register long a7 __asm__("a7") = HC_CALL;
    long tag;
    __asm__ volatile(CHERI_ASM(LC(t3, 0, %[s])) CHERI_ASM(LC(a0, 0, %[h])) "ecall\n" CHERI_ASM(CGETTAG(%[tag], t3))
                     : "=&r"(a0), "+r"(a1), [tag] "=r"(tag)
                     : "r"(a4), "r"(a7), [s] "r"(&secret), [h] "r"(&h)
                     : "t3", "memory");
    long status = a0, cleared = a1;                 /* before any call reuses a0, a1 */
    expect("revoke() in the server", status, 0);
    cvm_puts("copies cleared: ");
    cvm_put_dec(cleared);
    cvm_puts("\n");
    expect("the copy in my register after the call", tag, 0);
    expect("the copy in my memory after the call", (long)cvm_cap_tag(&secret), 0);
}

static void bench(long n)
{
    long v;
    if (probe("nop", &h_nop))
        return;
    for (long i = 0; i < n; i++) {
        BENCH_MARK(BENCH_CAP_CALL);
        long r = cvm_call(&h_nop, 0, 0, 0, 0, 0, &v);
        BENCH_MARK(BENCH_CAP_CALL + 1);
        if (r)
            failures++;
    }
    cvm_puts("bench: ");
    cvm_put_dec(n);
    cvm_puts(" calls of nop\n");
}

int main(int argc, char **argv)
{
    const char *mode = argc >= 1 ? argv[0] : "basic";
    if (streq(mode, "basic"))
        basic();
    else if (streq(mode, "errors"))
        errors();
    else if (streq(mode, "revoke"))
        revoke();
    else if (streq(mode, "leave"))
        leave();
    else if (streq(mode, "steal"))
        steal();
    else if (streq(mode, "bench") && argc >= 2)
        bench((long)cvm_parse_hex(argv[1]));
    else {
        cvm_puts("usage: basic | errors | revoke | leave | steal | bench N (hex)\n");
        return 2;
    }
    if (failures) {
        cvm_put_dec(failures);
        cvm_puts(" unexpected answers\n");
        return 1;
    }
    cvm_puts("all answers as expected\n");
    return 0;
}
