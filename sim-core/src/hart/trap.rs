//! Exceptions and interrupts as values (privileged spec §3.1.15, mcause codes).
//!
//! An instruction that cannot complete returns `Err(Trap)`; the run loop then takes the trap
//! (`Hart::take_trap`). Nothing a guest does is a Rust panic.

/// A synchronous exception or an interrupt: the values that go to mcause and mtval.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Trap {
    /// mcause: the interrupt bit (63) and the exception or interrupt code.
    pub cause: u64,
    /// mtval: the faulting address, instruction bits, or 0.
    pub tval: u64,
}

/// The interrupt bit of mcause.
pub const INTERRUPT: u64 = 1 << 63;

/// Exception codes (mcause with the interrupt bit clear).
pub mod cause {
    pub const INSN_MISALIGNED: u64 = 0;
    pub const INSN_ACCESS_FAULT: u64 = 1;
    pub const ILLEGAL_INSN: u64 = 2;
    pub const BREAKPOINT: u64 = 3;
    pub const LOAD_MISALIGNED: u64 = 4;
    pub const LOAD_ACCESS_FAULT: u64 = 5;
    pub const STORE_MISALIGNED: u64 = 6;
    pub const STORE_ACCESS_FAULT: u64 = 7;
    pub const ECALL_FROM_U: u64 = 8;
    pub const ECALL_FROM_M: u64 = 11;
    /// Interrupt codes (with [`super::INTERRUPT`]).
    pub const MACHINE_SOFTWARE_INTERRUPT: u64 = 3;
    pub const MACHINE_TIMER_INTERRUPT: u64 = 7;
    pub const MACHINE_EXTERNAL_INTERRUPT: u64 = 11;
}

impl Trap {
    pub const fn new(cause: u64, tval: u64) -> Trap {
        Trap { cause, tval }
    }
    pub const fn illegal(insn_bits: u64) -> Trap {
        Trap::new(cause::ILLEGAL_INSN, insn_bits)
    }
    pub const fn interrupt(code: u64) -> Trap {
        Trap::new(INTERRUPT | code, 0)
    }
    pub const fn is_interrupt(&self) -> bool {
        self.cause & INTERRUPT != 0
    }

    /// The name of this cause, as the privileged spec's table calls it.
    pub fn name(&self) -> &'static str {
        cause_name(self.cause)
    }
}

/// The privileged spec's name for an mcause value.
pub fn cause_name(mcause: u64) -> &'static str {
    use cause::*;
    if mcause & INTERRUPT != 0 {
        return match mcause & !INTERRUPT {
            1 => "supervisor software interrupt",
            MACHINE_SOFTWARE_INTERRUPT => "machine software interrupt",
            5 => "supervisor timer interrupt",
            MACHINE_TIMER_INTERRUPT => "machine timer interrupt",
            9 => "supervisor external interrupt",
            MACHINE_EXTERNAL_INTERRUPT => "machine external interrupt",
            _ => "unknown interrupt",
        };
    }
    match mcause {
        INSN_MISALIGNED => "instruction address misaligned",
        INSN_ACCESS_FAULT => "instruction access fault",
        ILLEGAL_INSN => "illegal instruction",
        BREAKPOINT => "breakpoint",
        LOAD_MISALIGNED => "load address misaligned",
        LOAD_ACCESS_FAULT => "load access fault",
        STORE_MISALIGNED => "store/AMO address misaligned",
        STORE_ACCESS_FAULT => "store/AMO access fault",
        ECALL_FROM_U => "environment call from U-mode",
        9 => "environment call from S-mode",
        ECALL_FROM_M => "environment call from M-mode",
        12 => "instruction page fault",
        13 => "load page fault",
        15 => "store/AMO page fault",
        26 => "load capability page fault",
        27 => "store/AMO capability page fault",
        28 => "CHERI exception",
        _ => "unknown exception",
    }
}
