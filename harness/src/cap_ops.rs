//! The `cap_ops` target: arbitrary sequences of cheri-cap operations, each result checked
//! against the invariants the crate promises (spec §1, §4.3):
//!
//! * monotonicity: an operation on a well-formed tagged capability never gives a tagged
//!   capability with wider bounds or more permissions than its input (for CBuildCap: than
//!   its authority); a sealed input comes back untagged from every manipulation;
//! * CSetBounds covers the requested range, CSetBoundsExact gives exactly it or no tag;
//! * a representable CSetAddr keeps the bounds;
//! * memory form round-trips: `from_memory(tag, memory_high, address)` is the capability —
//!   decoded afresh, so the bounds every operation derived for its result are checked too;
//! * CRRL/CRAM: a nonzero representable length is at least the length and a multiple of
//!   the alignment CRAM asks for.

use arbitrary::Arbitrary;
use cheri_cap::{cram, crrl, Capability, Perms};

use crate::oracle::Finding;

#[derive(Arbitrary, Clone, Debug)]
pub enum Seed {
    /// Root with its address set, bounded to `len` and perms masked: a well-formed start.
    Derived { addr: u64, len: u64, perms: u64 },
    /// Any 129 bits.
    Raw { tag: bool, bits: u128 },
}

#[derive(Arbitrary, Clone, Debug)]
pub enum Step {
    SetAddr(u64),
    IncOffset(u64),
    SetOffset(u64),
    FromPtr(u64),
    SetBounds(u64),
    SetBoundsExact(u64),
    AndPerms(u64),
    SetFlags(u64),
    /// Seal / unseal / conditional seal / copy type with an authority derived from root at
    /// this address (an otype) and these perms.
    Seal {
        otype: u64,
        perms: u64,
    },
    Unseal {
        otype: u64,
        perms: u64,
    },
    CondSeal {
        otype: u64,
        perms: u64,
    },
    CopyType,
    SealEntry,
    /// CBuildCap with the current capability as authority and any request.
    BuildCap {
        tag: bool,
        bits: u128,
    },
    SetHigh(u64),
    ClearTag,
}

#[derive(Arbitrary, Clone, Debug)]
pub struct CapInput {
    pub seed: Seed,
    pub steps: Vec<Step>,
}

fn seed(s: &Seed) -> Capability {
    match *s {
        Seed::Derived { addr, len, perms } => Capability::ROOT.set_addr(addr).set_bounds(len).cap.and_perms(perms),
        Seed::Raw { tag, bits } => Capability::from_raw_bits(tag, bits),
    }
}

fn authority(otype: u64, perms: u64) -> Capability {
    Capability::ROOT.set_addr(otype).and_perms(perms)
}

fn bad(kind: &'static str, detail: String) -> Result<(), Finding> {
    Err(Finding { kind, detail })
}

fn within(r: Capability, c: Capability) -> bool {
    r.base() >= c.base() && r.top() <= c.top() && r.perms().difference(c.perms()) == Perms::NONE
}

/// Runs the steps; the first broken invariant is the finding.
pub fn check(input: &CapInput) -> Result<(), Finding> {
    let mut c = seed(&input.seed);
    for (i, step) in input.steps.iter().enumerate().take(64) {
        let round = Capability::from_memory(c.tag(), c.memory_high(), c.address());
        if round != c {
            return bad("cap-memory-form", format!("step {i}: {c:?} comes back from memory as {round:?}"));
        }
        let wf = c.tag() && c.is_well_formed();
        let sealed = c.is_sealed();
        let r = match *step {
            Step::SetAddr(a) => {
                let r = c.set_addr(a);
                if r.tag() && r.bounds() != c.bounds() {
                    return bad("cap-set-addr", format!("step {i}: {c:?} -> {r:?} changed bounds"));
                }
                r
            }
            Step::IncOffset(d) => c.inc_offset(d),
            Step::SetOffset(o) => c.set_offset(o),
            Step::FromPtr(o) => c.from_ptr(o),
            Step::SetBounds(len) => {
                let r = c.set_bounds(len).cap;
                let (a, top) = (c.address() as u128, c.address() as u128 + len as u128);
                if r.tag() && (r.base() as u128 > a || r.top() < top) {
                    return bad("cap-set-bounds", format!("step {i}: {c:?} len {len:#x} -> {r:?} misses the request"));
                }
                r
            }
            Step::SetBoundsExact(len) => {
                let r = c.set_bounds_exact(len).cap;
                if r.tag() && (r.base() != c.address() || r.length() != len as u128) {
                    return bad("cap-set-bounds-exact", format!("step {i}: {c:?} len {len:#x} -> {r:?} is not exact"));
                }
                r
            }
            Step::AndPerms(m) => c.and_perms(m),
            Step::SetFlags(f) => c.set_flags(f),
            Step::Seal { otype, perms } => c.seal(authority(otype, perms)),
            Step::Unseal { otype, perms } => c.unseal(authority(otype, perms)),
            Step::CondSeal { otype, perms } => c.cond_seal(authority(otype, perms)),
            Step::CopyType => c.copy_type(c),
            Step::SealEntry => c.seal_entry(),
            Step::BuildCap { tag, bits } => {
                let r = c.build_cap(Capability::from_raw_bits(tag, bits)).cap;
                if wf && !sealed && r.tag() && !within(r, c) {
                    return bad("cap-build-cap", format!("step {i}: authority {c:?} built {r:?}"));
                }
                r
            }
            Step::SetHigh(h) => c.set_high(h),
            Step::ClearTag => c.clear_tag(),
        };
        let manipulation = !matches!(step, Step::Unseal { .. } | Step::BuildCap { .. } | Step::ClearTag);
        if wf && r.tag() && !within(r, c) {
            return bad("cap-monotonicity", format!("step {i} {step:?}: {c:?} -> {r:?} grew"));
        }
        if wf && sealed && manipulation && r.tag() && !matches!(step, Step::CondSeal { .. }) {
            return bad("cap-sealed", format!("step {i} {step:?}: sealed {c:?} -> tagged {r:?}"));
        }
        if !c.tag() && r.tag() && !matches!(step, Step::BuildCap { .. }) {
            return bad("cap-tag-from-nothing", format!("step {i} {step:?}: untagged {c:?} -> tagged {r:?}"));
        }
        c = r;
    }
    if let Seed::Derived { len, .. } = input.seed {
        let l = crrl(len);
        if l != 0 && (l < len || l & !cram(len) != 0) {
            return bad("cap-crrl", format!("crrl({len:#x}) = {l:#x}, cram = {:#x}", cram(len)));
        }
    }
    Ok(())
}
