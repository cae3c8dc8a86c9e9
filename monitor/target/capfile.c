/*
 * capfile.c - CAP_File: buffers shared under a key, handed out as capabilities, revoked by
 * clearing every copy the holders have.
 *
 * An entry keeps one capability bounded exactly to the buffer with the permissions holders
 * get (Global plus Load and/or Store: never LoadCap, StoreCap or Execute, so a capfile carries
 * data only and no capability can travel through one). Deployment capfiles are derived from
 * the monitor's root DDC at boot; run-time ones from the owner's saved DDC, so an owner can
 * share only what it could reach itself. A probe copies the capability into the caller's ca0:
 * from then on the holder reads and writes the buffer with no monitor on the data path.
 *
 * Revocation (owner only) clears, in every cVM that probed the key, each tagged capability
 * whose bounds lie inside the buffer: in its register slots and in its memory, found by
 * reading the tags of its region a 64-byte line at a time (CLoadTags, spec §4.8.4). Holders
 * can keep capabilities only in registers and in their own region (their DDC is the only
 * capability they hold with StoreCap), so that is every place a copy can be.
 */
#include "cheri.h"
#include "hostcalls.h"
#include "monitor.h"
#include "traceport.h"

struct capfile {
    cap_t cap;                     /* exactly the buffer, holders' perms; untagged: the entry is free */
    char key[NAME_LEN];
    int64_t owner;                 /* cVM index, or -1: the deployment (never revoked) */
    uint64_t holders;              /* bit i: cVM i probed it */
};

static struct capfile files[MAX_CAPFILES];
static uint64_t boot_files;        /* entries 0..boot_files-1 are the deployment's, in boot order */

static uint64_t cap_tag(const cap_t *slot)
{
    uint64_t c, tag;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[s])) CHERI_ASM(CGETTAG(%[t], %[c]))
                     : [c] "=&r"(c), [t] "=&r"(tag)
                     : [s] "r"(slot)
                     : "memory");
    return tag;
}

/* *dst = *src with only the permissions in perms (capabilities move whole, in one asm). */
static void cap_copy_perms(cap_t *dst, const cap_t *src, uint64_t perms)
{
    uint64_t c;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[s])) CHERI_ASM(CANDPERM(%[c], %[c], %[p])) CHERI_ASM(SC(%[c], 0, %[d]))
                     : [c] "=&r"(c)
                     : [s] "r"(src), [d] "r"(dst), [p] "r"(perms)
                     : "memory");
}

/*
 * If the capability at slot is tagged and its bounds lie inside [base, base + size), clears
 * its tag (the bits stay, for a report) and returns 1.
 */
static uint64_t revoke_slot(cap_t *slot, uint64_t base, uint64_t size)
{
    uint64_t c, tag, b, len;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[s]))
                     CHERI_ASM(CGETTAG(%[t], %[c]))
                     CHERI_ASM(CGETBASE(%[b], %[c]))
                     CHERI_ASM(CGETLEN(%[l], %[c]))
                     : [c] "=&r"(c), [t] "=&r"(tag), [b] "=&r"(b), [l] "=&r"(len)
                     : [s] "r"(slot)
                     : "memory");
    if (!tag || b < base || b - base > size || len > size - (b - base))
        return 0;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[s])) CHERI_ASM(CCLEARTAG(%[c], %[c])) CHERI_ASM(SC(%[c], 0, %[s]))
                     : [c] "=&r"(c)
                     : [s] "r"(slot)
                     : "memory");
    return 1;
}

/*
 * The first 64-byte line at or after addr (64-aligned) and before end that holds a tagged
 * granule, or end; *tags = its four tag bits. Reads tags through a capability to exactly
 * [addr, end) derived from the monitor's DDC: a line that is not in DRAM would fault the
 * monitor, and the callers pass only checked regions and buffers.
 */
static uint64_t next_tagged_line(uint64_t addr, uint64_t end, uint64_t *tags)
{
    uint64_t c, t = 0, len = end - addr;
    if (addr >= end)
        return end;
    __asm__ volatile(CHERI_ASM(CGETDDC(%[c]))
                     CHERI_ASM(CSETADDR(%[c], %[c], %[a]))
                     CHERI_ASM(CSETBOUNDS(%[c], %[c], %[len]))
                     "1:\n"
                     CHERI_ASM(CLOADTAGS(%[t], %[c]))
                     "bnez %[t], 2f\n"
                     "addi %[a], %[a], 64\n"
                     CHERI_ASM(CINCOFFSETIMM(%[c], %[c], 64))
                     "bltu %[a], %[end], 1b\n"
                     "2:\n"
                     : [c] "=&r"(c), [t] "+&r"(t), [a] "+&r"(addr)
                     : [end] "r"(end), [len] "r"(len)
                     : "memory");
    *tags = t;
    return addr;
}

