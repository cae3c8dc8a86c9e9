/* hello.c - the smallest guest: one line on the UART, exit status 0. */
#include "runtime.h"

int main(void)
{
    uart_puts("Hello from capvm!\n");
    return 0;
}
