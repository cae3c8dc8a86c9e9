//! Properties over random capabilities and operations (issue 3, "How it is shown").

use cheri_cap::bounds::{self, TOP_MAX};
use cheri_cap::format::OTYPE;
use cheri_cap::{cram, crrl, BoundsBits, Capability, OType};
use proptest::prelude::*;

mod common;
use common::{address, length};

/// A capability hardware could hold: set-bounds from the root, then possibly narrowed
/// permissions, flags and a moved address (tag as the operations leave it).
fn valid_cap() -> impl Strategy<Value = Capability> {
    (address(), length(), any::<u64>(), any::<bool>(), address(), 0u8..4).prop_map(
        |(base, len, perms, flag, addr, moves)| {
            let len = clamp_to_space(base, len);
            let mut c = Capability::ROOT.set_addr(base).set_bounds(len).cap;
            c = c.and_perms(perms).set_flags(flag as u64);
            match moves {
                0 => c,
                1 => c.set_addr(base.wrapping_add(addr % len.max(1))),
                2 => c.set_addr(addr),
                _ => c.inc_offset(addr),
            }
        },
    )
}

/// The largest length not above `len` that keeps `base + len <= 2^64`.
fn clamp_to_space(base: u64, len: u64) -> u64 {
    if base == 0 {
        len
    } else {
        len.min(base.wrapping_neg())
    }
}

/// The same bits, tagged and with the otype forced to unsealed.
fn tagged_unsealed(c: Capability) -> Capability {
    let high = OTYPE.set(c.raw_high(), OType::UNSEALED.raw() as u64);
    Capability::from_raw(true, high, c.address())
}

/// Any 129-bit value.
fn any_cap() -> impl Strategy<Value = Capability> {
    (any::<bool>(), any::<u64>(), any::<u64>()).prop_map(|(t, h, a)| Capability::from_raw(t, h, a))
}

