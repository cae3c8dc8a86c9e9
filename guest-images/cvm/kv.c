/*
 * kv.c - the key-value microservice pair of `capvm bench paper kv` (src/bench/kv.rs): a
 * server cVM holding values of up to 4 KiB under integer keys, and a client cVM that sets
 * and gets them. argv (numbers decimal):
 *   server call          serve requests as CAP_Calls: the entry "kv" gets the operation and
 *                        the key as arguments and the client's value buffer as a capability
 *                        (CALL_READ for SET, CALL_WRITE for GET); no copy through the monitor
 *   server file          serve requests as CAP_Calls whose values travel through a CAP_File:
 *                        the client advertises its value buffer as "kv-file" (read-write),
 *                        the server probes it at the first request and copies through that
 *                        capability; the call carries the operation, length and key only
 *   server pipe          serve requests through the monitor's copying pipe: a request
 *                        (header, then the value for SET) on "kv-req", the answer (header,
 *                        then the value for GET) on "kv-resp"
 *   client call|file|pipe SIZE:COUNT...
 *                        for each pair: COUNT SETs of SIZE-byte values, then COUNT GETs,
 *                        each batch between region markers (BENCH_KV_SET, BENCH_KV_GET);
 *                        every GET's key word is checked, and after the batch the last
 *                        value is checked word by word
 * Both print "kv: ... done" and exit 0, or say what went wrong and exit 1; when the monitor
 * lacks a hostcall, "kv: unavailable: HC_NAME" and exit 0.
 */
#include "bench.h"
#include "capcall.h"
#include "cheri.h"
#include "cvm.h"
#include "say.h"

#define MAX_VALUE 4096
#define NKEYS 8
#define MAX_SIZES 8

enum op { OP_SET = 1, OP_GET = 2 };

struct header {
    uint64_t op, key, len;               /* request; the answer: op = status (0 or -errno), len */
};

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

static int unavailable(const char *what, long r)
{
    if (r == HC_ENOSYS) {
        say("kv: unavailable: ", what, "", 0, 0, "\n");
        return 2;
    }
    say("kv: ", what, " failed: ", 1, r, "\n");
    return 1;
}

/* ---- the server ---- */

static struct {
    uint64_t len;
    uint64_t value[MAX_VALUE / 8];
} store[NKEYS];

static uint64_t call_stack[2048] __attribute__((aligned(16)));

/* Copies n bytes (a multiple of 8) between the buffer capability in `slot` and p, word by word. */
static void cap_get_words(const cvm_cap_t *slot, uint64_t *p, uint64_t n)
{
    uint64_t c, t;
    if (n == 0)
        return;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[slot]))
                     "1:\n" CHERI_ASM(LD_CAP(%[t], %[c]))
                     "sd %[t], 0(%[p])\n"
                     CHERI_ASM(CINCOFFSETIMM(%[c], %[c], 8))
                     "addi %[p], %[p], 8\n"
                     "addi %[n], %[n], -8\n"
                     "bnez %[n], 1b\n"
                     : [c] "=&r"(c), [t] "=&r"(t), [p] "+r"(p), [n] "+r"(n)
                     : [slot] "r"(slot)
                     : "memory");
}

static void cap_put_words(const cvm_cap_t *slot, const uint64_t *p, uint64_t n)
{
    uint64_t c, t;
    if (n == 0)
        return;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[slot]))
                     "1:\n"
                     "ld %[t], 0(%[p])\n"
                     CHERI_ASM(SD_CAP(%[t], %[c]))
                     CHERI_ASM(CINCOFFSETIMM(%[c], %[c], 8))
                     "addi %[p], %[p], 8\n"
                     "addi %[n], %[n], -8\n"
                     "bnez %[n], 1b\n"
                     : [c] "=&r"(c), [t] "=&r"(t), [p] "+r"(p), [n] "+r"(n)
                     : [slot] "r"(slot)
                     : "memory");
}

/* The CAP_Call entry: SET copies the value out of the client's buffer, GET into it. */
static long kv_entry(long op, long key, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)caller;
    if (key < 0 || key >= NKEYS || len > MAX_VALUE || len % 8 || !buf)
        return HC_EINVAL;
    if (op == OP_SET) {
        cap_get_words(buf, store[key].value, len);
        store[key].len = len;
        return 0;
    }
    if (op == OP_GET) {
        uint64_t n = store[key].len < len ? store[key].len : len;
        cap_put_words(buf, store[key].value, n);
        return (long)n;
    }
    return HC_EINVAL;
}

