//! Instruction semantics: one arm per base instruction of the table (compressed
//! instructions arrive expanded). Bodies follow the RISC-V unprivileged spec; where it leaves
//! a choice, the Sail model's is taken and named.

use cheri_cap::{Capability, Perms};

use super::cheri::{capex, check_cap_store, check_data, IDX_DDC};
use super::{cause, Decoded, Hart, Priv, Trap, TRAPPED};
use crate::bus::{Bus, BusError, Word};
use crate::isa::Opcode;

/// Where a data access takes its address and authority from (spec §4.8).
#[derive(Copy, Clone, PartialEq, Eq)]
pub(super) enum Via {
    /// By the encoding mode: DDC and X[rs1] in integer mode, c[rs1] in capability mode.
    Mode,
    /// The explicit `.DDC` forms: X[rs1] under DDC.
    Ddc,
    /// The explicit `.CAP` forms: c[rs1].address under c[rs1].
    Cap,
}

#[inline(always)]
fn sext32(v: u64) -> u64 {
    v as i32 as i64 as u64
}

/// Where an explicit store-conditional writes its flag: its data register, or the x0 sink.
#[inline(always)]
fn flag_reg(rs2: u8) -> u8 {
    if rs2 == 0 {
        super::X0_SINK
    } else {
        rs2
    }
}

/// Sign-extends the low `size` bytes of `v`.
fn sign_extend(v: u64, size: u64) -> u64 {
    let shift = 64 - 8 * size as u32;
    (((v << shift) as i64) >> shift) as u64
}

/// The kind of access, for turning bus errors into the right exception.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Access {
    Load,
    Store,
}

impl Access {
    fn fault(self, addr: u64, e: BusError) -> Trap {
        match (self, e) {
            (Access::Load, BusError::Unmapped) => Trap::new(cause::LOAD_ACCESS_FAULT, addr),
            (Access::Load, BusError::Misaligned) => Trap::new(cause::LOAD_MISALIGNED, addr),
            (Access::Store, BusError::Unmapped) => Trap::new(cause::STORE_ACCESS_FAULT, addr),
            (Access::Store, BusError::Misaligned) => Trap::new(cause::STORE_MISALIGNED, addr),
        }
    }
}

impl Hart {
    /// The effective address and authority of a data access, after the CHERI checks of spec
    /// §4.8.1 (tag, seal, permissions, bounds), which come before alignment and bus faults.
    #[inline(always)]
    fn authorize(&self, via: Via, rs1: u8, imm: u64, size: u64, need: Perms) -> Result<(u64, Capability), Trap> {
        let (ea, auth, idx) = if via == Via::Ddc || (via == Via::Mode && !self.cheri.cap_mode) {
            // v8 relocation: DDC.address + X[rs1] + imm (0 under v9; spec §8).
            (self.x(rs1).wrapping_add(imm).wrapping_add(self.cheri.ddc_reloc), self.cheri.ddc, IDX_DDC)
        } else {
            let c = self.cap(rs1);
            (c.address().wrapping_add(imm), c, rs1)
        };
        if self.cheri.enabled() {
            check_data(auth, idx, ea, size, need)?;
        }
        Ok((ea, auth))
    }

    /// A load by a standard instruction: the integer-mode case against DDC's cached window
    /// is the hot path.
    #[inline(always)]
    fn load_via<T: Word>(&mut self, bus: &mut Bus, rs1: u8, imm: u64) -> Result<T, Trap> {
        let ea = self.x(rs1).wrapping_add(imm);
        if self.cheri.cap_mode || !self.cheri.ddc_load.covers(ea, T::SIZE) {
            let (ea, _) = self.authorize(Via::Mode, rs1, imm, T::SIZE, Perms::LOAD)?;
            return self.load(bus, ea);
        }
        self.load(bus, ea)
    }

    #[inline(always)]
    fn store_via<T: Word>(&mut self, bus: &mut Bus, rs1: u8, imm: u64, v: T) -> Result<(), Trap> {
        let ea = self.x(rs1).wrapping_add(imm);
        if self.cheri.cap_mode || !self.cheri.ddc_store.covers(ea, T::SIZE) {
            let (ea, _) = self.authorize(Via::Mode, rs1, imm, T::SIZE, Perms::STORE)?;
            return self.store(bus, ea, v);
        }
        self.store(bus, ea, v)
    }

    /// A capability load of 16 bytes at `ea` (16-byte aligned, checked after the CHERI
    /// checks); the tag is the memory tag ANDed with the authority's LoadCap (spec §4.8.1).
    /// Devices have no tags.
    pub(super) fn load_cap(&mut self, bus: &mut Bus, ea: u64, auth: Capability) -> Result<Capability, Trap> {
        if ea & 15 != 0 {
            return Err(Trap::new(cause::LOAD_MISALIGNED, ea));
        }
        let (addr, high, tag) = match bus.dram.offset(ea, 16) {
            Some(off) => (bus.dram.read::<u64>(off), bus.dram.read::<u64>(off + 8), bus.dram.tag(off)),
            None => (self.load_mmio::<u64>(bus, ea)?, self.load_mmio::<u64>(bus, ea + 8)?, false),
        };
        let tag = tag && auth.perms().contains(Perms::LOAD_CAP);
        Ok(Capability::from_memory(tag, high, addr))
    }

