/*
 * bench.c - the cVM side of `capvm bench paper` (src/bench/): each mode repeats one
 * operation between region markers (include/bench.h), so that the host counts exactly the
 * cycles and instructions of that operation. argv (numbers decimal):
 *   cross N [call]   N plain function calls, N null hostcalls (HC_TIME) through ecall, N
 *               through the sealed CInvoke door; with "call", N CAP_Call round trips to the
 *               entry "null" of another cVM
 *   callee      advertise the entry "null" (returns its first argument) and serve its callers
 *   send METHOD SIZE:COUNT...   the sender of the sharing scenario: COUNT messages of SIZE
 *   recv METHOD SIZE:COUNT...   bytes each, for every pair, to the receiver, by METHOD:
 *       pipe     the monitor's copying pipe (HC_PIPE_WRITE/READ: two copies, both by the monitor)
 *       stream   CAP_Stream (the reader copies through a read-only grant of the writer's buffer)
 *       capfile  CAP_File (the reader reads the sender's advertised buffer in place; an 8-byte
 *                CAP_Stream message says that a message is ready, and its acknowledgement that
 *                the buffer may be reused)
 *     A region (BENCH_TRANSFER) starts in the sender before the first message of a size and
 *     ends in the receiver when it has read every byte of the last one and checked it (the
 *     sum of its words: message index + a pattern of the size). The receiver then writes a
 *     token through a second channel (a pipe) that the sender waits for before the next size;
 *     a first token says the receiver is set up, so no region includes its start.
 * It prints "bench: MODE done" and exits 0, or says what went wrong and exits 1; a mode whose
 * hostcalls the monitor does not have prints "bench: unavailable: HC_NAME" and exits 0.
 */
#include "bench.h"
#include "capcall.h"
#include "cheri.h"
#include "cvm.h"
#include "say.h"

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

static uint64_t callee_stack[512] __attribute__((aligned(16)));

static long null_entry(long arg0, long arg1, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)arg1, (void)buf, (void)len, (void)caller;
    return arg0;
}

static int callee(void)
{
    long r = cvm_call_advertise("null", null_entry, callee_stack, sizeof callee_stack);
    if (r == HC_ENOSYS) {
        cvm_puts("bench: unavailable: HC_CALL_ADVERTISE\n");
        return 0;
    }
    if (r < 0 || (r = cvm_serve()) < 0) {
        cvm_puts("bench: the callee failed: ");
        cvm_put_dec(r);
        cvm_puts("\n");
        return 1;
    }
    return 0;
}

static int cross_door(long n)
{
    long r = hostcall(HC_DOOR, 0, 0, 0);        /* whether the monitor has the door at all */
    if (r == HC_ENOSYS) {
        cvm_puts("bench: unavailable: HC_DOOR\n");
        return 0;
    }
    r = hc_invoke(HC_TIME, 0, 0, 0);             /* the first use fetches the door pair */
    for (long i = 0; i < n && r >= 0; i++) {
        BENCH_MARK(BENCH_CINVOKE_NULL);
        r = hc_invoke(HC_TIME, 0, 0, 0);
        BENCH_MARK(BENCH_CINVOKE_NULL + 1);
    }
    if (r < 0) {
        cvm_puts("bench: the null hostcall through the door failed\n");
        return 1;
    }
    return 0;
}

