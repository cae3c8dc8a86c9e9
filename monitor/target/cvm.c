/*
 * cvm.c - a cVM's capabilities, its hostcalls and its faults.
 *
 * Capabilities live in the register slots of struct cvm (memory form, tagged) and are only
 * ever moved by LC/SC inside one asm statement: the compiler never holds one.
 */
#include "cheri.h"
#include "hostcalls.h"
#include "monitor.h"
#include "platform.h"
#include "traceport.h"

/* What a cVM's capabilities allow (spec §2, §8). */
#define CVM_PCC_PERMS (PERM_GLOBAL | PERM_EXECUTE | PERM_LOAD)
/* StoreCap: a cVM keeps the capabilities it is given (CAP_File) in its own memory, where
 * only it can load them; it still cannot hand its region to anyone, because every
 * capability that reaches another cVM's memory (a capfile buffer) lacks StoreCap. No
 * StoreLocalCap (nothing is local), no Execute (its data is not code), no ASR anywhere. */
#define CVM_DDC_PERMS (PERM_GLOBAL | PERM_LOAD | PERM_STORE | PERM_LOAD_CAP | PERM_STORE_CAP)
#define CVM_SEAL_PERMS (PERM_GLOBAL | PERM_SEAL | PERM_UNSEAL)
/* MTDC while a cVM runs: the monitor's own capability to the cVM's register slots. */
#define CTX_PERMS (PERM_GLOBAL | PERM_LOAD | PERM_STORE | PERM_LOAD_CAP | PERM_STORE_CAP)

#define CAUSE_ECALL_U 8

/*
 * *dst = the monitor's root DDC (from_pcc: its PCC) narrowed to exactly [base, base + len),
 * perms ANDed, address set to addr. Returns the result's tag: 0 when the bounds are not
 * exact or not inside the root (never for a checked boot information).
 */
uint64_t derive_root(cap_t *dst, uint64_t base, uint64_t len, uint64_t perms, uint64_t addr, int from_pcc)
{
    uint64_t c, tag;
    if (from_pcc)
        __asm__ volatile(CHERI_ASM(CGETPCC(%[c])) : [c] "=r"(c));
    else
        __asm__ volatile(CHERI_ASM(CGETDDC(%[c])) : [c] "=r"(c));
    __asm__ volatile(CHERI_ASM(CSETADDR(%[c], %[c], %[base]))
                     CHERI_ASM(CSETBOUNDSEXACT(%[c], %[c], %[len]))
                     CHERI_ASM(CANDPERM(%[c], %[c], %[perms]))
                     CHERI_ASM(CSETADDR(%[c], %[c], %[addr]))
                     CHERI_ASM(CGETTAG(%[tag], %[c]))
                     CHERI_ASM(SC(%[c], 0, %[dst]))
                     : [c] "+&r"(c), [tag] "=&r"(tag)
                     : [base] "r"(base), [len] "r"(len), [perms] "r"(perms), [addr] "r"(addr), [dst] "r"(dst)
                     : "memory");
    return tag;
}

/* slot->address += delta, keeping the capability (CIncOffset). */
static void cap_advance(cap_t *slot, uint64_t delta)
{
    uint64_t c;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[s]))
                     CHERI_ASM(CINCOFFSET(%[c], %[c], %[d]))
                     CHERI_ASM(SC(%[c], 0, %[s]))
                     : [c] "=&r"(c)
                     : [s] "r"(slot), [d] "r"(delta)
                     : "memory");
}

/* The PCC slot moves past an ecall (CIncOffsetImm: no register for the 4). */
static void pcc_past_ecall(struct cvm *c)
{
    uint64_t t;
    __asm__ volatile(CHERI_ASM(LC(%[t], SLOT_OFF(SLOT_PCC), %[c]))
                     CHERI_ASM(CINCOFFSETIMM(%[t], %[t], 4))
                     CHERI_ASM(SC(%[t], SLOT_OFF(SLOT_PCC), %[c]))
                     : [t] "=&r"(t)
                     : [c] "r"(c->regs)
                     : "memory");
}

