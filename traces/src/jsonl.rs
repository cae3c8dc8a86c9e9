//! The JSON Lines trace: one object per event, fields documented in `traces/README.md`.
//! 64-bit quantities are hex strings (`"0x80000000"`), small fields numbers, as in
//! `capvm cap --json`. Every field of a kind is always present (null when it does not apply).

use std::io::{self, Write};

use cheri_cap::Capability;
use serde::{Serialize, Serializer};
use sim_core::hart::trap::cause_name;
use sim_core::hart::Priv;
use sim_core::isa::Class;
use sim_core::observer::MemKind;
use sim_core::Exit;

use crate::fast::{hex_str, DisasmCache};
use crate::monitor::{self, Names};
use crate::names::cheri_fault;
use crate::record::{Event, Record};
use crate::text::disasm_line;
use crate::tracer::Sink;

/// A 64-bit value as a hex string.
struct Hex(u64);

impl Serialize for Hex {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut b = [0u8; 18];
        s.serialize_str(hex_str(&mut b, self.0))
    }
}

/// A 65-bit value (top, length) as a hex string.
struct Hex128(u128);

impl Serialize for Hex128 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{:#x}", self.0))
    }
}

fn priv_name(p: Priv) -> &'static str {
    match p {
        Priv::Machine => "M",
        Priv::User => "U",
    }
}

/// A capability, decoded.
#[derive(Serialize)]
pub(crate) struct CapJson {
    tag: bool,
    sealed: bool,
    /// The permission letters as `capvm cap` and the text trace print them.
    perms: String,
    perm_bits: u16,
    uperms: u8,
    otype: u32,
    otype_name: Option<&'static str>,
    cap_mode: bool,
    base: Hex,
    top: Hex128,
    address: Hex,
}

impl CapJson {
    pub(crate) fn of(c: &Capability) -> CapJson {
        let b = c.bounds();
        CapJson {
            tag: c.tag(),
            sealed: c.is_sealed(),
            perms: c.perms().to_string(),
            perm_bits: c.perms().bits(),
            uperms: c.uperms(),
            otype: c.otype().raw(),
            otype_name: c.otype().name(),
            cap_mode: c.is_cap_mode(),
            base: Hex(b.base),
            top: Hex128(b.top),
            address: Hex(c.address()),
        }
    }
}

#[derive(Serialize)]
struct MemJson {
    kind: &'static str,
    addr: Hex,
    size: u8,
    value: Option<Hex>,
    cap: bool,
    tag: Option<bool>,
}

#[derive(Serialize)]
struct InsnJson<'a> {
    kind: &'static str,
    n: u64,
    cycle: u64,
    #[serde(rename = "priv")]
    privilege: &'static str,
    pc: Hex,
    raw: Hex,
    mnemonic: &'static str,
    class: &'static str,
    disasm: &'a str,
    rd: Option<u8>,
    rd_value: Option<Hex>,
    cap: Option<CapJson>,
    mem: Option<MemJson>,
    next_pc: Hex,
}

#[derive(Serialize)]
struct CheriJson {
    code: u8,
    name: &'static str,
    cap_idx: u8,
    reg: String,
}

#[derive(Serialize)]
struct TrapJson {
    kind: &'static str,
    n: u64,
    cycle: u64,
    interrupt: bool,
    cause: u64,
    cause_name: &'static str,
    tval: Hex,
    cheri: Option<CheriJson>,
    pc: Hex,
    raw: Option<Hex>,
    disasm: Option<String>,
    from: &'static str,
    handler: Hex,
}

#[derive(Serialize)]
struct PrivJson {
    kind: &'static str,
    n: u64,
    from: &'static str,
    to: &'static str,
}

#[derive(Serialize)]
struct MonitorJson<'a> {
    kind: &'static str,
    n: u64,
    cycle: u64,
    event: String,
    event_kind: u16,
    cvm: Option<u16>,
    cvm_name: Option<&'a str>,
    /// The arguments by the names of `monitor::abi::TRACE_EVENTS`, as hex strings.
    args: serde_json::Map<String, serde_json::Value>,
    hostcall: Option<&'static str>,
    text: String,
}

#[derive(Serialize)]
struct RingJson {
    kind: &'static str,
    kept: u64,
    /// Events seen; absent when the ring was filled by a replay of the run's end.
    #[serde(skip_serializing_if = "Option::is_none")]
    seen: Option<u64>,
    /// The instruction the replay started from.
    #[serde(skip_serializing_if = "Option::is_none")]
    replayed_from: Option<u64>,
}

#[derive(Serialize)]
struct StopJson {
    kind: &'static str,
    n: u64,
    reason: String,
    status: u8,
}

/// One object and a newline: serialized into `buf` (serde_json writes many small pieces,
/// which cost less in a Vec than through a writer), then written at once.
fn line<W: Write, T: Serialize>(out: &mut W, buf: &mut Vec<u8>, v: &T) -> io::Result<()> {
    buf.clear();
    serde_json::to_writer(&mut *buf, v)?;
    buf.push(b'\n');
    out.write_all(buf)
}