static int cross_call(long n)
{
    cvm_cap_t h;
    long r, v = 0;
    while ((r = cvm_call_probe("null", &h)) == HC_ENOENT)
        ;
    if (r == HC_ENOSYS) {
        cvm_puts("bench: unavailable: HC_CALL_PROBE\n");
        return 0;
    }
    for (long i = 0; i < n && r == 0; i++) {
        BENCH_MARK(BENCH_CAP_CALL);
        r = cvm_call(&h, i, 0, 0, 0, 0, &v);
        BENCH_MARK(BENCH_CAP_CALL + 1);
        if (r == 0 && v != i)
            r = HC_EINVAL;
    }
    if (r != 0) {
        cvm_puts("bench: the CAP_Call failed: ");
        cvm_put_dec(r);
        cvm_puts("\n");
        return 1;
    }
    return 0;
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

/* ---- sharing ---- */

#define MAX_MSG (1u << 20)
#define MAX_SIZES 16

/* Aligned so that the whole buffer is exactly representable as a capability (CAP_File). */
static uint64_t msg[MAX_MSG / 8] __attribute__((aligned(4096))); /* the sender's message; the receiver's copy */
static cvm_cap_t file_cap;              /* the receiver's capability to the sender's buffer */

static struct {
    long size, count;
    uint64_t rest;                      /* the sum of words 1.. of a message of this size */
} sizes[MAX_SIZES];
static int nsizes;

static uint64_t pattern(long i, long size)
{
    return (uint64_t)i * 0x9e3779b97f4a7c15ull ^ (uint64_t)size;
}

static int parse_sizes(int argc, char **argv)
{
    nsizes = 0;
    for (int i = 2; i < argc && nsizes < MAX_SIZES; i++) {
        const char *p = argv[i];
        long size = parse_dec(p), count;
        while (*p && *p != ':')
            p++;
        if (*p != ':' || size < 16 || size > (long)MAX_MSG || size % 8 || (count = parse_dec(p + 1)) < 1) {
            cvm_puts("bench: bad SIZE:COUNT (SIZE a multiple of 8, 16..1048576)\n");
            return 1;
        }
        uint64_t rest = 0;
        for (long w = 1; w < size / 8; w++)
            rest += pattern(w, size);
        sizes[nsizes].size = size;
        sizes[nsizes].count = count;
        sizes[nsizes].rest = rest;
        nsizes++;
    }
    return nsizes == 0;
}

static int failed(const char *what, long r)
{
    if (r == HC_ENOSYS) {
        say("bench: unavailable: ", what, "", 0, 0, "\n");
        return 2;
    }
    say("bench: ", what, " failed: ", 1, r, "\n");
    return 1;
}

static long open_end(const char *key, long end)
{
    return hostcall(HC_STREAM_OPEN, (long)key, (long)cvm_strlen(key), end);
}

static uint64_t sum_words(const uint64_t *p, long bytes)
{
    uint64_t s = 0;
    for (long i = 0; i < bytes / 8; i++)
        s += p[i];
    return s;
}

/*
 * HC_STREAM_READ, then, if a message of at most `room` bytes came, copy it from the grant in
 * ca1 into dst, word by word, in the same asm statement: the grant is a local capability,
 * which this cVM cannot store, and the compiler would move it as an integer. The length, 0 at
 * the end of the stream, or -errno. Messages are multiples of 8 bytes.
 */
static long stream_read_copy(long stream, uint64_t *dst, long room)
{
    register long r_a0 __asm__("a0") = stream;
    register long r_a7 __asm__("a7") = HC_STREAM_READ;
    uint64_t t, n;
    __asm__ volatile("ecall\n"
                     "blez a0, 2f\n"
                     "bgt a0, %[room], 2f\n"
                     "mv %[n], a0\n"
                     "1:\n" CHERI_ASM(LD_CAP(%[t], a1))
                     "sd %[t], 0(%[d])\n"
                     CHERI_ASM(CINCOFFSETIMM(a1, a1, 8))
                     "addi %[d], %[d], 8\n"
                     "addi %[n], %[n], -8\n"
                     "bgtz %[n], 1b\n"
                     "2:\n"
                     : "+r"(r_a0), [t] "=&r"(t), [n] "=&r"(n), [d] "+r"(dst)
                     : "r"(r_a7), [room] "r"(room)
                     : "a1", "memory");
    return r_a0;
}

/* HC_STREAM_READ of an 8-byte message: its word, read through the grant in ca1. */
static long stream_read_word(long stream, uint64_t *word)
{
    register long r_a0 __asm__("a0") = stream;
    register long r_a7 __asm__("a7") = HC_STREAM_READ;
    uint64_t t = 0;
    __asm__ volatile("ecall\n"
                     "li %[t], 8\n"
                     "bne a0, %[t], 1f\n"
                     CHERI_ASM(LD_CAP(%[t], a1))
                     "1:\n"
                     : "+r"(r_a0), [t] "=&r"(t)
                     : "r"(r_a7)
                     : "a1", "memory");
    *word = t;
    return r_a0;
}

/* The sum of the first `bytes` bytes of the buffer `slot` holds, read in place through it. */
static uint64_t cap_sum_words(const cvm_cap_t *slot, long bytes)
{
    uint64_t c, t, sum = 0;
    long n = bytes;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[slot]))
                     "1:\n" CHERI_ASM(LD_CAP(%[t], %[c]))
                     "add %[s], %[s], %[t]\n"
                     CHERI_ASM(CINCOFFSETIMM(%[c], %[c], 8))
                     "addi %[n], %[n], -8\n"
                     "bgtz %[n], 1b\n"
                     : [c] "=&r"(c), [t] "=&r"(t), [s] "+r"(sum), [n] "+r"(n)
                     : [slot] "r"(slot)
                     : "memory");
    return sum;
}

