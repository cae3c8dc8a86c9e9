//! `capvm map deploy.toml --svg FILE`: a picture of a deployment's address space — the
//! monitor's block, each cVM's region with its code, the capfiles — and the capabilities each
//! cVM holds when it first runs and when it last left to the monitor (PCC, DDC, and every
//! tagged register), each drawn with a line to the memory it reaches.
//!
//! Regions are drawn in address order, one row each (sizes differ by orders of magnitude, so
//! heights are not to scale; the gaps between regions are marked with their size).

use std::fmt::Write as _;

use cheri_cap::Capability;

/// The capabilities a cVM holds at one moment.
#[derive(Clone, Debug, Default)]
pub struct CapSet {
    pub pcc: Capability,
    pub ddc: Capability,
    /// Registers that hold tagged capabilities (1..31).
    pub regs: Vec<(u8, Capability)>,
}

impl CapSet {
    fn entries(&self) -> Vec<(String, Capability)> {
        let mut v = vec![("PCC".to_string(), self.pcc), ("DDC".to_string(), self.ddc)];
        v.extend(self.regs.iter().map(|(r, c)| (crate::cap_reg_name(*r), *c)));
        v
    }
}

#[derive(Clone, Debug)]
pub struct MapCvm {
    pub name: String,
    /// `[base, top)` of its region and of its code.
    pub region: (u64, u64),
    pub code: (u64, u64),
    pub start: Option<CapSet>,
    pub end: Option<CapSet>,
    /// Other tagged capabilities it held at some trap to the monitor, in a register or in
    /// its memory (a capfile it probed, say), each once, with where (`ca0`, `mem 0x…`).
    pub seen: Vec<(String, Capability)>,
}

/// What the picture shows.
#[derive(Clone, Debug)]
pub struct MapInput {
    pub title: String,
    /// `[base, top)` of DRAM, of the monitor's block and of the boot information in it.
    pub dram: (u64, u64),
    pub monitor: (u64, u64),
    pub bootinfo: (u64, u64),
    pub cvms: Vec<MapCvm>,
    /// Name, `[base, top)`.
    pub capfiles: Vec<(String, (u64, u64))>,
}

const PALETTE: [&str; 8] = ["#8ecae6", "#b5e48c", "#ffb4a2", "#cdb4db", "#ffd6a5", "#a0c4ff", "#caffbf", "#fdffb6"];
const MONITOR_FILL: &str = "#d9d9d9";
const CAPFILE_FILL: &str = "#ffe08a";

