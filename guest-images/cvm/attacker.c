/*
 * attacker.c - a cVM that attacks another (examples/attacker.toml: victim.c at VICTIM) and
 * the monitor. One attempt per cVM, chosen by argv[0], because an attempt that the hardware
 * stops ends its cVM; the monitor reports it and the others go on. Each prints what it tries
 * first; "ATTACK WORKED" is printed only if an attempt was not stopped.
 *
 *   read VICTIM        load from the victim's region (integer pointer: checked against DDC)
 *   write VICTIM       store into the victim's region
 *   jump VICTIM        jump into the victim's code (checked against PCC)
 *   forge VICTIM       write the bits of a capability for the victim's region with integer
 *                      stores, load it as a capability and use it (its tag is 0)
 *   ddc VICTIM         widen its own DDC over the victim (CSetBounds outside the bounds clears
 *                      the tag), install it and load through it
 *   mtcc               write MTCC, the monitor's trap vector (an M-mode SCR: needs ASR)
 *   csr                write mtvec (an M-mode CSR)
 *   hostcalls VICTIM   hand the monitor pointers into the monitor and into the victim, huge
 *                      sizes, wrapping and misaligned buffers, bad keys and flags, and
 *                      CAP_File calls it has no right to; last, a stale CAP_Call handle: it
 *                      calls the server's "crash" entry, so that the server is stopped, then
 *                      "add" through the handle probed before (not stopped: each gets an error)
 *   writero            write through the read-only capability of the victim's "pub"
 *   widen              enlarge the "pub" capability (CSetBounds beyond it) and read
 *   storecap           store its DDC into the shared "board" capfile (capfiles lack StoreCap)
 *   revoked            keep copies of "pub" in a register and in memory, wait until the victim
 *                      revokes it, then read through a copy
 *   forgedseal         CInvoke the monitor's door with a data capability of its own (unsealed)
 *   mismatch           CInvoke the door's code with a CAP_Call handle as the data (sealed with
 *                      the server's object type, not the monitor's)
 * Addresses are hexadecimal.
 */
#include "capcall.h"
#include "cheri.h"

#define MONITOR 0x80000000ull

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static void say(const char *what, uint64_t addr)
{
    cvm_puts(what);
    cvm_put_hex(addr);
    cvm_puts("\n");
}

static __attribute__((noreturn)) void worked(void)
{
    cvm_puts("ATTACK WORKED\n");
    cvm_exit(3);
}

/* One hostcall attempt: prints "<what>: <answer>". */
static void answer(const char *what, long r)
{
    cvm_puts(what);
    cvm_puts(": ");
    cvm_put_dec(r);
    cvm_puts("\n");
}

static void probe_pub(cvm_cap_t *c)
{
    long r;
    while ((r = cvm_capfile_probe("pub", c)) == HC_ENOENT)
        ;                              /* the victim has not advertised it yet */
    answer("probe \"pub\"", r);
}

/* A CAP_Call handle whose callee is gone: refused with HC_ESRCH, not a fault. */
static void stale(void)
{
    static cvm_cap_t add, crash;
    long r, v = 0;
    while ((r = cvm_call_probe("add", &add)) == HC_ENOENT)
        ;
    answer("probe the server's \"add\"", r);
    answer("probe the server's \"crash\"", cvm_call_probe("crash", &crash));
    answer("add(2, 3) through the handle", cvm_call(&add, 2, 3, 0, 0, 0, &v));
    answer("its value", v);
    /* An address outside the server's region whether it is read as an address (v9) or as an
     * offset from the region's base (v8, where 0 would be the region's first byte). */
    answer("crash(2^63): the server faults", cvm_call(&crash, (long)(1ull << 63), 0, 0, 0, 0, &v));
    answer("add(2, 3) through the handle held before: stale", cvm_call(&add, 2, 3, 0, 0, 0, &v));
}

