//! The deployment file: which cVMs run, from which images, in which regions, with which
//! capfiles. TOML with the field names of Intravisor's YAML (`cvms` — `cVMs` is accepted
//! too —, `name`, `image`, `args`, `isolation`, `capfiles`):
//!
//! ```toml
//! [[capfiles]]
//! name = "greeting"             # the key a cVM probes
//! size = 0x1000
//! data = "Hello world\n"        # optional initial contents
//!
//! [[cvms]]
//! name = "alice"
//! image = "../guest-images/cvm/hello.elf"   # relative to this file
//! args = "alice says hi"
//! isolation = { base = 0x80400000, size = 0x100000 }
//! capfiles = ["greeting"]       # optional: the capfiles this cVM may use
//! ```
//!
//! [`Deployment::check`] finds every error that needs no file access; each is one line that
//! names the thing (the caller prefixes the file name).

use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;

use crate::abi::{MAX_CAPFILES, MAX_CVMS, MONITOR_BASE, MONITOR_SIZE, NAME_LEN};

/// The longest argument string (bytes).
pub const MAX_ARGS_LEN: usize = 4096;

/// A deployment, as written.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    #[serde(default)]
    pub capfiles: Vec<CapfileSpec>,
    #[serde(default, alias = "cVMs")]
    pub cvms: Vec<CvmSpec>,
}

/// A shared buffer (CAP_File), allocated by the loader outside every cVM region.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CapfileSpec {
    pub name: String,
    pub size: u64,
    /// Initial contents (at most `size` bytes).
    #[serde(default)]
    pub data: Option<String>,
}

/// One cVM.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CvmSpec {
    pub name: String,
    /// The ELF image (linked at 0), relative to the deployment file.
    pub image: PathBuf,
    /// One string; the cVM runtime splits it at spaces into argv.
    #[serde(default)]
    pub args: String,
    pub isolation: Isolation,
    /// Names of the capfiles this cVM may use.
    #[serde(default)]
    pub capfiles: Vec<String>,
}

/// The cVM's region: its DDC covers exactly `[base, base + size)`.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Isolation {
    pub base: u64,
    pub size: u64,
}

impl Isolation {
    pub fn end(&self) -> u64 {
        self.base.saturating_add(self.size)
    }

    pub fn overlaps(&self, start: u64, end: u64) -> bool {
        self.base < end && start < self.end()
    }
}

/// Why a deployment was refused: one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeployError(pub String);

impl fmt::Display for DeployError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DeployError {}

macro_rules! refuse {
    ($($arg:tt)*) => { return Err(DeployError(format!($($arg)*))) };
}

/// `[a, b)` in the form the messages use.
pub fn range(a: u64, b: u64) -> String {
    format!("{a:#x}..{b:#x}")
}

fn check_name(kind: &str, name: &str) -> Result<(), DeployError> {
    if name.is_empty() {
        refuse!("a {kind} has an empty name");
    }
    if name.len() >= NAME_LEN {
        refuse!("{kind} name \"{name}\" is longer than {} bytes", NAME_LEN - 1);
    }
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        refuse!("{kind} name \"{name}\" may contain only letters, digits, '-' and '_'");
    }
    Ok(())
}

