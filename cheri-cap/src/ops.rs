//! The capability operations of the ISA, one pure function each (spec §4.2–§4.4).
//!
//! Every operation is total: it never panics and never traps. v9 is tag-clearing, so a
//! forbidden request yields an untagged result rather than an error; where a caller (the
//! trace narrative, the calculator) wants to know *why*, the result types and the `*_check`
//! functions say so.

use core::fmt;

use crate::bounds::{self, Bounds, MAX_EXPONENT};
use crate::capability::Capability;
use crate::format::{FLAGS, HWPERMS, OTYPE, UPERMS};
use crate::otype::OType;
use crate::perms::{Perms, UPERMS_SHIFT};

/// The result of CSetBounds / CSetBoundsExact / CSetBoundsImm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetBounds {
    /// The new capability (tag already cleared where the instruction clears it).
    pub cap: Capability,
    /// Whether the decoded bounds equal the request (no rounding happened).
    pub exact: bool,
    /// Whether the *requested* range lay inside the input's bounds (65-bit arithmetic).
    pub subset: bool,
}

/// The result of CBuildCap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuildCap {
    /// The new capability: the rebuilt value, or the request untagged (and unsealed unless it
    /// was a sentry) when `subset && derivable` fails.
    pub cap: Capability,
    /// Bounds and permissions of the request lie within the authority's, and base ≤ top.
    pub subset: bool,
    /// Rebuilding the request from the authority reproduces it bit for bit (this fails for an
    /// untagged or sealed authority, non-canonical bounds or differing reserved bits).
    pub derivable: bool,
}

/// Why a sealing or unsealing operation produced an untagged result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    /// The capability to be sealed was already sealed.
    InputSealed,
    /// CUnseal of a capability that is not sealed.
    InputNotSealed,
    /// CUnseal of a capability with a reserved otype (a sentry, for instance).
    InputReservedOType,
    /// The authority's tag is clear.
    AuthorityUntagged,
    /// The authority is sealed.
    AuthoritySealed,
    /// The authority lacks a permission.
    AuthorityLacks(Perms),
    /// The authority's address is outside its bounds (the check is half-open: address < top).
    AuthorityAddressOutOfBounds,
    /// The authority's address is above [`OType::MAX_SEALABLE`].
    OTypeNotSealable,
    /// CUnseal: the authority's address differs from the sealed otype.
    OTypeMismatch,
}

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InputSealed => f.write_str("the input is already sealed"),
            Self::InputNotSealed => f.write_str("the input is not sealed"),
            Self::InputReservedOType => f.write_str("the input has a reserved otype"),
            Self::AuthorityUntagged => f.write_str("the authority is untagged"),
            Self::AuthoritySealed => f.write_str("the authority is sealed"),
            Self::AuthorityLacks(p) => write!(f, "the authority lacks permission {p}"),
            Self::AuthorityAddressOutOfBounds => f.write_str("the authority's address is outside its bounds"),
            Self::OTypeNotSealable => f.write_str("the otype is above 0x3fffb"),
            Self::OTypeMismatch => f.write_str("the authority's address is not the input's otype"),
        }
    }
}

/// `base ≤ address < top`, the half-open test CSeal/CUnseal/CCSeal apply to the authority.
const fn address_in_own_bounds(c: Capability) -> bool {
    let b = c.bounds();
    c.address() >= b.base && (c.address() as u128) < b.top
}

const fn same_bounds(a: Bounds, b: Bounds) -> bool {
    a.base == b.base && a.top == b.top
}

impl Capability {
    /// CClearTag (spec §4.3).
    #[inline]
    pub const fn clear_tag(self) -> Self {
        self.with_tag(false)
    }

    /// Sail `clearTagIf`: tag = tag ∧ ¬cond.
    #[inline(always)]
    pub const fn clear_tag_if(self, cond: bool) -> Self {
        self.with_tag(self.tag() && !cond)
    }

    /// Sail `clearTagIfSealed`: every modifying instruction untags a sealed input (§3, §9.9).
    #[inline(always)]
    pub const fn clear_tag_if_sealed(self) -> Self {
        self.clear_tag_if(self.is_sealed())
    }

