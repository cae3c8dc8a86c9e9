//! What the host loader, the monitor (C) and the cVMs (C) must agree on, defined once.
//!
//! * The memory map of a deployment: the monitor's reserved block and where the boot
//!   information goes.
//! * The boot-information table (version [`BOOTINFO_VERSION`]): a header followed by one entry
//!   per cVM and one per capfile. Every structure is declared once with [`c_struct!`], which
//!   gives the Rust value, its little-endian serialisation, and its C declaration with
//!   `_Static_assert`s on every offset, so the monitor does not compile against a stale layout.
//! * The hostcall numbers, registers and error codes ([`HOSTCALLS`], [`ERRORS`]).
//!
//! `monitor/include/bootinfo.h` and `monitor/include/hostcalls.h` are generated from this
//! module ([`headers`]); a test fails when the committed files differ, and
//! `CAPVM_UPDATE_HEADERS=1 cargo test -p capvm-monitor headers` rewrites them.

/// Where DRAM starts (QEMU `virt`).
pub const DRAM_BASE: u64 = 0x8000_0000;
/// The block reserved to the monitor at the start of DRAM: its image, its stack, the boot
/// information. No cVM region or capfile may overlap it.
pub const MONITOR_BASE: u64 = DRAM_BASE;
/// Size of the monitor's block.
pub const MONITOR_SIZE: u64 = 0x20_0000;
/// Where the loader writes the boot information (passed to the monitor in `a1`).
pub const BOOTINFO_ADDR: u64 = MONITOR_BASE + MONITOR_SIZE - BOOTINFO_MAX;
/// The most bytes the boot information may take.
pub const BOOTINFO_MAX: u64 = 0x1_0000;
/// "CAPVMBI1" read as a little-endian u64.
pub const BOOTINFO_MAGIC: u64 = u64::from_le_bytes(*b"CAPVMBI1");
/// Bumped whenever a structure below changes.
pub const BOOTINFO_VERSION: u32 = 1;
/// At most this many cVMs in one deployment (the monitor's table is static).
pub const MAX_CVMS: usize = 16;
/// At most this many capfiles (a cVM's capfile set is a 64-bit mask).
pub const MAX_CAPFILES: usize = 64;
/// Bytes of a name field, including the terminating NUL.
pub const NAME_LEN: usize = 32;
/// `BootInfoCvm::flags`: the host observes the trace port (`capvm up --trace`, `--stats`,
/// `--timeline`), so the monitor reports every event, and its hostcall fast path, which
/// reports none, is off. Set on every cVM or on none.
pub const CVM_FLAG_OBSERVED: u64 = 1;
/// `BootInfoCvm::flags`: the image runs where it was linked, at 0 (`capvm up --cheri v8`):
/// under v8 relocation (spec §8) the cVM's integer addresses are offsets from DDC.address
/// (its region's base) and its PC is an offset from PCC.base, so its stack pointer, its
/// argument pointer and every pointer it passes in a hostcall are offsets. Set on every cVM
/// or on none.
pub const CVM_FLAG_UNRELOCATED: u64 = 2;

/// One field type of a shared structure: its C spelling and its little-endian bytes.
pub trait Field {
    /// C type, e.g. `uint64_t`.
    const C_TYPE: &'static str;
    /// C declarator suffix, e.g. `[32]` for arrays.
    const C_SUFFIX: &'static str;
    /// Size in bytes.
    const SIZE: usize;
    /// Alignment in bytes (natural).
    const ALIGN: usize;
    /// Appends the little-endian bytes.
    fn put(&self, out: &mut Vec<u8>);
}

impl Field for u32 {
    const C_TYPE: &'static str = "uint32_t";
    const C_SUFFIX: &'static str = "";
    const SIZE: usize = 4;
    const ALIGN: usize = 4;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
}

impl Field for u64 {
    const C_TYPE: &'static str = "uint64_t";
    const C_SUFFIX: &'static str = "";
    const SIZE: usize = 8;
    const ALIGN: usize = 8;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
}

/// A NUL-padded name.
impl Field for [u8; NAME_LEN] {
    const C_TYPE: &'static str = "char";
    const C_SUFFIX: &'static str = "[32]";
    const SIZE: usize = NAME_LEN;
    const ALIGN: usize = 1;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self);
    }
}

