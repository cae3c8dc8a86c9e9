/*
 * capstream.c - messages between two cVMs through CAP_Stream (one copy: the reader copies
 * from a capability to the writer's buffer) or through the copying pipe (the baseline: the
 * monitor copies in, then out). argv: ROLE MODE COUNT SIZE (COUNT and SIZE in hex):
 *   MODE   stream | pipe
 *   ROLE   left   writes COUNT messages of SIZE bytes on "l2r" and reads each reply on "r2l",
 *                 checking that every byte came back plus one (examples/capstream.toml)
 *          right  reads "l2r" until its end, adds one to every byte, writes it back on "r2l"
 *          send   writes COUNT messages of SIZE bytes on "data"; BENCH_TRANSFER begins
 *                 before the first, once the reader has said on "ready" that it runs (so its
 *                 start-up is not measured)
 *          recv   reads "data" until its end, checking each message
 *          sink   reads "data" like recv, but checks only the last message, after
 *                 BENCH_TRANSFER has ended (after the COUNT-th message): the region covers
 *                 COUNT messages moved, and nothing else
 *          wait   reads "l2r" (a writer that never comes: with two of them, a deadlock)
 *          quit   opens the reading end of "data" and exits
 *          tell   writes one message of SIZE bytes on "data" and prints the answer (with
 *                 quit before it: HC_EPIPE, the reader is gone)
 *          scribble  reads one message on "data" and stores through the grant: it is
 *                 read-only, so the store is stopped
 *          keep   reads one message on "data", makes the grant its DDC, acknowledges, and
 *                 loads the message again through DDC: the acknowledgement cleared the
 *                 grant everywhere in this cVM, DDC included, so the load is stopped
 */
#include "bench.h"
#include "capcall.h"
#include "cheri.h"

#define MAX_SIZE 0x10000
static uint8_t out[MAX_SIZE] __attribute__((aligned(16)));
static uint8_t in[MAX_SIZE] __attribute__((aligned(16)));

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static int pipe_mode;

static long put(long s, const void *buf, size_t len)
{
    return pipe_mode ? cvm_pipe_write(s, buf, len) : cvm_stream_write(s, buf, len);
}

static long get(long s, void *buf, size_t room)
{
    return pipe_mode ? cvm_pipe_read(s, buf, room) : cvm_stream_read(s, buf, room);
}

static void fill(uint8_t *b, size_t n, long seed)
{
    for (size_t i = 0; i < n; i++)
        b[i] = (uint8_t)(seed * 7 + i * 13);
}

static long open_or_say(const char *key, int end)
{
    long s = cvm_stream_open(key, end);
    if (s < 0) {
        cvm_puts("open ");
        cvm_puts(key);
        cvm_puts(" failed: ");
        cvm_put_dec(s);
        cvm_puts("\n");
    }
    return s;
}

static void report(const char *what, long n, long size, long bad)
{
    cvm_puts(what);
    cvm_put_dec(n);
    cvm_puts(" messages of ");
    cvm_put_dec(size);
    cvm_puts(" bytes, ");
    cvm_put_dec(bad);
    cvm_puts(" bad\n");
}

