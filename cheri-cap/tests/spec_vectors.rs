//! Every worked example and vector of spec §1.5, §1.8, §1.9, §1.11, §3, §4.3, §9 and §10.

use cheri_cap::{cram, crrl, Capability, OType, Perms};

const TWO_64: u128 = 1 << 64;

fn root_at(addr: u64) -> Capability {
    let c = Capability::ROOT.set_addr(addr);
    assert!(c.tag());
    c
}

/// §1.5: the worked decode of CSetBounds(root at 0x80001003, 0x12345).
#[test]
fn worked_decode_1_5() {
    let r = root_at(0x8000_1003).set_bounds(0x12345);
    assert_eq!(r.cap.raw_high(), 0xFFFF_1FFF_FCCE_0104);
    assert_eq!(r.cap.memory_high(), 0xFFFF_0000_00CF_8100);
    let bits = r.cap.bounds_bits();
    assert!(bits.ie);
    assert_eq!((bits.e, bits.b, bits.t), (4, 0x100, 0x1338));
    assert_eq!(r.cap.base(), 0x8000_1000);
    assert_eq!(r.cap.top(), 0x8001_3380);
    assert!(!r.exact && r.subset && r.cap.tag());
    assert_eq!(r.cap.address(), 0x8000_1003);
    assert_eq!(r.cap.offset(), 3);
}

struct Vector {
    base: u64,
    len: u64,
    raw: u64,
    mem: u64,
    ie: bool,
    e: u8,
    lo: u64,
    hi: u128,
    exact: bool,
}

/// §1.5 table, computed with cheri-compressed-cap.
const SETBOUNDS: &[Vector] = &[
    Vector {
        base: 0x1000,
        len: 0x10,
        raw: 0xFFFF1FFFF8041000,
        mem: 0xFFFF000004059004,
        ie: false,
        e: 0,
        lo: 0x1000,
        hi: 0x1010,
        exact: true,
    },
    Vector {
        base: 0x3FF0,
        len: 0x20,
        raw: 0xFFFF1FFFF8043FF0,
        mem: 0xFFFF00000405BFF4,
        ie: false,
        e: 0,
        lo: 0x3FF0,
        hi: 0x4010,
        exact: true,
    },
    Vector {
        base: 0x1001,
        len: 0x1001,
        raw: 0xFFFF1FFFFC021000,
        mem: 0xFFFF000000039004,
        ie: true,
        e: 0,
        lo: 0x1000,
        hi: 0x2008,
        exact: false,
    },
    Vector {
        base: 0x7,
        len: 0x1FFD,
        raw: 0xFFFF1FFFFC020001,
        mem: 0xFFFF000000038005,
        ie: true,
        e: 1,
        lo: 0x0,
        hi: 0x2010,
        exact: false,
    },
    Vector {
        base: 0xFFFF_FFFF_FFFF_F000,
        len: 0x1000,
        raw: 0xFFFF1FFFFC003000,
        mem: 0xFFFF00000001B004,
        ie: true,
        e: 0,
        lo: 0xFFFF_FFFF_FFFF_F000,
        hi: TWO_64,
        exact: true,
    },
    Vector {
        base: 0,
        len: 1 << 63,
        raw: 0xFFFF1FFFFC018003,
        mem: 0xFFFF000000000007,
        ie: true,
        e: 51,
        lo: 0,
        hi: 1 << 63,
        exact: true,
    },
    Vector {
        base: 1 << 63,
        len: 1 << 63,
        raw: 0xFFFF1FFFFC019003,
        mem: 0xFFFF000000001007,
        ie: true,
        e: 51,
        lo: 1 << 63,
        hi: TWO_64,
        exact: true,
    },
    Vector {
        base: 1,
        len: u64::MAX,
        raw: 0xFFFF1FFFFC018004,
        mem: 0xFFFF000000000000,
        ie: true,
        e: 52,
        lo: 0,
        hi: TWO_64,
        exact: false,
    },
    Vector {
        base: 0x123456789ABCDEF0,
        len: 1 << 40,
        raw: 0xFFFF1FFFFDE4E78C,
        mem: 0xFFFF000001E56788,
        ie: true,
        e: 28,
        lo: 0x1234567880000000,
        hi: 0x1234577900000000,
        exact: false,
    },
];

