//! The `monitor_hostcalls` target: a deployment of the monitor with an attacker cVM and a
//! victim cVM, where the attacker's behaviour comes from the input.
//!
//! The attacker (`guest-images/cvm/fuzz_attacker.elf`) jumps into a block of instruction
//! space, `fuzz_code`, that this module fills with code compiled from a [`Script`]: hostcalls
//! with arbitrary numbers and arguments (pointers into its own region, the victim's, the
//! monitor's, the capfiles; huge, negative, misaligned values; capabilities it holds),
//! CInvokes through the hostcall door and on anything else it holds, capability
//! manipulation, loads and stores through held capabilities, DDC replacement, and stretches
//! of raw instruction words. Capabilities it receives are kept in s2..s11 ("slots"), which
//! the compiled code never uses for anything else, so later operations can use them
//! (probe after revoke, call after the callee faulted, and so on).
//!
//! The victim (`guest-images/cvm/fuzz_victim.c`) shares two buffers of its memory through
//! CAP_File and offers five CAP_Call entries, so that the attacker can use and abuse another
//! cVM's services: probe after revoke, call after the callee's exit, and so on.
//!
//! The machine boots once ([`Fuzzer::new`]): the monitor checks the boot information,
//! creates both cVMs and runs the victim, which advertises and waits for its clients; the
//! machine is snapshotted at the attacker's first instruction. Each input restores that snapshot (only the pages written since are
//! copied), writes the compiled code and data into the attacker's region, and runs.

use std::path::{Path, PathBuf};

use arbitrary::Arbitrary;
use monitor::abi::{MONITOR_BASE, MONITOR_SIZE};
use monitor::deploy::Deployment;
use monitor::plan::Plan;
use sim_core::bus::DRAM_BASE;
use sim_core::hart::{Priv, Semantics};
use sim_core::isa::asm::Assembler;
use sim_core::isa::{Insn, Opcode};
use sim_core::machine::Snapshot;
use sim_core::observer::{NoObserver, Observer};
use sim_core::{Exit, Machine, MachineConfig};

use crate::oracle::{self, Finding, Outcome, Reference, World};

/// DRAM of the fuzzing machine: the monitor's 2 MiB, two small regions, the capfiles.
pub const DRAM_SIZE: u64 = 8 << 20;
/// Instructions per input: a time slice and a fifth. The victim waits for its clients from
/// the snapshot on, and an attacker that does not loop finishes its script in a few thousand
/// instructions (7,000 on average over a campaign's corpus); one that loops — a third of a
/// corpus — is preempted once (the monitor's timer path) and stopped soon after. A hostcall
/// the bound falls into still runs to its end, however long (`MONITOR_STAY_LIMIT`).
pub const STEP_LIMIT: u64 = 120_000;
/// The most instructions the monitor may spend in one stay in M mode (one hostcall, one
/// fault report, one switch between cVMs) before the oracle calls it a hang. Far above any
/// bounded hostcall here (a write of the whole 64 KiB region takes about 1.3 million); a
/// stay over a time slice that ends is `monitor-long-stay`.
pub const MONITOR_STAY_LIMIT: u64 = 5_000_000;
/// A time slice of the monitor's round robin, in instructions (1 ms of mtime).
pub const SLICE_INSTRUCTIONS: u64 = 100_000;
/// Steps the boot may take before the attacker's first instruction.
const BOOT_LIMIT: u64 = 2_000_000;
/// The most operations compiled from one input (the rest are ignored).
pub const MAX_OPS: usize = 256;
/// The most raw instruction words in one stretch.
pub const MAX_RAW: usize = 16;

/// The deployment: the attacker first (it runs first, then the victim), a capfile both may
/// use and one only the victim may use. The regions are placed so that the monitor's code,
/// the victim's and the attacker's fuzz_code fall in different slots of the hart's decode
/// cache (indexed by pc bits 1..16), which keeps re-decoding out of every run.
pub const DEPLOYMENT: &str = r#"
[[capfiles]]
name = "shared"
size = 0x1000
data = "a capfile the attacker and the victim share"

[[capfiles]]
name = "secret"
size = 0x1000
data = "a capfile only the victim may use"

[[cvms]]
name = "victim"
image = "fuzz_victim.elf"
isolation = { base = 0x80208000, size = 0x10000 }
capfiles = ["shared", "secret"]

