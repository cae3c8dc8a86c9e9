//! Named edge cases: exponent 0 and the maximum exponent, lengths around powers of two,
//! top = 2^64, zero length, addresses near 2^64, base-above-top encodings, NULL, root.

use cheri_cap::bounds::{self, MAX_EXPONENT, TOP_MAX};
use cheri_cap::{cram, crrl, Capability, OType, Perms};

fn from_root(base: u64, len: u64) -> cheri_cap::SetBounds {
    Capability::ROOT.set_addr(base).set_bounds(len)
}

#[test]
fn exponent_zero_without_internal_exponent() {
    // Every length below 4096 is exact at any alignment, with IE = 0.
    for len in [0, 1, 2, 3, 0x7FF, 0x800, 0xFFE, 0xFFF] {
        for base in [0, 1, 0x1234_5677, u64::MAX - 0x2000] {
            let r = from_root(base, len);
            assert!(r.exact && r.cap.tag(), "{base:#x}+{len:#x}");
            assert!(!r.cap.bounds_bits().ie);
            assert_eq!(r.cap.exponent(), 0);
            assert_eq!((r.cap.base(), r.cap.length()), (base, len as u128));
        }
    }
}

#[test]
fn exponent_zero_with_internal_exponent() {
    // 4096..8191 need IE = 1 with E = 0, hence 8-byte alignment.
    let r = from_root(0x1000, 0x1000);
    assert!(r.exact && r.cap.bounds_bits().ie && r.cap.exponent() == 0);
    let r = from_root(0x1004, 0x1000);
    assert!(!r.exact);
    assert_eq!((r.cap.base(), r.cap.top()), (0x1000, 0x2008));
    let r = from_root(0x1000, 0x1FF8);
    assert!(r.exact && r.cap.exponent() == 0);
    assert_eq!(cram(0x1000), !7);
}

#[test]
fn maximum_exponent() {
    // E = 51 reaches 1023 * 2^54 exactly; one byte more overflows the mantissa into E = 52.
    assert_eq!(from_root(0, 1 << 63).cap.exponent(), 51);
    let r = from_root(0, (1 << 63) + 1);
    assert_eq!((r.cap.exponent(), r.cap.length()), (51, (1 << 63) + (1 << 54)));
    let r = from_root(0, 0xFFC0_0000_0000_0000);
    assert!(r.exact && r.cap.exponent() == 51);
    let r = from_root(0, 0xFFC0_0000_0000_0001);
    assert!(!r.exact && r.cap.tag());
    assert_eq!((r.cap.exponent(), r.cap.length()), (52, TOP_MAX));
    assert_eq!(bounds::encode(0, TOP_MAX).e as u32, MAX_EXPONENT);
    assert!(bounds::encode(0, TOP_MAX).exact);
    // The root is E = 52 and decodes the same at every address.
    for a in [0, 1, 1 << 63, u64::MAX] {
        let c = Capability::ROOT.set_addr(a);
        assert!(c.tag());
        assert_eq!((c.base(), c.top()), (0, TOP_MAX));
        assert!(c.is_representable_fast(a.wrapping_neg()));
    }
    // An encoded E above 52 is clamped when decoding (and is not well formed).
    let e63 = Capability::from_raw(false, Capability::ROOT.raw_high() | (7 << 14) | 7, 0x42);
    assert_eq!(e63.exponent(), 63);
    assert_eq!((e63.base(), e63.top()), (0, TOP_MAX));
    assert!(!e63.is_well_formed());
    assert!(e63.is_representable_fast(12345), "raw E >= 50 passes the fast test");
}

#[test]
fn lengths_around_powers_of_two() {
    for n in 0..64u32 {
        for d in [-1i64, 0, 1] {
            let len = (1u64 << n).wrapping_add(d as u64);
            let r = from_root(0, len);
            let rl = crrl(len);
            assert!(r.cap.tag(), "len {len:#x}");
            assert!(r.cap.length() >= len as u128);
            // From base 0 the rounded length is CRRL (2^64 where CRRL wraps to 0).
            let want = if rl == 0 && len != 0 { TOP_MAX } else { rl as u128 };
            assert_eq!(r.cap.length(), want, "len {len:#x}");
            // A power of two is always exact from an aligned base.
            if d == 0 {
                assert!(r.exact, "2^{n}");
                assert_eq!(rl, len);
            }
        }
    }
    // The overflow step: 0x1FFF rounds to 0x2000 with E = 1 ...
    let r = from_root(0, 0x1FFF);
    assert_eq!((r.cap.length(), r.cap.exponent()), (0x2000, 1));
    // ... and 0x3FFD from base 7 crosses into the next exponent.
    let r = from_root(7, 0x3FFD);
    assert_eq!((r.cap.base(), r.cap.top(), r.cap.exponent()), (0, 0x4020, 2));
}

#[test]
fn top_is_two_to_the_64() {
    let r = from_root(0xFFFF_FFFF_FFFF_F000, 0x1000);
    assert!(r.exact && r.cap.tag());
    assert_eq!(r.cap.top(), TOP_MAX);
    assert_eq!(r.cap.top_saturated(), u64::MAX);
    assert_eq!(r.cap.length(), 0x1000);
    let r = from_root(1 << 63, 1 << 63);
    assert_eq!((r.cap.base(), r.cap.top()), (1 << 63, TOP_MAX));
    // One past 2^64 is refused.
    let r = from_root(0xFFFF_FFFF_FFFF_F000, 0x1001);
    assert!(!r.subset && !r.cap.tag());
    // An access ending at 2^64 is in bounds; one byte more is not.
    assert!(Capability::ROOT.in_bounds(u64::MAX, 1));
    assert!(!Capability::ROOT.in_bounds(u64::MAX, 2));
}

