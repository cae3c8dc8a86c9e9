//! Scenario 5, trusted code size: the lines of target code the monitor is built from — every
//! C and assembly source in `monitor/target/` plus every header they include (followed
//! through the build's include path: `monitor/target`, `monitor/include`,
//! `guest-images/include`) — and its linker script, without blank lines and comments.
//! Comments are C's (`/* */`, `//`); string and character literals are respected.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{Cell, Env, Plot, PlotKind, Section, Series, Table};

/// Lines that hold something other than whitespace and comments.
pub fn code_lines(text: &str) -> usize {
    #[derive(PartialEq)]
    enum S {
        Code,
        Block,
        Str(char),
    }
    let mut state = S::Code;
    let mut count = 0;
    for line in text.lines() {
        let mut has_code = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match state {
                S::Block => {
                    if c == '*' && chars.peek() == Some(&'/') {
                        chars.next();
                        state = S::Code;
                    }
                }
                S::Str(q) => {
                    has_code = true;
                    if c == '\\' {
                        chars.next();
                    } else if c == q {
                        state = S::Code;
                    }
                }
                S::Code => {
                    if c == '/' && chars.peek() == Some(&'*') {
                        chars.next();
                        state = S::Block;
                    } else if c == '/' && chars.peek() == Some(&'/') {
                        break;
                    } else if c == '"' || c == '\'' {
                        has_code = true;
                        state = S::Str(c);
                    } else if !c.is_whitespace() {
                        has_code = true;
                    }
                }
            }
        }
        // A literal does not continue past the end of its line.
        if matches!(state, S::Str(_)) {
            state = S::Code;
        }
        count += has_code as usize;
    }
    count
}

fn includes(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim_start().strip_prefix('#')?.trim_start().strip_prefix("include")?.trim();
            let name = l.strip_prefix('"')?;
            Some(name[..name.find('"')?].to_string())
        })
        .collect()
}

/// The monitor's sources and, transitively, the headers they include, in the order found.
fn trusted_files(repo: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let target = repo.join("monitor/target");
    let path = [target.clone(), repo.join("monitor/include"), repo.join("guest-images/include")];
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&target)
        .with_context(|| format!("cannot read {}", target.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("c" | "S")))
        .collect();
    sources.sort();
    let mut seen: BTreeSet<PathBuf> = sources.iter().cloned().collect();
    let mut files = sources.clone();
    let mut todo = sources;
    while let Some(f) = todo.pop() {
        let text = std::fs::read_to_string(&f).with_context(|| format!("cannot read {}", f.display()))?;
        for inc in includes(&text) {
            let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
            if let Some(found) =
                std::iter::once(dir).chain(path.iter().cloned()).map(|d| d.join(&inc)).find(|p| p.is_file())
            {
                if seen.insert(found.clone()) {
                    files.push(found.clone());
                    todo.push(found);
                }
            }
        }
    }
    files.push(target.join("link.ld"));
    Ok(files)
}

pub fn run(env: &Env) -> anyhow::Result<Section> {
    let files = trusted_files(&env.repo)?;
    let mut table = Table::new(&[
        ("file", "file"),
        ("kind", "kind"),
        ("lines", "lines"),
        ("with_comments", "with comments and blanks"),
    ]);
    let (mut total, mut raw_total) = (0, 0);
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
        let n = code_lines(&text);
        let raw = text.lines().count();
        let rel = f.strip_prefix(&env.repo).unwrap_or(f).display().to_string();
        let kind = match f.extension().and_then(|e| e.to_str()) {
            Some("S") => "assembly",
            Some("c") => "C",
            Some("h") if rel.starts_with("monitor/include") => "generated header",
            Some("h") => "header",
            _ => "linker script",
        };
        total += n;
        raw_total += raw;
        labels.push(rel.clone());
        bars.push((bars.len() as f64, n as f64));
        table.push(vec![Cell::Text(rel), Cell::Text(kind.into()), Cell::Int(n as u64), Cell::Int(raw as u64)]);
    }
    table.push(vec![
        Cell::Text("total".into()),
        Cell::Text(String::new()),
        Cell::Int(total as u64),
        Cell::Int(raw_total as u64),
    ]);
    Ok(Section {
        name: "tcb",
        title: "5. Trusted code size",
        what: "Lines of the monitor's target code without blank lines and comments: its C and assembly sources, every \
               header they include (followed through the build's include path), and its linker script. The host-side \
               loader (Rust) is not counted: the monitor checks everything the loader gives it."
            .into(),
        table,
        unavailable: vec![],
        notes: vec![],
        plots: vec![Plot {
            file: "tcb.svg".into(),
            title: "Trusted code: lines by file".into(),
            x_label: "lines without blanks and comments".into(),
            y_label: String::new(),
            kind: PlotKind::Bars { labels },
            series: vec![Series { name: "lines".into(), points: bars }],
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_do_not_count() {
        let text = "/* a\n * b */\nint x; // y\n\n  // z\nchar *s = \"/* not a comment\";\nint y; /* c\n d */ int z;\n";
        assert_eq!(code_lines(text), 4);
        assert_eq!(includes("#include \"a.h\"\n# include <b.h>\n  #include \"c.h\" // x\n"), ["a.h", "c.h"]);
    }
}