int main(int argc, char **argv)
{
    if (argc < 4 || !(streq(argv[1], "stream") || streq(argv[1], "pipe"))) {
        cvm_puts("usage: left|right|send|recv|sink|wait stream|pipe COUNT SIZE\n");
        return 2;
    }
    const char *role = argv[0];
    pipe_mode = streq(argv[1], "pipe");
    long count = (long)cvm_parse_hex(argv[2]), size = (long)cvm_parse_hex(argv[3]), bad = 0;
    if (size <= 0 || size > MAX_SIZE)
        return 2;
    if (streq(role, "left")) {
        long tx = open_or_say("l2r", STREAM_WRITER), rx = open_or_say("r2l", STREAM_READER);
        if (tx < 0 || rx < 0)
            return 1;
        for (long i = 0; i < count; i++) {
            fill(out, (size_t)size, i);
            long w = put(tx, out, (size_t)size);
            long r = get(rx, in, MAX_SIZE);
            int ok = w == size && r == size;
            for (long j = 0; ok && j < size; j++)
                ok = in[j] == (uint8_t)(out[j] + 1);
            bad += !ok;
        }
        report("left: sent and got back ", count, size, bad);
        return bad != 0;
    }
    if (streq(role, "right")) {
        long rx = open_or_say("l2r", STREAM_READER), tx = open_or_say("r2l", STREAM_WRITER);
        if (tx < 0 || rx < 0)
            return 1;
        long n = 0, r;
        while ((r = get(rx, in, MAX_SIZE)) > 0) {
            for (long j = 0; j < r; j++)
                in[j] = (uint8_t)(in[j] + 1);
            bad += put(tx, in, (size_t)r) != r;
            n++;
        }
        report("right: echoed ", n, size, bad + (r < 0));
        return bad != 0 || r < 0;
    }
    if (streq(role, "send")) {
        long tx = open_or_say("data", STREAM_WRITER), ready = open_or_say("ready", STREAM_READER);
        if (tx < 0 || ready < 0)
            return 1;
        fill(out, (size_t)size, 1);
        if (get(ready, in, 1) != 1)
            return 1;
        BENCH_MARK(BENCH_TRANSFER);
        for (long i = 0; i < count; i++)
            bad += put(tx, out, (size_t)size) != size;
        report("send: wrote ", count, size, bad);
        return bad != 0;
    }
    if (streq(role, "recv") || streq(role, "sink")) {
        int every = streq(role, "recv");
        long rx = open_or_say("data", STREAM_READER), ready = open_or_say("ready", STREAM_WRITER);
        if (rx < 0 || ready < 0)
            return 1;
        fill(out, (size_t)size, 1);
        if (put(ready, out, 1) != 1)
            return 1;
        long n = 0, r;
        while ((r = get(rx, in, MAX_SIZE)) > 0) {
            int last = ++n == count;
            if (last)
                BENCH_MARK(BENCH_TRANSFER + 1);
            int ok = r == size;
            for (long j = 0; ok && (every || last) && j < size; j++)
                ok = in[j] == out[j];
            bad += !ok;
        }
        report("recv: read ", n, size, bad + (r < 0) + (n != count));
        return bad != 0 || r < 0 || n != count;
    }
    if (streq(role, "quit"))
        return open_or_say("data", STREAM_READER) < 0;
    if (streq(role, "tell")) {
        long tx = open_or_say("data", STREAM_WRITER);
        if (tx < 0)
            return 1;
        long r = put(tx, out, (size_t)size);
        cvm_puts("write answered ");
        cvm_put_dec(r);
        cvm_puts("\n");
        return 0;
    }
    if (streq(role, "scribble")) {
        long rx = open_or_say("data", STREAM_READER), ready = open_or_say("ready", STREAM_WRITER);
        if (rx < 0 || ready < 0 || put(ready, out, 1) != 1)
            return 1;
        cvm_puts("writing into the writer's message through the capability\n");
        register long a0 __asm__("a0") = rx;
        register long a7 __asm__("a7") = HC_STREAM_READ;
        __asm__ volatile("ecall\n" CHERI_ASM(SB_CAP(zero, a1)) : "+r"(a0) : "r"(a7) : "a1", "memory");
        cvm_puts("wrote into the writer's message\n");
        return 1;
    }
    if (streq(role, "keep")) {
        long rx = open_or_say("data", STREAM_READER), ready = open_or_say("ready", STREAM_WRITER);
        if (rx < 0 || ready < 0 || put(ready, out, 1) != 1)
            return 1;
        cvm_puts("reading a message, keeping its capability as my DDC, acknowledging\n");
        register long a0 __asm__("a0") = rx;
        register long a7 __asm__("a7") = HC_STREAM_READ;
        long word;
        /* t3 keeps the DDC (Global: the acknowledgement leaves it) to come back to. */
        __asm__ volatile("ecall\n" CHERI_ASM(CGETDDC(t3)) CHERI_ASM(CGETADDR(t4, a1)) CHERI_ASM(CSETDDC(a1))
                         "mv a0, %[s]\n"
                         "li a7, %[ack]\n"
                         "ecall\n"
                         "ld %[w], 0(t4)\n" CHERI_ASM(CSETDDC(t3))
                         : "+r"(a0), "+r"(a7), [w] "=&r"(word)
                         : [s] "r"(rx), [ack] "i"(HC_STREAM_ACK)
                         : "a1", "t3", "t4", "memory");
        cvm_puts("still reading the writer's message after the acknowledgement: ");
        cvm_put_hex((uint64_t)word);
        cvm_puts("\n");
        return 1;
    }
    if (streq(role, "wait")) {
        long rx = open_or_say(argc >= 5 ? argv[4] : "l2r", STREAM_READER);
        cvm_puts("waiting for a message\n");
        long r = get(rx, in, MAX_SIZE);
        cvm_puts("got ");
        cvm_put_dec(r);
        cvm_puts("\n");
        return 0;
    }
    cvm_puts("unknown role\n");
    return 2;
}