/// A field of a shared structure, as the C generator and the layout tests see it.
#[derive(Clone, Copy, Debug)]
pub struct FieldInfo {
    pub name: &'static str,
    pub c_type: &'static str,
    pub c_suffix: &'static str,
    pub size: usize,
    pub align: usize,
    pub doc: &'static str,
}

/// Declares a structure shared with C: the Rust struct, `SIZE`, `FIELDS` (in order, packed in
/// declaration order: the layout tests check that every field is naturally aligned, so C adds
/// no padding) and `to_bytes`.
macro_rules! c_struct {
    (
        $(#[doc = $doc:expr])*
        pub struct $name:ident = $cname:literal {
            $( $(#[doc = $fdoc:expr])* pub $f:ident : $t:ty, )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct $name { $( $(#[doc = $fdoc])* pub $f: $t, )* }

        impl $name {
            /// The C name (`struct …`).
            pub const C_NAME: &'static str = $cname;
            /// The fields in order.
            pub const FIELDS: &'static [FieldInfo] = &[$(FieldInfo {
                name: stringify!($f),
                c_type: <$t as Field>::C_TYPE,
                c_suffix: <$t as Field>::C_SUFFIX,
                size: <$t as Field>::SIZE,
                align: <$t as Field>::ALIGN,
                doc: concat!($($fdoc),*),
            }),*];
            /// Bytes in memory.
            pub const SIZE: usize = 0 $(+ <$t as Field>::SIZE)*;

            /// The little-endian bytes, exactly `SIZE` of them.
            pub fn to_bytes(&self) -> Vec<u8> {
                let mut v = Vec::with_capacity(Self::SIZE);
                $( Field::put(&self.$f, &mut v); )*
                v
            }

            /// Byte offset of a field.
            pub fn offset_of(field: &str) -> Option<usize> {
                let mut off = 0;
                for f in Self::FIELDS {
                    if f.name == field {
                        return Some(off);
                    }
                    off += f.size;
                }
                None
            }
        }
    };
}

c_struct! {
    /// The boot-information header, at [`BOOTINFO_ADDR`] (the monitor receives its address in
    /// `a1`). The cVM and capfile entries follow at the offsets given here; their sizes are
    /// recorded so that a monitor can refuse a table built for another layout.
    pub struct BootInfo = "capvm_bootinfo" {
        /// BOOTINFO_MAGIC
        pub magic: u64,
        /// BOOTINFO_VERSION
        pub version: u32,
        /// bytes of the whole table, entries included (at most BOOTINFO_MAX)
        pub size: u32,
        /// DRAM start
        pub dram_base: u64,
        /// DRAM size in bytes
        pub dram_size: u64,
        /// the block reserved to the monitor (image, stack, this table)
        pub monitor_base: u64,
        /// size of the monitor's block
        pub monitor_size: u64,
        /// number of cVM entries (1..MAX_CVMS)
        pub cvm_count: u32,
        /// sizeof(struct capvm_bootinfo_cvm)
        pub cvm_entry_size: u32,
        /// number of capfile entries (0..MAX_CAPFILES)
        pub capfile_count: u32,
        /// sizeof(struct capvm_bootinfo_capfile)
        pub capfile_entry_size: u32,
        /// offset of the first cVM entry from the start of the table
        pub cvm_offset: u64,
        /// offset of the first capfile entry from the start of the table
        pub capfile_offset: u64,
    }
}

c_struct! {
    /// One cVM: its region (the bounds of its DDC), its code (the bounds of its PCC), where it
    /// starts, and its arguments. Every address lies inside the region.
    pub struct BootInfoCvm = "capvm_bootinfo_cvm" {
        /// NUL-terminated name (letters, digits, '-', '_')
        pub name: [u8; NAME_LEN],
        /// start of the region (exactly representable with region_size)
        pub region_base: u64,
        /// size of the region
        pub region_size: u64,
        /// start of the code (PCC bounds), exactly representable with code_size
        pub code_base: u64,
        /// size of the code
        pub code_size: u64,
        /// first instruction (inside the code)
        pub entry: u64,
        /// initial stack pointer (16-byte aligned, inside the region)
        pub stack_top: u64,
        /// the argument string, NUL-terminated, inside the region
        pub args_addr: u64,
        /// length of the argument string without its NUL
        pub args_len: u64,
        /// bit i set: the cVM may use capfile i
        pub capfile_mask: u64,
        /// CVM_FLAG_OBSERVED, CVM_FLAG_UNRELOCATED; other bits reserved, 0
        pub flags: u64,
    }
}

c_struct! {
    /// One capfile: a buffer the loader allocated (and filled with its initial data) outside
    /// every cVM region, to be shared through CAP_File.
    pub struct BootInfoCapfile = "capvm_bootinfo_capfile" {
        /// NUL-terminated key
        pub name: [u8; NAME_LEN],
        /// start of the buffer
        pub base: u64,
        /// size of the buffer
        pub size: u64,
        /// bytes of initial data at base
        pub data_len: u64,
        /// reserved, 0
        pub flags: u64,
    }
}

/// A name as the boot information stores it. Names are checked to be shorter than
/// [`NAME_LEN`] before they get here; a longer one is cut.
pub fn name_field(name: &str) -> [u8; NAME_LEN] {
    let mut out = [0u8; NAME_LEN];
    for (o, b) in out.iter_mut().zip(name.bytes().take(NAME_LEN - 1)) {
        *o = b;
    }
    out
}

/// One hostcall of the `ecall` door: number in `a7`, arguments in `a0..a5`, result in `a0`
/// (negative = an error of [`ERRORS`]).
#[derive(Clone, Copy, Debug)]
pub struct Hostcall {
    /// C name without the prefix (`HC_` is added).
    pub name: &'static str,
    pub number: u64,
    /// The arguments, as the ABI table in docs/monitor.md shows them.
    pub args: &'static str,
    /// What comes back in a0.
    pub result: &'static str,
    pub doc: &'static str,
}

/// The hostcalls, in number order. Numbers are never reused.
pub const HOSTCALLS: &[Hostcall] = &[
    Hostcall {
        name: "EXIT",
        number: 1,
        args: "a0 = status",
        result: "does not return",
        doc: "stop this cVM with an exit status (0 = success)",
    },
    Hostcall {
        name: "WRITE",
        number: 2,
        args: "a0 = buffer, a1 = length",
        result: "bytes written (at most 1024 a call), or EFAULT",
        doc: "write a buffer to the console; the buffer must lie inside the cVM's DDC; a short write leaves the rest to further calls, so that no hostcall outlasts a time slice",
    },
    Hostcall {
        name: "TIME",
        number: 3,
        args: "-",
        result: "nanoseconds since boot",
        doc: "the machine timer (mtime, 10 MHz) in nanoseconds",
    },
    Hostcall {
        name: "CAPFILE_ADVERTISE",
        number: 4,
        args: "a0 = key, a1 = key length, a2 = buffer, a3 = length, a4 = CAPFILE_READ|CAPFILE_WRITE",
        result: "capfile index, or EFAULT, EINVAL, EEXIST, ENOSPC",
        doc: "share a buffer of this cVM's memory under a key, with the permissions holders get",
    },
    Hostcall {
        name: "CAPFILE_PROBE",
        number: 5,
        args: "a0 = key, a1 = key length",
        result: "ca0 = a capability bounded to the buffer, or ENOENT, EPERM, EFAULT",
        doc: "get a capability to the buffer advertised under a key (deployment capfiles: if the cVM's capfiles name it)",
    },
    Hostcall {
        name: "CAPFILE_REVOKE",
        number: 6,
        args: "a0 = key, a1 = key length",
        result: "copies cleared, or ENOENT, EPERM, EFAULT",
        doc: "owner only: clear every holder's copy of the capability (registers and memory); the key is gone",
    },
    Hostcall {
        name: "CALL_ADVERTISE",
        number: 10,
        args: "a0 = key, a1 = key length, a2 = function, a3 = stack, a4 = stack size, a5 = trampoline",
        result: "entry index, or EFAULT, EINVAL, EEXIST, ENOSPC",
        doc: "CAP_Call: offer a function of this cVM under a key; calls run at the trampoline (t0 = function) on the given stack",
    },
    Hostcall {
        name: "CALL_PROBE",
        number: 11,
        args: "a0 = key, a1 = key length",
        result: "ca0 = a handle sealed with the callee's object type, or ENOENT, ESRCH, EFAULT",
        doc: "CAP_Call: get a sealed handle to the entry advertised under a key",
    },
    Hostcall {
        name: "CALL",
        number: 12,
        args: "ca0 = handle, a1 = arg0, a2 = arg1, a3 = buffer, a4 = length, a5 = CALL_READ|CALL_WRITE",
        result: "a0 = 0 and a1 = the callee's value, or EPERM, ESRCH, EBUSY, EFAULT, ECANCELED",
        doc: "CAP_Call: run the entry in the callee cVM (its PCC, DDC, stack); the buffer reaches it as a capability",
    },
    Hostcall {
        name: "RETURN",
        number: 13,
        args: "a0 = value; only through the CInvoke door with the call's return pair",
        result: "does not return (the caller resumes); EPERM if the pair is not the innermost call's",
        doc: "CAP_Call: end the innermost call with a value",
    },
    Hostcall {
        name: "STREAM_OPEN",
        number: 14,
        args: "a0 = key, a1 = key length, a2 = STREAM_WRITER or STREAM_READER",
        result: "stream index, or EFAULT, EINVAL, EBUSY, ENOSPC",
        doc: "CAP_Stream and the copying pipe: take one end of the channel named by a key",
    },
    Hostcall {
        name: "STREAM_WRITE",
        number: 15,
        args: "a0 = stream, a1 = buffer, a2 = length",
        result: "length once the reader has acknowledged, or EPERM, EFAULT, EPIPE",
        doc: "CAP_Stream: offer a message (the reader gets a read-only capability to it); blocks until acknowledged",
    },
    Hostcall {
        name: "STREAM_READ",
        number: 16,
        args: "a0 = stream",
        result: "length and ca1 = a read-only capability to the writer's message, 0 at the end, or EPERM, EPIPE",
        doc: "CAP_Stream: wait for a message; the reader copies it itself, then acknowledges",
    },
    Hostcall {
        name: "PIPE_WRITE",
        number: 17,
        args: "a0 = stream, a1 = buffer, a2 = length (at most PIPE_MAX)",
        result: "length, or EPERM, EFAULT, EINVAL, EPIPE",
        doc: "copying pipe (the baseline): the monitor copies the message into its buffer; blocks while it is full",
    },
    Hostcall {
        name: "PIPE_READ",
        number: 18,
        args: "a0 = stream, a1 = buffer, a2 = room",
        result: "length copied, 0 at the end, or EPERM, EFAULT, EPIPE",
        doc: "copying pipe: the monitor copies the next message out of its buffer (cut at the room given)",
    },
    Hostcall {
        name: "STREAM_ACK",
        number: 19,
        args: "a0 = stream",
        result: "0, or EPERM, EINVAL",
        doc: "CAP_Stream: the reader is done with the message; its capability is cleared and the writer resumes",
    },
    Hostcall {
        name: "DOOR",
        number: 20,
        args: "-",
        result: "ca0, ca1 = this cVM's sealed CInvoke pair for hostcalls (code, data)",
        doc: "the second hostcall door: CInvoke ca0, ca1 with cra = where to come back serves a7 like ecall",
    },
    Hostcall {
        name: "SERVE",
        number: 21,
        args: "-",
        result: "0 once every other cVM has finished or waits here too",
        doc: "a server waits for its clients (its entries stay callable while it waits)",
    },
];

/// Flags of the hostcall ABI (C names as given).
pub const HOSTCALL_FLAGS: &[(&str, u64, &str)] = &[
    ("CAPFILE_READ", 1, "HC_CAPFILE_ADVERTISE: holders may load (Load permission)"),
    ("CAPFILE_WRITE", 2, "HC_CAPFILE_ADVERTISE: holders may store (Store permission)"),
    ("CALL_READ", 1, "HC_CALL: the callee may load from the buffer"),
    ("CALL_WRITE", 2, "HC_CALL: the callee may store into the buffer"),
    ("STREAM_WRITER", 0, "HC_STREAM_OPEN: the end that writes"),
    ("STREAM_READER", 1, "HC_STREAM_OPEN: the end that reads"),
    ("PIPE_MAX", 0x10000, "HC_PIPE_WRITE: the largest message the copying pipe holds"),
];

/// Error results (negated), errno values so that a libc can pass them through.
pub const ERRORS: &[(&str, i64, &str)] = &[
    ("EPERM", -1, "the cVM may not do this (not the owner, or its capfiles do not name the key)"),
    ("ENOENT", -2, "nothing is advertised under this key"),
    ("ESRCH", -3, "the callee of a handle has exited or was stopped"),
    ("EFAULT", -14, "a buffer is not inside the cVM's DDC, or the DDC does not allow the access"),
    ("EBUSY", -16, "the entry is running already (no re-entry), or the stream end is taken"),
    ("EEXIST", -17, "the key is taken"),
    ("EINVAL", -22, "an argument is out of range"),
    ("ENOSPC", -28, "the monitor's table is full"),
    ("EPIPE", -32, "the other end of the stream has finished"),
    ("ENOSYS", -38, "no hostcall has this number"),
    ("ECANCELED", -125, "the callee faulted or exited during the call"),
];

/// The register that carries the hostcall number.
pub const HOSTCALL_NUMBER_REG: &str = "a7";

/// Looks a hostcall up by name.
pub fn hostcall(name: &str) -> Option<&'static Hostcall> {
    HOSTCALLS.iter().find(|h| h.name == name)
}

