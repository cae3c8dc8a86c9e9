//! Scenario 2, data sharing vs IPC: a sender cVM moves N bytes to a receiver cVM with
//! CAP_File (a shared buffer, no copy), CAP_Stream (one copy) and the monitor's copying pipe
//! (two copies through the monitor), for messages of 16 B to 1 MiB.

use super::{Env, Section, Table};

/// Each method, and the hostcalls (monitor/src/abi.rs) it is built on.
const METHODS: &[(&str, &[&str], &str)] = &[
    ("CAP_File (shared buffer, no copy)", &["CAPFILE_ADVERTISE", "CAPFILE_PROBE"], "CAP_File (agent \"capfile\")"),
    ("CAP_Stream (one copy)", &["STREAM_OPEN", "STREAM_WRITE", "STREAM_READ"], "CAP_Stream (agent \"capcall\")"),
    (
        "monitor copying pipe (two copies)",
        &["PIPE_WRITE", "PIPE_READ"],
        "the copying pipe HC_PIPE_* (agent \"capcall\")",
    ),
];

fn missing(needs: &[&str]) -> Vec<String> {
    needs.iter().filter(|n| !monitor::abi::HOSTCALLS.iter().any(|h| h.name == **n)).map(|n| format!("HC_{n}")).collect()
}

pub fn run(env: &Env) -> anyhow::Result<Section> {
    let mut unavailable = Vec::new();
    for (method, needs, what) in METHODS {
        let gone = missing(needs);
        let why = if gone.is_empty() {
            format!("needs the bench cVM's {what} sender and receiver (guest-images/cvm/bench.c), not written yet")
        } else {
            format!("needs {what}: the monitor has no {}", gone.join(", "))
        };
        unavailable.push(format!("{method}: not available: {why}"));
    }
    Ok(Section {
        name: "sharing",
        title: "2. Data sharing vs IPC",
        what: format!(
            "A sender cVM moves N bytes (16 B to 1 MiB) to a receiver cVM: throughput in MB/s at {} MHz and cycles per \
             byte ({} model), from the sender's first instruction of a transfer to the receiver holding the bytes.",
            super::CLOCK_HZ / 1e6,
            env.model_name()
        ),
        table: Table::default(),
        unavailable,
        notes: vec![],
        plots: vec![],
    })
}
