//! The explain narrative: for each capability instruction, which checks ran on which
//! capability and why each passed or failed; for each CHERI exception, which check failed.
//!
//! ```text
//! [54] 0x800002b8 M: lc ca5,0(t1)
//!     DDC is tagged, is unsealed, has Load, and its bounds [0x0, 0x10000000000000000) cover 16 bytes at 0x80000370
//!     the loaded value is tagged: ca5 = v:1 s:0 p:rwxRWLGSUIAC u:0xf m:int otype:unsealed [0x80000350, 0x80000370) addr 0x80000350
//! [57] 0x800002c4 M: ld.cap a1,(ca5)
//!     ca5 is untagged (not a valid capability)
//!     -> CHERI exception: tag violation on ca5 (mcause 28, mtval 0x1e2); the handler at 0x800002f0 runs in M mode
//! ```
//!
//! The check order is the hart's (spec §4.8.1: tag, seal, permissions, bounds; §4.5 for
//! jumps and CInvoke); the values come from the [`Shadow`](crate::Shadow) register file.

use std::fmt::Write as _;
use std::io::{self, Write};

use cheri_cap::{Capability, OType, Perms};
use sim_core::hart::access_size;
use sim_core::hart::cheri::capex;
use sim_core::hart::trap::cause_name;
use sim_core::isa::{Class, Ext, Insn, Opcode};
use sim_core::observer::{MemKind, Retired, TrapTaken};
use sim_core::Exit;

use crate::monitor::{describe, handover, Names};
use crate::names::{cap_reg_name, cheri_fault};
use crate::record::{Event, Operands, Record};
use crate::text::disasm_line;
use crate::tracer::Sink;

pub struct ExplainSink<W: Write> {
    out: W,
    names: Names,
}