    /// A capability store of 16 bytes: the bytes in memory form and the value's tag.
    pub(super) fn store_cap(&mut self, bus: &mut Bus, ea: u64, c: Capability) -> Result<(), Trap> {
        if ea & 15 != 0 {
            return Err(Trap::new(cause::STORE_MISALIGNED, ea));
        }
        match bus.dram.offset(ea, 16) {
            Some(off) => {
                bus.dram.write(off, c.address());
                bus.dram.write(off + 8, c.memory_high());
                bus.dram.set_tag(off, c.tag());
                if bus.touches_htif(off, 16) && bus.tohost_written() {
                    self.end_slice();
                }
                Ok(())
            }
            None => {
                self.store_mmio(bus, ea, c.address())?;
                self.store_mmio(bus, ea + 8, c.memory_high())
            }
        }
    }

    /// A data load. DRAM accesses of any alignment complete (as on QEMU); devices are reached
    /// through the cold path.
    #[inline(always)]
    fn load<T: Word>(&mut self, bus: &mut Bus, addr: u64) -> Result<T, Trap> {
        match bus.dram.offset(addr, T::SIZE) {
            Some(off) => Ok(bus.dram.read(off)),
            None => self.load_mmio::<T>(bus, addr),
        }
    }

    #[cold]
    fn load_mmio<T: Word>(&mut self, bus: &mut Bus, addr: u64) -> Result<T, Trap> {
        bus.mmio_load(addr, T::SIZE, self.cycle).map(T::from_u64).map_err(|e| Access::Load.fault(addr, e))
    }

    /// A data store: clears the tags it overlaps, and watches HTIF's tohost.
    #[inline(always)]
    fn store<T: Word>(&mut self, bus: &mut Bus, addr: u64, v: T) -> Result<(), Trap> {
        match bus.dram.offset(addr, T::SIZE) {
            Some(off) => {
                bus.dram.write(off, v);
                if bus.touches_htif(off, T::SIZE) && bus.tohost_written() {
                    self.end_slice();
                }
                Ok(())
            }
            None => self.store_mmio(bus, addr, v),
        }
    }

    #[cold]
    fn store_mmio<T: Word>(&mut self, bus: &mut Bus, addr: u64, v: T) -> Result<(), Trap> {
        bus.mmio_store(addr, T::SIZE, v.to_u64(), self.cycle).map_err(|e| Access::Store.fault(addr, e))?;
        // A device store may arm the timer, raise a software interrupt or stop the machine.
        self.end_slice();
        Ok(())
    }

    /// The address of an atomic access, which must be naturally aligned and in DRAM
    /// (LR raises load exceptions, SC and AMOs store/AMO exceptions).
    #[inline(always)]
    fn atomic_addr(&self, bus: &Bus, addr: u64, size: u64, access: Access) -> Result<(), Trap> {
        if addr & (size - 1) != 0 {
            return Err(access.fault(addr, BusError::Misaligned));
        }
        if bus.dram.offset(addr, size).is_none() {
            return Err(access.fault(addr, BusError::Unmapped));
        }
        Ok(())
    }

    /// An AMO: `rd = mem[addr]; mem[addr] = f(rd, src)` (.W values sign-extended).
    #[inline(never)]
    fn amo<T: Word>(&mut self, bus: &mut Bus, rd: u8, addr: u64, src: u64, f: fn(u64, u64) -> u64) -> Result<(), Trap> {
        self.atomic_addr(bus, addr, T::SIZE, Access::Store)?;
        let old = self.load::<T>(bus, addr)?.to_u64();
        let old = if T::SIZE == 4 { sext32(old) } else { old };
        self.store(bus, addr, T::from_u64(f(old, src)))?;
        self.set_x(rd, old);
        Ok(())
    }

    #[inline(never)]
    fn load_reserved<T: Word>(&mut self, bus: &mut Bus, rd: u8, addr: u64) -> Result<(), Trap> {
        self.atomic_addr(bus, addr, T::SIZE, Access::Load)?;
        let v = self.load::<T>(bus, addr)?.to_u64();
        self.reservation = Some(addr);
        self.set_x(rd, sign_extend(v, T::SIZE));
        Ok(())
    }

    /// SC: alignment is checked first; then, without a matching reservation, rd = 1 and no
    /// access is made (Sail `execute(STORECON)`). Any SC ends the reservation.
    #[inline(never)]
    fn store_conditional<T: Word>(&mut self, bus: &mut Bus, rd: u8, addr: u64, src: u64) -> Result<(), Trap> {
        if addr & (T::SIZE - 1) != 0 {
            return Err(Access::Store.fault(addr, BusError::Misaligned));
        }
        let reserved = self.reservation.take() == Some(addr);
        if !reserved {
            self.set_x(rd, 1);
            return Ok(());
        }
        self.atomic_addr(bus, addr, T::SIZE, Access::Store)?;
        self.store(bus, addr, T::from_u64(src))?;
        self.set_x(rd, 0);
        Ok(())
    }