impl Deployment {
    /// Parses TOML. The error is one line: `line L: what`.
    pub fn from_toml(text: &str) -> Result<Deployment, DeployError> {
        toml::from_str(text).map_err(|e| {
            let msg = e.message().replace('\n', " ");
            match e.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    DeployError(format!("line {line}: {}", msg.trim()))
                }
                None => DeployError(msg.trim().to_string()),
            }
        })
    }

    /// Every check that needs no file: names, regions against DRAM `[dram_base, dram_end)`,
    /// the monitor's block and each other, capfile references and sizes, arguments.
    pub fn check(&self, dram_base: u64, dram_end: u64) -> Result<(), DeployError> {
        if self.cvms.is_empty() {
            refuse!("no cVMs: add a [[cvms]] table");
        }
        if self.cvms.len() > MAX_CVMS {
            refuse!("{} cVMs; the monitor runs at most {MAX_CVMS}", self.cvms.len());
        }
        if self.capfiles.len() > MAX_CAPFILES {
            refuse!("{} capfiles; at most {MAX_CAPFILES}", self.capfiles.len());
        }
        for (i, f) in self.capfiles.iter().enumerate() {
            check_name("capfile", &f.name)?;
            if let Some(other) = self.capfiles[..i].iter().find(|o| o.name == f.name) {
                refuse!("capfile \"{}\" is defined twice", other.name);
            }
            if f.size == 0 {
                refuse!("capfile \"{}\" has size 0", f.name);
            }
            if f.size > dram_end - dram_base {
                refuse!("capfile \"{}\" size {:#x} is larger than DRAM (try --mem)", f.name, f.size);
            }
            // Probes hand out a capability to exactly the buffer (CSetBoundsExact, spec §1.10).
            if cheri_cap::crrl(f.size) != f.size {
                refuse!(
                    "capfile \"{}\" size {:#x} cannot be bounded exactly by a capability: use {:#x}",
                    f.name,
                    f.size,
                    cheri_cap::crrl(f.size)
                );
            }
            if let Some(data) = &f.data {
                if data.len() as u64 > f.size {
                    refuse!("capfile \"{}\" data ({} bytes) does not fit its size {:#x}", f.name, data.len(), f.size);
                }
            }
        }
        let monitor_end = MONITOR_BASE + MONITOR_SIZE;
        for (i, c) in self.cvms.iter().enumerate() {
            check_name("cVM", &c.name)?;
            if self.cvms[..i].iter().any(|o| o.name == c.name) {
                refuse!("cVM \"{}\" is defined twice", c.name);
            }
            let r = c.isolation;
            let shown = range(r.base, r.end());
            if r.size == 0 {
                refuse!("cVM \"{}\" region at {:#x} has size 0", c.name, r.base);
            }
            if r.base.checked_add(r.size).is_none() || r.base < dram_base || r.end() > dram_end {
                refuse!(
                    "cVM \"{}\" region {shown} lies outside DRAM {} (try --mem)",
                    c.name,
                    range(dram_base, dram_end)
                );
            }
            if r.overlaps(MONITOR_BASE, monitor_end) {
                refuse!(
                    "cVM \"{}\" region {shown} overlaps the monitor's {}",
                    c.name,
                    range(MONITOR_BASE, monitor_end)
                );
            }
            if r.base % 0x1000 != 0 || r.size % 0x1000 != 0 {
                refuse!("cVM \"{}\" region {shown} must start and end on a 4 KiB boundary", c.name);
            }
            // The DDC must cover exactly the region: CSetBoundsExact must succeed (spec §1.10).
            let exact_len = cheri_cap::crrl(r.size);
            let mask = cheri_cap::cram(r.size);
            if exact_len != r.size || r.base & mask != r.base {
                refuse!(
                    "cVM \"{}\" region {shown} cannot be bounded exactly by a capability: use a size of {:#x} and a base aligned to {:#x}",
                    c.name,
                    exact_len,
                    mask.wrapping_neg()
                );
            }
            if let Some(o) = self.cvms[..i].iter().find(|o| o.isolation.overlaps(r.base, r.end())) {
                refuse!("cVM \"{}\" region {shown} overlaps cVM \"{}\"", c.name, o.name);
            }
            for key in &c.capfiles {
                if !self.capfiles.iter().any(|f| &f.name == key) {
                    refuse!("cVM \"{}\" names capfile \"{key}\", which the deployment does not define", c.name);
                }
            }
            if c.args.len() > MAX_ARGS_LEN {
                refuse!("cVM \"{}\" args are {} bytes; at most {MAX_ARGS_LEN}", c.name, c.args.len());
            }
            if c.args.contains('\0') {
                refuse!("cVM \"{}\" args contain a NUL byte", c.name);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAM: (u64, u64) = (0x8000_0000, 0x8800_0000);

    fn cvm(name: &str, base: u64, size: u64) -> CvmSpec {
        CvmSpec { name: name.into(), image: "x.elf".into(), isolation: Isolation { base, size }, ..Default::default() }
    }

    fn two() -> Deployment {
        Deployment {
            cvms: vec![cvm("alice", 0x8040_0000, 0x10_0000), cvm("bob", 0x8050_0000, 0x10_0000)],
            capfiles: vec![CapfileSpec { name: "greeting".into(), size: 0x1000, data: Some("hi".into()) }],
        }
    }

    fn err(d: &Deployment) -> String {
        d.check(DRAM.0, DRAM.1).unwrap_err().0
    }

    #[test]
    fn parses_the_intravisor_names() {
        let d = Deployment::from_toml(
            r#"
            [[capfiles]]
            name = "greeting"
            size = 0x20
            data = "Hello world\n"

            [[cVMs]]
            name = "hello"
            image = "hello.elf"
            args = "a b"
            isolation = { base = 0x80400000, size = 0x100000 }
            capfiles = ["greeting"]
            "#,
        )
        .unwrap();
        assert_eq!(d.cvms[0].isolation, Isolation { base: 0x8040_0000, size: 0x10_0000 });
        assert_eq!(d.capfiles[0].data.as_deref(), Some("Hello world\n"));
        d.check(DRAM.0, DRAM.1).unwrap();
    }

    #[test]
    fn parse_errors_are_one_line_with_a_line_number() {
        let e = Deployment::from_toml("[[cvms]]\nname = \"a\"\nimage = \"x\"\nisolaton = { base = 1, size = 2 }\n")
            .unwrap_err()
            .0;
        assert!(e.starts_with("line 4: "), "{e}");
        assert!(e.contains("isolaton"), "{e}");
        assert!(!e.contains('\n'));
        let e = Deployment::from_toml("[[cvms]]\nname = \"a\"\n").unwrap_err().0;
        assert!(e.contains("missing field"), "{e}");
    }

    #[test]
    fn a_good_deployment_passes() {
        two().check(DRAM.0, DRAM.1).unwrap();
    }

    #[test]
    fn overlapping_regions() {
        let mut d = two();
        d.cvms[1].isolation.base = 0x8040_0000;
        assert_eq!(err(&d), "cVM \"bob\" region 0x80400000..0x80500000 overlaps cVM \"alice\"");
    }

    #[test]
    fn region_outside_dram() {
        let mut d = two();
        d.cvms[1].isolation.base = 0x8800_0000;
        assert_eq!(
            err(&d),
            "cVM \"bob\" region 0x88000000..0x88100000 lies outside DRAM 0x80000000..0x88000000 (try --mem)"
        );
        d.cvms[1].isolation = Isolation { base: 0x1000_0000, size: 0x1000 };
        assert!(err(&d).contains("lies outside DRAM"));
        d.cvms[1].isolation = Isolation { base: u64::MAX - 0xfff, size: 0x2000 };
        assert!(err(&d).contains("lies outside DRAM"));
    }

    #[test]
    fn region_over_the_monitor() {
        let mut d = two();
        d.cvms[0].isolation = Isolation { base: 0x8010_0000, size: 0x10_0000 };
        assert_eq!(
            err(&d),
            "cVM \"alice\" region 0x80100000..0x80200000 overlaps the monitor's 0x80000000..0x80200000"
        );
    }

    #[test]
    fn capfile_not_representable() {
        let mut d = two();
        d.capfiles[0].size = 0x10_0001;
        assert_eq!(
            err(&d),
            "capfile \"greeting\" size 0x100001 cannot be bounded exactly by a capability: use 0x100800"
        );
        d.capfiles[0].size = 0x10_0800;
        assert!(d.check(DRAM.0, DRAM.1).is_ok(), "{}", err(&d));
    }

    #[test]
    fn region_not_representable() {
        let mut d = two();
        d.cvms[0].isolation = Isolation { base: 0x8040_0010, size: 0x10_0000 };
        assert!(err(&d).contains("must start and end on a 4 KiB boundary"));
        d.cvms[0].isolation = Isolation { base: 0x8200_1000, size: 0x400_0000 };
        let e = err(&d);
        assert!(e.contains("cannot be bounded exactly") && e.contains("aligned to 0x"), "{e}");
        d.cvms[0].isolation = Isolation { base: 0x8400_0000, size: 0x3ff_f000 };
        assert!(err(&d).contains("use a size of 0x"), "{}", err(&d));
    }

    #[test]
    fn empty_region() {
        let mut d = two();
        d.cvms[0].isolation.size = 0;
        assert_eq!(err(&d), "cVM \"alice\" region at 0x80400000 has size 0");
    }

    #[test]
    fn unknown_capfile() {
        let mut d = two();
        d.cvms[1].capfiles = vec!["greeting".into(), "secrets".into()];
        assert_eq!(err(&d), "cVM \"bob\" names capfile \"secrets\", which the deployment does not define");
    }

    #[test]
    fn duplicate_names() {
        let mut d = two();
        d.cvms[1].name = "alice".into();
        assert_eq!(err(&d), "cVM \"alice\" is defined twice");
        let mut d = two();
        d.capfiles.push(d.capfiles[0].clone());
        assert_eq!(err(&d), "capfile \"greeting\" is defined twice");
    }

    #[test]
    fn bad_names() {
        let mut d = two();
        d.cvms[0].name = "".into();
        assert_eq!(err(&d), "a cVM has an empty name");
        d.cvms[0].name = "a b".into();
        assert!(err(&d).contains("may contain only"));
        d.cvms[0].name = "n".repeat(32);
        assert!(err(&d).contains("longer than 31 bytes"));
    }

    #[test]
    fn capfile_sizes() {
        let mut d = two();
        d.capfiles[0].size = 0;
        assert_eq!(err(&d), "capfile \"greeting\" has size 0");
        d.capfiles[0].size = 1;
        assert_eq!(err(&d), "capfile \"greeting\" data (2 bytes) does not fit its size 0x1");
    }

    #[test]
    fn counts_and_args() {
        assert_eq!(err(&Deployment::default()), "no cVMs: add a [[cvms]] table");
        let mut d = two();
        d.cvms = (0..17).map(|i| cvm(&format!("c{i}"), 0x8100_0000 + i * 0x10_0000, 0x10_0000)).collect();
        assert_eq!(err(&d), "17 cVMs; the monitor runs at most 16");
        let mut d = two();
        d.cvms[0].args = "x".repeat(MAX_ARGS_LEN + 1);
        assert!(err(&d).contains("args are 4097 bytes"));
        d.cvms[0].args = "a\0b".into();
        assert!(err(&d).contains("NUL"));
    }
}
