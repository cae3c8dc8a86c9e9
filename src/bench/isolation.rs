//! Scenario 3, isolation overhead: the compute workload (`guest-images/compute/compute.c`)
//! bare on the machine (M mode, no monitor) and inside a cVM (U mode, confined by its PCC and
//! DDC, under the monitor with its timer-driven time slices). The cVM image links the very
//! object of the bare build, markers around the kernel's loop and around each of its four
//! parts included, so the kernel's instructions are the same; only the runtime differs.

use super::marker::{self, Sample};
use super::{Cell, CvmSpec, Env, Plot, PlotKind, Run, Section, Series, Table};

/// The regions: the whole loop, then its parts (summed over the iterations).
const PARTS: &[(&str, u16)] = &[
    ("linked list (find, reverse, sort)", marker::COMPUTE_LIST),
    ("matrix (multiply, add)", marker::COMPUTE_MATRIX),
    ("state machine (token scan)", marker::COMPUTE_STATE),
    ("CRC-32 (bit by bit)", marker::COMPUTE_CRC),
    ("the whole loop", marker::COMPUTE),
];

fn total(run: &Run, region: u16, what: &str) -> anyhow::Result<Sample> {
    let samples = run.marks.regions(region).map_err(|e| anyhow::anyhow!("{what}: {e}"))?;
    if samples.is_empty() {
        anyhow::bail!("{what}: the guest measured nothing (no region {region})");
    }
    Ok(samples.iter().fold(Sample::default(), |a, s| Sample {
        cycles: a.cycles + s.cycles,
        insns: a.insns + s.insns,
        traps: a.traps + s.traps,
        stored_u: a.stored_u + s.stored_u,
        stored_m: a.stored_m + s.stored_m,
        m_cycles: a.m_cycles + s.m_cycles,
    }))
}

pub fn run(env: &Env) -> anyhow::Result<Section> {
    let (bare_img, cvm_img, size) = if env.quick {
        ("compute/compute-small-marked.elf", "cvm/compute-small.elf", "6 iterations")
    } else {
        ("compute/compute-marked.elf", "cvm/compute.elf", "1000 iterations")
    };
    let limit = 2_000_000_000;
    let bare = env.run_bare(bare_img, limit)?;
    bare.check("isolation (bare)", "compute: ok")?;
    let cvms = [CvmSpec { name: "compute", image: cvm_img, args: "", base: 0x8040_0000, size: 0x10_0000 }];
    let cvm = env.run_deployment("isolation", &cvms, 128, limit)?;
    cvm.check("isolation (cVM)", "[compute] compute: ok")?;

    let mut table = Table::new(&[
        ("part", "part"),
        ("bare_cycles", "bare cycles"),
        ("cvm_cycles", "cVM cycles"),
        ("bare_instructions", "bare instructions"),
        ("cvm_instructions", "cVM instructions"),
        ("cvm_monitor_cycles", "cVM: monitor cycles"),
        ("cvm_traps", "cVM: traps"),
        ("overhead_pct", "overhead %"),
    ]);
    let (mut labels, mut bars) = (Vec::new(), Vec::new());
    for &(part, region) in PARTS {
        let b = total(&bare, region, "isolation (bare)")?;
        let c = total(&cvm, region, "isolation (cVM)")?;
        let overhead = (c.cycles as f64 - b.cycles as f64) * 100.0 / b.cycles.max(1) as f64;
        table.push(vec![
            Cell::Text(part.into()),
            Cell::Int(b.cycles),
            Cell::Int(c.cycles),
            Cell::Int(b.insns),
            Cell::Int(c.insns),
            Cell::Int(c.m_cycles),
            Cell::Int(c.traps),
            Cell::Num(overhead, 3),
        ]);
        labels.push(part.to_string());
        bars.push((bars.len() as f64, overhead));
    }
    Ok(Section {
        name: "isolation",
        title: "3. Isolation overhead",
        what: format!(
            "The compute workload (guest-images/compute/compute.c, {size}), {} model: bare on the machine (M mode, no \
             monitor) and as a cVM under the monitor (U mode, confined by PCC and DDC). Regions: each of the four \
             parts of an iteration, summed over the iterations, and the whole loop. The cVM's regions include the \
             monitor's timer interrupts (a 1 ms time slice), counted as traps, and the monitor's cycles they cost.",
            env.model_name()
        ),
        table,
        unavailable: vec![],
        notes: vec![],
        plots: vec![Plot {
            file: "isolation.svg".into(),
            title: format!("Isolation: cycles in a cVM over bare, % ({})", env.model_name()),
            x_label: "overhead %".into(),
            y_label: String::new(),
            kind: PlotKind::Bars { labels },
            series: vec![Series { name: "overhead %".into(), points: bars }],
        }],
    })
}
