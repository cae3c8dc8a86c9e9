//! cVM images: RV64 ELF executables linked at address 0 with `--emit-relocs`, placed at
//! their region's base by adding the base to every absolute 64-bit pointer.
//!
//! Why this form: ISAv9 has no PCC/DDC relocation (spec §8), so a cVM's code must run at its
//! real address, and the same image should run in any region. `riscv64-unknown-elf-ld` cannot
//! link PIE executables, but `-mcmodel=medany` code is PC-relative; what is left are the
//! 64-bit pointers in data (`R_RISCV_64`), which the kept relocations list. Anything absolute
//! that this loader cannot move (`lui`-built addresses, gp-relative accesses, 32-bit
//! pointers) is refused by name, so a badly built image fails at load time, not at run time.
//! The same image linked at 0 is also what v8-style DDC/PCC relocation would run unmodified.

use goblin::elf::{header, program_header, reloc, section_header, Elf};

/// Not named by goblin.
const R_RISCV_32_PCREL: u32 = 57;

/// Images are linked at 0; a segment ending above this was linked somewhere else.
const MAX_LINK_END: u64 = 0x4000_0000;

/// A loadable segment, at `offset` from the region's base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub offset: u64,
    pub data: Vec<u8>,
    pub mem_size: u64,
    pub exec: bool,
}

/// A parsed cVM image.
#[derive(Clone, Debug)]
pub struct CvmImage {
    pub segments: Vec<Segment>,
    /// Entry point, as an offset from the region base.
    pub entry: u64,
    /// The executable part `[start, end)`, as offsets (PCC covers it).
    pub code: (u64, u64),
    /// The end of the highest segment (offset): the stack and arguments go above it.
    pub end: u64,
    /// Offsets of the 64-bit words that hold absolute addresses.
    pub pointers: Vec<u64>,
}

fn reloc_name(t: u32) -> String {
    match t {
        reloc::R_RISCV_32 => "R_RISCV_32 (a 32-bit absolute pointer)".into(),
        reloc::R_RISCV_HI20 | reloc::R_RISCV_LO12_I | reloc::R_RISCV_LO12_S => {
            "an absolute lui/addi address (build with -mcmodel=medany)".into()
        }
        reloc::R_RISCV_GPREL_I | reloc::R_RISCV_GPREL_S => {
            "a gp-relative access (link without __global_pointer$)".into()
        }
        reloc::R_RISCV_GOT_HI20 => "a GOT access (build without -fPIC/-fPIE)".into(),
        t => format!("relocation type {t}"),
    }
}

impl CvmImage {
    /// Parses and checks an image. Errors are one line.
    pub fn parse(bytes: &[u8]) -> Result<CvmImage, String> {
        if bytes.len() < 4 || &bytes[..4] != b"\x7fELF" {
            return Err("not an ELF file".into());
        }
        let elf = Elf::parse(bytes).map_err(|e| format!("not a valid ELF file ({e})"))?;
        if !elf.is_64 || !elf.little_endian || elf.header.e_machine != header::EM_RISCV {
            return Err("not a 64-bit little-endian RISC-V ELF".into());
        }
        if elf.header.e_type != header::ET_EXEC {
            return Err(format!("not an executable (ELF type {})", elf.header.e_type));
        }
        let mut segments = Vec::new();
        for ph in &elf.program_headers {
            if ph.p_type != program_header::PT_LOAD || ph.p_memsz == 0 {
                continue;
            }
            let data = ph
                .p_offset
                .checked_add(ph.p_filesz)
                .filter(|&e| e <= bytes.len() as u64 && ph.p_filesz <= ph.p_memsz)
                .map(|e| bytes[ph.p_offset as usize..e as usize].to_vec())
                .ok_or_else(|| format!("segment at {:#x} is truncated", ph.p_vaddr))?;
            if !matches!(ph.p_vaddr.checked_add(ph.p_memsz), Some(e) if e <= MAX_LINK_END) {
                return Err(format!("segment at {:#x} is not linked at 0 (link cVM images at 0)", ph.p_vaddr));
            }
            segments.push(Segment {
                offset: ph.p_vaddr,
                data,
                mem_size: ph.p_memsz,
                exec: ph.p_flags & program_header::PF_X != 0,
            });
        }
        if segments.is_empty() {
            return Err("no loadable segments".into());
        }
        let code_start = segments.iter().filter(|s| s.exec).map(|s| s.offset).min();
        let code_end = segments.iter().filter(|s| s.exec).map(|s| s.offset + s.mem_size).max();
        let code = match (code_start, code_end) {
            (Some(a), Some(b)) => (a, b),
            _ => return Err("no executable segment".into()),
        };
        if elf.entry < code.0 || elf.entry >= code.1 {
            return Err(format!("entry {:#x} is outside the code {:#x}..{:#x}", elf.entry, code.0, code.1));
        }
        let end = segments.iter().map(|s| s.offset + s.mem_size).max().unwrap_or(0);

        let mut pointers = Vec::new();
        let mut saw_relocs = false;
        for (shndx, relocs) in &elf.shdr_relocs {
            let target = elf
                .section_headers
                .get(*shndx)
                .and_then(|rs| elf.section_headers.get(rs.sh_info as usize))
                .ok_or("a relocation section names no section")?;
            if target.sh_flags & section_header::SHF_ALLOC as u64 == 0 {
                continue;
            }
            saw_relocs = true;
            for r in relocs.iter() {
                match r.r_type {
                    reloc::R_RISCV_64 => {
                        // Only pointers to something that moves with the image: not absolute
                        // symbols, not a bare addend.
                        let moves = elf.syms.get(r.r_sym).is_some_and(|s| {
                            r.r_sym != 0 && s.st_shndx != section_header::SHN_ABS as usize && s.st_shndx != 0
                        });
                        if moves {
                            pointers.push(r.r_offset);
                        }
                    }
                    // PC-relative or differences: the same wherever the image lies.
                    reloc::R_RISCV_NONE
                    | reloc::R_RISCV_BRANCH
                    | reloc::R_RISCV_JAL
                    | reloc::R_RISCV_CALL
                    | reloc::R_RISCV_CALL_PLT
                    | reloc::R_RISCV_PCREL_HI20
                    | reloc::R_RISCV_PCREL_LO12_I
                    | reloc::R_RISCV_PCREL_LO12_S
                    | reloc::R_RISCV_ADD8..=reloc::R_RISCV_SUB64
                    | reloc::R_RISCV_ALIGN
                    | reloc::R_RISCV_RVC_BRANCH
                    | reloc::R_RISCV_RVC_JUMP
                    | reloc::R_RISCV_RELAX
                    | reloc::R_RISCV_SUB6
                    | R_RISCV_32_PCREL => {}
                    t => {
                        return Err(format!("{} at {:#x} cannot be relocated", reloc_name(t), r.r_offset));
                    }
                }
            }
        }
        if !saw_relocs {
            // Without them a pointer in data would silently keep its link-time value.
            return Err("no relocations kept (link cVM images with -Wl,--emit-relocs)".into());
        }
        let image = CvmImage { segments, entry: elf.entry, code, end, pointers };
        for &p in &image.pointers {
            if image.word_at(p).is_none() {
                return Err(format!("a pointer at {p:#x} lies outside the image's file data"));
            }
        }
        Ok(image)
    }

