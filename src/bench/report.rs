//! What a scenario reports, and how it is written: a text table on stdout, `results.json`,
//! `results.md` and SVG plots (hand-written SVG: a line plot with optional log axes, and a
//! bar chart).

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

/// One scenario's results.
pub struct Section {
    pub name: &'static str,
    pub title: &'static str,
    /// What is measured and how, in a sentence or two.
    pub what: String,
    pub table: Table,
    /// Parts that cannot run yet, each as "X: not available: needs Y".
    pub unavailable: Vec<String>,
    pub notes: Vec<String>,
    pub plots: Vec<Plot>,
}

pub struct Col {
    pub key: &'static str,
    pub header: &'static str,
}

pub enum Cell {
    Text(String),
    Int(u64),
    /// A number shown with this many decimals.
    Num(f64, usize),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x, d) => format!("{x:.d$}"),
        }
    }
    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => json!(s),
            Cell::Int(n) => json!(n),
            Cell::Num(x, _) => json!(x),
        }
    }
    fn numeric(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Num(..))
    }
}

#[derive(Default)]
pub struct Table {
    pub columns: Vec<Col>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(columns: &[(&'static str, &'static str)]) -> Table {
        Table { columns: columns.iter().map(|&(key, header)| Col { key, header }).collect(), rows: Vec::new() }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    fn widths(&self) -> Vec<usize> {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, c)| self.rows.iter().map(|r| r[i].text().len()).chain([c.header.len()]).max().unwrap_or(0))
            .collect()
    }

    /// Aligned plain text: numbers right, text left.
    pub fn text(&self) -> String {
        let w = self.widths();
        let mut s = String::new();
        let numeric = |i: usize| self.rows.first().is_some_and(|r| r[i].numeric());
        let head: Vec<String> = self
            .columns
            .iter()
            .zip(&w)
            .enumerate()
            .map(|(i, (c, &w))| if numeric(i) { format!("{:>w$}", c.header) } else { format!("{:<w$}", c.header) })
            .collect();
        let _ = writeln!(s, "  {}", head.join("  ").trim_end());
        for r in &self.rows {
            let cells: Vec<String> = r
                .iter()
                .zip(&w)
                .map(|(c, &w)| if c.numeric() { format!("{:>w$}", c.text()) } else { format!("{:<w$}", c.text()) })
                .collect();
            let _ = writeln!(s, "  {}", cells.join("  ").trim_end());
        }
        s
    }

    pub fn markdown(&self) -> String {
        let mut s = String::new();
        let head: Vec<&str> = self.columns.iter().map(|c| c.header).collect();
        let _ = writeln!(s, "| {} |", head.join(" | "));
        let align: Vec<&str> = (0..self.columns.len())
            .map(|i| if self.rows.first().is_some_and(|r| r[i].numeric()) { "---:" } else { "---" })
            .collect();
        let _ = writeln!(s, "|{}|", align.join("|"));
        for r in &self.rows {
            let cells: Vec<String> = r.iter().map(Cell::text).collect();
            let _ = writeln!(s, "| {} |", cells.join(" | "));
        }
        s
    }

    pub fn json(&self) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                let mut m = Map::new();
                for (c, v) in self.columns.iter().zip(r) {
                    m.insert(c.key.to_string(), v.json());
                }
                Value::Object(m)
            })
            .collect();
        json!(rows)
    }
}

impl Section {
    pub fn text(&self) -> String {
        let mut s = format!("{}\n", self.title);
        if !self.table.rows.is_empty() {
            s.push_str(&self.table.text());
        }
        for u in &self.unavailable {
            let _ = writeln!(s, "  {u}");
        }
        for n in &self.notes {
            let _ = writeln!(s, "  note: {n}");
        }
        s
    }

    pub fn markdown(&self) -> String {
        let mut s = format!("## {}\n\n{}\n\n", self.title, self.what);
        if !self.table.rows.is_empty() {
            s.push_str(&self.table.markdown());
            s.push('\n');
        }
        for u in &self.unavailable {
            let _ = writeln!(s, "* {u}");
        }
        for n in &self.notes {
            let _ = writeln!(s, "* {n}");
        }
        if !self.unavailable.is_empty() || !self.notes.is_empty() {
            s.push('\n');
        }
        for p in &self.plots {
            let _ = writeln!(s, "![{}]({})\n", p.title, p.file);
        }
        s
    }

    pub fn json(&self) -> Value {
        json!({
            "name": self.name,
            "title": self.title,
            "what": self.what,
            "rows": self.table.json(),
            "unavailable": self.unavailable,
            "notes": self.notes,
            "plots": self.plots.iter().map(|p| p.file.clone()).collect::<Vec<_>>(),
        })
    }
}

pub enum PlotKind {
    /// Lines through points; either axis may be logarithmic (base 10 ticks).
    Lines { log_x: bool, log_y: bool },
    /// One horizontal bar per point of the first series (`labels` name them).
    Bars { labels: Vec<String> },
}

pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

pub struct Plot {
    /// File name inside the output directory.
    pub file: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub kind: PlotKind,
    pub series: Vec<Series>,
}

