/*
 * capcall.c - the CInvoke door, CAP_Call, CAP_Stream and the copying pipe (docs/monitor.md).
 *
 * Threads and domains. Each cVM is a thread of control (its struct cvm holds the registers
 * that run) and a protection domain (its PCC, DDC and object type). A CAP_Call moves the
 * caller's thread into the callee's domain: the caller's registers are kept in a call frame,
 * the thread gets the callee's PCC, DDC and a stack of the callee's, and HC_RETURN through
 * the call's sealed return pair gives the caller its registers back. The domain a thread runs
 * in is the callee of its innermost frame, or its own cVM.
 *
 * Blocking. A hostcall that must wait (a stream read with nothing written, a write until the
 * reader acknowledges, a full or empty pipe, HC_SERVE) marks the thread CVM_BLOCKED with what
 * it waits for; capcall_poll, run before every scheduling decision, retries the waits and
 * unwinds calls whose callee has finished. When nothing can run, capcall_idle reports the
 * deadlock and stops the cVMs that wait, so a run never hangs.
 *
 * Capabilities are only moved by LC/SC inside one asm statement (monitor.h).
 */
#include "cheri.h"
#include "hostcalls.h"
#include "monitor.h"
#include "platform.h"
#include "traceport.h"

#define OTYPE_DOOR      1          /* hostcall pairs (monitor.h: cVMs seal with 16 + i) */
#define OTYPE_RETURN    2          /* return pairs of CAP_Call */
#define MAX_ENTRIES     32
#define MAX_DEPTH       4          /* nested calls per thread */
#define MAX_STREAMS     4
#define CALL_SLOTS      48         /* below an entry's stack top: return code, return data, buffer */
#define MIN_CALL_STACK  512

extern char door_start[], door_ecall[], door_end[];

struct entry {
    char key[NAME_LEN];
    uint64_t used, owner, fn, tramp, top;
};

struct frame {
    cap_t saved[NSLOTS];           /* the caller's registers when it called */
    cap_t token;                   /* the return pair's data capability, unsealed */
    uint64_t callee, entry;
};

enum wait_kind { W_NONE, W_STREAM_WRITE, W_STREAM_ACK, W_STREAM_READ, W_PIPE_WRITE, W_PIPE_READ, W_SERVE };

struct thread {
    cap_t door_cell;               /* what the door loads through door_data: a read-only mtime (door.S) */
    struct frame frames[MAX_DEPTH];
    uint64_t depth;
    cap_t door_data;               /* this cVM's door data capability, unsealed (c31 in its door calls) */
    cap_t door_data_sealed;
    enum wait_kind wait;
    uint64_t w_id, w_buf, w_len, w_seq;
};

enum stream_state { S_EMPTY, S_POSTED, S_GRANTED };

struct stream {
    char key[NAME_LEN];
    uint64_t used;
    int64_t end[2];                /* the cVM at each end (STREAM_WRITER, STREAM_READER), -1 = none */
    enum stream_state state;
    cap_t grant;                   /* the posted message: read-only, local, exactly its bytes */
    uint64_t glen, seq, acked;
    uint64_t plen, pfull;          /* the copying pipe's message in pipe_buf */
};

static struct cvm *all;
static uint64_t nall;
static struct thread threads[MAX_CVMS];
static struct entry entries[MAX_ENTRIES];
static struct stream streams[MAX_STREAMS];
static uint8_t pipe_buf[MAX_STREAMS][PIPE_MAX] __attribute__((aligned(16)));
static cap_t issued_pcc[MAX_CVMS], issued_ddc[MAX_CVMS];
static cap_t door_code_sealed, return_code_sealed, door_at_ecall, door_after_ecall, return_after_ecall, seal_return;

static void scrub_local(uint64_t t, uint64_t base, uint64_t size);

/* ---- capabilities, moved whole ---- */

static void cap_copy(cap_t *dst, const cap_t *src)
{
    uint64_t c;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[s])) CHERI_ASM(SC(%[c], 0, %[d]))
                     : [c] "=&r"(c)
                     : [s] "r"(src), [d] "r"(dst)
                     : "memory");
}

/* n capabilities from src to dst, whole (one asm loop: a call moves 33 of them each way). */
static void copy_slots(cap_t *dst, const cap_t *src, uint64_t n)
{
    uint64_t c;
    __asm__ volatile("1:\n" CHERI_ASM(LC(%[c], 0, %[s])) CHERI_ASM(SC(%[c], 0, %[d]))
                     "addi %[s], %[s], 16\n"
                     "addi %[d], %[d], 16\n"
                     "addi %[n], %[n], -1\n"
                     "bnez %[n], 1b\n"
                     : [c] "=&r"(c), [s] "+r"(src), [d] "+r"(dst), [n] "+r"(n)
                     :
                     : "memory");
}

/* n slots from dst on become NULL: integer stores clear the tags. */
static void null_slots(cap_t *dst, uint64_t n)
{
    __asm__ volatile("1: sd zero, 0(%[d])\n"
                     "sd zero, 8(%[d])\n"
                     "addi %[d], %[d], 16\n"
                     "addi %[n], %[n], -1\n"
                     "bnez %[n], 1b\n"
                     : [d] "+r"(dst), [n] "+r"(n)
                     :
                     : "memory");
}

static void set_int(cap_t *slot, uint64_t v)
{
    slot->addr = v;
    slot->meta = 0;
}

static uint64_t cap_eq(const cap_t *a, const cap_t *b)
{
    uint64_t x, y;
    __asm__ volatile(CHERI_ASM(LC(%[x], 0, %[a])) CHERI_ASM(LC(%[y], 0, %[b])) CHERI_ASM(CSEQX(%[x], %[x], %[y]))
                     : [x] "=&r"(x), [y] "=&r"(y)
                     : [a] "r"(a), [b] "r"(b)
                     : "memory");
    return x;
}

