//! What observes the machine (DESIGN.md §1, §3): trace sinks for the event stream of
//! `sim_core::observer`, the filters and ring buffer in front of them, and the `explain`
//! narrative for capability instructions and CHERI exceptions.
//!
//! The pieces:
//! - [`Record`]: one event as a trace sees it — a retired instruction, a trap, a privilege
//!   change — numbered by the instruction count, with the capability operands it read
//!   ([`Operands`], from a [`Shadow`] register file) when the sink asks for them;
//! - [`Filter`]: an instruction-count window and a set of event kinds;
//! - [`Tracer`]: the observer; it numbers, filters, and either writes each record at once or
//!   keeps the last N in a ring that is written when the run ends;
//! - the sinks: [`TextSink`] (a Spike-style commit log), [`JsonlSink`] (one JSON object per
//!   line; fields in `traces/README.md`) and [`ExplainSink`] (plain-language narrative).
//!
//! Monitor events (DESIGN.md §5, the trace port) are one more [`Event`] variant, told in the
//! paper's words by [`monitor`] with the deployment's [`Names`]; [`Timeline`] turns them into
//! a Perfetto timeline and [`CycleAccount`] into cycles per cVM and per primitive.

mod account;
mod explain;
mod fast;
mod filter;
mod jsonl;
pub mod map;
pub mod monitor;
mod names;
mod record;
mod text;
mod timeline;
mod trace;
mod tracer;

pub use account::{Counts, CycleAccount, Place, Primitive};
pub use explain::ExplainSink;
pub use filter::{Filter, Kind, Kinds};
pub use jsonl::JsonlSink;
pub use monitor::Names;
pub use names::{cap_reg_name, cheri_fault, CheriFault};
pub use record::{Event, Operands, Record, Shadow};
pub use text::TextSink;
pub use timeline::{Timeline, CLOCK_MHZ};
pub use trace::{Format, Output, Trace};
pub use tracer::{Sink, Tracer};
