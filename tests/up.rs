//! `capvm up` end to end: the monitor boots the cVMs of a deployment, confines them, serves
//! their hostcalls and stops the ones that fault while the others go on; bad deployments get
//! one line of error; the monitor itself refuses a tampered boot information.

use std::path::{Path, PathBuf};
use std::process::Output;

use cheri_cap::Perms;
use sim_core::hart::{Priv, Semantics};
use sim_core::{Machine, MachineConfig};

mod common;
use common::{capvm, stdout};

fn image(name: &str) -> String {
    format!("{}/guest-images/cvm/{name}.elf", env!("CARGO_MANIFEST_DIR"))
}

/// A deployment file in a fresh temporary directory.
fn deployment(test: &str, toml: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("capvm-up-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("deploy.toml");
    std::fs::write(&p, toml).unwrap();
    p
}

fn cvm(name: &str, img: &str, args: &str, base: u64) -> String {
    format!(
        "[[cvms]]\nname = \"{name}\"\nimage = \"{}\"\nargs = \"{args}\"\nisolation = {{ base = {base:#x}, size = 0x100000 }}\n\n",
        image(img)
    )
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn the_bundled_hello_example_runs_two_cvms() {
    let o = capvm(&["up", "examples/hello.toml"]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    for line in [
        "[monitor] cVM \"alice\": region 0x80400000..0x80500000, code 0x80400000..",
        "[monitor] cVM \"bob\": region 0x80500000..0x80600000, code 0x80500000..",
        "[alice] Hello from a cVM! I am alice\n",
        "[alice] my region: 0x80400000..0x80500000, DDC perms 0x3d, PCC perms 0x7\n",
        "[bob] Hello from a cVM! I am bob\n",
        "[bob] my region: 0x80500000..0x80600000, DDC perms 0x3d, PCC perms 0x7\n",
        "[monitor] alice: exited with status 0; ",
        "[monitor] bob: exited with status 0; ",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
    // alice runs to completion before bob starts (run-to-completion scheduling).
    assert!(out.find("[alice] Hello").unwrap() < out.find("[bob] Hello").unwrap());
}

#[test]
fn a_cvm_reading_another_cvms_region_is_stopped_and_the_others_go_on() {
    let toml = [
        cvm("alice", "hello", "first", 0x8040_0000),
        cvm("mallory", "peek", "read 0x80400000", 0x8050_0000),
        cvm("bob", "hello", "last", 0x8060_0000),
    ]
    .concat();
    let p = deployment("read", &toml);
    let o = capvm(&["up", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "a stopped cVM fails the run:\n{out}");
    assert!(out.contains("[mallory] reading 0x80400000\n"), "{out}");
    assert!(
        out.contains(
            "[monitor] cVM \"mallory\" stopped: CHERI length violation on DDC (mcause 28, mtval 0x421) at pc 0x805"
        ),
        "{out}"
    );
    assert!(out.contains("[monitor]   the capability: 0x80500000..0x80600000 perms 0x3d\n"), "{out}");
    assert!(!out.contains("[mallory] read 0x"), "the load must not complete:\n{out}");
    assert!(out.contains("[bob] Hello from a cVM! last\n"), "{out}");
    assert!(out.contains("[monitor] alice: exited with status 0"), "{out}");
    assert!(out.contains("[monitor] mallory: stopped by a fault"), "{out}");
    assert!(out.contains("[monitor] bob: exited with status 0"), "{out}");
}

#[test]
fn hostcall_buffers_are_checked_against_the_callers_ddc() {
    let toml = [
        cvm("alice", "hello", "secret", 0x8040_0000),
        // alice's code, then the monitor's own memory, then a length that wraps around.
        cvm("w1", "peek", "write 0x80400000 10", 0x8050_0000),
        cvm("w2", "peek", "write 0x80000000 10", 0x8060_0000),
        cvm("w3", "peek", "write 0x80700010 ffffffffffffffff", 0x8070_0000),
    ]
    .concat();
    let p = deployment("write", &toml);
    let o = capvm(&["up", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(o.status.success(), "every cVM exits 0:\n{out}");
    for w in ["w1", "w2", "w3"] {
        assert!(out.contains(&format!("[{w}] the monitor answered -14\n")), "{w}:\n{out}");
    }
    // Nothing of the other buffers reached the console: each [wN] block is just its lines.
    for line in out.lines().filter(|l| l.starts_with("[w")) {
        assert!(
            line.ends_with("] ") || line.contains("asking the monitor") || line.contains("answered -14"),
            "unexpected output {line:?}"
        );
    }
}

fn assert_one_line_error(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line, got: {err}");
    assert!(err.contains(needle), "expected {needle:?} in {err}");
    assert!(stdout(o).is_empty(), "the machine must not start");
}

#[test]
fn deployment_errors_are_one_line() {
    let cases: [(&str, String, &str); 7] = [
        (
            "overlap",
            [cvm("client", "hello", "", 0x8040_0000), cvm("server", "hello", "", 0x8048_0000)].concat(),
            "deploy.toml: cVM \"server\" region 0x80480000..0x80580000 overlaps cVM \"client\"",
        ),
        (
            "outside",
            cvm("far", "hello", "", 0x9000_0000),
            "cVM \"far\" region 0x90000000..0x90100000 lies outside DRAM 0x80000000..0x88000000 (try --mem)",
        ),
        ("missing", cvm("ghost", "no-such-image", "", 0x8040_0000), "cVM \"ghost\": cannot read image "),
        (
            "capfile",
            format!("{}capfiles = [\"nope\"]\n", cvm("c", "hello", "", 0x8040_0000)),
            "cVM \"c\" names capfile \"nope\", which the deployment does not define",
        ),
        (
            "duplicate",
            [cvm("twin", "hello", "", 0x8040_0000), cvm("twin", "hello", "", 0x8050_0000)].concat(),
            "cVM \"twin\" is defined twice",
        ),
        ("syntax", "[[cvms]\nname = 1\n".to_string(), "deploy.toml: line 1: "),
        ("empty", String::new(), "no cVMs: add a [[cvms]] table"),
    ];
    for (test, toml, needle) in cases {
        let p = deployment(test, &toml);
        assert_one_line_error(&capvm(&["up", p.to_str().unwrap()]), needle);
    }
    assert_one_line_error(&capvm(&["up", "no/such/deploy.toml"]), "cannot read no/such/deploy.toml");
    let p = deployment("none", &cvm("a", "hello", "", 0x8040_0000));
    assert_one_line_error(&capvm(&["up", "--cheri", "none", p.to_str().unwrap()]), "the monitor needs CHERI");
}

/// The machine `capvm up` builds, in process, so that tests can look inside.
fn machine(toml: &str, tamper: impl FnOnce(&mut Vec<u8>)) -> Machine {
    let d = monitor::deploy::Deployment::from_toml(toml).unwrap();
    let plan = monitor::plan::plan(&d, Path::new("."), 128 << 20).unwrap();
    let config = MachineConfig { dram_size: 128 << 20, capture_output: true, stdin: false, cheri: Semantics::V9 };
    let mut m = Machine::new(&config);
    m.load_elf(monitor::MONITOR_ELF).unwrap();
    for l in &plan.loads {
        m.bus.dram.write_bytes(l.addr, &l.bytes).unwrap();
    }
    let mut bootinfo = plan.bootinfo.clone();
    tamper(&mut bootinfo);
    m.bus.dram.write_bytes(plan.bootinfo_addr, &bootinfo).unwrap();
    m.hart.set_reg(11, plan.bootinfo_addr);
    m
}

#[test]
fn a_cvm_starts_with_its_own_capabilities_and_nothing_else() {
    let mut m = machine(&cvm("alice", "hello", "a b", 0x8040_0000), |_| {});
    let mut steps = 0;
    while m.hart.privilege != Priv::User {
        m.run(Some(1));
        steps += 1;
        assert!(steps < 200_000, "the monitor never entered the cVM");
    }
    let pcc = m.hart.cheri.pcc;
    assert!(pcc.tag() && !pcc.is_sealed());
    assert_eq!(pcc.base(), 0x8040_0000);
    assert!(pcc.top() <= 0x8050_0000);
    assert_eq!(pcc.perms(), Perms::GLOBAL | Perms::EXECUTE | Perms::LOAD);
    assert_eq!(m.hart.pc, pcc.address());
    let ddc = m.hart.cheri.ddc;
    assert!(ddc.tag() && !ddc.is_sealed());
    assert_eq!((ddc.base(), ddc.top()), (0x8040_0000, 0x8050_0000));
    let want = Perms::GLOBAL | Perms::LOAD | Perms::STORE | Perms::LOAD_CAP | Perms::STORE_CAP;
    assert_eq!(ddc.perms(), want, "no StoreLocalCap, no Execute, no ASR");
    for r in 1..32u8 {
        let c = m.hart.cap(r);
        assert!(!c.tag(), "x{r} holds a capability on entry: {c:?}");
        match r {
            2 => assert_eq!(c.address(), 0x8050_0000 - 16, "sp = below the arguments"),
            10 => assert_eq!(c.address(), 0x8050_0000 - 16, "a0 = the argument string"),
            11 => assert_eq!(c.address(), 3, "a1 = its length"),
            _ => assert_eq!(c, cheri_cap::Capability::NULL, "x{r} is not cleared"),
        }
    }
    // And it runs to the end from there.
    let exit = m.run(Some(10_000_000));
    assert_eq!(exit.status(), 0);
    let out = String::from_utf8(m.take_output()).unwrap();
    assert!(out.contains("[alice] Hello from a cVM! a b\n"), "{out}");
}

#[test]
fn the_monitor_refuses_a_tampered_boot_information() {
    use monitor::abi::{BootInfo, BootInfoCvm};
    let toml = [cvm("alice", "hello", "", 0x8040_0000), cvm("bob", "hello", "", 0x8050_0000)].concat();
    let field = |name: &str, i: usize| BootInfo::SIZE + i * BootInfoCvm::SIZE + BootInfoCvm::offset_of(name).unwrap();
    type Tamper = Box<dyn FnOnce(&mut Vec<u8>)>;
    let cases: [(&str, Tamper); 5] = [
        ("bad magic", Box::new(|b: &mut Vec<u8>| b[0] ^= 1)),
        (
            "region overlaps another cVM's (cVM 1)",
            Box::new(move |b: &mut Vec<u8>| {
                let o = field("region_base", 1);
                b[o..o + 8].copy_from_slice(&0x8040_0000u64.to_le_bytes());
            }),
        ),
        (
            "region overlaps the monitor (cVM 0)",
            Box::new(move |b: &mut Vec<u8>| {
                let o = field("region_base", 0);
                b[o..o + 8].copy_from_slice(&0x8010_0000u64.to_le_bytes());
            }),
        ),
        (
            "code outside the region (cVM 0)",
            Box::new(move |b: &mut Vec<u8>| {
                let o = field("code_size", 0);
                b[o..o + 8].copy_from_slice(&0x20_0000u64.to_le_bytes());
            }),
        ),
        (
            "entry sizes differ",
            Box::new(|b: &mut Vec<u8>| {
                let o = BootInfo::offset_of("cvm_entry_size").unwrap();
                b[o] += 8;
            }),
        ),
    ];
    for (needle, tamper) in cases {
        let mut m = machine(&toml, tamper);
        let exit = m.run(Some(1_000_000));
        let out = String::from_utf8(m.take_output()).unwrap();
        assert_eq!(exit.status(), 3, "{needle}: {out}");
        assert!(out.contains(&format!("[monitor] boot information refused: {needle}")), "{needle}: {out}");
        assert!(!out.contains("Hello"), "no cVM may run: {out}");
    }
}

/// The monitor reads a hostcall buffer with the caller's *current* DDC: a cVM that drops its
/// DDC gets HC_EFAULT for a buffer the monitor printed a moment before.
#[test]
fn hostcall_buffers_use_the_callers_current_authority() {
    let p = deployment("nullddc", &cvm("n", "peek", "nullddc", 0x8040_0000));
    let o = capvm(&["up", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("[n] mine\n[n] with my DDC: 5, with a NULL DDC: -14\n"), "{out}");
}

#[test]
fn jumps_outside_pcc_and_privileged_registers_stop_the_cvm() {
    let toml = [
        cvm("jumper", "peek", "jump 0x80400000", 0x8050_0000),
        cvm("csr", "peek", "csr", 0x8060_0000),
        cvm("mtcc", "peek", "mtcc", 0x8070_0000),
        cvm("hello", "hello", "still here", 0x8080_0000),
    ]
    .concat();
    let p = deployment("attacks", &toml);
    let o = capvm(&["up", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    for line in [
        "[monitor] cVM \"jumper\" stopped: CHERI length violation on PCC (mcause 28, mtval 0x401) at pc 0x805",
        "[monitor] cVM \"csr\" stopped: illegal instruction (mcause 2, mtval 0x34002",
        "[monitor] cVM \"mtcc\" stopped: illegal instruction (mcause 2, mtval 0x3c00",
        "[hello] Hello from a cVM! still here\n",
        "[monitor] hello: exited with status 0",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
    for never in ["came back", "mscratch =", "MTCC base ="] {
        assert!(!out.contains(never), "{never:?} in:\n{out}");
    }
}

/// Instructions from a cVM's `ecall` back to its next instruction, for its first hostcall;
/// `observed`: with CVM_FLAG_OBSERVED set, as `capvm up --trace` boots it.
fn first_hostcall_round_trip(image: &str, observed: bool) -> u64 {
    let mut m = machine(&cvm("c", image, "", 0x8040_0000), |b| {
        if observed {
            let at = monitor::abi::BootInfo::SIZE + monitor::abi::BootInfoCvm::offset_of("flags").unwrap();
            b[at] = monitor::abi::CVM_FLAG_OBSERVED as u8;
        }
    });
    let mut guard = 0;
    let mut step_until = |m: &mut Machine, p: Priv| {
        let mut n = 0u64;
        while m.hart.privilege != p {
            m.run(Some(1));
            n += 1;
            guard += 1;
            assert!(guard < 1_000_000);
        }
        n
    };
    step_until(&mut m, Priv::User);
    step_until(&mut m, Priv::Machine);
    step_until(&mut m, Priv::User)
}

/// docs/monitor.md quotes these figures; this bounds them. regs' first hostcall is TIME
/// (the null hostcall: save, dispatch, restore); hello's is a write of "Hello" (5 bytes
/// through a DDC-derived capability, 13 characters to the UART with the name prefix).
/// Unobserved they take the fast path (12 of the 31 registers saved and restored, no
/// trace-port reports); observed, the monitor reports four events per hostcall.
#[test]
fn hostcall_round_trips_are_short() {
    let null = first_hostcall_round_trip("regs", false);
    let write = first_hostcall_round_trip("hello", false);
    let null_observed = first_hostcall_round_trip("regs", true);
    eprintln!(
        "hostcall round trips: TIME {null} instructions, write(\"Hello\") {write}; observed TIME {null_observed}"
    );
    assert!(null < 100, "the null hostcall: {null}");
    assert!(write < 450, "{write}");
    assert!(null_observed > null && null_observed < 250, "{null_observed}");
}

#[test]
fn a_cvm_that_never_yields_is_preempted() {
    let toml = [cvm("spinner", "peek", "spin", 0x8040_0000), cvm("hello", "hello", "", 0x8050_0000)].concat();
    let p = deployment("spin", &toml);
    let o = capvm(&["up", "--max-insns", "1000000", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(124), "the spinner never ends:\n{out}");
    assert!(out.contains("[spinner] spinning\n"), "{out}");
    assert!(out.contains("[hello] Hello from a cVM!\n[hello] my region: 0x80500000..0x80600000"), "{out}");
    assert!(stderr(&o).contains("instruction limit reached"), "{}", stderr(&o));
}

#[test]
fn picolibc_printf_reaches_the_console_through_hostcalls() {
    let p = deployment("libc", &cvm("libc", "hello_libc", "one two", 0x8040_0000));
    let o = capvm(&["up", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    for line in [
        "[libc] Hello from picolibc in a cVM, 2 arguments: [one] [two]\n",
        "[libc] my DDC: 0x80400000..0x80500000 (22 characters, strlen 22)\n",
        "[libc] time: running\n",
        "[libc] no newline at the end\n[monitor] libc: exited with status 0; ",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
}

/// The buffer check is exact at the edges of the caller's region: the last byte is in, one
/// more is out, below the base is out, a wrapping range is out, an empty one is fine.
#[test]
fn hostcall_buffer_checks_are_exact_at_the_region_edges() {
    let cases: [(&str, u64, &str, &str); 5] = [
        ("last", 0x8050_0000, "805ffe00 200", "512"),
        ("over", 0x8060_0000, "806ffe01 200", "-14"),
        ("below", 0x8070_0000, "806fffff 2", "-14"),
        ("wrap", 0x8080_0000, "ffffffffffffffff 2", "-14"),
        ("empty", 0x8090_0000, "80910000 0", "0"),
    ];
    let toml: String = cases.iter().map(|(n, base, args, _)| cvm(n, "peek", &format!("write {args}"), *base)).collect();
    let p = deployment("edges", &toml);
    let o = capvm(&["up", p.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{out}");
    for (name, _, _, answer) in cases {
        assert!(out.contains(&format!("[{name}] the monitor answered {answer}\n")), "{name}: {answer}\n{out}");
    }
}

#[test]
fn a_hostcall_gives_back_every_register_and_capability() {
    let toml = [cvm("regs", "regs", "", 0x8040_0000), cvm("regs2", "regs", "", 0x8050_0000)].concat();
    let p = deployment("regs", &toml);
    let o = capvm(&["up", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("[regs] registers kept\n") && out.contains("[regs2] registers kept\n"), "{out}");
}

/// Capabilities in every kind of register survive thousands of fast hostcalls and the
/// preemptions that hand the hart to another cVM and back: the kept registers (never touched
/// by the monitor's C code, written to the slots only when another cVM is entered) and the
/// saved ones alike.
#[test]
fn capabilities_in_registers_survive_fast_hostcalls_and_preemption() {
    let toml = [cvm("k1", "keep", "", 0x8040_0000), cvm("k2", "keep", "", 0x8050_0000)].concat();
    let p = deployment("keep", &toml);
    let o = capvm(&["up", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    for name in ["k1", "k2"] {
        assert!(out.contains(&format!("[{name}] kept 24 capabilities\n")), "{out}");
        let summary = out.lines().find(|l| l.starts_with(&format!("[monitor] {name}: exited"))).unwrap();
        assert!(summary.contains("preempted"), "{name} was never preempted: {summary}");
    }
}

/// The cVM lines of a run, and its exit status.
fn cvm_lines(o: &Output) -> (Vec<String>, Option<i32>) {
    let out = stdout(o);
    let lines = out.lines().filter(|l| !l.starts_with("[monitor]")).map(str::to_string).collect();
    (lines, o.status.code())
}

/// `--cheri v8`: the images run where they were linked, at 0, relocated by DDC and PCC (spec
/// §8) instead of by the loader; the cVMs print what they print under v9, a hostcall's
/// pointers are offsets the monitor adds DDC.address to, and what stops a cVM under v9 stops
/// it under v8.
#[test]
fn v8_runs_the_images_unrelocated_with_the_same_results() {
    for example in ["examples/hello.toml", "examples/capfile.toml", "examples/isolation.toml"] {
        let v9 = capvm(&["up", example]);
        let v8 = capvm(&["up", "--cheri", "v8", example]);
        assert_eq!(cvm_lines(&v8), cvm_lines(&v9), "{example}:\n{}", stdout(&v8));
        let reports = |o: &Output| -> Vec<String> {
            stdout(o).lines().filter(|l| l.contains("stopped:")).map(str::to_string).collect()
        };
        assert_eq!(reports(&v8), reports(&v9), "{example}");
    }
    let toml =
        [cvm("regs", "regs", "", 0x8040_0000), cvm("k1", "keep", "", 0x8050_0000), cvm("k2", "keep", "", 0x8060_0000)]
            .concat();
    let p = deployment("v8regs", &toml);
    let o = capvm(&["up", "--cheri", "v8", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("[regs] registers kept\n") && out.contains("[k2] kept 24 capabilities\n"), "{out}");
    // Hostcall pointers are offsets: 0xffff0 is where the argument string lies (16 bytes below
    // the region's end), so the write prints its first 4 bytes (the runtime has put NULs
    // where the spaces were).
    let p = deployment("v8args", &cvm("a", "peek", "hc 2 ffff0 4", 0x8040_0000));
    let o = capvm(&["up", "--cheri", "v8", p.to_str().unwrap()]);
    assert!(stdout(&o).contains("[a] hc\u{0}2hostcall 0x2 answered 4\n"), "{}", stdout(&o));
}

/// The ecall door answers any number: unknown ones with HC_ENOSYS, never a monitor fault.
#[test]
fn unknown_hostcall_numbers_get_enosys() {
    let cases: [(&str, &str, &str); 5] = [
        ("zero", "hc 0 0 0", "hostcall 0x0 answered -38\n"),
        ("spare", "hc 3ff 1 2", "hostcall 0x3ff answered -38\n"),
        // HC_CAPFILE_REVOKE with its key at address 1: outside the caller's DDC.
        ("revoke", "hc 6 1 2", "hostcall 0x6 answered -14\n"),
        ("huge", "hc ffffffffffffffff 1 2", "hostcall 0xffffffffffffffff answered -38\n"),
        ("exit-shadow", "hc 101 0 0", "hostcall 0x101 answered -38\n"),
    ];
    let toml: String = cases
        .iter()
        .enumerate()
        .map(|(i, (n, args, _))| cvm(n, "peek", args, 0x8040_0000 + i as u64 * 0x10_0000))
        .collect();
    let p = deployment("enosys", &toml);
    let o = capvm(&["up", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    for (name, _, answer) in cases {
        assert!(out.contains(&format!("[{name}] {answer}")), "{name}:\n{out}");
    }
}

#[test]
fn the_bundled_isolation_example_stops_mallory_and_refuses_eve() {
    let o = capvm(&["up", "examples/isolation.toml"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    for line in [
        "[monitor] cVM \"mallory\" stopped: CHERI length violation on DDC (mcause 28, mtval 0x421)",
        "[eve] the monitor answered -14\n",
        "[bob] Hello from a cVM! I am still here\n",
        "[monitor] alice: exited with status 0",
        "[monitor] bob: exited with status 0",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
}

/// The hint of the "outside DRAM" error works: with more DRAM the same deployment runs.
#[test]
fn more_dram_admits_a_high_region() {
    let p = deployment("mem", &cvm("far", "hello", "up high", 0x9000_0000));
    assert_eq!(capvm(&["up", p.to_str().unwrap()]).status.code(), Some(2));
    let o = capvm(&["up", "--mem", "512", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("[far] Hello from a cVM! up high\n[far] my region: 0x90000000..0x90100000"), "{out}");
}
