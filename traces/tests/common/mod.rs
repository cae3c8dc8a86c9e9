//! Running a bundled program under a trace, in memory.

#![allow(dead_code)]

use sim_core::{Exit, Machine, MachineConfig};
use traces::{Filter, Format, Kinds, Trace};

/// The bytes of a committed guest image (path relative to guest-images/).
pub fn image(name: &str) -> Vec<u8> {
    let path = format!("{}/../guest-images/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Runs `name` (v9, no stdin, UART captured) with a trace; returns the trace and the exit.
pub fn trace(name: &str, format: Format, filter: Filter, ring: Option<usize>) -> (String, Exit) {
    let mut m = Machine::new(&MachineConfig { capture_output: true, stdin: false, ..Default::default() });
    m.load_elf(&image(name)).expect("the image loads");
    let mut t = Trace::new(format, Vec::new(), filter, ring, &m);
    let exit = m.run_observed(Some(50_000_000), &mut t);
    let out = t.finish(&exit).expect("writing to memory cannot fail");
    (String::from_utf8(out).expect("traces are UTF-8"), exit)
}

pub fn kinds(s: &str) -> Kinds {
    Kinds::parse(s).expect("valid kinds")
}

pub fn only(s: &str) -> Filter {
    Filter { kinds: kinds(s), ..Filter::default() }
}