    /// (segment index, byte offset) of the 8-byte word at `offset`.
    fn word_at(&self, offset: u64) -> Option<(usize, usize)> {
        self.segments.iter().enumerate().find_map(|(i, s)| {
            let end = offset.checked_add(8)?;
            (offset >= s.offset && end <= s.offset + s.data.len() as u64).then(|| (i, (offset - s.offset) as usize))
        })
    }

    /// The segments' bytes as they go into DRAM at `base`: (address, bytes), with every
    /// pointer moved by `base` and the zero-filled tails included.
    pub fn relocated(&self, base: u64) -> Vec<(u64, Vec<u8>)> {
        let mut out = self.unrelocated(base);
        for &p in &self.pointers {
            if let Some((i, off)) = self.word_at(p) {
                let w = &mut out[i].1[off..off + 8];
                let v = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
                w.copy_from_slice(&v.wrapping_add(base).to_le_bytes());
            }
        }
        out
    }

    /// The segments' bytes at `base` as linked, pointers unchanged (offsets from 0): for v8,
    /// where the hardware adds DDC.address and PCC.base.
    pub fn unrelocated(&self, base: u64) -> Vec<(u64, Vec<u8>)> {
        self.segments
            .iter()
            .map(|s| {
                let mut bytes = s.data.clone();
                bytes.resize(s.mem_size as usize, 0);
                (base + s.offset, bytes)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hello() -> Vec<u8> {
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../guest-images/cvm/hello.elf")).unwrap()
    }

    #[test]
    fn the_hello_cvm_parses() {
        let img = CvmImage::parse(&hello()).unwrap();
        assert_eq!(img.code.0, 0, "linked at 0");
        assert!(img.entry < img.code.1);
        assert!(img.end >= img.code.1);
    }

    #[test]
    fn relocation_moves_pointers_only() {
        let img = CvmImage::parse(&hello()).unwrap();
        let at0 = img.relocated(0);
        let moved = img.relocated(0x8040_0000);
        assert_eq!(at0.len(), moved.len());
        for ((a0, b0), (a1, b1)) in at0.iter().zip(&moved) {
            assert_eq!(a0 + 0x8040_0000, *a1);
            assert_eq!(b0.len(), b1.len());
        }
        for &p in &img.pointers {
            let (i, off) = img.word_at(p).unwrap();
            let v0 = u64::from_le_bytes(at0[i].1[off..off + 8].try_into().unwrap());
            let v1 = u64::from_le_bytes(moved[i].1[off..off + 8].try_into().unwrap());
            assert_eq!(v1, v0 + 0x8040_0000);
        }
    }

    #[test]
    fn refuses_non_images() {
        assert_eq!(CvmImage::parse(b"hello").unwrap_err(), "not an ELF file");
        let mut b = hello();
        b[16] = 3; // ET_DYN
        assert!(CvmImage::parse(&b).unwrap_err().contains("not an executable"));
        // The ordinary guest images are linked at 0x80000000, not 0.
        let run_image = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../guest-images/hello/hello.elf")).unwrap();
        assert!(CvmImage::parse(&run_image).unwrap_err().contains("linked at 0"));
    }
}
