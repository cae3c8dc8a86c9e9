/*
 * compute.c (cVM) - the compute workload of ../compute/compute.c, unchanged, built as a cVM
 * for the isolation-overhead scenario of `capvm bench paper`: the same kernel, the same
 * flags, the same markers around its loop as the bare build compute/compute-marked.elf; only
 * the runtime differs (console output through the write hostcall instead of the UART).
 * Built twice, like the bare workload: compute.elf (SIZE_FULL) and compute-small.elf.
 */
#include "cvm.h"
#include "bench.h"

/* What compute.c takes from the bare runtime (lib/runtime.h), served by the cVM runtime. */
void uart_puts(const char *s)
{
    cvm_puts(s);
}

void put_hexn(uint64_t v, int digits)
{
    char buf[16];
    for (int i = digits - 1; i >= 0; i--, v >>= 4)
        buf[i] = "0123456789abcdef"[v & 0xf];
    cvm_write(buf, (size_t)digits);
}

void put_dec(uint64_t v)
{
    cvm_put_dec((int64_t)v);
}

#define main compute_main
#include "../compute/compute.c"
#undef main

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return compute_main();
}