/// The trace port (DESIGN.md §5): an MMIO device through which the monitor reports its own
/// events, so that traces and cycle accounting speak in the paper's terms. ARG0..ARG3 are u64
/// registers at +0x00..+0x18; a u64 write of `kind | cvm << 16` to [`TP_EMIT`] emits the event
/// with the arguments written before it and clears them (so `tp_emit` need not store the
/// arguments that are constant zeros). Reads return 0; nothing else happens (a program that
/// writes to it behaves as if the device were absent RAM-less MMIO).
pub const TRACEPORT_BASE: u64 = 0x0010_2000;
/// Bytes the trace port decodes.
pub const TRACEPORT_SIZE: u64 = 0x1000;
/// Offset of the emit register from [`TRACEPORT_BASE`].
pub const TP_EMIT: u64 = 0x20;
/// The `cvm` field of an event that belongs to no cVM (the monitor itself).
pub const TP_NO_CVM: u64 = 0xffff;

/// One monitor event kind: its number, C name (`TP_` is added) and the meaning of its
/// arguments, in order (unused ones are 0).
#[derive(Clone, Copy, Debug)]
pub struct TraceEvent {
    pub name: &'static str,
    pub kind: u16,
    /// Names of ARG0.., as they appear in the jsonl trace (`args` object).
    pub args: &'static [&'static str],
    pub doc: &'static str,
}