impl<W: Write> ExplainSink<W> {
    pub fn new(out: W) -> Self {
        ExplainSink { out, names: Names::default() }
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Sink for ExplainSink<W> {
    const OPERANDS: bool = true;

    fn record(&mut self, r: &Record) -> io::Result<()> {
        let text = match &r.event {
            Event::Insn(ev) => explain_insn(r.n, ev, &r.ops),
            Event::Trap(ev) => explain_trap(r.n, ev, &r.ops),
            Event::Priv { from, to } => format!(
                "[{}] privilege {} -> {}: {}\n",
                r.n,
                from.letter(),
                to.letter(),
                match to {
                    sim_core::hart::Priv::User =>
                        "the next instructions run in user mode (no access to M-mode CSRs or SCRs)",
                    sim_core::hart::Priv::Machine => "the hart is in machine mode",
                }
            ),
            Event::Monitor(ev) => {
                let mut s = format!("[{}] monitor: {}\n", r.n, describe(ev, &self.names));
                if let Some(h) = handover(ev, &self.names) {
                    s.push_str(&format!("    {h}\n"));
                }
                s
            }
        };
        self.out.write_all(text.as_bytes())
    }

    fn ring(&mut self, kept: u64, seen: u64) -> io::Result<()> {
        writeln!(self.out, "(ring buffer: the last {kept} of {seen} events follow)")
    }

    fn ring_replayed(&mut self, kept: u64, from: u64) -> io::Result<()> {
        writeln!(
            self.out,
            "(ring buffer: the last {kept} events follow, the run's end replayed from instruction {from})"
        )
    }

    fn stop(&mut self, n: u64, exit: &Exit) -> io::Result<()> {
        writeln!(self.out, "[{n}] the run stopped: {} (status {})", exit.describe(), exit.status())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn names(&mut self, names: &Names) {
        self.names = names.clone();
    }

    fn learn(&mut self, ev: &sim_core::observer::MonitorEvent) {
        self.names.learn(ev);
    }
}

/// One check: what it says when it passes, when it fails, and the CapEx code of its failure.
struct Check {
    ok: bool,
    yes: String,
    no: String,
    code: u8,
}

fn check(ok: bool, yes: impl Into<String>, no: impl Into<String>, code: u8) -> Check {
    Check { ok, yes: yes.into(), no: no.into(), code }
}

/// `subject` and its checks in order, up to the first failure: "ca1 is tagged, is unsealed,
/// but lacks Store". Returns the text and the failing check's code.
fn narrate(subject: &str, checks: &[Check]) -> (String, Option<u8>) {
    let mut s = subject.to_string();
    for (i, c) in checks.iter().enumerate() {
        let sep = if i == 0 { " " } else { ", " };
        if c.ok {
            let and = if i + 1 == checks.len() && i > 0 { "and " } else { "" };
            let _ = write!(s, "{sep}{and}{}", c.yes);
        } else {
            match (i, c.no.strip_prefix("its ")) {
                (0, Some(rest)) => write!(s, "'s {rest}"),
                (0, None) => write!(s, " {}", c.no),
                (_, Some(_)) => write!(s, "{sep}but {}", c.no),
                (_, None) => write!(s, "{sep}but it {}", c.no),
            }
            .unwrap_or(());
            return (s, Some(c.code));
        }
    }
    (s, None)
}

fn perm_name(p: Perms) -> &'static str {
    const NAMES: [(Perms, &str); 12] = [
        (Perms::LOAD, "Load"),
        (Perms::STORE, "Store"),
        (Perms::EXECUTE, "Execute"),
        (Perms::LOAD_CAP, "LoadCap"),
        (Perms::STORE_CAP, "StoreCap"),
        (Perms::STORE_LOCAL_CAP, "StoreLocalCap"),
        (Perms::GLOBAL, "Global"),
        (Perms::SEAL, "Seal"),
        (Perms::UNSEAL, "Unseal"),
        (Perms::CINVOKE, "CInvoke"),
        (Perms::ACCESS_SYSTEM_REGS, "Access_System_Registers"),
        (Perms::SET_CID, "SetCID"),
    ];
    NAMES.iter().find(|n| n.0 == p).map_or("?", |n| n.1)
}

fn perm_list(p: Perms) -> String {
    let v: Vec<_> = Perms::TABLE.iter().filter(|t| p.contains(t.0)).map(|t| perm_name(t.0)).collect();
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(" ")
    }
}

fn bounds_text(c: &Capability) -> String {
    let b = c.bounds();
    format!("[{:#x}, {:#x})", b.base, b.top)
}

fn tag_check(c: &Capability) -> Check {
    check(c.tag(), "is tagged", "is untagged (not a valid capability)", capex::TAG)
}

fn seal_check(c: &Capability) -> Check {
    check(!c.is_sealed(), "is unsealed", format!("is sealed (otype {})", c.otype()), capex::SEAL)
}

fn perm_check(c: &Capability, p: Perms, code: u8) -> Check {
    let n = perm_name(p);
    check(c.perms().contains(p), format!("has {n}"), format!("lacks {n}"), code)
}

fn bounds_check(c: &Capability, addr: u64, size: u64, code: u8) -> Check {
    let b = bounds_text(c);
    let what = if size == 1 { "1 byte".to_string() } else { format!("{size} bytes") };
    check(
        c.in_bounds(addr, size),
        format!("its bounds {b} cover {what} at {addr:#x}"),
        format!("its bounds {b} do not cover {what} at {addr:#x}"),
        code,
    )
}

/// The checks of a data access (spec §4.8.1), in the hart's order.
fn data_checks(auth: &Capability, addr: u64, size: u64, need: Perms, stored: Option<Capability>) -> Vec<Check> {
    let mut v = vec![tag_check(auth), seal_check(auth)];
    for (p, code) in [
        (Perms::LOAD, capex::PERMIT_LOAD),
        (Perms::STORE, capex::PERMIT_STORE),
        (Perms::LOAD_CAP, capex::PERMIT_LOAD_CAP),
    ] {
        if need.contains(p) {
            v.push(perm_check(auth, p, code));
        }
    }
    if let Some(value) = stored.filter(|c| c.tag()) {
        v.push(perm_check(auth, Perms::STORE_CAP, capex::PERMIT_STORE_CAP));
        if !value.perms().contains(Perms::GLOBAL) {
            let mut c = perm_check(auth, Perms::STORE_LOCAL_CAP, capex::PERMIT_STORE_LOCAL_CAP);
            c.yes += " (the value is not Global)";
            c.no += " (needed: the value is not Global)";
            v.push(c);
        }
    }
    v.push(bounds_check(auth, addr, size, capex::LENGTH));
    v
}

/// Which capability authorises a memory instruction: its name and value.
fn authority(insn: &Insn, ops: &Operands) -> (String, Capability) {
    let name = format!("{:?}", insn.op);
    let explicit_cap = insn.op == Opcode::CLoadTags || (insn.spec().ext == Ext::Xcheri && name.ends_with("Cap"));
    if explicit_cap || (ops.cap_mode && !name.ends_with("Ddc")) {
        (cap_reg_name(insn.rs1), ops.cs1)
    } else {
        ("DDC".to_string(), ops.ddc)
    }
}

fn is_mem(op: Opcode) -> bool {
    matches!(op.class(), Class::Load | Class::Store | Class::Amo)
}

/// What a memory instruction needs of its authority.
fn mem_need(op: Opcode) -> (Perms, MemKind) {
    match op.class() {
        _ if op == Opcode::CLoadTags => (Perms::LOAD | Perms::LOAD_CAP, MemKind::Load),
        Class::Load => (Perms::LOAD, MemKind::Load),
        Class::Store => (Perms::STORE, MemKind::Store),
        _ => (Perms::LOAD | Perms::STORE, MemKind::Amo),
    }
}

/// The checks of a memory instruction at `addr`.
fn mem_checks(insn: &Insn, ops: &Operands, addr: u64) -> (String, Vec<Check>) {
    let (name, auth) = authority(insn, ops);
    let (size, cap) = access_size(insn.op);
    let (need, kind) = mem_need(insn.op);
    let stored = (cap && kind != MemKind::Load).then_some(ops.cs2);
    let checks = data_checks(&auth, addr, size as u64, need, stored);
    (name, checks)
}

/// The address a memory instruction uses: rs1's address plus the immediate (AMOs and the
/// explicit forms have none).
fn mem_addr(insn: &Insn, ops: &Operands) -> u64 {
    ops.cs1.address().wrapping_add(insn.imm as i64 as u64)
}

fn header(n: u64, pc: u64, privilege: char, insn: &Insn) -> String {
    format!("[{n}] {pc:#x} {privilege}: {}\n", disasm_line(insn, pc))
}

fn jump_checks(c: &Capability, imm: i32) -> Vec<Check> {
    let sentry_ok = c.otype() == OType::SENTRY && imm == 0;
    let target = c.address().wrapping_add(imm as i64 as u64) & !1;
    vec![
        tag_check(c),
        check(
            !c.is_sealed() || sentry_ok,
            if c.is_sealed() { "is a sentry (jumping to it unseals it)" } else { "is unsealed" },
            format!("is sealed (otype {}{})", c.otype(), if imm != 0 { " with an offset" } else { "" }),
            capex::SEAL,
        ),
        perm_check(c, Perms::EXECUTE, capex::PERMIT_EXECUTE),
        bounds_check(c, target, 2, capex::LENGTH),
    ]
}

fn cinvoke_checks(code: &Capability, data: &Capability, n1: &str, n2: &str) -> Vec<(String, Check)> {
    let (a, b) = (n1.to_string(), n2.to_string());
    vec![
        (a.clone(), tag_check(code)),
        (b.clone(), tag_check(data)),
        (a.clone(), check(!code.otype().is_reserved(), "has a sealable otype", "has a reserved otype", capex::SEAL)),
        (b.clone(), check(!data.otype().is_reserved(), "has a sealable otype", "has a reserved otype", capex::SEAL)),
        (
            a.clone(),
            check(
                code.otype() == data.otype(),
                format!("has the same otype as {n2} ({})", code.otype()),
                format!("has otype {}, not {n2}'s {}", code.otype(), data.otype()),
                capex::TYPE,
            ),
        ),
        (a.clone(), perm_check(code, Perms::CINVOKE, capex::PERMIT_CINVOKE)),
        (b.clone(), perm_check(data, Perms::CINVOKE, capex::PERMIT_CINVOKE)),
        (a.clone(), perm_check(code, Perms::EXECUTE, capex::PERMIT_EXECUTE)),
        (
            b,
            check(
                !data.perms().contains(Perms::EXECUTE),
                "lacks Execute (data)",
                "has Execute (a data capability must not)",
                capex::PERMIT_EXECUTE,
            ),
        ),
        (a, bounds_check(code, code.address() & !1, 2, capex::LENGTH)),
    ]
}

/// CInvoke's checks as one sentence per register, up to the first failure.
fn narrate_pairs(checks: &[(String, Check)]) -> (String, Option<u8>) {
    let mut s = String::new();
    for (who, c) in checks {
        if c.ok {
            let _ = write!(s, "{who} {}; ", c.yes);
        } else {
            let but = if s.is_empty() { "" } else { "but " };
            let _ = match c.no.strip_prefix("its ") {
                Some(rest) => write!(s, "{but}{who}'s {rest}"),
                None => write!(s, "{but}{who} {}", c.no),
            };
            return (s, Some(c.code));
        }
    }
    (s.trim_end_matches("; ").to_string(), None)
}

fn scr_name(n: i32) -> String {
    cap_reg_name(0x20 | (n as u8 & 0x1f))
}

fn explain_insn(n: u64, ev: &Retired, ops: &Operands) -> String {
    use Opcode::*;
    let i = ev.insn;
    let mut s = header(n, ev.pc, ev.privilege.letter(), &i);
    let rd = cap_reg_name(i.rd);
    let c1 = ops.cs1;
    let n1 = cap_reg_name(i.rs1);
    let x2 = ops.cs2.address();
    let result = ev.rd_cap.unwrap_or(Capability::from_integer(ev.rd_write.map_or(0, |w| w.1)));
    let mut line = |t: String| {
        s.push_str("    ");
        s.push_str(&t);
        s.push('\n');
    };
    if let Some(m) = ev.mem {
        let (name, checks) = mem_checks(&i, ops, m.addr);
        line(narrate(&name, &checks).0);
        if m.cap && m.kind != MemKind::Store {
            if result.tag() {
                line(format!("the loaded value is tagged: {rd} = {result}"));
            } else if m.kind == MemKind::Load && !authority(&i, ops).1.perms().contains(Perms::LOAD_CAP) {
                line(format!("the loaded value is untagged: the authority lacks LoadCap, so the tag is stripped: {rd} = {result}"));
            } else {
                line(format!("the loaded value is untagged (no valid capability in memory there): {rd} = {result}"));
            }
        } else if m.cap {
            let v = ops.cs2;
            line(format!(
                "stores {} capability{}",
                if v.tag() { "a tagged" } else { "an untagged" },
                if v.tag() { ": the granule's tag is set" } else { ": the granule's tag is cleared" }
            ));
        }
        return s;
    }
    match i.op {
        CSetBounds | CSetBoundsExact | CSetBoundsImm => {
            let len = if i.op == CSetBoundsImm { i.imm as u64 & 0xfff } else { x2 };
            let r = if i.op == CSetBoundsExact { c1.set_bounds_exact(len) } else { c1.set_bounds(len) };
            let end = c1.address() as u128 + len as u128;
            line(format!(
                "{n1} {} {}; asks for [{:#x}, {end:#x}) ({len} bytes)",
                if c1.tag() { "is tagged with bounds" } else { "is untagged, bounds" },
                bounds_text(&c1),
                c1.address()
            ));
            let why = if !c1.tag() {
                "the result is untagged because the input is".to_string()
            } else if c1.is_sealed() {
                "the result is untagged: the input is sealed".to_string()
            } else if !r.subset {
                "the request is not inside the input's bounds, so the result is untagged (v9 clears the tag; v8 traps)"
                    .to_string()
            } else if !r.exact && i.op == CSetBoundsExact {
                "the bounds cannot be represented exactly, so CSetBoundsExact clears the tag".to_string()
            } else if !r.exact {
                format!(
                    "the request is inside the input's bounds; rounded to {} to be representable",
                    bounds_text(&r.cap)
                )
            } else {
                "the request is inside the input's bounds and exactly representable".to_string()
            };
            line(why);
            line(format!("{rd} = {result}"));
        }
        CAndPerm => {
            let kept = c1.perms().intersection(Perms::from_bits_truncate(x2));
            let removed = c1.perms().difference(kept);
            line(format!("{n1} has {}; the mask removes {}", perm_list(c1.perms()), perm_list(removed)));
            if c1.tag() && c1.is_sealed() {
                line("the input is sealed, so the result is untagged".to_string());
            }
            line(format!("{rd} = {result}"));
        }
        CSetAddr | CIncOffset | CIncOffsetImm | CSetOffset => {
            let why = if !c1.tag() {
                "the input is untagged, so the result is too"
            } else if c1.is_sealed() {
                "the input is sealed: changing its address clears the tag"
            } else if !result.tag() {
                "the new address is too far outside the bounds for the compressed encoding to represent them: the tag is cleared"
            } else {
                "the bounds stay representable: the tag is kept (the address may be out of bounds; that is checked on use)"
            };
            line(format!("{n1} {}; new address {:#x}: {why}", bounds_text(&c1), result.address()));
            line(format!("{rd} = {result}"));
        }
        CSeal | CUnseal | CCSeal => {
            let auth = ops.cs2;
            let n2 = cap_reg_name(i.rs2);
            let verdict = match i.op {
                CSeal | CCSeal => match c1.seal_check(auth) {
                    Ok(t) => format!("{n2} authorises otype {t}: {rd} is {n1} sealed with it"),
                    Err(d) => format!("{d}, so {rd} is untagged"),
                },
                _ => match c1.unseal_check(auth) {
                    Ok(()) => format!("{n2} may unseal otype {}: {rd} is {n1} unsealed", c1.otype()),
                    Err(d) => format!("{d}, so {rd} is untagged"),
                },
            };
            line(format!("{n2} (authority) = {auth}"));
            line(verdict);
            line(format!("{rd} = {result}"));
        }
        CSealEntry => {
            line(format!(
                "{rd} is {n1} sealed as a sentry: it can only be jumped to (CJALR unseals it), not used or changed"
            ));
            line(format!("{rd} = {result}"));
        }
        CBuildCap => {
            let auth = if i.rs1 == 0 { ops.ddc } else { c1 };
            let r = auth.build_cap(ops.cs2);
            line(format!(
                "rebuilds the untagged {} from {} {}: {}",
                cap_reg_name(i.rs2),
                if i.rs1 == 0 { "DDC" } else { &n1 },
                bounds_text(&auth),
                if r.subset && r.derivable {
                    "it lies within the authority and is derivable, so the result is tagged"
                } else if !r.subset {
                    "it is not a subset of the authority, so the result is untagged"
                } else {
                    "it cannot be derived from the authority, so the result is untagged"
                }
            ));
            line(format!("{rd} = {result}"));
        }
        Cjalr | JalrCap => {
            let (t, _) = narrate(&n1, &jump_checks(&c1, i.imm));
            line(t);
            line(format!("PCC := {n1} unsealed, pc {:#x}; {rd} = the return sentry", ev.next_pc));
        }
        CInvoke => {
            let n2 = cap_reg_name(i.rs2);
            line(narrate_pairs(&cinvoke_checks(&c1, &ops.cs2, &n1, &n2)).0);
            line(format!("PCC := {n1} unsealed, c31 := {n2} unsealed; continues at {:#x}", ev.next_pc));
        }
        CSpecialRW => {
            let scr = scr_name(i.imm);
            let mut t = match (i.rd != 0, i.rs1 != 0) {
                (true, true) => format!("reads {scr} into {rd} and writes {n1} into {scr}"),
                (false, true) => format!("writes {n1} into {scr}"),
                _ => format!("reads {scr} into {rd}"),
            };
            if i.imm >= 28 {
                t.push_str(" (M mode and PCC's Access_System_Registers permission were required, and present)");
            }
            line(t);
            if i.rs1 != 0 && i.imm == 1 {
                line(format!("DDC is now {c1}: integer-mode loads and stores are checked against it"));
            }
            if i.rd != 0 {
                line(format!("{rd} = {result}"));
            }
        }
        CClear => line("clears the registers in the mask to NULL".to_string()),
        Auipcc => line(format!("{rd} = PCC with address {:#x}: {result}", result.address())),
        Cjal => line(format!("jumps within PCC to {:#x}; {rd} = the return sentry {result}", ev.next_pc)),
        _ => match (ev.rd_write, ev.rd_cap) {
            (Some(_), Some(c)) => line(format!("{rd} = {c}")),
            (Some((r, v)), None) if i.spec().ext == Ext::Xcheri => {
                line(format!("{} = {v:#x} (from {n1} = {c1})", sim_core::isa::reg::name(r)))
            }
            _ => {}
        },
    }
    s
}

fn explain_trap(n: u64, ev: &TrapTaken, ops: &Operands) -> String {
    let interrupt = ev.cause >> 63 != 0;
    if interrupt {
        return format!(
            "[{n}] {:#x} {}: {} before this instruction; the handler at {:#x} runs in M mode\n",
            ev.pc,
            ev.from.letter(),
            cause_name(ev.cause),
            ev.handler
        );
    }
    let mut s = match ev.insn {
        Some((_, insn)) => header(n, ev.pc, ev.from.letter(), &insn),
        None => format!("[{n}] {:#x} {}: (instruction fetch)\n", ev.pc, ev.from.letter()),
    };
    let fault = cheri_fault(ev.cause, ev.tval);
    let mut lines: Vec<String> = Vec::new();
    let mut computed: Option<u8> = None;
    match (ev.insn, &fault) {
        (None, Some(_)) | (None, None) => {
            let pcc = ev.pcc;
            let mut checks = vec![
                tag_check(&pcc),
                seal_check(&pcc),
                perm_check(&pcc, Perms::EXECUTE, capex::PERMIT_EXECUTE),
                bounds_check(&pcc, ev.pc, 2, capex::LENGTH),
            ];
            if checks.iter().all(|c| c.ok) {
                // A 4-byte instruction whose second half lies outside PCC (spec §5.3: each
                // 2-byte parcel is checked).
                let second = ev.pc.wrapping_add(2);
                let mut c = bounds_check(&pcc, second, 2, capex::LENGTH);
                c.no = format!(
                    "its bounds {} do not cover the instruction's second half at {second:#x}",
                    bounds_text(&pcc)
                );
                checks.push(c);
            }
            let (t, c) = narrate("PCC (fetching the instruction)", &checks);
            lines.push(t);
            computed = c;
        }
        (Some((_, insn)), Some(f)) if f.cap_idx == 0x20 => {
            let pcc = ev.pcc;
            if f.code == capex::ACCESS_SYSTEM_REGS {
                lines.push(format!(
                    "this instruction needs PCC's Access_System_Registers permission; PCC has {}",
                    perm_list(pcc.perms())
                ));
                computed = Some(capex::ACCESS_SYSTEM_REGS);
            } else {
                lines.push(format!(
                    "the jump or branch target is outside PCC's bounds {} (PCC = {pcc})",
                    bounds_text(&pcc)
                ));
                computed = Some(capex::LENGTH);
            }
            let _ = insn;
        }
        (Some((_, insn)), Some(f)) if f.cap_idx > 0x21 => {
            lines.push(format!(
                "{} is a machine-mode special register: accessing it needs PCC's Access_System_Registers permission; PCC has {}",
                f.reg,
                perm_list(ev.pcc.perms())
            ));
            computed = Some(capex::ACCESS_SYSTEM_REGS);
            let _ = insn;
        }
        (Some((_, insn)), _) if is_mem(insn.op) => {
            let addr = mem_addr(&insn, ops);
            let (name, checks) = mem_checks(&insn, ops, addr);
            let (t, c) = narrate(&name, &checks);
            lines.push(t);
            if fault.is_none() {
                lines.push("the CHERI checks passed".to_string());
            }
            computed = c;
        }
        (Some((_, insn)), Some(_)) if matches!(insn.op, Opcode::Cjalr | Opcode::JalrCap) => {
            let (t, c) = narrate(&cap_reg_name(insn.rs1), &jump_checks(&ops.cs1, insn.imm));
            lines.push(t);
            computed = c;
        }
        (Some((_, insn)), Some(_)) if insn.op == Opcode::CInvoke => {
            let (n1, n2) = (cap_reg_name(insn.rs1), cap_reg_name(insn.rs2));
            let (t, c) = narrate_pairs(&cinvoke_checks(&ops.cs1, &ops.cs2, &n1, &n2));
            lines.push(t);
            computed = c;
        }
        (Some((_, insn)), Some(f)) => {
            let c = if f.cap_idx == 0x21 {
                ops.ddc
            } else if f.cap_idx == insn.rs2 && f.cap_idx != insn.rs1 {
                ops.cs2
            } else {
                ops.cs1
            };
            lines.push(format!("{} = {c}", f.reg));
            computed = Some(f.code);
        }
        (Some(_), None) => {}
    }
    match &fault {
        Some(f) => {
            if computed != Some(f.code) {
                lines.push(format!("(the hart reports a {} on {})", f.name, f.reg));
            }
            lines.push(format!(
                "-> CHERI exception: {} on {} (mcause 28, mtval {:#x}); the handler at {:#x} runs in M mode",
                f.name, f.reg, ev.tval, ev.handler
            ));
        }
        None => lines.push(format!(
            "-> {} (mcause {}, mtval {:#x}); the handler at {:#x} runs in M mode",
            cause_name(ev.cause),
            ev.cause,
            ev.tval,
            ev.handler
        )),
    }
    for l in lines {
        s.push_str("    ");
        s.push_str(&l);
        s.push('\n');
    }
    s
}
