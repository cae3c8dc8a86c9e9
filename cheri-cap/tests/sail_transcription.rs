//! A second, deliberately naive implementation: the Sail model's capability functions and
//! instruction clauses (sail-cheri-riscv `src/cheri_cap_common.sail`, `src/cheri_insts.sail`)
//! transcribed line by line over Sail's decoded `Capability` struct, with no caching and no
//! cleverness. Proptest compares every operation of the crate with it on random inputs, so a
//! shortcut taken for speed in the crate cannot drift from the model. (The compression itself
//! is also checked against the reference C code in `reference_vectors.rs`.)

use cheri_cap::Capability;
use proptest::prelude::*;

mod common;
use common::{address, length};

const MW: u32 = 14; // cap_mantissa_width
const MAX_E: u32 = 52; // cap_max_E
const MAX_OTYPE: u64 = (1 << 18) - 1 - 4; // cap_max_otype
const OTYPE_UNSEALED: u32 = 0x3FFFF;
const OTYPE_SENTRY: u32 = 0x3FFFE;
const LEN_MASK: u128 = (1 << 65) - 1;

/// Sail `struct Capability` (permissions kept as one 12-bit field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SailCap {
    tag: bool,
    uperms: u64,
    perms: u64,
    reserved: u64,
    flag_cap_mode: bool,
    internal_e: bool,
    e: u32,
    b: u32,
    t: u32,
    otype: u32,
    address: u64,
}

fn bits(x: u128, hi: u32, lo: u32) -> u64 {
    ((x >> lo) & ((1u128 << (hi - lo + 1)) - 1)) as u64
}

/// `capBitsToCapability` (via `capBitsToEncCapability` and `encCapabilityToCapability`).
fn cap_bits_to_capability(tag: bool, c: u128) -> SailCap {
    let internal_e = bits(c, 90, 90) == 1;
    let c_t = bits(c, 89, 78) as u32;
    let c_b = bits(c, 77, 64) as u32;
    let (e, t, bs, len_msbs) =
        if internal_e { ((c_t & 7) << 3 | (c_b & 7), c_t & !7 & 0xFFF, c_b & !7, 1u32) } else { (0, c_t, c_b, 0) };
    let carry_out = u32::from(t < (bs & 0xFFF));
    let t_top2 = ((bs >> 12) + len_msbs + carry_out) & 3;
    SailCap {
        tag,
        uperms: bits(c, 127, 124),
        perms: bits(c, 123, 112),
        reserved: bits(c, 111, 110),
        flag_cap_mode: bits(c, 109, 109) == 1,
        internal_e,
        e,
        b: bs,
        t: (t_top2 << 12) | t,
        otype: bits(c, 108, 91) as u32,
        address: c as u64,
    }
}

/// `capToBits` (via `capToEncCap`).
fn cap_to_bits(cap: &SailCap) -> u128 {
    let mut t_lo = cap.t & 7;
    let mut b_lo = cap.b & 7;
    if cap.internal_e {
        t_lo = (cap.e >> 3) & 7;
        b_lo = cap.e & 7;
    }
    let t_field = ((cap.t >> 3) & 0x1FF) << 3 | t_lo;
    let b_field = ((cap.b >> 3) & 0x7FF) << 3 | b_lo;
    (cap.uperms as u128) << 124
        | (cap.perms as u128) << 112
        | (cap.reserved as u128) << 110
        | (cap.flag_cap_mode as u128) << 109
        | (cap.otype as u128) << 91
        | (cap.internal_e as u128) << 90
        | (t_field as u128) << 78
        | (b_field as u128) << 64
        | cap.address as u128
}

const NULL_CAP_BITS: u128 = 0x0000_1FFF_FC01_8004u128 << 64;

fn mem_bits_to_capability(tag: bool, b: u128) -> SailCap {
    cap_bits_to_capability(tag, b ^ NULL_CAP_BITS)
}

