//! The `hart_step` target: arbitrary instruction words run from an arbitrary register and
//! capability state, under v9 and v8 semantics, in M or U mode, in integer or capability
//! encoding mode. The hart must never panic, x0 must stay 0, and until the first trap
//! (which installs MTCC, the root) every tagged capability in the register file, DDC and
//! PCC must lie within, and carry no permission beyond, one of the capabilities the run
//! started with: CHERI's monotonicity (spec §1.4), checked after every instruction. Memory
//! starts without tags, so loads can only bring back what stores put there.

use arbitrary::Arbitrary;
use cheri_cap::{Capability, Perms};
use sim_core::bus::DRAM_BASE;
use sim_core::hart::{Priv, Semantics};
use sim_core::{Exit, Machine, MachineConfig};

use crate::oracle::Finding;

const DRAM: u64 = 1 << 20;
/// Where the words go, and the area the initial capabilities are carved from.
const CODE: u64 = DRAM_BASE + 0x1000;
const AREA: u64 = DRAM_BASE + 0x1_0000;
const AREA_SIZE: u64 = 0x1_0000;
pub const MAX_WORDS: usize = 32;

/// A capability carved from root: bounds inside the data area, some permissions, an
/// address near them, optionally sealed or untagged.
#[derive(Arbitrary, Copy, Clone, Debug)]
pub struct CapSpec {
    pub off: u16,
    pub len: u16,
    pub perms: u16,
    pub addr: i16,
    pub seal: Option<u16>,
    pub untag: bool,
}

impl CapSpec {
    fn build(self) -> Capability {
        let base = AREA + self.off as u64 % AREA_SIZE;
        let c = Capability::ROOT.set_addr(base).set_bounds(self.len as u64).cap.and_perms(self.perms as u64);
        let c = c.set_addr(base.wrapping_add(self.addr as i64 as u64));
        let c = match self.seal {
            Some(t) => c.seal(Capability::ROOT.set_addr(t as u64 % 0x4_0000)),
            None => c,
        };
        if self.untag {
            c.clear_tag()
        } else {
            c
        }
    }
}

#[derive(Arbitrary, Copy, Clone, Debug)]
pub enum RegInit {
    Int(u64),
    Cap(CapSpec),
}

#[derive(Arbitrary, Clone, Debug)]
pub struct HartInput {
    pub v8: bool,
    pub machine_mode: bool,
    pub cap_mode: bool,
    /// PCC's permissions besides Execute (Load, ASR, ...).
    pub pcc_perms: u16,
    pub ddc: CapSpec,
    pub regs: Vec<(u8, RegInit)>,
    pub words: Vec<u32>,
}

/// Runs one input; the first broken property is the finding.
pub fn check(input: &HartInput) -> Result<(), Finding> {
    let semantics = if input.v8 { Semantics::V8 } else { Semantics::V9 };
    let config = MachineConfig { dram_size: DRAM, capture_output: true, stdin: false, cheri: semantics };
    let mut m = Machine::new(&config);
    let words: Vec<u32> = input.words.iter().take(MAX_WORDS).copied().collect();
    let code: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    let code_len = code.len() as u64 + 4;
    m.load_flat(CODE, &code).ok_or_else(|| Finding { kind: "hart-setup", detail: "code outside DRAM".into() })?;
    // PCC over the words; no ASR unless the input asks (then monotonicity is not checked).
    let pcc_perms =
        Perms::EXECUTE.bits() as u64 | (input.pcc_perms as u64 & !(Perms::ACCESS_SYSTEM_REGS.bits() as u64));
    let mut pcc = Capability::ROOT.set_addr(CODE).set_bounds(code_len).cap.and_perms(pcc_perms);
    if input.cap_mode {
        pcc = pcc.set_flags(1);
    }
    let ddc = input.ddc.build();
    let mut start = vec![pcc, ddc];
    m.hart.install_pcc(pcc);
    m.hart.pc = CODE;
    m.hart.set_ddc(ddc);
    for &(r, init) in input.regs.iter().take(31) {
        let r = 1 + r % 31;
        match init {
            RegInit::Int(v) => m.hart.set_reg(r, v),
            RegInit::Cap(spec) => {
                let c = spec.build();
                start.push(c);
                m.hart.set_cap(r, c);
            }
        }
    }
    m.hart.privilege = if input.machine_mode { Priv::Machine } else { Priv::User };
    // v8's user-mode SCRs (UTCC, UEPCC) start as root, as on QEMU-CHERI, and U mode may
    // read them: under v8 root is a starting capability too.
    if input.v8 {
        start.push(Capability::ROOT);
    }
    let authorities: Vec<Capability> = start.into_iter().filter(|c| c.tag()).collect();

    for step in 0..words.len() + 4 {
        let traps = m.hart.traps;
        let exit = m.run(Some(1));
        if m.hart.x(0) != 0 {
            return Err(Finding { kind: "hart-x0", detail: format!("x0 = {:#x} after step {step}", m.hart.x(0)) });
        }
        if m.hart.traps != traps || exit != Exit::StepLimit {
            break;
        }
        let mut held: Vec<(String, Capability)> = (1..32).map(|r| (format!("c{r}"), m.hart.cap(r))).collect();
        held.push(("DDC".into(), m.hart.cheri.ddc));
        held.push(("PCC".into(), m.hart.cheri.pcc));
        for (name, c) in held.into_iter().filter(|(_, c)| c.tag()) {
            let derived = authorities
                .iter()
                .any(|a| c.base() >= a.base() && c.top() <= a.top() && c.perms().difference(a.perms()) == Perms::NONE);
            if !derived {
                return Err(Finding {
                    kind: "hart-monotonicity",
                    detail: format!(
                        "after step {step} ({:#010x}): {name} = {c:?} is not within any starting capability {authorities:?}",
                        words.get(step).copied().unwrap_or(0)
                    ),
                });
            }
        }
    }
    Ok(())
}