[[cvms]]
name = "callee"
image = "fuzz_callee.elf"
isolation = { base = 0x80230000, size = 0x8000 }

[[cvms]]
name = "attacker"
image = "fuzz_attacker.elf"
isolation = { base = 0x80218000, size = 0x10000 }
capfiles = ["shared"]
"#;

/// Keys written at the start of the attacker's data area (Key::Known indexes them).
pub const KEYS: [&str; 16] = [
    "shared",
    "secret",
    "attacker",
    "victim",
    "entry",
    "stream",
    // What the victim (fuzz_victim.c) advertises.
    "victim_ro",
    "victim_rw",
    "add",
    "upper",
    "sum",
    "revoke",
    "twice",
    // What the callee (fuzz_callee.c) offers.
    "crash",
    "leave",
    "nop",
];
/// Bytes per key slot in the data area.
const KEY_SLOT: u64 = 16;

/// Hostcall numbers the input picks from by index (plus any number through `Num::Any`).
pub const NUMBERS: [u64; 24] = [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 64];

/// One input: the attacker's operations and bytes for its data area.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct Script {
    /// Decoded first (length-prefixed), so that the operations take the rest of the input.
    pub data: Vec<u8>,
    pub ops: Vec<Op>,
}

/// A capability slot of the attacker: s2..s11.
#[derive(Arbitrary, Copy, Clone, Debug, PartialEq, Eq)]
pub struct Slot(pub u8);

impl Slot {
    fn reg(self) -> u8 {
        18 + self.0 % 10
    }
}

#[derive(Arbitrary, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Num {
    Known(u8),
    Any(u64),
}

/// An argument value, resolved against the deployment's layout when compiled.
#[derive(Arbitrary, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Lit(u64),
    Small(i8),
    /// u64::MAX - n: huge sizes, negative pointers.
    Huge(u8),
    /// An address in the attacker's own region (any alignment).
    Own(u16),
    /// An address in the victim's region.
    Victim(u16),
    /// An address in the monitor's block.
    Monitor(u32),
    /// An address in capfile i's buffer.
    Capfile(u8, u16),
    /// An address in the attacker's data area.
    Data(u16),
    /// The capability in a slot (as is: tagged or not).
    Cap(Slot),
}

#[derive(Arbitrary, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Known(u8),
    /// Any bytes of the data area as the key.
    Data {
        off: u16,
        len: u16,
    },
}

/// Where the capabilities a hostcall returns go (ca0, ca1).
#[derive(Arbitrary, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Keep {
    Nothing,
    A0(Slot),
    Both(Slot, Slot),
}

#[derive(Arbitrary, Copy, Clone, Debug, PartialEq, Eq)]
pub enum CapOp {
    AndPerm,
    SetBounds,
    SetBoundsExact,
    IncOffset,
    SetAddr,
    SetOffset,
    Seal,
    Unseal,
    BuildCap,
    CopyType,
    CSeal,
    SetFlags,
    SetHigh,
    FromPtr,
    SealEntry,
    ClearTag,
    Move,
}

#[derive(Arbitrary, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Src {
    Slot(Slot),
    Int(Arg),
}

#[derive(Arbitrary, Copy, Clone, Debug, PartialEq, Eq)]
pub enum MemOp {
    /// ld.cap / sd.cap / lc.cap / sc.cap / lbu.cap through the slot's capability.
    LoadD,
    StoreD,
    LoadCap,
    StoreCap,
    LoadByte,
    /// ld / sd / lc / sc at an absolute address, through the current DDC.
    LoadDDdc,
    StoreDDdc,
    LoadCapDdc,
    StoreCapDdc,
}

#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// ecall with a7 = num, a0..a5 = args.
    Hostcall {
        num: Num,
        args: [Arg; 6],
        keep: Keep,
    },
    /// ecall with a0 = a key's address, a1 = its length, a2..a5 = args (advertise, probe,
    /// revoke, stream open...).
    Keyed {
        num: Num,
        key: Key,
        args: [Arg; 4],
        keep: Keep,
    },
    /// The CInvoke door: a7 = num, a0..a5 = args, cra = the next instruction, CInvoke on
    /// the pair in two slots (what HC_DOOR returned, or anything else).
    Door {
        num: Num,
        code: Slot,
        data: Slot,
        args: [Arg; 6],
        keep: Keep,
    },
    /// A capability operation: rd = op(rs1, rs2).
    Cap {
        op: CapOp,
        rd: Slot,
        rs1: Slot,
        rs2: Src,
    },
    /// A load or store: authority (slot or DDC), offset or address, value slot.
    Mem {
        op: MemOp,
        auth: Slot,
        at: Arg,
        value: Slot,
    },
    /// DDC := the slot's capability.
    SetDdc(Slot),
    /// slot := DDC / PCC.
    GetDdc(Slot),
    GetPcc(Slot),
    /// Raw instruction words, as they are (at most MAX_RAW).
    Raw(Vec<u32>),
}