fn either_cap() -> impl Strategy<Value = Capability> {
    prop_oneof![valid_cap(), any_cap()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    /// Raw and memory forms convert both ways without loss.
    #[test]
    fn raw_and_memory_forms_round_trip(c in any_cap()) {
        prop_assert_eq!(Capability::from_raw_bits(c.tag(), c.raw_bits()), c);
        prop_assert_eq!(Capability::from_memory(c.tag(), c.memory_high(), c.address()), c);
        prop_assert_eq!(c.set_high(c.get_high()), c.clear_tag());
    }

    /// Decode/encode round trip: encoding the decoded bounds of a canonical capability gives
    /// back the same IE/E/B/T bits, exactly.
    #[test]
    fn canonical_encodings_round_trip(base in address(), len in length()) {
        let c = Capability::ROOT.set_addr(base).set_bounds(clamp_to_space(base, len)).cap;
        prop_assert!(c.tag());
        let b = c.bounds();
        let enc = bounds::encode(b.base, b.top);
        prop_assert!(enc.exact);
        prop_assert_eq!(bounds::with_encoding(c.raw_high(), enc), c.raw_high());
        prop_assert!(c.is_well_formed());
    }

    /// Set-bounds always contains the requested range, whatever the input, when that range is
    /// inside the address space (a request past 2^64 has no 65-bit encoding; it can never lie
    /// inside a well-formed authority, so its result is untagged).
    #[test]
    fn set_bounds_contains_request(c in either_cap(), len in length()) {
        let len = clamp_to_space(c.address(), len);
        let r = c.set_bounds(len);
        let b = r.cap.bounds();
        let top = c.address() as u128 + len as u128;
        prop_assert_eq!(r.cap.address(), c.address());
        prop_assert!(b.base <= c.address(), "base {:#x} above request", b.base);
        prop_assert!(b.top >= top, "top {:#x} below request {:#x}", b.top, top);
    }

    /// Exact iff the decoded bounds equal the request.
    #[test]
    fn exact_iff_bounds_equal_request(c in either_cap(), len in length()) {
        let r = c.set_bounds(len);
        let b = r.cap.bounds();
        let top = c.address() as u128 + len as u128;
        prop_assert_eq!(r.exact, b.base == c.address() && b.top == top);
        // CSetBoundsExact differs only in the tag.
        let e = c.set_bounds_exact(len);
        prop_assert_eq!(e.cap.tag(), r.cap.tag() && r.exact);
        prop_assert_eq!(e.cap.clear_tag(), r.cap.clear_tag());
    }

    /// The result is never wider than its authority unless the tag is cleared, and the tag is
    /// kept iff the input was tagged, unsealed and the request was inside.
    #[test]
    fn set_bounds_never_widens_a_tagged_result(c in valid_cap(), len in length()) {
        let r = c.set_bounds(len);
        let (old, new) = (c.bounds(), r.cap.bounds());
        if r.cap.tag() {
            prop_assert!(new.base >= old.base && new.top <= old.top,
                "{} widened to {}", c, r.cap);
        }
        prop_assert_eq!(r.subset, old.contains(c.address(), len));
        prop_assert_eq!(r.cap.tag(), c.tag() && !c.is_sealed() && r.subset);
    }

    /// CRRL/CRAM agree with set-bounds: a CRAM-aligned base with a CRRL length is exact.
    #[test]
    fn crrl_cram_give_exact_bounds(base in address(), len in length()) {
        let mask = cram(len);
        let rlen = crrl(len);
        prop_assert!(rlen >= len || rlen == 0, "CRRL only wraps to 0");
        if rlen != 0 || len == 0 {
            let r = Capability::ROOT.set_addr(base & mask).set_bounds(rlen);
            prop_assert!(r.exact, "base {:#x} len {:#x}", base & mask, rlen);
        }
        // From base 0, set-bounds rounds the length up to exactly CRRL (2^64 when it wraps).
        let r = Capability::ROOT.set_bounds(len);
        let expect = if rlen == 0 && len != 0 { TOP_MAX } else { rlen as u128 };
        prop_assert_eq!(r.cap.length(), expect);
    }

    /// Representability: CSetAddr keeps the tag iff the decoded bounds do not change (the
    /// precise test), for every tagged unsealed input.
    #[test]
    fn set_addr_keeps_tag_iff_bounds_unchanged(c in either_cap(), a in address()) {
        let c = tagged_unsealed(c);
        let moved = c.set_addr(a);
        prop_assert_eq!(moved.tag(), moved.bounds() == c.bounds());
        prop_assert_eq!(moved.address(), a);
        prop_assert_eq!(moved.raw_high(), c.raw_high());
    }

    /// The fast test is conservative: when CIncOffset keeps the tag of a well-formed
    /// capability, the bounds did not change (so CSetAddr would keep it too).
    #[test]
    fn inc_offset_keeps_tag_only_if_bounds_unchanged(c in valid_cap(), d in address(), neg in any::<bool>()) {
        let c = tagged_unsealed(c);
        let delta = if neg { d.wrapping_neg() } else { d };
        let moved = c.inc_offset(delta);
        if moved.tag() {
            prop_assert_eq!(moved.bounds(), c.bounds());
            prop_assert!(c.set_addr(moved.address()).tag());
        }
        // In-bounds addresses always pass the fast test.
        let b = c.bounds();
        if b.contains(moved.address(), 0) && (moved.address() as u128) < b.top {
            prop_assert!(moved.tag(), "{} + {:#x}", c, delta);
        }
    }

    /// No operation panics on any input, the decoded fields stay in range, and every result's
    /// unpacked E/B/T agree with its high word and the bounds it keeps are those its bits
    /// decode to at its address (they are derived from the input's, not decoded again).
    #[test]
    fn operations_are_total(a in either_cap(), b in either_cap(), x in any::<u64>(), len in length()) {
        let results = [
            a.set_addr(x),
            a.set_addr(a.address().wrapping_add(len)),
            a.inc_offset(x),
            a.inc_offset(len),
            a.inc_offset(len.wrapping_neg()),
            a.set_offset(x),
            a.set_offset(len),
            a.set_bounds(x).cap,
            a.set_bounds(len).cap,
            a.set_bounds_exact(x).cap,
            a.set_bounds_exact(len).cap,
            a.and_perms(x),
            a.set_flags(x),
            a.seal(b),
            a.unseal(b),
            a.cond_seal(b),
            a.seal_entry(),
            a.build_cap(b).cap,
            b.build_cap(a).cap,
            a.copy_type(b),
            a.from_ptr(x),
            a.set_high(x),
            a.clear_tag(),
            Capability::from_integer(x),
        ];
        for r in results {
            prop_assert_eq!(r.bounds_bits(), BoundsBits::from_high(r.raw_high()), "{:?}", r);
            prop_assert!(r.bounds_are_decoded(), "{:?} keeps {:?}, decodes to {:?}", r, r.bounds(), r.bounds_bits().decode(r.address()));
            prop_assert_eq!(r, Capability::from_raw(r.tag(), r.raw_high(), r.address()));
            let bd = r.bounds();
            prop_assert!(bd.top < (1u128 << 65));
            prop_assert!(r.length() < (1u128 << 65));
            prop_assert!(r.length_saturated() as u128 <= TOP_MAX);
            let _ = format!("{r} {r:#} {r:?}");
        }
        let _ = (a.test_subset(b), a.to_ptr(b), crrl(x), cram(x));
        let (address, meta) = a.split();
        prop_assert_eq!(Capability::join(address, meta), a);
    }

    /// CBuildCap rebuilds anything derived from its authority, bit for bit.
    #[test]
    fn build_cap_rebuilds_derived_capabilities(base in address(), len in length(), sub in length(), off in length(), perms in any::<u64>()) {
        let len = clamp_to_space(base, len);
        let auth = Capability::ROOT.set_addr(base).set_bounds(len).cap;
        prop_assert!(auth.tag());
        let sub = if len == 0 { 0 } else { sub % len };
        let derived = auth.set_bounds(sub).cap.and_perms(perms).inc_offset(off % sub.max(1));
        prop_assert!(derived.tag());
        let r = auth.build_cap(derived.clear_tag());
        prop_assert!(r.subset && r.derivable);
        prop_assert_eq!(r.cap, derived);
        // And its sentry form.
        let r = auth.build_cap(derived.seal_entry().clear_tag());
        prop_assert_eq!(r.cap, derived.seal_entry());
    }

    /// Sealing then unsealing with the same authority gives back the input.
    #[test]
    fn seal_unseal_round_trip(c in valid_cap(), otype in 0u64..=0x3FFFB) {
        let c = tagged_unsealed(c);
        let auth = Capability::ROOT.set_addr(otype);
        let s = c.seal(auth);
        prop_assert!(s.tag() && s.is_sealed());
        prop_assert_eq!(s.unseal(auth), c);
    }
}
