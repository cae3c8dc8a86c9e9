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
long hostcall5(long number, long a0, long a1, long a2, long a3, long a4);

__attribute__((noreturn)) void cvm_exit(int status);   /* flushes stdio first */
void cvm_flush_stdio(void);
long cvm_write(const void *buf, size_t len);     /* console; len or HC_EFAULT */
uint64_t cvm_time_ns(void);

void cvm_puts(const char *s);                    /* no newline added */
void cvm_put_dec(int64_t v);
void cvm_put_hex(uint64_t v);                    /* 0x-prefixed */
size_t cvm_strlen(const char *s);
uint64_t cvm_parse_hex(const char *s);           /* "0x…" or "…": hex digits until the first other */

/*
 * CAP_File. A capability in this cVM's memory: the runtime keeps capabilities it is given in
 * 16-byte aligned cvm_cap_t slots (the cVM's DDC allows storing capabilities into its own
 * region) and uses them only inside asm, because the compiler moves registers as integers.
 * Keys are NUL-terminated strings of 1..31 bytes.
 */
typedef struct {
    uint64_t addr, meta;
} __attribute__((aligned(16))) cvm_cap_t;

/* Shares buf[0..len) under key; flags: CAPFILE_READ | CAPFILE_WRITE. Index or -errno. */
long cvm_capfile_advertise(const char *key, void *buf, size_t len, unsigned flags);
/* *out = a capability to the buffer under key (tagged). 0 or -errno (then *out is untagged). */
long cvm_capfile_probe(const char *key, cvm_cap_t *out);
/* Owner only: every copy of the capability is cleared. Copies cleared, or -errno. */
long cvm_capfile_revoke(const char *key);
/* Reads/writes through the capability (no monitor involved): a bad capability traps. */
void cvm_cap_read(const cvm_cap_t *c, size_t off, void *dst, size_t n);
void cvm_cap_write(const cvm_cap_t *c, size_t off, const void *src, size_t n);
uint64_t cvm_cap_tag(const cvm_cap_t *c);
uint64_t cvm_cap_base(const cvm_cap_t *c);
uint64_t cvm_cap_length(const cvm_cap_t *c);
uint64_t cvm_cap_perms(const cvm_cap_t *c);

int main(int argc, char **argv);

/* GCC may emit calls to these even with -ffreestanding. */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);

#endif /* CVM_H */