/// Where things are in the booted deployment.
#[derive(Clone, Debug)]
pub struct Layout {
    pub attacker: (u64, u64),
    pub attacker_code: (u64, u64),
    pub victim: (u64, u64),
    /// The region of the callee, the cVM the attacker may crash (fuzz_callee.c).
    pub callee: (u64, u64),
    /// Capfile buffers, with their names: the deployment's in its order, then the two the
    /// victim advertises from its memory (`victim_ro`, `victim_rw`).
    pub capfiles: Vec<(String, u64, u64)>,
    /// The victim's pages that an attacker's calls may legitimately change: its CAP_Call
    /// entries' stacks and `victim_rw` (fuzz_victim.c's `open_pages`).
    pub victim_open: (u64, u64),
    /// The victim's memory above its image: the stack and arguments the monitor gives it.
    pub victim_stack: (u64, u64),
    /// fuzz_code and fuzz_data in the running machine.
    pub code: u64,
    pub code_len: u64,
    pub data: u64,
    pub data_len: u64,
}

const A0: u8 = 10;
const A7: u8 = 17;
const T0: u8 = 5;
const T1: u8 = 6;
const T2: u8 = 7;
const RA: u8 = 1;
const SCR_DDC: i32 = 1;

impl Layout {
    fn resolve(&self, a: Arg) -> u64 {
        match a {
            Arg::Lit(v) => v,
            Arg::Small(v) => v as i64 as u64,
            Arg::Huge(n) => u64::MAX - n as u64,
            Arg::Own(o) => self.attacker.0 + o as u64 % self.attacker.1,
            Arg::Victim(o) => self.victim.0 + o as u64 % self.victim.1,
            Arg::Monitor(o) => MONITOR_BASE + o as u64 % MONITOR_SIZE,
            Arg::Capfile(i, o) => match self.capfiles.get(i as usize % self.capfiles.len().max(1)) {
                Some((_, base, size)) => base + o as u64 % size,
                None => o as u64,
            },
            Arg::Data(o) => self.data + o as u64 % self.data_len,
            Arg::Cap(_) => 0,
        }
    }

    /// The key's address and length.
    fn key(&self, k: Key) -> (u64, u64) {
        match k {
            Key::Known(i) => {
                let i = i as usize % KEYS.len();
                (self.data + i as u64 * KEY_SLOT, KEYS[i].len() as u64)
            }
            Key::Data { off, len } => (self.data + off as u64 % self.data_len, len as u64 % 64),
        }
    }
}

/// Compiles a script into the attacker's code and data. The code always ends with
/// `exit(0)` (unless the space runs out first, when the image's ebreaks stop the cVM).
pub fn compile(script: &Script, l: &Layout) -> (Vec<u8>, Vec<u8>) {
    let mut data = vec![0u8; l.data_len as usize];
    for (i, k) in KEYS.iter().enumerate() {
        let at = i * KEY_SLOT as usize;
        data[at..at + k.len()].copy_from_slice(k.as_bytes());
    }
    let free = KEYS.len() * KEY_SLOT as usize;
    let n = script.data.len().min(data.len() - free);
    data[free..free + n].copy_from_slice(&script.data[..n]);

    let mut code = Vec::new();
    // Room for the final exit: li a0, 0; li a7, 1; ecall.
    let budget = l.code_len as usize - 12;
    for op in script.ops.iter().take(MAX_OPS) {
        let mut a = Assembler::new(l.code + code.len() as u64);
        emit(&mut a, op, l);
        let Ok(bytes) = a.finish() else { continue };
        if code.len() + bytes.len() > budget {
            break;
        }
        code.extend_from_slice(&bytes);
    }
    let mut a = Assembler::new(l.code + code.len() as u64);
    a.li(A0, 0);
    a.li(A7, 1);
    insn(&mut a, Insn::new(Opcode::Ecall, 0, 0, 0, 0));
    code.extend_from_slice(&a.finish().unwrap_or_default());
    (code, data)
}

