//! Formatting helpers for the hot path of the file traces: hex without `core::fmt`, and a
//! cache of disassembled instructions (a program runs the same few thousand instructions
//! millions of times; disassembling each time was most of the cost of a text trace).

use sim_core::isa::Insn;

/// Appends `0x` and the hex digits of `v` (no leading zeros; `0x0` for 0).
#[inline]
pub(crate) fn push_hex(buf: &mut Vec<u8>, v: u64) {
    let mut tmp = [0u8; 16];
    let mut i = tmp.len();
    let mut x = v;
    loop {
        i -= 1;
        tmp[i] = b"0123456789abcdef"[(x & 15) as usize];
        x >>= 4;
        if x == 0 {
            break;
        }
    }
    buf.extend_from_slice(b"0x");
    buf.extend_from_slice(&tmp[i..]);
}

/// `0x` and the hex digits of `v`, in `buf` (no allocation: for serializers).
pub(crate) fn hex_str(buf: &mut [u8; 18], v: u64) -> &str {
    let digits = ((64 - v.leading_zeros() as usize).div_ceil(4)).max(1);
    buf[0] = b'0';
    buf[1] = b'x';
    for k in 0..digits {
        buf[1 + digits - k] = b"0123456789abcdef"[((v >> (4 * k)) & 15) as usize];
    }
    std::str::from_utf8(&buf[..2 + digits]).unwrap_or("0x?")
}

/// `v` in hex with `0x`, zero-padded to `digits` digits.
#[inline]
pub(crate) fn push_hex_padded(buf: &mut Vec<u8>, v: u64, digits: usize) {
    buf.extend_from_slice(b"0x");
    for k in (0..digits).rev() {
        buf.push(b"0123456789abcdef"[((v >> (4 * k)) & 15) as usize]);
    }
}

/// Appends `v` in decimal.
#[inline]
pub(crate) fn push_dec(buf: &mut Vec<u8>, v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    let mut x = v;
    loop {
        i -= 1;
        tmp[i] = b'0' + (x % 10) as u8;
        x /= 10;
        if x == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

const ENTRIES: usize = 1 << 12;

/// Disassembly on one line (tabs as spaces), cached by pc and instruction.
pub(crate) struct DisasmCache {
    slots: Vec<Option<(u64, Insn, String)>>,
}

impl DisasmCache {
    pub(crate) fn new() -> Self {
        DisasmCache { slots: vec![None; ENTRIES] }
    }

    pub(crate) fn get(&mut self, insn: &Insn, pc: u64) -> &str {
        let slot = &mut self.slots[(pc >> 1) as usize & (ENTRIES - 1)];
        let hit = matches!(slot, Some((p, i, _)) if *p == pc && i == insn);
        if !hit {
            *slot = Some((pc, *insn, insn.disassemble(pc).replace('\t', " ")));
        }
        match slot {
            Some((_, _, s)) => s,
            None => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_dec() {
        let mut b = Vec::new();
        push_hex(&mut b, 0);
        b.push(b' ');
        push_hex(&mut b, 0x8000_0000);
        b.push(b' ');
        push_hex(&mut b, u64::MAX);
        b.push(b' ');
        push_hex_padded(&mut b, 0x297, 8);
        b.push(b' ');
        push_dec(&mut b, 0);
        b.push(b' ');
        push_dec(&mut b, 18446744073709551615);
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "0x0 0x80000000 0xffffffffffffffff 0x00000297 0 18446744073709551615"
        );
    }
}
