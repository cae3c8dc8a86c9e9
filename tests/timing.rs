//! Timing models never change architectural results (DESIGN.md §3, §4): the same program
//! gives the same UART output, exit, retired count and final registers with no model, with
//! `atomic` and with `inorder` — on the compute workload and on the conformance programs
//! that take traps, interrupts, WFI and FENCE.I. Also the `capvm run --timing` flags.

use std::path::{Path, PathBuf};

use sim_core::observer::NoObserver;
use sim_core::timing::{Model, ModelKind, TimingConfig};
use sim_core::{Exit, Machine, MachineConfig};

mod common;
use common::capvm;

fn image(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("guest-images").join(rel)
}

/// What a run leaves behind that a timing model must not change.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    exit: Exit,
    output: Vec<u8>,
    retired: u64,
    traps: u64,
    pc: u64,
    regs: Vec<u64>,
}

fn run(elf: &Path, kind: Option<ModelKind>) -> (Outcome, Option<Model>) {
    let bytes = std::fs::read(elf).unwrap_or_else(|e| panic!("{}: {e}", elf.display()));
    let config = MachineConfig { capture_output: true, stdin: false, ..Default::default() };
    let mut m = Machine::new(&config);
    m.load_elf(&bytes).unwrap_or_else(|e| panic!("{}: {e}", elf.display()));
    let mut model = kind.map(|k| Model::new(k, &TimingConfig::default()));
    let limit = Some(50_000_000);
    let exit = match &mut model {
        Some(t) => t.run(&mut m, limit, &mut NoObserver),
        None => m.run(limit),
    };
    let outcome = Outcome {
        exit,
        output: m.take_output(),
        retired: m.hart.retired(),
        traps: m.hart.traps,
        pc: m.hart.pc,
        regs: (0..32).map(|r| m.hart.x(r)).collect(),
    };
    (outcome, model)
}

fn same_under_every_model(elf: &Path) {
    let (plain, _) = run(elf, None);
    let (atomic, a) = run(elf, Some(ModelKind::Atomic));
    let (inorder, i) = run(elf, Some(ModelKind::InOrder));
    assert_eq!(plain, atomic, "{}: atomic changed the run", elf.display());
    assert_eq!(plain, inorder, "{}: inorder changed the run", elf.display());
    let (a, i) = (a.expect("a model"), i.expect("a model"));
    let (sa, si) = (a.stats(), i.stats());
    assert_eq!(sa.clock.retired, plain.retired, "{}", elf.display());
    assert_eq!(si.clock.retired, plain.retired, "{}", elf.display());
    assert_eq!(si.clock.exceptions + si.clock.interrupts, sa.clock.exceptions + sa.clock.interrupts);
    let by_privilege = si.detail.as_ref().map(|d| d.by_privilege.iter().sum::<u64>());
    assert_eq!(by_privilege, Some(i.cycles()), "{}: cycles by privilege add up", elf.display());
    // An in-order pipeline can't beat one instruction per cycle.
    assert!(i.cycles() >= plain.retired, "{}: {} cycles for {} instructions", elf.display(), i.cycles(), plain.retired);
}

#[test]
fn compute_small_is_identical_under_every_model() {
    let elf = image("compute/compute-small.elf");
    same_under_every_model(&elf);
    let (plain, _) = run(&elf, None);
    assert_eq!(plain.exit.status(), 0);
    let expected = std::fs::read(image("compute/compute-small.expected")).expect("the expected output exists");
    assert_eq!(plain.output, expected);
}

#[test]
fn atomic_cycles_are_the_harts_clock() {
    let elf = image("compute/compute-small.elf");
    let bytes = std::fs::read(&elf).expect("the image exists");
    let mut m = Machine::new(&MachineConfig { capture_output: true, stdin: false, ..Default::default() });
    m.load_elf(&bytes).expect("it loads");
    let mut t = Model::new(ModelKind::Atomic, &TimingConfig::default());
    t.run(&mut m, None, &mut NoObserver);
    assert_eq!(t.cycles(), m.hart.cycle);
}

#[test]
fn trapping_programs_are_identical_under_every_model() {
    for name in ["traps", "interrupts", "fence_i", "rv64a", "misaligned", "zicsr"] {
        same_under_every_model(&image(&format!("conformance/{name}.elf")));
    }
}

#[test]
fn interrupts_and_wfi_show_in_the_inorder_clock() {
    let (_, model) = run(&image("conformance/interrupts.elf"), Some(ModelKind::InOrder));
    let s = model.expect("a model").stats();
    assert!(s.clock.interrupts > 0, "{s}");
}

#[test]
fn cli_timing_flags() {
    let elf = image("compute/compute-small.elf");
    let elf = elf.to_str().expect("a UTF-8 path");
    let out = capvm(&["run", elf, "--timing", "inorder", "--stats"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in ["timing (inorder)", "IPC", "I-cache", "D-cache", "branches", "tags"] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    let plain = capvm(&["run", elf]);
    assert_eq!(out.stdout, plain.stdout);

    let dir = std::env::temp_dir().join(format!("capvm-timing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let good = dir.join("good.toml");
    std::fs::write(&good, "[dcache]\nsize = 1024\nways = 1\n[predictor]\nkind = \"gshare\"\n").expect("writable");
    let out =
        capvm(&["run", elf, "--timing", "inorder", "--timing-config", good.to_str().unwrap_or_default(), "--stats"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[dcache]\nsize = 1000\n").expect("writable");
    let out = capvm(&["run", elf, "--timing", "inorder", "--timing-config", bad.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml") && err.contains("dcache"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let out = capvm(&["run", elf, "--timing-config", good.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(2), "--timing-config needs --timing");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `cycle` of the last JSONL trace record of compute-small's first 5000 instructions.
fn last_traced_cycle(timing: Option<&str>) -> u64 {
    let dir =
        std::env::temp_dir().join(format!("capvm-timing-trace-{}-{}", std::process::id(), timing.unwrap_or("none")));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let trace = dir.join("t.jsonl");
    let elf = image("compute/compute-small.elf");
    let mut args = vec![
        "run".to_string(),
        elf.to_string_lossy().into_owned(),
        "--max-insns".into(),
        "5000".into(),
        "--trace".into(),
        trace.to_string_lossy().into_owned(),
        "--trace-format".into(),
        "jsonl".into(),
    ];
    if let Some(t) = timing {
        args.extend(["--timing".to_string(), t.to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = capvm(&args);
    assert_eq!(out.status.code(), Some(124), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&trace).expect("the trace was written");
    let _ = std::fs::remove_dir_all(&dir);
    let last = text.lines().rev().find(|l| l.contains("\"cycle\"")).expect("a record with a cycle");
    let v: serde_json::Value = serde_json::from_str(last).expect("JSON");
    v["cycle"].as_u64().expect("a cycle number")
}

#[test]
fn traces_show_the_models_cycles() {
    let plain = last_traced_cycle(None);
    assert_eq!(plain, 4999, "the atomic clock stamps the 5000th instruction 4999");
    assert_eq!(last_traced_cycle(Some("atomic")), plain);
    assert!(last_traced_cycle(Some("inorder")) > plain + 20, "cold caches and pipeline fill cost cycles");
}
