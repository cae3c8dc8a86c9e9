/*
 * main.c - boot: check the boot information, create the cVMs, run them one after another,
 * report.
 *
 * The boot information comes from the loader, which is outside the trusted base as far as
 * the monitor is concerned: every field is checked before a capability is derived from it.
 */
#include "monitor.h"
#include "platform.h"
#include "traceport.h"

struct cvm cvms[MAX_CVMS];
uint64_t ncvms;
uint64_t current;                  /* the cVM that runs (or ran last) */

extern char _end[];

/* Prints "[monitor] boot information refused: <what>[ (entry <i>)]" and ends the run. */
__attribute__((noreturn)) void refuse(const char *what, const char *kind, uint64_t i)
{
    mon_line();
    con_puts("boot information refused: ");
    con_puts(what);
    if (kind) {
        con_puts(" (");
        con_puts(kind);
        con_putc(' ');
        con_dec((int64_t)i);
        con_putc(')');
    }
    con_putc('\n');
    machine_exit(EXIT_BAD_BOOTINFO);
}

/* [a, a+n) lies inside [b, b+m), without overflow. */
static int inside(uint64_t a, uint64_t n, uint64_t b, uint64_t m)
{
    return a >= b && n <= m && a - b <= m - n;
}

static int overlaps(uint64_t a, uint64_t n, uint64_t b, uint64_t m)
{
    return a < b + m && b < a + n;
}

