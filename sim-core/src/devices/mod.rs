//! The memory-mapped devices of the QEMU `virt` board that capvm models (DESIGN.md §2).

pub mod clint;
pub mod finisher;
pub mod htif;
pub mod traceport;
pub mod uart;

/// Why the guest asked the machine to stop.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum StopRequest {
    /// The SiFive test finisher: `Pass` (0x5555) or `Fail(code)` (`code << 16 | 0x3333`).
    Finisher(FinisherStatus),
    /// HTIF `tohost = code << 1 | 1`, or the proxy-kernel `exit` system call.
    Htif(u64),
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FinisherStatus {
    Pass,
    Fail(u16),
    Reset,
}
