/*
 * platform.h - the machine every guest image runs on, in one place.
 *
 * The memory map is exactly QEMU `virt`'s (see /work/shared/DESIGN.md section 2), so that
 * the same ELF runs unchanged on `capvm run` and on
 * `qemu-system-riscv64 -M virt -bios none -nographic -kernel X.elf`.
 *
 * Usable from C and from assembly (.S files): plain integer constants only.
 */
#ifndef PLATFORM_H
#define PLATFORM_H

/* DRAM: images are linked here and execution starts at the ELF entry in M mode. */
#define DRAM_BASE        0x80000000

/* NS16550A UART. Only THR (transmit) and LSR (line status) are used. */
#define UART_BASE        0x10000000
#define UART_THR         (UART_BASE + 0)   /* write a byte to transmit */
#define UART_LSR         (UART_BASE + 5)   /* line status register */
#define UART_LSR_THRE    0x20              /* transmit holding register empty */

/* CLINT (SiFive core-local interruptor), hart 0 registers. mtime counts at 10 MHz. */
#define CLINT_BASE       0x02000000
#define CLINT_MSIP       (CLINT_BASE + 0x0000)  /* 32-bit; bit 0 = machine software interrupt */
#define CLINT_MTIMECMP   (CLINT_BASE + 0x4000)  /* 64-bit */
#define CLINT_MTIME      (CLINT_BASE + 0xbff8)  /* 64-bit */
#define MTIME_HZ         10000000

/* SiFive test finisher: a 32-bit write ends the run. */
#define FINISHER_BASE    0x00100000
#define FINISHER_PASS    0x5555            /* exit status 0 */
#define FINISHER_FAIL    0x3333            /* (code << 16) | FINISHER_FAIL: exit status `code` */

/*
 * An address with nothing behind it on both machines (QEMU virt maps nothing at 0;
 * capvm maps only DRAM and the devices above). Accesses raise access faults.
 */
#define UNMAPPED_ADDR    0x00000000

/* Machine-mode CSR bits used by the runtime and the conformance programs. */
#define MSTATUS_MIE      (1 << 3)
#define MSTATUS_MPIE     (1 << 7)
#define MSTATUS_MPP      (3 << 11)
#define MIP_MSIP         (1 << 3)
#define MIP_MTIP         (1 << 7)

#endif /* PLATFORM_H */
