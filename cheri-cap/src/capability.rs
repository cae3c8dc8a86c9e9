//! The capability value: tag + 128 raw bits, and the fields decoded from them.

use crate::bounds::{Bounds, BoundsBits, TOP_MAX};
use crate::format::{FLAGS, HWPERMS, MEM_XOR_MASK, NULL_HIGH, OTYPE, RESERVED, UPERMS};
use crate::otype::OType;
use crate::perms::{Perms, UPERMS_SHIFT};

/// A CHERI-RISC-V (RV64) 128-bit capability with its out-of-band tag.
///
/// Stored as the address and a [`CapMeta`]: the raw (architectural, spec §1.2) high word, the
/// tag, and what is decoded from them once, when the capability is made — the E/B/T fields
/// and the bounds. 40 bytes, `Copy`, no heap. Making a capability from its bits
/// ([`Capability::from_raw`], [`Capability::from_memory`]) decodes its bounds (a few
/// nanoseconds); the operations derive their results' bounds from their inputs', so that
/// reading [`Capability::bounds`] costs nothing and CSetBounds need not decode its authority.
/// QEMU-CHERI keeps its capability registers decompressed for the same reason.
///
/// Equality (`==`) is CSEQX (spec §4.4): the tags and all 128 bits, reserved bits included
/// (the decoded fields follow from those).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Capability {
    address: u64,
    meta: CapMeta,
}

/// Everything of a capability except its address: what a register file keeps beside the
/// integer register that holds the address (the hart keeps the last one written to each
/// register). Made only by [`Capability::split`] and [`CapMeta::INTEGER`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CapMeta {
    high: u64,
    /// The decoded bounds at the capability's address: base and the 65-bit top as its low
    /// 64 bits and bit 64 (a `u128` would align the whole value to 16 bytes).
    base: u64,
    top_lo: u64,
    tag: bool,
    top_64: bool,
    /// Always `BoundsBits::from_high(high)`.
    bits: BoundsBits,
}

const _: () = assert!(core::mem::size_of::<Capability>() <= 40);
const _: () = assert!(core::mem::size_of::<CapMeta>() <= 32);

impl CapMeta {
    /// What an integer write leaves beside the address (NULL's metadata, Sail `int_to_cap`).
    /// NULL's bounds are `[0, 2^64)` at every address (E = 52, B = 0, T = 2^12: the
    /// corrections cancel), so this is valid with any address.
    pub const INTEGER: Self = Capability::NULL.meta;

    /// The tag.
    #[inline(always)]
    pub const fn tag(self) -> bool {
        self.tag
    }

    /// The high word in memory form (spec §1.7): 0 for NULL and integers.
    #[inline(always)]
    pub const fn memory_high(self) -> u64 {
        self.high ^ MEM_XOR_MASK
    }
}

impl Capability {
    /// NULL (Sail `null_cap`, spec §1.6): untagged, no permissions, unsealed, bounds
    /// `[0, 2^64)`, address 0. All zeros in memory form.
    pub const NULL: Self = Self::from_raw(false, NULL_HIGH, 0);

    /// The omnipotent root (Sail `default_cap`, spec §1.6): tagged, all 12 hardware and 4 user
    /// permissions, integer mode, unsealed, bounds `[0, 2^64)`, address 0.
    pub const ROOT: Self = Self::from_raw(true, NULL_HIGH | UPERMS.encode(0xF) | HWPERMS.encode(0xFFF), 0);

    /// From the raw (register) form of the high word. Decodes the bounds.
    #[inline]
    pub const fn from_raw(tag: bool, high: u64, address: u64) -> Self {
        let bits = BoundsBits::from_high(high);
        Self::with_parts(tag, high, bits, address, bits.decode(address))
    }

    /// From the memory form of the high word (spec §1.7): the XOR with NULL is undone here.
    #[inline]
    pub const fn from_memory(tag: bool, mem_high: u64, address: u64) -> Self {
        Self::from_raw(tag, mem_high ^ MEM_XOR_MASK, address)
    }

    /// From all 128 raw bits (bits 127:64 high word, 63:0 address).
    #[inline]
    pub const fn from_raw_bits(tag: bool, bits: u128) -> Self {
        Self::from_raw(tag, (bits >> 64) as u64, bits as u64)
    }