#[test]
fn setbounds_table_1_5() {
    for v in SETBOUNDS {
        let r = root_at(v.base).set_bounds(v.len);
        let c = r.cap;
        let what = format!("setbounds({:#x}, {:#x})", v.base, v.len);
        assert_eq!(c.raw_high(), v.raw, "{what} raw");
        assert_eq!(c.memory_high(), v.mem, "{what} memory");
        assert_eq!(c.bounds_bits().ie, v.ie, "{what} IE");
        assert_eq!(c.exponent(), v.e, "{what} E");
        assert_eq!((c.base(), c.top()), (v.lo, v.hi), "{what} bounds");
        assert_eq!(r.exact, v.exact, "{what} exact");
        assert!(r.subset && c.tag(), "{what} stays tagged inside root");
        assert_eq!(c.address(), v.base, "{what} address unchanged");
        // The memory form round-trips.
        assert_eq!(Capability::from_memory(true, v.mem, v.base), c);
    }
}

#[test]
fn setbounds_decoded_elsewhere_in_window() {
    // 0x3FF0..0x4010 decodes the same at 0x4008.
    let c = root_at(0x3FF0).set_bounds(0x20).cap.set_addr(0x4008);
    assert!(c.tag());
    assert_eq!((c.base(), c.top()), (0x3FF0, 0x4010));
}

#[test]
fn root_and_null_1_5_1_6() {
    let root = Capability::ROOT;
    assert_eq!(root.raw_high(), 0xFFFF_1FFF_FC01_8004);
    assert_eq!(root.memory_high(), 0xFFFF_0000_0000_0000);
    assert_eq!(root.get_high(), 0xFFFF_0000_0000_0000);
    assert!(root.tag() && !root.is_sealed());
    assert_eq!(root.perm_word(), 0x78FFF);
    assert_eq!(root.perms(), Perms::ALL);
    assert_eq!(root.flags(), 0);
    assert_eq!((root.base(), root.top(), root.length()), (0, TWO_64, TWO_64));
    assert_eq!(root.exponent(), 52);
    assert_eq!(root.bounds_bits().b, 0);
    assert_eq!(root.bounds_bits().t, 0x1000);

    let null = Capability::NULL;
    assert_eq!(null.raw_high(), 0x0000_1FFF_FC01_8004);
    assert_eq!(null.memory_high(), 0);
    assert_eq!(Capability::from_memory(false, 0, 0), null);
    assert!(!null.tag());
    assert_eq!(null.perm_word(), 0);
    assert_eq!(null.otype(), OType::UNSEALED);
    assert_eq!((null.base(), null.top()), (0, TWO_64));
    // An integer: CGetBase 0, CGetLen 2^64-1, CGetType -1, CGetPerm 0.
    let int = Capability::from_integer(0x1234);
    assert_eq!(int.base(), 0);
    assert_eq!(int.length_saturated(), u64::MAX);
    assert_eq!(int.type_word(), u64::MAX);
    assert_eq!(int.perm_word(), 0);
    assert_eq!(int.address(), 0x1234);
}

#[test]
fn sentry_and_flags_rows_1_5() {
    let c = root_at(0x1000).set_bounds(0x100).cap.seal_entry();
    assert_eq!(c.raw_high(), 0xFFFF_1FFF_F040_1000);
    assert_eq!(c.memory_high(), 0xFFFF_0000_0C41_9004);
    assert!(c.tag() && c.is_sentry() && c.is_sealed());
    assert_eq!(c.type_word(), (-2i64) as u64);

    let m = Capability::ROOT.set_flags(1);
    assert_eq!(m.raw_high(), 0xFFFF_3FFF_FC01_8004);
    assert_eq!(m.memory_high(), 0xFFFF_2000_0000_0000);
    assert!(m.tag() && m.is_cap_mode());
}