void cap_inspect(const cap_t *slot, struct capinfo *o)
{
    uint64_t c;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[s]))
                     CHERI_ASM(CGETTAG(%[tag], %[c]))
                     CHERI_ASM(CGETBASE(%[base], %[c]))
                     CHERI_ASM(CGETLEN(%[len], %[c]))
                     CHERI_ASM(CGETPERM(%[perms], %[c]))
                     CHERI_ASM(CGETTYPE(%[otype], %[c]))
                     : [c] "=&r"(c), [tag] "=&r"(o->tag), [base] "=&r"(o->base), [len] "=&r"(o->len),
                       [perms] "=&r"(o->perms), [otype] "=&r"(o->otype)
                     : [s] "r"(slot)
                     : "memory");
}

/* An integer result into a register slot: the plain stores clear the slot's tag. */
static void set_int(cap_t *slot, uint64_t v)
{
    slot->addr = v;
    slot->meta = 0;
}

/*
 * Copies len bytes at the cVM's address addr to dst (monitor memory), reading through a
 * capability derived from the cVM's DDC (its slot) and bounded to exactly [addr, addr+len):
 * the monitor never reads a cVM buffer with its own authority. With copy = 0 it only checks.
 * Returns 0, or HC_EFAULT when the range is not inside the DDC, the DDC is not a usable
 * capability (untagged, sealed) or lacks Load.
 */
uint64_t unrelocated;                               /* v8: cVM pointers are offsets from DDC.address */

/* v8 (spec §8): *addr is an offset from DDC.address, and CSetBounds traps where v9 clears
 * the tag, so the range is checked before a capability is made. 1: *addr is the address. */
static __attribute__((noinline)) int v8_range(const cap_t *ddc, uint64_t *addr, uint64_t len)
{
    struct capinfo d;
    cap_inspect(ddc, &d);
    uint64_t a = *addr += ddc->addr;
    return d.tag && d.otype == (uint64_t)-1 && a >= d.base && len <= d.len && a - d.base <= d.len - len;
}

int64_t from_cvm(const cap_t *ddc, uint64_t addr, uint64_t len, uint8_t *dst, int copy)
{
    uint64_t c, ok, t;
    uint64_t n = copy ? len : 0;
    if (unrelocated && !v8_range(ddc, &addr, len))
        return HC_EFAULT;
    __asm__ volatile(CHERI_ASM(LC(%[c], 0, %[ddc]))
                     CHERI_ASM(CSETADDR(%[c], %[c], %[addr]))
                     CHERI_ASM(CSETBOUNDS(%[c], %[c], %[len]))
                     CHERI_ASM(CGETTAG(%[ok], %[c]))
                     CHERI_ASM(CGETPERM(%[t], %[c]))
                     "andi %[t], %[t], %[load]\n"
                     "snez %[t], %[t]\n"
                     "and %[ok], %[ok], %[t]\n"
                     "beqz %[ok], 2f\n"
                     "beqz %[n], 2f\n"
                     "1:\n" CHERI_ASM(LBU_CAP(%[t], %[c]))
                     "sb %[t], 0(%[dst])\n"
                     CHERI_ASM(CINCOFFSETIMM(%[c], %[c], 1))
                     "addi %[dst], %[dst], 1\n"
                     "addi %[n], %[n], -1\n"
                     "bnez %[n], 1b\n"
                     "2:\n"
                     : [c] "=&r"(c), [ok] "=&r"(ok), [t] "=&r"(t), [dst] "+r"(dst), [n] "+r"(n)
                     : [ddc] "r"(ddc), [addr] "r"(addr), [len] "r"(len), [load] "i"(PERM_LOAD)
                     : "memory");
    return ok ? 0 : HC_EFAULT;
}

