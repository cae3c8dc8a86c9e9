//! The CHERI-RISC-V (RV64) 128-bit compressed capability (CHERI Concentrate, ISAv9), exact to
//! the Sail model (sail-cheri-riscv `src/cheri_cap_common.sail`, `src/cheri_insts.sail`) and to
//! cheri-compressed-cap (`cheri_compressed_cap_128.h`).
//!
//! Everything in capvm that touches a capability goes through this crate. It is pure: a value
//! type ([`Capability`], 40 bytes, `Copy`, its bounds decoded once when it is made) and total
//! functions over it, no I/O, no allocation, no panics on any input. Section numbers (§)
//! refer to `shared/spec/cheri-riscv.md`.
//!
//! * [`format`] — the bit layout, declared once by name and checked at compile time;
//! * [`bounds`] — decoding and encoding of bounds, the representability tests, CRRL/CRAM;
//! * [`perms`], [`otype`] — permissions and object types;
//! * [`Capability`] — the value and its decoded fields;
//! * `ops` — the instructions' semantics as methods ([`Capability::set_bounds`], …);
//! * `display` — the one-line human form used by traces.
//!
//! ```
//! use cheri_cap::Capability;
//! let c = Capability::ROOT.set_addr(0x8000_1003).set_bounds(0x12345);
//! assert!(c.cap.tag() && !c.exact && c.subset);
//! assert_eq!(c.cap.raw_high(), 0xFFFF_1FFF_FCCE_0104);
//! assert_eq!((c.cap.base(), c.cap.top()), (0x8000_1000, 0x8001_3380));
//! ```

#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

pub mod bounds;
mod capability;
mod display;
pub mod format;
mod ops;
pub mod otype;
pub mod perms;

pub use bounds::{Bounds, BoundsBits};
pub use capability::{CapMeta, Capability};
pub use ops::{cram, crrl, BuildCap, Denied, SetBounds};
pub use otype::OType;
pub use perms::Perms;