fn cap_to_mem_bits(cap: &SailCap) -> u128 {
    cap_to_bits(cap) ^ NULL_CAP_BITS
}

/// `getCapBoundsBits`: (base, top) with top 65 bits.
fn get_cap_bounds(c: &SailCap) -> (u64, u128) {
    let e = c.e.min(MAX_E);
    let a = c.address;
    let a3 = ((a as u128 >> (e + MW - 3)) & 7) as i64;
    let b3 = (c.b >> (MW - 3)) as i64;
    let t3 = (c.t >> (MW - 3)) as i64;
    let r3 = (b3 - 1).rem_euclid(8);
    let a_hi = i64::from(a3 < r3);
    let b_hi = i64::from(b3 < r3);
    let t_hi = i64::from(t3 < r3);
    let correction_base = b_hi - a_hi;
    let correction_top = t_hi - a_hi;
    let a_top = (a as u128 >> (e + MW)) as u64;
    // truncate((a_top + correction) @ B @ zeros(E), 65): a_top + correction is 64-bit.
    let concat = |hi: u64, m: u32| -> u128 {
        let hi = (hi as i128 as u128) & ((1u128 << 64) - 1);
        ((hi << MW | m as u128) << e) & LEN_MASK
    };
    let base = concat(a_top.wrapping_add(correction_base as u64), c.b);
    let mut top = concat(a_top.wrapping_add(correction_top as u64), c.t);
    let base2 = (base >> 63) & 1;
    let top2 = (top >> 63) & 3;
    if e < MAX_E - 1 && (top2.wrapping_sub(base2) & 3) > 1 {
        top ^= 1 << 64;
    }
    (base as u64, top)
}

fn in_cap_bounds(cap: &SailCap, addr: u64, size: u128) -> bool {
    let (base, top) = get_cap_bounds(cap);
    addr >= base && addr as u128 + size <= top
}

/// `setCapBounds(cap, base, top)` → (exact, cap).
fn set_cap_bounds(cap: &SailCap, base: u64, top: u128) -> (bool, SailCap) {
    let ext_base = base as u128;
    let length = top.wrapping_sub(ext_base) & LEN_MASK;
    let l = (length >> (MW - 1)) as u64; // length[64..13], 52 bits
    let clz52 = if l == 0 { 52 } else { l.leading_zeros() - 12 };
    let e = MAX_E - clz52;
    let ie = e != 0 || (length >> (MW - 2)) & 1 == 1;
    let mut b_bits = (base & 0x3FFF) as u32;
    let mut t_bits = (top & 0x3FFF) as u32;
    let mut lost_top = false;
    let mut lost_base = false;
    let mut inc_e = false;
    if ie {
        let mut b_ie = ((ext_base >> (e + 3)) & 0x7FF) as u32;
        let mut t_ie = ((top >> (e + 3)) & 0x7FF) as u32;
        let mask_lo: u128 = (1u128 << (e + 3)) - 1;
        lost_base = ext_base & mask_lo != 0;
        lost_top = top & mask_lo != 0;
        if lost_top {
            t_ie = (t_ie + 1) & 0x7FF;
        }
        let len_ie = t_ie.wrapping_sub(b_ie) & 0x7FF;
        if (len_ie >> (MW - 4)) & 1 == 1 {
            inc_e = true;
            lost_base = lost_base || b_ie & 1 == 1;
            lost_top = lost_top || t_ie & 1 == 1;
            b_ie = ((ext_base >> (e + 4)) & 0x7FF) as u32;
            let inc_t = u32::from(lost_top);
            t_ie = ((((top >> (e + 4)) & 0x7FF) as u32) + inc_t) & 0x7FF;
        }
        b_bits = b_ie << 3;
        t_bits = t_ie << 3;
    }
    let new_cap =
        SailCap { address: base, e: if inc_e { e + 1 } else { e }, b: b_bits, t: t_bits, internal_e: ie, ..*cap };
    (!(lost_base || lost_top), new_cap)
}

