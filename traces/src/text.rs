//! The text trace: a commit log in the style of Spike's `--log-commits`, one line per event.
//!
//! ```text
//! core 0: 3 0x8000027e (0x1075055b) c10 v:1 s:0 p:rwxRWLGSUIAC u:0xf m:int otype:unsealed [0x80000350, 0x80000370) addr 0x80000350 ; csetbounds ca0,ca0,t2
//! core 0: 3 0x8000028a (0xfab505db) x11 0x2a mem r8 0x80000350 ; ld.cap a1,(ca0)
//! core 0: 3 0x800002b4 (0x00a34023) mem w16 0x80000370 0x80000350 tag 1 ; sc ca0,0(t1)
//! core 0: exception CHERI exception (mcause 28), epc 0x80000294 (0xf9c605db sd.cap t3,(ca2)), tval 0x193: permit store violation on ca2; handler 0x800002f0, from M
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

use crate::fast::{push_dec, push_hex, push_hex_padded, DisasmCache};
use crate::monitor::{describe, Names};
use crate::names::cheri_fault;
use crate::record::{Event, Record};
use crate::tracer::Sink;

pub struct TextSink<W: Write> {
    out: W,
    line: Vec<u8>,
    dis: DisasmCache,
    names: Names,
}

impl<W: Write> TextSink<W> {
    pub fn new(out: W) -> Self {
        TextSink { out, line: Vec::with_capacity(256), dis: DisasmCache::new(), names: Names::default() }
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
fn push_raw(buf: &mut Vec<u8>, raw: u32) {
    if raw & 3 == 3 {
        push_hex_padded(buf, raw as u64, 8);
    } else {
        push_hex_padded(buf, (raw & 0xffff) as u64, 4);
    }
}

/// One instruction line into `buf` (formatted by hand: `core::fmt` was most of the cost).
pub(crate) fn push_insn(buf: &mut Vec<u8>, ev: &Retired, dis: &mut DisasmCache) {
    buf.extend_from_slice(b"core 0: ");
    push_dec(buf, level(ev.privilege) as u64);
    buf.push(b' ');
    push_hex(buf, ev.pc);
    buf.extend_from_slice(b" (");
    push_raw(buf, ev.raw);
    buf.push(b')');
    match (ev.rd_write, ev.rd_cap) {
        (Some((r, _)), Some(c)) => {
            buf.extend_from_slice(b" c");
            push_dec(buf, r as u64);
            buf.push(b' ');
            // Capabilities are rare in most traces; the Display of cheri-cap is the format.
            let _ = write!(buf, "{c}");
        }
        (Some((r, v)), None) => {
            buf.extend_from_slice(b" x");
            push_dec(buf, r as u64);
            buf.push(b' ');
            push_hex(buf, v);
        }
        _ => {}
    }
    if let Some(m) = ev.mem {
        buf.extend_from_slice(match m.kind {
            MemKind::Load => b" mem r",
            MemKind::Store => b" mem w",
            MemKind::Amo => b" mem a",
        });
        push_dec(buf, m.size as u64);
        buf.push(b' ');
        push_hex(buf, m.addr);
        if let Some(v) = m.store_value {
            buf.push(b' ');
            push_hex(buf, v);
        }
        if m.cap {
            buf.extend_from_slice(if m.tag { b" tag 1" } else { b" tag 0" });
        }
    }
    buf.extend_from_slice(b" ; ");
    buf.extend_from_slice(dis.get(&ev.insn, ev.pc).as_bytes());
    buf.push(b'\n');
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
        let mut b = Vec::with_capacity(12);
        push_raw(&mut b, raw);
        write!(out, " ({} {})", String::from_utf8_lossy(&b), disasm_line(&insn, ev.pc))?;
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
            Event::Insn(ev) => {
                self.line.clear();
                push_insn(&mut self.line, ev, &mut self.dis);
                self.out.write_all(&self.line)
            }
            Event::Trap(ev) => write_trap(&mut self.out, ev),
            Event::Priv { from, to } => writeln!(self.out, "core 0: privilege {} -> {}", from.letter(), to.letter()),
            Event::Monitor(ev) => writeln!(self.out, "core 0: monitor: {}", describe(ev, &self.names)),
        }
    }

    fn names(&mut self, names: &Names) {
        self.names = names.clone();
    }

    fn learn(&mut self, ev: &sim_core::observer::MonitorEvent) {
        self.names.learn(ev);
    }

    fn ring(&mut self, kept: u64, seen: u64) -> io::Result<()> {
        writeln!(self.out, "# ring buffer: the last {kept} of {seen} events")
    }

    fn ring_replayed(&mut self, kept: u64, from: u64) -> io::Result<()> {
        writeln!(self.out, "# ring buffer: the last {kept} events (the run's end, replayed from instruction {from})")
    }

    fn stop(&mut self, n: u64, exit: &Exit) -> io::Result<()> {
        writeln!(self.out, "core 0: stop after {n} instructions: {} (status {})", exit.describe(), exit.status())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