/// The monitor's event kinds, in number order. 1..31 are the trace port's own; 32..63 belong
/// to CAP_Call and streams, 64..95 to CAP_File; numbers are never reused.
pub const TRACE_EVENTS: &[TraceEvent] = &[
    TraceEvent { name: "CVM_CREATED", kind: 1, args: &["region_base", "region_size"], doc: "cVM created" },
    TraceEvent { name: "CVM_ENTER", kind: 2, args: &[], doc: "the monitor enters the cVM" },
    TraceEvent { name: "CVM_LEAVE", kind: 3, args: &["mcause"], doc: "the cVM left to the monitor" },
    TraceEvent { name: "HOSTCALL_ENTER", kind: 4, args: &["number", "a0"], doc: "hostcall starts" },
    TraceEvent { name: "HOSTCALL_LEAVE", kind: 5, args: &["number", "result"], doc: "hostcall returns" },
    TraceEvent { name: "CAPFILE_ADVERTISE", kind: 6, args: &["capfile", "base", "size"], doc: "CAP_File advertised" },
    TraceEvent { name: "CAPFILE_PROBE", kind: 7, args: &["capfile", "perms"], doc: "CAP_File probed" },
    TraceEvent { name: "CAPFILE_REVOKE", kind: 8, args: &["capfile", "cleared"], doc: "CAP_File revoked" },
    TraceEvent { name: "CALL", kind: 9, args: &["callee", "entry"], doc: "CAP_Call call" },
    TraceEvent { name: "RETURN", kind: 10, args: &["caller", "value"], doc: "CAP_Call return" },
    TraceEvent { name: "CVM_FAULT", kind: 11, args: &["mcause", "mtval", "pc"], doc: "cVM fault" },
    TraceEvent { name: "CVM_EXIT", kind: 12, args: &["status"], doc: "cVM exited" },
    TraceEvent { name: "STREAM_WRITE", kind: 13, args: &["stream", "bytes"], doc: "stream write" },
    TraceEvent { name: "STREAM_READ", kind: 14, args: &["stream", "bytes"], doc: "stream read" },
];