    /// The precise representability test (spec §1.8, Sail `setCapAddr`'s `capBoundsEqual`):
    /// does the capability decode to the same bounds at `new_address`?
    #[inline]
    pub const fn is_representable(self, new_address: u64) -> bool {
        same_bounds(self.bounds(), self.bounds_bits().decode(new_address))
    }

    /// The fast representability test (spec §1.8, Sail `fastRepCheck`) for moving the address
    /// by `delta` (mod 2^64). Conservative near the edges of the representable window.
    #[inline]
    pub const fn is_representable_fast(self, delta: u64) -> bool {
        self.bounds_bits().fast_representable(self.address(), delta)
    }

    /// CSetAddr (spec §4.3, Sail `setCapAddr`): address := `address`; the tag survives only if
    /// the input is unsealed and the bounds decode the same (the **precise** test). Also the
    /// semantics of AUIPCC, xEPCC/xTCC CSR writes and PCC reads with the current PC (§9.1).
    /// An unrepresentable result keeps every other encoded bit (§1.9).
    #[inline]
    pub const fn set_addr(self, address: u64) -> Self {
        let bounds = self.bounds_bits().decode(address);
        let representable = same_bounds(self.bounds(), bounds);
        self.clear_tag_if_sealed().with_address_bounds(address, bounds).clear_tag_if(!representable)
    }

    /// CIncOffset / CIncOffsetImm (spec §4.3, Sail `incCapOffset`): address += `delta`, with
    /// the **fast** representability test. CIncOffsetImm passes its immediate sign-extended.
    #[inline]
    pub const fn inc_offset(self, delta: u64) -> Self {
        self.clear_tag_if_sealed().moved_by(delta)
    }

    /// The address moved by `delta` (mod 2^64), the tag cleared unless the fast test passes.
    #[inline(always)]
    const fn moved_by(self, delta: u64) -> Self {
        let representable = self.is_representable_fast(delta);
        let address = self.address().wrapping_add(delta);
        // When the fast test passes, E < 50 and the move does not wrap the address space, the
        // new address lies in the same representable window as integers (the test keeps it
        // within 2^(E+14) of the old one, on the same side of the window's ends), so the window
        // start, and with it the decoded bounds, are unchanged: no decode needed. Otherwise
        // (wide exponents, wraps, or an unrepresentable result, which keeps its bits and is
        // decoded where it lands) decode again.
        let same_window = representable
            & ((self.exponent() as u32) < MAX_EXPONENT - 2)
            & self.address().checked_add_signed(delta as i64).is_some();
        if same_window {
            self.with_address_bounds(address, self.bounds())
        } else {
            self.with_address(address).clear_tag_if(!representable)
        }
    }

    /// CSetOffset (spec §4.3, Sail `setCapOffset`): address := base + `offset`, with the
    /// **fast** test on the resulting address change.
    #[inline]
    pub const fn set_offset(self, offset: u64) -> Self {
        let new_address = self.base().wrapping_add(offset);
        self.clear_tag_if_sealed().moved_by(new_address.wrapping_sub(self.address()))
    }

    /// CFromPtr (spec §4.4): NULL for a zero `offset`, otherwise [`Capability::set_offset`].
    /// (`self` is cs1, or DDC when cs1 = 0; the caller chooses.)
    #[inline]
    pub const fn from_ptr(self, offset: u64) -> Self {
        if offset == 0 {
            Self::NULL
        } else {
            self.set_offset(offset)
        }
    }

    /// CToPtr (spec §4.4): 0 if `self` is untagged, else `address − base(relative_to)`.
    /// `relative_to`'s tag and seal are ignored.
    #[inline]
    pub const fn to_ptr(self, relative_to: Capability) -> u64 {
        if self.tag() {
            self.address().wrapping_sub(relative_to.base())
        } else {
            0
        }
    }

    /// Sail `setCapBounds` on this capability: address := `base`, IE/E/B/T := the encoding of
    /// `[base, top)`; tag, perms, otype and flags unchanged. Returns the capability, the
    /// exactness and the 14-bit T Sail's struct would hold.
    #[inline(always)]
    const fn with_bounds(self, base: u64, top: u128) -> (Self, bounds::Encoded) {
        let enc = bounds::encode(base, top);
        let high = bounds::with_encoding(self.raw_high(), enc);
        (Capability::from_raw(self.tag(), high, base), enc)
    }

