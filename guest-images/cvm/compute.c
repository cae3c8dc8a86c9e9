/*
 * compute.c (cVM) - what the compute workload (../compute/compute.c) takes from the bare
 * runtime, served by the cVM runtime: console output through the write hostcall. The cVM
 * images compute.elf and compute-small.elf link this with the very objects of the bare
 * bench builds (compute/compute-marked.elf, compute-small-marked.elf), so the kernel's code,
 * its markers included, is the same instruction for instruction in both; its `int
 * main(void)` is called by the cVM runtime as main(argc, argv), whose arguments it ignores.
 */
#include "cvm.h"

void uart_puts(const char *s);
void put_hexn(uint64_t v, int digits);
void put_dec(uint64_t v);

void uart_puts(const char *s)
{
    cvm_puts(s);
}

void put_hexn(uint64_t v, int digits)
{
    char buf[16];
    if (digits < 1 || digits > 16)
        digits = 16;
    for (int i = digits - 1; i >= 0; i--, v >>= 4)
        buf[i] = "0123456789abcdef"[v & 0xf];
    cvm_write(buf, (size_t)digits);
}

void put_dec(uint64_t v)
{
    cvm_put_dec((int64_t)v);
}