fn insn(a: &mut Assembler, i: Insn) {
    // Every instruction here is encodable by construction (registers < 32, small or zero
    // immediates); an encoding error would only drop the instruction.
    let _ = a.emit(i);
}

fn load_arg(a: &mut Assembler, rd: u8, arg: Arg, l: &Layout) {
    match arg {
        Arg::Cap(s) => insn(a, Insn::r(Opcode::CMove, rd, s.reg(), 0)),
        other => a.li(rd, l.resolve(other) as i64),
    }
}

fn num(n: Num) -> u64 {
    match n {
        Num::Known(i) => NUMBERS[i as usize % NUMBERS.len()],
        Num::Any(v) => v,
    }
}

fn keep(a: &mut Assembler, k: Keep) {
    match k {
        Keep::Nothing => {}
        Keep::A0(s) => insn(a, Insn::r(Opcode::CMove, s.reg(), A0, 0)),
        Keep::Both(s, t) => {
            insn(a, Insn::r(Opcode::CMove, s.reg(), A0, 0));
            insn(a, Insn::r(Opcode::CMove, t.reg(), A0 + 1, 0));
        }
    }
}

fn emit(a: &mut Assembler, op: &Op, l: &Layout) {
    match *op {
        Op::Hostcall { num: n, args, keep: k } => {
            for (i, arg) in args.iter().enumerate() {
                load_arg(a, A0 + i as u8, *arg, l);
            }
            a.li(A7, num(n) as i64);
            insn(a, Insn::new(Opcode::Ecall, 0, 0, 0, 0));
            keep(a, k);
        }
        Op::Keyed { num: n, key, args, keep: k } => {
            let (addr, len) = l.key(key);
            a.li(A0, addr as i64);
            a.li(A0 + 1, len as i64);
            for (i, arg) in args.iter().enumerate() {
                load_arg(a, A0 + 2 + i as u8, *arg, l);
            }
            a.li(A7, num(n) as i64);
            insn(a, Insn::new(Opcode::Ecall, 0, 0, 0, 0));
            keep(a, k);
        }
        Op::Door { num: n, code, data, args, keep: k } => {
            for (i, arg) in args.iter().enumerate() {
                load_arg(a, A0 + i as u8, *arg, l);
            }
            a.li(A7, num(n) as i64);
            // cra = PCC at the instruction after the CInvoke (auipcc, cincoffsetimm, cinvoke).
            insn(a, Insn::u(Opcode::Auipcc, RA, 0));
            insn(a, Insn::i(Opcode::CIncOffsetImm, RA, RA, 12));
            insn(a, Insn::r(Opcode::CInvoke, 0, code.reg(), data.reg()));
            keep(a, k);
        }
        Op::Cap { op, rd, rs1, rs2 } => {
            let r2 = match rs2 {
                Src::Slot(s) => s.reg(),
                Src::Int(arg) => {
                    load_arg(a, T0, arg, l);
                    T0
                }
            };
            let (d, s1) = (rd.reg(), rs1.reg());
            let i = match op {
                CapOp::AndPerm => Insn::r(Opcode::CAndPerm, d, s1, r2),
                CapOp::SetBounds => Insn::r(Opcode::CSetBounds, d, s1, r2),
                CapOp::SetBoundsExact => Insn::r(Opcode::CSetBoundsExact, d, s1, r2),
                CapOp::IncOffset => Insn::r(Opcode::CIncOffset, d, s1, r2),
                CapOp::SetAddr => Insn::r(Opcode::CSetAddr, d, s1, r2),
                CapOp::SetOffset => Insn::r(Opcode::CSetOffset, d, s1, r2),
                CapOp::Seal => Insn::r(Opcode::CSeal, d, s1, r2),
                CapOp::Unseal => Insn::r(Opcode::CUnseal, d, s1, r2),
                CapOp::BuildCap => Insn::r(Opcode::CBuildCap, d, s1, r2),
                CapOp::CopyType => Insn::r(Opcode::CCopyType, d, s1, r2),
                CapOp::CSeal => Insn::r(Opcode::CCSeal, d, s1, r2),
                CapOp::SetFlags => Insn::r(Opcode::CSetFlags, d, s1, r2),
                CapOp::SetHigh => Insn::r(Opcode::CSetHigh, d, s1, r2),
                CapOp::FromPtr => Insn::r(Opcode::CFromPtr, d, s1, r2),
                CapOp::SealEntry => Insn::r(Opcode::CSealEntry, d, s1, 0),
                CapOp::ClearTag => Insn::r(Opcode::CClearTag, d, s1, 0),
                CapOp::Move => Insn::r(Opcode::CMove, d, s1, 0),
            };
            insn(a, i);
        }
        Op::Mem { op, auth, at, value } => {
            let v = value.reg();
            let by_cap =
                matches!(op, MemOp::LoadD | MemOp::StoreD | MemOp::LoadCap | MemOp::StoreCap | MemOp::LoadByte);
            if by_cap {
                // t0 = auth + offset, as a capability.
                load_arg(a, T1, at, l);
                insn(a, Insn::r(Opcode::CIncOffset, T0, auth.reg(), T1));
            } else {
                load_arg(a, T0, at, l);
            }
            let i = match op {
                MemOp::LoadD => Insn::r(Opcode::LdCap, T2, T0, 0),
                MemOp::StoreD => Insn::r(Opcode::SdCap, 0, T0, v),
                MemOp::LoadCap => Insn::r(Opcode::LcCap, v, T0, 0),
                MemOp::StoreCap => Insn::r(Opcode::ScCap, 0, T0, v),
                MemOp::LoadByte => Insn::r(Opcode::LbuCap, T2, T0, 0),
                MemOp::LoadDDdc => Insn::i(Opcode::Ld, T2, T0, 0),
                MemOp::StoreDDdc => Insn::s(Opcode::Sd, v, T0, 0),
                MemOp::LoadCapDdc => Insn::i(Opcode::Lc, v, T0, 0),
                MemOp::StoreCapDdc => Insn::s(Opcode::Sc, v, T0, 0),
            };
            insn(a, i);
        }
        Op::SetDdc(s) => insn(a, Insn::new(Opcode::CSpecialRW, 0, s.reg(), 0, SCR_DDC)),
        Op::GetDdc(s) => insn(a, Insn::new(Opcode::CSpecialRW, s.reg(), 0, 0, SCR_DDC)),
        Op::GetPcc(s) => insn(a, Insn::u(Opcode::Auipcc, s.reg(), 0)),
        Op::Raw(ref words) => {
            for w in words.iter().take(MAX_RAW) {
                a.bytes(&w.to_le_bytes());
            }
        }
    }
}

