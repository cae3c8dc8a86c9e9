//! CHERI-RISC-V in the hart (spec §4–§8): the capability register file's other half, PCC,
//! DDC and the special capability registers, the checks every capability access makes, and
//! the semantics of the Xcheri instructions. Bodies read like the Sail clauses they cite.
//!
//! What the hot loop sees of all this is cached: the DDC window of integer-mode accesses
//! (`Authority`), PCC's jump window and the fetch window, and the encoding mode. They are
//! recomputed whenever DDC or PCC changes ([`Hart::set_ddc`], [`Hart::install_pcc`]).

use cheri_cap::{Capability, OType, Perms};

use super::{Hart, Priv, Trap};
use crate::bus::{Bus, DRAM_BASE};
use crate::isa::Opcode;

/// Which CHERI the hart implements (DESIGN.md §2).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Semantics {
    /// No CHERI: a plain RV64IMAC hart. Xcheri encodings are illegal; PCC and DDC stay root.
    None,
    /// CHERI ISA v9 as the Sail model executes it (tag-clearing, no relocation).
    V9,
    /// QEMU-CHERI's default (ISA v8) as QEMU-CHERI executes it: v9's instructions, but the
    /// manipulation instructions trap where v9 clears the tag, integer-mode data addresses
    /// are relative to DDC.address and the architectural PC to PCC.base (spec §8), plus
    /// QEMU's own choices where it differs from Sail (spec §10); see `execute_cheri_v8`.
    V8,
}

/// The CHERI exception cause (mcause 28) and its CapEx codes (spec §5.2).
pub mod capex {
    pub const MCAUSE: u64 = 28;
    pub const LENGTH: u8 = 0x01;
    pub const TAG: u8 = 0x02;
    pub const SEAL: u8 = 0x03;
    pub const TYPE: u8 = 0x04;
    pub const PERMIT_EXECUTE: u8 = 0x11;
    pub const PERMIT_LOAD: u8 = 0x12;
    pub const PERMIT_STORE: u8 = 0x13;
    pub const PERMIT_LOAD_CAP: u8 = 0x14;
    pub const PERMIT_STORE_CAP: u8 = 0x15;
    pub const PERMIT_STORE_LOCAL_CAP: u8 = 0x16;
    pub const ACCESS_SYSTEM_REGS: u8 = 0x18;
    pub const PERMIT_CINVOKE: u8 = 0x19;
    /// Raised only under v8 semantics (QEMU-CHERI's default).
    pub const USER_DEF: u8 = 0x08;
    pub const INEXACT_BOUNDS: u8 = 0x0a;
    pub const UNALIGNED_BASE: u8 = 0x0b;
    pub const GLOBAL: u8 = 0x10;
    pub const PERMIT_SEAL: u8 = 0x17;
    pub const PERMIT_UNSEAL: u8 = 0x1b;

    /// The name of a CapEx code, for traces.
    pub fn name(code: u8) -> &'static str {
        match code {
            0x00 => "none",
            LENGTH => "length violation",
            TAG => "tag violation",
            SEAL => "seal violation",
            TYPE => "type violation",
            USER_DEF => "user-defined violation",
            INEXACT_BOUNDS => "inexact bounds",
            UNALIGNED_BASE => "unaligned base",
            GLOBAL => "global violation",
            PERMIT_EXECUTE => "permit execute violation",
            PERMIT_LOAD => "permit load violation",
            PERMIT_STORE => "permit store violation",
            PERMIT_LOAD_CAP => "permit load capability violation",
            PERMIT_STORE_CAP => "permit store capability violation",
            PERMIT_STORE_LOCAL_CAP => "permit store local capability violation",
            PERMIT_SEAL => "permit seal violation",
            ACCESS_SYSTEM_REGS => "access system registers violation",
            PERMIT_CINVOKE => "permit CInvoke violation",
            PERMIT_UNSEAL => "permit unseal violation",
            0x1c => "permit set CID violation",
            _ => "unknown CHERI violation",
        }
    }
}

/// The cap_idx of xtval for special capability registers (spec §5.2): 0x20 | SCR number.
pub const IDX_PCC: u8 = 0x20;
pub const IDX_DDC: u8 = 0x21;

/// SCR numbers (spec §4.6).
pub mod scr {
    pub const PCC: u8 = 0;
    pub const DDC: u8 = 1;
    /// The user-mode SCRs (N extension): only under v8, as QEMU-CHERI has them.
    pub const UTCC: u8 = 4;
    pub const UTDC: u8 = 5;
    pub const USCRATCHC: u8 = 6;
    pub const UEPCC: u8 = 7;
    pub const MTCC: u8 = 28;
    pub const MTDC: u8 = 29;
    pub const MSCRATCHC: u8 = 30;
    pub const MEPCC: u8 = 31;
}

impl Trap {
    /// A CHERI exception: mcause 28, mtval = cap_idx << 5 | CapEx (spec §5.2).
    pub const fn cheri(code: u8, idx: u8) -> Trap {
        Trap::new(capex::MCAUSE, (idx as u64) << 5 | code as u64)
    }
}

/// A cached window `[lo, lo + span)` of addresses an authority allows for one kind of access.
/// It is conservative (a span of 2^64 is kept as 2^64 − 1; an authority that forbids the
/// access has an empty window): when the fast test fails the full check decides.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Window {
    lo: u64,
    span: u64,
}

impl Window {
    fn of(cap: Capability, need: Perms) -> Window {
        if !cap.tag() || cap.is_sealed() || !cap.perms().contains(need) {
            return Window::default();
        }
        let b = cap.bounds();
        let len = b.top.saturating_sub(b.base as u128);
        Window { lo: b.base, span: len.min(u64::MAX as u128) as u64 }
    }

    /// True if `[addr, addr + size)` is certainly inside the window.
    #[inline(always)]
    pub(crate) fn covers(&self, addr: u64, size: u64) -> bool {
        let off = addr.wrapping_sub(self.lo);
        off < self.span && self.span - off >= size
    }
}