static void hostcalls(uint64_t victim)
{
    static char mine[32] = "my own buffer";
    static const char key[] = "steal";
    answer("write of the monitor's memory", cvm_write((const void *)MONITOR, 16));
    answer("write of the victim's memory", cvm_write((const void *)victim, 16));
    answer("write of 2^63 bytes", cvm_write(mine, 1ull << 63));
    answer("write wrapping around 2^64", cvm_write((const void *)-8ull, 16));
    cvm_puts("a write from a misaligned pointer (allowed) prints \"");
    long r = cvm_write(mine + 1, 3);
    cvm_puts("\"\n");
    answer("and answers", r);
    answer("advertise the victim's memory",
           hostcall5(HC_CAPFILE_ADVERTISE, (long)key, 5, (long)victim, 64, CAPFILE_READ));
    answer("advertise the monitor's memory",
           hostcall5(HC_CAPFILE_ADVERTISE, (long)key, 5, (long)MONITOR, 64, CAPFILE_READ | CAPFILE_WRITE));
    answer("advertise 2^63 bytes", hostcall5(HC_CAPFILE_ADVERTISE, (long)key, 5, (long)mine, 1l << 62, CAPFILE_READ));
    answer("advertise with a key in the victim", hostcall5(HC_CAPFILE_ADVERTISE, (long)victim, 5, (long)mine, 32, 1));
    answer("advertise with a 1000-byte key", hostcall5(HC_CAPFILE_ADVERTISE, (long)key, 1000, (long)mine, 32, 1));
    answer("advertise with unknown flags", hostcall5(HC_CAPFILE_ADVERTISE, (long)key, 5, (long)mine, 32, 4));
    cvm_cap_t c;
    answer("probe \"secrets\" (a capfile not given to it)", cvm_capfile_probe("secrets", &c));
    answer("probe with a key in the monitor", hostcall(HC_CAPFILE_PROBE, (long)MONITOR, 8, 0));
    probe_pub(&c);
    answer("advertise under the victim's key \"pub\"", cvm_capfile_advertise("pub", mine, 32, CAPFILE_READ));
    answer("revoke the victim's \"pub\"", cvm_capfile_revoke("pub"));
    answer("revoke \"board\" (a deployment capfile)", cvm_capfile_revoke("board"));
    stale();
}

