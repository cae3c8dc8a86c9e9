//! Region markers: the one mechanism by which `capvm bench paper` measures (see
//! `guest-images/include/bench.h` for the target side).
//!
//! A guest brackets each measured region with `slti x0, x0, ID` (`BENCH_MARK(ID)`), a HINT
//! from the range the RISC-V unprivileged spec designates for custom use: architecturally a
//! no-op on every RISC-V machine, one ALU instruction, usable in U and M mode alike. The
//! [`Markers`] observer runs behind the timing model (it sees every event stamped with the
//! model's cycle) and records, at each marker, that cycle and the instructions retired so far.
//! A region is a BEGIN marker (even id) and the next END marker (id + 1); its cost is what
//! happened strictly between them: the instructions retired in between (the monitor's
//! included, when the region crosses into it), and the cycles between the two markers
//! entering execute, less the one cycle of the BEGIN marker itself, so an empty region costs
//! 0 cycles and 0 instructions under the atomic model.

use sim_core::hart::Priv;
use sim_core::observer::{MemKind, Needs, Observer, Retired, TrapTaken};

/// Region ids (BEGIN; END = BEGIN + 1), as in `guest-images/include/bench.h`.
pub const COMPUTE: u16 = 2;
pub const FUNC_CALL: u16 = 4;
pub const ECALL_NULL: u16 = 6;
pub const CINVOKE_NULL: u16 = 8;
pub const CAP_CALL: u16 = 10;
pub const TRANSFER: u16 = 12;
pub const KV_SET: u16 = 14;
pub const KV_GET: u16 = 16;
pub const COMPUTE_LIST: u16 = 18;
pub const COMPUTE_MATRIX: u16 = 20;
pub const COMPUTE_STATE: u16 = 22;
pub const COMPUTE_CRC: u16 = 24;

/// `slti x0, x0, imm`: opcode OP-IMM (0x13), funct3 2, rd = rs1 = x0; the immediate is in
/// bits 31:20. Compressed instructions carry 16 significant bits, so a nonzero immediate
/// cannot match one.
const MARKER_LOW20: u32 = 0x0_2013;

/// One marker as the observer saw it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub id: u16,
    /// The timing model's cycle when the marker entered execute.
    pub cycle: u64,
    /// Instructions retired up to and including the marker.
    pub insns: u64,
    /// Traps taken before the marker (exceptions and interrupts).
    pub traps: u64,
    /// Bytes stored before the marker in U mode (cVMs) and in M mode (the monitor).
    pub stored_u: u64,
    pub stored_m: u64,
    /// Cycles spent in M mode (the monitor) before the marker.
    pub m_cycles: u64,
    /// The marker itself ran in U mode.
    pub user: bool,
}

/// The observer that collects markers.
#[derive(Default, Debug)]
pub struct Markers {
    retired: u64,
    traps: u64,
    /// Bytes stored, by privilege (`Priv as usize`: U = 0, M = 3): how the sharing scenario
    /// shows who copied the payload, and how often.
    stored: [u64; 4],
    /// Where the hart is (false: M mode, where it starts) and since which cycle, and the
    /// cycles of the M-mode stretches that ended: the monitor's share of a region.
    in_user: bool,
    since: u64,
    m_cycles: u64,
    pub marks: Vec<Mark>,
}

impl Observer for Markers {
    /// The raw instruction, the privilege and the cycle stamp are always there; the memory
    /// access is read for the stored-bytes counts.
    const NEEDS: Needs = Needs { mem: true, ..Needs::NONE };
    #[inline]
    fn retired(&mut self, ev: &Retired) {
        self.retired += 1;
        if (ev.privilege == Priv::User) != self.in_user {
            self.switch(ev.cycle, ev.privilege == Priv::User);
        }
        if let Some(m) = ev.mem {
            if m.kind != MemKind::Load {
                self.stored[ev.privilege as usize & 3] += m.size as u64;
            }
        }
        if ev.raw & 0xf_ffff == MARKER_LOW20 && ev.raw >> 20 != 0 {
            self.mark(ev);
        }
    }
    fn trap(&mut self, ev: &TrapTaken) {
        self.traps += 1;
        // Every trap is taken into M mode (there is no S mode to delegate to).
        if self.in_user {
            self.switch(ev.cycle, false);
        }
    }
}

