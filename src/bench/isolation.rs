//! Scenario 3, isolation overhead: the compute workload (`guest-images/compute/compute.c`)
//! bare on the machine (M mode, no monitor) and inside a cVM (U mode, confined by its PCC and
//! DDC, under the monitor with its timer-driven time slices). The same source and compiler
//! flags, the same markers around the kernel's loop; only the runtime differs.

use super::marker;
use super::{Cell, CvmSpec, Env, Plot, PlotKind, Section, Series, Table};

pub fn run(env: &Env) -> anyhow::Result<Section> {
    let (bare_img, cvm_img, size) = if env.quick {
        ("compute/compute-small-marked.elf", "cvm/compute-small.elf", "small (6 iterations)")
    } else {
        ("compute/compute-marked.elf", "cvm/compute.elf", "full (1000 iterations)")
    };
    let limit = 2_000_000_000;
    let bare = env.run_bare(bare_img, limit)?;
    bare.check("isolation (bare)", "compute: ok")?;
    let cvms =
        [CvmSpec { name: "compute", image: cvm_img, args: "", base: 0x8040_0000, size: 0x10_0000, capfiles: &[] }];
    let cvm = env.run_deployment("isolation", &[], &cvms, 128, limit)?;
    cvm.check("isolation (cVM)", "[compute] compute: ok")?;

    let b = bare.summary(marker::COMPUTE, "isolation (bare)")?.cold;
    let c = cvm.summary(marker::COMPUTE, "isolation (cVM)")?.cold;
    let overhead = (c.cycles as f64 - b.cycles as f64) * 100.0 / b.cycles.max(1) as f64;
    let mut table = Table::new(&[
        ("workload", "workload"),
        ("where", "where"),
        ("cycles", "cycles"),
        ("instructions", "instructions"),
        ("ipc", "IPC"),
        ("traps", "traps in the region"),
        ("overhead_pct", "overhead %"),
    ]);
    for (place, s, ov) in
        [("bare (M mode)", b, Cell::Num(0.0, 3)), ("cVM (U mode, monitor)", c, Cell::Num(overhead, 3))]
    {
        table.push(vec![
            Cell::Text(format!("compute, {size}")),
            Cell::Text(place.into()),
            Cell::Int(s.cycles),
            Cell::Int(s.insns),
            Cell::Num(s.insns as f64 / s.cycles.max(1) as f64, 3),
            Cell::Int(s.traps),
            ov,
        ]);
    }
    Ok(Section {
        name: "isolation",
        title: "3. Isolation overhead",
        what: format!(
            "The compute workload (linked lists, matrices, a state machine, CRCs; guest-images/compute/compute.c) \
             between markers around its main loop, {} model: bare on the machine, and as a cVM under the monitor. \
             The cVM's region includes the monitor's timer interrupts (a 1 ms time slice), counted as traps.",
            env.model_name()
        ),
        table,
        unavailable: vec![],
        notes: vec![],
        plots: vec![Plot {
            file: "isolation.svg".into(),
            title: format!("Isolation: compute kernel cycles ({})", env.model_name()),
            x_label: "million cycles".into(),
            y_label: String::new(),
            kind: PlotKind::Bars { labels: vec!["bare (M mode)".into(), "in a cVM (U mode)".into()] },
            series: vec![Series {
                name: "cycles".into(),
                points: vec![(0.0, b.cycles as f64 / 1e6), (1.0, c.cycles as f64 / 1e6)],
            }],
        }],
    })
}