/* *dst = src sealed (unseal = 0) or unsealed (unseal = 1) with the authority in *sealer; the tag. */
static uint64_t cap_seal(cap_t *dst, const cap_t *src, const cap_t *sealer, int unseal)
{
    uint64_t c, s;
    if (unseal)
        __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[src])) CHERI_ASM(LC(%[s], 0, %[sl]))
                         CHERI_ASM(CUNSEAL(%[c], %[c], %[s])) CHERI_ASM(SC(%[c], 0, %[dst]))
                         CHERI_ASM(CGETTAG(%[c], %[c]))
                         : [c] "=&r"(c), [s] "=&r"(s)
                         : [src] "r"(src), [sl] "r"(sealer), [dst] "r"(dst)
                         : "memory");
    else
        __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[src])) CHERI_ASM(LC(%[s], 0, %[sl]))
                         CHERI_ASM(CSEAL(%[c], %[c], %[s])) CHERI_ASM(SC(%[c], 0, %[dst]))
                         CHERI_ASM(CGETTAG(%[c], %[c]))
                         : [c] "=&r"(c), [s] "=&r"(s)
                         : [src] "r"(src), [sl] "r"(sealer), [dst] "r"(dst)
                         : "memory");
    return c;
}

static void cap_setaddr(cap_t *dst, const cap_t *src, uint64_t addr)
{
    uint64_t c;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[s])) CHERI_ASM(CSETADDR(%[c], %[c], %[a])) CHERI_ASM(SC(%[c], 0, %[d]))
                     : [c] "=&r"(c)
                     : [s] "r"(src), [d] "r"(dst), [a] "r"(addr)
                     : "memory");
}

struct cinfo {
    uint64_t tag, base, len, otype, perms;
};

static void cap_get(const cap_t *slot, struct cinfo *o)
{
    uint64_t c;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[s]))
                     CHERI_ASM(CGETTAG(%[tag], %[c]))
                     CHERI_ASM(CGETBASE(%[base], %[c]))
                     CHERI_ASM(CGETLEN(%[len], %[c]))
                     CHERI_ASM(CGETTYPE(%[otype], %[c]))
                     CHERI_ASM(CGETPERM(%[perms], %[c]))
                     : [c] "=&r"(c), [tag] "=&r"(o->tag), [base] "=&r"(o->base), [len] "=&r"(o->len),
                       [otype] "=&r"(o->otype), [perms] "=&r"(o->perms)
                     : [s] "r"(slot)
                     : "memory");
}

/*
 * *dst = the cVM's DDC (*ddc, the authority it runs with) narrowed to [addr, addr+len) with
 * permissions `keep`. 0, or HC_EFAULT when the DDC is not a usable capability, does not cover
 * the range (CSetBounds clears the tag: spec §9.4) or lacks a permission of `need`.
 */
static int64_t user_cap(cap_t *dst, const cap_t *ddc, uint64_t addr, uint64_t len, uint64_t need, uint64_t keep)
{
    uint64_t c, ok, p;
    if (unrelocated) {
        /* v8 (spec §8): addr is an offset from DDC.address, and CSetBounds traps where v9
         * clears the tag, so the range is checked before the capability is made. */
        struct cinfo d;
        cap_get(ddc, &d);
        addr += ddc->addr;
        if (!d.tag || d.otype != (uint64_t)-1 || addr < d.base || len > d.len || addr - d.base > d.len - len)
            return HC_EFAULT;
    }
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[ddc]))
                     CHERI_ASM(CSETADDR(%[c], %[c], %[addr]))
                     CHERI_ASM(CSETBOUNDS(%[c], %[c], %[len]))
                     CHERI_ASM(CGETTAG(%[ok], %[c]))
                     CHERI_ASM(CGETPERM(%[p], %[c]))
                     CHERI_ASM(CANDPERM(%[c], %[c], %[keep]))
                     CHERI_ASM(SC(%[c], 0, %[dst]))
                     : [c] "=&r"(c), [ok] "=&r"(ok), [p] "=&r"(p)
                     : [ddc] "r"(ddc), [addr] "r"(addr), [len] "r"(len), [keep] "r"(keep), [dst] "r"(dst)
                     : "memory");
    return ok && (p & need) == need ? 0 : HC_EFAULT;
}

/* Monitor memory <- a cVM's memory, through *src (address = the first byte). */
static void copy_in(uint8_t *dst, const cap_t *src, uint64_t len)
{
    uint64_t c, t, words = ((src->addr | (uint64_t)dst) & 7) ? 0 : len / 8, bytes = len - words * 8;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[s]))
                     "beqz %[w], 2f\n"
                     "1:\n" CHERI_ASM(LD_CAP(%[t], %[c]))
                     "sd %[t], 0(%[d])\n"
                     CHERI_ASM(CINCOFFSETIMM(%[c], %[c], 8))
                     "addi %[d], %[d], 8\n"
                     "addi %[w], %[w], -1\n"
                     "bnez %[w], 1b\n"
                     "2: beqz %[b], 4f\n"
                     "3:\n" CHERI_ASM(LBU_CAP(%[t], %[c]))
                     "sb %[t], 0(%[d])\n"
                     CHERI_ASM(CINCOFFSETIMM(%[c], %[c], 1))
                     "addi %[d], %[d], 1\n"
                     "addi %[b], %[b], -1\n"
                     "bnez %[b], 3b\n"
                     "4:\n"
                     : [c] "=&r"(c), [t] "=&r"(t), [d] "+r"(dst), [w] "+r"(words), [b] "+r"(bytes)
                     : [s] "r"(src)
                     : "memory");
}

