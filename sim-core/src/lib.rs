//! The capvm machine: an RV64IMAC hart with M and U modes on a QEMU-`virt`-shaped board.
//!
//! Where things are:
//! - [`isa`]: the instruction table, decoding, encoding (a small assembler) and disassembly;
//! - [`hart`]: architectural state, the run loop, instruction semantics (`hart/exec.rs`), CSRs,
//!   traps;
//! - [`bus`] and [`devices`]: DRAM with capability tags, UART, CLINT, test finisher, HTIF;
//! - [`elf`]: the ELF loader; [`machine`]: hart + bus + the slice-by-slice run loop;
//! - [`observer`]: the event stream that traces, statistics and timing models consume;
//! - [`timing`]: timing models (atomic, a 5-stage in-order pipeline with caches, branch
//!   prediction and a CHERI tag controller) that observe that stream.

pub mod bus;
pub mod devices;
pub mod elf;
pub mod hart;
pub mod isa;
pub mod machine;
pub mod observer;
pub mod timing;

pub use machine::{Exit, Machine, MachineConfig};