/// The special capability registers and the state derived from them.
#[derive(Clone, PartialEq, Eq)]
pub struct CheriRegs {
    pub semantics: Semantics,
    /// PCC. Its address is not kept up to date: the PC lives apart (spec §9.1).
    pub pcc: Capability,
    pub ddc: Capability,
    pub mtcc: Capability,
    pub mtdc: Capability,
    pub mscratchc: Capability,
    pub mepcc: Capability,
    /// DDC's windows for integer-mode loads and stores.
    pub(crate) ddc_load: Window,
    pub(crate) ddc_store: Window,
    /// PCC's window for jump and branch targets (min_instr = 2 with C).
    pub(crate) pcc_jump: Window,
    pub(crate) pcc_asr: bool,
    /// PCC.flags: capability encoding mode (spec §4.10).
    pub cap_mode: bool,
    /// v8 relocation (spec §8): DDC.address, added to integer-mode data addresses, and
    /// PCC.base, the origin of the architectural PC. Always 0 under v9.
    pub(crate) ddc_reloc: u64,
    pub(crate) pcc_reloc: u64,
    /// v8: the capability LR.C loaded (QEMU's SC.C compares memory with it).
    pub(crate) lr_cap: Capability,
    /// v8: UTCC, UTDC, UScratchC, UEPCC (reset as QEMU-CHERI does: root, NULL, NULL, root).
    pub(crate) user_scrs: [Capability; 4],
}

impl CheriRegs {
    /// Reset (spec §7.1): PCC, DDC, MTCC and MEPCC are root; MTDC and MScratchC NULL.
    pub fn new(semantics: Semantics) -> CheriRegs {
        let root = Capability::ROOT;
        let mut r = CheriRegs {
            semantics,
            pcc: root,
            ddc: root,
            mtcc: root,
            mtdc: Capability::NULL,
            mscratchc: Capability::NULL,
            mepcc: root,
            ddc_load: Window::default(),
            ddc_store: Window::default(),
            pcc_jump: Window::default(),
            pcc_asr: true,
            cap_mode: false,
            ddc_reloc: 0,
            pcc_reloc: 0,
            lr_cap: Capability::NULL,
            user_scrs: [root, Capability::NULL, Capability::NULL, root],
        };
        r.ddc_load = Window::of(root, Perms::LOAD);
        r.ddc_store = Window::of(root, Perms::STORE);
        r.pcc_jump = Window::of(root, Perms::NONE);
        r
    }

    pub fn enabled(&self) -> bool {
        self.semantics != Semantics::None
    }

    /// QEMU-CHERI's default semantics (ISA v8).
    #[inline(always)]
    pub fn v8(&self) -> bool {
        self.semantics == Semantics::V8
    }
}

/// An xEPCC as CSpecialRW reads it: address bit 0 cleared, with CSetAddr semantics only if
/// that changes the address.
fn legalized_epcc(e: Capability) -> Capability {
    if e.address() & 1 != 0 {
        e.set_addr(e.address() & !1)
    } else {
        e
    }
}

/// The checks of a data access through `auth` (spec §4.8.1 steps 1–5), in Sail's order:
/// tag, seal, the permissions `need` asks for, then — for a capability store, and only if the
/// stored value is tagged — StoreCap and, for a non-Global value, StoreLocalCap (§6); then
/// bounds.
pub fn check_access(
    auth: Capability,
    idx: u8,
    addr: u64,
    size: u64,
    need: Perms,
    stored: Option<Capability>,
) -> Result<(), Trap> {
    if !auth.tag() {
        return Err(Trap::cheri(capex::TAG, idx));
    }
    if auth.is_sealed() {
        return Err(Trap::cheri(capex::SEAL, idx));
    }
    let p = auth.perms();
    for (perm, code) in [
        (Perms::LOAD, capex::PERMIT_LOAD),
        (Perms::STORE, capex::PERMIT_STORE),
        (Perms::LOAD_CAP, capex::PERMIT_LOAD_CAP),
    ] {
        if need.contains(perm) && !p.contains(perm) {
            return Err(Trap::cheri(code, idx));
        }
    }
    if let Some(value) = stored.filter(|v| v.tag()) {
        if !p.contains(Perms::STORE_CAP) {
            return Err(Trap::cheri(capex::PERMIT_STORE_CAP, idx));
        }
        if !value.perms().contains(Perms::GLOBAL) && !p.contains(Perms::STORE_LOCAL_CAP) {
            return Err(Trap::cheri(capex::PERMIT_STORE_LOCAL_CAP, idx));
        }
    }
    if !auth.in_bounds(addr, size) {
        return Err(Trap::cheri(capex::LENGTH, idx));
    }
    Ok(())
}

/// A data access that moves no capability into memory.
pub fn check_data(auth: Capability, idx: u8, addr: u64, size: u64, need: Perms) -> Result<(), Trap> {
    check_access(auth, idx, addr, size, need, None)
}

/// A capability store of `value` through `auth`.
pub fn check_cap_store(auth: Capability, idx: u8, addr: u64, value: Capability) -> Result<(), Trap> {
    check_access(auth, idx, addr, 16, Perms::STORE, Some(value))
}

impl Hart {
    // ---- the capability register file -----------------------------------------------------

    /// Capability register `r` (c0 is NULL).
    #[inline(always)]
    pub fn cap(&self, r: u8) -> Capability {
        let [high, tag] = self.meta[r as usize];
        let decoded = self.decoded[r as usize];
        if decoded.memory_high() == high && decoded.tag() as u64 == tag {
            Capability::join(self.x[r as usize], decoded)
        } else {
            Self::cap_from_integer_write(tag != 0, high, self.x[r as usize])
        }
    }

    /// A register written by an integer write since its last capability (out of line: rare
    /// in capability code, and a decode at every register read would bloat the executor).
    #[cold]
    #[inline(never)]
    fn cap_from_integer_write(tag: bool, high: u64, address: u64) -> Capability {
        Capability::from_memory(tag, high, address)
    }