    /// CSetBounds (spec §4.3, §1.10, §9.4; Sail `CSetBounds`): bounds ⊇ `[address, address +
    /// length)`, rounded outwards; the address is unchanged. The tag survives iff the input is
    /// unsealed and the *requested* range is inside its bounds (65-bit arithmetic).
    /// CSetBoundsImm passes its immediate zero-extended (§9.5).
    #[inline(always)]
    pub const fn set_bounds(self, length: u64) -> SetBounds {
        let base = self.address();
        let enc = bounds::encode_length(base, length);
        let subset = self.bounds().contains(base, length);
        let tag = self.tag() & !self.is_sealed() & subset;
        // For a request whose top is not below its base, the encoder's B and T are exactly
        // what unpacking the new high word would give, and the bounds they decode to are the
        // request rounded out to the encoding's alignment.
        let high = bounds::with_encoding(self.raw_high(), enc);
        let cap = self.with_encoded(high, enc.bits(), enc.decoded_bounds(base));
        SetBounds { cap: cap.with_tag(tag), exact: enc.exact, subset }
    }

    /// CSetBoundsExact (spec §4.3): as [`Capability::set_bounds`] (it still rounds), and the
    /// tag is also cleared when the result is not exact.
    #[inline]
    pub const fn set_bounds_exact(self, length: u64) -> SetBounds {
        let r = self.set_bounds(length);
        SetBounds { cap: r.cap.clear_tag_if(!r.exact), ..r }
    }

    /// CAndPerm (spec §4.3): perms &= `mask[11:0]`, uperms &= `mask[18:15]`; other mask bits
    /// are ignored. A sealed input loses its tag, even for an all-ones mask.
    #[inline]
    pub const fn and_perms(self, mask: u64) -> Self {
        let c = self.clear_tag_if_sealed();
        let perms = c.perms().bits() as u64 & mask;
        let uperms = c.uperms() as u64 & (mask >> UPERMS_SHIFT);
        c.with_metadata(UPERMS.set(HWPERMS.set(c.raw_high(), perms), uperms))
    }

    /// CSetFlags (spec §4.3): flags := `flags[0]`. A sealed input loses its tag.
    #[inline]
    pub const fn set_flags(self, flags: u64) -> Self {
        let c = self.clear_tag_if_sealed();
        c.with_metadata(FLAGS.set(c.raw_high(), flags & 1))
    }

    /// Replaces the otype field, nothing else (Sail `sealCap`/`unsealCap`).
    #[inline(always)]
    const fn with_otype(self, otype: OType) -> Self {
        self.with_metadata(OTYPE.set(self.raw_high(), otype.raw() as u64))
    }

    /// Why CSeal of `self` by `authority` would untag its result; `Ok(otype)` when it keeps the
    /// tag of `self`. Reports the first failing condition in Sail's order.
    pub const fn seal_check(self, authority: Capability) -> Result<OType, Denied> {
        if self.is_sealed() {
            Err(Denied::InputSealed)
        } else {
            seal_authority(authority)
        }
    }

    /// CSeal (spec §4.3, §9.11): otype := `authority.address[17:0]`. The tag survives iff
    /// `self` is unsealed and the authority is tagged, unsealed, has Permit_Seal, has its
    /// address in `[base, top)` and at most [`OType::MAX_SEALABLE`].
    #[inline]
    pub const fn seal(self, authority: Capability) -> Self {
        let permitted = seal_authority(authority).is_ok();
        self.clear_tag_if_sealed().with_otype(OType::new(authority.address())).clear_tag_if(!permitted)
    }