/// Where the repository's guest images are (the deployment's images are read from there).
pub fn images_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../guest-images/cvm")
}

/// A booted deployment, its snapshot at the attacker's first instruction, and what a run
/// without an attack gives (the oracle's reference).
pub struct Fuzzer {
    pub machine: Machine,
    pub snapshot: Snapshot,
    pub layout: Layout,
    pub plan: Plan,
    pub world: World,
    pub reference: Reference,
}

/// What one input did.
pub struct Run {
    pub outcome: Outcome,
    pub verdict: Result<(), Finding>,
}

impl Fuzzer {
    /// Boots the deployment with the committed monitor image.
    pub fn new() -> Result<Fuzzer, String> {
        Fuzzer::with_monitor(monitor::MONITOR_ELF)
    }

    pub fn with_monitor(monitor_elf: &[u8]) -> Result<Fuzzer, String> {
        let deployment = Deployment::from_toml(DEPLOYMENT).map_err(|e| format!("the fuzz deployment: {e}"))?;
        let dir = images_dir();
        let plan =
            monitor::plan::plan(&deployment, &dir, DRAM_SIZE).map_err(|e| format!("the fuzz deployment: {e}"))?;
        let config = MachineConfig { dram_size: DRAM_SIZE, capture_output: true, stdin: false, cheri: Semantics::V9 };
        let mut m = Machine::new(&config);
        m.load_elf(monitor_elf).map_err(|e| format!("the monitor image: {e}"))?;
        for load in &plan.loads {
            m.bus.dram.write_bytes(load.addr, &load.bytes).ok_or("a load lies outside DRAM")?;
        }
        m.bus.dram.write_bytes(plan.bootinfo_addr, &plan.bootinfo).ok_or("the boot information lies outside DRAM")?;
        m.hart.set_reg(11, plan.bootinfo_addr);

        let attacker = plan.cvms.iter().find(|c| c.name == "attacker").ok_or("no attacker in the deployment")?;
        let victim = plan.cvms.iter().find(|c| c.name == "victim").ok_or("no victim in the deployment")?;
        let callee = plan.cvms.iter().find(|c| c.name == "callee").ok_or("no callee in the deployment")?;
        let image = std::fs::read(dir.join("fuzz_attacker.elf")).map_err(|e| format!("fuzz_attacker.elf: {e}"))?;
        let sym = symbols(&image)?;
        let find = |n: &str| sym.iter().find(|(s, ..)| s == n).map(|s| s.1).ok_or(format!("no symbol {n}"));
        let victim_image = std::fs::read(dir.join("fuzz_victim.elf")).map_err(|e| format!("fuzz_victim.elf: {e}"))?;
        let victim_sym = symbols(&victim_image)?;
        let victim_find = |n: &str| {
            victim_sym
                .iter()
                .find(|(s, ..)| s == n)
                .map(|s| (victim.region.base + s.1, s.2))
                .ok_or(format!("fuzz_victim.elf: no symbol {n}"))
        };
        let (ro, open) = (victim_find("ro")?, victim_find("open_pages")?);
        let image_end = goblin::elf::Elf::parse(&victim_image)
            .map_err(|e| format!("fuzz_victim.elf: {e}"))?
            .program_headers
            .iter()
            .filter(|p| p.p_type == goblin::elf::program_header::PT_LOAD)
            .map(|p| p.p_vaddr + p.p_memsz)
            .max()
            .unwrap_or(0);
        let stack_start = (victim.region.base + image_end).next_multiple_of(sim_core::bus::PAGE_SIZE);
        let victim_stack = (stack_start, victim.region.base + victim.region.size - stack_start);
        let (code, code_end, data) = (find("fuzz_code")?, find("fuzz_code_end")?, find("fuzz_data")?);
        let base = attacker.region.base;
        let layout = Layout {
            attacker: (base, attacker.region.size),
            attacker_code: attacker.code,
            victim: (victim.region.base, victim.region.size),
            callee: (callee.region.base, callee.region.size),
            capfiles: plan
                .capfiles
                .iter()
                .map(|c| (c.name.clone(), c.base, c.size))
                .chain([("victim_ro".into(), ro.0, ro.1), ("victim_rw".into(), open.0, VICTIM_RW_BYTES)])
                .collect(),
            victim_open: open,
            victim_stack,
            code: base + code,
            code_len: code_end - code,
            data: base + data,
            data_len: 4096,
        };

        // Boot until the attacker reaches fuzz_code (after its runtime cleared .bss).
        let mut steps = 0;
        while !(m.hart.privilege == Priv::User && m.hart.pc == layout.code) {
            if steps >= BOOT_LIMIT || m.run(Some(1)) != Exit::StepLimit {
                return Err(format!(
                    "the monitor did not enter the attacker: {}",
                    String::from_utf8_lossy(&m.take_output())
                ));
            }
            steps += 1;
        }
        // The monitor points MTDC at the running cVM's context (its saved register slots).
        let ctx = m.hart.cheri.mtdc;
        let boot_output = m.take_output();
        let snapshot = m.snapshot();
        let world = World::new(&plan, &layout, (ctx.base(), ctx.length_saturated()), monitor_elf)?;

        let mut f = Fuzzer { machine: m, snapshot, layout, plan, world, reference: Reference::default() };
        // The reference: the attacker exits at once.
        let quiet = f.execute(&Script { ops: Vec::new(), data: Vec::new() }, &mut NoObserver);
        f.reference = Reference::from_run(&f.machine, &f.snapshot, &quiet, &f.world, boot_output)?;
        Ok(f)
    }

