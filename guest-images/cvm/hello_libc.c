/*
 * hello_libc.c - a cVM program on picolibc: printf, snprintf and the string functions of a
 * real C library, with stdout routed to the console hostcall (lib/stdio.c). Its FILE
 * structures hold function pointers, which the loader relocates into the cVM's region.
 */
#include <stdio.h>
#include <string.h>

#include "cheri.h"
#include "cvm.h"

int main(int argc, char **argv)
{
    char buf[64];
    printf("Hello from picolibc in a cVM, %d argument%s:", argc, argc == 1 ? "" : "s");
    for (int i = 0; i < argc; i++)
        printf(" [%s]", argv[i]);
    printf("\n");
    int n = snprintf(buf, sizeof(buf), "%#lx..%#lx", (unsigned long)cheri_ddc_base(),
                     (unsigned long)(cheri_ddc_base() + cheri_ddc_len()));
    printf("my DDC: %s (%d characters, strlen %u)\n", buf, n, (unsigned)strlen(buf));
    printf("time: %s", cvm_time_ns() > 0 ? "running\n" : "stopped\n");
    printf("no newline at the end");
    return 0;
}