/// §1.7: the XOR convention.
#[test]
fn memory_form_1_7() {
    assert_eq!(cheri_cap::format::MEM_XOR_MASK, 0x0000_1FFF_FC01_8004);
    // A stored otype is otype XOR 0x3FFFF: unsealed 0, sentry 1, otype 5 -> 0x3FFFA.
    let stored_otype = |c: Capability| (c.memory_high() >> 27) & 0x3FFFF;
    assert_eq!(stored_otype(Capability::ROOT), 0);
    assert_eq!(stored_otype(Capability::ROOT.seal_entry()), 1);
    let five = Capability::ROOT.set_addr(5);
    assert_eq!(stored_otype(Capability::ROOT.seal(five)), 0x3FFFA);
}

/// §1.8 and §9.2: fast versus precise representability.
#[test]
fn representability_fast_vs_precise_1_8() {
    let c = root_at(0x1000).set_bounds(0x10).cap;
    assert_eq!((c.base(), c.top(), c.exponent()), (0x1000, 0x1010, 0));
    assert!(!c.inc_offset(0x37FF).tag(), "CIncOffset 0x37FF clears the tag");
    assert!(c.set_addr(0x47FF).tag(), "CSetAddr 0x47FF keeps it");
    assert!(c.inc_offset(0x37FE).tag(), "CIncOffset 0x37FE keeps it");
    assert_eq!(c.inc_offset(0x37FF).address(), 0x47FF);
    // The window is [0x800, 0x4800).
    assert!(c.set_addr(0x800).tag());
    assert!(!c.set_addr(0x7FF).tag());
    assert!(!c.set_addr(0x4800).tag());
    // CSetOffset uses the fast check too.
    assert!(!c.set_offset(0x37FF).tag());
    assert!(c.set_offset(0x37FE).tag());
}

/// §1.9 and §9.3: an unrepresentable result keeps its bits and decodes relative to the new
/// address.
#[test]
fn unrepresentable_result_1_9() {
    let c = root_at(0x1000).set_bounds(0x10).cap;
    let moved = c.set_addr(0x7FF);
    assert!(!moved.tag());
    assert_eq!(moved.address(), 0x7FF);
    assert_eq!(moved.raw_high(), c.raw_high());
    assert_eq!(moved.base(), 0xFFFF_FFFF_FFFF_D000);
    assert_eq!(moved.length_saturated(), 0x10);
    let inc = c.inc_offset(0x7FFu64.wrapping_sub(0x1000));
    assert_eq!(inc, moved);
}

/// §1.11 table.
#[test]
fn crrl_cram_1_11() {
    let table: &[(u64, u64, u64)] = &[
        (0x0, 0x0, u64::MAX),
        (0x1, 0x1, u64::MAX),
        (0xFFF, 0xFFF, u64::MAX),
        (0x1000, 0x1000, 0xFFFFFFFFFFFFFFF8),
        (0x1001, 0x1008, 0xFFFFFFFFFFFFFFF8),
        (0x1FFF, 0x2000, 0xFFFFFFFFFFFFFFF0),
        (0x2001, 0x2010, 0xFFFFFFFFFFFFFFF0),
        (0x3FFF, 0x4000, 0xFFFFFFFFFFFFFFE0),
        (0x7FF9, 0x8000, 0xFFFFFFFFFFFFFFC0),
        (0xFFFC, 0x10000, 0xFFFFFFFFFFFFFF80),
        (0x12345, 0x12380, 0xFFFFFFFFFFFFFF80),
        (0x12345678, 0x12380000, 0xFFFFFFFFFFF80000),
        (0x0010000000000001, 0x0010080000000000, 0xFFFFF80000000000),
        (0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFC0000000000000),
        (0xFFFFFFFFFFFFFFFF, 0x0, 0xFF80000000000000),
    ];
    for &(len, rl, mask) in table {
        assert_eq!(crrl(len), rl, "CRRL({len:#x})");
        assert_eq!(cram(len), mask, "CRAM({len:#x})");
    }
}

