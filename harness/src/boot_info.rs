//! The `boot_info` target: arbitrary deployment files and boot-information tables.
//!
//! * Host side: any TOML text, or a deployment built from structured fields, goes through
//!   `Deployment::from_toml` and `plan`; they answer with a plan or one error, never a panic.
//!   A deployment `plan` accepts is booted: the monitor must accept its boot information
//!   (the host's checks and the monitor's agree) and run it without faulting or hanging.
//! * Monitor side: the boot information of a valid two-cVM deployment with arbitrary bytes
//!   overwritten is booted (from a snapshot taken at reset). The monitor must refuse a bad
//!   table cleanly (status 3) or run the cVMs (status 0 or 1); it must never fault (status
//!   4), hang, or accept a table whose cVM regions leave the table's DRAM, overlap the
//!   monitor's block or each other, or hold their code, entry, stack or arguments outside
//!   themselves.

use arbitrary::Arbitrary;
use monitor::abi::{BootInfo, BootInfoCvm, FieldInfo, MONITOR_BASE, MONITOR_SIZE};
use monitor::deploy::Deployment;
use sim_core::devices::FinisherStatus;
use sim_core::hart::{Priv, Semantics};
use sim_core::machine::Snapshot;
use sim_core::{Exit, Machine, MachineConfig};

use crate::hostcalls::{images_dir, DRAM_SIZE};
use crate::oracle::Finding;

/// The deployment whose boot information the table inputs patch: two small cVMs that exit.
pub const DEPLOYMENT: &str = r#"
[[capfiles]]
name = "shared"
size = 0x1000
data = "shared"

[[cvms]]
name = "alice"
image = "hello.elf"
args = "I am alice"
isolation = { base = 0x80208000, size = 0x10000 }
capfiles = ["shared"]

[[cvms]]
name = "bob"
image = "hello.elf"
isolation = { base = 0x80218000, size = 0x10000 }
"#;

const STEP_LIMIT: u64 = 1_000_000;
/// Images a structured or textual deployment may name (nothing else is read from disk).
const IMAGES: [&str; 4] = ["hello.elf", "peek.elf", "fuzz_attacker.elf", "no-such-image.elf"];

#[derive(Arbitrary, Clone, Debug)]
pub struct CvmSpec {
    pub name: u8,
    pub image: u8,
    pub base: u32,
    pub size: u32,
    pub args: String,
    pub capfiles: Vec<u8>,
}

#[derive(Arbitrary, Clone, Debug)]
pub struct CapfileSpec {
    pub name: u8,
    pub size: u32,
    pub data: Option<String>,
}

#[derive(Arbitrary, Clone, Debug)]
pub struct Patch {
    pub offset: u16,
    pub value: u64,
    /// 1, 2, 4 or 8 bytes (by the low two bits).
    pub width: u8,
}

#[derive(Arbitrary, Clone, Debug)]
pub enum BootInput {
    Toml(String),
    Structured { cvms: Vec<CvmSpec>, capfiles: Vec<CapfileSpec> },
    Table { patches: Vec<Patch> },
}

fn toml_string(s: &str) -> String {
    format!("{s:?}")
}

/// The deployment file a structured input stands for. Mostly plausible (distinct capfile
/// names, capfile references that exist, 4 KiB multiples), so that many reach `plan`'s
/// later checks and a good share are accepted and booted; some break each rule.
pub fn render(cvms: &[CvmSpec], capfiles: &[CapfileSpec]) -> String {
    let mut t = String::new();
    let capfiles = &capfiles[..capfiles.len().min(8)];
    // A name byte from 224 up reuses one of the eight names, which may clash.
    let capfile_name = |i: usize, f: &CapfileSpec| if f.name < 224 { i } else { f.name as usize % 8 };
    for (i, f) in capfiles.iter().enumerate() {
        t += &format!("[[capfiles]]\nname = \"f{}\"\nsize = {}\n", capfile_name(i, f), f.size);
        if let Some(d) = &f.data {
            t += &format!("data = {}\n", toml_string(d));
        }
    }
    for c in cvms.iter().take(20) {
        // Regions on 4 KiB steps above the monitor, most of them plausible.
        let base = 0x8000_0000u64 + (c.base as u64 % 0x900) * 0x1000;
        let size = c.size as u64 % 0x20_0000;
        let size = if c.size & 1 == 0 { size & !0xfff } else { size };
        // References by index, one past the last naming a capfile that does not exist.
        let names: Vec<String> =
            c.capfiles.iter().take(4).map(|i| format!("\"f{}\"", *i as usize % (capfiles.len() + 1))).collect();
        t += &format!(
            "[[cvms]]\nname = \"c{}\"\nimage = \"{}\"\nargs = {}\nisolation = {{ base = {base:#x}, size = {size:#x} }}\ncapfiles = [{}]\n",
            c.name % 24,
            IMAGES[c.image as usize % IMAGES.len()],
            toml_string(&c.args),
            names.join(", ")
        );
    }
    t
}

