//! The hart: architectural state, the fetch/decode cache, the run loop of one slice, traps
//! and interrupts. Instruction semantics are in `exec.rs`, CSRs in `csr.rs`.
//!
//! The hot loop (`run_slice`) fetches through a direct-mapped cache of decoded instructions
//! indexed by pc and validated by the instruction bits, so self-modifying code needs no
//! invalidation (FENCE.I is a no-op). It runs until the cycle count reaches `slice_end`;
//! anything that may change which interrupts can be taken (CSR writes, device stores, MRET,
//! WFI) ends the slice early, and the machine looks at interrupts between slices.

pub mod cheri;
mod csr;
mod exec;
mod snapshot;
pub mod trap;

pub use cheri::{CheriRegs, Semantics};
pub use csr::{CsrFile, MIP_MSIP, MIP_MTIP};
pub use snapshot::HartState;
pub use trap::{cause, Trap};

use crate::bus::{Bus, DRAM_BASE};
use crate::isa::{decode_in, insn_len, DecodeMode, Insn, Opcode, OPCODE_COUNT};
use crate::observer::{MemAccess, MemKind, Observer, Retired, TrapTaken};
use cheri_cap::CapMeta;

/// Privilege modes (M and U; no S mode yet).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Priv {
    User = 0,
    Machine = 3,
}

impl Priv {
    pub fn letter(self) -> char {
        match self {
            Priv::User => 'U',
            Priv::Machine => 'M',
        }
    }
}

/// What the executor returns instead of a next pc when the instruction trapped (pcs are
/// always even, so no real pc is odd).
pub(crate) const TRAPPED: u64 = 1;

/// The register index that receives writes to x0, so that the executor needs no `rd != 0`
/// test: the cache rewrites rd = 0 to this, and x0 itself always reads 0.
const X0_SINK: u8 = 32;

const ICACHE_ENTRIES: usize = 1 << 16;

/// One decoded-instruction cache entry: 16 bytes, everything the executor needs.
#[derive(Copy, Clone)]
#[repr(C, align(16))]
pub(crate) struct Decoded {
    /// The 32 bits at the entry's pc when it was decoded (the validity check).
    raw: u32,
    pub(crate) imm: i32,
    /// What to execute: the base instruction (compressed ones expanded), or
    /// [`ILLEGAL`] for bits that decode to nothing.
    pub(crate) op: Opcode,
    /// The opcode as encoded, for observers.
    orig: Opcode,
    /// rd, with x0 rewritten to [`X0_SINK`].
    pub(crate) rd: u8,
    pub(crate) rs1: u8,
    pub(crate) rs2: u8,
    pub(crate) len: u8,
}

/// Marks an illegal instruction in the decode cache. Compressed opcodes never reach the
/// executor (they are expanded when decoded), and its arm for them raises an illegal-
/// instruction exception, so one of them serves as the marker at no cost per instruction.
pub(crate) const ILLEGAL: Opcode = Opcode::CEbreak;

impl Decoded {
    const EMPTY: Decoded = Decoded { raw: 0, imm: 0, op: ILLEGAL, orig: ILLEGAL, rd: X0_SINK, rs1: 0, rs2: 0, len: 2 };

    fn new(raw: u32, mode: DecodeMode) -> Decoded {
        let len = insn_len(raw);
        match decode_in(raw, mode) {
            Some(i) => {
                let e = i.expand();
                let rd = if e.rd == 0 { X0_SINK } else { e.rd };
                Decoded { raw, imm: e.imm, op: e.op, orig: i.op, rd, rs1: e.rs1, rs2: e.rs2, len }
            }
            None => Decoded { raw, len, ..Decoded::EMPTY },
        }
    }

    /// The instruction bits (the low 16 for compressed instructions).
    fn bits(&self) -> u32 {
        if self.len == 2 {
            self.raw & 0xffff
        } else {
            self.raw
        }
    }

    /// The executed (base) instruction as an [`Insn`], with x0 shown as x0.
    fn insn(&self) -> Insn {
        let rd = if self.rd == X0_SINK { 0 } else { self.rd };
        Insn { op: self.op, rd, rs1: self.rs1, rs2: self.rs2, imm: self.imm }
    }
}

