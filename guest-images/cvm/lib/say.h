/*
 * say.h - one console line in one write, for the cVM programs that print from several
 * places at once (bench.c, kv.c): another cVM's output cannot cut the line in two.
 */
#ifndef CVM_SAY_H
#define CVM_SAY_H

#include "cvm.h"

/* A line in one console write, so that another cVM's output cannot cut it: A, B, C, then
 * N in decimal if `with_n`, then E. */
static void say(const char *a, const char *b, const char *c, int with_n, int64_t n, const char *e)
{
    char line[192], digits[24];
    size_t len = 0, d = 0;
    for (const char *s = a; *s && len < 80; s++)
        line[len++] = *s;
    for (const char *s = b; *s && len < 140; s++)
        line[len++] = *s;
    for (const char *s = c; *s && len < 160; s++)
        line[len++] = *s;
    if (with_n) {
        uint64_t u = n < 0 ? -(uint64_t)n : (uint64_t)n;
        do {
            digits[d++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (n < 0)
            digits[d++] = '-';
        while (d)
            line[len++] = digits[--d];
    }
    for (const char *s = e; *s && len < sizeof line; s++)
        line[len++] = *s;
    cvm_write(line, len);
}

#endif