    /// A NULL-derived integer (Sail `int_to_cap`, spec §1.6): what an integer write to a
    /// register leaves there.
    #[inline]
    pub const fn from_integer(address: u64) -> Self {
        Self::join(address, CapMeta::INTEGER)
    }

    /// The address and the rest, for a register file that keeps addresses apart.
    #[inline(always)]
    pub const fn split(self) -> (u64, CapMeta) {
        (self.address, self.meta)
    }

    /// The capability whose [`Capability::split`] gave `meta`, at `address`. `address` must
    /// be the address `meta` was split from (or any address, for [`CapMeta::INTEGER`]): the
    /// bounds in `meta` were decoded at it. Debug builds check this.
    #[inline(always)]
    pub const fn join(address: u64, meta: CapMeta) -> Self {
        let c = Self { address, meta };
        debug_assert!(c.bounds_are_decoded(), "CapMeta joined with an address it was not split from");
        c
    }

    /// Whether the kept bounds are those the bits decode to (always, unless [`Capability::join`]
    /// was misused).
    pub const fn bounds_are_decoded(self) -> bool {
        let fresh = self.meta.bits.decode(self.address);
        let kept = self.bounds();
        fresh.base == kept.base && fresh.top == kept.top
    }

    /// Assembles the fields; `bounds` must be `bits.decode(address)`.
    #[inline(always)]
    const fn with_parts(tag: bool, high: u64, bits: BoundsBits, address: u64, bounds: Bounds) -> Self {
        Self {
            address,
            meta: CapMeta {
                high,
                base: bounds.base,
                top_lo: bounds.top as u64,
                tag,
                top_64: (bounds.top >> 64) != 0,
                bits,
            },
        }
    }

    /// The tag.
    #[inline(always)]
    pub const fn tag(self) -> bool {
        self.meta.tag
    }

    /// The address (cursor), bits 63:0.
    #[inline(always)]
    pub const fn address(self) -> u64 {
        self.address
    }

    /// Bits 127:64 in raw (register) form.
    #[inline(always)]
    pub const fn raw_high(self) -> u64 {
        self.meta.high
    }

    /// Bits 127:64 in memory form (spec §1.7): what a store writes to bytes 8–15 and what
    /// CGetHigh returns.
    #[inline(always)]
    pub const fn memory_high(self) -> u64 {
        self.meta.high ^ MEM_XOR_MASK
    }

    /// All 128 raw bits.
    #[inline]
    pub const fn raw_bits(self) -> u128 {
        ((self.meta.high as u128) << 64) | self.address as u128
    }

    /// Hardware permissions.
    #[inline(always)]
    pub const fn perms(self) -> Perms {
        Perms::from_bits_truncate(HWPERMS.get(self.meta.high))
    }

    /// User permissions (4 bits, never checked by hardware).
    #[inline]
    pub const fn uperms(self) -> u8 {
        UPERMS.get(self.meta.high) as u8
    }

    /// The CGetPerm view (spec §2): `uperms << 15 | perms` (root = 0x78FFF).
    #[inline]
    pub const fn perm_word(self) -> u64 {
        ((self.uperms() as u64) << UPERMS_SHIFT) | self.perms().bits() as u64
    }

    /// The flags field (bit 0 = capability encoding mode), as CGetFlags returns it.
    #[inline]
    pub const fn flags(self) -> u8 {
        FLAGS.get(self.meta.high) as u8
    }

    /// Whether the flags select capability mode (purecap) rather than integer mode.
    #[inline]
    pub const fn is_cap_mode(self) -> bool {
        self.flags() & 1 == 1
    }

    /// The two reserved bits (111:110); zero in every capability hardware creates.
    #[inline]
    pub const fn reserved_bits(self) -> u8 {
        RESERVED.get(self.meta.high) as u8
    }

    /// The object type.
    #[inline(always)]
    pub const fn otype(self) -> OType {
        OType::new(OTYPE.get(self.meta.high))
    }

    /// Sealed means otype ≠ unsealed, so sentries and the reserved types count (CGetSealed).
    #[inline(always)]
    pub const fn is_sealed(self) -> bool {
        !self.otype().is_unsealed()
    }