/* The CAP_File entry: the operation and length in arg0 (op | len << 8), the key in arg1; the
 * value lies in the client's advertised buffer, probed once. */
static cvm_cap_t file_cap;
static int have_file;

static long kv_file_entry(long arg0, long key, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)buf, (void)len, (void)caller;
    long op = arg0 & 0xff;
    uint64_t n = (uint64_t)arg0 >> 8;
    if (!have_file) {
        long r = cvm_capfile_probe("kv-file", &file_cap);
        if (r < 0)
            return r;
        have_file = 1;
    }
    if (key < 0 || key >= NKEYS || n > MAX_VALUE || n % 8 || n > cvm_cap_length(&file_cap))
        return HC_EINVAL;
    if (op == OP_SET) {
        cap_get_words(&file_cap, store[key].value, n);
        store[key].len = n;
        return 0;
    }
    if (op == OP_GET) {
        if (store[key].len < n)
            n = store[key].len;
        cap_put_words(&file_cap, store[key].value, n);
        return (long)n;
    }
    return HC_EINVAL;
}

static struct {
    struct header h;
    uint64_t value[MAX_VALUE / 8];
} msg;

static int serve_pipe(void)
{
    long req = cvm_stream_open("kv-req", STREAM_READER);
    if (req < 0)
        return unavailable("HC_STREAM_OPEN", req);
    long resp = cvm_stream_open("kv-resp", STREAM_WRITER);
    if (resp < 0)
        return unavailable("HC_STREAM_OPEN", resp);
    for (;;) {
        long r = cvm_pipe_read(req, &msg, sizeof msg);
        if (r == 0)
            return 0;                    /* the client has finished */
        if (r < (long)sizeof(struct header))
            return unavailable("HC_PIPE_READ", r);
        uint64_t key = msg.h.key, len = msg.h.len;
        long out = sizeof(struct header);
        if (key >= NKEYS || len > MAX_VALUE || len % 8) {
            msg.h.op = (uint64_t)HC_EINVAL;
        } else if (msg.h.op == OP_SET && (uint64_t)r == sizeof(struct header) + len) {
            for (uint64_t i = 0; i < len / 8; i++)
                store[key].value[i] = msg.value[i];
            store[key].len = len;
            msg.h.op = 0;
        } else if (msg.h.op == OP_GET) {
            uint64_t n = store[key].len < len ? store[key].len : len;
            for (uint64_t i = 0; i < n / 8; i++)
                msg.value[i] = store[key].value[i];
            msg.h.op = 0;
            msg.h.len = n;
            out += (long)n;
        } else {
            msg.h.op = (uint64_t)HC_EINVAL;
        }
        r = cvm_pipe_write(resp, &msg, (size_t)out);
        if (r != out)
            return unavailable("HC_PIPE_WRITE", r);
    }
}

static int server(const char *method)
{
    if (streq(method, "call") || streq(method, "file")) {
        long r = cvm_call_advertise("kv", streq(method, "call") ? kv_entry : kv_file_entry, call_stack,
                                    sizeof call_stack);
        if (r < 0)
            return unavailable("HC_CALL_ADVERTISE", r);
        r = cvm_serve();
        if (r < 0)
            return unavailable("HC_SERVE", r);
        return 0;
    }
    if (streq(method, "pipe"))
        return serve_pipe();
    cvm_puts("kv: usage: server call|file|pipe\n");
    return 1;
}

/* ---- the client ---- */

/* Aligned so that it is exactly representable as a capability (the CAP_File transport). */
static uint64_t value[MAX_VALUE / 8] __attribute__((aligned(MAX_VALUE)));
static cvm_cap_t handle;
static long req_s, resp_s;

static uint64_t pattern(long i, long key, long size)
{
    return (uint64_t)i * 0x9e3779b97f4a7c15ull ^ (uint64_t)(key << 16 | size);
}

enum transport { T_CALL, T_FILE, T_PIPE };