    /// Runs one input and checks it.
    pub fn run(&mut self, script: &Script) -> Run {
        self.run_observed(script, &mut NoObserver)
    }

    pub fn run_observed<O: Observer>(&mut self, script: &Script, obs: &mut O) -> Run {
        // Every run measures the monitor's stays in M mode: one longer than a time slice is a
        // finding even when nobody else was waiting for the hart.
        let mut stays = Stays::default();
        let outcome = self.execute(script, &mut (&mut stays, obs));
        let mut verdict =
            oracle::check_hostcalls(&self.machine, &self.snapshot, &outcome, &self.world, &self.reference);
        let hang = verdict.as_ref().is_err_and(|f| f.kind == "monitor-hang");
        if stays.longest > SLICE_INSTRUCTIONS && !hang {
            verdict = Err(Finding {
                kind: "monitor-long-stay",
                detail: format!(
                    "the monitor ran {} instructions in one go (a time slice is {SLICE_INSTRUCTIONS}) after the trap \
                     (mcause, pc) {:x?} from U mode",
                    stays.longest, stays.longest_hostcall
                ),
            });
        }
        Run { outcome, verdict }
    }

    fn execute<O: Observer>(&mut self, script: &Script, obs: &mut O) -> Outcome {
        self.machine.restore(&self.snapshot);
        let (code, data) = compile(script, &self.layout);
        // Both lie inside the attacker's region by construction (sizes from its image).
        let _ = self.machine.bus.dram.write_bytes(self.layout.code, &code);
        let _ = self.machine.bus.dram.write_bytes(self.layout.data, &data);
        let mut exit = self.machine.run_observed(Some(STEP_LIMIT), obs);
        // The bound often falls inside a hostcall the monitor is serving (an attacker that
        // loops on hostcalls spends most of its time there, and a long write takes many
        // slices): let the monitor finish it. Only a stay in M mode beyond
        // MONITOR_STAY_LIMIT is a hang. Chunks: a chunk that ends in U mode ends the wait.
        // A trap counted by the hart is an exception, and in M mode only a monitor fault
        // (which ends the run) raises one, so a new count means the hart was back in U mode
        // during the chunk (looking only at the privilege between chunks misses an attacker
        // that loops on an ecall whose period divides the chunk: campaign 4).
        let mut stay = 0;
        let traps = self.machine.hart.traps;
        while exit == Exit::StepLimit
            && self.machine.hart.privilege == Priv::Machine
            && self.machine.hart.traps == traps
            && stay < MONITOR_STAY_LIMIT
        {
            exit = self.machine.run_observed(Some(1000), obs);
            stay += 1000;
        }
        let stayed = self.machine.hart.traps == traps;
        Outcome::collect(&mut self.machine, exit, stayed)
    }
}

