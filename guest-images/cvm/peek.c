/*
 * peek.c - a cVM that reaches outside its region, to show what stops it. argv:
 *   read ADDR          load 8 bytes at ADDR (an integer pointer: the access goes through DDC)
 *   write ADDR LEN     ask the monitor to print LEN bytes at ADDR (the monitor checks the
 *                      buffer against this cVM's DDC and answers HC_EFAULT)
 *   jump ADDR          jump to ADDR (checked against PCC at the jump)
 *   csr                read mscratch (an M-mode CSR: illegal from U)
 *   mtcc               read MTCC with CSpecialRW (an M-mode SCR: illegal from U)
 *   storecap           store its DDC into its own memory (allowed: only it can load it back)
 *   spin               loop forever without a hostcall (the timer takes the hart back)
 *   hc NUM A0 A1       make hostcall NUM with arguments A0, A1 and print the answer
 *   nullddc            print a buffer of its own, then ask for the same with its DDC set to
 *                      NULL for the hostcall: the monitor acts with the cVM's current
 *                      authority, so the second answer is HC_EFAULT
 * Numbers are hexadecimal.
 * It prints what it is about to do, then the outcome if it survives, and exits 0.
 */
#include "cheri.h"
#include "cvm.h"

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && streq(argv[0], "read")) {
        volatile uint64_t *p = (volatile uint64_t *)cvm_parse_hex(argv[1]);
        cvm_puts("reading ");
        cvm_put_hex((uint64_t)p);
        cvm_puts("\n");
        uint64_t v = *p;
        cvm_puts("read ");
        cvm_put_hex(v);
        cvm_puts("\n");
        return 0;
    }
    if (argc >= 3 && streq(argv[0], "write")) {
        uint64_t addr = cvm_parse_hex(argv[1]), len = cvm_parse_hex(argv[2]);
        cvm_puts("asking the monitor to print ");
        cvm_put_hex(len);
        cvm_puts(" bytes at ");
        cvm_put_hex(addr);
        cvm_puts("\n");
        long r = cvm_write((const void *)addr, len);
        cvm_puts("\nthe monitor answered ");
        cvm_put_dec(r);
        cvm_puts("\n");
        return 0;
    }
    if (argc >= 2 && streq(argv[0], "jump")) {
        uint64_t target = cvm_parse_hex(argv[1]);
        cvm_puts("jumping to ");
        cvm_put_hex(target);
        cvm_puts("\n");
        ((void (*)(void))target)();
        cvm_puts("came back\n");
        return 0;
    }
    if (argc >= 1 && streq(argv[0], "csr")) {
        uint64_t v;
        cvm_puts("reading mscratch\n");
        __asm__ volatile("csrr %0, mscratch" : "=r"(v));
        cvm_puts("mscratch = ");
        cvm_put_hex(v);
        cvm_puts("\n");
        return 0;
    }
    if (argc >= 1 && streq(argv[0], "mtcc")) {
        uint64_t v;
        cvm_puts("reading MTCC\n");
        __asm__ volatile(CHERI_ASM(CSPECIALR(%0, x28)) CHERI_ASM(CGETBASE(%0, %0)) : "=r"(v));
        cvm_puts("MTCC base = ");
        cvm_put_hex(v);
        cvm_puts("\n");
        return 0;
    }
    if (argc >= 1 && streq(argv[0], "storecap")) {
        static uint64_t slot[2] __attribute__((aligned(16)));
        uint64_t c;
        cvm_puts("storing my DDC into my memory\n");
        __asm__ volatile(CHERI_ASM(CGETDDC(%0)) CHERI_ASM(SC(%0, 0, %1)) : "=&r"(c) : "r"(slot) : "memory");
        cvm_puts("stored\n");
        return 0;
    }
    if (argc >= 1 && streq(argv[0], "spin")) {
        cvm_puts("spinning\n");
        for (;;)
            __asm__ volatile("");
    }
    if (argc >= 4 && streq(argv[0], "hc")) {
        long n = (long)cvm_parse_hex(argv[1]);
        long r = hostcall(n, (long)cvm_parse_hex(argv[2]), (long)cvm_parse_hex(argv[3]), 0);
        cvm_puts("hostcall ");
        cvm_put_hex((uint64_t)n);
        cvm_puts(" answered ");
        cvm_put_dec(r);
        cvm_puts("\n");
        return 0;
    }
    if (argc >= 1 && streq(argv[0], "nullddc")) {
        static const char msg[] = "mine\n";
        long r = cvm_write(msg, 5);
        register long a0 __asm__("a0") = (long)msg;
        register long a1 __asm__("a1") = 5;
        register long a7 __asm__("a7") = HC_WRITE;
        uint64_t saved;
        __asm__ volatile(CHERI_ASM(CGETDDC(%[s]))
                         CHERI_ASM(CMOVE(t0, x0))
                         CHERI_ASM(CSETDDC(t0))
                         "ecall\n"
                         CHERI_ASM(CSETDDC(%[s]))
                         : [s] "=&r"(saved), "+r"(a0)
                         : "r"(a1), "r"(a7)
                         : "t0", "memory");
        long with_null = a0;                 /* before a call can reuse a0 */
        cvm_puts("with my DDC: ");
        cvm_put_dec(r);
        cvm_puts(", with a NULL DDC: ");
        cvm_put_dec(with_null);
        cvm_puts("\n");
        return 0;
    }
    cvm_puts("usage: read ADDR | write ADDR LEN | jump ADDR | csr | mtcc | storecap | spin | hc NUM A0 A1 | nullddc\n");
    return 2;
}