/* One request; for GET the value lands in `value`. The value's length, or -errno. */
static long request(enum transport t, enum op op, long key, long len)
{
    if (t == T_FILE) {
        long v;
        long r = cvm_call(&handle, op | len << 8, key, 0, 0, 0, &v);
        return r < 0 ? r : v < 0 ? v : op == OP_SET ? len : v;
    }
    if (t == T_CALL) {
        long v;
        long r = cvm_call(&handle, op, key, value, (size_t)len, op == OP_SET ? CALL_READ : CALL_WRITE, &v);
        return r < 0 ? r : v < 0 ? v : op == OP_SET ? len : v;
    }
    msg.h.op = op;
    msg.h.key = (uint64_t)key;
    msg.h.len = (uint64_t)len;
    long out = sizeof(struct header);
    if (op == OP_SET) {
        for (long i = 0; i < len / 8; i++)
            msg.value[i] = value[i];
        out += len;
    }
    long r = cvm_pipe_write(req_s, &msg, (size_t)out);
    if (r != out)
        return r < 0 ? r : HC_EINVAL;
    r = cvm_pipe_read(resp_s, &msg, sizeof msg);
    if (r < (long)sizeof(struct header) || (int64_t)msg.h.op < 0)
        return r < 0 ? r : (int64_t)msg.h.op < 0 ? (long)msg.h.op : HC_EINVAL;
    if (op == OP_GET) {
        for (uint64_t i = 0; i < msg.h.len / 8; i++)
            value[i] = msg.value[i];
        return (long)msg.h.len;
    }
    return len;
}

static int client(const char *method, int argc, char **argv)
{
    enum transport t = streq(method, "call") ? T_CALL : streq(method, "file") ? T_FILE : T_PIPE;
    int call = t != T_PIPE;
    if (t == T_FILE) {
        long r = cvm_capfile_advertise("kv-file", value, sizeof value, CAPFILE_READ | CAPFILE_WRITE);
        if (r < 0)
            return unavailable("HC_CAPFILE_ADVERTISE", r);
    }
    if (call) {
        long r;
        while ((r = cvm_call_probe("kv", &handle)) == HC_ENOENT)
            ;
        if (r < 0)
            return unavailable("HC_CALL_PROBE", r);
    } else if (streq(method, "pipe")) {
        req_s = cvm_stream_open("kv-req", STREAM_WRITER);
        if (req_s < 0)
            return unavailable("HC_STREAM_OPEN", req_s);
        resp_s = cvm_stream_open("kv-resp", STREAM_READER);
        if (resp_s < 0)
            return unavailable("HC_STREAM_OPEN", resp_s);
    } else {
        cvm_puts("kv: usage: client call|file|pipe SIZE:COUNT...\n");
        return 1;
    }
    long requests = 0;
    for (int a = 2; a < argc; a++) {
        const char *p = argv[a];
        long size = parse_dec(p), count;
        while (*p && *p != ':')
            p++;
        if (*p != ':' || size < 8 || size > MAX_VALUE || size % 8 || (count = parse_dec(p + 1)) < 1) {
            cvm_puts("kv: bad SIZE:COUNT (SIZE a multiple of 8, 8..4096)\n");
            return 1;
        }
        /* A warm-up request of this size, outside the regions. */
        for (long i = 0; i < size / 8; i++)
            value[i] = pattern(i, 0, size);
        long r = request(t, OP_SET, 0, size);
        if (r != size)
            return unavailable(call ? "HC_CALL (SET)" : "HC_PIPE_WRITE (SET)", r);
        BENCH_MARK(BENCH_KV_SET);
        for (long j = 0; j < count; j++) {
            long key = j % NKEYS;
            value[0] = pattern(0, key, size);
            r = request(t, OP_SET, key, size);
            if (r != size)
                return unavailable(call ? "HC_CALL (SET)" : "HC_PIPE_WRITE (SET)", r);
        }
        BENCH_MARK(BENCH_KV_SET + 1);
        BENCH_MARK(BENCH_KV_GET);
        for (long j = 0; j < count; j++) {
            long key = j % NKEYS;
            r = request(t, OP_GET, key, size);
            if (r != size || value[0] != pattern(0, key, size)) {
                cvm_puts("kv: GET returned the wrong value\n");
                return 1;
            }
        }
        BENCH_MARK(BENCH_KV_GET + 1);
        /* The last value got, word by word (words 1.. were set by the warm-up pattern). */
        for (long i = 1; i < size / 8; i++)
            if (value[i] != pattern(i, 0, size)) {
                cvm_puts("kv: GET returned the wrong value\n");
                return 1;
            }
        requests += 2 * count + 1;
    }
    say("kv: ", "", "", 1, requests, " requests answered, values checked\n");
    return 0;
}

int main(int argc, char **argv)
{
    int r = 1;
    if (argc >= 2 && streq(argv[0], "server"))
        r = server(argv[1]);
    else if (argc >= 3 && streq(argv[0], "client"))
        r = client(argv[1], argc, argv);
    else
        cvm_puts("kv: usage: server call|file|pipe, or client call|file|pipe SIZE:COUNT...\n");
    if (r == 1)
        return 1;
    cvm_puts(r == 2 ? "kv: unavailable\n" : "kv: done\n");
    return 0;
}
