//! `capvm map deploy.toml --svg FILE`: the picture of a deployment's address space and of
//! the capabilities each cVM holds (traces::map). The capabilities are the machine's, not a
//! recomputation: the deployment is booted and run, and each cVM's PCC, DDC and tagged
//! registers are read from the hart when the monitor first hands it the hart and when it last
//! traps back to the monitor.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sim_core::hart::Priv;
use sim_core::observer::{MonitorEvent, Observer};
use sim_core::Machine;
use traces::map::{CapSet, MapCvm, MapInput};

#[derive(clap::Args)]
pub struct MapArgs {
    /// The deployment file (TOML; see monitor/README.md).
    pub deployment: PathBuf,
    /// Write the picture to FILE (SVG).
    #[arg(long, value_name = "FILE")]
    pub svg: PathBuf,
    /// DRAM size in MiB.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u64).range(1..=65536))]
    pub mem: u64,
    /// Stop the run after this many instructions (the end state is then the last seen).
    #[arg(long, value_name = "N", default_value_t = 10_000_000)]
    pub max_insns: u64,
}

/// Which cVM the monitor entered last (its trace-port events).
#[derive(Default)]
struct Current(Option<u16>);

impl Observer for Current {
    fn monitor(&mut self, ev: &MonitorEvent) {
        if ev.kind == traces::monitor::kind::CVM_ENTER {
            self.0 = Some(ev.cvm);
        }
    }
}

fn capset(m: &Machine, pcc: cheri_cap::Capability) -> CapSet {
    let regs = (1..32u8).map(|r| (r, m.hart.cap(r))).filter(|(_, c)| c.tag()).collect();
    CapSet { pcc, ddc: m.hart.cheri.ddc, regs }
}

/// Runs the deployment one step at a time and records, for each cVM, its capabilities at its
/// first user-mode instruction and as they were when it last trapped to the monitor.
/// Also returns, per cVM, the other tagged capabilities it held at any trap, in a register or
/// in its region's memory (once each).
fn observe(m: &mut Machine, regions: &[(u64, u64)], max: u64) -> Observed {
    let ncvms = regions.len();
    let mut start = vec![None; ncvms];
    let mut end: Vec<Option<CapSet>> = vec![None; ncvms];
    let mut seen: Vec<Vec<(String, cheri_cap::Capability)>> = vec![Vec::new(); ncvms];
    let mut cur = Current::default();
    let mut prev = m.hart.privilege;
    // The cVM's capabilities after its last user-mode step: a step that leaves user mode may
    // also run the handler's first instruction (an interrupt is taken before a step), which
    // swaps in the monitor's stack capability, so the state is read one step early.
    let mut last_user: Option<CapSet> = None;
    for _ in 0..max {
        if m.run_observed(Some(1), &mut cur) != sim_core::Exit::StepLimit {
            break;
        }
        let now = m.hart.privilege;
        if let Some(i) = cur.0.map(|i| i as usize).filter(|&i| i < ncvms) {
            if prev == Priv::Machine && now == Priv::User && start[i].is_none() {
                start[i] = Some(capset(m, m.hart.pcc_at(m.hart.pc)));
            }
            if let (Priv::User, Priv::Machine, Some(set)) = (prev, now, last_user.take()) {
                let in_regs = set.regs.iter().map(|&(r, c)| (traces::cap_reg_name(r), c));
                for (place, c) in in_regs.chain(tagged_in(m, regions[i])) {
                    if !seen[i].iter().any(|(_, s)| *s == c) {
                        seen[i].push((place, c));
                    }
                }
                end[i] = Some(set);
            }
        }
        if now == Priv::User {
            last_user = Some(capset(m, m.hart.pcc_at(m.hart.pc)));
        }
        prev = now;
    }
    // What a cVM still held at the end is listed there, not again.
    for (s, e) in seen.iter_mut().zip(&end) {
        if let Some(e) = e {
            s.retain(|(_, c)| !e.regs.iter().any(|&(_, x)| x == *c) && *c != e.pcc && *c != e.ddc);
        }
    }
    (start, end, seen)
}

type Observed = (Vec<Option<CapSet>>, Vec<Option<CapSet>>, Vec<Vec<(String, cheri_cap::Capability)>>);

/// The tagged capabilities stored in `[base, top)` (a cVM's region: with StoreCap in its DDC
/// it may keep the capabilities it was given in its own memory).
fn tagged_in(m: &Machine, (base, top): (u64, u64)) -> Vec<(String, cheri_cap::Capability)> {
    let dram = &m.bus.dram;
    let mut out = Vec::new();
    let mut a = base & !15;
    while a < top {
        if let Some(off) = dram.offset(a, 16) {
            if dram.tag(off) {
                let (lo, hi): (u64, u64) = (dram.read(off), dram.read(off + 8));
                out.push((format!("mem {a:#x}"), cheri_cap::Capability::from_memory(true, hi, lo)));
            }
        }
        a += 16;
    }
    out
}

pub fn run(args: MapArgs) -> anyhow::Result<ExitCode> {
    let (mut machine, plan) = crate::cmd_up::machine_and_plan(&args.deployment, args.mem, monitor::MONITOR_ELF, true)?;
    // The map follows the monitor's enter events, which it reports on every transition only
    // when told that the trace port is read (CVM_FLAG_OBSERVED, docs/monitor.md).
    machine
        .bus
        .dram
        .write_bytes(plan.bootinfo_addr, &plan.observed_bootinfo())
        .ok_or_else(|| anyhow::anyhow!("the boot information lies outside DRAM"))?;
    let regions: Vec<(u64, u64)> = plan.cvms.iter().map(|c| (c.region.base, c.region.base + c.region.size)).collect();
    let (start, end, seen) = observe(&mut machine, &regions, args.max_insns);
    let abi = |a: u64, n: u64| (a, a + n);
    let input = MapInput {
        title: format!("capvm map {}", args.deployment.display()),
        dram: machine.dram_range(),
        monitor: abi(monitor::abi::MONITOR_BASE, monitor::abi::MONITOR_SIZE),
        bootinfo: abi(plan.bootinfo_addr, monitor::abi::BOOTINFO_MAX),
        cvms: plan
            .cvms
            .iter()
            .zip(start.into_iter().zip(end).zip(seen))
            .map(|(c, ((s, e), seen))| MapCvm {
                name: c.name.clone(),
                region: (c.region.base, c.region.base + c.region.size),
                code: c.code,
                start: s,
                end: e,
                seen,
            })
            .collect(),
        capfiles: plan.capfiles.iter().map(|f| (f.name.clone(), (f.base, f.base + f.size))).collect(),
    };
    std::fs::write(&args.svg, traces::map::svg(&input))
        .with_context(|| format!("cannot write {}", args.svg.display()))?;
    Ok(ExitCode::SUCCESS)
}