impl Markers {
    #[cold]
    fn switch(&mut self, at: u64, user: bool) {
        if !self.in_user {
            self.m_cycles += at.saturating_sub(self.since);
        }
        self.in_user = user;
        self.since = at;
    }

    #[cold]
    fn mark(&mut self, ev: &Retired) {
        // A negative immediate (bit 31 set) is no id of ours; it is recorded as such and
        // never pairs with anything, since ids are at most 2047.
        let id = (ev.raw >> 20) as u16;
        self.marks.push(Mark {
            id,
            cycle: ev.cycle,
            insns: self.retired,
            traps: self.traps,
            stored_u: self.stored[Priv::User as usize],
            stored_m: self.stored[Priv::Machine as usize],
            m_cycles: self.m_cycles + if self.in_user { 0 } else { ev.cycle.saturating_sub(self.since) },
            user: self.in_user,
        });
    }

    /// Every region that begins with `begin` and ends with `begin + 1`, in order. A BEGIN
    /// followed by anything but its END (another marker of the same region, or the end of
    /// the run) is an error: the guest did not bracket what it claims to.
    pub fn regions(&self, begin: u16) -> Result<Vec<Sample>, String> {
        let mut out = Vec::new();
        let mut open: Option<&Mark> = None;
        for m in &self.marks {
            if m.id == begin {
                if open.is_some() {
                    return Err(format!("region {begin}: BEGIN twice without END"));
                }
                open = Some(m);
            } else if m.id == begin + 1 {
                let Some(b) = open.take() else {
                    return Err(format!("region {begin}: END without BEGIN"));
                };
                out.push(Sample {
                    cycles: m.cycle.saturating_sub(b.cycle).saturating_sub(1),
                    insns: m.insns - b.insns - 1,
                    traps: m.traps - b.traps,
                    stored_u: m.stored_u - b.stored_u,
                    stored_m: m.stored_m - b.stored_m,
                    // Less the BEGIN's own cycle, as for `cycles`, when it ran in M mode.
                    m_cycles: (m.m_cycles - b.m_cycles).saturating_sub(!b.user as u64),
                });
            }
        }
        if open.is_some() {
            return Err(format!("region {begin}: the run ended inside it"));
        }
        Ok(out)
    }
}

/// The cost of one region.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Sample {
    pub cycles: u64,
    pub insns: u64,
    /// Traps taken inside the region (hostcalls, timer interrupts...).
    pub traps: u64,
    /// Bytes stored inside the region by cVMs (U mode) and by the monitor (M mode).
    pub stored_u: u64,
    pub stored_m: u64,
    /// Cycles inside the region spent in M mode: the monitor's share.
    pub m_cycles: u64,
}

/// Repeated regions summarised: the first one (cold caches and predictor) apart, and the
/// median of the others (warm; the median, so that a rare timer interrupt inside one region
/// does not move the figure, while `max_cycles` still shows it).
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Summary {
    pub count: usize,
    pub cold: Sample,
    pub warm_cycles: u64,
    pub warm_insns: u64,
    /// The median of the warm regions' monitor (M-mode) cycles.
    pub warm_m_cycles: u64,
    pub min_cycles: u64,
    pub max_cycles: u64,
    /// Traps taken inside all the regions together.
    pub traps: u64,
}

