//! Loading RISC-V ELF executables (with goblin): 64-bit, little-endian, EM_RISCV, ET_EXEC;
//! every loadable segment inside DRAM. The entry point and the symbol table are kept (HTIF's
//! `tohost`/`fromhost` are found through them, traces name addresses with them).

use std::collections::BTreeMap;

use goblin::elf::{header, program_header, Elf};

use crate::bus::{Dram, DRAM_BASE};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LoadError {
    #[error("not an ELF file ({0})")]
    NotElf(String),
    #[error("a 32-bit ELF; capvm runs RV64 programs (build with -march=rv64…)")]
    Not64Bit,
    #[error("a big-endian ELF; RISC-V is little-endian")]
    BigEndian,
    #[error("an ELF for machine {0} ({1}), not RISC-V")]
    NotRiscv(u16, &'static str),
    #[error("not an executable (ELF type {0}); link it into an ET_EXEC image")]
    NotExecutable(u16),
    #[error("segment {index} at {start:#x}..{end:#x} lies outside DRAM {dram_start:#x}..{dram_end:#x} (try --mem)")]
    OutsideDram { index: usize, start: u64, end: u64, dram_start: u64, dram_end: u64 },
    #[error("segment {index} claims {filesz} file bytes at offset {offset:#x}, beyond the end of the file")]
    Truncated { index: usize, offset: u64, filesz: u64 },
    #[error("no loadable segments")]
    Empty,
}

/// What the loader learned about a program.
#[derive(Debug, Clone, Default)]
pub struct Program {
    pub entry: u64,
    /// Named symbols (functions and objects), by name.
    pub symbols: BTreeMap<String, u64>,
    /// The loaded ranges, `[start, end)`.
    pub segments: Vec<(u64, u64)>,
}

impl Program {
    pub fn symbol(&self, name: &str) -> Option<u64> {
        self.symbols.get(name).copied()
    }

    /// The symbol at or below `addr`, for naming addresses in traces: `(name, offset)`.
    pub fn symbolize(&self, addr: u64) -> Option<(&str, u64)> {
        self.symbols.iter().filter(|(_, &a)| a <= addr).max_by_key(|(_, &a)| a).map(|(n, &a)| (n.as_str(), addr - a))
    }
}

/// Parses `bytes` as an ELF executable and copies its segments into `dram`.
pub fn load(bytes: &[u8], dram: &mut Dram) -> Result<Program, LoadError> {
    // Check the identification bytes ourselves first: their errors are the common ones and
    // deserve a precise message.
    if bytes.len() < header::SIZEOF_IDENT || &bytes[..4] != b"\x7fELF" {
        return Err(LoadError::NotElf("no ELF magic number".into()));
    }
    if bytes[header::EI_CLASS] != header::ELFCLASS64 {
        return Err(LoadError::Not64Bit);
    }
    if bytes[header::EI_DATA] != header::ELFDATA2LSB {
        return Err(LoadError::BigEndian);
    }
    let elf = Elf::parse(bytes).map_err(|e| LoadError::NotElf(e.to_string()))?;
    if elf.header.e_machine != header::EM_RISCV {
        return Err(LoadError::NotRiscv(elf.header.e_machine, header::machine_to_str(elf.header.e_machine)));
    }
    if elf.header.e_type != header::ET_EXEC {
        return Err(LoadError::NotExecutable(elf.header.e_type));
    }
    let mut program = Program { entry: elf.entry, ..Default::default() };
    for (index, ph) in elf.program_headers.iter().enumerate() {
        if ph.p_type != program_header::PT_LOAD || ph.p_memsz == 0 {
            continue;
        }
        let start = ph.p_paddr;
        let end = start.checked_add(ph.p_memsz);
        let inside = end.is_some_and(|e| start >= DRAM_BASE && e <= dram.end() && ph.p_filesz <= ph.p_memsz);
        if !inside {
            return Err(LoadError::OutsideDram {
                index,
                start,
                end: end.unwrap_or(u64::MAX),
                dram_start: DRAM_BASE,
                dram_end: dram.end(),
            });
        }
        let file = ph
            .p_offset
            .checked_add(ph.p_filesz)
            .filter(|&e| e <= bytes.len() as u64)
            .map(|e| &bytes[ph.p_offset as usize..e as usize])
            .ok_or(LoadError::Truncated { index, offset: ph.p_offset, filesz: ph.p_filesz })?;
        // Both writes are inside DRAM: checked above.
        let _ = dram.write_bytes(start, file);
        let zeros = vec![0u8; (ph.p_memsz - ph.p_filesz) as usize];
        let _ = dram.write_bytes(start + ph.p_filesz, &zeros);
        program.segments.push((start, start + ph.p_memsz));
    }
    if program.segments.is_empty() {
        return Err(LoadError::Empty);
    }
    for sym in elf.syms.iter() {
        if sym.st_name == 0 || sym.st_shndx == 0 {
            continue;
        }
        if let Some(name) = elf.strtab.get_at(sym.st_name) {
            if !name.is_empty() && !name.starts_with('$') && !name.starts_with(".L") {
                program.symbols.entry(name.to_string()).or_insert(sym.st_value);
            }
        }
    }
    Ok(program)
}
