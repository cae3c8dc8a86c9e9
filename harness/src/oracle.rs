//! The oracle: what must hold after every run of the monitor with an attacker, beyond "the
//! simulator did not panic" (which the fuzz engine checks by itself):
//!
//! 1. the monitor never faults (status 4), never refuses the table it accepted at boot, and
//!    never hangs: a stay in M mode of more than `MONITOR_STAY_LIMIT` instructions, or a
//!    WFI that nothing can wake, is a hang (an attacker spinning in U mode, or looping on
//!    hostcalls, is not); a stay longer than a time slice is `monitor-long-stay`;
//! 2. the victim's output is the same as in a run without the attacker (or its beginning,
//!    when the bound ended the run while the victim still waited for its client), and it
//!    exits with status 0;
//! 3. the victim's memory (bytes and tags) ends as it ends without the attacker, but for
//!    what it lets the attacker change (its entries' stacks and `victim_rw`) and its own
//!    stack; the monitor's code, the boot information and the capfile only the victim may
//!    use are unchanged;
//! 4. the attacker never holds a tagged capability that reaches beyond what it was granted
//!    (its region, the capfile it may use, the buffers the victim shares), or that carries
//!    ASR, Seal or Unseal: in its saved register slots (unless its thread is inside a call
//!    to another cVM, when they are that cVM's; inside the monitor's door, c31 may hold the
//!    door's own read-only capabilities), in the hart's registers if it is running, and in
//!    the granted memory it can read.

use cheri_cap::{Capability, Perms};
use monitor::plan::Plan;
use sim_core::bus::{DRAM_BASE, PAGE_SIZE};
use sim_core::devices::FinisherStatus;
use sim_core::hart::Priv;
use sim_core::machine::Snapshot;
use sim_core::{Exit, Machine};

use crate::hostcalls::Layout;

/// A broken property, with what shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// A short name of the property (stable: tests and the README use it).
    pub kind: &'static str,
    pub detail: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind, self.detail)
    }
}