int cvm_create(struct cvm *c, const struct capvm_bootinfo_cvm *info, uint64_t index)
{
    uint8_t *p = (uint8_t *)c;
    for (uint64_t i = 0; i < sizeof(*c); i++)
        p[i] = 0;                                   /* every register slot NULL */
    c->info = info;
    c->otype = OTYPE_CVM_BASE + index;
    c->state = CVM_READY;
    c->at_line_start = 1;
    uint64_t ok = derive_root(&c->regs[SLOT_PCC], info->code_base, info->code_size, CVM_PCC_PERMS, info->entry, 1);
    ok &= derive_from_ddc(&c->regs[SLOT_DDC], info->region_base, info->region_size, CVM_DDC_PERMS,
                          info->region_base);
    ok &= derive_from_ddc(&c->seal, c->otype, 1, CVM_SEAL_PERMS, c->otype);
    ok &= derive_from_ddc(&c->ctx, (uint64_t)c->regs, sizeof(c->regs), CTX_PERMS, (uint64_t)c->regs);
    uint64_t rel = info->flags & CVM_FLAG_UNRELOCATED ? info->region_base : 0;   /* v8: offsets */
    set_int(&c->regs[2], info->stack_top - rel);    /* sp */
    set_int(&c->regs[10], info->args_addr - rel);   /* a0 = the argument string */
    set_int(&c->regs[11], info->args_len);          /* a1 = its length */
    return ok ? 0 : -1;
}

/* The cVM whose console line is open (it wrote no newline yet), if any: the console is one
 * stream, so a line another cVM or the monitor starts must end it first, or the two would
 * read as one line of the first cVM's. */
static struct cvm *open_line;

void console_end_line(void)
{
    if (open_line) {
        if (!open_line->at_line_start)
            con_putc('\n');
        open_line->at_line_start = 1;
        open_line = 0;
    }
}

/* Console output of a cVM: each line prefixed with its name. */
static void cvm_putc(struct cvm *c, char ch)
{
    /* A cVM in the middle of its line is open_line: whoever starts a line ends it first. */
    if (c->at_line_start) {
        console_end_line();
        con_putc('[');
        con_puts(capcall_name(c));                  /* the cVM whose code runs (CAP_Call) */
        con_puts("] ");
        c->at_line_start = 0;
        open_line = c;
    }
    con_putc(ch);
    if (ch == '\n') {
        c->at_line_start = 1;
        open_line = 0;
    }
}

/* At most this many bytes per HC_WRITE (about 25 instructions a byte with interrupts off:
 * a call stays well inside a time slice; the runtime writes the rest with further calls). */
#define WRITE_MAX 1024

static int64_t hc_write(struct cvm *c, uint64_t addr, uint64_t len)
{
    uint8_t buf[256];
    if (from_cvm(&c->regs[SLOT_DDC], addr, len, 0, 0) != 0)
        return HC_EFAULT;                           /* nothing is written */
    if (len > WRITE_MAX)
        len = WRITE_MAX;                            /* a short write */
    for (uint64_t done = 0; done < len;) {
        uint64_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);
        if (from_cvm(&c->regs[SLOT_DDC], addr + done, n, buf, 1) != 0)
            return HC_EFAULT;
        for (uint64_t i = 0; i < n; i++)
            cvm_putc(c, (char)buf[i]);
        done += n;
    }
    return (int64_t)len;
}

static uint64_t hc_time(void)
{
    return *(volatile uint64_t *)CLINT_MTIME * (1000000000 / MTIME_HZ);
}

static uint64_t read_minstret(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, minstret" : "=r"(v));
    return v;
}

static const char *cause_name(uint64_t cause)
{
    switch (cause) {
    case 0: return "instruction address misaligned";
    case 1: return "instruction access fault";
    case 2: return "illegal instruction";
    case 3: return "breakpoint";
    case 4: return "load address misaligned";
    case 5: return "load access fault";
    case 6: return "store/AMO address misaligned";
    case 7: return "store/AMO access fault";
    case CAUSE_CHERI: return "CHERI fault";
    default: return "exception";
    }
}

