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
#define HC_CAPFILE_ADVERTISE 4   /* share a buffer of this cVM's memory under a key, with the permissions holders get: a0 = key, a1 = key length, a2 = buffer, a3 = length, a4 = CAPFILE_READ|CAPFILE_WRITE -> capfile index, or EFAULT, EINVAL, EEXIST, ENOSPC */
#define HC_CAPFILE_PROBE 5   /* get a capability to the buffer advertised under a key (deployment capfiles: if the cVM's capfiles name it): a0 = key, a1 = key length -> ca0 = a capability bounded to the buffer, or ENOENT, EPERM, EFAULT */
#define HC_CAPFILE_REVOKE 6   /* owner only: clear every holder's copy of the capability (registers and memory); the key is gone: a0 = key, a1 = key length -> copies cleared, or ENOENT, EPERM, EFAULT */

#define HC_EPERM         (-1) /* the cVM may not do this (not the owner, or its capfiles do not name the key) */
#define HC_ENOENT        (-2) /* nothing is advertised under this key */
#define HC_EFAULT        (-14) /* a buffer is not inside the cVM's DDC, or the DDC does not allow the access */
#define HC_EEXIST        (-17) /* the key is taken */
#define HC_EINVAL        (-22) /* an argument is out of range */
#define HC_ENOSPC        (-28) /* the monitor's table is full */
#define HC_ENOSYS        (-38) /* no hostcall has this number */

#define CAPFILE_READ     1   /* HC_CAPFILE_ADVERTISE: holders may load (Load permission) */
#define CAPFILE_WRITE    2   /* HC_CAPFILE_ADVERTISE: holders may store (Store permission) */

#endif /* CAPVM_HOSTCALLS_H */