fn is_cap_sealed(c: &SailCap) -> bool {
    c.otype != OTYPE_UNSEALED
}

fn has_reserved_otype(c: &SailCap) -> bool {
    c.otype as u64 > MAX_OTYPE
}

fn clear_tag_if(c: SailCap, cond: bool) -> SailCap {
    SailCap { tag: c.tag && !cond, ..c }
}

fn clear_tag_if_sealed(c: SailCap) -> SailCap {
    clear_tag_if(c, is_cap_sealed(&c))
}

fn get_cap_perms(c: &SailCap) -> u64 {
    c.uperms << 15 | c.perms
}

fn set_cap_perms(c: SailCap, perms: u64) -> SailCap {
    SailCap { uperms: (perms >> 15) & 0xF, perms: perms & 0xFFF, ..c }
}

fn set_cap_addr(c: &SailCap, addr: u64) -> (bool, SailCap) {
    let new_cap = SailCap { address: addr, ..*c };
    (get_cap_bounds(c) == get_cap_bounds(&new_cap), new_cap)
}

fn fast_rep_check(c: &SailCap, i: u64) -> bool {
    let e = c.e;
    if e >= MAX_E - 2 {
        return true;
    }
    let i_top = (i as i64) >> (e + MW);
    let i_mid = (i >> e) & 0x3FFF;
    let a_mid = (c.address >> e) & 0x3FFF;
    let b3 = (c.b >> (MW - 3)) as u64;
    let r3 = b3.wrapping_sub(1) & 7;
    let r = r3 << (MW - 3);
    let diff = r.wrapping_sub(a_mid) & 0x3FFF;
    let diff1 = diff.wrapping_sub(1) & 0x3FFF;
    if i_top == 0 {
        i_mid < diff1
    } else if i_top == -1 {
        i_mid >= diff && r != a_mid
    } else {
        false
    }
}

fn get_cap_offset(c: &SailCap) -> u64 {
    c.address.wrapping_sub(get_cap_bounds(c).0)
}

// --- Instruction clauses -------------------------------------------------------------------

fn c_set_bounds(cs1: SailCap, rs2: u64, exact_variant: bool) -> SailCap {
    let new_base = cs1.address;
    let new_top = new_base as u128 + rs2 as u128;
    let in_bounds = in_cap_bounds(&cs1, new_base, rs2 as u128);
    let in_cap = clear_tag_if_sealed(cs1);
    let (exact, new_cap) = set_cap_bounds(&in_cap, new_base, new_top);
    if exact_variant {
        clear_tag_if(new_cap, !(in_bounds && exact))
    } else {
        clear_tag_if(new_cap, !in_bounds)
    }
}

fn c_set_addr(cs1: SailCap, rs2: u64) -> SailCap {
    let in_cap = clear_tag_if_sealed(cs1);
    let (rep, new_cap) = set_cap_addr(&in_cap, rs2);
    clear_tag_if(new_cap, !rep)
}

fn c_inc_offset(cs1: SailCap, rs2: u64) -> SailCap {
    let in_cap = clear_tag_if_sealed(cs1);
    let new_cap = SailCap { address: in_cap.address.wrapping_add(rs2), ..in_cap };
    clear_tag_if(new_cap, !fast_rep_check(&in_cap, rs2))
}

fn c_set_offset(cs1: SailCap, rs2: u64) -> SailCap {
    let in_cap = clear_tag_if_sealed(cs1);
    let base = get_cap_bounds(&in_cap).0;
    let new_address = base.wrapping_add(rs2);
    let new_cap = SailCap { address: new_address, ..in_cap };
    clear_tag_if(new_cap, !fast_rep_check(&in_cap, new_address.wrapping_sub(in_cap.address)))
}

fn c_and_perm(cs1: SailCap, rs2: u64) -> SailCap {
    let perms = get_cap_perms(&cs1);
    let mask = rs2 & ((1 << 19) - 1);
    set_cap_perms(clear_tag_if_sealed(cs1), perms & mask)
}