const ROW_H: f64 = 64.0;
const GAP_H: f64 = 22.0;
const LEFT_X: f64 = 20.0;
const LEFT_W: f64 = 420.0;
const CARD_X: f64 = 520.0;
const CARD_W: f64 = 560.0;
const LINE_H: f64 = 16.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn size(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

/// One row of the address map.
struct Row {
    label: String,
    range: (u64, u64),
    fill: String,
    /// Sub-ranges drawn inside (code), with a label.
    inner: Vec<(String, (u64, u64))>,
    /// Its top edge in the picture.
    y: f64,
    class: &'static str,
}

/// The SVG document.
pub fn svg(m: &MapInput) -> String {
    let mut rows: Vec<Row> = Vec::new();
    rows.push(Row {
        label: "monitor (image, stack, boot information)".into(),
        range: m.monitor,
        fill: MONITOR_FILL.into(),
        inner: vec![("boot information".into(), m.bootinfo)],
        y: 0.0,
        class: "monitor",
    });
    for (i, c) in m.cvms.iter().enumerate() {
        rows.push(Row {
            label: format!("cVM \"{}\"", c.name),
            range: c.region,
            fill: PALETTE[i % PALETTE.len()].into(),
            inner: vec![("code".into(), c.code)],
            y: 0.0,
            class: "cvm",
        });
    }
    for (name, r) in &m.capfiles {
        rows.push(Row {
            label: format!("capfile \"{name}\""),
            range: *r,
            fill: CAPFILE_FILL.into(),
            inner: vec![],
            y: 0.0,
            class: "capfile",
        });
    }
    rows.sort_by_key(|r| r.range.0);

    let mut body = String::new();
    let top = 70.0;
    let mut y = top;
    let mut prev_end = m.dram.0;
    for row in rows.iter_mut() {
        if row.range.0 > prev_end {
            let _ = writeln!(
                body,
                r##"<text class="gap" x="{:.0}" y="{:.0}" font-size="11" fill="#777">… {} unused</text>"##,
                LEFT_X + 8.0,
                y + 15.0,
                size(row.range.0 - prev_end)
            );
            y += GAP_H;
        }
        row.y = y;
        let (b, t) = row.range;
        let _ = writeln!(
            body,
            r##"<g class="region {}"><rect x="{LEFT_X}" y="{y:.0}" width="{LEFT_W}" height="{ROW_H}" fill="{}" stroke="#333"/>"##,
            row.class, row.fill
        );
        for (k, (label, (ib, it))) in row.inner.iter().enumerate() {
            // A stripe at the right edge, at its place within the row (at least 4 px), and
            // its label beside it.
            let span = (t - b).max(1) as f64;
            let y0 = (y + (ib.saturating_sub(b)) as f64 / span * ROW_H).min(y + ROW_H - 4.0);
            let h = ((it.saturating_sub(*ib)) as f64 / span * ROW_H).max(4.0).min(y + ROW_H - y0);
            let _ = writeln!(
                body,
                r##"<rect class="inner" x="{:.0}" y="{y0:.1}" width="10" height="{h:.1}" fill="#333" fill-opacity="0.55"/><text x="{:.0}" y="{:.0}" font-size="10" text-anchor="end">{} [{ib:#x}, {it:#x}) {}</text>"##,
                LEFT_X + LEFT_W - 12.0,
                LEFT_X + LEFT_W - 18.0,
                y + 54.0 - 12.0 * k as f64,
                esc(label),
                size(it.saturating_sub(*ib))
            );
        }
        let _ = writeln!(
            body,
            r##"<text x="{:.0}" y="{:.0}" font-size="14" font-weight="bold">{}</text><text x="{:.0}" y="{:.0}" font-size="11">[{b:#x}, {t:#x})  {}</text></g>"##,
            LEFT_X + 8.0,
            y + 20.0,
            esc(&row.label),
            LEFT_X + 8.0,
            y + 38.0,
            size(t - b)
        );
        y += ROW_H;
        prev_end = t;
    }
    if m.dram.1 > prev_end {
        let _ = writeln!(
            body,
            r##"<text class="gap" x="{:.0}" y="{:.0}" font-size="11" fill="#777">… {} unused, to the end of DRAM at {:#x}</text>"##,
            LEFT_X + 8.0,
            y + 15.0,
            size(m.dram.1 - prev_end),
            m.dram.1
        );
        y += GAP_H;
    }
    let left_bottom = y;

    // The cards: what each cVM holds, with a line from each capability to what it reaches.
    let mut cy = top;
    for (i, c) in m.cvms.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let mut lines: Vec<(String, Option<Capability>)> = Vec::new();
        for (when, set) in [("when it first runs", &c.start), ("when it last left to the monitor", &c.end)] {
            match set {
                Some(s) => {
                    lines.push((format!("{when}:"), None));
                    for (reg, cap) in s.entries() {
                        lines.push((reg, Some(cap)));
                    }
                }
                None => lines.push((format!("{when}: (never)"), None)),
            }
        }
        if !c.seen.is_empty() {
            lines.push(("and at some trap to the monitor in between:".to_string(), None));
            for (place, cap) in &c.seen {
                lines.push((place.clone(), Some(*cap)));
            }
        }
        let h = 26.0 + lines.len() as f64 * LINE_H + 8.0;
        let _ = writeln!(
            body,
            r##"<g class="card" data-cvm="{}"><rect x="{CARD_X}" y="{cy:.0}" width="{CARD_W}" height="{h:.0}" rx="6" fill="{color}" fill-opacity="0.35" stroke="#333"/><text x="{:.0}" y="{:.0}" font-size="14" font-weight="bold">cVM "{}" holds</text>"##,
            esc(&c.name),
            CARD_X + 10.0,
            cy + 18.0,
            esc(&c.name)
        );
        let mut ly = cy + 26.0;
        for (label, cap) in &lines {
            match cap {
                None => {
                    let _ = writeln!(
                        body,
                        r##"<text x="{:.0}" y="{:.0}" font-size="11" font-style="italic">{}</text>"##,
                        CARD_X + 10.0,
                        ly + 11.0,
                        esc(label)
                    );
                }
                Some(cap) => {
                    let b = cap.bounds();
                    let text = format!(
                        "{label:<5} {} {} [{:#x}, {:#x})",
                        if cap.tag() { "tagged" } else { "untagged" },
                        cap.perms(),
                        b.base,
                        b.top
                    );
                    let _ = writeln!(
                        body,
                        r##"<text class="cap" x="{:.0}" y="{:.0}" font-size="11" font-family="monospace" xml:space="preserve">{}</text>"##,
                        CARD_X + 22.0,
                        ly + 11.0,
                        esc(&text)
                    );
                    // A line to every region the capability reaches (a tagged one only).
                    if cap.tag() {
                        for row in
                            rows.iter().filter(|r| (b.base as u128) < r.range.1 as u128 && b.top > r.range.0 as u128)
                        {
                            let _ = writeln!(
                                body,
                                r##"<path class="reach" d="M {:.0} {:.1} C {:.0} {:.1}, {:.0} {:.1}, {:.0} {:.1}" fill="none" stroke="{color}" stroke-width="1.5" stroke-opacity="0.9"/>"##,
                                CARD_X + 18.0,
                                ly + 7.0,
                                CARD_X - 30.0,
                                ly + 7.0,
                                LEFT_X + LEFT_W + 30.0,
                                row.y + ROW_H / 2.0,
                                LEFT_X + LEFT_W,
                                row.y + ROW_H / 2.0
                            );
                        }
                    }
                }
            }
            ly += LINE_H;
        }
        body.push_str("</g>\n");
        cy += h + 14.0;
    }
    let height = left_bottom.max(cy) + 40.0;
    let width = CARD_X + CARD_W + 20.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif">"##
    );
    let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(s, r##"<text x="{LEFT_X}" y="30" font-size="18" font-weight="bold">{}</text>"##, esc(&m.title));
    let _ = writeln!(
        s,
        r##"<text x="{LEFT_X}" y="50" font-size="11" fill="#555">DRAM [{:#x}, {:#x}) in address order (rows not to scale); right: each cVM's capabilities, with lines to what they reach</text>"##,
        m.dram.0, m.dram.1
    );
    s.push_str(&body);
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(size(0x10_0000), "1 MiB");
        assert_eq!(size(0x538), "1.3 KiB");
        assert_eq!(size(12), "12 B");
        assert_eq!(size(124924 << 10), "122.0 MiB");
    }
}