pub struct Hart {
    /// x0..x31 (the address half of c0..c31), then the x0 write sink; sized so that any u8
    /// index needs no bounds check.
    x: [u64; 256],
    /// The other half of each capability register: [memory-form high word, tag]. All zeros
    /// is NULL metadata, so an integer write clears it with one store (spec §4.0).
    meta: [[u64; 2]; 256],
    /// The last capability written to each register, decoded (bounds included, as QEMU-CHERI
    /// keeps its registers), so that bounds checks and CSetBounds need not decode. Valid while
    /// its high word and tag are the register's: an integer write leaves it stale, to keep
    /// integer writes one store, and only `set_cap`, which writes both, gives `meta` anything
    /// but [0, 0] (whose bounds are NULL's at every address).
    decoded: [CapMeta; 256],
    /// PCC, DDC and the special capability registers.
    pub cheri: CheriRegs,
    pub pc: u64,
    pub privilege: Priv,
    pub csr: CsrFile,
    pub hartid: u64,
    /// The LR reservation (an address), if any.
    reservation: Option<u64>,
    /// The machine's clock in the atomic model: one per instruction executed or trapped, plus
    /// the cycles skipped while waiting in WFI. mcycle and mtime derive from it.
    pub cycle: u64,
    /// Steps that ended in a trap instead of retiring.
    pub traps: u64,
    /// Cycles spent waiting for an interrupt (WFI).
    pub idle: u64,
    /// The run loop stops the slice when `cycle` reaches this.
    slice_end: u64,
    /// Set by WFI when nothing is pending: the machine must advance time.
    pub waiting: bool,
    /// The trap of the instruction the executor just returned [`TRAPPED`] for.
    pending_trap: Trap,
    icache: Box<[Decoded; ICACHE_ENTRIES]>,
    /// The decode cache of the other encoding mode (swapped in when PCC's mode changes).
    icache_other_mode: Box<[Decoded; ICACHE_ENTRIES]>,
    dram_end: u64,
    /// pcs in `[fetch_lo, fetch_lo + fetch_len)` can fetch 4 bytes straight from DRAM.
    fetch_lo: u64,
    fetch_len: u64,
}

impl Hart {
    pub fn new(hartid: u64, dram_size: u64, semantics: Semantics) -> Hart {
        let empty_cache = || -> Box<[Decoded; ICACHE_ENTRIES]> {
            vec![Decoded::EMPTY; ICACHE_ENTRIES]
                .into_boxed_slice()
                .try_into()
                .unwrap_or_else(|_| unreachable!("the vector has ICACHE_ENTRIES entries"))
        };
        let mut hart = Hart {
            x: [0; 256],
            meta: [[0; 2]; 256],
            decoded: [CapMeta::INTEGER; 256],
            cheri: CheriRegs::new(semantics),
            pc: DRAM_BASE,
            privilege: Priv::Machine,
            csr: CsrFile::new(),
            hartid,
            reservation: None,
            cycle: 0,
            traps: 0,
            idle: 0,
            slice_end: 0,
            waiting: false,
            pending_trap: Trap::new(0, 0),
            icache: empty_cache(),
            icache_other_mode: empty_cache(),
            dram_end: DRAM_BASE + dram_size,
            fetch_lo: 0,
            fetch_len: 0,
        };
        hart.install_pcc(hart.cheri.pcc);
        hart
    }

    /// The decode-cache entry in slot `idx`.
    fn decoded(&self, idx: usize) -> Decoded {
        self.icache[idx & (ICACHE_ENTRIES - 1)]
    }

    /// How the decoder reads instructions right now.
    fn decode_mode(&self) -> DecodeMode {
        DecodeMode { cheri: self.cheri.enabled(), cap_mode: self.cheri.cap_mode }
    }

    /// Integer register `r` (0..31).
    #[inline(always)]
    pub fn x(&self, r: u8) -> u64 {
        self.x[r as usize]
    }

    /// Writes integer register `r`: the register becomes a NULL-derived integer (spec §4.0).
    /// Writes to x0 are discarded (the decode cache sends them to the sink).
    #[inline(always)]
    pub fn set_x(&mut self, r: u8, v: u64) {
        self.x[r as usize] = v;
        self.meta[r as usize] = [0, 0];
    }