/// §3: reserved otypes, CGetType, and the CSeal limit.
#[test]
fn otypes_3() {
    assert_eq!(OType::UNSEALED.raw(), 0x3FFFF);
    assert_eq!(OType::SENTRY.raw(), 0x3FFFE);
    assert_eq!(OType::INDIRECT_PAIR.raw(), 0x3FFFD);
    assert_eq!(OType::INDIRECT_SENTRY.raw(), 0x3FFFC);
    assert_eq!(OType::MAX_SEALABLE.raw(), 0x3FFFB);
    assert_eq!(OType::UNSEALED.architectural(), u64::MAX);
    assert_eq!(OType::SENTRY.architectural(), (-2i64) as u64);
    assert_eq!(OType::INDIRECT_PAIR.architectural(), (-3i64) as u64);
    assert_eq!(OType::INDIRECT_SENTRY.architectural(), (-4i64) as u64);
    assert_eq!(OType::MAX_SEALABLE.architectural(), 0x3FFFB);
    assert!(OType::UNSEALED.is_reserved() && !OType::MAX_SEALABLE.is_reserved());

    let data = root_at(0x2000).set_bounds(0x100).cap;
    // CSeal with address 0x3FFFB keeps the tag; 0x3FFFC clears it (QEMU-v9 checked).
    let ok = data.seal(root_at(0x3FFFB));
    assert!(ok.tag() && ok.is_sealed());
    assert_eq!(ok.otype().raw(), 0x3FFFB);
    let bad = data.seal(root_at(0x3FFFC));
    assert!(!bad.tag());
    assert_eq!(bad.otype(), OType::INDIRECT_SENTRY);
    // The sealable range includes 0x3FFF0..0x3FFFB, which the spec text reserves (§10).
    assert!(data.seal(root_at(0x3FFF0)).tag());
    // Sentries and reserved types are "sealed".
    assert!(data.seal_entry().is_sealed());
}

/// §4.3: the manipulation table, row by row.
#[test]
fn manipulation_4_3() {
    let root = Capability::ROOT;
    let data = root_at(0x8000_0000).set_bounds(0x1000).cap;
    let sealer = root_at(0x42).set_bounds(1).cap;
    let sealed = data.seal(sealer);
    assert!(sealed.tag());
    assert_eq!(sealed.otype().raw(), 0x42);
    assert_eq!(data.seal_check(sealer), Ok(OType::new(0x42)));

    // CSeal authority conditions.
    use cheri_cap::Denied;
    assert_eq!(data.seal_check(sealer.clear_tag()), Err(Denied::AuthorityUntagged));
    assert_eq!(data.seal_check(sealer.seal_entry()), Err(Denied::AuthoritySealed));
    assert_eq!(
        data.seal_check(sealer.and_perms(!(Perms::SEAL.bits() as u64))),
        Err(Denied::AuthorityLacks(Perms::SEAL))
    );
    // Half-open: address == top is out of bounds.
    let at_top = sealer.set_addr(0x43);
    assert!(at_top.tag());
    assert_eq!(data.seal_check(at_top), Err(Denied::AuthorityAddressOutOfBounds));
    assert!(!data.seal(at_top).tag());
    assert_eq!(sealed.seal_check(sealer), Err(Denied::InputSealed));
    assert!(!sealed.seal(sealer).tag());

    // CUnseal: G := G(cs1) & G(cs2); the result is unsealed even on failure.
    let unsealed = sealed.unseal(sealer);
    assert!(unsealed.tag() && !unsealed.is_sealed());
    assert_eq!(unsealed, data);
    let local_auth = sealer.and_perms(!(Perms::GLOBAL.bits() as u64));
    let u2 = sealed.unseal(local_auth);
    assert!(u2.tag());
    assert!(!u2.perms().contains(Perms::GLOBAL));
    let wrong = root_at(0x43).set_bounds(1).cap;
    let u3 = sealed.unseal(wrong);
    assert!(!u3.tag() && !u3.is_sealed());
    assert_eq!(sealed.unseal_check(wrong), Err(Denied::OTypeMismatch));
    assert_eq!(data.unseal_check(sealer), Err(Denied::InputNotSealed));

    // CAndPerm: rs2[11:0] and rs2[18:15]; sealed inputs lose the tag even with all ones.
    let p = root.and_perms(0x0001_0005);
    assert_eq!(p.perm_word(), 0x0001_0005 & 0x78FFF);
    assert_eq!(p.perms(), Perms::GLOBAL | Perms::LOAD);
    assert_eq!(p.uperms(), 0x2);
    assert!(p.tag());
    assert!(!sealed.and_perms(u64::MAX).tag());
    assert_eq!(sealed.and_perms(u64::MAX).raw_high(), sealed.raw_high());

    // CSetFlags uses rs2[0].
    assert_eq!(root.set_flags(2).flags(), 0);
    assert_eq!(root.set_flags(3).flags(), 1);
    assert!(!sealed.set_flags(1).tag());

    // CClearTag, CSetHigh.
    assert!(!root.clear_tag().tag());
    let h = root.set_high(0xFFFF_0000_0000_0000);
    assert!(!h.tag());
    assert_eq!(h.raw_high(), root.raw_high());
    assert_eq!(root.set_addr(0x1234).set_high(0).address(), 0x1234);

    // CSealEntry: no Execute needed; sealed input untagged.
    let noexec = data.and_perms(!(Perms::EXECUTE.bits() as u64));
    assert!(noexec.seal_entry().tag());
    assert!(!sealed.seal_entry().tag());

    // CCopyType: address := otype; reserved otype (an unsealed cs2) gives -1 and no tag.
    let typer = root_at(0).set_bounds(0x1000).cap;
    let t = typer.copy_type(sealed);
    assert!(t.tag());
    assert_eq!(t.address(), 0x42);
    let t2 = typer.copy_type(data);
    assert!(!t2.tag());
    assert_eq!(t2.address(), u64::MAX);
    // cs2's tag is not checked.
    assert!(typer.copy_type(sealed.clear_tag()).tag());

    // CCSeal: pass-through cases keep cs1 verbatim, tag included.
    assert_eq!(data.cond_seal(sealer.clear_tag()), data);
    assert_eq!(sealed.cond_seal(sealer), sealed);
    assert_eq!(data.cond_seal(at_top), data);
    assert_eq!(data.cond_seal(root_at(u64::MAX)), data);
    let cs = data.cond_seal(t);
    assert!(cs.tag());
    assert_eq!(cs.otype().raw(), 0x42);
    // Not passed through but not permitted: tag cleared.
    let no_seal_perm = typer.and_perms(!(Perms::SEAL.bits() as u64)).set_addr(0x42);
    assert!(!data.cond_seal(no_seal_perm).tag());
}