    /// Writes capability register `r` (writes to c0 are discarded).
    #[inline(always)]
    pub fn set_cap(&mut self, r: u8, c: Capability) {
        let (address, decoded) = c.split();
        self.x[r as usize] = address;
        self.meta[r as usize] = [decoded.memory_high(), decoded.tag() as u64];
        self.decoded[r as usize] = decoded;
    }

    /// Writes a capability register by architectural number (c0 ignored): loaders, monitors, tests.
    pub fn set_cap_reg(&mut self, r: u8, c: Capability) {
        if r != 0 && r < 32 {
            self.set_cap(r, c);
        }
    }

    /// cs1 = 0 means DDC for CBuildCap, CFromPtr, CTestSubset and CToPtr's cs2 (spec §4.0).
    fn cap_or_ddc(&self, r: u8) -> Capability {
        if r == 0 {
            self.cheri.ddc
        } else {
            self.cap(r)
        }
    }

    // ---- PCC and DDC ----------------------------------------------------------------------

    /// Installs a new DDC and its access windows.
    pub fn set_ddc(&mut self, ddc: Capability) {
        let c = &mut self.cheri;
        c.ddc = ddc;
        c.ddc_reloc = if c.v8() { ddc.address() } else { 0 };
        if c.ddc_reloc == 0 {
            c.ddc_load = Window::of(ddc, Perms::LOAD);
            c.ddc_store = Window::of(ddc, Perms::STORE);
        } else {
            // Relocated accesses take the full check, which adds DDC.address.
            c.ddc_load = Window::default();
            c.ddc_store = Window::default();
        }
    }

    /// Installs a new PCC: the encoding mode, the jump window, ASR, and the fetch window
    /// (pcs from which 4 bytes can be fetched without any further check).
    pub fn install_pcc(&mut self, pcc: Capability) {
        let mode = pcc.is_cap_mode() && self.cheri.enabled();
        if mode != self.cheri.cap_mode {
            // One decode cache per encoding mode: swapping them keeps the fetch path free
            // of a mode test.
            std::mem::swap(&mut self.icache, &mut self.icache_other_mode);
        }
        let c = &mut self.cheri;
        c.pcc = pcc;
        c.cap_mode = mode;
        c.pcc_asr = pcc.tag() && pcc.perms().contains(Perms::ACCESS_SYSTEM_REGS);
        c.pcc_jump = Window::of(pcc, Perms::NONE);
        c.pcc_reloc = if c.v8() { pcc.base() } else { 0 };
        let fetch = Window::of(pcc, Perms::EXECUTE);
        let lo = fetch.lo.max(DRAM_BASE);
        let hi = (fetch.lo as u128 + fetch.span as u128).min(self.dram_end as u128) as u64;
        // v8 integer-mode code with a relocated PC is fetched through the slow path, which
        // rewrites its AUIPC/JAL/JALR (`relocate_decoded`).
        if hi >= lo + 4 && (c.pcc_reloc == 0 || mode) {
            self.fetch_lo = lo;
            self.fetch_len = hi - lo - 3;
        } else {
            self.fetch_lo = 0;
            self.fetch_len = 0;
        }
    }

    /// PCC as CSpecialRW, AUIPCC and trap entry see it: with the address of `pc` (spec §9.1).
    pub fn pcc_at(&self, pc: u64) -> Capability {
        self.cheri.pcc.set_addr(pc)
    }

    /// Fetch checks outside the fast window (spec §5.3): tag, seal, execute, then bounds of
    /// each 2-byte parcel. Index 0x20 (PCC).
    pub(super) fn check_fetch(&self, pc: u64, size: u64) -> Result<(), Trap> {
        if !self.cheri.enabled() {
            return Ok(());
        }
        let pcc = self.cheri.pcc;
        if !pcc.tag() {
            return Err(Trap::cheri(capex::TAG, IDX_PCC));
        }
        if pcc.is_sealed() {
            return Err(Trap::cheri(capex::SEAL, IDX_PCC));
        }
        if !pcc.perms().contains(Perms::EXECUTE) {
            return Err(Trap::cheri(capex::PERMIT_EXECUTE, IDX_PCC));
        }
        if !pcc.in_bounds(pc, size) {
            return Err(Trap::cheri(capex::LENGTH, IDX_PCC));
        }
        Ok(())
    }

    /// Jump and branch targets must lie in PCC's bounds, checked at the jump (spec §4.5,
    /// §9.15): a Length violation with index 0x20.
    #[inline(always)]
    pub(super) fn check_target(&self, target: u64) -> Result<u64, Trap> {
        if self.cheri.pcc_jump.covers(target, 2) || self.target_in_pcc_slow(target) {
            Ok(target)
        } else {
            Err(Trap::cheri(capex::LENGTH, IDX_PCC))
        }
    }

    #[cold]
    fn target_in_pcc_slow(&self, target: u64) -> bool {
        !self.cheri.enabled() || self.cheri.pcc.in_bounds(target, 2)
    }

    /// CSR instructions and MRET need PCC.ASR (spec §5.3; reads of the user counters are
    /// exempt, as in the spec text and QEMU: §10).
    pub(super) fn check_asr(&self) -> Result<(), Trap> {
        if self.cheri.enabled() && !self.cheri.pcc_asr {
            return Err(Trap::cheri(capex::ACCESS_SYSTEM_REGS, IDX_PCC));
        }
        Ok(())
    }

    /// The link sentry of CJAL/CJALR: PCC with the address of the next instruction, sealed
    /// as a sentry (spec §4.5).
    fn link_sentry(&self, next: u64) -> Capability {
        self.pcc_at(next).seal_entry()
    }

    // ---- trap entry and return (spec §7.2, §7.3) ------------------------------------------

    /// MEPCC := PCC at `pc`; PCC := MTCC verbatim. Returns the handler's pc (MTCC.address
    /// with the mode bits cleared). DDC is not touched.
    pub(super) fn cheri_trap_entry(&mut self, pc: u64) -> u64 {
        self.cheri.mepcc = self.pcc_at(pc);
        let mtcc = self.cheri.mtcc;
        self.install_pcc(mtcc);
        mtcc.address() & !3
    }