    /// Writes a register by its architectural number (x0 ignored): for loaders and tests.
    pub fn set_reg(&mut self, r: u8, v: u64) {
        if r != 0 && r < 32 {
            self.set_x(r, v);
        }
    }

    /// Instructions retired (minstret before any software write).
    pub fn retired(&self) -> u64 {
        self.cycle - self.idle - self.traps
    }

    /// Ends the current slice after this instruction.
    #[inline(always)]
    fn end_slice(&mut self) {
        self.slice_end = 0;
    }

    /// Runs until `cycle` reaches `end`, or something ends the slice early.
    pub fn run_slice<O: Observer>(&mut self, bus: &mut Bus, end: u64, obs: &mut O) {
        self.slice_end = end;
        // The pc lives in a local while the slice runs; `self.pc` is written back at the end.
        let mut pc = self.pc;
        // So is the cycle count; `self.cycle` is kept current for the CSRs, devices and
        // observers that read it.
        let mut cycle = self.cycle;
        while cycle < self.slice_end {
            self.cycle = cycle;
            // Both fetch paths leave the instruction in its cache slot; the executor reads it
            // from there (copying a Decoded through a join point costs more than the rest of
            // the dispatch).
            let idx = (pc >> 1) as usize & (ICACHE_ENTRIES - 1);
            if pc.wrapping_sub(self.fetch_lo) < self.fetch_len {
                let raw: u32 = bus.dram.read((pc - DRAM_BASE) as usize);
                if self.icache[idx].raw != raw {
                    self.icache[idx] = Decoded::new(raw, self.decode_mode());
                }
            } else {
                match self.fetch_slow(bus, pc) {
                    Ok(d) => self.icache[idx] = d,
                    Err(t) => {
                        pc = self.trap(t, pc, None, obs);
                        cycle = self.cycle;
                        continue;
                    }
                }
            }
            let d = self.icache[idx];
            let pre = if O::ENABLED && O::NEEDS.mem { self.mem_operands(&d) } else { MemOperands::default() };
            // The privilege the instruction ran in (an mret leaves another one behind).
            let ran_in = self.privilege;
            let next = self.execute(bus, d, idx, pc);
            if next != TRAPPED {
                if O::ENABLED {
                    self.report_retired(obs, &d, pc, next, pre, ran_in);
                }
                pc = next;
                cycle += 1;
            } else {
                let mut t = self.pending_trap;
                if t.cause == cause::ILLEGAL_INSN && t.tval == 0 {
                    // Illegal-instruction traps carry the instruction bits (as on QEMU).
                    t.tval = d.bits() as u64;
                }
                pc = self.trap(t, pc, Some(&d), obs);
                cycle = self.cycle;
            }
        }
        self.cycle = cycle;
        self.pc = pc;
    }

    /// Fetch outside the fast window: near the end of DRAM, or outside DRAM (a fault).
    #[cold]
    fn fetch_slow(&mut self, bus: &mut Bus, pc: u64) -> Result<Decoded, Trap> {
        self.check_fetch(pc, 2)?;
        let lo: u16 = match bus.dram.offset(pc, 2) {
            Some(off) => bus.dram.read(off),
            None => return Err(Trap::new(cause::INSN_ACCESS_FAULT, pc)),
        };
        let mut raw = lo as u32;
        if insn_len(raw) == 4 {
            // The second parcel faults on its own address (Sail: PC + 2); of the CHERI checks
            // only bounds can fail here.
            self.check_fetch(pc + 2, 2)?;
            let hi: u16 = match bus.dram.offset(pc + 2, 2) {
                Some(off) => bus.dram.read(off),
                None => return Err(Trap::new(cause::INSN_ACCESS_FAULT, pc + 2)),
            };
            raw |= (hi as u32) << 16;
        }
        Ok(self.relocate_decoded(Decoded::new(raw, self.decode_mode())))
    }

    /// What the event of a memory access needs from before execution (rd may overwrite rs1
    /// and rs2): the operands, read without looking at the instruction.
    #[inline(always)]
    fn mem_operands(&self, i: &Decoded) -> MemOperands {
        MemOperands { rs1: self.x(i.rs1), rs2: self.x(i.rs2), rs2_tag: self.meta[i.rs2 as usize][1] != 0 }
    }

