/*
 * stdio.c - picolibc's stdio for cVMs: stdin, stdout and stderr are one stream whose bytes
 * go to the console through the HC_WRITE hostcall, a line (or 256 bytes) at a time. Linked
 * only into cVM programs built against picolibc (guest-images/Makefile: CVM_LIBC).
 * Reading gives EOF: there is no input hostcall yet.
 */
#include <stdio.h>

#include "cvm.h"

static char line[256];
static size_t used;

static int cvm_stdio_flush(FILE *f)
{
    (void)f;
    if (used) {
        cvm_write(line, used);
        used = 0;
    }
    return 0;
}

static int cvm_stdio_put(char c, FILE *f)
{
    line[used++] = c;
    if (c == '\n' || used == sizeof(line))
        cvm_stdio_flush(f);
    return (unsigned char)c;
}

static FILE cvm_stdio = FDEV_SETUP_STREAM(cvm_stdio_put, NULL, cvm_stdio_flush, _FDEV_SETUP_WRITE);

FILE *const stdin = &cvm_stdio;
FILE *const stdout = &cvm_stdio;
FILE *const stderr = &cvm_stdio;

/* Called by cvm_exit, so that a last line without '\n' is not lost. */
void cvm_flush_stdio(void)
{
    cvm_stdio_flush(&cvm_stdio);
}
