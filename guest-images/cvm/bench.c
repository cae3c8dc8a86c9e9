/*
 * bench.c - the cVM side of `capvm bench paper` (src/bench/): each mode repeats one
 * operation between region markers (include/bench.h), so that the host counts exactly the
 * cycles and instructions of that operation. argv (numbers decimal):
 *   cross N     N plain function calls, then N null hostcalls through ecall
 * It prints "bench: MODE done" and exits 0, or says what went wrong and exits 1.
 */
#include "bench.h"
#include "cvm.h"

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static long parse_dec(const char *s)
{
    long v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return v;
}

/* The callee of the plain-call baseline: kept out of line, and opaque to the optimiser. */
__attribute__((noinline)) static long null_function(long x)
{
    __asm__ volatile("" : "+r"(x));
    return x;
}

static int cross(long n)
{
    long sum = 0;
    for (long i = 0; i < n; i++) {
        BENCH_MARK(BENCH_FUNC_CALL);
        sum += null_function(i);
        BENCH_MARK(BENCH_FUNC_CALL + 1);
    }
    if (sum != n * (n - 1) / 2) {
        cvm_puts("bench: the null function returned wrong values\n");
        return 1;
    }
    for (long i = 0; i < n; i++) {
        BENCH_MARK(BENCH_ECALL_NULL);
        long r = hostcall(HC_TIME, 0, 0, 0);
        BENCH_MARK(BENCH_ECALL_NULL + 1);
        if (r < 0) {
            cvm_puts("bench: the null hostcall failed\n");
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && streq(argv[0], "cross")) {
        if (cross(parse_dec(argv[1])))
            return 1;
        cvm_puts("bench: cross done\n");
        return 0;
    }
    cvm_puts("bench: unknown mode (try: cross N)\n");
    return 1;
}
