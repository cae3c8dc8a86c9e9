//! The CInvoke door, CAP_Call, CAP_Stream and the copying pipe, end to end on the monitor:
//! the bundled examples, every error path of a call (unknown key, forged and mis-sealed
//! handles, a buffer outside the caller, a return outside a call, a callee that faults, a
//! stale handle), the two doors giving the same answers, forged door pairs stopped by the
//! hardware, messages of 64 B, 4 KiB and 64 KiB both ways, a deadlock reported rather than
//! hung; and the instruction counts docs/monitor.md quotes (measured between the guest
//! programs' region markers, guest-images/include/bench.h).

use std::path::{Path, PathBuf};

use sim_core::hart::Semantics;
use sim_core::observer::{Observer, Retired};
use sim_core::{Machine, MachineConfig};

mod common;
use common::capvm;

fn image(name: &str) -> String {
    format!("{}/guest-images/cvm/{name}.elf", env!("CARGO_MANIFEST_DIR"))
}

fn cvm(name: &str, img: &str, args: &str, base: u64) -> String {
    format!(
        "[[cvms]]\nname = \"{name}\"\nimage = \"{}\"\nargs = \"{args}\"\nisolation = {{ base = {base:#x}, size = 0x100000 }}\n\n",
        image(img)
    )
}

