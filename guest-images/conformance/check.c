/*
 * check.c - reporting for the conformance programs.
 *
 * Every check prints one line, "NAME = VALUE" with the actual value in 16 hex digits, so
 * the whole output can be compared with the committed NAME.expected (recorded on QEMU).
 * The program also knows the architecturally expected value (from the ISA manual) and
 * marks a mismatch with "FAIL", so the exit status alone says pass or fail.
 */
#include "runtime.h"

static unsigned failures;

void check(const char *name, uint64_t actual, uint64_t expected)
{
    uart_puts(name);
    uart_puts(" = ");
    put_hex(actual);
    if (actual != expected) {
        uart_puts("  FAIL, expected ");
        put_hex(expected);
        failures++;
    }
    uart_putc('\n');
}

/* Prints the summary line and returns the exit status: 0 if every check passed. */
int check_done(const char *program)
{
    uart_puts(program);
    if (failures == 0) {
        uart_puts(": ok\n");
        return 0;
    }
    uart_puts(": ");
    put_dec(failures);
    uart_puts(" FAILED\n");
    return 1;
}
