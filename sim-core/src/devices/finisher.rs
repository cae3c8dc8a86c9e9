//! The SiFive test finisher at 0x0010_0000 (QEMU `virt`'s "sifive_test"): a 32-bit write of
//! 0x5555 ends the run with success, `code << 16 | 0x3333` with failure `code`, 0x7777 asks for
//! a reset (capvm ends the run and reports it).

use super::FinisherStatus;

pub const BASE: u64 = 0x0010_0000;
pub const SIZE: u64 = 0x1000;

pub fn decode(value: u32) -> Option<FinisherStatus> {
    match value & 0xffff {
        0x5555 => Some(FinisherStatus::Pass),
        0x3333 => Some(FinisherStatus::Fail((value >> 16) as u16)),
        0x7777 => Some(FinisherStatus::Reset),
        _ => None,
    }
}
