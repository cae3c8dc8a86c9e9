//! Scenario 2, data sharing vs IPC: a sender cVM moves messages of 16 B to 1 MiB to a
//! receiver cVM with CAP_File (the receiver reads the sender's buffer in place: no copy),
//! CAP_Stream (the receiver copies through a read-only grant: one copy) and the monitor's
//! copying pipe (into the monitor and out again: two copies). The guest is
//! `guest-images/cvm/bench.c` (modes `send`/`recv`); a region runs from the sender's first
//! message of a size to the receiver having read and checked every byte of the last one.

use super::marker::{self, Sample};
use super::{Cell, CvmSpec, Env, Plot, PlotKind, Section, Series, Table};

/// (method argument, name in the table and plot).
const METHODS: &[(&str, &str)] = &[
    ("capfile", "CAP_File (in place, no copy)"),
    ("stream", "CAP_Stream (one copy)"),
    ("pipe", "copying pipe (two copies, monitor)"),
];

/// Message sizes and how many messages of each: at least 4, about 4 MiB in all.
fn sizes(quick: bool) -> Vec<(u64, u64)> {
    if quick {
        return vec![(16, 4), (4096, 4), (131072, 2)];
    }
    (0..9).map(|i| 16u64 << (2 * i)).map(|s| (s, (4 * 1048576 / s).clamp(4, 64))).collect()
}

pub fn run(env: &Env) -> anyhow::Result<Section> {
    let sizes = sizes(env.quick);
    let list: Vec<String> = sizes.iter().map(|(s, c)| format!("{s}:{c}")).collect();
    let mut table = Table::new(&[
        ("method", "method"),
        ("bytes", "message bytes"),
        ("messages", "messages"),
        ("cycles_per_message", "cycles/message"),
        ("cycles_per_byte", "cycles/byte"),
        ("mb_per_s", "MB/s"),
        ("monitor_pct", "monitor %"),
        ("monitor_stores_per_byte", "monitor stores/byte"),
        ("cvm_stores_per_byte", "cVM stores/byte"),
    ]);
    let mut unavailable = Vec::new();
    let mut notes = Vec::new();
    let mut series = Vec::new();
    for &(method, name) in METHODS {
        let send = format!("send {method} {}", list.join(" "));
        let recv = format!("recv {method} {}", list.join(" "));
        let cvms = [
            CvmSpec { name: "sender", image: "cvm/bench.elf", args: &send, base: 0x8040_0000, size: 0x40_0000 },
            CvmSpec { name: "receiver", image: "cvm/bench.elf", args: &recv, base: 0x8080_0000, size: 0x40_0000 },
        ];
        let run = env.run_deployment(&format!("sharing-{method}"), &cvms, 128, 4_000_000_000)?;
        if let Some(hc) = run.unavailable("bench") {
            unavailable.push(format!("{name}: not available: needs {hc} (the monitor answers ENOSYS)"));
            continue;
        }
        run.check(&format!("sharing ({method})"), "[receiver] bench: transfer done")?;
        // The receiver checked every message (the sum of its words) and says how many bytes.
        if let Some(line) = run.output.lines().find(|l| l.starts_with("[receiver] bench: received ")) {
            notes.push(format!("{name}: {}", line.trim_start_matches("[receiver] bench: ")));
        }
        let samples: Vec<Sample> = run.marks.regions(marker::TRANSFER).map_err(|e| anyhow::anyhow!("sharing: {e}"))?;
        if samples.len() != sizes.len() {
            anyhow::bail!("sharing ({method}): {} regions measured for {} sizes", samples.len(), sizes.len());
        }
        let mut points = Vec::new();
        for (&(size, count), s) in sizes.iter().zip(&samples) {
            let bytes = size * count;
            let mbs = super::mb_per_s(bytes, s.cycles as f64);
            table.push(vec![
                Cell::Text(name.into()),
                Cell::Int(size),
                Cell::Int(count),
                Cell::Int(s.cycles / count),
                Cell::Num(s.cycles as f64 / bytes as f64, 3),
                Cell::Num(mbs, 1),
                Cell::Num(s.m_cycles as f64 * 100.0 / s.cycles.max(1) as f64, 1),
                Cell::Num(s.stored_m as f64 / bytes as f64, 2),
                Cell::Num(s.stored_u as f64 / bytes as f64, 2),
            ]);
            points.push((size as f64, mbs));
        }
        series.push(Series { name: name.into(), points });
    }
    let plots = if series.is_empty() {
        vec![]
    } else {
        vec![Plot {
            file: "sharing.svg".into(),
            title: format!("Moving data between two cVMs ({} model, {} MHz)", env.model_name(), super::CLOCK_HZ / 1e6),
            x_label: "message size (bytes)".into(),
            y_label: "MB/s".into(),
            kind: PlotKind::Lines { log_x: true, log_y: true },
            series,
        }]
    };
    Ok(Section {
        name: "sharing",
        title: "2. Data sharing vs IPC",
        what: format!(
            "A sender cVM moves messages of one size to a receiver cVM; for each size, the cycles ({} model) from the \
             sender's first message to the receiver having read and checked every byte of the last one (it sums the \
             words of each message where it received it), for the given number of messages. MB/s at {} MHz. The \
             store columns count the bytes written in the region per payload byte, by the monitor (M mode) and by \
             the cVMs (U mode): the copies, counted (the monitor also stores the registers it saves at each hostcall and \
             switch, a constant per message that small messages show). CAP_File: the receiver reads the sender's advertised buffer in \
             place through its probed capability; an 8-byte CAP_Stream message says a message is ready and its \
             acknowledgement that the buffer may be reused. CAP_Stream: the receiver copies the message through a \
             read-only grant of the sender's buffer. Pipe: the monitor copies the message into its buffer and out \
             into the receiver's (at most {} bytes at a time).",
            env.model_name(),
            super::CLOCK_HZ / 1e6,
            65536
        ),
        table,
        unavailable,
        notes,
        plots,
    })
}
