/*
 * cvm.h - the runtime of a bare cVM: hostcall stubs (numbers from monitor/include/hostcalls.h,
 * the one definition shared with the monitor) and a little console output.
 *
 * A cVM program defines `int main(int argc, char **argv)`; argv comes from the deployment's
 * `args` string split at spaces. Returning from main exits with that status.
 */
#ifndef CVM_H
#define CVM_H

#include <stddef.h>
#include <stdint.h>
#include "hostcalls.h"

/* ecall with the number in a7 and up to three arguments; the result (or -errno) in a0. */
long hostcall(long number, long a0, long a1, long a2);

__attribute__((noreturn)) void cvm_exit(int status);   /* flushes stdio first */
void cvm_flush_stdio(void);
long cvm_write(const void *buf, size_t len);     /* console; len or HC_EFAULT */
uint64_t cvm_time_ns(void);

void cvm_puts(const char *s);                    /* no newline added */
void cvm_put_dec(int64_t v);
void cvm_put_hex(uint64_t v);                    /* 0x-prefixed */
size_t cvm_strlen(const char *s);
uint64_t cvm_parse_hex(const char *s);           /* "0x…" or "…": hex digits until the first other */

int main(int argc, char **argv);

/* GCC may emit calls to these even with -ffreestanding. */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);

#endif /* CVM_H */