    /// A sealed entry capability (otype −2).
    #[inline]
    pub const fn is_sentry(self) -> bool {
        self.otype().raw() == OType::SENTRY.raw()
    }

    /// The CGetType value: sign-extended when reserved (so −1 for unsealed).
    #[inline]
    pub const fn type_word(self) -> u64 {
        self.otype().architectural()
    }

    /// IE, E, B and T.
    #[inline(always)]
    pub const fn bounds_bits(self) -> BoundsBits {
        self.meta.bits
    }

    /// The encoded exponent (0..=63; above 52 only in malformed encodings).
    #[inline]
    pub const fn exponent(self) -> u8 {
        self.bounds_bits().e
    }

    /// Decoded bounds (spec §1.4), kept since the capability was made (no decode here). For
    /// untagged values too, however odd.
    #[inline(always)]
    pub const fn bounds(self) -> Bounds {
        let m = self.meta;
        Bounds { base: m.base, top: ((m.top_64 as u128) << 64) | m.top_lo as u128 }
    }

    /// CGetBase.
    #[inline]
    pub const fn base(self) -> u64 {
        self.bounds().base
    }

    /// The 65-bit top.
    #[inline]
    pub const fn top(self) -> u128 {
        self.bounds().top
    }

    /// The 65-bit length, `(top − base) mod 2^65`.
    #[inline]
    pub const fn length(self) -> u128 {
        self.bounds().length()
    }

    /// CGetOffset: `(address − base) mod 2^64`.
    #[inline]
    pub const fn offset(self) -> u64 {
        self.address.wrapping_sub(self.base())
    }

    /// CGetLen: the length saturated to 2^64 − 1.
    #[inline]
    pub const fn length_saturated(self) -> u64 {
        saturate(self.length())
    }

    /// CGetTop: the top saturated to 2^64 − 1.
    #[inline]
    pub const fn top_saturated(self) -> u64 {
        saturate(self.top())
    }

    /// Whether `size` bytes at `addr` lie within the decoded bounds, in 65-bit arithmetic
    /// (Sail `inCapBounds`). Looks at bounds only: tag, seal and permissions are the caller's.
    #[inline(always)]
    pub const fn in_bounds(self, addr: u64, size: u64) -> bool {
        self.bounds().contains(addr, size)
    }

    /// Whether the bounds encoding obeys the valid-bounds constraints and the reserved bits are
    /// zero: true of every capability hardware can tag.
    #[inline]
    pub const fn is_well_formed(self) -> bool {
        self.bounds_bits().is_well_formed() && self.reserved_bits() == 0
    }

    /// The same bits with another tag.
    #[inline(always)]
    pub(crate) const fn with_tag(self, tag: bool) -> Self {
        Self { meta: CapMeta { tag, ..self.meta }, ..self }
    }

    /// The same bits with another address, no representability check; the bounds are decoded
    /// at the new address.
    #[inline(always)]
    pub(crate) const fn with_address(self, address: u64) -> Self {
        self.with_address_bounds(address, self.meta.bits.decode(address))
    }

    /// The same bits with another address at which they decode to `bounds`.
    #[inline(always)]
    pub(crate) const fn with_address_bounds(self, address: u64, bounds: Bounds) -> Self {
        Self::with_parts(self.meta.tag, self.meta.high, self.meta.bits, address, bounds)
    }

    /// The same tag and address with another raw high word whose IE/T/B bits are unchanged
    /// (permissions, flags, otype), so the bounds carry over.
    #[inline(always)]
    pub(crate) const fn with_metadata(self, high: u64) -> Self {
        Self { meta: CapMeta { high, ..self.meta }, ..self }
    }

    /// The same tag and address with a new high word, its unpacked E/B/T and the bounds they
    /// decode to at this address.
    #[inline(always)]
    pub(crate) const fn with_encoded(self, high: u64, bits: BoundsBits, bounds: Bounds) -> Self {
        Self::with_parts(self.meta.tag, high, bits, self.address, bounds)
    }
}

const fn saturate(x: u128) -> u64 {
    if x >= TOP_MAX {
        u64::MAX
    } else {
        x as u64
    }
}

impl Default for Capability {
    /// NULL.
    fn default() -> Self {
        Self::NULL
    }
}