    /// MRET: PCC := legalised MEPCC, a sentry unsealed; no checks (a bad MEPCC faults on the
    /// next fetch).
    pub(super) fn cheri_mret(&mut self) -> u64 {
        let mut e = self.cheri.mepcc;
        if self.cheri.v8() {
            // QEMU: a tagged sentry is unsealed if its address is even and untagged (still
            // sealed) otherwise; then the cursor is set to the even address.
            if e.tag() && e.otype() == OType::SENTRY {
                e = if e.address() & 1 == 0 { e.unsealed() } else { e.clear_tag() };
            }
            if e.address() & 1 != 0 {
                e = e.set_addr(e.address() & !1);
            }
            self.install_pcc(e);
            return e.address() & !1;
        }
        if e.address() & 1 != 0 {
            e = e.set_addr(e.address() & !1);
        }
        if e.otype() == OType::SENTRY {
            e = e.unsealed();
        }
        self.install_pcc(e);
        e.address() & !1
    }

    // ---- CSR views of SCRs (spec §7.4) -------------------------------------------------------

    /// mtvec reads MTCC.address (v8: its offset, spec §8).
    pub(super) fn mtvec(&self) -> u64 {
        let t = self.cheri.mtcc;
        if self.cheri.v8() {
            t.offset()
        } else {
            t.address()
        }
    }

    /// mtvec writes: reserved modes keep the old mode (Sail legalize_tvec); MTCC := CSetAddr.
    /// v8 (QEMU): a write with a reserved mode is ignored; otherwise MTCC's offset := value.
    pub(super) fn write_mtvec(&mut self, value: u64) {
        let t = self.cheri.mtcc;
        if self.cheri.v8() {
            if value & 3 < 2 {
                self.cheri.mtcc = t.set_addr(t.base().wrapping_add(value));
            }
            return;
        }
        let old = t.address();
        let v = if value & 3 < 2 { value } else { (value & !3) | (old & 3) };
        self.cheri.mtcc = t.set_addr(v);
    }

    /// mepc reads MEPCC.address with bit 0 clear (v8: its offset).
    pub(super) fn mepc(&self) -> u64 {
        let e = self.cheri.mepcc;
        if self.cheri.v8() {
            e.offset() & !1
        } else {
            e.address() & !1
        }
    }

    /// mepc writes set MEPCC.address with CSetAddr semantics (v8: its offset).
    pub(super) fn write_mepc(&mut self, value: u64) {
        let e = self.cheri.mepcc;
        let addr = if self.cheri.v8() { e.base().wrapping_add(value) } else { value };
        self.cheri.mepcc = e.set_addr(addr);
    }

    // ---- CSpecialRW (spec §4.6) ------------------------------------------------------------

    fn special_rw(&mut self, cd: u8, scr_num: u8, cs1: u8, pc: u64) -> Result<(), Trap> {
        use scr::*;
        let v8 = self.cheri.v8();
        // QEMU (v8) also has the user-mode SCRs of the N extension (UTCC … UEPCC, 4–7).
        let user_scr = v8 && (UTCC..=UEPCC).contains(&scr_num);
        let exists = matches!(scr_num, PCC | DDC | MTCC | MTDC | MSCRATCHC | MEPCC) || user_scr;
        let machine_only = scr_num >= 28;
        let below_privilege = machine_only && self.privilege != Priv::Machine;
        // QEMU (v8): insufficient privilege is an ASR violation, checked after ASR.
        if !exists || (scr_num == PCC && cs1 != 0) || (below_privilege && !v8) {
            return Err(Trap::illegal(0));
        }
        if ((machine_only || user_scr) && !self.cheri.pcc_asr) || below_privilege {
            return Err(Trap::cheri(capex::ACCESS_SYSTEM_REGS, 0x20 | scr_num));
        }
        let new = self.cap(cs1);
        let old = match scr_num {
            PCC => self.pcc_at(pc),
            DDC => self.cheri.ddc,
            MTCC => self.cheri.mtcc,
            MTDC => self.cheri.mtdc,
            MSCRATCHC => self.cheri.mscratchc,
            UEPCC => legalized_epcc(self.cheri.user_scrs[3]),
            UTCC..=USCRATCHC => self.cheri.user_scrs[(scr_num - UTCC) as usize],
            _ => {
                // Reads of MEPCC are legalised: bit 0 cleared, with CSetAddr semantics only
                // if that changes the address.
                let e = self.cheri.mepcc;
                if e.address() & 1 != 0 {
                    e.set_addr(e.address() & !1)
                } else {
                    e
                }
            }
        };
        if cs1 != 0 {
            match scr_num {
                DDC => self.set_ddc(new),
                MTCC if v8 => {
                    // The same on offsets (QEMU's SCR_TO_PROGRAM_COUNTER under relocation).
                    let o = new.offset();
                    let o = if o & 3 < 2 { o } else { (o & !3) | (self.cheri.mtcc.offset() & 3) };
                    self.cheri.mtcc = new.set_addr(new.base().wrapping_add(o));
                }
                MTCC => {
                    // Mode bits 2 and 3 are reserved (keep the old ones); the address is set
                    // with CSetAddr semantics, so a sealed value loses its tag.
                    let a = new.address();
                    let a = if a & 3 < 2 { a } else { (a & !3) | (self.cheri.mtcc.address() & 3) };
                    self.cheri.mtcc = new.set_addr(a);
                }
                MTDC => self.cheri.mtdc = new,
                MSCRATCHC => self.cheri.mscratchc = new,
                MEPCC => self.cheri.mepcc = new,
                UTCC => {
                    let o = new.offset();
                    let o = if o & 3 < 2 { o } else { (o & !3) | (self.cheri.user_scrs[0].offset() & 3) };
                    self.cheri.user_scrs[0] = new.set_addr(new.base().wrapping_add(o));
                }
                UTDC..=UEPCC => self.cheri.user_scrs[(scr_num - UTCC) as usize] = new,
                _ => {}
            }
        }
        self.set_cap(cd, old);
        Ok(())
    }

