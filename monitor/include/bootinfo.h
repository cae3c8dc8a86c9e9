/*
 * bootinfo.h - the boot-information table the loader writes for the monitor (version 1).
 * Generated from monitor/src/abi.rs (CAPVM_UPDATE_HEADERS=1 cargo test -p capvm-monitor headers); do not edit.
 */
#ifndef CAPVM_BOOTINFO_H
#define CAPVM_BOOTINFO_H

#define DRAM_BASE_ADDR       0x80000000ull
#define MONITOR_BASE         0x80000000ull
#define MONITOR_SIZE         0x200000ull
#define BOOTINFO_ADDR        0x801f0000ull
#define BOOTINFO_MAX         0x10000ull
#define BOOTINFO_MAGIC       0x3149424d56504143ull
#define BOOTINFO_VERSION     0x1ull
#define MAX_CVMS             0x10ull
#define MAX_CAPFILES         0x40ull
#define NAME_LEN             0x20ull
#define CVM_FLAG_OBSERVED    0x1ull
#define CVM_FLAG_UNRELOCATED 0x2ull

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

/* the header, at BOOTINFO_ADDR (a1 at boot) */
struct capvm_bootinfo {
    uint64_t magic;             /* BOOTINFO_MAGIC */
    uint32_t version;           /* BOOTINFO_VERSION */
    uint32_t size;              /* bytes of the whole table, entries included (at most BOOTINFO_MAX) */
    uint64_t dram_base;         /* DRAM start */
    uint64_t dram_size;         /* DRAM size in bytes */
    uint64_t monitor_base;      /* the block reserved to the monitor (image, stack, this table) */
    uint64_t monitor_size;      /* size of the monitor's block */
    uint32_t cvm_count;         /* number of cVM entries (1..MAX_CVMS) */
    uint32_t cvm_entry_size;    /* sizeof(struct capvm_bootinfo_cvm) */
    uint32_t capfile_count;     /* number of capfile entries (0..MAX_CAPFILES) */
    uint32_t capfile_entry_size;/* sizeof(struct capvm_bootinfo_capfile) */
    uint64_t cvm_offset;        /* offset of the first cVM entry from the start of the table */
    uint64_t capfile_offset;    /* offset of the first capfile entry from the start of the table */
};
_Static_assert(offsetof(struct capvm_bootinfo, magic) == 0, "capvm_bootinfo.magic moved");
_Static_assert(offsetof(struct capvm_bootinfo, version) == 8, "capvm_bootinfo.version moved");
_Static_assert(offsetof(struct capvm_bootinfo, size) == 12, "capvm_bootinfo.size moved");
_Static_assert(offsetof(struct capvm_bootinfo, dram_base) == 16, "capvm_bootinfo.dram_base moved");
_Static_assert(offsetof(struct capvm_bootinfo, dram_size) == 24, "capvm_bootinfo.dram_size moved");
_Static_assert(offsetof(struct capvm_bootinfo, monitor_base) == 32, "capvm_bootinfo.monitor_base moved");
_Static_assert(offsetof(struct capvm_bootinfo, monitor_size) == 40, "capvm_bootinfo.monitor_size moved");
_Static_assert(offsetof(struct capvm_bootinfo, cvm_count) == 48, "capvm_bootinfo.cvm_count moved");
_Static_assert(offsetof(struct capvm_bootinfo, cvm_entry_size) == 52, "capvm_bootinfo.cvm_entry_size moved");
_Static_assert(offsetof(struct capvm_bootinfo, capfile_count) == 56, "capvm_bootinfo.capfile_count moved");
_Static_assert(offsetof(struct capvm_bootinfo, capfile_entry_size) == 60, "capvm_bootinfo.capfile_entry_size moved");
_Static_assert(offsetof(struct capvm_bootinfo, cvm_offset) == 64, "capvm_bootinfo.cvm_offset moved");
_Static_assert(offsetof(struct capvm_bootinfo, capfile_offset) == 72, "capvm_bootinfo.capfile_offset moved");
_Static_assert(sizeof(struct capvm_bootinfo) == 80, "capvm_bootinfo size");