    /// The memory access an instruction made, from its operands as they were before it ran.
    #[inline(always)]
    fn mem_access_of(i: &Decoded, ops: MemOperands) -> Option<MemAccess> {
        let f = OP_FACTS[i.op as usize];
        let kind = f.mem?;
        // Immediate forms add imm; AMOs and the explicit forms have none (imm = 0).
        let addr = ops.rs1.wrapping_add(i.imm as i64 as u64);
        let store_value = (!f.loads_only).then_some(ops.rs2);
        let tag = f.cap && !f.loads_only && ops.rs2_tag;
        Some(MemAccess { addr, size: f.size, kind, store_value, cap: f.cap, tag })
    }

    /// Builds the event of a retired instruction, with only the parts the observer reads
    /// ([`Observer::NEEDS`]): the rest costs nothing.
    #[inline(always)]
    fn report_retired<O: Observer>(
        &self,
        obs: &mut O,
        d: &Decoded,
        pc: u64,
        next_pc: u64,
        pre: MemOperands,
        privilege: Priv,
    ) {
        let mut mem = if O::NEEDS.mem { Self::mem_access_of(d, pre) } else { None };
        let writes = d.rd != X0_SINK && OP_FACTS[d.op as usize].writes_rd;
        let rd_write = (O::NEEDS.rd_value && writes).then(|| (d.rd, self.x(d.rd)));
        // A register that holds more than a NULL-derived integer is reported as a capability.
        let rd_meta = self.meta[d.rd as usize];
        let rd_cap = (O::NEEDS.rd_cap && writes && rd_meta != [0, 0]).then(|| self.cap(d.rd));
        if let Some(m) = mem.as_mut() {
            if m.cap && m.kind != MemKind::Store {
                // The tag of a loaded capability (a failed SC.C writes an integer).
                m.tag = writes && rd_meta[1] != 0;
            }
        }
        obs.retired(&Retired {
            cycle: self.cycle,
            pc,
            raw: d.bits(),
            op: d.orig,
            insn: d.insn(),
            privilege,
            rd_write,
            rd_cap,
            mem,
            next_pc,
        });
    }

    /// Takes a trap raised by the instruction at `pc`; returns the handler's address.
    /// `insn` is the instruction that raised it (None for fetch faults).
    fn trap<O: Observer>(&mut self, t: Trap, pc: u64, insn: Option<&Decoded>, obs: &mut O) -> u64 {
        let from = self.privilege;
        let (pcc, ddc) = (self.cheri.pcc, self.cheri.ddc);
        self.enter_trap(t, pc);
        self.traps += 1;
        self.cycle += 1;
        if O::ENABLED {
            obs.trap(&TrapTaken {
                cycle: self.cycle - 1,
                pc,
                cause: t.cause,
                tval: t.tval,
                from,
                handler: self.pc,
                insn: insn.map(|d| (d.bits(), d.insn())),
                pcc,
                ddc,
            });
        }
        self.pc
    }

    /// Trap entry: save pc and privilege, disable interrupts, go to mtvec.
    pub(crate) fn enter_trap(&mut self, t: Trap, pc: u64) {
        self.csr.mcause = t.cause;
        self.csr.mtval = t.tval;
        self.csr.set_mpie(self.csr.mie_enabled());
        self.csr.set_mie_enabled(false);
        self.csr.set_mpp(self.privilege);
        self.privilege = Priv::Machine;
        self.reservation = None;
        // MEPCC := PCC at pc, PCC := MTCC (spec §7.2); without CHERI both are root and this
        // is mepc := pc, pc := mtvec.
        let vectored = self.mtvec() & 3 == 1;
        let base = self.cheri_trap_entry(pc);
        self.pc = if vectored && t.is_interrupt() { base.wrapping_add(4 * (t.cause & 0xff)) } else { base };
    }

    /// The interrupt to take now, if any (privileged spec §3.1.9: M-level interrupts are
    /// taken in U mode always, in M mode when mstatus.MIE is set; priority MEI > MSI > MTI).
    pub fn pending_interrupt(&self, bus: &Bus) -> Option<Trap> {
        let pending = self.csr.mip(bus, self.cycle) & self.csr.mie;
        if pending == 0 || (self.privilege == Priv::Machine && !self.csr.mie_enabled()) {
            return None;
        }
        [cause::MACHINE_EXTERNAL_INTERRUPT, cause::MACHINE_SOFTWARE_INTERRUPT, cause::MACHINE_TIMER_INTERRUPT]
            .into_iter()
            .find(|&c| pending >> c & 1 != 0)
            .map(Trap::interrupt)
    }