    // ---- control flow (spec §4.5) ----------------------------------------------------------

    /// CJALR cd, imm(cs1) and JALR.CAP (imm = 0): tag, seal (a sentry only with imm = 0),
    /// execute, then bounds; PCC := cs1 unsealed, cd := the link sentry.
    fn cjalr(&mut self, cd: u8, cs1: u8, imm: u64, next: u64) -> Result<u64, Trap> {
        let c = self.cap(cs1);
        if !c.tag() {
            return Err(Trap::cheri(capex::TAG, cs1));
        }
        if c.is_sealed() && (c.otype() != OType::SENTRY || imm != 0) {
            return Err(Trap::cheri(capex::SEAL, cs1));
        }
        if !c.perms().contains(Perms::EXECUTE) {
            return Err(Trap::cheri(capex::PERMIT_EXECUTE, cs1));
        }
        let target = c.address().wrapping_add(imm) & !1;
        if !c.in_bounds(target, 2) {
            return Err(Trap::cheri(capex::LENGTH, cs1));
        }
        let link = self.link_sentry(next);
        self.set_cap(cd, link);
        self.install_pcc(c.unsealed());
        Ok(target)
    }

    /// CInvoke cs1, cs2 (spec §4.5): checks in the order of the list; PCC := cs1 unsealed,
    /// c31 := cs2 unsealed, no link.
    fn cinvoke(&mut self, cs1: u8, cs2: u8) -> Result<u64, Trap> {
        let (code, data) = (self.cap(cs1), self.cap(cs2));
        let fail = |code: u8, idx: u8| Err(Trap::cheri(code, idx));
        if !code.tag() {
            return fail(capex::TAG, cs1);
        }
        if !data.tag() {
            return fail(capex::TAG, cs2);
        }
        if code.otype().is_reserved() {
            return fail(capex::SEAL, cs1);
        }
        if data.otype().is_reserved() {
            return fail(capex::SEAL, cs2);
        }
        if code.otype() != data.otype() {
            return fail(capex::TYPE, cs1);
        }
        if !code.perms().contains(Perms::CINVOKE) {
            return fail(capex::PERMIT_CINVOKE, cs1);
        }
        if !data.perms().contains(Perms::CINVOKE) {
            return fail(capex::PERMIT_CINVOKE, cs2);
        }
        if !code.perms().contains(Perms::EXECUTE) {
            return fail(capex::PERMIT_EXECUTE, cs1);
        }
        if data.perms().contains(Perms::EXECUTE) {
            return fail(capex::PERMIT_EXECUTE, cs2);
        }
        let target = code.address() & !1;
        if !code.in_bounds(target, 2) {
            return fail(capex::LENGTH, cs1);
        }
        self.install_pcc(code.unsealed());
        self.set_cap(31, data.unsealed());
        Ok(target)
    }

    /// CLoadTags rd, cs1 (spec §4.8.4): the tags of the four granules of a 64-byte line.
    fn cload_tags(&mut self, bus: &Bus, rd: u8, cs1: u8) -> Result<(), Trap> {
        let c = self.cap(cs1);
        let addr = c.address();
        check_data(c, cs1, addr, 64, Perms::LOAD | Perms::LOAD_CAP)?;
        if addr & 63 != 0 {
            return Err(Trap::new(super::cause::LOAD_MISALIGNED, addr));
        }
        let off = bus.dram.offset(addr, 64).ok_or(Trap::new(super::cause::LOAD_ACCESS_FAULT, addr))?;
        let tags = (0..4).fold(0u64, |acc, i| acc | (bus.dram.tag(off + 16 * i) as u64) << i);
        self.set_x(rd, tags);
        Ok(())
    }

    /// CClear q, m: NULL into registers 8q+i for each set bit i of m; q = 0, i = 0 is DDC.
    fn cclear(&mut self, imm: i32) {
        let q = (imm >> 8) as u8 & 3;
        for i in 0..8u8 {
            if imm >> i & 1 != 0 {
                match 8 * q + i {
                    0 => self.set_ddc(Capability::NULL),
                    r => self.set_cap(r, Capability::NULL),
                }
            }
        }
    }