static const char *capex_name(uint64_t code)
{
    switch (code) {
    case CAPEX_LENGTH: return "length violation";
    case CAPEX_TAG: return "tag violation";
    case CAPEX_SEAL: return "seal violation";
    case CAPEX_TYPE: return "type violation";
    case CAPEX_PERMIT_EXECUTE: return "permit-execute violation";
    case CAPEX_PERMIT_LOAD: return "permit-load violation";
    case CAPEX_PERMIT_STORE: return "permit-store violation";
    case CAPEX_PERMIT_LOAD_CAP: return "permit-load-capability violation";
    case CAPEX_PERMIT_STORE_CAP: return "permit-store-capability violation";
    case CAPEX_PERMIT_STORE_LOCAL: return "permit-store-local-capability violation";
    case CAPEX_ACCESS_SYS_REGS: return "access-system-registers violation";
    case CAPEX_PERMIT_CINVOKE: return "permit-CInvoke violation";
    default: return "violation";
    }
}

/* "[monitor] cVM "x" stopped: <what> (mcause C, mtval V) at pc P", then the capability. */
void report_fault(struct cvm *c, const char *name, uint64_t cause, uint64_t tval)
{
    mon_line();                                     /* ends the line the cVM left open */
    con_puts("cVM \"");
    con_puts(name);
    con_puts("\" stopped: ");
    const cap_t *culprit = 0;
    if (cause == CAUSE_CHERI) {
        uint64_t idx = (tval >> 5) & 0x3f;
        con_puts("CHERI ");
        con_puts(capex_name(tval & 0x1f));
        con_puts(" on ");
        if (idx == CAP_IDX_PCC) {
            con_puts("PCC");
            culprit = &c->regs[SLOT_PCC];
        } else if (idx == CAP_IDX_DDC) {
            con_puts("DDC");
            culprit = &c->regs[SLOT_DDC];
        } else if (idx < 32) {
            con_putc('c');
            con_dec((int64_t)idx);
            culprit = &c->regs[idx];
        } else {
            con_puts("SCR ");
            con_dec((int64_t)(idx & 0x1f));
        }
    } else {
        con_puts(cause_name(cause));
    }
    con_puts(" (mcause ");
    con_dec((int64_t)cause);
    con_puts(", mtval ");
    con_hex(tval);
    con_puts(") at pc ");
    con_hex(c->regs[SLOT_PCC].addr);
    con_putc('\n');
    if (culprit) {
        struct capinfo ci;
        cap_inspect(culprit, &ci);
        mon_line();
        con_puts("  the capability: ");
        if (!ci.tag)
            con_puts("untagged, ");
        con_hex(ci.base);
        con_puts("..");
        con_hex(ci.base + ci.len);
        con_puts(" perms ");
        con_hex(ci.perms);
        if (ci.otype != (uint64_t)-1) {
            con_puts(" otype ");
            con_dec((int64_t)ci.otype);
        }
        con_putc('\n');
    }
}

uint64_t tp_on;                                     /* the host observes the trace port (main.c) */

/*
 * The fast hostcalls: TIME, WRITE and CAP_File from the cVM's own code (not the CInvoke
 * door, not a callee running on this thread) while nobody observes the trace port. They
 * need neither capcall.c, nor the kept registers' slots, nor events, so the round trip is
 * start.S's short save and restore around this. 0: not one of them (nothing changed).
 */
static __attribute__((noinline)) int hostcall_fast_other(struct cvm *c, uint64_t nr)
{
    uint64_t a0 = c->regs[10].addr, a1 = c->regs[11].addr;
    int64_t ret;
    if (nr == HC_WRITE)
        ret = hc_write(c, a0, a1);
    else if (nr == HC_CAPFILE_ADVERTISE)
        ret = hc_capfile_advertise(c, a0, a1, c->regs[12].addr, c->regs[13].addr, c->regs[14].addr);
    else if (nr == HC_CAPFILE_PROBE)
        ret = hc_capfile_probe(c, a0, a1);
    else if (nr == HC_CAPFILE_REVOKE)
        ret = hc_capfile_revoke(c, a0, a1);
    else
        return 0;
    if (nr != HC_CAPFILE_PROBE || ret != 0)         /* a successful probe has set ca0 */
        set_int(&c->regs[10], (uint64_t)ret);
    return 1;
}