impl Summary {
    pub fn of(samples: &[Sample]) -> Option<Summary> {
        let cold = *samples.first()?;
        let warm = if samples.len() > 1 { &samples[1..] } else { samples };
        let median = |f: fn(&Sample) -> u64| {
            let mut v: Vec<u64> = warm.iter().map(f).collect();
            v.sort_unstable();
            v[v.len() / 2]
        };
        Some(Summary {
            count: samples.len(),
            cold,
            warm_cycles: median(|s| s.cycles),
            warm_insns: median(|s| s.insns),
            warm_m_cycles: median(|s| s.m_cycles),
            min_cycles: samples.iter().map(|s| s.cycles).min().unwrap_or(0),
            max_cycles: samples.iter().map(|s| s.cycles).max().unwrap_or(0),
            traps: samples.iter().map(|s| s.traps).sum(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: u16, cycle: u64, insns: u64) -> Mark {
        Mark { id, cycle, insns, traps: 0, stored_u: 0, stored_m: 0, m_cycles: 0, user: true }
    }

    fn sample(cycles: u64, insns: u64) -> Sample {
        Sample { cycles, insns, traps: 0, stored_u: 0, stored_m: 0, m_cycles: 0 }
    }

    #[test]
    fn regions_pair_begin_with_end() {
        let k = Markers { marks: vec![m(4, 10, 5), m(5, 11, 6), m(4, 20, 10), m(5, 30, 18)], ..Default::default() };
        let r = k.regions(4).unwrap();
        assert_eq!(r[0], sample(0, 0));
        assert_eq!(r[1], sample(9, 7));
        let s = Summary::of(&r).unwrap();
        assert_eq!((s.count, s.warm_cycles, s.warm_insns, s.min_cycles, s.max_cycles), (2, 9, 7, 0, 9));
    }

    #[test]
    fn unbalanced_regions_are_errors() {
        let k = Markers { marks: vec![m(4, 10, 5), m(4, 11, 6)], ..Default::default() };
        assert!(k.regions(4).is_err());
        let k = Markers { marks: vec![m(5, 10, 5)], ..Default::default() };
        assert!(k.regions(4).is_err());
        let k = Markers { marks: vec![m(4, 10, 5)], ..Default::default() };
        assert!(k.regions(4).is_err());
    }

    #[test]
    fn the_marker_encoding_is_slti_x0() {
        assert_eq!(sim_core::isa::disassemble(MARKER_LOW20 | 6 << 20, 0), "slti\tzero,zero,6");
    }

    /// On the machine, under the atomic model: an empty region costs nothing, a region of
    /// two additions costs two instructions and two cycles, and nothing else is a marker.
    #[test]
    fn markers_on_the_machine_measure_exactly_what_lies_between() {
        use sim_core::isa::asm::Assembler;
        use sim_core::isa::{Insn, Opcode};
        use sim_core::timing::{Model, ModelKind, TimingConfig};
        let mut a = Assembler::new(0x8000_0000);
        let mark = |a: &mut Assembler, id: i32| a.emit(Insn::i(Opcode::Slti, 0, 0, id)).unwrap();
        a.emit(Insn::i(Opcode::Slti, 0, 0, 0)).unwrap(); // id 0: not a marker
        a.emit(Insn::i(Opcode::Slti, 1, 0, 4)).unwrap(); // rd = x1: not a marker
        mark(&mut a, 4);
        mark(&mut a, 5);
        mark(&mut a, 4);
        a.emit(Insn::i(Opcode::Addi, 1, 1, 1)).unwrap();
        a.emit(Insn::i(Opcode::Addi, 1, 1, 1)).unwrap();
        mark(&mut a, 5);
        a.li(5, 0x10_0000);
        a.li(6, 0x5555);
        a.emit(Insn::s(Opcode::Sw, 6, 5, 0)).unwrap(); // the test finisher: pass
        let code = a.finish().unwrap();
        let mut m = sim_core::Machine::new(&sim_core::MachineConfig { capture_output: true, ..Default::default() });
        m.load_flat(0x8000_0000, &code).unwrap();
        let mut k = Markers::default();
        let exit = Model::new(ModelKind::Atomic, &TimingConfig::default()).run(&mut m, Some(100), &mut k);
        assert_eq!(exit.status(), 0, "{exit:?}");
        assert_eq!(k.marks.iter().map(|m| m.id).collect::<Vec<_>>(), [4, 5, 4, 5]);
        let r = k.regions(4).unwrap();
        // The program runs in M mode: the whole region is the "monitor's".
        let m_mode = |c, i| Sample { m_cycles: c, ..sample(c, i) };
        assert_eq!(r, [m_mode(0, 0), m_mode(2, 2)]);
    }
}