/// The class names of the `class` field.
fn class_name(c: Class) -> &'static str {
    match c {
        Class::Alu => "alu",
        Class::Mul => "mul",
        Class::Div => "div",
        Class::Load => "load",
        Class::Store => "store",
        Class::Amo => "amo",
        Class::Branch => "branch",
        Class::Jump => "jump",
        Class::Csr => "csr",
        Class::System => "system",
        Class::Fence => "fence",
        Class::Cap => "cap",
        Class::Scr => "scr",
    }
}

pub struct JsonlSink<W: Write> {
    out: W,
    buf: Vec<u8>,
    dis: DisasmCache,
    names: Names,
}

impl<W: Write> JsonlSink<W> {
    pub fn new(out: W) -> Self {
        JsonlSink { out, buf: Vec::with_capacity(512), dis: DisasmCache::new(), names: Names::default() }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    fn line<T: Serialize>(&mut self, v: &T) -> io::Result<()> {
        line(&mut self.out, &mut self.buf, v)
    }
}

impl<W: Write> Sink for JsonlSink<W> {
    fn record(&mut self, r: &Record) -> io::Result<()> {
        match &r.event {
            Event::Insn(ev) => {
                let mem = ev.mem.map(|m| MemJson {
                    kind: match m.kind {
                        MemKind::Load => "load",
                        MemKind::Store => "store",
                        MemKind::Amo => "amo",
                    },
                    addr: Hex(m.addr),
                    size: m.size,
                    value: m.store_value.map(Hex),
                    cap: m.cap,
                    tag: m.cap.then_some(m.tag),
                });
                line(
                    &mut self.out,
                    &mut self.buf,
                    &InsnJson {
                        kind: "insn",
                        n: r.n,
                        cycle: ev.cycle,
                        privilege: priv_name(ev.privilege),
                        pc: Hex(ev.pc),
                        raw: Hex(ev.raw as u64),
                        mnemonic: ev.op.mnemonic(),
                        class: class_name(ev.op.class()),
                        disasm: self.dis.get(&ev.insn, ev.pc),
                        rd: ev.rd_write.map(|w| w.0),
                        rd_value: ev.rd_write.map(|w| Hex(w.1)),
                        cap: ev.rd_cap.as_ref().map(CapJson::of),
                        mem,
                        next_pc: Hex(ev.next_pc),
                    },
                )
            }
            Event::Trap(ev) => {
                let interrupt = ev.cause >> 63 != 0;
                self.line(&TrapJson {
                    kind: "trap",
                    n: r.n,
                    cycle: ev.cycle,
                    interrupt,
                    cause: ev.cause & !(1 << 63),
                    cause_name: cause_name(ev.cause),
                    tval: Hex(ev.tval),
                    cheri: cheri_fault(ev.cause, ev.tval).map(|f| CheriJson {
                        code: f.code,
                        name: f.name,
                        cap_idx: f.cap_idx,
                        reg: f.reg,
                    }),
                    pc: Hex(ev.pc),
                    raw: ev.insn.map(|i| Hex(i.0 as u64)),
                    disasm: ev.insn.map(|i| disasm_line(&i.1, ev.pc)),
                    from: priv_name(ev.from),
                    handler: Hex(ev.handler),
                })
            }
            Event::Priv { from, to } => {
                self.line(&PrivJson { kind: "priv", n: r.n, from: priv_name(*from), to: priv_name(*to) })
            }
            Event::Monitor(ev) => {
                let arg_names: &[&str] = match monitor::entry(ev) {
                    Some(e) => e.args,
                    None => &["arg0", "arg1", "arg2", "arg3"],
                };
                let args = arg_names
                    .iter()
                    .zip(ev.args)
                    .map(|(name, v)| (name.to_string(), serde_json::Value::String(format!("{v:#x}"))))
                    .collect();
                let hostcall = match ev.kind {
                    monitor::kind::HOSTCALL_ENTER | monitor::kind::HOSTCALL_LEAVE => {
                        ::monitor::abi::HOSTCALLS.iter().find(|h| h.number == ev.args[0]).map(|h| h.name)
                    }
                    _ => None,
                };
                let names = &self.names;
                let j = MonitorJson {
                    kind: "monitor",
                    n: r.n,
                    cycle: ev.cycle,
                    event: monitor::event_name(ev),
                    event_kind: ev.kind,
                    cvm: (ev.cvm as u64 != ::monitor::abi::TP_NO_CVM).then_some(ev.cvm),
                    cvm_name: names.cvm_name(ev.cvm),
                    args,
                    hostcall,
                    text: monitor::describe(ev, names),
                };
                line(&mut self.out, &mut self.buf, &j)
            }
        }
    }

    fn names(&mut self, names: &Names) {
        self.names = names.clone();
    }

    fn learn(&mut self, ev: &sim_core::observer::MonitorEvent) {
        self.names.learn(ev);
    }

    fn ring(&mut self, kept: u64, seen: u64) -> io::Result<()> {
        self.line(&RingJson { kind: "ring", kept, seen: Some(seen), replayed_from: None })
    }

    fn ring_replayed(&mut self, kept: u64, from: u64) -> io::Result<()> {
        self.line(&RingJson { kind: "ring", kept, seen: None, replayed_from: Some(from) })
    }

    fn stop(&mut self, n: u64, exit: &Exit) -> io::Result<()> {
        self.line(&StopJson { kind: "stop", n, reason: exit.describe(), status: exit.status() })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