static int hostcall_fast(struct cvm *c)
{
    uint64_t nr = c->regs[17].addr;
    if (c->regs[SLOT_PCC].addr - c->info->code_base >= c->info->code_size && !capcall_door_fast(c))
        return 0;                                   /* not its own code, nor the CInvoke door */
    if (nr == HC_TIME)                              /* the null hostcall: no call, no jump table */
        set_int(&c->regs[10], hc_time());
    else if (!hostcall_fast_other(c, nr))
        return 0;
    pcc_past_ecall(c);                              /* resume after the ecall */
    c->hostcalls++;
    return 1;
}

static __attribute__((noinline, noreturn)) void cvm_trap_slow(struct cvm *c, uint64_t cause);

/* start.S's cvm_trap_entry ends here: the fast hostcalls first, in a function of their own
 * so that the compiler keeps their path free of the slow path's stack frame. */
void cvm_trap(struct cvm *c)
{
    uint64_t cause;
    __asm__ volatile("csrr %0, mcause" : "=r"(cause));
    c->insns += read_minstret() - c->entered_at;
    if (cause == CAUSE_ECALL_U && !tp_on && hostcall_fast(c)) {
        c->entered_at = read_minstret();            /* the same accounting as cvm_trap_slow */
        cvm_resume(c);
    }
    cvm_trap_slow(c, cause);
}

static void cvm_trap_slow(struct cvm *c, uint64_t cause)
{
    uint64_t tval;
    __asm__ volatile("csrr %0, mtval" : "=r"(tval));
    tp_emit(TP_CVM_LEAVE, (uint32_t)current, cause, 0, 0, 0);

    if (cause == (1ull << 63 | 7)) {               /* machine timer: its slice is over */
        c->preemptions++;
        schedule(current + 1);
    }
    if (cause != CAUSE_ECALL_U) {
        cvm_spill(c);                               /* the report reads any slot */
        tp_emit(TP_CVM_FAULT, (uint32_t)current, cause, tval, c->regs[SLOT_PCC].addr, 0);
        capcall_fault(c, cause, tval);              /* in a call: the callee stops, the caller resumes */
        report_fault(c, c->info->name, cause, tval);
        c->state = CVM_FAULTED;
        schedule(current + 1);
    }
    cap_advance(&c->regs[SLOT_PCC], 4);             /* resume after the ecall */
    c->hostcalls++;
    capcall_hostcall(c);                            /* the door, CAP_Call, streams; returns if not its own */
    uint64_t a0 = c->regs[10].addr, a1 = c->regs[11].addr;
    int64_t ret;
    uint64_t number = c->regs[17].addr;             /* a7 = the hostcall number */
    tp_emit(TP_HOSTCALL_ENTER, (uint32_t)current, number, a0, 0, 0);
    switch (number) {
    case HC_EXIT:
        c->status = (int64_t)a0;
        c->state = CVM_EXITED;
        tp_emit(TP_CVM_EXIT, (uint32_t)current, a0, 0, 0, 0);
        schedule(current + 1);
    case HC_WRITE:
        ret = hc_write(c, a0, a1);
        break;
    case HC_TIME:
        ret = (int64_t)hc_time();
        break;
    case HC_CAPFILE_ADVERTISE:
        ret = hc_capfile_advertise(c, a0, a1, c->regs[12].addr, c->regs[13].addr, c->regs[14].addr);
        break;
    case HC_CAPFILE_PROBE:
        ret = hc_capfile_probe(c, a0, a1);
        if (ret == 0)
            goto resume;                        /* ca0 holds the capability */
        break;
    case HC_CAPFILE_REVOKE:
        ret = hc_capfile_revoke(c, a0, a1);
        break;
    default:
        ret = HC_ENOSYS;
        break;
    }
    set_int(&c->regs[10], (uint64_t)ret);
resume:
    tp_emit(TP_HOSTCALL_LEAVE, (uint32_t)current, number, (uint64_t)ret, 0, 0);
    tp_emit(TP_CVM_ENTER, (uint32_t)current, 0, 0, 0, 0);
    c->entered_at = read_minstret();
    cvm_resume(c);
}