/// §4.3 CBuildCap and §9.24.
#[test]
fn build_cap_4_3() {
    let auth = root_at(0x8000_0000).set_bounds(0x10000).cap;
    let want = auth.set_addr(0x8000_1000).set_bounds(0x100).cap.inc_offset(0x10).and_perms(0x7);
    // A successful rebuild from the untagged bits.
    let r = auth.build_cap(want.clear_tag());
    assert!(r.subset && r.derivable);
    assert_eq!(r.cap, want);
    // A sentry stays a sentry.
    let sentry = want.seal_entry();
    let r = auth.build_cap(sentry.clear_tag());
    assert_eq!(r.cap, sentry);
    // A normally sealed request is unsealed on success...
    let sealed = want.seal(root_at(7));
    let r = auth.build_cap(sealed.clear_tag());
    assert!(r.cap.tag() && !r.cap.is_sealed());
    assert_eq!(r.cap, want);
    // ...and on failure comes back untagged *and* unsealed.
    let r = auth.clear_tag().build_cap(sealed.clear_tag());
    assert!(!r.derivable && r.subset);
    assert!(!r.cap.tag() && !r.cap.is_sealed());
    assert_eq!(r.cap.address(), sealed.address());
    // A failed sentry request stays a sentry.
    let r = auth.clear_tag().build_cap(sentry.clear_tag());
    assert!(!r.cap.tag() && r.cap.is_sentry());
    // Wider than the authority: not a subset.
    let wide = root_at(0x7000_0000).set_bounds(0x100).cap;
    assert!(!auth.build_cap(wide).subset);
    // More permissions than the authority: not a subset.
    let weak = auth.and_perms(0x3);
    assert!(!weak.build_cap(want).subset);
    // Non-canonical bounds: the root's bounds with E = 60, which decodes (clamped to 52) to
    // the whole space but is not what set-bounds produces.
    let odd = Capability::from_raw(false, 0xFFFF_1FFF_FC01_C004, 0x8000_1000);
    assert_eq!(odd.exponent(), 60);
    assert_eq!((odd.base(), odd.top()), (0, TWO_64));
    let r = Capability::ROOT.build_cap(odd);
    assert!(r.subset && !r.derivable && !r.cap.tag());
    // Reserved bits differ: not derivable.
    let resv = Capability::from_raw(false, want.raw_high() | (1 << 46), want.address());
    assert!(!auth.build_cap(resv).derivable);
    // A sealed authority untags.
    assert!(!auth.seal_entry().build_cap(want).cap.tag());
}

