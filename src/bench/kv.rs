//! Scenario 4, a key-value microservice pair: a server cVM and a client cVM
//! (`guest-images/cvm/kv.c`). Requests are CAP_Calls whose value travels as a capability —
//! the call's own buffer capability, or a CAP_File the client advertised and the server
//! probed once — through which the server copies it in for SET and out for GET, with no
//! monitor on the data path; against the same service reached through the monitor's copying
//! pipe (request and answer each copied into the monitor and out again). GET and SET of 16 B
//! to 4 KiB.

use super::marker;
use super::{Cell, CvmSpec, Env, Plot, PlotKind, Section, Series, Table, CLOCK_HZ};

const TRANSPORTS: &[(&str, &str)] = &[
    ("call", "CAP_Call, value by call capability"),
    ("file", "CAP_Call, value in a CAP_File"),
    ("pipe", "copying pipe (monitor copies)"),
];

fn sizes(quick: bool) -> Vec<(u64, u64)> {
    if quick {
        vec![(16, 4), (4096, 4)]
    } else {
        [16, 64, 256, 1024, 4096].iter().map(|&s| (s, 32)).collect()
    }
}

pub fn run(env: &Env) -> anyhow::Result<Section> {
    let sizes = sizes(env.quick);
    let list: Vec<String> = sizes.iter().map(|(s, c)| format!("{s}:{c}")).collect();
    let mut table = Table::new(&[
        ("transport", "transport"),
        ("op", "op"),
        ("bytes", "value bytes"),
        ("requests", "requests"),
        ("cycles_per_request", "cycles/request"),
        ("insns_per_request", "instructions/request"),
        ("monitor_cycles_per_request", "monitor cycles/request"),
        ("requests_per_s", "requests/s"),
        ("monitor_stores_per_request", "monitor bytes stored/request"),
    ]);
    let mut unavailable = Vec::new();
    let mut notes = Vec::new();
    let mut series = Vec::new();
    for &(transport, name) in TRANSPORTS {
        let server = format!("server {transport}");
        let client = format!("client {transport} {}", list.join(" "));
        let cvms = [
            CvmSpec { name: "server", image: "cvm/kv.elf", args: &server, base: 0x8040_0000, size: 0x20_0000 },
            CvmSpec { name: "client", image: "cvm/kv.elf", args: &client, base: 0x8060_0000, size: 0x20_0000 },
        ];
        let run = env.run_deployment(&format!("kv-{transport}"), &cvms, 128, 1_000_000_000)?;
        if let Some(hc) = run.unavailable("kv") {
            unavailable.push(format!("{name}: not available: needs {hc} (the monitor answers ENOSYS)"));
            continue;
        }
        run.check(&format!("kv ({transport})"), "[client] kv: done")?;
        if let Some(line) = run.output.lines().find(|l| l.starts_with("[client] kv: ") && l.contains("requests")) {
            notes.push(format!("{name}: {}", line.trim_start_matches("[client] kv: ")));
        }
        for (op, region) in [("SET", marker::KV_SET), ("GET", marker::KV_GET)] {
            let samples = run.marks.regions(region).map_err(|e| anyhow::anyhow!("kv: {e}"))?;
            if samples.len() != sizes.len() {
                anyhow::bail!("kv ({transport}): {} {op} regions measured for {} sizes", samples.len(), sizes.len());
            }
            let mut points = Vec::new();
            for (&(size, count), s) in sizes.iter().zip(&samples) {
                let per = s.cycles as f64 / count as f64;
                let rps = CLOCK_HZ / per.max(1.0);
                table.push(vec![
                    Cell::Text(name.into()),
                    Cell::Text(op.into()),
                    Cell::Int(size),
                    Cell::Int(count),
                    Cell::Int(s.cycles / count),
                    Cell::Int(s.insns / count),
                    Cell::Int(s.m_cycles / count),
                    Cell::Num(rps, 0),
                    Cell::Int(s.stored_m / count),
                ]);
                points.push((size as f64, rps));
            }
            series.push(Series { name: format!("{op}, {name}"), points });
        }
    }
    let plots = if series.is_empty() {
        vec![]
    } else {
        vec![Plot {
            file: "kv.svg".into(),
            title: format!("Key-value pair: requests per second ({} model, {} MHz)", env.model_name(), CLOCK_HZ / 1e6),
            x_label: "value size (bytes)".into(),
            y_label: "requests/s".into(),
            kind: PlotKind::Lines { log_x: true, log_y: false },
            series,
        }]
    };
    Ok(Section {
        name: "kv",
        title: "4. A key-value microservice pair",
        what: format!(
            "A client cVM sends batches of SET, then GET requests of one value size to a server cVM ({} per size and \
             operation), and waits for each answer; cycles per request ({} model) over the batch, requests per second at \
             {} MHz, and the bytes the monitor stored per request (its copies plus the registers it saves). CAP_Call, \
             value by call capability: the operation and key are arguments, the value travels as the call's \
             capability to the client's buffer (read-only for SET, write-only for GET), which the server copies \
             through. CAP_Call, value in a CAP_File: the call carries operation, length and key; the value lies in a \
             buffer the client advertised once as a CAP_File, which the server probed at the first request and \
             copies through. Pipe: a 24-byte header and the value, each \
             way through the monitor's copying pipe. The server stores values in a table of {} keys; the client \
             checks the key word of every value it gets and every word of the last one.",
            sizes[0].1,
            env.model_name(),
            CLOCK_HZ / 1e6,
            8
        ),
        table,
        unavailable,
        notes,
        plots,
    })
}