fn c_set_flags(cs1: SailCap, rs2: u64) -> SailCap {
    SailCap { flag_cap_mode: rs2 & 1 == 1, ..clear_tag_if_sealed(cs1) }
}

fn c_seal(cs1: SailCap, cs2: SailCap) -> SailCap {
    let cursor = cs2.address;
    let (base, top) = get_cap_bounds(&cs2);
    let permitted = cs2.tag
        && !is_cap_sealed(&cs2)
        && (cs2.perms >> 7) & 1 == 1
        && cursor >= base
        && (cursor as u128) < top
        && cursor <= MAX_OTYPE;
    let in_cap = clear_tag_if_sealed(cs1);
    clear_tag_if(SailCap { otype: (cursor & 0x3FFFF) as u32, ..in_cap }, !permitted)
}

fn c_cseal(cs1: SailCap, cs2: SailCap) -> SailCap {
    let cursor = cs2.address;
    let (base, top) = get_cap_bounds(&cs2);
    let passthrough =
        !cs2.tag || is_cap_sealed(&cs1) || cursor < base || cursor as u128 >= top || cs2.address as i64 == -1;
    if passthrough {
        return cs1;
    }
    let permitted = !is_cap_sealed(&cs2) && (cs2.perms >> 7) & 1 == 1 && cursor <= MAX_OTYPE;
    clear_tag_if(SailCap { otype: (cursor & 0x3FFFF) as u32, ..cs1 }, !permitted)
}

fn c_unseal(cs1: SailCap, cs2: SailCap) -> SailCap {
    let cursor = cs2.address;
    let (base, top) = get_cap_bounds(&cs2);
    let permitted = cs2.tag
        && is_cap_sealed(&cs1)
        && !is_cap_sealed(&cs2)
        && !has_reserved_otype(&cs1)
        && cursor == cs1.otype as u64
        && (cs2.perms >> 9) & 1 == 1
        && cursor >= base
        && (cursor as u128) < top;
    let new_global = cs1.perms & cs2.perms & 1;
    let new_cap = SailCap { otype: OTYPE_UNSEALED, perms: (cs1.perms & !1) | new_global, ..cs1 };
    clear_tag_if(new_cap, !permitted)
}

fn c_seal_entry(cs1: SailCap) -> SailCap {
    SailCap { otype: OTYPE_SENTRY, ..clear_tag_if_sealed(cs1) }
}

fn c_build_cap(cs1: SailCap, cs2: SailCap) -> SailCap {
    let authority = cs1;
    let requested0 = SailCap { tag: true, ..cs2 };
    let requested_sentry = requested0.otype == OTYPE_SENTRY;
    let requested = if requested_sentry { requested0 } else { SailCap { otype: OTYPE_UNSEALED, ..requested0 } };
    let (a_base, a_top) = get_cap_bounds(&authority);
    let (r_base, r_top) = get_cap_bounds(&requested);
    let a_perms = get_cap_perms(&authority);
    let r_perms = get_cap_perms(&requested);
    let subset = r_base >= a_base && r_top <= a_top && (r_base as u128) <= r_top && (r_perms & a_perms) == r_perms;
    let in_cap = clear_tag_if_sealed(authority);
    let (_exact, cd1) = set_cap_bounds(&in_cap, r_base, r_top);
    let cd2 = SailCap { address: get_cap_bounds(&cd1).0.wrapping_add(get_cap_offset(&requested)), ..cd1 };
    let cd3 = set_cap_perms(cd2, r_perms);
    let cd4 = SailCap { flag_cap_mode: requested.flag_cap_mode, ..cd3 };
    let cd5 = if requested_sentry { SailCap { otype: OTYPE_SENTRY, ..cd4 } } else { cd4 };
    let derivable = cd5 == requested;
    if subset && derivable {
        cd5
    } else {
        SailCap { tag: false, ..requested }
    }
}