    /// The Xcheri instructions that are not memory accesses (spec §4.2–§4.6). Kept out of
    /// line so that the base executor's register allocation does not pay for it.
    #[inline(never)]
    pub(super) fn execute_cheri(&mut self, bus: &mut Bus, idx: usize, pc: u64) -> Result<u64, Trap> {
        use Opcode::*;
        let i = self.decoded(idx);
        if self.cheri.v8() {
            if let Some(r) = self.execute_cheri_v8(i, pc) {
                return r;
            }
        }
        let next = pc.wrapping_add(i.len as u64);
        let (rd, rs1, rs2) = (i.rd, i.rs1, i.rs2);
        let c1 = self.cap(rs1);
        let x2 = self.x(rs2);
        match i.op {
            // Inspection (spec §4.2): integer results.
            CGetPerm => self.set_x(rd, c1.perm_word()),
            CGetType => self.set_x(rd, c1.type_word()),
            CGetBase => self.set_x(rd, c1.base()),
            CGetLen => self.set_x(rd, c1.length_saturated()),
            CGetTag => self.set_x(rd, c1.tag() as u64),
            CGetSealed => self.set_x(rd, c1.is_sealed() as u64),
            CGetOffset => self.set_x(rd, c1.offset()),
            CGetFlags => self.set_x(rd, c1.flags() as u64),
            CGetAddr => self.set_x(rd, c1.address()),
            CGetHigh => self.set_x(rd, c1.get_high()),
            CGetTop => self.set_x(rd, c1.top_saturated()),
            CRrl => self.set_x(rd, cheri_cap::crrl(self.x(rs1))),
            CRam => self.set_x(rd, cheri_cap::cram(self.x(rs1))),
            // Manipulation (spec §4.3): never traps.
            CSeal => self.set_cap(rd, c1.seal(self.cap(rs2))),
            CUnseal => self.set_cap(rd, c1.unseal(self.cap(rs2))),
            CAndPerm => self.set_cap(rd, c1.and_perms(x2)),
            CSetFlags => self.set_cap(rd, c1.set_flags(x2)),
            CSetOffset => self.set_cap(rd, c1.set_offset(x2)),
            CSetAddr => self.set_cap(rd, c1.set_addr(x2)),
            CIncOffset => self.set_cap(rd, c1.inc_offset(x2)),
            CIncOffsetImm => self.set_cap(rd, c1.inc_offset(i.imm as i64 as u64)),
            CSetBounds => self.set_cap(rd, c1.set_bounds(x2).cap),
            CSetBoundsExact => self.set_cap(rd, c1.set_bounds_exact(x2).cap),
            CSetBoundsImm => self.set_cap(rd, c1.set_bounds(i.imm as u64 & 0xfff).cap),
            CSetHigh => self.set_cap(rd, c1.set_high(x2)),
            CBuildCap => self.set_cap(rd, self.cap_or_ddc(rs1).build_cap(self.cap(rs2)).cap),
            CCopyType => self.set_cap(rd, c1.copy_type(self.cap(rs2))),
            CCSeal => self.set_cap(rd, c1.cond_seal(self.cap(rs2))),
            CSealEntry => self.set_cap(rd, c1.seal_entry()),
            CMove => self.set_cap(rd, c1),
            CClearTag => self.set_cap(rd, c1.clear_tag()),
            CClear => self.cclear(i.imm),
            // Pointer arithmetic and comparison (spec §4.4).
            CToPtr => self.set_x(rd, c1.to_ptr(self.cap_or_ddc(rs2))),
            CFromPtr => self.set_cap(rd, self.cap_or_ddc(rs1).from_ptr(x2)),
            CSubCap => self.set_x(rd, c1.address().wrapping_sub(x2)),
            CTestSubset => self.set_x(rd, self.cap_or_ddc(rs1).test_subset(self.cap(rs2)) as u64),
            CSetEqualExact => self.set_x(rd, c1.equal_exact(self.cap(rs2)) as u64),
            // Special registers and control flow.
            CSpecialRW => self.special_rw(rd, i.imm as u8, rs1, pc)?,
            JalrCap => return self.cjalr(rd, rs1, 0, next),
            Cjalr => return self.cjalr(rd, rs1, i.imm as i64 as u64, next),
            Cjal => {
                let target = self.check_target(pc.wrapping_add(i.imm as i64 as u64))?;
                let link = self.link_sentry(next);
                self.set_cap(rd, link);
                return Ok(target);
            }
            JalrPcc => {
                let target = self.check_target(self.x(rs1) & !1)?;
                self.set_x(rd, next);
                return Ok(target);
            }
            Auipcc => self.set_cap(rd, self.pcc_at(pc.wrapping_add(i.imm as i64 as u64))),
            CInvoke => return self.cinvoke(rs1, rs2),
            CLoadTags => self.cload_tags(bus, rd, rs1)?,
            _ => return self.execute_cheri_memory(bus, i, pc),
        }
        Ok(next)
    }
}

// ---- v8: QEMU-CHERI's default semantics -----------------------------------------------------
//
// Transcribed from QEMU-CHERI (target/cheri-common/op_helper_cheri_common.c with
// CHERI_TAG_CLEAR_ON_INVALID false, target/riscv: translate.c's pcc_reloc, cheri-archspecific.h's
// validate_jump_target and cheri_ddc_relative_addr). Each check raises at once, so the first
// failure in QEMU's order wins; when none fails the result is v9's.

/// A v8 CHERI exception.
fn v8_fail<T>(code: u8, idx: u8) -> Result<T, Trap> {
    Err(Trap::cheri(code, idx))
}

/// QEMU `cap_cursor_in_bounds`: base ≤ address < top.
fn cursor_in_bounds(c: Capability) -> bool {
    c.in_bounds(c.address(), 1)
}

/// QEMU's tag/seal checks of the manipulated capability: untagged → Tag, sealed → Seal.
fn v8_tagged_unsealed(c: Capability, idx: u8) -> Result<(), Trap> {
    if !c.tag() {
        return v8_fail(capex::TAG, idx);
    }
    if c.is_sealed() {
        return v8_fail(capex::SEAL, idx);
    }
    Ok(())
}

impl Hart {
    /// Under v8, rewrites a decoded integer-mode AUIPC/JAL/JALR into the opcode of its
    /// capability-mode form, which [`Hart::execute_cheri_v8`] executes with PC relocation in
    /// integer mode (those opcodes never come out of the integer-mode decoder). Only code
    /// fetched through the slow path needs this: `install_pcc` closes the fast fetch window
    /// whenever PCC.base ≠ 0 under v8.
    #[cold]
    pub(super) fn relocate_decoded(&self, mut d: super::Decoded) -> super::Decoded {
        if self.cheri.pcc_reloc != 0 && !self.cheri.cap_mode {
            d.op = match d.op {
                Opcode::Auipc => Opcode::Auipcc,
                Opcode::Jal => Opcode::Cjal,
                Opcode::Jalr => Opcode::Cjalr,
                op => op,
            };
        }
        d
    }

    /// QEMU `validate_jump_target` (with RVC): bounds of the target, then PCC base alignment.
    fn v8_jump_target(c: Capability, target: u64, idx: u8) -> Result<(), Trap> {
        if !c.in_bounds(target, 2) {
            return v8_fail(capex::LENGTH, idx);
        }
        if c.base() & 1 != 0 {
            return v8_fail(capex::UNALIGNED_BASE, idx);
        }
        Ok(())
    }

