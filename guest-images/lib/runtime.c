/* runtime.c - see runtime.h. */
#include "runtime.h"
#include "platform.h"

#define MMIO8(addr)  (*(volatile uint8_t *)(uintptr_t)(addr))
#define MMIO32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

void uart_putc(char c)
{
    /* QEMU's UART is always ready, but a real 16550 is not: wait for THR empty. */
    while (!(MMIO8(UART_LSR) & UART_LSR_THRE))
        ;
    MMIO8(UART_THR) = (uint8_t)c;
}

void uart_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}

void put_hexn(uint64_t v, int digits)
{
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4)
        uart_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

void put_hex(uint64_t v)
{
    put_hexn(v, 16);
}

void put_dec(uint64_t v)
{
    char buf[20];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        uart_putc(buf[--n]);
}

void put_dec_signed(int64_t v)
{
    if (v < 0) {
        uart_putc('-');
        put_dec(-(uint64_t)v);
    } else {
        put_dec((uint64_t)v);
    }
}

void exit(int code)
{
    uint32_t cmd = code == 0 ? FINISHER_PASS : ((uint32_t)(code & 0xffff) << 16) | FINISHER_FAIL;
    MMIO32(FINISHER_BASE) = cmd;
    /* Without a finisher (another machine), stop here rather than run off the end. */
    for (;;)
        __asm__ volatile("wfi");
}

/* Called from crt0's default trap vector; never returns. */
__attribute__((noreturn)) void unexpected_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval);
void unexpected_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval)
{
    uart_puts("\nunexpected trap: mcause ");
    put_hex(mcause);
    uart_puts(" mepc ");
    put_hex(mepc);
    uart_puts(" mtval ");
    put_hex(mtval);
    uart_putc('\n');
    exit(99);
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}