impl Finding {
    /// Known monitor bugs, reported to their owner and not yet fixed: the fuzz targets and
    /// the proptest version pass over them so that a campaign can find the next one. None
    /// now: `console-merge` (a cVM's open console line continued by the next cVM's output)
    /// and `monitor-long-stay` (one long write holding the hart with interrupts off for
    /// several time slices) were fixed in the monitor (cvm.c: `console_end_line`, and at most
    /// 1 KiB per HC_WRITE).
    pub const KNOWN: [&'static str; 0] = [];

    pub fn is_known(&self) -> bool {
        Self::KNOWN.contains(&self.kind)
    }
}

fn finding(kind: &'static str, detail: impl Into<String>) -> Result<(), Finding> {
    Err(Finding { kind, detail: detail.into() })
}

/// The fixed facts of the deployment the oracle checks against.
#[derive(Clone, Debug)]
pub struct World {
    pub attacker: (u64, u64),
    pub victim: (u64, u64),
    /// The other cVMs' regions (victim, callee): whose code the attacker's thread may be
    /// running inside a CAP_Call.
    pub others: Vec<(u64, u64)>,
    /// The attacker's context in the monitor: its saved register slots.
    pub context: (u64, u64),
    /// The monitor's executable segments.
    pub monitor_code: Vec<(u64, u64)>,
    pub bootinfo: (u64, u64),
    /// Where the attacker's capabilities may reach: its region and the capfiles it may use.
    pub granted: Vec<(u64, u64)>,
    /// Memory the victim shares with nobody (its private capfile).
    pub private: Vec<(u64, u64)>,
    /// The victim's pages that calls from the attacker may change (its entries' stacks, the
    /// buffer it shares read-write): left out of the comparison with the reference run.
    pub victim_open: (u64, u64),
    /// The victim's stack (above its image): what it holds depends on what the victim's
    /// hostcalls answered — a key the attacker took first, a wait that the bound cut short —
    /// so it is left out too; the victim's code, data and .bss are compared.
    pub victim_stack: (u64, u64),
    /// The monitor's CInvoke door trampoline (`door_start..door_end`): a cVM that invokes
    /// the sealed pair HC_DOOR gave it runs there with an execute-only PCC.
    pub door: Option<(u64, u64)>,
}

impl World {
    pub fn new(plan: &Plan, l: &Layout, context: (u64, u64), monitor_elf: &[u8]) -> Result<World, String> {
        let elf = goblin::elf::Elf::parse(monitor_elf).map_err(|e| format!("the monitor image: {e}"))?;
        let monitor_code = elf
            .program_headers
            .iter()
            .filter(|p| p.p_type == goblin::elf::program_header::PT_LOAD && p.is_executable())
            .map(|p| (p.p_paddr, p.p_filesz))
            .collect();
        let sym = |n: &str| elf.syms.iter().find(|s| elf.strtab.get_at(s.st_name) == Some(n)).map(|s| s.st_value);
        let door = sym("door_start").zip(sym("door_end")).map(|(a, b)| (a, b - a));
        let buf = |name: &str| l.capfiles.iter().find(|c| c.0 == name).map(|c| (c.1, c.2));
        // The attacker's region, the deployment capfile it may use, and the buffers the
        // victim shares (anyone may probe them).
        let mut granted = vec![l.attacker];
        granted.extend(["shared", "victim_ro", "victim_rw"].into_iter().filter_map(buf));
        Ok(World {
            attacker: l.attacker,
            victim: l.victim,
            others: vec![l.victim, l.callee],
            context,
            monitor_code,
            bootinfo: (plan.bootinfo_addr, plan.bootinfo.len() as u64),
            granted,
            private: buf("secret").into_iter().collect(),
            victim_open: l.victim_open,
            victim_stack: l.victim_stack,
            door,
        })
    }
}

/// What a run without the attacker gives.
#[derive(Clone, Debug, Default)]
pub struct Reference {
    pub victim_lines: Vec<String>,
    pub victim_memory: Vec<u8>,
    pub victim_tags: Vec<bool>,
    /// The monitor's lines and the cVMs' before the attacker's first instruction.
    pub boot_output: Vec<u8>,
    /// Per page of the victim's region: does the snapshot already hold what the reference
    /// run leaves there? (A page no run wrote must then be right as restored.)
    pub victim_page_as_snapshot: Vec<bool>,
}

impl Reference {
    pub fn from_run(
        m: &Machine,
        snap: &Snapshot,
        quiet: &Outcome,
        w: &World,
        boot_output: Vec<u8>,
    ) -> Result<Reference, String> {
        if quiet.exit != Exit::Finisher(FinisherStatus::Pass) {
            return Err(format!(
                "the run without an attack ended with {}: {}",
                quiet.exit.describe(),
                String::from_utf8_lossy(&quiet.output)
            ));
        }
        let r = Reference {
            victim_lines: victim_lines(&quiet.output),
            victim_memory: region(m, w.victim).0,
            victim_tags: region(m, w.victim).1,
            boot_output,
            victim_page_as_snapshot: pages(w.victim)
                .map(|p| {
                    let (bytes, tags) = region(m, (p, PAGE_SIZE));
                    let off = (p - DRAM_BASE) as usize;
                    let snap_tags = (0..PAGE_SIZE as usize).step_by(16).map(|g| snap.bus.dram.tag(off + g));
                    Some(bytes.as_slice()) == snap.bus.dram.slice(p, PAGE_SIZE) && tags.iter().copied().eq(snap_tags)
                })
                .collect(),
        };
        if r.victim_lines.is_empty() {
            return Err("the victim printed nothing without an attack".into());
        }
        Ok(r)
    }
}

/// What one run left.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub exit: Exit,
    pub output: Vec<u8>,
    pub privilege: Priv,
    pub pc: u64,
    /// The hart's 31 capability registers and DDC when the run ended in U mode.
    pub user_caps: Vec<(String, Capability)>,
    /// The run ended in M mode without leaving it since the instruction bound.
    pub stayed_in_machine_mode: bool,
}