    /// The Xcheri instructions whose v8 semantics differ from v9's, or None to run v9's.
    #[cold]
    #[inline(never)]
    fn execute_cheri_v8(&mut self, i: super::Decoded, pc: u64) -> Option<Result<u64, Trap>> {
        use Opcode::*;
        let next = pc.wrapping_add(i.len as u64);
        let (rd, rs1, rs2) = (i.rd, i.rs1, i.rs2);
        let c1 = self.cap(rs1);
        let x2 = self.x(rs2);
        let imm = i.imm as i64 as u64;
        let r: Result<Capability, Trap> = match i.op {
            // QEMU does not decode CGetTop and CClear.
            CGetTop | CClear => return Some(Err(Trap::illegal(0))),
            // Integer-mode AUIPC/JAL/JALR after `relocate_decoded`: the architectural PC is
            // relative to PCC.base (QEMU translate.c, pcc_reloc).
            Auipcc | Cjal | Cjalr if !self.cheri.cap_mode => return Some(self.relocated_jump_v8(i, pc)),
            // JALR.PCC is translated as an integer JALR: relocated too.
            JalrPcc if self.cheri.pcc_reloc != 0 => return Some(self.relocated_jump_v8(i, pc)),
            // CJAL jumps through PCC with CJALR's checks (QEMU helper_cjal): Global, bounds,
            // then PCC.base alignment, all against PCC (0x20).
            Cjal => {
                let pcc = self.cheri.pcc;
                let target = pc.wrapping_add(imm) & !1;
                if !pcc.perms().contains(Perms::GLOBAL) {
                    return Some(v8_fail(capex::GLOBAL, IDX_PCC));
                }
                if let Err(t) = Self::v8_jump_target(pcc, target, IDX_PCC) {
                    return Some(Err(t));
                }
                return None;
            }
            JalrCap => return Some(self.cjalr_v8(rd, rs1, 0, next)),
            Cjalr => return Some(self.cjalr_v8(rd, rs1, imm, next)),
            CInvoke => return Some(self.cinvoke_v8(rs1, rs2)),
            CSetBounds | CSetBoundsExact | CSetBoundsImm => {
                let len = if i.op == CSetBoundsImm { imm & 0xfff } else { x2 };
                v8_tagged_unsealed(c1, rs1).and_then(|()| {
                    if !c1.in_bounds(c1.address(), len) {
                        return v8_fail(capex::LENGTH, rs1);
                    }
                    let r = c1.set_bounds(len);
                    if i.op == CSetBoundsExact && !r.exact {
                        return v8_fail(capex::INEXACT_BOUNDS, rs1);
                    }
                    Ok(r.cap)
                })
            }
            // try_set_cap_cursor: a tagged sealed input is a Seal violation.
            CSetAddr | CSetOffset | CIncOffset | CIncOffsetImm | CSetFlags if c1.tag() && c1.is_sealed() => {
                v8_fail(capex::SEAL, rs1)
            }
            CAndPerm => v8_tagged_unsealed(c1, rs1).map(|()| c1.and_perms(x2)),
            CSealEntry => v8_tagged_unsealed(c1, rs1).map(|()| c1.seal_entry()),
            CSeal => self.cseal_v8(rs1, rs2, false),
            CCSeal => self.cseal_v8(rs1, rs2, true),
            CUnseal => self.cunseal_v8(rs1, rs2),
            CBuildCap => self.cbuildcap_v8(rs1, rs2),
            CCopyType => {
                let t = self.cap(rs2);
                v8_tagged_unsealed(c1, rs1).and_then(|()| {
                    let otype = t.otype();
                    if otype.is_reserved() {
                        // A reserved or unsealed otype gives a NULL-derived −1 … −4.
                        return Ok(Capability::from_integer(otype.architectural()));
                    }
                    let o = otype.raw() as u64;
                    if o < c1.base() || o as u128 >= c1.top() {
                        return v8_fail(capex::LENGTH, rs1);
                    }
                    Ok(c1.set_addr(o))
                })
            }
            CFromPtr => {
                let auth = self.cap_or_ddc(rs1);
                if x2 == 0 {
                    Ok(Capability::NULL)
                } else {
                    // QEMU uses the precise representability check here.
                    v8_tagged_unsealed(auth, rs1).map(|()| auth.set_addr(auth.base().wrapping_add(x2)))
                }
            }
            CToPtr => {
                if !self.cap_or_ddc(rs2).tag() {
                    return Some(v8_fail(capex::TAG, rs2));
                }
                return None;
            }
            _ => return None,
        };
        Some(r.map(|c| {
            self.set_cap(rd, c);
            next
        }))
    }

    /// Integer-mode AUIPC/JAL/JALR after [`Hart::relocate_decoded`]: the architectural PC is
    /// relative to PCC.base (QEMU translate.c, `pcc_reloc`): AUIPC and the links are offsets,
    /// a JALR target is PCC.base + X[rs1] + imm. Branch and JAL targets are unchanged.
    fn relocated_jump_v8(&mut self, i: super::Decoded, pc: u64) -> Result<u64, Trap> {
        let reloc = self.cheri.pcc_reloc;
        let imm = i.imm as i64 as u64;
        let next = pc.wrapping_add(i.len as u64);
        let target = match i.op {
            Opcode::Auipcc => {
                self.set_x(i.rd, pc.wrapping_add(imm).wrapping_sub(reloc));
                return Ok(next);
            }
            Opcode::Cjal => self.check_target(pc.wrapping_add(imm))?,
            Opcode::JalrPcc => self.check_target(self.x(i.rs1).wrapping_add(reloc) & !1)?,
            _ => self.check_target(self.x(i.rs1).wrapping_add(imm).wrapping_add(reloc) & !1)?,
        };
        self.set_x(i.rd, next.wrapping_sub(reloc));
        Ok(target)
    }

