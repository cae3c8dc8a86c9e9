/*
 * monitor.h - the monitor's internal interface (C and start.S).
 *
 * The monitor runs in M mode, in integer mode, with the root capabilities it was reset with
 * as its own PCC and DDC. Everything it hands a cVM is derived from them, narrowed first.
 */
#ifndef MONITOR_H
#define MONITOR_H

/* Register slots of a cVM context, 16 bytes each (a capability in memory form). */
#define SLOT_DDC      0            /* slot i (1..31) holds x_i / c_i */
#define SLOT_PCC      32           /* the cVM's PCC, address = where it resumes */
#define NSLOTS        33
#define SLOT_OFF(i)   ((i) * 16)
#define CTX_OFF       SLOT_OFF(NSLOTS + 1)   /* struct cvm.ctx */

/* The monitor's exit codes (test finisher), besides 0 = every cVM exited with status 0. */
#define EXIT_CVM_FAILED      1     /* a cVM exited non-zero or was stopped */
#define EXIT_BAD_BOOTINFO    3     /* the boot information was refused */
#define EXIT_MONITOR_FAULT   4     /* the monitor itself trapped: a monitor bug */

/* A cVM runs at most this many mtime ticks (10 MHz: 1 ms, 100,000 instructions at the
 * machine's 100 MHz) before the timer interrupt hands the hart to the next cVM. */
#define SLICE_TICKS          10000

/* The first object type handed to cVMs: cVM i seals with OTYPE_CVM_BASE + i. */
#define OTYPE_CVM_BASE       16

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "bootinfo.h"

/* A capability as memory holds it. C code never copies one with integer moves (that would
 * strip the tag); the helpers in cvm.c move them whole with LC/SC inside one asm statement. */
typedef struct {
    uint64_t addr;                 /* bits 63:0: the address (the integer value) */
    uint64_t meta;                 /* bits 127:64 in memory form (0 = NULL-derived) */
} __attribute__((aligned(16))) cap_t;

enum cvm_state { CVM_READY, CVM_EXITED, CVM_FAULTED, CVM_BLOCKED };

struct cvm {
    cap_t regs[NSLOTS];            /* first: start.S addresses slot i at ctx + 16 * i */
    cap_t seal;                    /* Seal/Unseal on this cVM's one object type; the monitor keeps it */
    cap_t ctx;                     /* exactly regs[], for MTDC while the cVM runs (start.S) */
    const struct capvm_bootinfo_cvm *info;
    uint64_t otype;
    enum cvm_state state;
    int64_t status;                /* exit status */
    uint64_t insns;                /* instructions retired while it ran (approximate: minstret) */
    uint64_t hostcalls;
    uint64_t preemptions;
    uint64_t entered_at;
    int at_line_start;
};

/* start.S */
__attribute__((noreturn)) void cvm_resume(struct cvm *c);
_Static_assert(__builtin_offsetof(struct cvm, ctx) == CTX_OFF, "start.S finds ctx at CTX_OFF");

/* console.c */
void con_putc(char c);
void con_puts(const char *s);
void con_hex(uint64_t v);          /* 0x-prefixed, no leading zeros */
void con_dec(int64_t v);
void mon_line(void);               /* starts a monitor line: "[monitor] " (ending a cVM's open line) */
void console_end_line(void);       /* ends the line a cVM left open, if any (cvm.c) */
__attribute__((noreturn)) void machine_exit(int code);

/* cvm.c */
int cvm_create(struct cvm *c, const struct capvm_bootinfo_cvm *info, uint64_t index);
__attribute__((noreturn)) void cvm_trap(struct cvm *c);
extern uint64_t unrelocated;       /* CVM_FLAG_UNRELOCATED (v8): cVM pointers are offsets from DDC.address */
extern uint64_t tp_on;             /* 1: report every event through the trace port (boot information) */
struct capinfo {
    uint64_t tag, base, len, perms, otype;
};
void cap_inspect(const cap_t *slot, struct capinfo *o);
/* *dst = the monitor's DDC (from_pcc: its PCC) bounded exactly to [base, base+len), perms
 * ANDed, address addr; returns the tag (cvm.c). */
uint64_t derive_root(cap_t *dst, uint64_t base, uint64_t len, uint64_t perms, uint64_t addr, int from_pcc);
static inline uint64_t derive_from_ddc(cap_t *dst, uint64_t base, uint64_t len, uint64_t perms, uint64_t addr)
{
    return derive_root(dst, base, len, perms, addr, 0);
}
/* Copies (copy = 1) or only checks a cVM buffer through a capability derived from its DDC slot. */
int64_t from_cvm(const cap_t *ddc, uint64_t addr, uint64_t len, uint8_t *dst, int copy);
/* start.S: makes every register slot of c current. The monitor's C code never touches gp,
 * tp, s0-s11 and t3-t5 (-ffixed): after a trap they still hold the cVM's values, and its
 * slots for them are stale until this is called (or another cVM is resumed). Call it before
 * reading or changing those slots of a cVM that may be the last one that ran; cvm_trap calls
 * it before every hostcall but the fast ones (TIME, WRITE, CAP_File), and before a fault. */
void cvm_spill(struct cvm *c);

/* "[monitor] cVM "name" stopped: <what>", the capability at fault from c's registers. */
void report_fault(struct cvm *c, const char *name, uint64_t cause, uint64_t tval);

/* capcall.c: the CInvoke door, CAP_Call, CAP_Stream, the copying pipe */
int capcall_init(struct cvm *all, uint64_t n);        /* after cvm_create; 0 or -1 */
void capcall_hostcall(struct cvm *c);                  /* serves its hostcalls and door checks; returns otherwise */
void capcall_fault(struct cvm *c, uint64_t cause, uint64_t tval);   /* returns unless c is in a call */
const char *capcall_name(const struct cvm *c);         /* the cVM whose code c's thread runs */
uint64_t capcall_domain(const struct cvm *c);          /* its index */
int capcall_door_fast(const struct cvm *c);            /* trapped in the door with its own pair, in no call */
uint64_t capcall_revoke_frames(uint64_t base, uint64_t size);   /* CAP_File revocation in call frames */
void capcall_poll(void);                               /* wakes what can go on, unwinds calls into finished cVMs */
int capcall_idle(void);                                /* nothing runs: servers end, a deadlock is broken; 1 if woke */

/* capfile.c */
void capfile_boot(const struct capvm_bootinfo *bi);
int64_t hc_capfile_advertise(struct cvm *c, uint64_t kaddr, uint64_t klen, uint64_t buf, uint64_t len,
                             uint64_t flags);
int64_t hc_capfile_probe(struct cvm *c, uint64_t kaddr, uint64_t klen);   /* 0: ca0 set */
int64_t hc_capfile_revoke(struct cvm *c, uint64_t kaddr, uint64_t klen);

/* main.c */
extern uint64_t current;
extern struct cvm cvms[MAX_CVMS];
extern uint64_t ncvms;
__attribute__((noreturn)) void refuse(const char *what, const char *kind, uint64_t i);
__attribute__((noreturn)) void schedule(uint64_t from);
#endif /* !__ASSEMBLER__ */

#endif /* MONITOR_H */