enum method { PIPE, STREAM, CAPFILE };

static int method_of(const char *name, enum method *m)
{
    if (streq(name, "pipe"))
        *m = PIPE;
    else if (streq(name, "stream"))
        *m = STREAM;
    else if (streq(name, "capfile"))
        *m = CAPFILE;
    else
        return 1;
    return 0;
}

static int send(enum method m)
{
    long data = open_end("bench-data", STREAM_WRITER);
    if (data < 0)
        return failed("HC_STREAM_OPEN", data);
    long done = open_end("bench-done", STREAM_READER);
    if (done < 0)
        return failed("HC_STREAM_OPEN", done);
    if (m == CAPFILE) {
        long r = cvm_capfile_advertise("bench-file", msg, sizeof msg, CAPFILE_READ);
        if (r < 0)
            return failed("HC_CAPFILE_ADVERTISE", r);
    }
    /* The receiver's token 0: it is set up and waits for the first message. */
    uint64_t ready;
    long r0 = hostcall(HC_PIPE_READ, done, (long)&ready, 8);
    if (r0 != 8 || ready != 0)
        return failed("HC_PIPE_READ (the receiver's first token)", r0);
    for (int k = 0; k < nsizes; k++) {
        long size = sizes[k].size;
        for (long w = 1; w < size / 8; w++)
            msg[w] = pattern(w, size);
        BENCH_MARK(BENCH_TRANSFER);
        for (long j = 0; j < sizes[k].count; j++) {
            msg[0] = (uint64_t)j;
            long r;
            if (m == PIPE) {
                for (long off = 0; off < size; off += r) {
                    long n = size - off < PIPE_MAX ? size - off : PIPE_MAX;
                    r = hostcall(HC_PIPE_WRITE, data, (long)((char *)msg + off), n);
                    if (r != n)
                        return failed("HC_PIPE_WRITE", r);
                }
            } else if (m == STREAM) {
                r = hostcall(HC_STREAM_WRITE, data, (long)msg, size);
                if (r != size)
                    return failed("HC_STREAM_WRITE", r);
            } else {
                uint64_t desc = (uint64_t)size;
                r = hostcall(HC_STREAM_WRITE, data, (long)&desc, 8);
                if (r != 8)
                    return failed("HC_STREAM_WRITE", r);
            }
        }
        uint64_t token;
        long r = hostcall(HC_PIPE_READ, done, (long)&token, 8);
        if (r != 8 || token != (uint64_t)size)
            return failed("HC_PIPE_READ (the receiver's token)", r);
    }
    return 0;
}