impl Outcome {
    pub fn collect(m: &mut Machine, exit: Exit, stayed_in_machine_mode: bool) -> Outcome {
        let mut user_caps = Vec::new();
        if m.hart.privilege == Priv::User {
            user_caps.extend((1..32).map(|r| (format!("c{r}"), m.hart.cap(r))));
            user_caps.push(("DDC".into(), m.hart.cheri.ddc));
            user_caps.push(("PCC".into(), m.hart.cheri.pcc));
        }
        Outcome {
            exit,
            output: m.take_output(),
            privilege: m.hart.privilege,
            pc: m.hart.pc,
            user_caps,
            stayed_in_machine_mode,
        }
    }

    pub fn output_text(&self) -> String {
        String::from_utf8_lossy(&self.output).into_owned()
    }
}

fn victim_lines(out: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(out).lines().filter(|l| l.starts_with("[victim] ")).map(str::to_string).collect()
}

/// The victim's lines, counting one that continues an attacker's unterminated line (the
/// text from the last "[victim] " of a line that starts as the attacker's).
fn merged_victim_lines(out: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(out)
        .lines()
        .filter_map(|l| match l.rfind("[victim] ") {
            Some(0) => Some(l.to_string()),
            Some(i) if l.starts_with("[attacker] ") => Some(l[i..].to_string()),
            _ => None,
        })
        .collect()
}

/// The pages `[base, base + size)` touches (page addresses).
fn pages((base, size): (u64, u64)) -> impl Iterator<Item = u64> {
    (base & !(PAGE_SIZE - 1)..base + size).step_by(PAGE_SIZE as usize)
}

/// The register slot of a cVM context that holds its PCC (monitor/target/monitor.h, checked
/// by a test below).
pub const SLOT_PCC: u64 = 32;

fn region(m: &Machine, (base, size): (u64, u64)) -> (Vec<u8>, Vec<bool>) {
    let bytes = m.bus.dram.slice(base, size).map(<[u8]>::to_vec).unwrap_or_default();
    let off = (base - DRAM_BASE) as usize;
    let tags = (0..size as usize).step_by(16).map(|g| m.bus.dram.tag(off + g)).collect();
    (bytes, tags)
}

/// Why a capability the attacker holds reaches beyond its grant, if it does. `door` is the
/// monitor's door trampoline, which the attacker may execute (nothing more).
pub fn beyond_grant(c: Capability, granted: &[(u64, u64)], door: Option<(u64, u64)>) -> Option<String> {
    if !c.tag() || (c.is_sealed() && !c.is_sentry()) {
        // Untagged: no authority. Sealed (not a sentry): usable only by CInvoke, whose
        // pairs the monitor hands out; what they lead to is the monitor's own code.
        return None;
    }
    let forbidden = Perms::ACCESS_SYSTEM_REGS | Perms::SEAL | Perms::UNSEAL;
    if c.perms().intersection(forbidden) != Perms::NONE {
        return Some(format!("carries {:?}", c.perms() & forbidden));
    }
    let (base, top) = (c.base() as u128, c.top());
    let execute_only = Perms::GLOBAL | Perms::EXECUTE | Perms::CINVOKE;
    if let Some((b, s)) = door {
        if base >= b as u128 && top <= b as u128 + s as u128 && c.perms().difference(execute_only) == Perms::NONE {
            return None;
        }
    }
    let inside = granted.iter().any(|&(b, s)| base >= b as u128 && top <= b as u128 + s as u128);
    (!inside).then(|| format!("bounds {:#x}..{:#x} are outside its grant", base, top))
}

/// The register CInvoke gives the unsealed data capability (c31).
const DOOR_DATA_SLOT: u64 = 31;

/// Why a capability in c31 while the attacker's thread is in the door is more than the door's
/// own (read-only: its pair's data capability, or the timer capability it loads), if it is.
fn beyond_door_data(c: Capability) -> Option<String> {
    let read_only = Perms::GLOBAL | Perms::LOAD | Perms::LOAD_CAP | Perms::CINVOKE;
    let extra = c.perms().difference(read_only);
    (c.tag() && extra != Perms::NONE).then(|| format!("carries {extra:?} (the door's own are read-only)"))
}

fn describe(c: Capability) -> String {
    format!(
        "{:#x}..{:#x} perms {:#x} otype {:?} addr {:#x}",
        c.base(),
        c.top(),
        c.perms().bits(),
        c.otype(),
        c.address()
    )
}