/// §4.4: pointer arithmetic and comparison.
#[test]
fn pointers_and_comparison_4_4() {
    let ddc = root_at(0x8000_0000).set_bounds(0x10000).cap;
    let p = ddc.set_addr(0x8000_0123);
    assert_eq!(p.to_ptr(ddc), 0x123);
    assert_eq!(p.clear_tag().to_ptr(ddc), 0);
    // cs2's tag and seal are ignored.
    assert_eq!(p.to_ptr(ddc.clear_tag().seal_entry()), 0x123);
    assert_eq!(ddc.from_ptr(0), Capability::NULL);
    let q = ddc.from_ptr(0x40);
    assert!(q.tag());
    assert_eq!(q.address(), 0x8000_0040);

    // CTestSubset: equal tags, bounds and perms within; otype ignored.
    let sub = ddc.set_addr(0x8000_1000).set_bounds(0x10).cap;
    assert!(ddc.test_subset(sub));
    assert!(ddc.test_subset(sub.seal_entry()));
    assert!(!ddc.test_subset(sub.clear_tag()));
    assert!(!sub.test_subset(ddc));
    assert!(!ddc.and_perms(0x4).test_subset(sub));
    assert!(ddc.test_subset(ddc));

    // CSEQX: tag and all 128 bits.
    assert!(ddc.equal_exact(ddc));
    assert!(!ddc.equal_exact(ddc.clear_tag()));
    assert!(!ddc.equal_exact(ddc.set_addr(0x8000_0001)));
    let resv = Capability::from_raw(true, ddc.raw_high() | (1 << 46), ddc.address());
    assert!(!ddc.equal_exact(resv));
}