    /// True if an interrupt is pending and enabled in mie (what wakes WFI, whatever mstatus.MIE).
    pub fn wakeup_pending(&self, bus: &Bus) -> bool {
        self.csr.mip(bus, self.cycle) & self.csr.mie != 0
    }

    /// Takes an interrupt between slices, reporting it to the observer.
    pub fn take_interrupt<O: Observer>(&mut self, t: Trap, obs: &mut O) {
        let from = self.privilege;
        let pc = self.pc;
        let (pcc, ddc) = (self.cheri.pcc, self.cheri.ddc);
        self.enter_trap(t, pc);
        if O::ENABLED {
            let (cause, tval, handler) = (t.cause, t.tval, self.pc);
            obs.trap(&TrapTaken { cycle: self.cycle, pc, cause, tval, from, handler, insn: None, pcc, ddc });
        }
    }
}

/// The size of a memory instruction's access, and whether it moves a capability.
pub const fn access_size(op: Opcode) -> (u8, bool) {
    use Opcode::*;
    match op {
        Lb | Lbu | Sb | LbDdc | LbuDdc | LbCap | LbuCap | SbDdc | SbCap | LrB | ScB | LrBDdc | LrBCap | ScBDdc
        | ScBCap => (1, false),
        Lh | Lhu | Sh | LhDdc | LhuDdc | LhCap | LhuCap | ShDdc | ShCap | LrH | ScH | LrHDdc | LrHCap | ScHDdc
        | ScHCap => (2, false),
        Lw | Lwu | Sw | LwDdc | LwuDdc | LwCap | LwuCap | SwDdc | SwCap | LrW | ScW | LrWDdc | LrWCap | ScWDdc
        | ScWCap | AmoswapW | AmoaddW | AmoxorW | AmoandW | AmoorW | AmominW | AmomaxW | AmominuW | AmomaxuW => {
            (4, false)
        }
        Lc | Sc | LcDdc | LcCap | ScDdc | ScCap | LrC | ScC | AmoswapC | LrCDdc | LrCCap | ScCDdc | ScCCap => {
            (16, true)
        }
        CLoadTags => (64, false),
        _ => (8, false),
    }
}

/// A memory instruction's operands as they were before it executed.
#[derive(Copy, Clone, Default)]
struct MemOperands {
    rs1: u64,
    rs2: u64,
    rs2_tag: bool,
}

/// What the observed path needs to know of an opcode, looked up once per event instead of
/// matching on the instruction table: derived from it at compile time.
#[derive(Copy, Clone)]
struct OpFacts {
    /// The kind of data access, for loads, stores and AMOs.
    mem: Option<MemKind>,
    /// Bytes accessed, and whether a capability moves.
    size: u8,
    cap: bool,
    /// Reads memory without writing it (loads, LR, CLoadTags): no store value to report.
    loads_only: bool,
    /// Has an rd (formats with an rd field, except stores and branches).
    writes_rd: bool,
}

const fn op_facts(op: Opcode) -> OpFacts {
    use crate::isa::{Class, Format};
    let mem = match op.row().class {
        Class::Load => Some(MemKind::Load),
        Class::Store => Some(MemKind::Store),
        Class::Amo => Some(MemKind::Amo),
        _ => None,
    };
    let (size, cap) = access_size(op);
    let loads_only = matches!(mem, Some(MemKind::Load))
        || matches!(op, Opcode::LrW | Opcode::LrD | Opcode::LrB | Opcode::LrH | Opcode::LrC | Opcode::CLoadTags);
    let writes_rd = !matches!(
        op.row().expands_to.row().format,
        Format::S | Format::B | Format::Fence | Format::FenceI | Format::Fixed
    );
    OpFacts { mem, size, cap, loads_only, writes_rd }
}

static OP_FACTS: [OpFacts; OPCODE_COUNT] = {
    let mut facts = [op_facts(Opcode::Add); OPCODE_COUNT];
    let mut i = 0;
    while i < OPCODE_COUNT {
        facts[i] = op_facts(crate::isa::OPCODES[i]);
        i += 1;
    }
    facts
};
