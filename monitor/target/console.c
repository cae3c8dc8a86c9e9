/*
 * console.c - the monitor's own output (NS16550A UART) and the end of the run (test
 * finisher). The monitor reaches both through its root DDC; cVMs never touch devices.
 */
#include "monitor.h"
#include "platform.h"

void con_putc(char c)
{
    volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;
    while (!(uart[UART_LSR - UART_BASE] & UART_LSR_THRE))
        ;
    uart[UART_THR - UART_BASE] = (uint8_t)c;
}

void con_puts(const char *s)
{
    while (*s)
        con_putc(*s++);
}

void con_hex(uint64_t v)
{
    con_puts("0x");
    int shift = 60;
    while (shift > 0 && ((v >> shift) & 0xf) == 0)
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        con_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

void con_dec(int64_t v)
{
    char buf[24];
    int n = 0;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    if (v < 0)
        con_putc('-');
    do {
        buf[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (n)
        con_putc(buf[--n]);
}

void mon_line(void)
{
    console_end_line();
    con_puts("[monitor] ");
}

void machine_exit(int code)
{
    volatile uint32_t *finisher = (volatile uint32_t *)FINISHER_BASE;
    *finisher = code == 0 ? FINISHER_PASS : ((uint32_t)code << 16) | FINISHER_FAIL;
    for (;;)
        ;
}