/// The oracle for `monitor_hostcalls`.
pub fn check_hostcalls(m: &Machine, snap: &Snapshot, o: &Outcome, w: &World, r: &Reference) -> Result<(), Finding> {
    let tail = || {
        let text = o.output_text();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(8)..].join("\n")
    };
    // 1. The monitor's own health.
    match o.exit {
        Exit::Finisher(FinisherStatus::Pass) | Exit::Finisher(FinisherStatus::Fail(1)) => {}
        Exit::Finisher(FinisherStatus::Fail(4)) => return finding("monitor-fault", tail()),
        Exit::StepLimit if o.privilege == Priv::Machine && o.stayed_in_machine_mode => {
            return finding(
                "monitor-hang",
                format!(
                    "still in M mode at pc {:#x}, {} instructions after the bound\n{}",
                    o.pc,
                    crate::hostcalls::MONITOR_STAY_LIMIT,
                    tail()
                ),
            )
        }
        Exit::StepLimit => {}
        Exit::Deadlock => {
            return finding("monitor-deadlock", format!("WFI that nothing can wake, pc {:#x}\n{}", o.pc, tail()))
        }
        other => return finding("unexpected-end", format!("{}\n{}", other.describe(), tail())),
    }
    // 2. The victim's output: what it prints without the attacker, or, when the bound ended
    // the run while the victim still waited for its client or was printing, the beginning of
    // that (its last line can be cut: the run stops mid-write).
    let lines = victim_lines(&o.output);
    let finished = matches!(o.exit, Exit::Finisher(_));
    let as_expected = |lines: &[String]| {
        if finished {
            lines == r.victim_lines
        } else {
            let n = lines.len();
            n <= r.victim_lines.len()
                && lines.iter().zip(&r.victim_lines).enumerate().all(|(i, (got, want))| {
                    if i + 1 == n {
                        want.starts_with(got.as_str())
                    } else {
                        got == want
                    }
                })
        }
    };
    if !as_expected(&lines) {
        if as_expected(&merged_victim_lines(&o.output)) {
            return finding("console-merge", tail());
        }
        return finding("victim-output", format!("expected {:?}\n     got {:?}\n{}", r.victim_lines, lines, tail()));
    }
    let text = o.output_text();
    if finished && !text.lines().any(|l| l.starts_with("[monitor] victim: exited with status 0")) {
        return finding("victim-exit", tail());
    }
    // 3. Memory the attacker must not change. Only pages written since the snapshot can
    // differ from it; the others are as restored.
    let dirty: Vec<u64> = m.bus.dram.dirty_pages().map(|off| DRAM_BASE + off).collect();
    let page_size = PAGE_SIZE as usize;
    let overlaps = |p: u64, (base, len): (u64, u64)| p + PAGE_SIZE > base && p < base + len;
    for (i, p) in pages(w.victim).enumerate() {
        let ok = if overlaps(p, w.victim_open) || overlaps(p, w.victim_stack) {
            true
        } else if dirty.contains(&p) {
            let (bytes, tags) = region(m, (p, PAGE_SIZE));
            let at = i * page_size;
            bytes[..] == r.victim_memory[at..at + page_size]
                && tags[..] == r.victim_tags[at / 16..(at + page_size) / 16]
        } else {
            r.victim_page_as_snapshot[i]
        };
        if !ok {
            return finding(
                "victim-memory",
                format!("the victim's page {p:#x} differs from a run without the attacker"),
            );
        }
    }
    let unchanged = |what: &str, (base, len): (u64, u64)| -> Result<(), Finding> {
        if m.bus.dram.slice(base, len) != snap.bus.dram.slice(base, len) {
            return finding("protected-memory", format!("{what} {base:#x}+{len:#x} changed"));
        }
        Ok(())
    };
    for &seg in &w.monitor_code {
        unchanged("the monitor's code", seg)?;
    }
    unchanged("the boot information", w.bootinfo)?;
    for &p in &w.private {
        unchanged("the victim's private capfile", p)?;
    }
    // 4. The attacker's capabilities.
    let check = |what: String, c: Capability| -> Result<(), Finding> {
        match beyond_grant(c, &w.granted, w.door) {
            Some(why) => finding("attacker-capability", format!("{what} holds {}: {why}", describe(c))),
            None => Ok(()),
        }
    };
    // While the attacker's thread runs a call into another cVM, its saved registers are that
    // cVM's entry's (PCC in its region); the attacker's own wait in the monitor's call frame
    // and come back only through the return.
    let (ctx, ctx_len) = w.context;
    let saved_pcc = load_cap(m, ctx + SLOT_PCC * 16).map(|c| c.address());
    let in_call = saved_pcc.is_some_and(|pc| w.others.iter().any(|&(b, s)| pc >= b && pc < b + s));
    // Inside the door (door.S), c31 is the unsealed data capability CInvoke gave it, or the
    // door cell's timer capability loaded through it: read-only, the monitor's, and dropped
    // before the door goes back to the cVM. The attacker was saved there if it ecalled
    // through the door (and did not come back: an exit) or was preempted in it.
    let in_door = saved_pcc.is_some_and(|pc| w.door.is_some_and(|(b, s)| pc >= b && pc < b + s));
    for slot in (0..ctx_len / 16).filter(|_| !in_call) {
        let a = ctx + slot * 16;
        if let Some(c) = load_cap(m, a) {
            if in_door && slot == DOOR_DATA_SLOT {
                if let Some(why) = beyond_door_data(c) {
                    return finding(
                        "attacker-capability",
                        format!("the attacker's saved slot {slot} (in the door) holds {}: {why}", describe(c)),
                    );
                }
                continue;
            }
            check(format!("the attacker's saved slot {slot}"), c)?;
        }
    }
    let attacker_running = o
        .user_caps
        .iter()
        .any(|(n, c)| n == "PCC" && c.base() >= w.attacker.0 && c.top() <= (w.attacker.0 + w.attacker.1) as u128);
    if attacker_running {
        for (name, c) in &o.user_caps {
            check(format!("the attacker's register {name}"), *c)?;
        }
    }
    for &(base, size) in &w.granted {
        // Only the granted bytes: a granted buffer can share its page with memory of the
        // victim's own (fuzz_victim.c's victim_rw and its entries' stacks).
        let granules = |p: u64| (p.max(base)..(p + PAGE_SIZE).min(base + size)).step_by(16);
        for a in pages((base, size)).filter(|p| dirty.contains(p)).flat_map(granules) {
            if let Some(c) = load_cap(m, a).filter(|c| c.tag()) {
                check(format!("memory at {a:#x}"), c)?;
            }
        }
    }
    Ok(())
}

