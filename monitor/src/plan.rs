//! Where everything of a deployment goes in DRAM, and the boot-information table.
//!
//! ```text
//!  MONITOR_BASE  monitor image, stack ............ BOOTINFO_ADDR boot information
//!  MONITOR_BASE + MONITOR_SIZE
//!  ...
//!  cVM region base   image (linked at 0, relocated here): text, rodata, data, bss
//!                    ... free ...
//!  stack_top         stack (grows down, at least MIN_STACK)
//!  args_addr         the argument string, NUL-terminated, 16-byte aligned
//!  cVM region end
//!  ...
//!  capfiles          allocated downwards from the end of DRAM, outside every region
//! ```

use std::path::Path;

use crate::abi::{
    name_field, BootInfo, BootInfoCapfile, BootInfoCvm, BOOTINFO_ADDR, BOOTINFO_MAGIC, BOOTINFO_MAX, BOOTINFO_VERSION,
    CVM_FLAG_OBSERVED, CVM_FLAG_UNRELOCATED, DRAM_BASE, MONITOR_BASE, MONITOR_SIZE,
};
use crate::deploy::{range, DeployError, Deployment, Isolation};
use crate::image::CvmImage;

/// The least stack a cVM gets between its image and its arguments.
pub const MIN_STACK: u64 = 0x4000;

/// Bytes to write into DRAM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Load {
    pub addr: u64,
    pub bytes: Vec<u8>,
}

/// One cVM as placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedCvm {
    pub name: String,
    pub region: Isolation,
    /// PCC bounds `[start, end)`.
    pub code: (u64, u64),
    pub entry: u64,
    pub stack_top: u64,
    pub args_addr: u64,
}

/// One capfile as placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedCapfile {
    pub name: String,
    pub base: u64,
    pub size: u64,
}

/// Everything the machine needs besides the monitor image.
#[derive(Clone, Debug)]
pub struct Plan {
    pub loads: Vec<Load>,
    pub bootinfo_addr: u64,
    pub bootinfo: Vec<u8>,
    pub cvms: Vec<PlacedCvm>,
    pub capfiles: Vec<PlacedCapfile>,
}

impl Plan {
    /// The boot information with [`CVM_FLAG_OBSERVED`] set in every cVM entry: for a run
    /// whose trace port someone reads, so that the monitor reports every event.
    pub fn observed_bootinfo(&self) -> Vec<u8> {
        let mut b = self.bootinfo.clone();
        let flags = BootInfoCvm::offset_of("flags").expect("BootInfoCvm has flags");
        for i in 0..self.cvms.len() {
            let at = BootInfo::SIZE + i * BootInfoCvm::SIZE + flags;
            b[at..at + 8].copy_from_slice(&CVM_FLAG_OBSERVED.to_le_bytes());
        }
        b
    }
}

macro_rules! refuse {
    ($($arg:tt)*) => { return Err(DeployError(format!($($arg)*))) };
}

/// The smallest `[start, end)` ⊇ `[a, b)` that a capability can bound exactly (spec §1.10).
pub fn representable(a: u64, b: u64) -> (u64, u64) {
    let (mut start, mut end) = (a, b);
    loop {
        let len = cheri_cap::crrl(end - start);
        let s = start & cheri_cap::cram(len);
        let e = s.saturating_add(len).max(end);
        if s == start && e == end && cheri_cap::crrl(e - s) == e - s {
            return (s, e);
        }
        start = s;
        end = e;
    }
}

fn align_up(v: u64, a: u64) -> u64 {
    v.div_ceil(a) * a
}

/// Gives an image's bytes and the name to show in messages, from its path as the deployment
/// names it (or why it has none).
pub type ReadImage<'a> = dyn Fn(&Path) -> Result<(Vec<u8>, String), String> + 'a;

/// Reads the images (paths relative to `base_dir`) and lays out a checked deployment for a
/// machine with `dram_size` bytes of DRAM.
pub fn plan(d: &Deployment, base_dir: &Path, dram_size: u64) -> Result<Plan, DeployError> {
    plan_with(d, dram_size, &|image: &Path| {
        let path = base_dir.join(image);
        let shown = path.display().to_string();
        std::fs::read(&path).map(|bytes| (bytes, shown.clone())).map_err(|e| format!("cannot read image {shown}: {e}"))
    })
}