/* Clears the copies in memory [base, base + size) (64-byte aligned) of capabilities inside the buffer. */
static uint64_t revoke_memory(uint64_t base, uint64_t size, uint64_t fbase, uint64_t fsize)
{
    uint64_t n = 0, end = base + size, tags;
    for (uint64_t line = next_tagged_line(base, end, &tags); line < end;
         line = next_tagged_line(line + 64, end, &tags)) {
        for (uint64_t g = 0; g < 4; g++)
            if (tags >> g & 1)
                n += revoke_slot((cap_t *)(line + 16 * g), fbase, fsize);
    }
    return n;
}

void capfile_boot(const struct capvm_bootinfo *bi)
{
    const struct capvm_bootinfo_capfile *cf = (const void *)((const char *)bi + bi->capfile_offset);
    for (uint64_t i = 0; i < bi->capfile_count; i++) {
        struct capfile *f = &files[i];
        for (uint64_t j = 0; j < NAME_LEN; j++)
            f->key[j] = cf[i].name[j];
        f->owner = -1;
        f->holders = 0;
        if (!derive_from_ddc(&f->cap, cf[i].base, cf[i].size, PERM_GLOBAL | PERM_LOAD | PERM_STORE, cf[i].base))
            refuse("capfile buffer cannot be bounded exactly", "capfile", i);
    }
    boot_files = bi->capfile_count;
}

/* Reads a key (1..NAME_LEN-1 bytes, no NUL) from the cVM into key[NAME_LEN], NUL-padded. */
static int64_t read_key(struct cvm *c, uint64_t addr, uint64_t len, char *key)
{
    if (len == 0 || len >= NAME_LEN)
        return HC_EINVAL;
    for (uint64_t i = 0; i < NAME_LEN; i++)
        key[i] = 0;
    if (from_cvm(&c->regs[SLOT_DDC], addr, len, (uint8_t *)key, 1) != 0)
        return HC_EFAULT;
    for (uint64_t i = 0; i < len; i++)
        if (key[i] == 0)
            return HC_EINVAL;
    return 0;
}

static struct capfile *find(const char *key)
{
    for (uint64_t i = 0; i < MAX_CAPFILES; i++) {
        struct capfile *f = &files[i];
        if (!cap_tag(&f->cap))
            continue;
        uint64_t j = 0;
        while (j < NAME_LEN && f->key[j] == key[j] && key[j])
            j++;
        if (j < NAME_LEN && f->key[j] == key[j])
            return f;
    }
    return 0;
}

/* The cVM whose code makes the hostcall: with CAP_Call, a callee's code runs on its caller's
 * thread, and what it advertises, probes or revokes is the callee's. */
static uint64_t cvm_index(const struct cvm *c)
{
    return capcall_domain(c);
}