/* one cVM */
struct capvm_bootinfo_cvm {
    char name[32];              /* NUL-terminated name (letters, digits, '-', '_') */
    uint64_t region_base;       /* start of the region (exactly representable with region_size) */
    uint64_t region_size;       /* size of the region */
    uint64_t code_base;         /* start of the code (PCC bounds), exactly representable with code_size */
    uint64_t code_size;         /* size of the code */
    uint64_t entry;             /* first instruction (inside the code) */
    uint64_t stack_top;         /* initial stack pointer (16-byte aligned, inside the region) */
    uint64_t args_addr;         /* the argument string, NUL-terminated, inside the region */
    uint64_t args_len;          /* length of the argument string without its NUL */
    uint64_t capfile_mask;      /* bit i set: the cVM may use capfile i */
    uint64_t flags;             /* CVM_FLAG_OBSERVED, CVM_FLAG_UNRELOCATED; other bits reserved, 0 */
};
_Static_assert(offsetof(struct capvm_bootinfo_cvm, name) == 0, "capvm_bootinfo_cvm.name moved");
_Static_assert(offsetof(struct capvm_bootinfo_cvm, region_base) == 32, "capvm_bootinfo_cvm.region_base moved");
_Static_assert(offsetof(struct capvm_bootinfo_cvm, region_size) == 40, "capvm_bootinfo_cvm.region_size moved");
_Static_assert(offsetof(struct capvm_bootinfo_cvm, code_base) == 48, "capvm_bootinfo_cvm.code_base moved");
_Static_assert(offsetof(struct capvm_bootinfo_cvm, code_size) == 56, "capvm_bootinfo_cvm.code_size moved");
_Static_assert(offsetof(struct capvm_bootinfo_cvm, entry) == 64, "capvm_bootinfo_cvm.entry moved");
_Static_assert(offsetof(struct capvm_bootinfo_cvm, stack_top) == 72, "capvm_bootinfo_cvm.stack_top moved");
_Static_assert(offsetof(struct capvm_bootinfo_cvm, args_addr) == 80, "capvm_bootinfo_cvm.args_addr moved");
_Static_assert(offsetof(struct capvm_bootinfo_cvm, args_len) == 88, "capvm_bootinfo_cvm.args_len moved");
_Static_assert(offsetof(struct capvm_bootinfo_cvm, capfile_mask) == 96, "capvm_bootinfo_cvm.capfile_mask moved");
_Static_assert(offsetof(struct capvm_bootinfo_cvm, flags) == 104, "capvm_bootinfo_cvm.flags moved");
_Static_assert(sizeof(struct capvm_bootinfo_cvm) == 112, "capvm_bootinfo_cvm size");

/* one capfile */
struct capvm_bootinfo_capfile {
    char name[32];              /* NUL-terminated key */
    uint64_t base;              /* start of the buffer */
    uint64_t size;              /* size of the buffer */
    uint64_t data_len;          /* bytes of initial data at base */
    uint64_t flags;             /* reserved, 0 */
};
_Static_assert(offsetof(struct capvm_bootinfo_capfile, name) == 0, "capvm_bootinfo_capfile.name moved");
_Static_assert(offsetof(struct capvm_bootinfo_capfile, base) == 32, "capvm_bootinfo_capfile.base moved");
_Static_assert(offsetof(struct capvm_bootinfo_capfile, size) == 40, "capvm_bootinfo_capfile.size moved");
_Static_assert(offsetof(struct capvm_bootinfo_capfile, data_len) == 48, "capvm_bootinfo_capfile.data_len moved");
_Static_assert(offsetof(struct capvm_bootinfo_capfile, flags) == 56, "capvm_bootinfo_capfile.flags moved");
_Static_assert(sizeof(struct capvm_bootinfo_capfile) == 64, "capvm_bootinfo_capfile size");

#endif /* !__ASSEMBLER__ */

#endif /* CAPVM_BOOTINFO_H */
