/*
 * doors.c - the two hostcall doors side by side. argv[0]:
 *   same       the same hostcalls through ecall and through the sealed CInvoke pair (time,
 *              a console write, an unknown number, a buffer outside the region); prints
 *              both answers and "the doors agree" when they match
 *   bench N    N null hostcalls (HC_TIME) through each door, between BENCH_ECALL_NULL and
 *              BENCH_CINVOKE_NULL markers
 *   forged     CInvoke with the door's code and a data capability of its own making
 *              (unsealed): the hardware refuses it (seal violation) and the cVM is stopped
 *   swapped    CInvoke with the door's code as both operands: refused (cs2 may not
 *              execute), the cVM is stopped
 */
#include "bench.h"
#include "capcall.h"
#include "cheri.h"

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static int differ;

static void both(const char *what, long by_ecall, long by_door)
{
    cvm_puts(what);
    cvm_puts(": ecall ");
    cvm_put_dec(by_ecall);
    cvm_puts(", door ");
    cvm_put_dec(by_door);
    cvm_puts("\n");
    differ |= by_ecall != by_door;
}

static void same(void)
{
    long t1 = hostcall(HC_TIME, 0, 0, 0);
    long t2 = hc_invoke(HC_TIME, 0, 0, 0);
    long t3 = hostcall(HC_TIME, 0, 0, 0);
    cvm_puts("time goes on through both: ");
    cvm_puts(t1 > 0 && t1 <= t2 && t2 <= t3 ? "yes\n" : "no\n");
    differ |= !(t1 > 0 && t1 <= t2 && t2 <= t3);
    static const char m1[] = "written through ecall\n", m2[] = "written through the door\n";
    long w1 = hostcall(HC_WRITE, (long)m1, sizeof(m1) - 1, 0);
    long w2 = hc_invoke(HC_WRITE, (long)m2, sizeof(m2) - 1, 0);
    both("write lengths less the message", w1 - (long)sizeof(m1), w2 - (long)sizeof(m2));
    both("an unknown hostcall", hostcall(999, 0, 0, 0), hc_invoke(999, 0, 0, 0));
    both("a write from outside the region", hostcall(HC_WRITE, 0x80000000, 4, 0), hc_invoke(HC_WRITE, 0x80000000, 4, 0));
    both("a stream that is not mine", hostcall(HC_STREAM_ACK, 3, 0, 0), hc_invoke(HC_STREAM_ACK, 3, 0, 0));
    cvm_puts(differ ? "the doors differ\n" : "the doors agree\n");
}

static void bench(long n)
{
    for (long i = 0; i < n; i++) {
        BENCH_MARK(BENCH_ECALL_NULL);
        hostcall(HC_TIME, 0, 0, 0);
        BENCH_MARK(BENCH_ECALL_NULL + 1);
    }
    hc_invoke(HC_TIME, 0, 0, 0);                    /* the door pair is fetched outside the regions */
    for (long i = 0; i < n; i++) {
        BENCH_MARK(BENCH_CINVOKE_NULL);
        hc_invoke(HC_TIME, 0, 0, 0);
        BENCH_MARK(BENCH_CINVOKE_NULL + 1);
    }
    cvm_puts("bench: ");
    cvm_put_dec(n);
    cvm_puts(" null hostcalls through each door\n");
}

static cvm_cap_t pair[2];

int main(int argc, char **argv)
{
    const char *mode = argc >= 1 ? argv[0] : "same";
    if (streq(mode, "same")) {
        same();
        return differ;
    }
    if (streq(mode, "bench") && argc >= 2) {
        bench((long)cvm_parse_hex(argv[1]));
        return 0;
    }
    if (streq(mode, "forged")) {
        cvm_door_pair(pair);
        cvm_puts("invoking the door with a data capability of my own\n");
        __asm__ volatile(CHERI_ASM(LC(t1, 0, %[p])) CHERI_ASM(CGETDDC(t2)) CHERI_ASM(CINVOKE(t1, t2))
                         :
                         : [p] "r"(pair)
                         : "t1", "t2", "t6", "memory");
        cvm_puts("came back\n");
        return 0;
    }
    if (streq(mode, "swapped")) {
        cvm_door_pair(pair);
        cvm_puts("invoking the door with its code as the data\n");
        __asm__ volatile(CHERI_ASM(LC(t1, 0, %[p])) CHERI_ASM(CINVOKE(t1, t1))
                         :
                         : [p] "r"(pair)
                         : "t1", "t6", "memory");
        cvm_puts("came back\n");
        return 0;
    }
    cvm_puts("usage: same | bench N (hex) | forged | swapped\n");
    return 2;
}
