/*
 * bench.h - region markers for `capvm bench paper` (src/bench/marker.rs is the host side).
 *
 * BENCH_MARK(id) is the instruction `slti x0, x0, id`: a HINT (its only effect would be a
 * write to x0), from the range the RISC-V unprivileged spec (section "HINT Instructions")
 * designates for custom use. It does nothing on any RISC-V machine, QEMU included, costs one
 * ordinary ALU instruction, needs no address, no privilege and no capability, so the same
 * marker works in bare programs, inside cVMs and in the monitor. The bench observer
 * recognises the encoding and records the timing model's cycle and the retired-instruction
 * count at each marker; a measured region is what retires between a BEGIN and its END.
 *
 * ids are 1..2047 (a positive 12-bit immediate). Each region has a BEGIN id (even) and
 * the END id is BEGIN + 1; the ids are listed in src/bench/marker.rs.
 */
#ifndef CAPVM_BENCH_H
#define CAPVM_BENCH_H

#define BENCH_MARK(id) __asm__ volatile("slti x0, x0, %0" : : "i"(id) : "memory")

/* Region ids (BEGIN; END = BEGIN + 1). Keep in step with src/bench/marker.rs. */
#define BENCH_COMPUTE      2    /* the compute kernel's iterations */
#define BENCH_FUNC_CALL    4    /* a call to a function that returns at once */
#define BENCH_ECALL_NULL   6    /* a null hostcall through ecall */
#define BENCH_CINVOKE_NULL 8    /* a null hostcall through the sealed CInvoke door */
#define BENCH_CAP_CALL     10   /* a CAP_Call round trip into another cVM */
#define BENCH_TRANSFER     12   /* the messages of one size, sender to receiver */
#define BENCH_KV_SET       14   /* a batch of key-value SETs, sent to answered */
#define BENCH_KV_GET       16   /* a batch of key-value GETs, sent to answered */
#define BENCH_COMPUTE_LIST   18 /* the compute kernel's parts, once per iteration */
#define BENCH_COMPUTE_MATRIX 20
#define BENCH_COMPUTE_STATE  22
#define BENCH_COMPUTE_CRC    24

#endif /* CAPVM_BENCH_H */