/// Looks a monitor event kind up by number.
pub fn trace_event(kind: u16) -> Option<&'static TraceEvent> {
    TRACE_EVENTS.iter().find(|e| e.kind == kind)
}

fn c_struct_decl(out: &mut String, c_name: &str, doc: &str, fields: &[FieldInfo], size: usize) {
    out.push_str(&format!("/* {doc} */\nstruct {c_name} {{\n"));
    for f in fields {
        let decl = format!("{} {}{};", f.c_type, f.name, f.c_suffix);
        out.push_str(&format!("    {decl:<28}/* {} */\n", f.doc.trim()));
    }
    out.push_str("};\n");
    let mut off = 0;
    for f in fields {
        out.push_str(&format!(
            "_Static_assert(offsetof(struct {c_name}, {}) == {off}, \"{c_name}.{} moved\");\n",
            f.name, f.name
        ));
        off += f.size;
    }
    out.push_str(&format!("_Static_assert(sizeof(struct {c_name}) == {size}, \"{c_name} size\");\n\n"));
}

const GENERATED: &str =
    "Generated from monitor/src/abi.rs (CAPVM_UPDATE_HEADERS=1 cargo test -p capvm-monitor headers); do not edit.";

/// `monitor/include/bootinfo.h`.
pub fn bootinfo_header() -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "/*\n * bootinfo.h - the boot-information table the loader writes for the monitor (version {BOOTINFO_VERSION}).\n * {GENERATED}\n */\n"
    ));
    s.push_str("#ifndef CAPVM_BOOTINFO_H\n#define CAPVM_BOOTINFO_H\n\n");
    for (name, value) in [
        ("DRAM_BASE_ADDR", DRAM_BASE),
        ("MONITOR_BASE", MONITOR_BASE),
        ("MONITOR_SIZE", MONITOR_SIZE),
        ("BOOTINFO_ADDR", BOOTINFO_ADDR),
        ("BOOTINFO_MAX", BOOTINFO_MAX),
        ("BOOTINFO_MAGIC", BOOTINFO_MAGIC),
        ("BOOTINFO_VERSION", BOOTINFO_VERSION as u64),
        ("MAX_CVMS", MAX_CVMS as u64),
        ("MAX_CAPFILES", MAX_CAPFILES as u64),
        ("NAME_LEN", NAME_LEN as u64),
        ("CVM_FLAG_OBSERVED", CVM_FLAG_OBSERVED),
        ("CVM_FLAG_UNRELOCATED", CVM_FLAG_UNRELOCATED),
    ] {
        s.push_str(&format!("#define {name:<20} 0x{value:x}ull\n"));
    }
    s.push_str("\n#ifndef __ASSEMBLER__\n#include <stddef.h>\n#include <stdint.h>\n\n");
    c_struct_decl(
        &mut s,
        BootInfo::C_NAME,
        "the header, at BOOTINFO_ADDR (a1 at boot)",
        BootInfo::FIELDS,
        BootInfo::SIZE,
    );
    c_struct_decl(&mut s, BootInfoCvm::C_NAME, "one cVM", BootInfoCvm::FIELDS, BootInfoCvm::SIZE);
    c_struct_decl(&mut s, BootInfoCapfile::C_NAME, "one capfile", BootInfoCapfile::FIELDS, BootInfoCapfile::SIZE);
    s.push_str("#endif /* !__ASSEMBLER__ */\n\n#endif /* CAPVM_BOOTINFO_H */\n");
    s
}