    /// CInvoke (QEMU `cinvoke`): v9's checks, then `validate_jump_target` on the code
    /// capability's address as it is (bounds, then base alignment: UnalignedBase).
    fn cinvoke_v8(&mut self, cs1: u8, cs2: u8) -> Result<u64, Trap> {
        let (code, data) = (self.cap(cs1), self.cap(cs2));
        if !code.tag() {
            return v8_fail(capex::TAG, cs1);
        }
        if !data.tag() {
            return v8_fail(capex::TAG, cs2);
        }
        if code.otype().is_reserved() {
            return v8_fail(capex::SEAL, cs1);
        }
        if data.otype().is_reserved() {
            return v8_fail(capex::SEAL, cs2);
        }
        if code.otype() != data.otype() {
            return v8_fail(capex::TYPE, cs1);
        }
        if !code.perms().contains(Perms::CINVOKE) {
            return v8_fail(capex::PERMIT_CINVOKE, cs1);
        }
        if !data.perms().contains(Perms::CINVOKE) {
            return v8_fail(capex::PERMIT_CINVOKE, cs2);
        }
        if !code.perms().contains(Perms::EXECUTE) {
            return v8_fail(capex::PERMIT_EXECUTE, cs1);
        }
        if data.perms().contains(Perms::EXECUTE) {
            return v8_fail(capex::PERMIT_EXECUTE, cs2);
        }
        Self::v8_jump_target(code, code.address(), cs1)?;
        self.install_pcc(code.unsealed());
        self.set_cap(31, data.unsealed());
        Ok(code.address() & !1)
    }

    /// CJALR / JALR.CAP (QEMU `cheri_jump_and_link_checked`): tag, seal (a sentry only at
    /// its own address), execute, Global, then the jump target.
    fn cjalr_v8(&mut self, cd: u8, cs1: u8, imm: u64, next: u64) -> Result<u64, Trap> {
        let c = self.cap(cs1);
        let target = c.address().wrapping_add(imm) & !1;
        if !c.tag() {
            return v8_fail(capex::TAG, cs1);
        }
        if (c.is_sealed() && !c.otype().is_reserved()) || (c.is_sealed() && target != c.address()) {
            return v8_fail(capex::SEAL, cs1);
        }
        if !c.perms().contains(Perms::EXECUTE) {
            return v8_fail(capex::PERMIT_EXECUTE, cs1);
        }
        if !c.perms().contains(Perms::GLOBAL) {
            return v8_fail(capex::GLOBAL, cs1);
        }
        Self::v8_jump_target(c, target, cs1)?;
        let link = self.link_sentry(next);
        self.set_cap(cd, link);
        // A sentry is unsealed; anything else jumps with its cursor at the target (a sealed
        // value with another reserved otype is installed as it is and faults at the fetch).
        let new_pcc = if c.otype() == OType::SENTRY {
            c.unsealed()
        } else if target == c.address() {
            c
        } else {
            c.set_addr(target)
        };
        self.install_pcc(new_pcc);
        Ok(target)
    }

    /// CSeal / CCSeal (QEMU `cseal_common`).
    fn cseal_v8(&self, cs: u8, ct: u8, conditional: bool) -> Result<Capability, Trap> {
        let (c, t) = (self.cap(cs), self.cap(ct));
        let a = t.address();
        if !t.tag() {
            if conditional {
                return Ok(c);
            }
            return v8_fail(capex::TAG, ct);
        }
        if !c.tag() {
            return v8_fail(capex::TAG, cs);
        }
        if conditional && (c.is_sealed() || !cursor_in_bounds(t) || a == u64::MAX) {
            return Ok(c);
        }
        if !conditional && c.is_sealed() {
            return v8_fail(capex::SEAL, cs);
        }
        if t.is_sealed() {
            return v8_fail(capex::SEAL, ct);
        }
        if !t.perms().contains(Perms::SEAL) {
            return v8_fail(capex::PERMIT_SEAL, ct);
        }
        if !conditional && !cursor_in_bounds(t) {
            return v8_fail(capex::LENGTH, ct);
        }
        if a > OType::MAX_SEALABLE.raw() as u64 {
            return v8_fail(capex::LENGTH, ct);
        }
        if !c.is_representable(c.address()) {
            return v8_fail(capex::INEXACT_BOUNDS, cs);
        }
        Ok(c.seal(t))
    }

    /// CUnseal (QEMU `cunseal`).
    fn cunseal_v8(&self, cs: u8, ct: u8) -> Result<Capability, Trap> {
        let (c, t) = (self.cap(cs), self.cap(ct));
        if !c.tag() {
            return v8_fail(capex::TAG, cs);
        }
        if !t.tag() {
            return v8_fail(capex::TAG, ct);
        }
        if !c.is_sealed() {
            return v8_fail(capex::SEAL, cs);
        }
        if t.is_sealed() {
            return v8_fail(capex::SEAL, ct);
        }
        if c.otype().is_reserved() {
            return v8_fail(capex::TYPE, cs);
        }
        if t.address() != c.otype().raw() as u64 {
            return v8_fail(capex::TYPE, ct);
        }
        if !t.perms().contains(Perms::UNSEAL) {
            return v8_fail(capex::PERMIT_UNSEAL, ct);
        }
        if !cursor_in_bounds(t) {
            return v8_fail(capex::LENGTH, ct);
        }
        Ok(c.unseal(t))
    }

    /// CBuildCap (QEMU `cbuildcap`): the authority's and the request's checks trap; a subset
    /// that is not derivable still comes back untagged.
    fn cbuildcap_v8(&self, cb: u8, ct: u8) -> Result<Capability, Trap> {
        let (auth, req) = (self.cap_or_ddc(cb), self.cap(ct));
        v8_tagged_unsealed(auth, cb)?;
        if req.base() < auth.base() || req.top() > auth.top() {
            return v8_fail(capex::LENGTH, cb);
        }
        if req.base() as u128 > req.top() {
            return v8_fail(capex::LENGTH, ct);
        }
        if !auth.perms().contains(req.perms()) || req.uperms() & auth.uperms() != req.uperms() {
            return v8_fail(capex::USER_DEF, cb);
        }
        if req.reserved_bits() != 0 {
            return v8_fail(capex::LENGTH, ct);
        }
        Ok(auth.build_cap(req).cap)
    }
}
