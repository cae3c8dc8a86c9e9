//! `capvm run` end to end: the bundled hello world, exit statuses, and one clear line of
//! error (never a panic) for bad input.

use std::path::Path;
use std::process::Output;

mod common;
use common::capvm;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A minimal ELF64 header plus one PT_LOAD program header, with fields we choose.
fn elf(class: u8, machine: u16, e_type: u16, load_addr: u64) -> Vec<u8> {
    let mut b = vec![0u8; 64 + 56 + 8];
    b[..4].copy_from_slice(b"\x7fELF");
    b[4] = class;
    b[5] = 1; // little-endian
    b[6] = 1; // version
    b[16..18].copy_from_slice(&e_type.to_le_bytes());
    b[18..20].copy_from_slice(&machine.to_le_bytes());
    b[20..24].copy_from_slice(&1u32.to_le_bytes());
    b[24..32].copy_from_slice(&load_addr.to_le_bytes()); // entry
    b[32..40].copy_from_slice(&64u64.to_le_bytes()); // phoff
    b[52..54].copy_from_slice(&64u16.to_le_bytes()); // ehsize
    b[54..56].copy_from_slice(&56u16.to_le_bytes()); // phentsize
    b[56..58].copy_from_slice(&1u16.to_le_bytes()); // phnum
    let ph = &mut b[64..120];
    ph[0..4].copy_from_slice(&1u32.to_le_bytes()); // PT_LOAD
    ph[8..16].copy_from_slice(&120u64.to_le_bytes()); // offset
    ph[16..24].copy_from_slice(&load_addr.to_le_bytes());
    ph[24..32].copy_from_slice(&load_addr.to_le_bytes());
    ph[32..40].copy_from_slice(&8u64.to_le_bytes()); // filesz
    ph[40..48].copy_from_slice(&8u64.to_le_bytes()); // memsz
    b
}

fn write_temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("capvm-cli-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn assert_clear_error(o: &Output, needle: &str) {
    let err = stderr(o);
    assert!(!o.status.success(), "should fail: {err}");
    assert!(!err.contains("panicked"), "panicked: {err}");
    assert_eq!(err.lines().count(), 1, "one line of error, got: {err}");
    assert!(err.contains(needle), "error should mention {needle:?}: {err}");
}

#[test]
fn hello_world_runs() {
    let o = capvm(&["run", "guest-images/hello/hello.elf"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Hello from capvm!"));
}

#[test]
fn stats_line_reports_instructions_and_mips() {
    let o = capvm(&["run", "--stats", "guest-images/hello/hello.elf"]);
    assert!(o.status.success());
    let err = stderr(&o);
    assert!(err.contains("instructions retired") && err.contains("MIPS"), "{err}");
}

#[test]
fn max_insns_ends_a_runaway_guest_with_its_own_status() {
    // compute.elf runs for hundreds of millions of instructions.
    let o = capvm(&["run", "--max-insns", "1000", "guest-images/compute/compute.elf"]);
    assert_eq!(o.status.code(), Some(124), "{}", stderr(&o));
    assert!(stderr(&o).contains("instruction limit"));
}

#[test]
fn missing_file() {
    assert_clear_error(&capvm(&["run", "no/such/file.elf"]), "cannot read no/such/file.elf");
}

#[test]
fn not_an_elf() {
    let p = write_temp("text.elf", b"hello, I am not an ELF");
    assert_clear_error(&capvm(&["run", p.to_str().unwrap()]), "not an ELF");
}

#[test]
fn thirty_two_bit_elf() {
    let mut b = elf(2, 243, 2, 0x8000_0000);
    b[4] = 1; // ELFCLASS32
    let p = write_temp("rv32.elf", &b);
    assert_clear_error(&capvm(&["run", p.to_str().unwrap()]), "32-bit");
}

#[test]
fn non_riscv_elf() {
    let p = write_temp("x86.elf", &elf(2, 62, 2, 0x8000_0000));
    assert_clear_error(&capvm(&["run", p.to_str().unwrap()]), "not RISC-V");
}

#[test]
fn segment_outside_dram() {
    let p = write_temp("low.elf", &elf(2, 243, 2, 0x1000));
    assert_clear_error(&capvm(&["run", p.to_str().unwrap()]), "outside DRAM");
}

#[test]
fn segment_beyond_a_small_dram() {
    let p = write_temp("high.elf", &elf(2, 243, 2, 0x8000_0000 + (4 << 20)));
    assert_clear_error(&capvm(&["run", "--mem", "2", p.to_str().unwrap()]), "outside DRAM");
}

#[test]
fn unknown_flag() {
    let o = capvm(&["run", "--frobnicate", "guest-images/hello/hello.elf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--frobnicate"));
}

#[test]
fn guest_code_at_an_illegal_address_traps_not_panics() {
    // Entry point 0x8000_0000 holds 8 zero bytes: an illegal instruction whose handler
    // (mtvec = 0) is unmapped, so the hart faults forever until --max-insns.
    let p = write_temp("zeros.elf", &elf(2, 243, 2, 0x8000_0000));
    let o = capvm(&["run", "--max-insns", "100", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(124), "{}", stderr(&o));
    assert!(Path::new(&p).exists());
}