fn c_copy_type(cs1: SailCap, cs2: SailCap) -> SailCap {
    let reserved = has_reserved_otype(&cs2);
    let otype = if reserved { cs2.otype as u64 | !0x3FFFF } else { cs2.otype as u64 };
    let in_cap = clear_tag_if_sealed(cs1);
    let (rep, new_cap) = set_cap_addr(&in_cap, otype);
    clear_tag_if(new_cap, reserved || !rep)
}

fn c_test_subset(cs1: SailCap, cs2: SailCap) -> bool {
    let (b2, t2) = get_cap_bounds(&cs2);
    let (b1, t1) = get_cap_bounds(&cs1);
    let p2 = get_cap_perms(&cs2);
    let p1 = get_cap_perms(&cs1);
    cs1.tag == cs2.tag && b2 >= b1 && t2 <= t1 && (p2 & p1) == p2
}

fn c_set_high(cs1: SailCap, rs2: u64) -> SailCap {
    let cap_low = cap_to_mem_bits(&cs1) as u64;
    mem_bits_to_capability(false, (rs2 as u128) << 64 | cap_low as u128)
}

fn get_representable_alignment_mask(len: u64) -> u64 {
    let default_cap = cap_bits_to_capability(true, 0xFFFF_1FFF_FC01_8004u128 << 64);
    let (_exact, c) = set_cap_bounds(&default_cap, 0, len as u128);
    let e = c.e.min(MAX_E);
    let e2 = if c.internal_e { e + 3 } else { 0 };
    u64::MAX << e2
}

fn get_representable_length(len: u64) -> u64 {
    let m = get_representable_alignment_mask(len);
    len.wrapping_add(!m) & m
}

// --- Comparison ----------------------------------------------------------------------------

fn to_sail(c: Capability) -> SailCap {
    cap_bits_to_capability(c.tag(), c.raw_bits())
}

/// The crate's result must have exactly the Sail result's tag and 128 bits.
fn same(ours: Capability, sail: SailCap) -> Result<(), TestCaseError> {
    let want = Capability::from_raw_bits(sail.tag, cap_to_bits(&sail));
    prop_assert_eq!(ours, want);
    Ok(())
}

/// Capabilities as hardware makes them, and arbitrary bit patterns.
fn cap() -> impl Strategy<Value = Capability> {
    let derived = (address(), length(), length(), any::<u64>(), 0u64..0x40000, 0u8..4).prop_map(
        |(base, len, off, perms, otype, how)| {
            let len = if base == 0 { len } else { len.min(base.wrapping_neg()) };
            let c = Capability::ROOT.set_addr(base).set_bounds(len).cap.and_perms(perms);
            match how {
                0 => c,
                1 => c.inc_offset(off),
                2 => c.seal(Capability::ROOT.set_addr(otype)),
                _ => c.seal_entry(),
            }
        },
    );
    let raw = (any::<bool>(), any::<u64>(), any::<u64>()).prop_map(|(t, h, a)| Capability::from_raw(t, h, a));
    prop_oneof![3 => derived, 1 => raw]
}