/// The longest run of M-mode instructions, and the trap from U mode that began it.
#[derive(Default)]
struct Stays {
    current: u64,
    longest: u64,
    /// The trap from U mode that began the current stay: (mcause, pc).
    hostcall: Option<(u64, u64)>,
    longest_hostcall: Option<(u64, u64)>,
}

impl Observer for Stays {
    const NEEDS: sim_core::observer::Needs = sim_core::observer::Needs::NONE;
    fn retired(&mut self, ev: &sim_core::observer::Retired) {
        if ev.privilege == Priv::Machine {
            self.current += 1;
            if self.current > self.longest {
                self.longest = self.current;
                self.longest_hostcall = self.hostcall;
            }
        } else {
            self.current = 0;
            self.hostcall = None;
        }
    }
    fn trap(&mut self, ev: &sim_core::observer::TrapTaken) {
        if ev.from == Priv::User {
            self.hostcall = Some((ev.cause, ev.pc));
        }
    }
}

/// The size of `victim_rw`, the first member of fuzz_victim.c's `open_pages` (a test checks
/// it against the bounds of the capability the victim's advertisement gives:
/// `the_victims_buffers_and_entries_are_used_then_revoked`).
const VICTIM_RW_BYTES: u64 = 256;

/// (name, value, size) of an image's symbols.
fn symbols(elf: &[u8]) -> Result<Vec<(String, u64, u64)>, String> {
    let e = goblin::elf::Elf::parse(elf).map_err(|e| format!("a fuzz image: {e}"))?;
    Ok(e.syms.iter().filter_map(|s| Some((e.strtab.get_at(s.st_name)?.to_string(), s.st_value, s.st_size))).collect())
}

/// Parses a fuzz input the way the fuzz target does.
pub fn parse(bytes: &[u8]) -> Script {
    let u = arbitrary::Unstructured::new(bytes);
    Script::arbitrary_take_rest(u).unwrap_or(Script { ops: Vec::new(), data: Vec::new() })
}

/// The memory the attacker's code and data go to must not reach outside its region.
pub fn layout_is_inside(l: &Layout) -> bool {
    let inside = |a: u64, n: u64| a >= l.attacker.0 && a + n <= l.attacker.0 + l.attacker.1;
    inside(l.code, l.code_len) && inside(l.data, l.data_len) && l.code >= DRAM_BASE
}