/* A cVM's memory, through *dst (address = the first byte) <- monitor memory. */
static void copy_out(const cap_t *dst, const uint8_t *src, uint64_t len)
{
    uint64_t c, t, words = ((dst->addr | (uint64_t)src) & 7) ? 0 : len / 8, bytes = len - words * 8;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[dc]))
                     "beqz %[w], 2f\n"
                     "1: ld %[t], 0(%[s])\n"
                     CHERI_ASM(SD_CAP(%[t], %[c]))
                     CHERI_ASM(CINCOFFSETIMM(%[c], %[c], 8))
                     "addi %[s], %[s], 8\n"
                     "addi %[w], %[w], -1\n"
                     "bnez %[w], 1b\n"
                     "2: beqz %[b], 4f\n"
                     "3: lbu %[t], 0(%[s])\n"
                     CHERI_ASM(SB_CAP(%[t], %[c]))
                     CHERI_ASM(CINCOFFSETIMM(%[c], %[c], 1))
                     "addi %[s], %[s], 1\n"
                     "addi %[b], %[b], -1\n"
                     "bnez %[b], 3b\n"
                     "4:\n"
                     : [c] "=&r"(c), [t] "=&r"(t), [s] "+r"(src), [w] "+r"(words), [b] "+r"(bytes)
                     : [dc] "r"(dst)
                     : "memory");
}

/* A capability into a cVM's memory at addr, 16-byte aligned, a range checked beforehand: the
 * monitor's own authority, because what it places may be local (the cVM could not store it). */
static void place_cap(uint64_t addr, const cap_t *c)
{
    cap_copy((cap_t *)addr, c);
}

static void clear_slot(uint64_t addr)
{
    ((volatile uint64_t *)addr)[0] = 0;             /* a data store clears the tag (spec §9.18) */
    ((volatile uint64_t *)addr)[1] = 0;
}

/* ---- threads and domains ---- */

static uint64_t finished(uint64_t k)
{
    return all[k].state == CVM_EXITED || all[k].state == CVM_FAULTED;
}

static uint64_t domain_of(uint64_t t)
{
    const struct thread *th = &threads[t];
    return th->depth ? th->frames[th->depth - 1].callee : t;
}

uint64_t capcall_domain(const struct cvm *c)
{
    return domain_of((uint64_t)(c - all));
}

const char *capcall_name(const struct cvm *c)
{
    return all[domain_of((uint64_t)(c - all))].info->name;
}

static uint64_t serving;                            /* the hostcall number being served (trace port) */

static __attribute__((noreturn)) void resume(struct cvm *c)
{
    tp_emit(TP_HOSTCALL_LEAVE, (uint32_t)current, serving, c->regs[10].addr, 0, 0);
    tp_emit(TP_CVM_ENTER, (uint32_t)current, 0, 0, 0, 0);
    uint64_t now;
    __asm__ volatile("csrr %0, minstret" : "=r"(now));
    c->entered_at = now;
    cvm_resume(c);
}

static __attribute__((noreturn)) void finish(struct cvm *c, int64_t ret)
{
    set_int(&c->regs[10], (uint64_t)ret);
    resume(c);
}

/* Pops the innermost frame: the callee's slots are cleared, the caller gets its registers
 * back with a0 = status, a1 = value. */
static void pop_frame(uint64_t t, int64_t status, uint64_t value)
{
    struct thread *th = &threads[t];
    cvm_spill(&all[t]);                             /* every slot is rewritten below */
    struct frame *f = &th->frames[--th->depth];
    uint64_t top = entries[f->entry].top;
    for (uint64_t a = top - CALL_SLOTS; a < top; a += 16)
        clear_slot(a);
    copy_slots(all[t].regs, f->saved, NSLOTS);
    set_int(&all[t].regs[10], (uint64_t)status);
    set_int(&all[t].regs[11], value);
}

/* Unwinds every frame from the outermost one whose callee has finished: the caller below it
 * gets HC_ECANCELED. Returns 1 if it popped anything. */
static int unwind_dead(uint64_t t)
{
    struct thread *th = &threads[t];
    uint64_t k = th->depth;
    for (uint64_t i = th->depth; i-- > 0;)
        if (finished(th->frames[i].callee))
            k = i;
    if (k == th->depth)
        return 0;
    while (th->depth > k)
        pop_frame(t, HC_ECANCELED, 0);
    return 1;
}

/* A thread that stops for good: the slots its frames placed are cleared. */
static void release_thread(uint64_t t)
{
    while (threads[t].depth)
        pop_frame(t, 0, 0);
    threads[t].wait = W_NONE;
}