/// `monitor/include/hostcalls.h`, included by the monitor and by the cVM runtime.
pub fn hostcalls_header() -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "/*\n * hostcalls.h - the hostcall ABI between a cVM and the monitor (see docs/monitor.md).\n * {GENERATED}\n *\n * ecall with the number in {HOSTCALL_NUMBER_REG}, arguments in a0..a5; the result comes back in a0\n * (negative: -errno). Every other register keeps the cVM's value.\n */\n"
    ));
    s.push_str("#ifndef CAPVM_HOSTCALLS_H\n#define CAPVM_HOSTCALLS_H\n\n");
    for h in HOSTCALLS {
        let name = format!("HC_{}", h.name);
        s.push_str(&format!("#define {name:<16} {:<4}/* {}: {} -> {} */\n", h.number, h.doc, h.args, h.result));
    }
    s.push('\n');
    for (name, value, doc) in ERRORS {
        let name = format!("HC_{name}");
        s.push_str(&format!("#define {name:<16} ({value}) /* {doc} */\n"));
    }
    s.push('\n');
    for (name, value, doc) in HOSTCALL_FLAGS {
        s.push_str(&format!("#define {name:<16} {value:<4}/* {doc} */\n"));
    }
    s.push_str("\n#endif /* CAPVM_HOSTCALLS_H */\n");
    s
}

