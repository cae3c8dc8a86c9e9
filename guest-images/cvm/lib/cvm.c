/*
 * cvm.c - the bare cVM runtime: hostcall stubs, argument splitting, console helpers.
 */
#include "cheri.h"
#include "cvm.h"

#define MAX_ARGS 16

long hostcall(long number, long a0, long a1, long a2)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a7 __asm__("a7") = number;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
    return r_a0;
}

long hostcall5(long number, long a0, long a1, long a2, long a3, long a4)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a3 __asm__("a3") = a3;
    register long r_a4 __asm__("a4") = a4;
    register long r_a7 __asm__("a7") = number;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a7) : "memory");
    return r_a0;
}

long cvm_capfile_advertise(const char *key, void *buf, size_t len, unsigned flags)
{
    return hostcall5(HC_CAPFILE_ADVERTISE, (long)key, (long)cvm_strlen(key), (long)buf, (long)len, (long)flags);
}

long cvm_capfile_probe(const char *key, cvm_cap_t *out)
{
    register long r_a0 __asm__("a0") = (long)key;
    register long r_a1 __asm__("a1") = (long)cvm_strlen(key);
    register long r_a7 __asm__("a7") = HC_CAPFILE_PROBE;
    uint64_t tag;
    /* ca0 is stored whole before the compiler can touch it (integer-mode SC, via DDC). */
    __asm__ volatile("ecall\n" CHERI_ASM(CGETTAG(%[t], a0)) CHERI_ASM(SC(a0, 0, %[o]))
                     : "+r"(r_a0), [t] "=&r"(tag)
                     : "r"(r_a1), "r"(r_a7), [o] "r"(out)
                     : "memory");
    return tag ? 0 : r_a0;
}

long cvm_capfile_revoke(const char *key)
{
    return hostcall(HC_CAPFILE_REVOKE, (long)key, (long)cvm_strlen(key), 0);
}

void cvm_cap_read(const cvm_cap_t *c, size_t off, void *dst, size_t n)
{
    uint64_t cap, t;
    unsigned char *d = dst;
    if (n == 0)
        return;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[slot]))
                     CHERI_ASM(CINCOFFSET(%[c], %[c], %[off]))
                     "1:\n" CHERI_ASM(LBU_CAP(%[t], %[c]))
                     "sb %[t], 0(%[d])\n"
                     CHERI_ASM(CINCOFFSETIMM(%[c], %[c], 1))
                     "addi %[d], %[d], 1\n"
                     "addi %[n], %[n], -1\n"
                     "bnez %[n], 1b\n"
                     : [c] "=&r"(cap), [t] "=&r"(t), [d] "+r"(d), [n] "+r"(n)
                     : [slot] "r"(c), [off] "r"(off)
                     : "memory");
}

void cvm_cap_write(const cvm_cap_t *c, size_t off, const void *src, size_t n)
{
    uint64_t cap, t;
    const unsigned char *s = src;
    if (n == 0)
        return;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[slot]))
                     CHERI_ASM(CINCOFFSET(%[c], %[c], %[off]))
                     "1:\n"
                     "lbu %[t], 0(%[s])\n"
                     CHERI_ASM(SB_CAP(%[t], %[c]))
                     CHERI_ASM(CINCOFFSETIMM(%[c], %[c], 1))
                     "addi %[s], %[s], 1\n"
                     "addi %[n], %[n], -1\n"
                     "bnez %[n], 1b\n"
                     : [c] "=&r"(cap), [t] "=&r"(t), [s] "+r"(s), [n] "+r"(n)
                     : [slot] "r"(c), [off] "r"(off)
                     : "memory");
}

#define CAP_GETTER(name, insn)                                                        \
    uint64_t name(const cvm_cap_t *c)                                                 \
    {                                                                                 \
        uint64_t cap, v;                                                              \
        __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[slot])) CHERI_ASM(insn(%[v], %[c])) \
                         : [c] "=&r"(cap), [v] "=r"(v)                                \
                         : [slot] "r"(c)                                              \
                         : "memory");                                                 \
        return v;                                                                     \
    }
CAP_GETTER(cvm_cap_tag, CGETTAG)
CAP_GETTER(cvm_cap_base, CGETBASE)
CAP_GETTER(cvm_cap_length, CGETLEN)
CAP_GETTER(cvm_cap_perms, CGETPERM)

/* Replaced by lib/stdio.c in programs that use picolibc's stdio. */
__attribute__((weak)) void cvm_flush_stdio(void)
{
}

void cvm_exit(int status)
{
    cvm_flush_stdio();
    hostcall(HC_EXIT, status, 0, 0);
    for (;;)
        ;
}

/* The whole buffer, in as many HC_WRITE calls as it takes (the monitor writes at most 1 KiB
 * a call); the bytes written, or the first error when nothing was. */
long cvm_write(const void *buf, size_t len)
{
    const char *p = buf;
    size_t done = 0;
    do {
        long n = hostcall(HC_WRITE, (long)(p + done), (long)(len - done), 0);
        if (n <= 0)
            return done ? (long)done : n;
        done += (size_t)n;
    } while (done < len);
    return (long)done;
}

uint64_t cvm_time_ns(void)
{
    return (uint64_t)hostcall(HC_TIME, 0, 0, 0);
}

size_t cvm_strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

void cvm_puts(const char *s)
{
    cvm_write(s, cvm_strlen(s));
}

void cvm_put_dec(int64_t v)
{
    char buf[24];
    int n = sizeof(buf);
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    do {
        buf[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[--n] = '-';
    cvm_write(buf + n, sizeof(buf) - n);
}

void cvm_put_hex(uint64_t v)
{
    char buf[18];
    int n = sizeof(buf);
    do {
        buf[--n] = "0123456789abcdef"[v & 0xf];
        v >>= 4;
    } while (v);
    buf[--n] = 'x';
    buf[--n] = '0';
    cvm_write(buf + n, sizeof(buf) - n);
}

uint64_t cvm_parse_hex(const char *s)
{
    uint64_t v = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2;
    for (;; s++) {
        char c = *s;
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return v;
        v = v << 4 | (uint64_t)d;
    }
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

/* Called by crt0 with the monitor's a0/a1: split the argument string in place. */
__attribute__((noreturn)) void cvm_start(char *args, uint64_t len);
void cvm_start(char *args, uint64_t len)
{
    char *argv[MAX_ARGS + 1];
    int argc = 0;
    for (uint64_t i = 0; i < len && argc < MAX_ARGS;) {
        while (i < len && args[i] == ' ')
            args[i++] = 0;
        if (i == len)
            break;
        argv[argc++] = &args[i];
        while (i < len && args[i] != ' ')
            i++;
    }
    for (uint64_t i = 0; i < len; i++)
        if (args[i] == ' ')
            args[i] = 0;
    argv[argc] = 0;
    cvm_exit(main(argc, argv));
}