fn load_cap(m: &Machine, addr: u64) -> Option<Capability> {
    let off = m.bus.dram.offset(addr, 16)?;
    let tag = m.bus.dram.tag(off);
    if !tag {
        // Untagged memory holds no authority; most granules are, and decoding is not free.
        return Some(Capability::NULL);
    }
    Some(Capability::from_memory(tag, m.bus.dram.read::<u64>(off + 8), m.bus.dram.read::<u64>(off)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pcc_slot_is_the_monitors() {
        let header = include_str!("../../monitor/target/monitor.h");
        let line = header.lines().find(|l| l.starts_with("#define SLOT_PCC")).expect("SLOT_PCC in monitor.h");
        assert_eq!(line.split_whitespace().nth(2), Some(super::SLOT_PCC.to_string().as_str()), "{line}");
    }

    /// In the door, c31 may hold the door's read-only capabilities and nothing that writes.
    #[test]
    fn the_door_data_slot_allows_read_only_capabilities() {
        use cheri_cap::Capability;
        let cell = Capability::ROOT.set_addr(0x8004_9ed0).set_bounds(16).cap;
        let door_data = cell.and_perms(0x115);
        assert_eq!(super::beyond_door_data(door_data), None);
        assert_eq!(super::beyond_door_data(cell.and_perms(0x5)), None, "the timer capability");
        assert!(super::beyond_door_data(cell.and_perms(0x11d)).is_some(), "store");
        assert!(super::beyond_door_data(cell).is_some(), "everything");
        assert_eq!(super::beyond_door_data(cell.clear_tag()), None, "no authority");
    }
}