/// [`plan`] with the images from `read_image`, which gets an image's path as the deployment
/// names it and gives its bytes and the name to show in messages (or why it has none):
/// for deployments whose images are not files, like the one `capvm up` embeds.
pub fn plan_with(d: &Deployment, dram_size: u64, read_image: &ReadImage) -> Result<Plan, DeployError> {
    plan_placed(d, dram_size, read_image, true)
}

/// [`plan_with`] with a choice: `relocate` (v9) moves every pointer of an image into its
/// region; without (`--cheri v8`) the images keep their link-time addresses, their code must
/// start at the region's base (PCC.base is where the PC counts from), and every cVM entry
/// carries [`CVM_FLAG_UNRELOCATED`].
pub fn plan_placed(
    d: &Deployment,
    dram_size: u64,
    read_image: &ReadImage,
    relocate: bool,
) -> Result<Plan, DeployError> {
    let dram_end = DRAM_BASE + dram_size;
    if dram_size < MONITOR_SIZE * 2 {
        refuse!("DRAM of {dram_size:#x} bytes leaves no room beside the monitor's {MONITOR_SIZE:#x} (try --mem)");
    }
    d.check(DRAM_BASE, dram_end)?;

    let mut loads = Vec::new();
    let mut cvms = Vec::new();
    let mut cvm_entries = Vec::new();
    for c in &d.cvms {
        let (bytes, shown) = read_image(&c.image).map_err(|e| DeployError(format!("cVM \"{}\": {e}", c.name)))?;
        let img =
            CvmImage::parse(&bytes).map_err(|e| DeployError(format!("cVM \"{}\": image {shown}: {e}", c.name)))?;
        let r = c.isolation;
        let args_area = align_up(c.args.len() as u64 + 1, 16);
        let args_addr = r.end() - args_area;
        let stack_top = args_addr;
        if img.end.saturating_add(MIN_STACK).saturating_add(args_area) > r.size {
            refuse!(
                "cVM \"{}\": image ({:#x} bytes), stack ({MIN_STACK:#x}) and args ({args_area:#x}) do not fit its region of {:#x} bytes",
                c.name,
                img.end,
                r.size
            );
        }
        let code = representable(r.base + img.code.0, r.base + img.code.1);
        if code.0 < r.base || code.1 > r.end() {
            refuse!(
                "cVM \"{}\": its code {} cannot be bounded exactly inside its region {}",
                c.name,
                range(code.0, code.1),
                range(r.base, r.end())
            );
        }
        if !relocate && code.0 != r.base {
            refuse!("cVM \"{}\": under v8 its code must start at the region's base {:#x}", c.name, r.base);
        }
        let placed = if relocate { img.relocated(r.base) } else { img.unrelocated(r.base) };
        for (addr, bytes) in placed {
            loads.push(Load { addr, bytes });
        }
        let mut args = c.args.clone().into_bytes();
        args.push(0);
        loads.push(Load { addr: args_addr, bytes: args });
        let capfile_mask = d
            .capfiles
            .iter()
            .enumerate()
            .filter(|(_, f)| c.capfiles.contains(&f.name))
            .fold(0u64, |m, (i, _)| m | 1 << i);
        cvm_entries.push(BootInfoCvm {
            name: name_field(&c.name),
            region_base: r.base,
            region_size: r.size,
            code_base: code.0,
            code_size: code.1 - code.0,
            entry: r.base + img.entry,
            stack_top,
            args_addr,
            args_len: c.args.len() as u64,
            capfile_mask,
            flags: if relocate { 0 } else { CVM_FLAG_UNRELOCATED },
        });
        cvms.push(PlacedCvm { name: c.name.clone(), region: r, code, entry: r.base + img.entry, stack_top, args_addr });
    }

    // Capfiles: downwards from the end of DRAM, each exactly representable, skipping regions.
    let mut capfiles = Vec::new();
    let mut capfile_entries = Vec::new();
    let mut top = dram_end;
    for f in &d.capfiles {
        let size = align_up(cheri_cap::crrl(f.size), 0x1000);
        let mask = cheri_cap::cram(size) & !0xfff;
        let base = loop {
            let Some(base) = top.checked_sub(size).map(|b| b & mask) else {
                refuse!(
                    "capfile \"{}\" ({:#x} bytes) does not fit in DRAM beside the cVMs (try --mem)",
                    f.name,
                    f.size
                );
            };
            if base < MONITOR_BASE + MONITOR_SIZE {
                refuse!(
                    "capfile \"{}\" ({:#x} bytes) does not fit in DRAM beside the cVMs (try --mem)",
                    f.name,
                    f.size
                );
            }
            match cvms.iter().find(|c| c.region.overlaps(base, base + size)) {
                Some(c) => top = c.region.base,
                None => break base,
            }
        };
        top = base;
        let data = f.data.clone().unwrap_or_default().into_bytes();
        capfile_entries.push(BootInfoCapfile {
            name: name_field(&f.name),
            base,
            size: f.size,
            data_len: data.len() as u64,
            flags: 0,
        });
        if !data.is_empty() {
            loads.push(Load { addr: base, bytes: data });
        }
        capfiles.push(PlacedCapfile { name: f.name.clone(), base, size: f.size });
    }

    let cvm_offset = BootInfo::SIZE as u64;
    let capfile_offset = cvm_offset + (cvm_entries.len() * BootInfoCvm::SIZE) as u64;
    let size = capfile_offset + (capfile_entries.len() * BootInfoCapfile::SIZE) as u64;
    if size > BOOTINFO_MAX {
        refuse!("the boot information needs {size:#x} bytes, more than {BOOTINFO_MAX:#x}");
    }
    let header = BootInfo {
        magic: BOOTINFO_MAGIC,
        version: BOOTINFO_VERSION,
        size: size as u32,
        dram_base: DRAM_BASE,
        dram_size,
        monitor_base: MONITOR_BASE,
        monitor_size: MONITOR_SIZE,
        cvm_count: cvm_entries.len() as u32,
        cvm_entry_size: BootInfoCvm::SIZE as u32,
        capfile_count: capfile_entries.len() as u32,
        capfile_entry_size: BootInfoCapfile::SIZE as u32,
        cvm_offset,
        capfile_offset,
    };
    let mut bootinfo = header.to_bytes();
    for e in &cvm_entries {
        bootinfo.extend(e.to_bytes());
    }
    for e in &capfile_entries {
        bootinfo.extend(e.to_bytes());
    }
    Ok(Plan { loads, bootinfo_addr: BOOTINFO_ADDR, bootinfo, cvms, capfiles })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::{CapfileSpec, CvmSpec};

    fn dir() -> &'static Path {
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../guest-images/cvm"))
    }

    fn deployment() -> Deployment {
        let cvm = |name: &str, base| CvmSpec {
            name: name.into(),
            image: "hello.elf".into(),
            args: format!("{name} hi"),
            isolation: Isolation { base, size: 0x10_0000 },
            capfiles: vec!["buf".into()],
        };
        Deployment {
            cvms: vec![cvm("alice", 0x8040_0000), cvm("bob", 0x8050_0000)],
            capfiles: vec![CapfileSpec { name: "buf".into(), size: 0x3000, data: Some("x".into()) }],
        }
    }

    #[test]
    fn representable_ranges_cover_and_are_exact() {
        for (a, b) in [(0x8040_0000, 0x8040_0f00), (0x8040_0000, 0x8041_2345), (0x8040_1234, 0x8090_0001)] {
            let (s, e) = representable(a, b);
            assert!(s <= a && e >= b);
            assert_eq!(cheri_cap::crrl(e - s), e - s);
            assert_eq!(s & cheri_cap::cram(e - s), s);
        }
    }

    #[test]
    fn places_cvms_args_and_capfiles() {
        let p = plan(&deployment(), dir(), 128 << 20).unwrap();
        let a = &p.cvms[0];
        assert_eq!(a.region.base, 0x8040_0000);
        assert!(a.code.0 >= a.region.base && a.code.1 <= a.region.end());
        assert_eq!(a.args_addr, 0x8050_0000 - 16);
        assert_eq!(a.stack_top % 16, 0);
        assert_eq!(p.capfiles[0].base, 0x8800_0000 - 0x3000);
        let args = p.loads.iter().find(|l| l.addr == a.args_addr).unwrap();
        assert_eq!(args.bytes, b"alice hi\0");
        assert_eq!(p.bootinfo.len(), BootInfo::SIZE + 2 * BootInfoCvm::SIZE + BootInfoCapfile::SIZE);
        let mask_off = BootInfo::SIZE + BootInfoCvm::offset_of("capfile_mask").unwrap();
        assert_eq!(p.bootinfo[mask_off], 1);
        // Observed: every cVM entry's flags, and nothing else, change.
        let o = p.observed_bootinfo();
        let flags = BootInfoCvm::offset_of("flags").unwrap();
        for (i, (x, y)) in p.bootinfo.iter().zip(&o).enumerate() {
            let in_flags = (0..2).any(|c| i == BootInfo::SIZE + c * BootInfoCvm::SIZE + flags);
            assert_eq!(*y, if in_flags { CVM_FLAG_OBSERVED as u8 } else { *x }, "byte {i}");
        }
    }

    #[test]
    fn unrelocated_images_keep_their_pointers_and_say_so() {
        let d = deployment();
        let read =
            |image: &Path| std::fs::read(dir().join(image)).map(|b| (b, String::new())).map_err(|e| e.to_string());
        let moved = plan_placed(&d, 128 << 20, &read, true).unwrap();
        let kept = plan_placed(&d, 128 << 20, &read, false).unwrap();
        assert_eq!(moved.loads.len(), kept.loads.len());
        assert!(moved.loads.iter().zip(&kept.loads).any(|(m, k)| m.bytes != k.bytes), "some pointer moved");
        let flags = BootInfo::SIZE + BootInfoCvm::offset_of("flags").unwrap();
        assert_eq!(moved.bootinfo[flags], 0);
        assert_eq!(kept.bootinfo[flags], CVM_FLAG_UNRELOCATED as u8);
    }

    #[test]
    fn capfiles_skip_regions_at_the_top_of_dram() {
        let mut d = deployment();
        d.cvms[1].isolation.base = 0x87f0_0000;
        let p = plan(&d, dir(), 128 << 20).unwrap();
        assert_eq!(p.capfiles[0].base, 0x87f0_0000 - 0x3000);
    }

    #[test]
    fn missing_image() {
        let mut d = deployment();
        d.cvms[1].image = "nope.elf".into();
        let e = plan(&d, dir(), 128 << 20).unwrap_err().0;
        assert!(e.starts_with("cVM \"bob\": cannot read image ") && e.contains("nope.elf"), "{e}");
    }

    #[test]
    fn image_that_is_not_a_cvm_image() {
        let mut d = deployment();
        d.cvms[0].image = "../hello/hello.elf".into();
        let e = plan(&d, dir(), 128 << 20).unwrap_err().0;
        assert!(e.contains("cVM \"alice\": image") && e.contains("link cVM images at 0"), "{e}");
    }

    #[test]
    fn region_too_small_for_image_and_stack() {
        let mut d = deployment();
        d.cvms[0].isolation.size = 0x4000;
        let e = plan(&d, dir(), 128 << 20).unwrap_err().0;
        assert!(e.contains("do not fit its region of 0x4000 bytes"), "{e}");
    }

    #[test]
    fn dram_too_small() {
        let e = plan(&deployment(), dir(), 2 << 20).unwrap_err().0;
        assert!(e.contains("try --mem"), "{e}");
        let e = plan(&deployment(), dir(), 5 << 20).unwrap_err().0;
        assert!(e.contains("lies outside DRAM"), "{e}");
    }
}