    /// A CSR instruction. `rs1_field` is the rs1/uimm field; `operand` the value it stands for.
    #[inline(never)]
    fn csr_op(
        &mut self,
        bus: &mut Bus,
        rd: u8,
        csr: i32,
        rs1_field: u8,
        operand: u64,
        kind: CsrOp,
    ) -> Result<(), Trap> {
        let num = (csr & 0xfff) as u16;
        // csrrs/csrrc with rs1 = x0 (or a zero immediate) do not write (spec §9.1), so they
        // may read read-only CSRs.
        let writes = kind == CsrOp::Write || rs1_field != 0;
        let old = self.csr_read(bus, num)?;
        if writes && num >> 10 == 3 {
            return Err(Trap::illegal(0));
        }
        // Every CSR needs PCC.ASR except reads of the user counters (spec text and QEMU;
        // Sail requires it for all: §10).
        let user_counter_read = !writes && (0xc00..=0xc1f).contains(&num);
        if !user_counter_read {
            // QEMU reports cap_idx 0 for a CSR's ASR fault (v8 keeps QEMU's; spec §10).
            self.check_asr()
                .map_err(|t| if self.cheri.v8() { Trap::cheri(capex::ACCESS_SYSTEM_REGS, 0) } else { t })?;
        }
        if writes {
            let new = match kind {
                CsrOp::Write => operand,
                CsrOp::Set => old | operand,
                CsrOp::Clear => old & !operand,
            };
            self.csr_write(num, new)?;
            // A CSR write can enable an interrupt (mie, mstatus): let the machine look.
            self.end_slice();
        }
        self.set_x(rd, old);
        Ok(())
    }

    /// Executes one (expanded) instruction at `pc` and returns the address of the next one,
    /// or [`TRAPPED`] with the trap left in `self.pending_trap`. Returning a plain integer
    /// keeps the next pc in a register: a `Result<u64, Trap>` merged from every arm went
    /// through the stack on each instruction.
    #[inline(always)]
    pub(super) fn execute(&mut self, bus: &mut Bus, i: Decoded, idx: usize, pc: u64) -> u64 {
        match self.execute_inner(bus, i, idx, pc) {
            Ok(next) => next,
            Err(t) => {
                self.pending_trap = t;
                TRAPPED
            }
        }
    }