const COLORS: [&str; 6] = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A short label for a size axis: 16, 1K, 64K, 1M (powers of 1024).
fn size_label(v: f64) -> String {
    if v >= 1048576.0 && (v / 1048576.0).fract() == 0.0 {
        format!("{}M", v / 1048576.0)
    } else if v >= 1024.0 && (v / 1024.0).fract() == 0.0 {
        format!("{}K", v / 1024.0)
    } else {
        num_label(v)
    }
}

/// A short label for a value axis: 250, 30k, 1.5M, 0.25.
fn num_label(v: f64) -> String {
    if v >= 1e6 {
        format!("{}M", v / 1e6)
    } else if v >= 1e4 {
        format!("{}k", v / 1e3)
    } else if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// The value written beside a bar: two decimals below 100 (overheads in %), whole numbers
/// above.
fn bar_label(v: f64) -> String {
    if v.abs() < 100.0 && v.fract() != 0.0 {
        format!("{v:.2}")
    } else {
        num_label(v.round())
    }
}

/// Tick positions for a range: powers of 10 (log; powers of 4 when `bytes`) or about five
/// round steps (linear).
fn ticks(lo: f64, hi: f64, log: bool, bytes: bool) -> Vec<f64> {
    if log {
        let base: f64 = if bytes { 4.0 } else { 10.0 };
        let mut v = base.powf(lo.log(base).floor());
        let mut out = Vec::new();
        while v <= hi * 1.0001 {
            if v >= lo * 0.9999 {
                out.push(v);
            }
            v *= base;
        }
        out
    } else {
        let span = (hi - lo).max(1e-9);
        let raw = span / 5.0;
        let mag = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| span / s <= 6.0).unwrap_or(mag * 10.0);
        let mut v = (lo / step).ceil() * step;
        let mut out = Vec::new();
        while v <= hi + step * 1e-9 {
            out.push(v);
            v += step;
        }
        out
    }
}

impl Plot {
    pub fn svg(&self) -> String {
        match &self.kind {
            PlotKind::Lines { log_x, log_y } => self.lines_svg(*log_x, *log_y),
            PlotKind::Bars { labels } => self.bars_svg(labels),
        }
    }

    fn lines_svg(&self, log_x: bool, log_y: bool) -> String {
        let (w, h, l, r, t, b) = (900.0, 440.0, 80.0, 300.0, 40.0, 60.0);
        let pts = self.series.iter().flat_map(|s| s.points.iter()).filter(|p| p.0 > 0.0 && p.1 > 0.0);
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(x, y) in pts {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        if x0 > x1 {
            (x0, x1, y0, y1) = (1.0, 10.0, 1.0, 10.0);
        }
        if log_y {
            y0 = 10f64.powf(y0.log10().floor());
            y1 = 10f64.powf(y1.log10().ceil());
        } else {
            y0 = 0.0;
            y1 *= 1.1;
        }
        if x1 <= x0 {
            x1 = x0 * 2.0;
        }
        if y1 <= y0 {
            y1 = y0 * 10.0;
        }
        let f = |v: f64, lo: f64, hi: f64, log: bool| {
            if log {
                (v.ln() - lo.ln()) / (hi.ln() - lo.ln())
            } else {
                (v - lo) / (hi - lo)
            }
        };
        let px = |x: f64| l + f(x, x0, x1, log_x) * (w - l - r);
        let py = |y: f64| h - b - f(y, y0, y1, log_y) * (h - t - b);
        let mut s = self.header(w, h);
        // axes and grid
        let _ = writeln!(
            s,
            "<rect x=\"{l}\" y=\"{t}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333\"/>",
            w - l - r,
            h - t - b
        );
        for v in ticks(x0, x1, log_x, true) {
            let x = px(v);
            let _ = writeln!(
                s,
                "<line x1=\"{x:.1}\" y1=\"{t}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#ddd\"/><text x=\"{x:.1}\" y=\"{}\" \
                 text-anchor=\"middle\">{}</text>",
                h - b,
                h - b + 18.0,
                size_label(v)
            );
        }
        for v in ticks(y0, y1, log_y, false) {
            let y = py(v);
            let _ = writeln!(
                s,
                "<line x1=\"{l}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{:.1}\" \
                 text-anchor=\"end\">{}</text>",
                w - r,
                l - 6.0,
                y + 4.0,
                num_label(v)
            );
        }
        self.axis_labels(&mut s, w, h, l, r, b);
        for (i, ser) in self.series.iter().enumerate() {
            let c = COLORS[i % COLORS.len()];
            let p: Vec<String> = ser
                .points
                .iter()
                .filter(|p| p.0 > 0.0 && p.1 > 0.0)
                .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
                .collect();
            let _ =
                writeln!(s, "<polyline fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" points=\"{}\"/>", p.join(" "));
            for q in &p {
                let (x, y) = q.split_once(',').unwrap_or(("0", "0"));
                let _ = writeln!(s, "<circle cx=\"{x}\" cy=\"{y}\" r=\"3\" fill=\"{c}\"/>");
            }
            let ly = t + 16.0 + 20.0 * i as f64;
            let _ = writeln!(
                s,
                "<line x1=\"{}\" y1=\"{ly}\" x2=\"{}\" y2=\"{ly}\" stroke=\"{c}\" stroke-width=\"2\"/><text x=\"{}\" \
                 y=\"{}\">{}</text>",
                w - r + 10.0,
                w - r + 30.0,
                w - r + 36.0,
                ly + 4.0,
                esc(&ser.name)
            );
        }
        s.push_str("</svg>\n");
        s
    }

    fn bars_svg(&self, labels: &[String]) -> String {
        let values: Vec<f64> = self.series.first().map(|s| s.points.iter().map(|p| p.1).collect()).unwrap_or_default();
        let (l, r, t, b, bar) = (320.0, 80.0, 40.0, 60.0, 26.0);
        let w = 860.0;
        let h = t + b + bar * 1.5 * values.len().max(1) as f64;
        let hi = values.iter().cloned().fold(0.0, f64::max).max(1e-9) * 1.1;
        let px = |v: f64| l + v / hi * (w - l - r);
        let mut s = self.header(w, h);
        for v in ticks(0.0, hi, false, false) {
            let x = px(v);
            let _ = writeln!(
                s,
                "<line x1=\"{x:.1}\" y1=\"{t}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#ddd\"/><text x=\"{x:.1}\" y=\"{}\" \
                 text-anchor=\"middle\">{}</text>",
                h - b,
                h - b + 18.0,
                num_label(v)
            );
        }
        for (i, v) in values.iter().enumerate() {
            let y = t + bar * 0.25 + bar * 1.5 * i as f64;
            let label = labels.get(i).map(String::as_str).unwrap_or("");
            let _ = writeln!(
                s,
                "<rect x=\"{l}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bar}\" fill=\"{}\"/><text x=\"{}\" y=\"{:.1}\" \
                 text-anchor=\"end\">{}</text><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                (px(*v) - l).max(0.0), // a negative value (a cVM faster than bare) gets no bar, only its label
                COLORS[i % COLORS.len()],
                l - 8.0,
                y + bar * 0.65,
                esc(label),
                px(v.max(0.0)) + 6.0,
                y + bar * 0.65,
                bar_label(*v)
            );
        }
        let _ = writeln!(s, "<line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{}\" stroke=\"#333\"/>", h - b);
        self.axis_labels(&mut s, w, h, l, r, b);
        s.push_str("</svg>\n");
        s
    }

    fn header(&self, w: f64, h: f64) -> String {
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
             font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">{}</text>",
            w / 2.0,
            esc(&self.title)
        );
        s
    }