/// A deployment file in a fresh temporary directory.
fn deployment(test: &str, toml: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("capvm-capcall-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("deploy.toml");
    std::fs::write(&p, toml).unwrap();
    p
}

fn up(test: &str, toml: &str) -> (String, Option<i32>) {
    up_cheri(test, toml, "v9")
}

fn up_cheri(test: &str, toml: &str, cheri: &str) -> (String, Option<i32>) {
    let p = deployment(test, toml);
    let o = capvm(&["up", "--cheri", cheri, "--max-insns", "50000000", p.to_str().unwrap()]);
    (String::from_utf8_lossy(&o.stdout).into_owned(), o.status.code())
}

fn assert_lines(out: &str, lines: &[&str]) {
    for line in lines {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
}

#[test]
fn the_bundled_capcall_example_calls_the_server() {
    let o = capvm(&["up", "examples/capcall.toml"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert_lines(
        &out,
        &[
            "[server] serving add, upper, whoami, nop, crash, revoke, twice, again, leave, steal",
            "[client] add(2, 40): 42\n",
            // The callee wrote into the caller's buffer through the call's capability.
            "[client] upper: \"HELLO THROUGH A CAPABILITY\"",
            // Code of the server prints under the server's name, on the client's thread.
            "[server] whoami: called by cVM 1",
            "[client] whoami: my index: 1\n",
            "[client] twice(3, 4), two nested calls of add: 14\n",
            "[client] all answers as expected",
            "[server] clients done (0)",
            "[monitor] server: exited with status 0",
            "[monitor] client: exited with status 0",
        ],
    );
}

#[test]
fn call_errors_are_answered_and_a_faulting_callee_is_stopped() {
    let toml =
        [cvm("server", "capcall_server", "", 0x8040_0000), cvm("client", "capcall_client", "errors", 0x8050_0000)]
            .concat();
    let (out, status) = up("errors", &toml);
    assert_lines(
        &out,
        &[
            "probe of an unknown key: -2\n",
            "call through a forged (untagged) handle: -1\n",
            "call through a sealed non-handle (the door's data): -1\n",
            "call with a buffer outside my region: -14\n",
            "call with bad buffer flags: -22\n",
            "HC_RETURN by ecall, in no call: -1\n",
            "HC_RETURN through the door, in no call: -1\n",
            "again(), an entry calling itself: -16\n",
            "add(20, 22) before the crash: 42\n",
            // The callee's fault is the server's: reported with its name, its DDC decoded.
            "[monitor] cVM \"server\" stopped: CHERI length violation on DDC (mcause 28, mtval 0x421)",
            "[monitor]   the capability: 0x80400000..0x80500000",
            "(during a call from \"client\"; the caller gets ECANCELED)",
            "crash(0x80000000): the server faults: -125\n",
            "add through the handle held before: stale: -3\n",
            "probe of the stopped server's key: -3\n",
            "[client] all answers as expected",
            "[monitor] server: stopped by a fault",
            "[monitor] client: exited with status 0",
        ],
    );
    assert!(!out.contains("monitor fault"), "{out}");
    assert_eq!(status, Some(1), "a stopped cVM makes the run fail:\n{out}");
}

#[test]
fn a_cap_file_revocation_reaches_the_registers_a_call_frame_keeps() {
    let toml =
        [cvm("server", "capcall_server", "", 0x8040_0000), cvm("client", "capcall_client", "revoke", 0x8050_0000)]
            .concat();
    let (out, status) = up("revoke", &toml);
    assert_lines(
        &out,
        &[
            "the capfile capability before: 1\n",
            "revoke() in the server: 0\n",
            // The client's memory slot and the register kept in its call frame.
            "copies cleared: 2\n",
            "the copy in my register after the call: 0\n",
            "the copy in my memory after the call: 0\n",
            "[client] all answers as expected",
        ],
    );
    assert_eq!(status, Some(0), "{out}");
}

#[test]
fn a_callee_that_exits_during_a_call_ends_it_with_ecanceled() {
    let toml =
        [cvm("server", "capcall_server", "", 0x8040_0000), cvm("client", "capcall_client", "leave", 0x8050_0000)]
            .concat();
    let (out, status) = up("leave", &toml);
    assert_lines(
        &out,
        &[
            "[monitor] cVM \"server\" exited during a call; the caller gets ECANCELED",
            "leave(7): the server exits during the call: -125\n",
            "add through the handle held before: stale: -3\n",
            "[client] all answers as expected",
            "[monitor] server: exited with status 7",
            "[monitor] client: exited with status 0",
        ],
    );
    assert_eq!(status, Some(1), "the server's status 7 fails the run:\n{out}");
}

#[test]
fn a_callee_cannot_keep_the_callers_buffer_capability() {
    let toml =
        [cvm("server", "capcall_server", "", 0x8040_0000), cvm("client", "capcall_client", "steal", 0x8050_0000)]
            .concat();
    let (out, _) = up("steal", &toml);
    assert_lines(
        &out,
        &[
            "[server] steal: keeping the caller's buffer capability",
            "[monitor] cVM \"server\" stopped: CHERI permit-store-local-capability violation on DDC",
            "steal(my buffer): -125\n",
            "[client] all answers as expected",
        ],
    );
    assert!(!out.contains("kept it"), "{out}");
}

#[test]
fn a_stream_grant_is_read_only() {
    let toml = [
        cvm("send", "capstream", "send stream 1 40", 0x8040_0000),
        cvm("scribble", "capstream", "scribble stream 1 40", 0x8050_0000),
    ]
    .concat();
    let (out, _) = up("scribble", &toml);
    assert_lines(
        &out,
        &[
            "[scribble] writing into the writer's message through the capability",
            "[monitor] cVM \"scribble\" stopped: CHERI permit-store violation on c11",
        ],
    );
    assert!(!out.contains("wrote into"), "{out}");
}

#[test]
fn both_doors_give_the_same_answers() {
    let (out, status) = up("doors", &cvm("doors", "doors", "same", 0x8040_0000));
    assert_lines(
        &out,
        &[
            "[doors] time goes on through both: yes",
            "[doors] written through ecall\n",
            "[doors] written through the door\n",
            "write lengths less the message: ecall -1, door -1",
            "an unknown hostcall: ecall -38, door -38",
            "a write from outside the region: ecall -14, door -14",
            "a stream that is not mine: ecall -1, door -1",
            "[doors] the doors agree",
        ],
    );
    assert_eq!(status, Some(0), "{out}");
}

#[test]
fn a_forged_or_swapped_door_pair_is_refused_by_the_hardware() {
    let toml =
        [cvm("forger", "doors", "forged", 0x8040_0000), cvm("swapper", "doors", "swapped", 0x8050_0000)].concat();
    let (out, _) = up("forged", &toml);
    assert_lines(
        &out,
        &[
            "[monitor] cVM \"forger\" stopped: CHERI seal violation on c7",
            "[monitor] cVM \"swapper\" stopped: CHERI permit-execute violation on c6",
        ],
    );
    assert!(!out.contains("came back"), "{out}");
}

fn stream_pair(test: &str, mode: &str, count: u64, size: u64) -> String {
    let args = |role: &str| format!("{role} {mode} {count:x} {size:x}");
    let toml =
        [cvm("send", "capstream", &args("send"), 0x8040_0000), cvm("recv", "capstream", &args("recv"), 0x8050_0000)]
            .concat();
    let (out, status) = up(test, &toml);
    assert_eq!(status, Some(0), "{out}");
    out
}

#[test]
fn the_bundled_capstream_example_moves_messages_both_ways() {
    for mode in ["stream", "pipe"] {
        let text =
            std::fs::read_to_string("examples/capstream.toml").unwrap().replace(" stream ", &format!(" {mode} "));
        let dir = deployment(&format!("example-{mode}"), "");
        let p = dir.parent().unwrap().join("capstream.toml");
        std::fs::write(&p, text.replace("../guest-images", &format!("{}/guest-images", env!("CARGO_MANIFEST_DIR"))))
            .unwrap();
        let o = capvm(&["up", p.to_str().unwrap()]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(0), "{mode}: {out}");
        assert_lines(
            &out,
            &[
                "[left] left: sent and got back 16 messages of 256 bytes, 0 bad",
                "[right] right: echoed 16 messages of 256 bytes, 0 bad",
            ],
        );
    }
}

#[test]
fn messages_of_64_bytes_4_kib_and_64_kib_arrive_intact_through_both() {
    for (mode, size) in [("stream", 64), ("stream", 4096), ("stream", 65536), ("pipe", 64), ("pipe", 65536)] {
        let out = stream_pair(&format!("{mode}-{size}"), mode, 3, size);
        assert!(out.contains(&format!("[recv] recv: read 3 messages of {size} bytes, 0 bad")), "{mode} {size}:\n{out}");
        assert!(
            out.contains(&format!("[send] send: wrote 3 messages of {size} bytes, 0 bad")),
            "{mode} {size}:\n{out}"
        );
    }
}

#[test]
fn a_stream_grant_is_gone_after_the_acknowledgement_even_as_ddc() {
    let toml = [
        cvm("send", "capstream", "send stream 1 40", 0x8040_0000),
        cvm("keep", "capstream", "keep stream 1 40", 0x8050_0000),
    ]
    .concat();
    let (out, _) = up("keep", &toml);
    assert_lines(
        &out,
        &[
            "[keep] reading a message, keeping its capability as my DDC, acknowledging",
            "[monitor] cVM \"keep\" stopped: CHERI tag violation on DDC",
        ],
    );
    assert!(!out.contains("still reading"), "{out}");
}

#[test]
fn writing_to_a_reader_that_has_finished_is_epipe() {
    for mode in ["stream", "pipe"] {
        let args = |role: &str| format!("{role} {mode} 1 40");
        let toml = [
            cvm("quit", "capstream", &args("quit"), 0x8040_0000),
            cvm("tell", "capstream", &args("tell"), 0x8050_0000),
        ]
        .concat();
        let (out, status) = up(&format!("epipe-{mode}"), &toml);
        assert_lines(&out, &["[tell] write answered -32\n", "[monitor] quit: exited with status 0"]);
        assert_eq!(status, Some(0), "{mode}: {out}");
    }
}

#[test]
fn a_deadlock_is_reported_not_hung() {
    let toml = [
        cvm("a", "capstream", "wait stream 1 1 x", 0x8040_0000),
        cvm("b", "capstream", "wait stream 1 1 y", 0x8050_0000),
    ]
    .concat();
    let (out, status) = up("deadlock", &toml);
    assert_lines(
        &out,
        &[
            "[monitor] cVM \"a\" stopped: deadlock (every cVM left waits; it waits in a stream read)",
            "[monitor] cVM \"b\" stopped: deadlock (every cVM left waits; it waits in a stream read)",
            "[monitor] a: stopped by a fault",
        ],
    );
    assert!(!out.contains("got "), "{out}");
    assert_eq!(status, Some(1), "{out}");
}

/// Under `--cheri v8` the same images run unrelocated (pointers are offsets from DDC.address,
/// code addresses from PCC's base): the monitor resolves the offsets it is given and hands the
/// callee offsets, and every answer is the same as under v9.
#[test]
fn calls_doors_and_streams_work_the_same_under_cheri_v8() {
    let pair = |client: &str| {
        [cvm("server", "capcall_server", "", 0x8040_0000), cvm("client", "capcall_client", client, 0x8050_0000)]
            .concat()
    };
    let streams = |mode: &str, size: u64| {
        let args = |role: &str| format!("{role} {mode} 3 {size:x}");
        [cvm("send", "capstream", &args("send"), 0x8040_0000), cvm("recv", "capstream", &args("recv"), 0x8050_0000)]
            .concat()
    };
    let cases: Vec<(&str, String, Vec<&str>, i32)> = vec![
        (
            "basic",
            pair("basic"),
            vec![
                "[client] add(2, 40): 42\n",
                "[client] upper: \"HELLO THROUGH A CAPABILITY\"",
                "[server] whoami: called by cVM 1",
                "[client] twice(3, 4), two nested calls of add: 14\n",
                "[client] all answers as expected",
            ],
            0,
        ),
        (
            "errors",
            pair("errors"),
            vec![
                "call through a forged (untagged) handle: -1\n",
                "call with a buffer outside my region: -14\n",
                "HC_RETURN through the door, in no call: -1\n",
                "again(), an entry calling itself: -16\n",
                "[monitor] cVM \"server\" stopped: CHERI length violation on DDC",
                "crash(0x80000000): the server faults: -125\n",
                "add through the handle held before: stale: -3\n",
                "[client] all answers as expected",
            ],
            1,
        ),
        ("revoke", pair("revoke"), vec!["copies cleared: 2\n", "the copy in my register after the call: 0\n"], 0),
        ("steal", pair("steal"), vec!["permit-store-local-capability violation on DDC", "steal(my buffer): -125\n"], 1),
        ("doors", cvm("doors", "doors", "same", 0x8040_0000), vec!["[doors] the doors agree"], 0),
        ("stream", streams("stream", 65536), vec!["[recv] recv: read 3 messages of 65536 bytes, 0 bad"], 0),
        ("pipe", streams("pipe", 4096), vec!["[recv] recv: read 3 messages of 4096 bytes, 0 bad"], 0),
    ];
    for (name, toml, lines, want) in cases {
        let (out, status) = up_cheri(&format!("v8-{name}"), &toml, "v8");
        assert_lines(&out, &lines);
        assert!(!out.contains("monitor fault"), "{name}: {out}");
        assert_eq!(status, Some(want), "{name}: {out}");
    }
}

/// Region markers (guest-images/include/bench.h): `slti x0, x0, id`.
#[derive(Default)]
struct Marks {
    retired: u64,
    open: Option<(u16, u64)>,
    regions: Vec<(u16, u64)>,
}

impl Observer for Marks {
    fn retired(&mut self, ev: &Retired) {
        self.retired += 1;
        if ev.raw & 0xf_ffff == 0x0_2013 && ev.raw >> 20 != 0 && ev.raw >> 31 == 0 {
            let id = (ev.raw >> 20) as u16;
            match self.open {
                Some((begin, at)) if id == begin + 1 => {
                    // What retired strictly between the two markers.
                    self.regions.push((begin, self.retired - at - 1));
                    self.open = None;
                }
                _ if id.is_multiple_of(2) => self.open = Some((id, self.retired)),
                _ => panic!("marker {id} without its BEGIN"),
            }
        }
    }
}

/// Runs a deployment in process (as `capvm up` builds it) and returns the instructions of
/// every marked region, by id.
fn measure(toml: &str) -> Vec<(u16, u64)> {
    let d = monitor::deploy::Deployment::from_toml(toml).unwrap();
    let plan = monitor::plan::plan(&d, Path::new("."), 128 << 20).unwrap();
    let config = MachineConfig { dram_size: 128 << 20, capture_output: true, stdin: false, cheri: Semantics::V9 };
    let mut m = Machine::new(&config);
    m.load_elf(monitor::MONITOR_ELF).unwrap();
    for l in &plan.loads {
        m.bus.dram.write_bytes(l.addr, &l.bytes).unwrap();
    }
    m.bus.dram.write_bytes(plan.bootinfo_addr, &plan.bootinfo).unwrap();
    m.hart.set_reg(11, plan.bootinfo_addr);
    let mut marks = Marks::default();
    let exit = m.run_observed(Some(100_000_000), &mut marks);
    assert_eq!(exit.status(), 0, "{exit:?}");
    marks.regions
}

fn region(regions: &[(u16, u64)], id: u16) -> Vec<u64> {
    regions.iter().filter(|r| r.0 == id).map(|r| r.1).collect()
}

/// docs/monitor.md quotes these figures (instructions retired, monitor included; the same on
/// every run). The bounds only catch a path that grew by a lot.
#[test]
fn figures_null_hostcall_through_both_doors_and_a_cap_call_round_trip() {
    let r = measure(&cvm("doors", "doors", "bench 4", 0x8040_0000));
    let ecall = region(&r, 6);
    let door = region(&r, 8);
    assert_eq!((ecall.len(), door.len()), (4, 4));
    assert!(ecall.windows(2).all(|w| w[0] == w[1]) && door.windows(2).all(|w| w[0] == w[1]), "{ecall:?} {door:?}");
    let r = measure(
        &[cvm("server", "capcall_server", "", 0x8040_0000), cvm("client", "capcall_client", "bench 4", 0x8050_0000)]
            .concat(),
    );
    let call = region(&r, 10);
    assert_eq!(call.len(), 4);
    eprintln!(
        "null hostcall (HC_TIME through hostcall()/hc_invoke()): ecall {} instructions, CInvoke door {}",
        ecall[0], door[0]
    );
    eprintln!("CAP_Call round trip (a function returning 0 at once): {:?} instructions", call);
    assert!(ecall[0] < 400 && door[0] < 400, "{ecall:?} {door:?}");
    assert!(call[1] < 2000, "{call:?}");
}

#[test]
fn figures_cap_stream_against_the_copying_pipe() {
    let mut lines = Vec::new();
    for size in [64u64, 4096, 65536] {
        let mut per = [0u64; 2];
        for (i, mode) in ["stream", "pipe"].iter().enumerate() {
            let args = |role: &str| format!("{role} {mode} 4 {size:x}");
            let toml = [
                cvm("send", "capstream", &args("send"), 0x8040_0000),
                cvm("sink", "capstream", &args("sink"), 0x8050_0000),
            ]
            .concat();
            let r = region(&measure(&toml), 12);
            assert_eq!(r.len(), 1, "{mode} {size}");
            per[i] = r[0] / 4;
        }
        lines.push(format!("{size} B: CAP_Stream {} instructions per message, copying pipe {}", per[0], per[1]));
        if size == 65536 {
            // One copy against two: the pipe moves every byte twice.
            assert!(per[1] > per[0] * 3 / 2, "{size}: stream {} pipe {}", per[0], per[1]);
        }
    }
    eprintln!("{}", lines.join("\n"));
}