int main(int argc, char **argv)
{
    uint64_t victim = argc >= 2 ? cvm_parse_hex(argv[1]) : 0;
    const char *what = argc >= 1 ? argv[0] : "";
    if (streq(what, "read")) {
        say("reading the victim's memory at ", victim);
        (void)*(volatile uint64_t *)victim;
        worked();
    }
    if (streq(what, "write")) {
        say("writing the victim's memory at ", victim);
        *(volatile uint64_t *)victim = 0x6666;
        worked();
    }
    if (streq(what, "jump")) {
        say("jumping into the victim's code at ", victim);
        ((void (*)(void))victim)();
        worked();
    }
    if (streq(what, "forge")) {
        static cvm_cap_t real, forged;
        uint64_t c, v;
        say("forging a capability from integers for ", victim);
        __asm__ volatile(CHERI_ASM(CGETDDC(%0)) CHERI_ASM(SC(%0, 0, %1)) : "=&r"(c) : "r"(&real) : "memory");
        forged.addr = victim;          /* the bits of a real capability, written as integers */
        forged.meta = ((volatile cvm_cap_t *)&real)->meta;
        __asm__ volatile(CHERI_ASM(LC(%0, 0, %2)) CHERI_ASM(LBU_CAP(%1, %0))
                         : "=&r"(c), "=&r"(v)
                         : "r"(&forged)
                         : "memory");
        worked();
    }
    if (streq(what, "ddc")) {
        uint64_t c, v, len = 0x1000;
        say("widening my DDC over ", victim);
        __asm__ volatile(CHERI_ASM(CGETDDC(%0))
                         CHERI_ASM(CSETADDR(%0, %0, %2))
                         CHERI_ASM(CSETBOUNDS(%0, %0, %3))
                         CHERI_ASM(CSETDDC(%0))
                         "ld %1, 0(%2)\n"
                         : "=&r"(c), "=&r"(v)
                         : "r"(victim), "r"(len)
                         : "memory");
        worked();
    }
    if (streq(what, "mtcc")) {
        uint64_t c;
        cvm_puts("writing MTCC (the monitor's trap vector)\n");
        __asm__ volatile(CHERI_ASM(CGETDDC(%0)) CHERI_ASM(CSPECIALRW(x0, x28, %0)) : "=&r"(c));
        worked();
    }
    if (streq(what, "csr")) {
        cvm_puts("writing mtvec\n");
        __asm__ volatile("csrw mtvec, zero");
        worked();
    }
    if (streq(what, "hostcalls")) {
        hostcalls(victim);
        return 0;
    }
    if (streq(what, "writero")) {
        cvm_cap_t c;
        probe_pub(&c);
        cvm_puts("writing through the read-only \"pub\"\n");
        cvm_cap_write(&c, 0, "X", 1);
        worked();
    }
    if (streq(what, "widen")) {
        cvm_cap_t c;
        char b;
        probe_pub(&c);
        uint64_t len = cvm_cap_length(&c) * 2, cap;
        cvm_puts("enlarging \"pub\" to twice its length\n");
        __asm__ volatile(CHERI_ASM(LC(%0, 0, %1)) CHERI_ASM(CSETBOUNDS(%0, %0, %2)) CHERI_ASM(SC(%0, 0, %1))
                         : "=&r"(cap)
                         : "r"(&c), "r"(len)
                         : "memory");
        cvm_puts("its tag is now ");
        cvm_put_dec((int64_t)cvm_cap_tag(&c));
        cvm_puts("; reading through it\n");
        cvm_cap_read(&c, 64, &b, 1);
        worked();
    }
    if (streq(what, "storecap")) {
        cvm_cap_t board;
        uint64_t c, d;
        answer("probe \"board\"", cvm_capfile_probe("board", &board));
        cvm_puts("storing my DDC into \"board\"\n");
        __asm__ volatile(CHERI_ASM(LC(%0, 0, %2)) CHERI_ASM(CGETDDC(%1)) CHERI_ASM(SC_CAP(%1, %0))
                         : "=&r"(c), "=&r"(d)
                         : "r"(&board)
                         : "memory");
        worked();
    }
    if (streq(what, "revoked")) {
        static cvm_cap_t copy;
        static const char key[] = "pub";
        char text[32];
        uint64_t in_reg;
        probe_pub(&copy);
        cvm_cap_read(&copy, 0, text, sizeof(text) - 1);
        text[sizeof(text) - 1] = 0;
        cvm_puts("\"pub\" says: ");
        cvm_puts(text);
        cvm_puts("\nkeeping a copy in s11 and one in memory until the victim revokes it\n");
        /* s11 holds a copy while this cVM probes again and again, until the key is gone. */
        long r;
        __asm__ volatile(CHERI_ASM(LC(s11, 0, %[copy]))
                         "1: mv a0, %[key]\n"
                         "li a1, 3\n"
                         "li a7, %[probe]\n"
                         "ecall\n"
                         CHERI_ASM(CGETTAG(%[t], a0))
                         "bnez %[t], 1b\n"
                         "mv %[r], a0\n"
                         CHERI_ASM(CGETTAG(%[t], s11))
                         : [t] "=&r"(in_reg), [r] "=&r"(r)
                         : [copy] "r"(&copy), [key] "r"(key), [probe] "i"(HC_CAPFILE_PROBE)
                         : "a0", "a1", "a7", "s11", "memory");
        (void)r;                       /* ENOENT, or the copy in a0 itself, revoked */
        cvm_puts("\"pub\" is revoked; the tag of my copy in s11: ");
        cvm_put_dec((int64_t)in_reg);
        cvm_puts(", of my memory copy: ");
        cvm_put_dec((int64_t)cvm_cap_tag(&copy));
        cvm_puts("; reading through the memory copy\n");
        cvm_cap_read(&copy, 0, text, 8);
        worked();
    }
    if (streq(what, "forgedseal") || streq(what, "mismatch")) {
        static cvm_cap_t pair[2], handle;
        cvm_door_pair(pair);
        if (streq(what, "forgedseal")) {
            cvm_puts("invoking the monitor's door with a data capability of my own\n");
            __asm__ volatile(CHERI_ASM(LC(t1, 0, %[p])) CHERI_ASM(CGETDDC(t2)) CHERI_ASM(CINVOKE(t1, t2))
                             :
                             : [p] "r"(pair)
                             : "t1", "t2", "t6", "memory");
        } else {
            long r;
            while ((r = cvm_call_probe("add", &handle)) == HC_ENOENT)
                ;
            answer("probe the server's \"add\"", r);
            cvm_puts("invoking the door's code with the server's handle as the data\n");
            __asm__ volatile(CHERI_ASM(LC(t1, 0, %[p])) CHERI_ASM(LC(t2, 0, %[h])) CHERI_ASM(CINVOKE(t1, t2))
                             :
                             : [p] "r"(pair), [h] "r"(&handle)
                             : "t1", "t2", "t6", "memory");
        }
        worked();
    }
    cvm_puts("usage: read|write|jump|forge|ddc VICTIM | mtcc | csr | hostcalls VICTIM | writero | widen | storecap | "
             "revoked | forgedseal | mismatch\n");
    return 2;
}