/// `monitor/include/traceport.h`: the trace port's registers, the event kinds and `tp_emit`.
pub fn traceport_header() -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "/*\n * traceport.h - the trace port: how the monitor reports its events to the simulator (see traces/README.md).\n * {GENERATED}\n *\n * Write ARG0..ARG3, then kind | cvm << 16 to EMIT. No architectural effect: reads return 0.\n */\n"
    ));
    s.push_str("#ifndef CAPVM_TRACEPORT_H\n#define CAPVM_TRACEPORT_H\n\n#include <stdint.h>\n\n");
    s.push_str(&format!("#define TRACEPORT_BASE   0x{TRACEPORT_BASE:x}ull\n"));
    s.push_str(&format!("#define TP_EMIT          0x{TP_EMIT:x}\n"));
    s.push_str(&format!("#define TP_NO_CVM        0x{TP_NO_CVM:x}\n\n"));
    for e in TRACE_EVENTS {
        let name = format!("TP_{}", e.name);
        let args = if e.args.is_empty() { "-".to_string() } else { e.args.join(", ") };
        s.push_str(&format!("#define {name:<24} {:<4}/* {} ({args}) */\n", e.kind, e.doc));
    }
    s.push_str(
        "\n/* EMIT clears ARG0..ARG3, so arguments that are constant zeros need no store (TP_ARG\n * skips them; always inlined, so the constants are seen): a report costs a few instructions. */\n#define TP_ARG(i, v) do { if (!(__builtin_constant_p(v) && (v) == 0)) tp[i] = (v); } while (0)\nstatic inline __attribute__((always_inline)) void tp_emit(uint32_t kind, uint32_t cvm, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)\n{\n    volatile uint64_t *tp = (volatile uint64_t *)TRACEPORT_BASE;\n    TP_ARG(0, a0);\n    TP_ARG(1, a1);\n    TP_ARG(2, a2);\n    TP_ARG(3, a3);\n    tp[TP_EMIT / 8] = (uint64_t)kind | (uint64_t)cvm << 16;\n}\n",
    );
    s.push_str("\n#endif /* CAPVM_TRACEPORT_H */\n");
    s
}