static int name_ok(const char *name)
{
    uint64_t i = 0;
    for (; i < NAME_LEN && name[i]; i++) {
        char ch = name[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                 ch == '_';
        if (!ok)
            return 0;
    }
    return i > 0 && i < NAME_LEN;
}

static void check_bootinfo(const struct capvm_bootinfo *bi)
{
    if ((uint64_t)bi != BOOTINFO_ADDR)
        refuse("a1 does not point at BOOTINFO_ADDR", 0, 0);
    if (bi->magic != BOOTINFO_MAGIC)
        refuse("bad magic", 0, 0);
    if (bi->version != BOOTINFO_VERSION)
        refuse("unsupported version", 0, 0);
    if (bi->size > BOOTINFO_MAX || bi->size < sizeof(*bi))
        refuse("bad size", 0, 0);
    if (bi->cvm_entry_size != sizeof(struct capvm_bootinfo_cvm) ||
        bi->capfile_entry_size != sizeof(struct capvm_bootinfo_capfile))
        refuse("entry sizes differ from this monitor's layout", 0, 0);
    if (bi->cvm_count == 0 || bi->cvm_count > MAX_CVMS || bi->capfile_count > MAX_CAPFILES)
        refuse("too many or no cVMs, or too many capfiles", 0, 0);
    if (bi->cvm_offset % 8 || bi->capfile_offset % 8 ||
        !inside(bi->cvm_offset, (uint64_t)bi->cvm_count * bi->cvm_entry_size, 0, bi->size) ||
        !inside(bi->capfile_offset, (uint64_t)bi->capfile_count * bi->capfile_entry_size, 0, bi->size))
        refuse("entries outside the table", 0, 0);
    if (bi->dram_base != DRAM_BASE_ADDR || bi->monitor_base != MONITOR_BASE || bi->monitor_size != MONITOR_SIZE ||
        bi->dram_size < MONITOR_SIZE || bi->dram_base + bi->dram_size < bi->dram_base)
        refuse("memory map differs from this monitor's", 0, 0);
    if ((uint64_t)_end > BOOTINFO_ADDR)
        refuse("the monitor image overlaps the boot information", 0, 0);

    const struct capvm_bootinfo_cvm *cv = (const void *)((const char *)bi + bi->cvm_offset);
    const struct capvm_bootinfo_capfile *cf = (const void *)((const char *)bi + bi->capfile_offset);
    for (uint64_t i = 0; i < bi->cvm_count; i++) {
        const struct capvm_bootinfo_cvm *c = &cv[i];
        if (!name_ok(c->name))
            refuse("bad name", "cVM", i);
        if (c->region_size == 0 || (c->region_base | c->region_size) & 0xfff ||
            !inside(c->region_base, c->region_size, bi->dram_base, bi->dram_size))
            refuse("region outside DRAM or not 4 KiB aligned", "cVM", i);
        if (overlaps(c->region_base, c->region_size, MONITOR_BASE, MONITOR_SIZE))
            refuse("region overlaps the monitor", "cVM", i);
        for (uint64_t j = 0; j < i; j++)
            if (overlaps(c->region_base, c->region_size, cv[j].region_base, cv[j].region_size))
                refuse("region overlaps another cVM's", "cVM", i);
        if (c->code_size == 0 || !inside(c->code_base, c->code_size, c->region_base, c->region_size))
            refuse("code outside the region", "cVM", i);
        if (!inside(c->entry, 4, c->code_base, c->code_size) || c->entry % 2)
            refuse("entry outside the code", "cVM", i);
        if (c->stack_top % 16 || c->stack_top <= c->region_base ||
            c->stack_top > c->region_base + c->region_size)
            refuse("stack outside the region", "cVM", i);
        if (c->args_len >= c->region_size || !inside(c->args_addr, c->args_len + 1, c->region_base, c->region_size))
            refuse("arguments outside the region", "cVM", i);
        if (bi->capfile_count < 64 && c->capfile_mask >> bi->capfile_count)
            refuse("names a capfile that does not exist", "cVM", i);
        if (c->flags & ~(CVM_FLAG_OBSERVED | CVM_FLAG_UNRELOCATED) || c->flags != cv[0].flags)
            refuse("reserved flags set, or flags that differ between cVMs", "cVM", i);
        if (c->flags & CVM_FLAG_UNRELOCATED && c->code_base != c->region_base)
            refuse("unrelocated code not at the region's base", "cVM", i);
    }
    for (uint64_t i = 0; i < bi->capfile_count; i++) {
        const struct capvm_bootinfo_capfile *f = &cf[i];
        if (!name_ok(f->name))
            refuse("bad name", "capfile", i);
        if (f->size == 0 || !inside(f->base, f->size, bi->dram_base, bi->dram_size) ||
            overlaps(f->base, f->size, MONITOR_BASE, MONITOR_SIZE) || f->data_len > f->size || f->flags)
            refuse("buffer outside DRAM, over the monitor, or bad data length", "capfile", i);
        for (uint64_t j = 0; j < bi->cvm_count; j++)
            if (overlaps(f->base, f->size, cv[j].region_base, cv[j].region_size))
                refuse("buffer overlaps a cVM region", "capfile", i);
        for (uint64_t j = 0; j < i; j++)
            if (overlaps(f->base, f->size, cf[j].base, cf[j].size))
                refuse("buffer overlaps another capfile", "capfile", i);
    }
}

static __attribute__((noreturn)) void summary(void)
{
    int failed = 0;
    for (uint64_t i = 0; i < ncvms; i++) {
        struct cvm *c = &cvms[i];
        mon_line();                                 /* ends a line a cVM left open */
        con_puts(c->info->name);
        if (c->state == CVM_EXITED) {
            con_puts(": exited with status ");
            con_dec(c->status);
        } else {
            con_puts(": stopped by a fault");
        }
        con_puts("; ");
        con_dec((int64_t)c->insns);
        con_puts(" instructions, ");
        con_dec((int64_t)c->hostcalls);
        con_puts(" hostcalls");
        if (c->preemptions) {
            con_puts(", preempted ");
            con_dec((int64_t)c->preemptions);
            con_puts(" times");
        }
        con_putc('\n');
        failed |= c->state != CVM_EXITED || c->status != 0;
    }
    machine_exit(failed ? EXIT_CVM_FAILED : 0);
}

/*
 * Runs the first cVM from index `from` on (round robin) that has not finished, with a fresh
 * time slice; when none is left, reports and ends the run.
 */
void schedule(uint64_t from)
{
    volatile uint64_t *mtime = (volatile uint64_t *)CLINT_MTIME;
    volatile uint64_t *mtimecmp = (volatile uint64_t *)CLINT_MTIMECMP;
    capcall_poll();
    for (uint64_t n = 0; n < ncvms; n++) {
        uint64_t i = (from + n) % ncvms;
        if (cvms[i].state == CVM_READY) {
            current = i;
            *mtimecmp = *mtime + SLICE_TICKS;
            uint64_t now;
            __asm__ volatile("csrr %0, minstret" : "=r"(now));
            tp_emit(TP_CVM_ENTER, (uint32_t)i, 0, 0, 0, 0);
            cvms[i].entered_at = now;
            cvm_resume(&cvms[i]);
        }
    }
    if (capcall_idle())
        schedule(from);
    *mtimecmp = ~0ull;
    __asm__ volatile("csrc mie, %0" : : "r"(MIP_MTIP));
    summary();
}

void monitor_main(const struct capvm_bootinfo *bi)
{
    mon_line();
    con_puts("capvm monitor: boot information v");
    con_dec(BOOTINFO_VERSION);
    con_puts(" at ");
    con_hex((uint64_t)bi);
    con_putc('\n');
    check_bootinfo(bi);
    const struct capvm_bootinfo_cvm *cv = (const void *)((const char *)bi + bi->cvm_offset);
    ncvms = bi->cvm_count;
    for (uint64_t i = 0; i < ncvms; i++) {
        if (cvm_create(&cvms[i], &cv[i], i) != 0)
            refuse("capabilities cannot be derived exactly", "cVM", i);
        tp_emit(TP_CVM_CREATED, (uint32_t)i, cv[i].region_base, cv[i].region_size, 0, 0);
        mon_line();
        con_puts("cVM \"");
        con_puts(cv[i].name);
        con_puts("\": region ");
        con_hex(cv[i].region_base);
        con_puts("..");
        con_hex(cv[i].region_base + cv[i].region_size);
        con_puts(", code ");
        con_hex(cv[i].code_base);
        con_puts("..");
        con_hex(cv[i].code_base + cv[i].code_size);
        con_puts(", otype ");
        con_dec((int64_t)cvms[i].otype);
        con_putc('\n');
    }
    capfile_boot(bi);
    if (capcall_init(cvms, ncvms) != 0)
        refuse("the door capabilities cannot be derived exactly", 0, 0);
    tp_on = cv[0].flags & CVM_FLAG_OBSERVED;
    unrelocated = cv[0].flags & CVM_FLAG_UNRELOCATED;
    /* The timer interrupt preempts cVMs (in U mode it is taken whatever mstatus.MIE is);
     * the monitor itself runs with mstatus.MIE = 0 and is never interrupted. */
    __asm__ volatile("csrs mie, %0" : : "r"(MIP_MTIP));
    schedule(0);
}

void monitor_fault(uint64_t cause, uint64_t epc, uint64_t tval)
{
    mon_line();
    con_puts("monitor fault: mcause ");
    con_dec((int64_t)cause);
    con_puts(", mepc ");
    con_hex(epc);
    con_puts(", mtval ");
    con_hex(tval);
    con_putc('\n');
    machine_exit(EXIT_MONITOR_FAULT);
}