    /// Why CUnseal of `self` by `authority` would untag its result; `Ok(())` when it keeps the
    /// tag of `self`.
    pub const fn unseal_check(self, authority: Capability) -> Result<(), Denied> {
        if !self.is_sealed() {
            return Err(Denied::InputNotSealed);
        }
        if self.otype().is_reserved() {
            return Err(Denied::InputReservedOType);
        }
        if !authority.tag() {
            return Err(Denied::AuthorityUntagged);
        }
        if authority.is_sealed() {
            return Err(Denied::AuthoritySealed);
        }
        if authority.address() != self.otype().raw() as u64 {
            return Err(Denied::OTypeMismatch);
        }
        if !authority.perms().contains(Perms::UNSEAL) {
            return Err(Denied::AuthorityLacks(Perms::UNSEAL));
        }
        if !address_in_own_bounds(authority) {
            return Err(Denied::AuthorityAddressOutOfBounds);
        }
        Ok(())
    }

    /// CUnseal (spec §4.3, §9.10): otype := unsealed and Global := G(self) ∧ G(authority),
    /// even when it fails. The tag survives iff `self` is sealed with a non-reserved otype
    /// (so a sentry fails) equal to the authority's address, and the authority is tagged,
    /// unsealed, has Permit_Unseal and its address in `[base, top)`.
    #[inline]
    pub const fn unseal(self, authority: Capability) -> Self {
        let permitted = self.unseal_check(authority).is_ok();
        let global = self.perms().contains(Perms::GLOBAL) && authority.perms().contains(Perms::GLOBAL);
        let perms = if global { self.perms() } else { self.perms().difference(Perms::GLOBAL) };
        let c = self.with_otype(OType::UNSEALED);
        c.with_metadata(HWPERMS.set(c.raw_high(), perms.bits() as u64)).clear_tag_if(!permitted)
    }

    /// Sail `unsealCap`: otype := unsealed and nothing else, the tag kept. Not an instruction
    /// of its own: what CJALR/JALR.CAP do to a sentry they jump through, CInvoke to both of its
    /// operands and xRET to a sentry xEPCC (§4.5, §7.3, §9.13), after their own checks.
    #[inline]
    pub const fn unsealed(self) -> Self {
        self.with_otype(OType::UNSEALED)
    }

    /// CSealEntry (spec §4.3, §9.12): otype := sentry. No Execute check. A sealed input loses
    /// its tag. A jump's link sentry is `pcc.set_addr(next_pc).seal_entry()` (Sail CJALR).
    #[inline]
    pub const fn seal_entry(self) -> Self {
        self.clear_tag_if_sealed().with_otype(OType::SENTRY)
    }

    /// CCSeal, conditional seal (spec §4.3): `self` passes through unchanged (tag included) if
    /// the authority is untagged, `self` is already sealed, the authority's address is outside
    /// `[base, top)` or is 2^64 − 1. Otherwise as CSeal, without the input-sealed check.
    #[inline]
    pub const fn cond_seal(self, authority: Capability) -> Self {
        let passthrough = !authority.tag()
            || self.is_sealed()
            || !address_in_own_bounds(authority)
            || authority.address() == u64::MAX;
        if passthrough {
            return self;
        }
        let permitted = !authority.is_sealed()
            && authority.perms().contains(Perms::SEAL)
            && authority.address() <= OType::MAX_SEALABLE.raw() as u64;
        self.with_otype(OType::new(authority.address())).clear_tag_if(!permitted)
    }

