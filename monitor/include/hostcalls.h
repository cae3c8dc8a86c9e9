/*
 * hostcalls.h - the hostcall ABI between a cVM and the monitor (see docs/monitor.md).
 * Generated from monitor/src/abi.rs (CAPVM_UPDATE_HEADERS=1 cargo test -p capvm-monitor headers); do not edit.
 *
 * ecall with the number in a7, arguments in a0..a5; the result comes back in a0
 * (negative: -errno). Every other register keeps the cVM's value.
 */
#ifndef CAPVM_HOSTCALLS_H
#define CAPVM_HOSTCALLS_H

#define HC_EXIT          1   /* stop this cVM with an exit status (0 = success): a0 = status -> does not return */
#define HC_WRITE         2   /* write a buffer to the console; the buffer must lie inside the cVM's DDC: a0 = buffer, a1 = length -> length, or EFAULT */
#define HC_TIME          3   /* the machine timer (mtime, 10 MHz) in nanoseconds: - -> nanoseconds since boot */

#define HC_EFAULT        (-14) /* a buffer is not inside the cVM's DDC, or the DDC does not allow the access */
#define HC_EINVAL        (-22) /* an argument is out of range */
#define HC_ENOSYS        (-38) /* no hostcall has this number */

#endif /* CAPVM_HOSTCALLS_H */
