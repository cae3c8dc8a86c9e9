/*
 * capcall.h - the cVM side of the CInvoke door, CAP_Call, CAP_Stream and the copying pipe
 * (docs/monitor.md). Link lib/capcall.o.
 *
 * Capabilities never pass through C variables (the compiler would move them with integer
 * instructions, which strip tags): each stub keeps them in registers inside one asm
 * statement, and keeps the ones that last (the door pair, call handles) in cvm_cap_t slots
 * of the cVM's own memory, stored and loaded with SC/LC.
 */
#ifndef CVM_CAPCALL_H
#define CVM_CAPCALL_H

#include "cvm.h"

/* cvm_cap_t (cvm.h): room for one capability in the cVM's memory. */

/* A hostcall through the sealed CInvoke door instead of ecall: the same numbers, the same
 * results. The first use fetches this cVM's door pair (HC_DOOR). */
long hc_invoke(long number, long a0, long a1, long a2);
/* HC_DOOR: stores this cVM's sealed door pair (code, data) into pair[0], pair[1]. */
void cvm_door_pair(cvm_cap_t pair[2]);

/*
 * CAP_Call. A callee advertises a function under a key with a stack of its own (calls run
 * on it, one at a time per entry); a caller probes the key for a sealed handle and calls it.
 * In the callee the function gets the caller's two arguments, the buffer (a slot holding a
 * capability to the caller's bytes, or NULL, valid until it returns), its length, and the
 * caller's cVM index; its return value reaches the caller.
 */
typedef long (*cvm_entry_fn)(long arg0, long arg1, const cvm_cap_t *buf, size_t len, long caller);
long cvm_call_advertise(const char *key, cvm_entry_fn fn, void *stack, size_t size);   /* entry index or -errno */
long cvm_call_probe(const char *key, cvm_cap_t *handle);    /* 0 (handle stored) or -errno */
/* 0 and *value = the callee's result, or -errno (HC_ECANCELED: the callee faulted or exited). */
long cvm_call(const cvm_cap_t *handle, long arg0, long arg1, void *buf, size_t len, int flags, long *value);
/* In a callee: bytes through the caller's buffer capability; len or HC_EFAULT. */
long cvm_buf_read(const cvm_cap_t *buf, size_t off, void *dst, size_t len);
long cvm_buf_write(const cvm_cap_t *buf, size_t off, const void *src, size_t len);
long cvm_serve(void);                                        /* wait for the clients to finish */

/*
 * CAP_Stream: one copy. The writer offers its buffer and waits; the reader receives a
 * read-only capability to it, copies the bytes into its own memory, and acknowledges.
 * The copying pipe (the baseline): the monitor copies in, then out.
 */
long cvm_stream_open(const char *key, int end);              /* STREAM_WRITER / STREAM_READER */
long cvm_stream_write(long s, const void *buf, size_t len);  /* len once read, or -errno */
long cvm_stream_read(long s, void *dst, size_t room);        /* bytes copied (message cut at room), 0 at the end */
long cvm_pipe_write(long s, const void *buf, size_t len);
long cvm_pipe_read(long s, void *dst, size_t room);

#endif /* CVM_CAPCALL_H */