    /// CBuildCap (spec §4.3, §9.24; Sail `CBuildCap`) with `self` as the authority (cs1, or DDC
    /// when cs1 = 0) and `requested` as cs2: rebuilds `requested` (tag forced, unsealed unless
    /// a sentry) from the authority. Succeeds iff it is a subset of the authority and
    /// derivable from it; otherwise the request comes back untagged.
    pub const fn build_cap(self, requested: Capability) -> BuildCap {
        let req = requested.with_tag(true);
        let sentry = req.is_sentry();
        let req = if sentry { req } else { req.with_otype(OType::UNSEALED) };
        let auth_bounds = self.bounds();
        let req_bounds = req.bounds();
        let req_perms = req.perm_word();
        let subset = req_bounds.base >= auth_bounds.base
            && req_bounds.top <= auth_bounds.top
            && (req_bounds.base as u128) <= req_bounds.top
            && (req_perms & self.perm_word()) == req_perms;

        let (cd1, enc) = self.clear_tag_if_sealed().with_bounds(req_bounds.base, req_bounds.top);
        // setCapOffset without its representability check; the base comes from B alone, so it
        // is the same whether T's top bits are Sail's computed ones or the inferred ones.
        let cd2 = cd1.with_address(cd1.base().wrapping_add(req.offset()));
        let high = UPERMS.set(HWPERMS.set(cd2.raw_high(), req.perms().bits() as u64), req.uperms() as u64);
        let cd4 = cd2.with_metadata(FLAGS.set(high, req.flags() as u64));
        let cd5 = if sentry { cd4.with_otype(OType::SENTRY) } else { cd4 };
        // Sail compares the decoded structs, whose T includes the top two bits setCapBounds
        // computed; equal raw bits imply equal inferred bits, so check those separately.
        let derivable = cd5.tag()
            && cd5.raw_high() == req.raw_high()
            && cd5.address() == req.address()
            && enc.t_full == req.bounds_bits().t;
        BuildCap { cap: if subset && derivable { cd5 } else { req.clear_tag() }, subset, derivable }
    }

    /// CCopyType (spec §4.3): address := `typed.otype` as CGetType gives it, with the
    /// **precise** representability test. The tag is cleared if `self` is sealed, the result
    /// is unrepresentable, or `typed` has a reserved otype (so an unsealed `typed` gives
    /// address −1 and no tag). `typed`'s tag is not checked.
    #[inline]
    pub const fn copy_type(self, typed: Capability) -> Self {
        let otype = typed.otype();
        self.set_addr(otype.architectural()).clear_tag_if(otype.is_reserved())
    }

    /// CTestSubset (spec §4.4) with `self` as cs1 (or DDC): true iff the tags are equal and
    /// `other`'s bounds (65-bit) and permissions (user ones included) lie within `self`'s.
    /// The otype is ignored.
    #[inline]
    pub const fn test_subset(self, other: Capability) -> bool {
        let mine = self.bounds();
        let theirs = other.bounds();
        self.tag() == other.tag()
            && theirs.base >= mine.base
            && theirs.top <= mine.top
            && (other.perm_word() & self.perm_word()) == other.perm_word()
    }

    /// CSEQX (spec §4.4): the tags and all 128 bits are equal (reserved bits included). The
    /// same as `==`.
    #[inline]
    pub const fn equal_exact(self, other: Capability) -> bool {
        self.tag() == other.tag() && self.raw_high() == other.raw_high() && self.address() == other.address()
    }

    /// CGetHigh (spec §1.7, §4.2): bits 127:64 in **memory** form (CGetHigh(root) =
    /// 0xFFFF000000000000).
    #[inline]
    pub const fn get_high(self) -> u64 {
        self.memory_high()
    }

    /// CSetHigh (spec §4.3): the high word := `memory_high` (memory form), address kept,
    /// always untagged.
    #[inline]
    pub const fn set_high(self, memory_high: u64) -> Self {
        Capability::from_memory(false, memory_high, self.address())
    }
}

/// The authority conditions CSeal checks (Sail `CSeal`'s `permitted`), in its order.
const fn seal_authority(authority: Capability) -> Result<OType, Denied> {
    if !authority.tag() {
        Err(Denied::AuthorityUntagged)
    } else if authority.is_sealed() {
        Err(Denied::AuthoritySealed)
    } else if !authority.perms().contains(Perms::SEAL) {
        Err(Denied::AuthorityLacks(Perms::SEAL))
    } else if !address_in_own_bounds(authority) {
        Err(Denied::AuthorityAddressOutOfBounds)
    } else if authority.address() > OType::MAX_SEALABLE.raw() as u64 {
        Err(Denied::OTypeNotSealable)
    } else {
        Ok(OType::new(authority.address()))
    }
}

/// CRRL (spec §1.11): the smallest exactly representable length ≥ `length`, mod 2^64.
#[inline]
pub const fn crrl(length: u64) -> u64 {
    bounds::crrl(length)
}

/// CRAM (spec §1.11): the alignment mask for a base so that a [`crrl`] length is exact.
#[inline]
pub const fn cram(length: u64) -> u64 {
    bounds::cram(length)
}