    fn axis_labels(&self, s: &mut String, w: f64, h: f64, l: f64, r: f64, b: f64) {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            l + (w - l - r) / 2.0,
            h - b + 40.0,
            esc(&self.x_label)
        );
        if !self.y_label.is_empty() {
            let _ = writeln!(
                s,
                "<text transform=\"translate(18,{}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
                (h - b) / 2.0 + 20.0,
                esc(&self.y_label)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_render_in_all_three_forms() {
        let mut t = Table::new(&[("what", "what"), ("cycles", "cycles"), ("ipc", "IPC")]);
        t.push(vec![Cell::Text("call".into()), Cell::Int(12), Cell::Num(0.5, 2)]);
        t.push(vec![Cell::Text("ecall".into()), Cell::Int(150), Cell::Num(0.25, 2)]);
        assert_eq!(t.text(), "  what   cycles   IPC\n  call       12  0.50\n  ecall     150  0.25\n");
        assert!(t.markdown().starts_with("| what | cycles | IPC |\n|---|---:|---:|\n| call | 12 | 0.50 |\n"));
        assert_eq!(t.json()[1]["cycles"], json!(150));
        assert_eq!(t.json()[0]["ipc"], json!(0.5));
    }

    #[test]
    fn log_ticks_of_message_sizes_are_powers_of_four() {
        assert_eq!(ticks(16.0, 1048576.0, true, true).len(), 9);
        assert_eq!(size_label(1048576.0), "1M");
        assert_eq!(size_label(4096.0), "4K");
        assert_eq!(num_label(30000.0), "30k");
        assert_eq!(num_label(0.25), "0.25");
        assert_eq!(
            (bar_label(0.564), bar_label(2664.0), bar_label(152.4)),
            ("0.56".into(), "2664".into(), "152".into())
        );
    }

    #[test]
    fn plots_are_well_formed_svg() {
        let p = Plot {
            file: "x.svg".into(),
            title: "a < b".into(),
            x_label: "bytes".into(),
            y_label: "MB/s".into(),
            kind: PlotKind::Lines { log_x: true, log_y: true },
            series: vec![Series { name: "s".into(), points: vec![(16.0, 1.0), (1024.0, 100.0)] }],
        };
        let s = p.svg();
        assert!(s.starts_with("<svg") && s.ends_with("</svg>\n") && s.contains("a &lt; b") && s.contains("<polyline"));
        let b = Plot { kind: PlotKind::Bars { labels: vec!["one".into()] }, ..p };
        assert!(b.svg().contains(">one</text>"));
    }
}
