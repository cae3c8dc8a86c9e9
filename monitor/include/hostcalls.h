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
#define HC_WRITE         2   /* write a buffer to the console; the buffer must lie inside the cVM's DDC; a short write leaves the rest to further calls, so that no hostcall outlasts a time slice: a0 = buffer, a1 = length -> bytes written (at most 1024 a call), or EFAULT */
#define HC_TIME          3   /* the machine timer (mtime, 10 MHz) in nanoseconds: - -> nanoseconds since boot */
#define HC_CAPFILE_ADVERTISE 4   /* share a buffer of this cVM's memory under a key, with the permissions holders get: a0 = key, a1 = key length, a2 = buffer, a3 = length, a4 = CAPFILE_READ|CAPFILE_WRITE -> capfile index, or EFAULT, EINVAL, EEXIST, ENOSPC */
#define HC_CAPFILE_PROBE 5   /* get a capability to the buffer advertised under a key (deployment capfiles: if the cVM's capfiles name it): a0 = key, a1 = key length -> ca0 = a capability bounded to the buffer, or ENOENT, EPERM, EFAULT */
#define HC_CAPFILE_REVOKE 6   /* owner only: clear every holder's copy of the capability (registers and memory); the key is gone: a0 = key, a1 = key length -> copies cleared, or ENOENT, EPERM, EFAULT */
#define HC_CALL_ADVERTISE 10  /* CAP_Call: offer a function of this cVM under a key; calls run at the trampoline (t0 = function) on the given stack: a0 = key, a1 = key length, a2 = function, a3 = stack, a4 = stack size, a5 = trampoline -> entry index, or EFAULT, EINVAL, EEXIST, ENOSPC */
#define HC_CALL_PROBE    11  /* CAP_Call: get a sealed handle to the entry advertised under a key: a0 = key, a1 = key length -> ca0 = a handle sealed with the callee's object type, or ENOENT, ESRCH, EFAULT */
#define HC_CALL          12  /* CAP_Call: run the entry in the callee cVM (its PCC, DDC, stack); the buffer reaches it as a capability: ca0 = handle, a1 = arg0, a2 = arg1, a3 = buffer, a4 = length, a5 = CALL_READ|CALL_WRITE -> a0 = 0 and a1 = the callee's value, or EPERM, ESRCH, EBUSY, EFAULT, ECANCELED */
#define HC_RETURN        13  /* CAP_Call: end the innermost call with a value: a0 = value; only through the CInvoke door with the call's return pair -> does not return (the caller resumes); EPERM if the pair is not the innermost call's */
#define HC_STREAM_OPEN   14  /* CAP_Stream and the copying pipe: take one end of the channel named by a key: a0 = key, a1 = key length, a2 = STREAM_WRITER or STREAM_READER -> stream index, or EFAULT, EINVAL, EBUSY, ENOSPC */
#define HC_STREAM_WRITE  15  /* CAP_Stream: offer a message (the reader gets a read-only capability to it); blocks until acknowledged: a0 = stream, a1 = buffer, a2 = length -> length once the reader has acknowledged, or EPERM, EFAULT, EPIPE */
#define HC_STREAM_READ   16  /* CAP_Stream: wait for a message; the reader copies it itself, then acknowledges: a0 = stream -> length and ca1 = a read-only capability to the writer's message, 0 at the end, or EPERM, EPIPE */
#define HC_PIPE_WRITE    17  /* copying pipe (the baseline): the monitor copies the message into its buffer; blocks while it is full: a0 = stream, a1 = buffer, a2 = length (at most PIPE_MAX) -> length, or EPERM, EFAULT, EINVAL, EPIPE */
#define HC_PIPE_READ     18  /* copying pipe: the monitor copies the next message out of its buffer (cut at the room given): a0 = stream, a1 = buffer, a2 = room -> length copied, 0 at the end, or EPERM, EFAULT, EPIPE */
#define HC_STREAM_ACK    19  /* CAP_Stream: the reader is done with the message; its capability is cleared and the writer resumes: a0 = stream -> 0, or EPERM, EINVAL */
#define HC_DOOR          20  /* the second hostcall door: CInvoke ca0, ca1 with cra = where to come back serves a7 like ecall: - -> ca0, ca1 = this cVM's sealed CInvoke pair for hostcalls (code, data) */
#define HC_SERVE         21  /* a server waits for its clients (its entries stay callable while it waits): - -> 0 once every other cVM has finished or waits here too */

#define HC_EPERM         (-1) /* the cVM may not do this (not the owner, or its capfiles do not name the key) */
#define HC_ENOENT        (-2) /* nothing is advertised under this key */
#define HC_ESRCH         (-3) /* the callee of a handle has exited or was stopped */
#define HC_EFAULT        (-14) /* a buffer is not inside the cVM's DDC, or the DDC does not allow the access */
#define HC_EBUSY         (-16) /* the entry is running already (no re-entry), or the stream end is taken */
#define HC_EEXIST        (-17) /* the key is taken */
#define HC_EINVAL        (-22) /* an argument is out of range */
#define HC_ENOSPC        (-28) /* the monitor's table is full */
#define HC_EPIPE         (-32) /* the other end of the stream has finished */
#define HC_ENOSYS        (-38) /* no hostcall has this number */
#define HC_ECANCELED     (-125) /* the callee faulted or exited during the call */

#define CAPFILE_READ     1   /* HC_CAPFILE_ADVERTISE: holders may load (Load permission) */
#define CAPFILE_WRITE    2   /* HC_CAPFILE_ADVERTISE: holders may store (Store permission) */
#define CALL_READ        1   /* HC_CALL: the callee may load from the buffer */
#define CALL_WRITE       2   /* HC_CALL: the callee may store into the buffer */
#define STREAM_WRITER    0   /* HC_STREAM_OPEN: the end that writes */
#define STREAM_READER    1   /* HC_STREAM_OPEN: the end that reads */
#define PIPE_MAX         65536/* HC_PIPE_WRITE: the largest message the copying pipe holds */

#endif /* CAPVM_HOSTCALLS_H */
