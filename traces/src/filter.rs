//! Which events a trace keeps: an instruction-count window and a set of kinds.

use sim_core::isa::{Class, Ext};
use sim_core::observer::Retired;

use crate::record::{Event, Record};

/// A kind of event, as `--trace-only` names them.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Every retired instruction.
    Insn,
    /// Capability instructions: Xcheri instructions and any access that moves a capability.
    Cap,
    /// Instructions that access memory.
    Mem,
    /// Exceptions and interrupts.
    Trap,
    /// Privilege changes.
    Priv,
    /// Monitor events from the trace port.
    Monitor,
}

impl Kind {
    pub const ALL: [(Kind, &'static str); 6] = [
        (Kind::Insn, "insn"),
        (Kind::Cap, "cap"),
        (Kind::Mem, "mem"),
        (Kind::Trap, "trap"),
        (Kind::Priv, "priv"),
        (Kind::Monitor, "monitor"),
    ];

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.iter().find(|k| k.1 == s).map(|k| k.0)
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of kinds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Kinds(u8);

impl Kinds {
    pub const ALL: Kinds = Kinds(0x3f);
    pub const NONE: Kinds = Kinds(0);

    pub fn with(self, k: Kind) -> Kinds {
        Kinds(self.0 | k.bit())
    }

    pub fn has(self, k: Kind) -> bool {
        self.0 & k.bit() != 0
    }

    /// Parses a comma-separated list (`cap,trap`).
    pub fn parse(s: &str) -> Result<Kinds, String> {
        let mut k = Kinds::NONE;
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match Kind::parse(part) {
                Some(kind) => k = k.with(kind),
                None => {
                    let names: Vec<_> = Kind::ALL.iter().map(|k| k.1).collect();
                    return Err(format!("unknown event kind `{part}` (expected one of {})", names.join(", ")));
                }
            }
        }
        Ok(k)
    }
}

/// True for the instructions that `cap` selects.
pub fn is_cap_insn(ev: &Retired) -> bool {
    ev.op.spec().ext == Ext::Xcheri || ev.mem.is_some_and(|m| m.cap)
}

/// The events a trace keeps: those numbered in `[from, to)` whose kind is in `kinds`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub from: u64,
    pub to: u64,
    pub kinds: Kinds,
}

impl Default for Filter {
    fn default() -> Self {
        Filter { from: 0, to: u64::MAX, kinds: Kinds::ALL }
    }
}

impl Filter {
    /// Whether anything numbered `n` can pass (the cheap test done first).
    #[inline]
    pub fn in_window(&self, n: u64) -> bool {
        n >= self.from && n < self.to
    }

    pub fn keeps(&self, r: &Record) -> bool {
        if !self.in_window(r.n) {
            return false;
        }
        match &r.event {
            Event::Insn(ev) => self.keeps_insn(ev),
            Event::Trap(_) => self.kinds.has(Kind::Trap),
            Event::Priv { .. } => self.kinds.has(Kind::Priv),
            Event::Monitor(_) => self.kinds.has(Kind::Monitor),
        }
    }

    /// Whether a retired instruction's kind is kept (the window is tested apart).
    #[inline(always)]
    pub fn keeps_insn(&self, ev: &Retired) -> bool {
        let k = self.kinds;
        k.has(Kind::Insn)
            || (k.has(Kind::Mem) && ev.mem.is_some())
            || (k.has(Kind::Cap) && (is_cap_insn(ev) || ev.op.class() == Class::Scr))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_kinds() {
        let k = Kinds::parse("cap, trap").unwrap();
        assert!(k.has(Kind::Cap) && k.has(Kind::Trap) && !k.has(Kind::Insn));
        assert!(Kinds::parse("bogus").unwrap_err().contains("unknown event kind `bogus`"));
    }
}
