/*
 * compute.c - a compute-heavy, self-checking integer workload in the style of CoreMark
 * (our own code, not CoreMark's): linked-list find/reverse/sort, matrix multiply/add,
 * a token-scanning state machine, and CRC-16/CRC-32. Used as the simulator's speed
 * benchmark (compute.elf) and as a quick end-to-end test (compute-small.elf).
 *
 * Every iteration works on data derived from the iteration number, and every result
 * feeds a running CRC, so a single wrong instruction almost surely changes the final
 * checksums. The expected checksums below were computed by building this same file for
 * the host (x86-64 gcc; the HOST block below and the command at the end of this comment)
 * and then confirmed on qemu-system-riscv64; they are validation only, never an input to
 * the computation.
 *
 * Deterministic: no timers, no input.
 *
 * Instruction counts (see ITERATIONS below) are exact retired-instruction counts from
 * _start to the finisher store, taken from QEMU's execution trace with one instruction
 * per translation block:
 *   qemu-system-riscv64 -M virt -bios none -nographic -singlestep -d exec,nochain \
 *       -D /tmp/trace -kernel compute/compute-small.elf
 *   grep -c '/000000008' /tmp/trace        (instructions in DRAM; skips QEMU's boot ROM)
 * One iteration is about 380 thousand instructions.
 *
 * Host check of the expected checksums:
 *   gcc -O2 -DHOST -DSIZE_SMALL compute/compute.c -o /tmp/c && /tmp/c    (and -DSIZE_FULL)
 */
#include <stdint.h>

#ifdef HOST
#include <stdio.h>
static void uart_puts(const char *s) { fputs(s, stdout); }
static void put_hexn(uint64_t v, int digits) { printf("%0*llx", digits, (unsigned long long)v); }
__attribute__((unused)) static void put_dec(uint64_t v) { printf("%llu", (unsigned long long)v); }
__attribute__((unused)) static uint64_t read_minstret(void) { return 0; }
#else
#include "runtime.h"
#endif

/* The benchmark builds (`capvm bench paper`) define BENCH_MARK to bracket the measured loop
 * (include/bench.h); everywhere else it is nothing, so those images are unchanged. */
#ifndef BENCH_MARK
#define BENCH_MARK(id) do { } while (0)
#define BENCH_COMPUTE 2
#define BENCH_COMPUTE_LIST 18
#define BENCH_COMPUTE_MATRIX 20
#define BENCH_COMPUTE_STATE 22
#define BENCH_COMPUTE_CRC 24
#endif

#if defined(SIZE_FULL)
/* 379,914,863 retired instructions. */
#define ITERATIONS 1000
#elif defined(SIZE_SMALL)
/* 2,309,345 retired instructions. */
#define ITERATIONS 6
#else
#error "define SIZE_FULL or SIZE_SMALL"
#endif

/* ---- deterministic pseudo-random numbers (64-bit LCG, Knuth's MMIX constants) ---- */

static uint64_t rng_state;

static void rng_seed(uint64_t seed) { rng_state = seed * 0x9e3779b97f4a7c15ull + 1; }

static uint32_t rng_next(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 32);
}

/* ---- CRC-16/CCITT-FALSE and CRC-32 (IEEE, reflected), bit by bit on purpose ---- */

static uint16_t crc16_byte(uint16_t crc, uint8_t b)
{
    crc ^= (uint16_t)(b << 8);
    for (int i = 0; i < 8; i++)
        crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    return crc;
}

static uint16_t crc16_u32(uint16_t crc, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        crc = crc16_byte(crc, (uint8_t)(v >> (8 * i)));
    return crc;
}

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, uint32_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int i = 0; i < 8; i++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

/* ---- linked list: build, find, reverse, merge sort ---- */

#define LIST_NODES 256

struct node {
    struct node *next;
    int32_t key;
    int32_t value;
};

static struct node pool[LIST_NODES];

static struct node *list_build(void)
{
    struct node *head = 0;
    for (int i = 0; i < LIST_NODES; i++) {
        pool[i].key = i;
        pool[i].value = (int32_t)(rng_next() & 0xffff) - 0x8000;
        pool[i].next = head;
        head = &pool[i];
    }
    return head;
}

static struct node *list_find(struct node *head, int32_t key)
{
    while (head && head->key != key)
        head = head->next;
    return head;
}

