//! HTIF, the host-target interface of Spike and riscv-tests: two 64-bit words in DRAM,
//! `tohost` and `fromhost`, found through the ELF's symbols.
//!
//! A write of `code << 1 | 1` to tohost ends the run with exit code `code` (riscv-tests: 0 is
//! pass, otherwise the failing test number). Otherwise the word is a command: device (63:56),
//! command (55:48), payload (47:0). Supported: device 0 command 0, the proxy-kernel system call
//! (payload = address of `[number, a0, a1, a2, …]`; `write` (64) to fd 1/2 and `exit` (93)), and
//! device 1 command 1, the console's putchar.

/// The two mailbox addresses.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Htif {
    pub tohost: u64,
    pub fromhost: Option<u64>,
}

pub const SYS_WRITE: u64 = 64;
pub const SYS_EXIT: u64 = 93;

/// What a tohost value asks for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Exit(u64),
    Syscall { args_addr: u64 },
    PutChar(u8),
    Unknown { device: u8, command: u8 },
}

pub fn decode(tohost: u64) -> Command {
    let device = (tohost >> 56) as u8;
    let command = (tohost >> 48) as u8;
    let payload = tohost & 0xffff_ffff_ffff;
    match (device, command) {
        (0, 0) if payload & 1 == 1 => Command::Exit(payload >> 1),
        (0, 0) => Command::Syscall { args_addr: payload },
        (1, 1) => Command::PutChar(payload as u8),
        _ => Command::Unknown { device, command },
    }
}