int capcall_init(struct cvm *cvms, uint64_t n)
{
    all = cvms;
    nall = n;
    cap_t seal_door, door_code, ret_code;
    uint64_t ok = derive_root(&seal_door, OTYPE_DOOR, 1, PERM_GLOBAL | PERM_SEAL, OTYPE_DOOR, 0);
    ok &= derive_root(&seal_return, OTYPE_RETURN, 1, PERM_GLOBAL | PERM_SEAL, OTYPE_RETURN, 0);
    uint64_t door = (uint64_t)door_start, len = (uint64_t)(door_end - door_start);
    /* The door code: Execute and CInvoke only (no Load, no ASR: it runs in U mode). */
    ok &= derive_root(&door_code, door, len, PERM_GLOBAL | PERM_EXECUTE | PERM_CINVOKE, door, 1);
    uint64_t at_ecall = (uint64_t)door_ecall;
    cap_setaddr(&door_at_ecall, &door_code, at_ecall);
    cap_setaddr(&door_after_ecall, &door_code, at_ecall + 4);
    ok &= cap_seal(&door_code_sealed, &door_code, &seal_door, 0);
    /* Return pairs are local (no Global): a callee cannot store them, only use them. */
    ok &= derive_root(&ret_code, door, len, PERM_EXECUTE | PERM_CINVOKE, door, 1);
    cap_setaddr(&return_after_ecall, &ret_code, at_ecall + 4);
    ok &= cap_seal(&return_code_sealed, &ret_code, &seal_return, 0);
    for (uint64_t i = 0; i < n; i++) {
        struct thread *th = &threads[i];
        /* The door cell: what the door's HC_TIME reads, mtime and nothing else, read-only. */
        ok &= derive_root(&th->door_cell, CLINT_MTIME, 8, PERM_GLOBAL | PERM_LOAD, CLINT_MTIME, 0);
        /* Data capabilities name a cVM by their bounds (its door cell) and allow CInvoke and
         * loading that cell (the door's HC_TIME); CInvoke wants cs2 without Execute. */
        ok &= derive_root(&th->door_data, (uint64_t)&th->door_cell, sizeof(cap_t),
                       PERM_GLOBAL | PERM_CINVOKE | PERM_LOAD | PERM_LOAD_CAP, (uint64_t)&th->door_cell, 0);
        ok &= cap_seal(&th->door_data_sealed, &th->door_data, &seal_door, 0);
        cap_copy(&issued_pcc[i], &cvms[i].regs[SLOT_PCC]);
        cap_copy(&issued_ddc[i], &cvms[i].regs[SLOT_DDC]);
    }
    return ok ? 0 : -1;
}

/* ---- CAP_Call ---- */

/* Reads a key (1..NAME_LEN-1 bytes at addr) through the cVM's DDC into key[], NUL-terminated. */
static int64_t read_key(struct cvm *c, uint64_t addr, uint64_t len, char key[NAME_LEN])
{
    cap_t k;
    if (len == 0 || len >= NAME_LEN)
        return HC_EINVAL;
    if (user_cap(&k, &c->regs[SLOT_DDC], addr, len, PERM_LOAD, PERM_LOAD) != 0)
        return HC_EFAULT;
    copy_in((uint8_t *)key, &k, len);
    for (uint64_t i = len; i < NAME_LEN; i++)
        key[i] = 0;
    return 0;
}