/// The machine booted from a snapshot taken at reset, with a table written before each run;
/// and a second one with only the monitor loaded, for the deployments `plan` accepts (two
/// machines, because a restore is cheap only from the snapshot a machine took last).
pub struct BootFuzzer {
    machine: Machine,
    reset: Snapshot,
    table: Vec<u8>,
    table_addr: u64,
    planned: Machine,
    bare: Snapshot,
}

fn field(fields: &[FieldInfo], name: &str) -> usize {
    let mut off = 0;
    for f in fields {
        if f.name == name {
            return off;
        }
        off += f.size;
    }
    panic!("the boot information has no field {name}")
}

fn read(t: &[u8], off: usize, len: usize) -> Option<u64> {
    let b = t.get(off..off + len)?;
    let mut v = [0u8; 8];
    v[..len].copy_from_slice(b);
    Some(u64::from_le_bytes(v))
}

/// Why an accepted table is bad, if it is (what the monitor promises to check).
pub fn table_problem(t: &[u8]) -> Option<String> {
    let h = |n: &str, len: usize| read(t, field(BootInfo::FIELDS, n), len);
    let (dram_base, dram_size) = (h("dram_base", 8)?, h("dram_size", 8)?);
    let (count, esize, off) = (h("cvm_count", 4)?, h("cvm_entry_size", 4)?, h("cvm_offset", 8)?);
    let mut regions: Vec<(u64, u64)> = Vec::new();
    for i in 0..count.min(64) {
        let e = off.checked_add(i.checked_mul(esize)?)? as usize;
        let f = |n: &str| read(t, e + field(BootInfoCvm::FIELDS, n), 8);
        let (base, size) = (f("region_base")?, f("region_size")?);
        let end = base.checked_add(size);
        let inside = |a: u64, n: u64| a >= base && a.checked_add(n).zip(end).is_some_and(|(x, e)| x <= e);
        let dram_end = dram_base.checked_add(dram_size);
        if end.is_none() || base < dram_base || end.zip(dram_end).is_none_or(|(e, d)| e > d) {
            return Some(format!("cVM {i}: region {base:#x}+{size:#x} outside the table's DRAM"));
        }
        if base < MONITOR_BASE + MONITOR_SIZE && end.is_some_and(|e| e > MONITOR_BASE) {
            return Some(format!("cVM {i}: region {base:#x}+{size:#x} overlaps the monitor"));
        }
        if base % 0x1000 != 0 || size == 0 {
            return Some(format!("cVM {i}: region {base:#x}+{size:#x} not 4 KiB aligned or empty"));
        }
        if let Some(&(b, s)) = regions.iter().find(|&&(b, s)| base < b + s && b < base + size) {
            return Some(format!("cVM {i}: region {base:#x}+{size:#x} overlaps {b:#x}+{s:#x}"));
        }
        let (cb, cs, entry) = (f("code_base")?, f("code_size")?, f("entry")?);
        let (stack, args, args_len) = (f("stack_top")?, f("args_addr")?, f("args_len")?);
        if !inside(cb, cs) || !inside(entry, 2) || !inside(stack.wrapping_sub(1), 1) || !inside(args, args_len) {
            return Some(format!("cVM {i}: code, entry, stack or arguments outside its region"));
        }
        regions.push((base, size));
    }
    None
}

impl BootFuzzer {
    pub fn new() -> Result<BootFuzzer, String> {
        let d = Deployment::from_toml(DEPLOYMENT).map_err(|e| format!("the boot_info deployment: {e}"))?;
        let plan = monitor::plan::plan(&d, &images_dir(), DRAM_SIZE).map_err(|e| format!("{e}"))?;
        let config = MachineConfig { dram_size: DRAM_SIZE, capture_output: true, stdin: false, cheri: Semantics::V9 };
        let mut planned = Machine::new(&config);
        planned.load_elf(monitor::MONITOR_ELF).map_err(|e| format!("the monitor image: {e}"))?;
        let bare = planned.snapshot();
        let mut m = Machine::new(&config);
        m.load_elf(monitor::MONITOR_ELF).map_err(|e| format!("the monitor image: {e}"))?;
        for load in &plan.loads {
            m.bus.dram.write_bytes(load.addr, &load.bytes).ok_or("a load lies outside DRAM")?;
        }
        m.hart.set_reg(11, plan.bootinfo_addr);
        let reset = m.snapshot();
        Ok(BootFuzzer { machine: m, reset, table: plan.bootinfo, table_addr: plan.bootinfo_addr, planned, bare })
    }

