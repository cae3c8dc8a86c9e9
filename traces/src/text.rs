//! The text trace: a commit log in the style of Spike's `--log-commits`, one line per event.
//!
//! ```text
//! core 0: 3 0x80000000 (0x00000297) x5 0x80000000 ; auipc t0,0x0
//! core 0: 3 0x80000010 (0x0105b60f) c12 v:1 s:0 p:rwxRW-G----- … addr 0x80001000 mem r16 0x80001010 tag 1 ; lc ca2,16(a1)
//! core 0: exception CHERI exception (mcause 28), epc 0x80000040 (0x…) ; lc …, tval 0x42: tag violation on csp; handler 0x80000100
//! core 0: privilege M -> U
//! ```
//!
//! After `core 0:` an instruction line has the privilege level (3 = M, 0 = U), the pc, the
//! instruction bits, the register write (`xN value`, or `cN` and the capability decoded by
//! cheri-cap when the register now holds more than an integer), the memory access
//! (`mem` r/w/a for load/store/AMO, the size in bytes, the address, a stored value, `tag`
//! for capability accesses), then `;` and the disassembly.

use std::io::{self, Write};

use sim_core::hart::trap::cause_name;
use sim_core::hart::Priv;
use sim_core::observer::{MemKind, Retired, TrapTaken};
use sim_core::Exit;

use crate::names::cheri_fault;
use crate::record::{Event, Record};
use crate::tracer::Sink;

pub struct TextSink<W: Write> {
    out: W,
}

impl<W: Write> TextSink<W> {
    pub fn new(out: W) -> Self {
        TextSink { out }
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

fn level(p: Priv) -> u8 {
    p as u8
}

/// The disassembly on one line (objdump separates the mnemonic with a tab).
pub(crate) fn disasm_line(insn: &sim_core::isa::Insn, pc: u64) -> String {
    insn.disassemble(pc).replace('\t', " ")
}

/// Instruction bits as Spike prints them: 8 hex digits, 4 for a compressed instruction.
fn write_raw(out: &mut impl Write, raw: u32) -> io::Result<()> {
    if raw & 3 == 3 {
        write!(out, "{raw:#010x}")
    } else {
        write!(out, "{:#06x}", raw & 0xffff)
    }
}

pub(crate) fn write_insn(out: &mut impl Write, ev: &Retired) -> io::Result<()> {
    write!(out, "core 0: {} {:#x} (", level(ev.privilege), ev.pc)?;
    write_raw(out, ev.raw)?;
    out.write_all(b")")?;
    match (ev.rd_write, ev.rd_cap) {
        (Some((r, _)), Some(c)) => write!(out, " c{r} {c}")?,
        (Some((r, v)), None) => write!(out, " x{r} {v:#x}")?,
        _ => {}
    }
    if let Some(m) = ev.mem {
        let k = match m.kind {
            MemKind::Load => 'r',
            MemKind::Store => 'w',
            MemKind::Amo => 'a',
        };
        write!(out, " mem {k}{} {:#x}", m.size, m.addr)?;
        if let Some(v) = m.store_value {
            write!(out, " {v:#x}")?;
        }
        if m.cap {
            write!(out, " tag {}", m.tag as u8)?;
        }
    }
    writeln!(out, " ; {}", disasm_line(&ev.insn, ev.pc))
}

pub(crate) fn write_trap(out: &mut impl Write, ev: &TrapTaken) -> io::Result<()> {
    let interrupt = ev.cause >> 63 != 0;
    let code = ev.cause & !(1 << 63);
    write!(
        out,
        "core 0: {} {} (mcause {}{}), epc {:#x}",
        if interrupt { "interrupt" } else { "exception" },
        cause_name(ev.cause),
        if interrupt { "interrupt " } else { "" },
        code,
        ev.pc
    )?;
    if let Some((raw, insn)) = ev.insn {
        out.write_all(b" (")?;
        write_raw(out, raw)?;
        write!(out, " {})", disasm_line(&insn, ev.pc))?;
    }
    if !interrupt {
        write!(out, ", tval {:#x}", ev.tval)?;
    }
    if let Some(f) = cheri_fault(ev.cause, ev.tval) {
        write!(out, ": {} on {}", f.name, f.reg)?;
    }
    writeln!(out, "; handler {:#x}, from {}", ev.handler, ev.from.letter())
}

impl<W: Write> Sink for TextSink<W> {
    fn record(&mut self, r: &Record) -> io::Result<()> {
        match &r.event {
            Event::Insn(ev) => write_insn(&mut self.out, ev),
            Event::Trap(ev) => write_trap(&mut self.out, ev),
            Event::Priv { from, to } => writeln!(self.out, "core 0: privilege {} -> {}", from.letter(), to.letter()),
        }
    }

    fn ring(&mut self, kept: u64, seen: u64) -> io::Result<()> {
        writeln!(self.out, "# ring buffer: the last {kept} of {seen} events")
    }

    fn stop(&mut self, n: u64, exit: &Exit) -> io::Result<()> {
        writeln!(self.out, "core 0: stop after {n} instructions: {} (status {})", exit.describe(), exit.status())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