/// An authority whose address is an interesting otype (for the sealing instructions).
fn authority() -> impl Strategy<Value = Capability> {
    (cap(), prop_oneof![0u64..0x40000, Just(u64::MAX), any::<u64>()], any::<u64>())
        .prop_map(|(c, addr, perms)| c.set_addr(addr).and_perms(perms | 0x280))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5_000, ..ProptestConfig::default() })]

    #[test]
    fn decoding_matches(c in cap()) {
        let s = to_sail(c);
        let b = c.bounds();
        prop_assert_eq!((b.base, b.top), get_cap_bounds(&s));
        prop_assert_eq!(c.raw_bits(), cap_to_bits(&s));
        prop_assert_eq!(c.memory_high(), (cap_to_mem_bits(&s) >> 64) as u64);
        let bb = c.bounds_bits();
        prop_assert_eq!((bb.ie, bb.e as u32, bb.b as u32, bb.t as u32), (s.internal_e, s.e, s.b, s.t));
        prop_assert_eq!(c.offset(), get_cap_offset(&s));
        prop_assert_eq!(c.perm_word(), get_cap_perms(&s));
        prop_assert_eq!(c.in_bounds(c.address(), 8), in_cap_bounds(&s, c.address(), 8));
    }

    #[test]
    fn address_operations_match(c in cap(), x in any::<u64>(), small in -0x5000i64..0x5000) {
        let s = to_sail(c);
        same(c.set_addr(x), c_set_addr(s, x))?;
        same(c.inc_offset(x), c_inc_offset(s, x))?;
        same(c.inc_offset(small as u64), c_inc_offset(s, small as u64))?;
        same(c.set_offset(x), c_set_offset(s, x))?;
        same(c.set_offset(small as u64), c_set_offset(s, small as u64))?;
        prop_assert_eq!(c.is_representable_fast(x), fast_rep_check(&s, x));
    }

    #[test]
    fn bounds_operations_match(c in cap(), len in length()) {
        let s = to_sail(c);
        let r = c.set_bounds(len);
        same(r.cap, c_set_bounds(s, len, false))?;
        same(c.set_bounds_exact(len).cap, c_set_bounds(s, len, true))?;
        let (exact, _) = set_cap_bounds(&s, c.address(), c.address() as u128 + len as u128);
        prop_assert_eq!(r.exact, exact);
        prop_assert_eq!(r.subset, in_cap_bounds(&s, c.address(), len as u128));
        prop_assert_eq!(cheri_cap::crrl(len), get_representable_length(len));
        prop_assert_eq!(cheri_cap::cram(len), get_representable_alignment_mask(len));
    }

    #[test]
    fn metadata_operations_match(c in cap(), x in any::<u64>()) {
        let s = to_sail(c);
        same(c.and_perms(x), c_and_perm(s, x))?;
        same(c.set_flags(x), c_set_flags(s, x))?;
        same(c.seal_entry(), c_seal_entry(s))?;
        same(c.set_high(x), c_set_high(s, x))?;
        same(c.clear_tag(), SailCap { tag: false, ..s })?;
    }

    #[test]
    fn sealing_matches(c in cap(), auth in authority()) {
        let (s, a) = (to_sail(c), to_sail(auth));
        same(c.seal(auth), c_seal(s, a))?;
        same(c.unseal(auth), c_unseal(s, a))?;
        same(c.cond_seal(auth), c_cseal(s, a))?;
        // The check says whether a tagged input would keep its tag.
        let tagged = SailCap { tag: true, ..s };
        prop_assert_eq!(c.seal_check(auth).is_ok(), c_seal(tagged, a).tag);
        prop_assert_eq!(c.unseal_check(auth).is_ok(), c_unseal(tagged, a).tag);
        // Unsealing what was sealed by the same authority.
        let sealed = c.seal(auth);
        same(sealed.unseal(auth), c_unseal(to_sail(sealed), a))?;
    }

    #[test]
    fn rebuilding_matches(auth in cap(), req in cap(), sub in length(), perms in any::<u64>()) {
        // Arbitrary pairs, and requests derived from the authority (which should succeed).
        same(auth.build_cap(req).cap, c_build_cap(to_sail(auth), to_sail(req)))?;
        let derived = auth.set_bounds(sub).cap.and_perms(perms).clear_tag();
        same(auth.build_cap(derived).cap, c_build_cap(to_sail(auth), to_sail(derived)))?;
        same(auth.copy_type(req), c_copy_type(to_sail(auth), to_sail(req)))?;
        prop_assert_eq!(auth.test_subset(req), c_test_subset(to_sail(auth), to_sail(req)));
        prop_assert_eq!(auth.test_subset(derived), c_test_subset(to_sail(auth), to_sail(derived)));
    }
}