    /// Boots with `table`; the first broken property is the finding.
    pub fn boot(&mut self, table: &[u8]) -> Result<(Exit, String), Finding> {
        let m = &mut self.machine;
        m.restore(&self.reset);
        let _ = m.bus.dram.write_bytes(self.table_addr, table);
        run_boot(m, table, false)
    }

    /// Boots a deployment `plan` accepted: its images, its boot information.
    pub fn boot_plan(&mut self, plan: &monitor::plan::Plan) -> Result<(Exit, String), Finding> {
        let m = &mut self.planned;
        m.restore(&self.bare);
        for load in &plan.loads {
            if m.bus.dram.write_bytes(load.addr, &load.bytes).is_none() {
                return Err(Finding { kind: "boot-plan-outside-dram", detail: format!("a load at {:#x}", load.addr) });
            }
        }
        if m.bus.dram.write_bytes(plan.bootinfo_addr, &plan.bootinfo).is_none() {
            return Err(Finding { kind: "boot-plan-outside-dram", detail: "the boot information".into() });
        }
        m.hart.set_reg(11, plan.bootinfo_addr);
        run_boot(m, &plan.bootinfo, true)
    }
}

/// Runs a machine set up to boot `table` and checks what the monitor did with it. `planned`:
/// the table comes from a deployment `plan` accepted, which the monitor must accept too.
fn run_boot(m: &mut Machine, table: &[u8], planned: bool) -> Result<(Exit, String), Finding> {
    let exit = m.run(Some(STEP_LIMIT));
    let out = String::from_utf8_lossy(&m.take_output()).into_owned();
    let tail = || out.lines().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
    let refused = out.contains("boot information refused");
    match exit {
        Exit::Finisher(FinisherStatus::Fail(3)) if refused && planned => {
            return Err(Finding { kind: "boot-plan-refused", detail: tail() })
        }
        Exit::Finisher(FinisherStatus::Fail(3)) if refused => return Ok((exit, out)),
        Exit::Finisher(FinisherStatus::Pass) | Exit::Finisher(FinisherStatus::Fail(1)) => {}
        Exit::Finisher(FinisherStatus::Fail(4)) => return Err(Finding { kind: "boot-monitor-fault", detail: tail() }),
        Exit::StepLimit if m.hart.privilege == Priv::Machine => {
            return Err(Finding { kind: "boot-monitor-hang", detail: format!("pc {:#x}\n{}", m.hart.pc, tail()) })
        }
        Exit::StepLimit => {}
        other => {
            return Err(Finding { kind: "boot-unexpected-end", detail: format!("{}\n{}", other.describe(), tail()) })
        }
    }
    if let Some(why) = table_problem(table) {
        return Err(Finding { kind: "boot-accepted-bad-table", detail: format!("{why}\n{}", tail()) });
    }
    Ok((exit, out))
}

impl BootFuzzer {
    /// The valid table with the patches applied.
    pub fn patched(&self, patches: &[Patch]) -> Vec<u8> {
        let mut t = self.table.clone();
        for p in patches.iter().take(16) {
            let width = 1usize << (p.width & 3);
            let at = p.offset as usize % t.len().max(1);
            let end = (at + width).min(t.len());
            t[at..end].copy_from_slice(&p.value.to_le_bytes()[..end - at]);
        }
        t
    }

    pub fn check(&mut self, input: &BootInput) -> Result<(), Finding> {
        match input {
            BootInput::Toml(text) => self.host_side(text),
            BootInput::Structured { cvms, capfiles } => self.host_side(&render(cvms, capfiles)),
            BootInput::Table { patches } => {
                let t = self.patched(patches);
                self.boot(&t).map(|_| ())
            }
        }
    }

    /// Parses and plans a deployment (reading only the images in IMAGES), and boots it when
    /// `plan` accepts it.
    fn host_side(&mut self, text: &str) -> Result<(), Finding> {
        let Ok(d) = Deployment::from_toml(text) else { return Ok(()) };
        if d.cvms.iter().any(|c| !IMAGES.iter().any(|i| c.image.as_os_str() == *i)) {
            return Ok(());
        }
        match monitor::plan::plan(&d, &images_dir(), DRAM_SIZE) {
            Ok(plan) => self.boot_plan(&plan).map(|_| ()),
            Err(_) => Ok(()),
        }
    }
}
