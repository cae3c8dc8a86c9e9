//! Scenario 1, domain crossing: what it costs to leave a cVM and come back. A cVM
//! (`guest-images/cvm/bench.c`, mode `cross N call`) repeats each crossing N times between
//! markers; the CAP_Call goes to a second cVM (mode `callee`) whose entry returns its first
//! argument. The table shows the warm median per crossing (the first, cold one apart).

use super::marker::{self, Summary};
use super::{Cell, CvmSpec, Env, Plot, PlotKind, Section, Series, Table};

/// The crossings, their region ids, and the hostcall whose absence the guest reports when
/// the monitor answers ENOSYS.
const PATHS: &[(&str, u16, &str)] = &[
    ("plain function call (in the cVM)", marker::FUNC_CALL, ""),
    ("null hostcall via ecall (HC_TIME)", marker::ECALL_NULL, ""),
    ("null hostcall via sealed CInvoke (HC_TIME)", marker::CINVOKE_NULL, "HC_DOOR"),
    ("CAP_Call round trip (two cVMs)", marker::CAP_CALL, "HC_CALL_PROBE"),
];

pub fn run(env: &Env) -> anyhow::Result<Section> {
    let n = if env.quick { 8 } else { 100 };
    let args = format!("cross {n} call");
    let cvms = [
        CvmSpec { name: "callee", image: "cvm/bench.elf", args: "callee", base: 0x8040_0000, size: 0x20_0000 },
        CvmSpec { name: "bench", image: "cvm/bench.elf", args: &args, base: 0x8060_0000, size: 0x20_0000 },
    ];
    let run = env.run_deployment("crossing", &cvms, 128, 50_000_000)?;
    run.check("crossing", "[bench] bench: cross done")?;

    let mut table = Table::new(&[
        ("path", "path"),
        ("cycles", "cycles"),
        ("instructions", "instructions"),
        ("monitor_cycles", "of which in the monitor"),
        ("cold_cycles", "first (cold) cycles"),
        ("max_cycles", "max cycles"),
        ("samples", "samples"),
    ]);
    let mut unavailable = Vec::new();
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    for &(path, region, needs) in PATHS {
        let samples = run.marks.regions(region).map_err(|e| anyhow::anyhow!("crossing: {e}"))?;
        match Summary::of(&samples) {
            Some(s) => {
                if s.warm_cycles == 0 || s.warm_insns == 0 {
                    anyhow::bail!("crossing: {path}: a crossing that costs nothing was measured ({s:?})");
                }
                table.push(vec![
                    Cell::Text(path.into()),
                    Cell::Int(s.warm_cycles),
                    Cell::Int(s.warm_insns),
                    Cell::Int(s.warm_m_cycles),
                    Cell::Int(s.cold.cycles),
                    Cell::Int(s.max_cycles),
                    Cell::Int(s.count as u64),
                ]);
                labels.push(path.to_string());
                bars.push((bars.len() as f64, s.warm_cycles as f64));
            }
            None if !needs.is_empty()
                && run.output.lines().any(|l| l.ends_with(&format!("bench: unavailable: {needs}"))) =>
            {
                unavailable.push(format!("{path}: not available: needs {needs} (the monitor answers ENOSYS)"))
            }
            None => anyhow::bail!("crossing: {path}: the guest measured nothing; its output:\n{}", run.output),
        }
    }
    Ok(Section {
        name: "crossing",
        title: "1. Domain crossing",
        what: format!(
            "Cycles ({} model) and instructions of one round trip out of a cVM and back, the median of {} warm \
             repetitions (the first, cold one is shown apart). The hostcall paths include the monitor's whole work: \
             trap entry, saving and restoring the registers the monitor's path needs, dispatch and the return.",
            env.model_name(),
            n - 1
        ),
        table,
        unavailable,
        notes: vec![],
        plots: vec![Plot {
            file: "crossing.svg".into(),
            title: format!("Domain crossing: cycles per round trip ({})", env.model_name()),
            x_label: "cycles".into(),
            y_label: String::new(),
            kind: PlotKind::Bars { labels },
            series: vec![Series { name: "cycles".into(), points: bars }],
        }],
    })
}