#[test]
fn zero_length() {
    for base in [0, 0x1000, 0x8000_0001, u64::MAX] {
        let r = from_root(base, 0);
        assert!(r.exact && r.subset && r.cap.tag(), "{base:#x}");
        assert_eq!((r.cap.base(), r.cap.length()), (base, 0));
        assert!(!r.cap.in_bounds(base, 1));
        assert!(r.cap.in_bounds(base, 0));
    }
    assert_eq!((crrl(0), cram(0)), (0, u64::MAX));
    // At the very top of the address space: [2^64 - 1, 2^64 - 1).
    let r = from_root(u64::MAX, 0);
    assert_eq!(r.cap.top(), u64::MAX as u128);
}

#[test]
fn addresses_near_two_to_the_64() {
    let c = from_root(u64::MAX - 0xF, 0x10).cap;
    assert!(c.tag());
    assert_eq!((c.base(), c.top()), (u64::MAX - 0xF, TOP_MAX));
    // Moving past 2^64 wraps the address; the representable window wraps too.
    let wrapped = c.inc_offset(0x10);
    assert_eq!(wrapped.address(), 0);
    assert!(wrapped.tag(), "0 is inside the window [2^64-0x810, 2^64+0x3800)");
    assert_eq!((wrapped.base(), wrapped.top()), (u64::MAX - 0xF, TOP_MAX));
    let far = c.set_addr(0x4000);
    assert!(!far.tag());
    assert_eq!(far.raw_high(), c.raw_high());
    // Large capabilities near the top decode with the top-MSB fix.
    let big = from_root(0xFFF0_0000_0000_0000, 0x10_0000_0000_0000).cap;
    assert!(big.tag());
    assert_eq!(big.top(), TOP_MAX);
    assert_eq!(big.set_addr(u64::MAX).top(), TOP_MAX);
}

#[test]
fn base_above_top_encodings() {
    // Malformed bits (E = 51 with B[13] set) can decode with top below base. Only untagged
    // values can hold them; every accessor stays total and length wraps modulo 2^65.
    let c = Capability::from_raw(false, 0x0000_1FFF_FDDD_B8EB, 0x4A21_BA24_0CB1_595A);
    let b = c.bounds();
    assert_eq!(b.base, 0xC740_0000_0000_0000);
    assert_eq!(b.top, 0xBB80_0000_0000_0000);
    assert!(!c.is_well_formed());
    assert_eq!(c.length(), (b.top + (1 << 65)) - b.base as u128);
    assert_eq!(c.length_saturated(), u64::MAX);
    assert!(!c.in_bounds(b.base, 0));
    // CBuildCap refuses it (not a subset: base > top), and does not tag it.
    let r = Capability::ROOT.build_cap(c);
    assert!(!r.subset && !r.cap.tag());
    // Set-bounds on it gives a sane, untagged result.
    let r = c.set_bounds(0x10);
    assert!(!r.cap.tag() && r.exact);
    assert_eq!(r.cap.base(), c.address());
    let _ = format!("{c}");
}

#[test]
fn null() {
    let n = Capability::NULL;
    assert_eq!(n, Capability::default());
    assert_eq!(n.memory_high(), 0);
    assert_eq!(Capability::from_memory(false, 0, 0), n);
    assert!(!n.tag() && !n.is_sealed() && n.is_well_formed());
    assert_eq!(n.perms(), Perms::NONE);
    assert_eq!(n.otype(), OType::UNSEALED);
    assert_eq!(n.length(), TOP_MAX);
    // Operations on NULL never tag it.
    assert!(!n.set_bounds(0x10).cap.tag());
    assert!(!n.seal(Capability::ROOT).tag());
    assert!(!n.inc_offset(8).tag());
    assert_eq!(format!("{n}"), "v:0 s:0 p:------------ u:0x0 m:int otype:unsealed [0x0, 0x10000000000000000) addr 0x0");
}

#[test]
fn root() {
    let r = Capability::ROOT;
    assert!(r.tag() && r.is_well_formed());
    assert_eq!(r.perm_word(), 0x78FFF);
    assert_eq!(r.uperms(), 0xF);
    assert_eq!(r.type_word(), u64::MAX);
    assert_eq!(format!("{r}"), "v:1 s:0 p:rwxRWLGSUIAC u:0xf m:int otype:unsealed [0x0, 0x10000000000000000) addr 0x0");
    // The root contains everything and is derivable from itself.
    let b = Capability::ROOT.build_cap(r.clear_tag());
    assert_eq!(b.cap, r);
    assert!(r.test_subset(from_root(0x8000_0000, 0x1000).cap));
}

#[test]
fn display_of_sealed_and_bounded() {
    let c = from_root(0x8000_2170, 0x10).cap.and_perms(0x3F);
    assert_eq!(
        format!("{c}"),
        "v:1 s:0 p:rwxRW-G----- u:0x0 m:int otype:unsealed [0x80002170, 0x80002180) addr 0x80002170"
    );
    let s = c.seal_entry().set_flags(1);
    assert_eq!(
        format!("{s}"),
        "v:0 s:1 p:rwxRW-G----- u:0x0 m:cap otype:sentry [0x80002170, 0x80002180) addr 0x80002170"
    );
    let t = c.seal(Capability::ROOT.set_addr(0x2A));
    assert!(format!("{t}").contains("otype:0x2a"));
    assert!(format!("{t:#}").ends_with("offset 0x0 high 0x003f000150602170"));
}
