/*
 * traceport.h - the trace port: how the monitor reports its events to the simulator (see traces/README.md).
 * Generated from monitor/src/abi.rs (CAPVM_UPDATE_HEADERS=1 cargo test -p capvm-monitor headers); do not edit.
 *
 * Write ARG0..ARG3, then kind | cvm << 16 to EMIT. No architectural effect: reads return 0.
 */
#ifndef CAPVM_TRACEPORT_H
#define CAPVM_TRACEPORT_H

#include <stdint.h>

#define TRACEPORT_BASE   0x102000ull
#define TP_EMIT          0x20
#define TP_NO_CVM        0xffff

#define TP_CVM_CREATED           1   /* cVM created (region_base, region_size) */
#define TP_CVM_ENTER             2   /* the monitor enters the cVM (-) */
#define TP_CVM_LEAVE             3   /* the cVM left to the monitor (mcause) */
#define TP_HOSTCALL_ENTER        4   /* hostcall starts (number, a0) */
#define TP_HOSTCALL_LEAVE        5   /* hostcall returns (number, result) */
#define TP_CAPFILE_ADVERTISE     6   /* CAP_File advertised (capfile, base, size) */
#define TP_CAPFILE_PROBE         7   /* CAP_File probed (capfile, perms) */
#define TP_CAPFILE_REVOKE        8   /* CAP_File revoked (capfile, cleared) */
#define TP_CALL                  9   /* CAP_Call call (callee, entry) */
#define TP_RETURN                10  /* CAP_Call return (caller, value) */
#define TP_CVM_FAULT             11  /* cVM fault (mcause, mtval, pc) */
#define TP_CVM_EXIT              12  /* cVM exited (status) */
#define TP_STREAM_WRITE          13  /* stream write (stream, bytes) */
#define TP_STREAM_READ           14  /* stream read (stream, bytes) */

/* EMIT clears ARG0..ARG3, so arguments that are constant zeros need no store (TP_ARG
 * skips them; always inlined, so the constants are seen): a report costs a few instructions. */
#define TP_ARG(i, v) do { if (!(__builtin_constant_p(v) && (v) == 0)) tp[i] = (v); } while (0)
static inline __attribute__((always_inline)) void tp_emit(uint32_t kind, uint32_t cvm, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    volatile uint64_t *tp = (volatile uint64_t *)TRACEPORT_BASE;
    TP_ARG(0, a0);
    TP_ARG(1, a1);
    TP_ARG(2, a2);
    TP_ARG(3, a3);
    tp[TP_EMIT / 8] = (uint64_t)kind | (uint64_t)cvm << 16;
}

#endif /* CAPVM_TRACEPORT_H */