/// Every generated header: (path relative to `monitor/`, contents).
pub fn headers() -> [(&'static str, String); 3] {
    [
        ("include/bootinfo.h", bootinfo_header()),
        ("include/hostcalls.h", hostcalls_header()),
        ("include/traceport.h", traceport_header()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_natural(fields: &[FieldInfo], size: usize) {
        let mut off = 0;
        for f in fields {
            assert_eq!(off % f.align, 0, "{} at {off} is not aligned to {}", f.name, f.align);
            off += f.size;
        }
        assert_eq!(off, size);
        assert_eq!(size % 8, 0, "entries follow each other: the size keeps 8-byte alignment");
    }

    #[test]
    fn layouts_need_no_padding() {
        check_natural(BootInfo::FIELDS, BootInfo::SIZE);
        check_natural(BootInfoCvm::FIELDS, BootInfoCvm::SIZE);
        check_natural(BootInfoCapfile::FIELDS, BootInfoCapfile::SIZE);
    }

    #[test]
    fn serialisation_follows_the_declared_offsets() {
        let h = BootInfo { magic: BOOTINFO_MAGIC, version: 7, cvm_offset: 0x1122, ..Default::default() };
        let b = h.to_bytes();
        assert_eq!(b.len(), BootInfo::SIZE);
        assert_eq!(&b[..8], b"CAPVMBI1");
        let v = BootInfo::offset_of("version").unwrap();
        assert_eq!(u32::from_le_bytes(b[v..v + 4].try_into().unwrap()), 7);
        let o = BootInfo::offset_of("cvm_offset").unwrap();
        assert_eq!(u64::from_le_bytes(b[o..o + 8].try_into().unwrap()), 0x1122);
        let c = BootInfoCvm { name: name_field("alice"), entry: 0x8040_0000, ..Default::default() };
        let b = c.to_bytes();
        assert_eq!(&b[..6], b"alice\0");
        let e = BootInfoCvm::offset_of("entry").unwrap();
        assert_eq!(u64::from_le_bytes(b[e..e + 8].try_into().unwrap()), 0x8040_0000);
    }

    #[test]
    fn names_keep_their_nul() {
        let long = "x".repeat(40);
        assert_eq!(name_field(&long)[NAME_LEN - 1], 0);
    }

    #[test]
    fn the_bootinfo_block_lies_in_the_monitor_block() {
        const { assert!(BOOTINFO_ADDR >= MONITOR_BASE && BOOTINFO_ADDR + BOOTINFO_MAX == MONITOR_BASE + MONITOR_SIZE) };
        let all = BootInfo::SIZE + MAX_CVMS * BootInfoCvm::SIZE + MAX_CAPFILES * BootInfoCapfile::SIZE;
        assert!(all as u64 <= BOOTINFO_MAX, "a full table fits");
    }

    #[test]
    fn hostcall_numbers_are_unique_and_ordered() {
        for w in HOSTCALLS.windows(2) {
            assert!(w[0].number < w[1].number, "{} and {}", w[0].name, w[1].name);
        }
        assert!(HOSTCALLS.iter().all(|h| h.number != 0), "0 is never a hostcall");
    }

    /// The C headers are generated from this module; the committed ones must be current, so
    /// the monitor and the cVM runtime are compiled against exactly these definitions.
    #[test]
    fn headers_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let update = std::env::var_os("CAPVM_UPDATE_HEADERS").is_some();
        for (path, text) in headers() {
            let p = dir.join(path);
            if update {
                std::fs::write(&p, &text).unwrap();
            }
            let on_disk = std::fs::read_to_string(&p).unwrap_or_default();
            assert!(
                on_disk == text,
                "monitor/{path} is stale: run CAPVM_UPDATE_HEADERS=1 cargo test -p capvm-monitor headers, then rebuild the images"
            );
        }
    }

    #[test]
    fn trace_event_kinds_are_unique_ordered_and_in_their_ranges() {
        for w in TRACE_EVENTS.windows(2) {
            assert!(w[0].kind < w[1].kind, "{} and {}", w[0].name, w[1].name);
        }
        for e in TRACE_EVENTS {
            assert!(e.kind != 0 && e.kind < 96, "{}: kinds are 1..95", e.name);
            assert!(e.args.len() <= 4, "{}: four argument registers", e.name);
        }
        assert_eq!(trace_event(4).map(|e| e.name), Some("HOSTCALL_ENTER"));
    }

    #[test]
    fn traceport_header_agrees_with_the_table() {
        let text = traceport_header();
        for e in TRACE_EVENTS {
            let line = text.lines().find(|l| l.starts_with(&format!("#define TP_{} ", e.name))).unwrap();
            let n: u16 = line.split_whitespace().nth(2).unwrap().parse().unwrap();
            assert_eq!(n, e.kind, "{}", e.name);
        }
        assert!(text.contains(&format!("#define TRACEPORT_BASE   0x{TRACEPORT_BASE:x}ull")));
    }

    /// The header's numbers, read back the way a C compiler would see them.
    #[test]
    fn hostcalls_header_agrees_with_the_table() {
        let text = hostcalls_header();
        for h in HOSTCALLS {
            let line = text.lines().find(|l| l.starts_with(&format!("#define HC_{} ", h.name))).unwrap();
            let n: u64 = line.split_whitespace().nth(2).unwrap().parse().unwrap();
            assert_eq!(n, h.number, "{}", h.name);
        }
        for (name, value, _) in ERRORS {
            assert!(text.contains(&format!("#define {:<16} ({value})", format!("HC_{name}"))), "{name}");
        }
    }
}