int64_t hc_capfile_advertise(struct cvm *c, uint64_t kaddr, uint64_t klen, uint64_t buf, uint64_t len,
                             uint64_t flags)
{
    char key[NAME_LEN];
    if (flags == 0 || flags & ~(uint64_t)(CAPFILE_READ | CAPFILE_WRITE) || len == 0)
        return HC_EINVAL;
    int64_t r = read_key(c, kaddr, klen, key);
    if (r)
        return r;
    if (find(key))
        return HC_EEXIST;
    struct capfile *f = 0;
    for (uint64_t i = boot_files; i < MAX_CAPFILES && !f; i++)
        if (!cap_tag(&files[i].cap))
            f = &files[i];
    if (!f)
        return HC_ENOSPC;
    uint64_t want = (flags & CAPFILE_READ ? PERM_LOAD : 0) | (flags & CAPFILE_WRITE ? PERM_STORE : 0);
    if (unrelocated) {
        /* v8: buf is an offset from DDC.address, and CSetBounds(Exact) traps instead of
         * clearing the tag: check the range and its exactness first. */
        uint64_t rl, ram;
        if (from_cvm(&c->regs[SLOT_DDC], buf, len, 0, 0) != 0)
            return HC_EFAULT;
        buf += c->regs[SLOT_DDC].addr;
        __asm__(CHERI_ASM(CRRL(%0, %2)) CHERI_ASM(CRAM(%1, %2)) : "=&r"(rl), "=&r"(ram) : "r"(len));
        if (rl != len || (buf & ram) != buf)
            return HC_EINVAL;
    }
    /* From the owner's saved DDC: tagged only if [buf, buf+len) lies inside it and is exact. */
    uint64_t cap, tag, perms, inexact;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[ddc]))
                     CHERI_ASM(CSETADDR(%[c], %[c], %[buf]))
                     CHERI_ASM(CSETBOUNDS(%[c], %[c], %[len]))
                     CHERI_ASM(CGETTAG(%[i], %[c]))
                     CHERI_ASM(LC(%[c], 0, %[ddc]))
                     CHERI_ASM(CSETADDR(%[c], %[c], %[buf]))
                     CHERI_ASM(CSETBOUNDSEXACT(%[c], %[c], %[len]))
                     CHERI_ASM(CGETTAG(%[t], %[c]))
                     CHERI_ASM(CGETPERM(%[p], %[c]))
                     CHERI_ASM(CANDPERM(%[c], %[c], %[keep]))
                     CHERI_ASM(SC(%[c], 0, %[dst]))
                     : [c] "=&r"(cap), [t] "=&r"(tag), [p] "=&r"(perms), [i] "=&r"(inexact)
                     : [ddc] "r"(&c->regs[SLOT_DDC]), [buf] "r"(buf), [len] "r"(len),
                       [keep] "r"(PERM_GLOBAL | want), [dst] "r"(&f->cap)
                     : "memory");
    if (!inexact)
        return HC_EFAULT;          /* outside the owner's DDC (or the DDC is not usable) */
    if (!tag) {
        f->cap.meta = 0;
        return HC_EINVAL;          /* inside, but the bounds are not exactly representable */
    }
    if ((perms & want) != want) {
        f->cap.meta = 0;           /* the owner cannot give what it does not have */
        return HC_EFAULT;
    }
    for (uint64_t j = 0; j < NAME_LEN; j++)
        f->key[j] = key[j];
    f->owner = (int64_t)cvm_index(c);
    f->holders = 0;
    if (tp_on)
        tp_emit(TP_CAPFILE_ADVERTISE, (uint32_t)cvm_index(c), (uint64_t)(f - files), buf, len, 0);
    return f - files;
}

int64_t hc_capfile_probe(struct cvm *c, uint64_t kaddr, uint64_t klen)
{
    char key[NAME_LEN];
    int64_t r = read_key(c, kaddr, klen, key);
    if (r)
        return r;
    struct capfile *f = find(key);
    if (!f)
        return HC_ENOENT;
    uint64_t i = f - files;
    /* The mask of the cVM whose code runs: a callee on its caller's thread gets its own
     * deployment capfiles, not the caller's. */
    if (i < boot_files && !(cvms[cvm_index(c)].info->capfile_mask >> i & 1))
        return HC_EPERM;           /* the deployment does not give it this capfile */
    f->holders |= 1ull << cvm_index(c);
    cap_copy_perms(&c->regs[10], &f->cap, ~0ull);
    if (tp_on) {
        struct capinfo ci;
        cap_inspect(&f->cap, &ci);
        tp_emit(TP_CAPFILE_PROBE, (uint32_t)cvm_index(c), i, ci.perms, 0, 0);
    }
    return 0;
}

int64_t hc_capfile_revoke(struct cvm *c, uint64_t kaddr, uint64_t klen)
{
    char key[NAME_LEN];
    int64_t r = read_key(c, kaddr, klen, key);
    if (r)
        return r;
    struct capfile *f = find(key);
    if (!f)
        return HC_ENOENT;
    if (f->owner != (int64_t)cvm_index(c))
        return HC_EPERM;
    struct capinfo ci;
    cap_inspect(&f->cap, &ci);
    f->cap.meta = 0;                /* later probes fail: the entry is free */
    f->cap.addr = 0;
    uint64_t n = 0;
    for (uint64_t h = 0; h < ncvms; h++) {
        if (!(f->holders >> h & 1))
            continue;
        struct cvm *hc = &cvms[h];
        cvm_spill(hc);              /* its registers are all in its slots now */
        for (uint64_t s = 0; s < NSLOTS; s++)
            n += revoke_slot(&hc->regs[s], ci.base, ci.len);
        n += revoke_memory(hc->info->region_base, hc->info->region_size, ci.base, ci.len);
    }
    n += capcall_revoke_frames(ci.base, ci.len);   /* every thread and the registers call frames keep */
    if (tp_on)
        tp_emit(TP_CAPFILE_REVOKE, (uint32_t)cvm_index(c), (uint64_t)(f - files), n, 0, 0);
    return (int64_t)n;
}