static struct node *list_reverse(struct node *head)
{
    struct node *prev = 0;
    while (head) {
        struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

/* Stable bottom-up merge sort by (value, key): O(n log n), no recursion, no allocation. */
static int node_less(const struct node *a, const struct node *b)
{
    return a->value < b->value || (a->value == b->value && a->key < b->key);
}

static struct node *list_sort(struct node *head)
{
    for (int width = 1;; width *= 2) {
        struct node *p = head, *tail = 0;
        int merges = 0;
        head = 0;
        while (p) {
            struct node *q = p;
            int psize = 0, qsize = width;
            merges++;
            while (q && psize < width) {
                psize++;
                q = q->next;
            }
            while (psize > 0 || (qsize > 0 && q)) {
                struct node *e;
                if (psize == 0) {
                    e = q; q = q->next; qsize--;
                } else if (qsize == 0 || !q || !node_less(q, p)) {
                    e = p; p = p->next; psize--;
                } else {
                    e = q; q = q->next; qsize--;
                }
                if (tail)
                    tail->next = e;
                else
                    head = e;
                tail = e;
            }
            p = q;
        }
        tail->next = 0;
        if (merges <= 1)
            return head;
    }
}

static uint16_t bench_list(uint16_t crc)
{
    struct node *head = list_build();
    /* find: keys present and absent */
    for (int32_t k = -8; k < LIST_NODES + 8; k += 7) {
        struct node *n = list_find(head, k);
        crc = crc16_u32(crc, n ? (uint32_t)n->value : 0xffffffffu);
    }
    head = list_reverse(head);
    crc = crc16_u32(crc, (uint32_t)head->key);
    head = list_sort(head);
    for (struct node *n = head; n; n = n->next)
        crc = crc16_u32(crc, (uint32_t)n->key ^ ((uint32_t)n->value << 8));
    return crc;
}

/* ---- matrices: C = A * B, C += A, and a checksum mixing the elements ---- */

#define MAT 20

static int16_t mat_a[MAT][MAT], mat_b[MAT][MAT];
static int32_t mat_c[MAT][MAT];

static uint16_t bench_matrix(uint16_t crc)
{
    for (int i = 0; i < MAT; i++)
        for (int j = 0; j < MAT; j++) {
            mat_a[i][j] = (int16_t)(rng_next() % 2001) - 1000;
            mat_b[i][j] = (int16_t)(rng_next() % 2001) - 1000;
        }
    for (int i = 0; i < MAT; i++)
        for (int j = 0; j < MAT; j++) {
            int32_t sum = 0;
            for (int k = 0; k < MAT; k++)
                sum += (int32_t)mat_a[i][k] * mat_b[k][j];
            mat_c[i][j] = sum;
        }
    int64_t total = 0;
    uint32_t bits = 0;
    for (int i = 0; i < MAT; i++)
        for (int j = 0; j < MAT; j++) {
            mat_c[i][j] += mat_a[i][j];
            total += mat_c[i][j];
            bits ^= ((uint32_t)mat_c[i][j] >> (j & 15)) * (uint32_t)(i + 1);
            if (mat_c[i][j] / 7 > 1000)
                bits += (uint32_t)(mat_c[i][j] % 1000);
        }
    crc = crc16_u32(crc, (uint32_t)total);
    crc = crc16_u32(crc, (uint32_t)((uint64_t)total >> 32));
    return crc16_u32(crc, bits);
}

/* ---- state machine: classify the tokens of a generated comma-separated string ---- */

enum state { S_START, S_INT, S_SIGN, S_FRAC_DOT, S_FRAC, S_EXP, S_EXP_SIGN, S_EXP_DIGITS,
             S_INVALID, NSTATES };

#define TEXT_LEN 512
static char text[TEXT_LEN + 1];

static void text_build(void)
{
    static const char alphabet[] = "0123456789+-.eE,x ";
    for (int i = 0; i < TEXT_LEN; i++)
        text[i] = alphabet[rng_next() % (sizeof alphabet - 1)];
    text[TEXT_LEN] = 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static enum state step(enum state s, char c)
{
    switch (s) {
    case S_START:
        if (is_digit(c)) return S_INT;
        if (c == '+' || c == '-') return S_SIGN;
        if (c == '.') return S_FRAC_DOT;
        return S_INVALID;
    case S_SIGN:
        if (is_digit(c)) return S_INT;
        if (c == '.') return S_FRAC_DOT;
        return S_INVALID;
    case S_INT:
        if (is_digit(c)) return S_INT;
        if (c == '.') return S_FRAC_DOT;
        if (c == 'e' || c == 'E') return S_EXP;
        return S_INVALID;
    case S_FRAC_DOT:
        if (is_digit(c)) return S_FRAC;
        return S_INVALID;
    case S_FRAC:
        if (is_digit(c)) return S_FRAC;
        if (c == 'e' || c == 'E') return S_EXP;
        return S_INVALID;
    case S_EXP:
        if (is_digit(c)) return S_EXP_DIGITS;
        if (c == '+' || c == '-') return S_EXP_SIGN;
        return S_INVALID;
    case S_EXP_SIGN:
    case S_EXP_DIGITS:
        if (is_digit(c)) return S_EXP_DIGITS;
        return S_INVALID;
    default:
        return S_INVALID;
    }
}

static uint16_t bench_state(uint16_t crc)
{
    uint32_t final_count[NSTATES] = {0};
    uint32_t transitions = 0;
    text_build();
    enum state s = S_START;
    for (const char *p = text;; p++) {
        if (*p == ',' || *p == 0) {
            final_count[s]++;
            s = S_START;
            if (*p == 0)
                break;
            continue;
        }
        enum state next = step(s, *p);
        transitions += next != s;
        s = next;
    }
    for (int i = 0; i < NSTATES; i++)
        crc = crc16_u32(crc, final_count[i]);
    return crc16_u32(crc, transitions);
}

/* ---- driver ---- */

/* Host gcc and qemu-system-riscv64 agree on these (see the file comment). */
#if defined(SIZE_FULL)
#define EXPECTED_CRC16 0xb6adu
#define EXPECTED_CRC32 0x53911521u
#else
#define EXPECTED_CRC16 0xf843u
#define EXPECTED_CRC32 0xe925cb25u
#endif

int main(void)
{
    uint16_t crc_list = 0xffff, crc_matrix = 0xffff, crc_state = 0xffff;
    uint32_t crc32 = 0;
    BENCH_MARK(BENCH_COMPUTE);
    for (uint32_t it = 0; it < ITERATIONS; it++) {
        rng_seed(it);
        BENCH_MARK(BENCH_COMPUTE_LIST);
        crc_list = bench_list(crc_list);
        BENCH_MARK(BENCH_COMPUTE_LIST + 1);
        BENCH_MARK(BENCH_COMPUTE_MATRIX);
        crc_matrix = bench_matrix(crc_matrix);
        BENCH_MARK(BENCH_COMPUTE_MATRIX + 1);
        BENCH_MARK(BENCH_COMPUTE_STATE);
        crc_state = bench_state(crc_state);
        BENCH_MARK(BENCH_COMPUTE_STATE + 1);
        /* CRC-32 over this iteration's raw data: the text and the matrix product. */
        BENCH_MARK(BENCH_COMPUTE_CRC);
        crc32 = crc32_update(crc32, (const uint8_t *)text, TEXT_LEN);
        crc32 = crc32_update(crc32, (const uint8_t *)mat_c, sizeof mat_c);
        BENCH_MARK(BENCH_COMPUTE_CRC + 1);
    }
    uint16_t crc = crc16_u32(crc16_u32(crc_list, crc_matrix), crc_state);
    BENCH_MARK(BENCH_COMPUTE + 1);
#ifdef REPORT_INSTRET
    /* Debug builds only: minstret is not comparable between machines, so never in the images. */
    uart_puts("compute: instret ");
    put_dec(read_minstret());
    uart_puts("\n");
#endif

    uart_puts("compute: list   crc16 ");  put_hexn(crc_list, 4);   uart_puts("\n");
    uart_puts("compute: matrix crc16 ");  put_hexn(crc_matrix, 4); uart_puts("\n");
    uart_puts("compute: state  crc16 ");  put_hexn(crc_state, 4);  uart_puts("\n");
    uart_puts("compute: data   crc32 ");  put_hexn(crc32, 8);      uart_puts("\n");
    uart_puts("compute: crc16 ");         put_hexn(crc, 4);        uart_puts("\n");
    if (crc != EXPECTED_CRC16 || crc32 != EXPECTED_CRC32) {
        uart_puts("compute: FAIL (expected crc16 ");
        put_hexn(EXPECTED_CRC16, 4);
        uart_puts(" crc32 ");
        put_hexn(EXPECTED_CRC32, 8);
        uart_puts(", got crc16 ");
        put_hexn(crc, 4);
        uart_puts(" crc32 ");
        put_hexn(crc32, 8);
        uart_puts(")\n");
        return 1;
    }
    uart_puts("compute: ok\n");
    return 0;
}