static int key_eq(const char *a, const char *b)
{
    for (uint64_t i = 0; i < NAME_LEN; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static int64_t call_advertise(struct cvm *c, uint64_t d)
{
    char key[NAME_LEN];
    uint64_t fn = c->regs[12].addr, stack = c->regs[13].addr, size = c->regs[14].addr, tramp = c->regs[15].addr;
    int64_t r = read_key(c, c->regs[10].addr, c->regs[11].addr, key);
    if (r)
        return r;
    const struct capvm_bootinfo_cvm *info = all[d].info;
    /* v8: code addresses are offsets from PCC's base, which is the region's (main.c). */
    uint64_t rel = unrelocated ? info->region_base : 0, fn_at = fn + rel, tramp_at = tramp + rel;
    if (fn % 2 || tramp % 2 || fn_at - info->code_base >= info->code_size || tramp_at - info->code_base >= info->code_size)
        return HC_EINVAL;                           /* both must be this cVM's code */
    if (size < MIN_CALL_STACK || stack + size < stack)
        return HC_EINVAL;
    cap_t s;
    if (user_cap(&s, &c->regs[SLOT_DDC], stack, size, PERM_LOAD | PERM_STORE, 0) != 0)
        return HC_EFAULT;
    stack = s.addr;                                 /* where it is (v8: the offset resolved) */
    /* In its own region too, not only under its current DDC (which could be a capfile's
     * buffer): the monitor places call capabilities there that nobody else may load. */
    if (stack - info->region_base >= info->region_size || size > info->region_size - (stack - info->region_base))
        return HC_EFAULT;
    int64_t free = -1;
    for (uint64_t j = 0; j < MAX_ENTRIES; j++) {
        if (entries[j].used && key_eq(entries[j].key, key))
            return HC_EEXIST;
        if (!entries[j].used && free < 0)
            free = (int64_t)j;
    }
    if (free < 0)
        return HC_ENOSPC;
    struct entry *e = &entries[free];
    for (uint64_t i = 0; i < NAME_LEN; i++)
        e->key[i] = key[i];
    e->used = 1;
    e->owner = d;
    e->fn = fn;                                     /* for the trampoline's jalr: as the cVM gave it */
    e->tramp = tramp_at;
    e->top = (stack + size) & ~15ull;
    return free;
}

static int64_t call_probe(struct cvm *c)
{
    char key[NAME_LEN];
    int64_t r = read_key(c, c->regs[10].addr, c->regs[11].addr, key);
    if (r)
        return r;
    for (uint64_t j = 0; j < MAX_ENTRIES; j++) {
        struct entry *e = &entries[j];
        if (!e->used || !key_eq(e->key, key))
            continue;
        if (finished(e->owner))
            return HC_ESRCH;
        /* The handle: no permission at all, bounds = the entry record, sealed with the
         * callee's object type (only the monitor holds that sealing capability). */
        cap_t h;
        if (!derive_root(&h, (uint64_t)e, sizeof(*e), PERM_GLOBAL, (uint64_t)e, 0) ||
            !cap_seal(&c->regs[10], &h, &all[e->owner].seal, 0))
            return HC_EINVAL;
        resume(c);
    }
    return HC_ENOENT;
}

/* The entry a handle (in *h) names, or an error: untagged, not sealed with a cVM's object
 * type, or not a handle this monitor made. */
static int64_t handle_entry(const cap_t *h)
{
    struct cinfo i;
    cap_get(h, &i);
    if (!i.tag || i.otype < OTYPE_CVM_BASE || i.otype >= OTYPE_CVM_BASE + nall)
        return HC_EPERM;
    uint64_t k = i.otype - OTYPE_CVM_BASE;
    cap_t u;
    if (!cap_seal(&u, h, &all[k].seal, 1))
        return HC_EPERM;
    cap_get(&u, &i);
    uint64_t off = i.base - (uint64_t)entries;
    if (off >= sizeof(entries) || off % sizeof(struct entry) || i.len != sizeof(struct entry))
        return HC_EPERM;
    uint64_t j = off / sizeof(struct entry);
    if (!entries[j].used || entries[j].owner != k)
        return HC_EPERM;
    return (int64_t)j;
}

static int64_t call(struct cvm *c, uint64_t t, uint64_t d)
{
    struct thread *th = &threads[t];
    int64_t j = handle_entry(&c->regs[10]);
    if (j < 0)
        return j;
    struct entry *e = &entries[j];
    uint64_t k = e->owner;
    if (finished(k))
        return HC_ESRCH;
    if (th->depth == MAX_DEPTH)
        return HC_ENOSPC;
    for (uint64_t u = 0; u < nall; u++)             /* one stack per entry: no re-entry */
        for (uint64_t i = 0; i < threads[u].depth && !finished(u); i++)
            if (threads[u].frames[i].entry == (uint64_t)j)
                return HC_EBUSY;
    uint64_t arg0 = c->regs[11].addr, arg1 = c->regs[12].addr, buf = c->regs[13].addr, len = c->regs[14].addr;
    uint64_t flags = c->regs[15].addr;
    cap_t grant;
    set_int(&grant, 0);
    if (len) {
        if (flags == 0 || flags > (CALL_READ | CALL_WRITE))
            return HC_EINVAL;
        /* Local (no Global) and data only: the callee can use it while the call lasts but
         * cannot store it anywhere (its DDC has no StoreLocalCap), nor load capabilities
         * through it. */
        uint64_t perms = (flags & CALL_READ ? PERM_LOAD : 0) | (flags & CALL_WRITE ? PERM_STORE : 0);
        if (user_cap(&grant, &c->regs[SLOT_DDC], buf, len, perms, perms) != 0)
            return HC_EFAULT;
    }
    struct frame *f = &th->frames[th->depth];
    copy_slots(f->saved, c->regs, NSLOTS);
    f->callee = k;
    f->entry = (uint64_t)j;
    /* The return token names this frame; both halves of the pair are local. */
    cap_t sealed;
    derive_root(&f->token, (uint64_t)&f->token, sizeof(cap_t), PERM_CINVOKE, (uint64_t)&f->token, 0);
    cap_seal(&sealed, &f->token, &seal_return, 0);
    uint64_t sp = e->top - CALL_SLOTS;
    place_cap(sp, &return_code_sealed);
    place_cap(sp + 16, &sealed);
    if (len)
        place_cap(sp + 32, &grant);
    else
        clear_slot(sp + 32);
    th->depth++;
    /* The callee starts with nothing but its own PCC and DDC, its stack and the arguments. */
    null_slots(&c->regs[1], NSLOTS - 1);
    cap_setaddr(&c->regs[SLOT_PCC], &issued_pcc[k], e->tramp);
    cap_copy(&c->regs[SLOT_DDC], &issued_ddc[k]);
    uint64_t rel = unrelocated ? all[k].info->region_base : 0;   /* v8: the callee sees offsets */
    set_int(&c->regs[2], sp - rel);
    set_int(&c->regs[5], e->fn);                    /* t0: the function the trampoline calls */
    set_int(&c->regs[10], arg0);
    set_int(&c->regs[11], arg1);
    set_int(&c->regs[12], len ? sp + 32 - rel : 0); /* a2: where the buffer capability is */
    set_int(&c->regs[13], len);
    set_int(&c->regs[14], d);                       /* a4: the caller's cVM index */
    tp_emit(TP_CALL, (uint32_t)d, k, (uint64_t)j, 0, 0);
    resume(c);
}

/* HC_RETURN through the door: c31 must be the innermost call's return token. */
static int64_t call_return(struct cvm *c, uint64_t t)
{
    struct thread *th = &threads[t];
    if (th->depth == 0 || !cap_eq(&c->regs[31], &th->frames[th->depth - 1].token))
        return HC_EPERM;
    uint64_t value = c->regs[10].addr;
    pop_frame(t, 0, value);
    tp_emit(TP_RETURN, (uint32_t)th->frames[th->depth].callee, domain_of(t), value, 0, 0);
    resume(c);
}

/* The domain a thread runs in ends (exit or fault) during a call. */
static __attribute__((noreturn)) void domain_ends(struct cvm *c, uint64_t t, uint64_t d)
{
    if (d != t && threads[d].depth)
        release_thread(d);
    if (d == t) {                                   /* a call back into the caller's own cVM */
        release_thread(t);
        schedule(current + 1);
    }
    unwind_dead(t);
    resume(c);
}

void capcall_fault(struct cvm *c, uint64_t cause, uint64_t tval)
{
    uint64_t t = (uint64_t)(c - all), d = domain_of(t);
    if (d == t) {                                   /* cvm.c reports it and stops the thread */
        release_thread(t);                          /* (in a call back into itself: its frames go) */
        return;
    }
    report_fault(c, all[d].info->name, cause, tval);
    mon_line();
    con_puts("  (during a call from \"");
    uint64_t depth = threads[t].depth;
    con_puts(all[depth >= 2 ? threads[t].frames[depth - 2].callee : t].info->name);
    con_puts("\"; the caller gets ECANCELED)\n");
    all[d].state = CVM_FAULTED;
    domain_ends(c, t, d);
}

/* ---- CAP_Stream and the copying pipe ---- */

static int64_t stream_open(struct cvm *c, uint64_t d)
{
    char key[NAME_LEN];
    uint64_t end = c->regs[12].addr;
    if (end > STREAM_READER)
        return HC_EINVAL;
    int64_t r = read_key(c, c->regs[10].addr, c->regs[11].addr, key);
    if (r)
        return r;
    int64_t free = -1;
    for (uint64_t i = 0; i < MAX_STREAMS; i++) {
        struct stream *s = &streams[i];
        if (s->used && key_eq(s->key, key)) {
            if (s->end[end] >= 0)
                return HC_EBUSY;
            s->end[end] = (int64_t)d;
            return (int64_t)i;
        }
        if (!s->used && free < 0)
            free = (int64_t)i;
    }
    if (free < 0)
        return HC_ENOSPC;
    struct stream *s = &streams[free];
    for (uint64_t i = 0; i < NAME_LEN; i++)
        s->key[i] = key[i];
    s->used = 1;
    s->end[0] = s->end[1] = -1;
    s->end[end] = (int64_t)d;
    return free;
}

/* The stream `id` if the thread's domain holds its end `end`. */
static struct stream *stream_at(uint64_t t, uint64_t id, uint64_t end)
{
    if (id >= MAX_STREAMS || !streams[id].used || streams[id].end[end] != (int64_t)domain_of(t))
        return 0;
    return &streams[id];
}

static int gone(const struct stream *s, uint64_t end)
{
    return s->end[end] >= 0 && finished((uint64_t)s->end[end]);
}

/*
 * The operations that may wait. Each returns 1 when it has an answer (in *ret; registers
 * other than a0 already set), 0 when the thread must wait. The arguments are in the thread's
 * wait record, so that capcall_poll can try again.
 */
static int op_stream_write(uint64_t t, int64_t *ret)
{
    struct thread *th = &threads[t];
    struct stream *s = &streams[th->w_id];
    if (th->wait == W_STREAM_ACK) {                 /* posted already: wait for the reader */
        if (s->acked == th->w_seq) {
            *ret = (int64_t)th->w_len;
            tp_emit(TP_STREAM_WRITE, (uint32_t)domain_of(t), th->w_id, th->w_len, 0, 0);
            return 1;
        }
        if (gone(s, STREAM_READER)) {
            s->state = S_EMPTY;
            set_int(&s->grant, 0);
            *ret = HC_EPIPE;
            return 1;
        }
        return 0;
    }
    if (gone(s, STREAM_READER)) {
        *ret = HC_EPIPE;
        return 1;
    }
    if (th->w_len == 0) {
        *ret = HC_EINVAL;
        return 1;
    }
    if (s->state != S_EMPTY) {
        *ret = HC_EBUSY;                            /* another thread of this cVM is writing */
        return 1;
    }
    /* Read-only, local, exactly the message: the reader copies through it and cannot keep it. */
    if (user_cap(&s->grant, &all[t].regs[SLOT_DDC], th->w_buf, th->w_len, PERM_LOAD, PERM_LOAD) != 0) {
        *ret = HC_EFAULT;
        return 1;
    }
    s->glen = th->w_len;
    s->state = S_POSTED;
    th->w_seq = ++s->seq;
    th->wait = W_STREAM_ACK;
    return 0;
}

static int op_stream_read(uint64_t t, int64_t *ret)
{
    struct stream *s = &streams[threads[t].w_id];
    if (s->state == S_GRANTED) {
        *ret = HC_EINVAL;                           /* acknowledge the last message first */
        return 1;
    }
    if (s->state == S_POSTED) {
        cap_copy(&all[t].regs[11], &s->grant);
        s->state = S_GRANTED;
        *ret = (int64_t)s->glen;
        tp_emit(TP_STREAM_READ, (uint32_t)domain_of(t), threads[t].w_id, s->glen, 0, 0);
        return 1;
    }
    if (gone(s, STREAM_WRITER)) {
        *ret = 0;                                   /* the end of the stream */
        return 1;
    }
    return 0;
}

static int64_t stream_ack(struct cvm *c, uint64_t t, uint64_t id)
{
    struct stream *s = stream_at(t, id, STREAM_READER);
    if (!s)
        return HC_EPERM;
    if (s->state != S_GRANTED)
        return HC_EINVAL;
    struct cinfo g;
    cap_get(&s->grant, &g);
    (void)c;
    scrub_local(t, g.base, g.len);                  /* the reader's copies of the grant go */
    set_int(&s->grant, 0);
    s->state = S_EMPTY;
    s->acked = s->seq;
    return 0;
}

static int op_pipe_write(uint64_t t, int64_t *ret)
{
    struct thread *th = &threads[t];
    struct stream *s = &streams[th->w_id];
    if (gone(s, STREAM_READER)) {
        *ret = HC_EPIPE;
        return 1;
    }
    if (th->w_len == 0 || th->w_len > PIPE_MAX) {
        *ret = HC_EINVAL;
        return 1;
    }
    if (s->pfull)
        return 0;
    cap_t src;
    if (user_cap(&src, &all[t].regs[SLOT_DDC], th->w_buf, th->w_len, PERM_LOAD, PERM_LOAD) != 0) {
        *ret = HC_EFAULT;
        return 1;
    }
    copy_in(pipe_buf[th->w_id], &src, th->w_len);  /* copy one: writer -> monitor */
    s->plen = th->w_len;
    s->pfull = 1;
    *ret = (int64_t)th->w_len;
    return 1;
}

static int op_pipe_read(uint64_t t, int64_t *ret)
{
    struct thread *th = &threads[t];
    struct stream *s = &streams[th->w_id];
    if (th->w_len == 0) {
        *ret = HC_EINVAL;
        return 1;
    }
    if (!s->pfull) {
        if (!gone(s, STREAM_WRITER))
            return 0;
        *ret = 0;
        return 1;
    }
    uint64_t n = s->plen < th->w_len ? s->plen : th->w_len;
    cap_t dst;
    if (user_cap(&dst, &all[t].regs[SLOT_DDC], th->w_buf, n, PERM_STORE, PERM_STORE) != 0) {
        *ret = HC_EFAULT;
        return 1;
    }
    copy_out(&dst, pipe_buf[th->w_id], n);         /* copy two: monitor -> reader */
    s->pfull = 0;
    *ret = (int64_t)n;
    return 1;
}

static int op_serve(uint64_t t, int64_t *ret)
{
    for (uint64_t u = 0; u < nall; u++)
        if (u != t && !finished(u) && !(all[u].state == CVM_BLOCKED && threads[u].wait == W_SERVE))
            return 0;
    *ret = 0;
    return 1;
}

static int op_retry(uint64_t t, int64_t *ret)
{
    switch (threads[t].wait) {
    case W_STREAM_READ: return op_stream_read(t, ret);
    case W_STREAM_WRITE:
    case W_STREAM_ACK: return op_stream_write(t, ret);
    case W_PIPE_WRITE: return op_pipe_write(t, ret);
    case W_PIPE_READ: return op_pipe_read(t, ret);
    case W_SERVE: return op_serve(t, ret);
    default: *ret = HC_EINVAL; return 1;
    }
}

/* Runs an operation that may wait: answers now, or blocks the thread and runs another. */
static __attribute__((noreturn)) void wait_op(struct cvm *c, uint64_t t, enum wait_kind kind, uint64_t id,
                                              uint64_t buf, uint64_t len)
{
    struct thread *th = &threads[t];
    int64_t ret;
    th->wait = kind;
    th->w_id = id;
    th->w_buf = buf;
    th->w_len = len;
    if (op_retry(t, &ret)) {
        th->wait = W_NONE;
        finish(c, ret);
    }
    c->state = CVM_BLOCKED;
    schedule(current + 1);
}

static const char *wait_name(enum wait_kind k)
{
    switch (k) {
    case W_STREAM_READ: return "a stream read";
    case W_STREAM_WRITE:
    case W_STREAM_ACK: return "a stream write";
    case W_PIPE_WRITE: return "a pipe write";
    case W_PIPE_READ: return "a pipe read";
    case W_SERVE: return "serve";
    default: return "nothing";
    }
}

void capcall_poll(void)
{
    for (uint64_t t = 0; t < nall; t++) {
        struct cvm *c = &all[t];
        if (finished(t))
            continue;
        if (threads[t].depth && unwind_dead(t)) {   /* a callee it was in has finished */
            if (threads[t].wait == W_STREAM_ACK && streams[threads[t].w_id].state == S_POSTED)
                streams[threads[t].w_id].state = S_EMPTY;
            threads[t].wait = W_NONE;
            c->state = CVM_READY;
            continue;
        }
        int64_t ret;
        if (c->state == CVM_BLOCKED && op_retry(t, &ret)) {
            threads[t].wait = W_NONE;
            set_int(&c->regs[10], (uint64_t)ret);
            c->state = CVM_READY;
        }
    }
}

int capcall_idle(void)
{
    int stuck = 0, woke = 0;
    for (uint64_t t = 0; t < nall; t++)
        stuck |= all[t].state == CVM_BLOCKED && threads[t].wait != W_SERVE;
    for (uint64_t t = 0; t < nall; t++) {
        if (all[t].state != CVM_BLOCKED)
            continue;
        if (stuck && threads[t].wait != W_SERVE) {
            mon_line();
            con_puts("cVM \"");
            con_puts(all[t].info->name);
            con_puts("\" stopped: deadlock (every cVM left waits; it waits in ");
            con_puts(wait_name(threads[t].wait));
            con_puts(")\n");
            release_thread(t);
            all[t].state = CVM_FAULTED;
            woke = 1;
        }
    }
    if (!stuck)                                     /* only servers are left: they are done */
        for (uint64_t t = 0; t < nall; t++)
            if (all[t].state == CVM_BLOCKED) {
                threads[t].wait = W_NONE;
                set_int(&all[t].regs[10], 0);
                all[t].state = CVM_READY;
                woke = 1;
            }
    return woke;
}

/* ---- CAP_File revocation ---- */

static uint64_t revoke_in(cap_t *slot, uint64_t base, uint64_t size)
{
    struct cinfo ci;
    cap_get(slot, &ci);
    if (!ci.tag || ci.base < base || ci.base - base > size || ci.len > size - (ci.base - base))
        return 0;
    slot->meta = 0;                                 /* the address stays, the capability goes */
    return 1;
}

/*
 * What a stream grant may have become in the reader's thread t: a local capability cannot be
 * stored in memory, so every copy is in t's registers (DDC included) or its call frames (a
 * copy handed to another stream's reader is acknowledged, and gone, before t can go on).
 * Clears every local capability inside [base, base + size) there; the cVMs' own capabilities
 * are Global and stay.
 */
static void scrub_local(uint64_t t, uint64_t base, uint64_t size)
{
    cvm_spill(&all[t]);
    for (uint64_t i = 0; i <= threads[t].depth; i++) {
        cap_t *slots = i < threads[t].depth ? threads[t].frames[i].saved : all[t].regs;
        for (uint64_t k = 0; k < NSLOTS; k++) {
            struct cinfo ci;
            if (slots[k].meta == 0)                 /* an integer (NULL-derived): nothing to clear */
                continue;
            cap_get(&slots[k], &ci);
            if (!(ci.perms & PERM_GLOBAL))
                revoke_in(&slots[k], base, size);
        }
    }
}

/*
 * With CAP_Call a capability can sit in any thread's registers (a callee's code runs on its
 * caller's thread) and in the caller registers a call frame keeps while the call lasts: CAP_File
 * revocation (capfile.c) clears every capability inside [base, base + size) in all of them.
 * Returns how many it cleared.
 */
uint64_t capcall_revoke_frames(uint64_t base, uint64_t size)
{
    uint64_t n = 0;
    for (uint64_t t = 0; t < nall; t++) {
        cvm_spill(&all[t]);                         /* its registers are all in its slots now */
        for (uint64_t k = 0; k < NSLOTS; k++)
            n += revoke_in(&all[t].regs[k], base, size);
        for (uint64_t i = 0; i < threads[t].depth; i++)
            for (uint64_t k = 0; k < NSLOTS; k++)
                n += revoke_in(&threads[t].frames[i].saved[k], base, size);
    }
    return n;
}

/* ---- dispatch ---- */

/*
 * For cvm.c's fast hostcalls: 1 if c trapped in the door, through its own hostcall pair, and
 * runs in no call (then TIME, WRITE and CAP_File are served as from its own code). Reads
 * only slots every trap saves (PCC, c31, a7).
 */
int capcall_door_fast(const struct cvm *c)
{
    uint64_t t = (uint64_t)(c - all);
    return c->regs[SLOT_PCC].addr == door_at_ecall.addr && threads[t].depth == 0 && c->regs[17].addr != HC_RETURN &&
           cap_eq(&c->regs[SLOT_PCC], &door_at_ecall) && cap_eq(&c->regs[31], &threads[t].door_data);
}

void capcall_hostcall(struct cvm *c)
{
    uint64_t t = (uint64_t)(c - all), nr = c->regs[17].addr;
    /* Not the door, not in a call, not one of these numbers: cvm.c serves it (the common
     * case costs these compares only). */
    if (c->regs[SLOT_PCC].addr != door_after_ecall.addr && threads[t].depth == 0 &&
        nr - HC_CALL_ADVERTISE > HC_SERVE - HC_CALL_ADVERTISE)
        return;
    cvm_spill(c);                                   /* any slot may be read or rewritten below */
    uint64_t d = domain_of(t);
    serving = nr;
    tp_emit(TP_HOSTCALL_ENTER, (uint32_t)current, nr, c->regs[10].addr, 0, 0);
    /* The door: the PCC it trapped with is the door code as a hostcall pair or a return pair
     * delivers it (the two differ in Global); cvm.c already moved it past the ecall. */
    if (cap_eq(&c->regs[SLOT_PCC], &return_after_ecall)) {
        finish(c, nr == HC_RETURN ? call_return(c, t) : HC_EPERM);
    } else if (cap_eq(&c->regs[SLOT_PCC], &door_after_ecall)) {
        if (!cap_eq(&c->regs[31], &threads[d].door_data))
            finish(c, HC_EPERM);                    /* a pair the monitor did not give this cVM */
    }
    if (nr == HC_RETURN)
        finish(c, HC_EPERM);                        /* returns come through a return pair only */
    switch (nr) {
    case HC_EXIT:
        if (d == t) {                               /* cvm.c: the cVM ends */
            release_thread(t);                      /* (in a call back into itself: its frames go) */
            return;
        }
        all[d].status = (int64_t)c->regs[10].addr;
        all[d].state = CVM_EXITED;
        mon_line();
        con_puts("cVM \"");
        con_puts(all[d].info->name);
        con_puts("\" exited during a call; the caller gets ECANCELED\n");
        domain_ends(c, t, d);
    case HC_DOOR:
        cap_copy(&c->regs[10], &door_code_sealed);
        cap_copy(&c->regs[11], &threads[d].door_data_sealed);
        resume(c);
    case HC_CALL_ADVERTISE:
        finish(c, call_advertise(c, d));
    case HC_CALL_PROBE:
        finish(c, call_probe(c));
    case HC_CALL:
        finish(c, call(c, t, d));
    case HC_STREAM_OPEN:
        finish(c, stream_open(c, d));
    case HC_STREAM_WRITE:
    case HC_STREAM_READ:
    case HC_PIPE_WRITE:
    case HC_PIPE_READ: {
        uint64_t id = c->regs[10].addr;
        uint64_t end = nr == HC_STREAM_READ || nr == HC_PIPE_READ ? STREAM_READER : STREAM_WRITER;
        if (!stream_at(t, id, end))
            finish(c, HC_EPERM);
        enum wait_kind k = nr == HC_STREAM_WRITE  ? W_STREAM_WRITE
                           : nr == HC_STREAM_READ ? W_STREAM_READ
                           : nr == HC_PIPE_WRITE  ? W_PIPE_WRITE
                                                  : W_PIPE_READ;
        wait_op(c, t, k, id, c->regs[11].addr, c->regs[12].addr);
    }
    case HC_STREAM_ACK:
        finish(c, stream_ack(c, t, c->regs[10].addr));
    case HC_SERVE:
        wait_op(c, t, W_SERVE, 0, 0, 0);
    default:
        return;                                     /* served by cvm.c */
    }
}