static int recv(enum method m)
{
    long data = open_end("bench-data", STREAM_READER);
    if (data < 0)
        return failed("HC_STREAM_OPEN", data);
    long done = open_end("bench-done", STREAM_WRITER);
    if (done < 0)
        return failed("HC_STREAM_OPEN", done);
    if (m == CAPFILE) {
        long r;
        while ((r = cvm_capfile_probe("bench-file", &file_cap)) == HC_ENOENT)
            ;
        if (r < 0)
            return failed("HC_CAPFILE_PROBE", r);
    }
    uint64_t moved = 0, ready = 0;
    long r0 = hostcall(HC_PIPE_WRITE, done, (long)&ready, 8);
    if (r0 != 8)
        return failed("HC_PIPE_WRITE (the first token)", r0);
    for (int k = 0; k < nsizes; k++) {
        long size = sizes[k].size;
        for (long j = 0; j < sizes[k].count; j++) {
            uint64_t sum;
            long r;
            if (m == PIPE) {
                for (long got = 0; got < size; got += r) {
                    r = hostcall(HC_PIPE_READ, data, (long)((char *)msg + got), size - got);
                    if (r <= 0)
                        return failed("HC_PIPE_READ", r);
                }
                sum = sum_words(msg, size);
            } else if (m == STREAM) {
                r = stream_read_copy(data, msg, size);
                if (r != size)
                    return failed("HC_STREAM_READ", r);
                r = hostcall(HC_STREAM_ACK, data, 0, 0);
                if (r < 0)
                    return failed("HC_STREAM_ACK", r);
                sum = sum_words(msg, size);
            } else {
                uint64_t desc;
                r = stream_read_word(data, &desc);
                if (r != 8 || desc != (uint64_t)size)
                    return failed("HC_STREAM_READ (the descriptor)", r);
                sum = cap_sum_words(&file_cap, size);
                r = hostcall(HC_STREAM_ACK, data, 0, 0);
                if (r < 0)
                    return failed("HC_STREAM_ACK", r);
            }
            if (sum != (uint64_t)j + sizes[k].rest) {
                cvm_puts("bench: message ");
                cvm_put_dec(j);
                cvm_puts(" of ");
                cvm_put_dec(size);
                cvm_puts(" bytes arrived wrong\n");
                return 1;
            }
            moved += (uint64_t)size;
        }
        BENCH_MARK(BENCH_TRANSFER + 1);
        uint64_t token = (uint64_t)size;
        long r = hostcall(HC_PIPE_WRITE, done, (long)&token, 8);
        if (r != 8)
            return failed("HC_PIPE_WRITE (the token)", r);
    }
    say("bench: received ", "", "", 1, (int64_t)moved, " bytes, every message checked\n");
    return 0;
}

int main(int argc, char **argv)
{
    enum method m;
    if (argc >= 3 && (streq(argv[0], "send") || streq(argv[0], "recv"))) {
        if (method_of(argv[1], &m) || parse_sizes(argc, argv)) {
            cvm_puts("bench: usage: send|recv pipe|stream|capfile SIZE:COUNT...\n");
            return 1;
        }
        int r = streq(argv[0], "send") ? send(m) : recv(m);
        if (r == 1)
            return 1;
        cvm_puts(r == 2 ? "bench: transfer unavailable\n" : "bench: transfer done\n");
        return 0;
    }
    if (argc >= 1 && streq(argv[0], "callee"))
        return callee();
    if (argc >= 2 && streq(argv[0], "cross")) {
        long n = parse_dec(argv[1]);
        if (cross(n) || cross_door(n) || (argc >= 3 && streq(argv[2], "call") && cross_call(n)))
            return 1;
        cvm_puts("bench: cross done\n");
        return 0;
    }
    cvm_puts("bench: unknown mode (try: cross N [call], callee, send|recv METHOD SIZE:COUNT...)\n");
    return 1;
}