/// §9: the corner cases that concern the capability value.
#[test]
fn corner_cases_9() {
    // 9.4: the requested range, not the rounded one, is checked, in 65-bit arithmetic.
    let auth = root_at(0x1001).set_bounds(0x1001).cap; // rounds out to [0x1000, 0x2008)
    assert_eq!((auth.base(), auth.top()), (0x1000, 0x2008));
    let r = auth.set_addr(0x1000).set_bounds(0x1008);
    assert!(r.subset && r.cap.tag(), "the authority's decoded bounds count, not its request");
    let r = auth.set_addr(0x1000).set_bounds(0x1009);
    assert!(!r.subset && !r.cap.tag());
    let r = auth.set_addr(0xFFF).set_bounds(1);
    assert!(!r.subset && !r.cap.tag());
    let r = root_at(u64::MAX).set_bounds(2);
    assert!(!r.subset && !r.cap.tag(), "addr + len > 2^64 clears the tag");
    let r = root_at(u64::MAX).set_bounds(1);
    assert!(r.subset && r.cap.tag());
    let r = root_at(0x1001).set_bounds(0x1001);
    assert_eq!(r.cap.address(), 0x1001, "address stays at the requested base");
    assert_eq!(r.cap.base(), 0x1000);

    // 9.6: IE=1 with E=0 for 4096..8191; a 65-bit length 2^64 gets E = 52.
    assert!(root_at(0).set_bounds(0x1000).cap.bounds_bits().ie);
    assert_eq!(root_at(0).set_bounds(0x1000).cap.exponent(), 0);
    assert!(!root_at(0).set_bounds(0xFFF).cap.bounds_bits().ie);
    assert_eq!(cheri_cap::bounds::encode(0, 1 << 64).e, 52);

    // 9.7: CRRL wraps.
    assert_eq!(crrl(u64::MAX), 0);

    // 9.8: CGetLen / CGetTop saturate; CGetSealed is 1 for sentries.
    assert_eq!(Capability::ROOT.length_saturated(), u64::MAX);
    assert_eq!(Capability::ROOT.top_saturated(), u64::MAX);
    assert!(Capability::ROOT.seal_entry().is_sealed());

    // 9.9: sealed inputs keep their otype but lose the tag; untagged inputs are no fault.
    let s = Capability::ROOT.seal_entry();
    let moved = s.inc_offset(4);
    assert!(!moved.tag() && moved.is_sentry());
    assert!(!Capability::NULL.set_bounds(0x10).cap.tag());

    // 9.10: CUnseal of a sentry fails, unsealed and untagged.
    let u = s.unseal(root_at(OType::SENTRY.raw() as u64));
    assert!(!u.tag() && !u.is_sealed());

    // 9.11: half-open bounds for the sealing authority, and the max otype.
    let auth = root_at(0x10).set_bounds(0x10).cap;
    assert!(Capability::ROOT.seal(auth.set_addr(0x1F)).tag());
    assert!(!Capability::ROOT.seal(auth.set_addr(0x20)).tag());

    // 9.25: CSEQX compares everything; CTestSubset ignores otype.
    assert!(!Capability::ROOT.equal_exact(Capability::ROOT.seal_entry()));
    assert!(Capability::ROOT.test_subset(Capability::ROOT.seal_entry()));

    // 9.30: CGetHigh is the memory form.
    assert_eq!(Capability::ROOT.get_high(), 0xFFFF_0000_0000_0000);
    assert_eq!(Capability::NULL.get_high(), 0);

    // 9.31: top can be 2^64; an 8-byte access at 0xFFFFFFFFFFFFFFF8 is in bounds.
    assert!(Capability::ROOT.in_bounds(0xFFFF_FFFF_FFFF_FFF8, 8));
    assert!(!Capability::ROOT.in_bounds(0xFFFF_FFFF_FFFF_FFF8, 9));

    // 9.32: near 2^64, the top-MSB fix gives top = 2^64.
    let c = root_at(0xFFFF_FFFF_FFFF_F000).set_bounds(0x1000).cap;
    assert_eq!(c.top(), TWO_64);
    assert_eq!(c.set_addr(0xFFFF_FFFF_FFFF_FFFF).top(), TWO_64);
}

/// §10: the divergences that touch the value: Sail's four reserved otypes, CGetType of an
/// integer, CCopyType with an otype outside the authority's bounds but representable.
#[test]
fn divergences_10() {
    assert_eq!(Capability::from_integer(7).type_word(), u64::MAX);
    let data = root_at(0x2000).set_bounds(0x10).cap;
    assert!(data.seal(root_at(0x3FFF5)).tag(), "0x3FFF0..0x3FFFB are sealable (Sail)");
    // CCopyType: otype 0x42 is outside [0x1000, 0x1010) but representable: Sail keeps the tag.
    let auth = root_at(0x1000).set_bounds(0x10).cap;
    let sealed = data.seal(root_at(0x1000 - 0x800));
    let t = auth.copy_type(sealed);
    assert_eq!(t.address(), 0x800);
    assert!(t.tag());
}

/// §4.5, §7.3: jumps through a sentry and CInvoke unseal without touching the tag; the link
/// is a sentry of PCC at the next instruction.
#[test]
fn unsealing_for_jumps_4_5() {
    let code = root_at(0x8000_0000).set_bounds(0x1000).cap;
    let sentry = code.seal_entry();
    let target = sentry.unsealed();
    assert_eq!(target, code);
    assert!(!sentry.clear_tag().unsealed().tag());
    let link = code.set_addr(0x8000_0004).seal_entry();
    assert!(link.tag() && link.is_sentry());
    assert_eq!(link.address(), 0x8000_0004);
    let sealed = code.seal(root_at(9));
    assert_eq!(sealed.unsealed(), code);
}