    /// `idx` is the instruction's decode-cache slot: the out-of-line CHERI executors read it
    /// from there, since passing a `Decoded` by value to them would force it through memory.
    #[inline(always)]
    fn execute_inner(&mut self, bus: &mut Bus, i: Decoded, idx: usize, pc: u64) -> Result<u64, Trap> {
        use Opcode::*;
        let rs1 = self.x(i.rs1);
        let rs2 = self.x(i.rs2);
        let imm = i.imm as i64 as u64;
        let rd = i.rd;
        let next = pc.wrapping_add(i.len as u64);
        match i.op {
            Lui => self.set_x(rd, imm),
            Auipc => self.set_x(rd, pc.wrapping_add(imm)),
            // With C, every target is 2-byte aligned: JAL/branch offsets are even and JALR
            // clears bit 0, so no instruction-address-misaligned exception can arise.
            // Targets must lie inside PCC's bounds, checked at the jump (spec §4.5).
            Jal => {
                let target = self.check_target(pc.wrapping_add(imm))?;
                self.set_x(rd, next);
                return Ok(target);
            }
            Jalr => {
                let target = self.check_target(rs1.wrapping_add(imm) & !1)?;
                self.set_x(rd, next);
                return Ok(target);
            }
            Beq => return self.branch(rs1 == rs2, pc, imm, next),
            Bne => return self.branch(rs1 != rs2, pc, imm, next),
            Blt => return self.branch((rs1 as i64) < (rs2 as i64), pc, imm, next),
            Bge => return self.branch((rs1 as i64) >= (rs2 as i64), pc, imm, next),
            Bltu => return self.branch(rs1 < rs2, pc, imm, next),
            Bgeu => return self.branch(rs1 >= rs2, pc, imm, next),
            Lb => {
                let v = self.load_via::<u8>(bus, i.rs1, imm)?;
                self.set_x(rd, v as i8 as i64 as u64)
            }
            Lh => {
                let v = self.load_via::<u16>(bus, i.rs1, imm)?;
                self.set_x(rd, v as i16 as i64 as u64)
            }
            Lw => {
                let v = self.load_via::<u32>(bus, i.rs1, imm)?;
                self.set_x(rd, v as i32 as i64 as u64)
            }
            Ld => {
                let v = self.load_via::<u64>(bus, i.rs1, imm)?;
                self.set_x(rd, v)
            }
            Lbu => {
                let v = self.load_via::<u8>(bus, i.rs1, imm)?;
                self.set_x(rd, v as u64)
            }
            Lhu => {
                let v = self.load_via::<u16>(bus, i.rs1, imm)?;
                self.set_x(rd, v as u64)
            }
            Lwu => {
                let v = self.load_via::<u32>(bus, i.rs1, imm)?;
                self.set_x(rd, v as u64)
            }
            Sb => self.store_via(bus, i.rs1, imm, rs2 as u8)?,
            Sh => self.store_via(bus, i.rs1, imm, rs2 as u16)?,
            Sw => self.store_via(bus, i.rs1, imm, rs2 as u32)?,
            Sd => self.store_via(bus, i.rs1, imm, rs2)?,
            Addi => self.set_x(rd, rs1.wrapping_add(imm)),
            Slti => self.set_x(rd, ((rs1 as i64) < (imm as i64)) as u64),
            Sltiu => self.set_x(rd, (rs1 < imm) as u64),
            Xori => self.set_x(rd, rs1 ^ imm),
            Ori => self.set_x(rd, rs1 | imm),
            Andi => self.set_x(rd, rs1 & imm),
            Slli => self.set_x(rd, rs1 << (imm & 63)),
            Srli => self.set_x(rd, rs1 >> (imm & 63)),
            Srai => self.set_x(rd, ((rs1 as i64) >> (imm & 63)) as u64),
            Add => self.set_x(rd, rs1.wrapping_add(rs2)),
            Sub => self.set_x(rd, rs1.wrapping_sub(rs2)),
            Sll => self.set_x(rd, rs1 << (rs2 & 63)),
            Slt => self.set_x(rd, ((rs1 as i64) < (rs2 as i64)) as u64),
            Sltu => self.set_x(rd, (rs1 < rs2) as u64),
            Xor => self.set_x(rd, rs1 ^ rs2),
            Srl => self.set_x(rd, rs1 >> (rs2 & 63)),
            Sra => self.set_x(rd, ((rs1 as i64) >> (rs2 & 63)) as u64),
            Or => self.set_x(rd, rs1 | rs2),
            And => self.set_x(rd, rs1 & rs2),
            Addiw => self.set_x(rd, sext32(rs1.wrapping_add(imm))),
            Slliw => self.set_x(rd, sext32(((rs1 as u32) << (imm & 31)) as u64)),
            Srliw => self.set_x(rd, sext32(((rs1 as u32) >> (imm & 31)) as u64)),
            Sraiw => self.set_x(rd, ((rs1 as i32) >> (imm & 31)) as i64 as u64),
            Addw => self.set_x(rd, sext32(rs1.wrapping_add(rs2))),
            Subw => self.set_x(rd, sext32(rs1.wrapping_sub(rs2))),
            Sllw => self.set_x(rd, sext32(((rs1 as u32) << (rs2 & 31)) as u64)),
            Srlw => self.set_x(rd, sext32(((rs1 as u32) >> (rs2 & 31)) as u64)),
            Sraw => self.set_x(rd, ((rs1 as i32) >> (rs2 & 31)) as i64 as u64),
            // Single hart, in-order, no caches: fences order nothing further. FENCE.I needs no
            // work either, because the decode cache checks the instruction bits on every fetch.
            Fence | FenceI => {}
            Ecall => {
                return Err(Trap::new(
                    if self.privilege == Priv::User { cause::ECALL_FROM_U } else { cause::ECALL_FROM_M },
                    0,
                ))
            }
            // mtval = the pc of the EBREAK (Sail, QEMU).
            Ebreak => return Err(Trap::new(cause::BREAKPOINT, pc)),
            Mret => return self.mret(),
            Wfi => self.wfi(bus)?,
            Csrrw => self.csr_op(bus, rd, i.imm, i.rs1, rs1, CsrOp::Write)?,
            Csrrs => self.csr_op(bus, rd, i.imm, i.rs1, rs1, CsrOp::Set)?,
            Csrrc => self.csr_op(bus, rd, i.imm, i.rs1, rs1, CsrOp::Clear)?,
            Csrrwi => self.csr_op(bus, rd, i.imm, i.rs1, i.rs1 as u64, CsrOp::Write)?,
            Csrrsi => self.csr_op(bus, rd, i.imm, i.rs1, i.rs1 as u64, CsrOp::Set)?,
            Csrrci => self.csr_op(bus, rd, i.imm, i.rs1, i.rs1 as u64, CsrOp::Clear)?,
            Mul => self.set_x(rd, rs1.wrapping_mul(rs2)),
            Mulh => self.set_x(rd, ((rs1 as i64 as i128 * rs2 as i64 as i128) >> 64) as u64),
            Mulhsu => self.set_x(rd, ((rs1 as i64 as i128).wrapping_mul(rs2 as i128) >> 64) as u64),
            Mulhu => self.set_x(rd, ((rs1 as u128 * rs2 as u128) >> 64) as u64),
            // Division by zero and overflow do not trap (spec §7.2): x/0 = -1, x%0 = x,
            // MIN/-1 = MIN, MIN%-1 = 0.
            Div => self.set_x(rd, if rs2 == 0 { u64::MAX } else { (rs1 as i64).wrapping_div(rs2 as i64) as u64 }),
            Divu => self.set_x(rd, rs1.checked_div(rs2).unwrap_or(u64::MAX)),
            Rem => self.set_x(rd, if rs2 == 0 { rs1 } else { (rs1 as i64).wrapping_rem(rs2 as i64) as u64 }),
            Remu => self.set_x(rd, rs1.checked_rem(rs2).unwrap_or(rs1)),
            Mulw => self.set_x(rd, sext32(rs1.wrapping_mul(rs2))),
            Divw => {
                let (a, b) = (rs1 as i32, rs2 as i32);
                self.set_x(rd, if b == 0 { u64::MAX } else { a.wrapping_div(b) as i64 as u64 })
            }
            Divuw => {
                let (a, b) = (rs1 as u32, rs2 as u32);
                self.set_x(rd, sext32(a.checked_div(b).unwrap_or(u32::MAX) as u64))
            }
            Remw => {
                let (a, b) = (rs1 as i32, rs2 as i32);
                self.set_x(rd, if b == 0 { a as i64 as u64 } else { a.wrapping_rem(b) as i64 as u64 })
            }
            Remuw => {
                let (a, b) = (rs1 as u32, rs2 as u32);
                self.set_x(rd, sext32(a.checked_rem(b).unwrap_or(a) as u64))
            }
            LrW => {
                self.load_reserved::<u32>(bus, rd, self.authorize(Via::Mode, i.rs1, 0, u32::SIZE, Perms::LOAD)?.0)?
            }
            LrD => {
                self.load_reserved::<u64>(bus, rd, self.authorize(Via::Mode, i.rs1, 0, u64::SIZE, Perms::LOAD)?.0)?
            }
            ScW => self.store_conditional::<u32>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u32::SIZE, self.sc_perms())?.0,
                rs2,
            )?,
            ScD => self.store_conditional::<u64>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u64::SIZE, self.sc_perms())?.0,
                rs2,
            )?,
            AmoswapW => self.amo::<u32>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u32::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |_, b| b,
            )?,
            AmoaddW => self.amo::<u32>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u32::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| a.wrapping_add(b),
            )?,
            AmoxorW => self.amo::<u32>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u32::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| a ^ b,
            )?,
            AmoandW => self.amo::<u32>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u32::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| a & b,
            )?,
            AmoorW => self.amo::<u32>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u32::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| a | b,
            )?,
            AmominW => self.amo::<u32>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u32::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| (a as i32).min(b as i32) as u64,
            )?,
            AmomaxW => self.amo::<u32>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u32::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| (a as i32).max(b as i32) as u64,
            )?,
            AmominuW => self.amo::<u32>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u32::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| (a as u32).min(b as u32) as u64,
            )?,
            AmomaxuW => self.amo::<u32>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u32::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| (a as u32).max(b as u32) as u64,
            )?,
            AmoswapD => self.amo::<u64>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u64::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |_, b| b,
            )?,
            AmoaddD => self.amo::<u64>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u64::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| a.wrapping_add(b),
            )?,
            AmoxorD => self.amo::<u64>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u64::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| a ^ b,
            )?,
            AmoandD => self.amo::<u64>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u64::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| a & b,
            )?,
            AmoorD => self.amo::<u64>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u64::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| a | b,
            )?,
            AmominD => self.amo::<u64>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u64::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| (a as i64).min(b as i64) as u64,
            )?,
            AmomaxD => self.amo::<u64>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u64::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| (a as i64).max(b as i64) as u64,
            )?,
            AmominuD => self.amo::<u64>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u64::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| a.min(b),
            )?,
            AmomaxuD => self.amo::<u64>(
                bus,
                rd,
                self.authorize(Via::Mode, i.rs1, 0, u64::SIZE, Perms::LOAD | Perms::STORE)?.0,
                rs2,
                |a, b| a.max(b),
            )?,
            // Compressed opcodes are expanded before they get here.
            CAddi4spn | CLw | CLd | CSw | CSd | CNop | CAddi | CAddiw | CLi | CAddi16sp | CLui | CSrli | CSrai
            | CAndi | CSub | CXor | COr | CAnd | CSubw | CAddw | CJ | CBeqz | CBnez | CSlli | CLwsp | CLdsp | CJr
            | CMv | CEbreak | CJalr | CAdd | CSwsp | CSdsp => return Err(self.illegal_v8(idx)),
            // Xcheri: a second dispatch, so base instructions pay nothing for it.
            _ => return self.execute_cheri(bus, idx, pc),
        }
        Ok(next)
    }

    /// The permission SC.W/SC.D need: Store (Sail), Load under v8 (QEMU-CHERI checks Load).
    #[inline(never)]
    fn sc_perms(&self) -> Perms {
        if self.cheri.v8() {
            Perms::LOAD
        } else {
            Perms::STORE
        }
    }

    /// An illegal instruction; under v8 a compressed one reports 32 bits in mtval, as
    /// QEMU-CHERI 6.0 does (0 lets the run loop fill in the instruction's own bits).
    /// (The instruction is read from its cache slot `idx`: touching the executor's copy would
    /// make every instruction load all of it.)
    #[cold]
    #[inline(never)]
    fn illegal_v8(&self, idx: usize) -> Trap {
        let i = self.decoded(idx);
        if self.cheri.v8() && i.len == 2 {
            Trap::illegal(i.raw as u64)
        } else {
            Trap::illegal(0)
        }
    }

    #[inline(always)]
    fn branch(&self, taken: bool, pc: u64, offset: u64, next: u64) -> Result<u64, Trap> {
        if taken {
            self.check_target(pc.wrapping_add(offset))
        } else {
            Ok(next)
        }
    }

    /// The Xcheri memory instructions: capability loads and stores in both encodings, the
    /// capability and byte/halfword atomics, and the explicit-authority forms (spec §4.8).
    #[inline(never)]
    pub(super) fn execute_cheri_memory(&mut self, bus: &mut Bus, i: Decoded, pc: u64) -> Result<u64, Trap> {
        use Opcode::*;
        let next = pc.wrapping_add(i.len as u64);
        let (rd, rs1, rs2) = (i.rd, i.rs1, i.rs2);
        let imm = i.imm as i64 as u64;
        let (load, store) = (Perms::LOAD, Perms::STORE);
        // The explicit forms name their authority (spec §4.8.3).
        let via = if matches!(
            i.op,
            LbCap
                | LhCap
                | LwCap
                | LdCap
                | LbuCap
                | LhuCap
                | LwuCap
                | LrBCap
                | LrHCap
                | LrWCap
                | LrDCap
                | LrCCap
                | LcCap
                | SbCap
                | ShCap
                | SwCap
                | SdCap
                | ScCap
                | ScBCap
                | ScHCap
                | ScWCap
                | ScDCap
                | ScCCap
        ) {
            Via::Cap
        } else {
            Via::Ddc
        };
        match i.op {
            Lc => {
                let (ea, auth) = self.authorize(Via::Mode, rs1, imm, 16, load)?;
                let c = self.load_cap(bus, ea, auth)?;
                self.set_cap(rd, c);
            }
            Sc => self.cap_store(bus, Via::Mode, rs1, imm, self.cap(rs2))?,
            LcDdc | LcCap => {
                let (ea, auth) = self.authorize(via, rs1, 0, 16, load)?;
                let c = self.load_cap(bus, ea, auth)?;
                self.set_cap(rd, c);
            }
            ScDdc | ScCap => self.cap_store(bus, via, rs1, 0, self.cap(rs2))?,
            LbDdc | LbCap => {
                let (ea, _) = self.authorize(via, rs1, 0, 1, load)?;
                let v = self.load::<u8>(bus, ea)?;
                self.set_x(rd, sign_extend(v as u64, 1));
            }
            LhDdc | LhCap => {
                let (ea, _) = self.authorize(via, rs1, 0, 2, load)?;
                let v = self.load::<u16>(bus, ea)?;
                self.set_x(rd, sign_extend(v as u64, 2));
            }
            LwDdc | LwCap => {
                let (ea, _) = self.authorize(via, rs1, 0, 4, load)?;
                let v = self.load::<u32>(bus, ea)?;
                self.set_x(rd, sign_extend(v as u64, 4));
            }
            LdDdc | LdCap => {
                let (ea, _) = self.authorize(via, rs1, 0, 8, load)?;
                let v = self.load::<u64>(bus, ea)?;
                self.set_x(rd, v);
            }
            LbuDdc | LbuCap => {
                let (ea, _) = self.authorize(via, rs1, 0, 1, load)?;
                let v = self.load::<u8>(bus, ea)?;
                self.set_x(rd, v as u64);
            }
            LhuDdc | LhuCap => {
                let (ea, _) = self.authorize(via, rs1, 0, 2, load)?;
                let v = self.load::<u16>(bus, ea)?;
                self.set_x(rd, v as u64);
            }
            LwuDdc | LwuCap => {
                let (ea, _) = self.authorize(via, rs1, 0, 4, load)?;
                let v = self.load::<u32>(bus, ea)?;
                self.set_x(rd, v as u64);
            }
            SbDdc | SbCap => {
                let (ea, _) = self.authorize(via, rs1, 0, 1, store)?;
                self.store(bus, ea, self.x(rs2) as u8)?;
            }
            ShDdc | ShCap => {
                let (ea, _) = self.authorize(via, rs1, 0, 2, store)?;
                self.store(bus, ea, self.x(rs2) as u16)?;
            }
            SwDdc | SwCap => {
                let (ea, _) = self.authorize(via, rs1, 0, 4, store)?;
                self.store(bus, ea, self.x(rs2) as u32)?;
            }
            SdDdc | SdCap => {
                let (ea, _) = self.authorize(via, rs1, 0, 8, store)?;
                self.store(bus, ea, self.x(rs2))?;
            }
            // Byte and halfword LR/SC (added by CHERI), standard encoding: by mode.
            LrB => self.lr_any(bus, Via::Mode, rd, rs1, 1)?,
            LrH => self.lr_any(bus, Via::Mode, rd, rs1, 2)?,
            ScB => self.sc_any(bus, Via::Mode, rd, rs1, self.x(rs2), 1)?,
            ScH => self.sc_any(bus, Via::Mode, rd, rs1, self.x(rs2), 2)?,
            LrBDdc | LrBCap => self.lr_any(bus, via, rd, rs1, 1)?,
            LrHDdc | LrHCap => self.lr_any(bus, via, rd, rs1, 2)?,
            LrWDdc | LrWCap => self.lr_any(bus, via, rd, rs1, 4)?,
            LrDDdc | LrDCap => self.lr_any(bus, via, rd, rs1, 8)?,
            // The explicit store-conditionals have no rd: the flag overwrites the data
            // register (spec §4.8.3, §9.33), x0 through the sink (only rd is rewritten by
            // the decode cache; a flag written to x[0] made x0 nonzero: found by fuzzing).
            ScBDdc | ScBCap => self.sc_any(bus, via, flag_reg(rs2), rs1, self.x(rs2), 1)?,
            ScHDdc | ScHCap => self.sc_any(bus, via, flag_reg(rs2), rs1, self.x(rs2), 2)?,
            ScWDdc | ScWCap => self.sc_any(bus, via, flag_reg(rs2), rs1, self.x(rs2), 4)?,
            ScDDdc | ScDCap => self.sc_any(bus, via, flag_reg(rs2), rs1, self.x(rs2), 8)?,
            LrC => self.lr_cap(bus, Via::Mode, rd, rs1)?,
            LrCDdc | LrCCap => self.lr_cap(bus, via, rd, rs1)?,
            ScC => self.sc_cap(bus, Via::Mode, rd, rs1, rs2, self.cap(rs2))?,
            ScCDdc | ScCCap => self.sc_cap(bus, via, flag_reg(rs2), rs1, rs2, self.cap(rs2))?,
            AmoswapC => {
                let value = self.cap(rs2);
                let (ea, auth) = self.authorize(Via::Mode, rs1, 0, 16, load | store)?;
                self.check_stored_cap_atomic(Via::Mode, rs1, rs2, ea, value)?;
                // An AMO's misalignment is a store/AMO exception (6), not the load's (4).
                if ea & 15 != 0 {
                    return Err(Trap::new(cause::STORE_MISALIGNED, ea));
                }
                let old = self.load_cap(bus, ea, auth)?;
                self.store_cap(bus, ea, value)?;
                self.set_cap(rd, old);
            }
            _ => return Err(Trap::illegal(0)),
        }
        Ok(next)
    }

    /// The StoreCap/StoreLocalCap rules for storing `value` through the access's authority.
    fn check_stored_cap(&self, via: Via, rs1: u8, ea: u64, value: Capability) -> Result<(), Trap> {
        if !self.cheri.enabled() {
            return Ok(());
        }
        let (auth, idx) = if via == Via::Ddc || (via == Via::Mode && !self.cheri.cap_mode) {
            (self.cheri.ddc, IDX_DDC)
        } else {
            (self.cap(rs1), rs1)
        };
        check_cap_store(auth, idx, ea, value)
    }

    fn cap_store(&mut self, bus: &mut Bus, via: Via, rs1: u8, imm: u64, value: Capability) -> Result<(), Trap> {
        let by_cap = via == Via::Cap || (via == Via::Mode && self.cheri.cap_mode);
        let base = if by_cap { self.cap(rs1).address() } else { self.x(rs1).wrapping_add(self.cheri.ddc_reloc) };
        let ea = base.wrapping_add(imm);
        self.check_stored_cap(via, rs1, ea, value)?;
        self.store_cap(bus, ea, value)
    }

    fn lr_any(&mut self, bus: &mut Bus, via: Via, rd: u8, rs1: u8, size: u64) -> Result<(), Trap> {
        let (ea, _) = self.authorize(via, rs1, 0, size, Perms::LOAD)?;
        match size {
            1 => self.load_reserved::<u8>(bus, rd, ea),
            2 => self.load_reserved::<u16>(bus, rd, ea),
            4 => self.load_reserved::<u32>(bus, rd, ea),
            _ => self.load_reserved::<u64>(bus, rd, ea),
        }
    }

    fn sc_any(&mut self, bus: &mut Bus, via: Via, rd: u8, rs1: u8, value: u64, size: u64) -> Result<(), Trap> {
        let need = if size >= 4 { self.sc_perms() } else { Perms::STORE };
        let (ea, _) = self.authorize(via, rs1, 0, size, need)?;
        match size {
            1 => self.store_conditional::<u8>(bus, rd, ea, value),
            2 => self.store_conditional::<u16>(bus, rd, ea, value),
            4 => self.store_conditional::<u32>(bus, rd, ea, value),
            _ => self.store_conditional::<u64>(bus, rd, ea, value),
        }
    }

    fn lr_cap(&mut self, bus: &mut Bus, via: Via, rd: u8, rs1: u8) -> Result<(), Trap> {
        let (ea, auth) = self.authorize(via, rs1, 0, 16, Perms::LOAD)?;
        if self.cheri.v8() && ea & 15 != 0 {
            // QEMU-CHERI raises a store/AMO misaligned exception (spec §10).
            return Err(Trap::new(cause::STORE_MISALIGNED, ea));
        }
        let c = self.load_cap(bus, ea, auth)?;
        self.reservation = Some(ea);
        if self.cheri.v8() {
            self.cheri.lr_cap = Self::raw_cap_at(bus, ea);
        }
        self.set_cap(rd, c);
        Ok(())
    }

    /// The capability in memory at `ea` with its memory tag (v8's SC.C comparison).
    fn raw_cap_at(bus: &Bus, ea: u64) -> Capability {
        match bus.dram.offset(ea, 16) {
            Some(off) => {
                Capability::from_memory(bus.dram.tag(off), bus.dram.read::<u64>(off + 8), bus.dram.read::<u64>(off))
            }
            None => Capability::NULL,
        }
    }

    /// The StoreCap/StoreLocalCap rules of SC.C and AMOSWAP.C: as [`check_cap_store`] under
    /// v9; under v8 QEMU-CHERI needs StoreCap even for an untagged value and reports a
    /// StoreLocalCap violation against the data register `cs2` (spec §10).
    fn check_stored_cap_atomic(&self, via: Via, rs1: u8, cs2: u8, ea: u64, value: Capability) -> Result<(), Trap> {
        if !self.cheri.v8() {
            return self.check_stored_cap(via, rs1, ea, value);
        }
        let (auth, idx) = if via == Via::Ddc || (via == Via::Mode && !self.cheri.cap_mode) {
            (self.cheri.ddc, IDX_DDC)
        } else {
            (self.cap(rs1), rs1)
        };
        let p = auth.perms();
        let fail = if !auth.tag() {
            Some((capex::TAG, idx))
        } else if auth.is_sealed() {
            Some((capex::SEAL, idx))
        } else if !p.contains(Perms::STORE) {
            Some((capex::PERMIT_STORE, idx))
        } else if !p.contains(Perms::STORE_CAP) {
            Some((capex::PERMIT_STORE_CAP, idx))
        } else if value.tag() && !value.perms().contains(Perms::GLOBAL) && !p.contains(Perms::STORE_LOCAL_CAP) {
            Some((capex::PERMIT_STORE_LOCAL_CAP, cs2))
        } else if !auth.in_bounds(ea, 16) {
            Some((capex::LENGTH, idx))
        } else {
            None
        };
        match fail {
            Some((code, i)) => Err(Trap::cheri(code, i)),
            None => Ok(()),
        }
    }

    /// SC.C: as SC, with a capability; the 0/1 flag is an integer in `rd`.
    fn sc_cap(&mut self, bus: &mut Bus, via: Via, rd: u8, rs1: u8, cs2: u8, value: Capability) -> Result<(), Trap> {
        let (ea, _) = self.authorize(via, rs1, 0, 16, Perms::STORE)?;
        self.check_stored_cap_atomic(via, rs1, cs2, ea, value)?;
        if ea & 15 != 0 {
            return Err(Trap::new(cause::STORE_MISALIGNED, ea));
        }
        let mut reserved = self.reservation.take() == Some(ea);
        if reserved && self.cheri.v8() {
            // QEMU-CHERI compares memory with what LR.C loaded (tag included).
            reserved = Self::raw_cap_at(bus, ea).equal_exact(self.cheri.lr_cap);
        }
        if !reserved {
            self.set_x(rd, 1);
            return Ok(());
        }
        self.store_cap(bus, ea, value)?;
        self.set_x(rd, 0);
        Ok(())
    }

    /// MRET (privileged spec §3.3.2): back to mstatus.MPP with MIE = MPIE.
    #[inline(never)]
    fn mret(&mut self) -> Result<u64, Trap> {
        if self.privilege != Priv::Machine {
            return Err(Trap::illegal(0));
        }
        self.check_asr()?;
        let to = self.csr.mpp();
        self.csr.set_mie_enabled(self.csr.mpie());
        self.csr.set_mpie(true);
        self.csr.set_mpp(Priv::User);
        if to != Priv::Machine {
            self.csr.clear_mprv();
        }
        self.privilege = to;
        self.reservation = None;
        self.end_slice();
        // PCC := MEPCC, a sentry unsealed (spec §7.3).
        Ok(self.cheri_mret())
    }

    /// WFI: in U mode it is illegal (as on QEMU; the spec allows it when no S mode exists).
    /// In M mode it waits unless an interrupt enabled in mie is already pending.
    #[inline(never)]
    fn wfi(&mut self, bus: &Bus) -> Result<(), Trap> {
        if self.privilege == Priv::User {
            return Err(Trap::illegal(0));
        }
        if !self.wakeup_pending(bus) {
            self.waiting = true;
            self.end_slice();
        }
        Ok(())
    }
}

#[derive(Copy, Clone, PartialEq, Eq)]
enum CsrOp {
    Write,
    Set,
    Clear,
}
