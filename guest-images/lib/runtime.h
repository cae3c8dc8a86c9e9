/*
 * runtime.h - the smallest runtime a bare-metal guest needs: console output through the
 * UART, exit through the test finisher, and the M-mode counters.
 */
#ifndef RUNTIME_H
#define RUNTIME_H

#include <stddef.h>
#include <stdint.h>

void uart_putc(char c);
void uart_puts(const char *s);              /* no newline added */
void put_hex(uint64_t v);                   /* 16 lower-case digits, no 0x prefix */
void put_hexn(uint64_t v, int digits);      /* the low `digits` hex digits */
void put_dec(uint64_t v);
void put_dec_signed(int64_t v);

/*
 * Ends the run: 0 = pass (finisher 0x5555), otherwise (code << 16) | 0x3333. Use codes
 * 1..255: the host sees the status modulo 256, so 256 would read as a pass.
 */
__attribute__((noreturn)) void exit(int code);

static inline uint64_t read_mcycle(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, mcycle" : "=r"(v));
    return v;
}

static inline uint64_t read_minstret(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, minstret" : "=r"(v));
    return v;
}

/* GCC may emit calls to these even with -ffreestanding. */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);

#endif /* RUNTIME_H */
