//! Bounds compression: decoding base/top from (address, E, B, T) and encoding a requested
//! range into E, B, T. Spec §1.3, §1.4, §1.8, §1.10; Sail `encCapabilityToCapability`,
//! `getCapBoundsBits`, `setCapBounds`, `fastRepCheck`.
//!
//! 65-bit quantities (top, length) are carried in `u128`, always below 2^65.

use crate::format::{BOTTOM, BOTTOM_IE, EBT, EXPONENT_HIGH, EXPONENT_LOW, INTERNAL_EXPONENT, TOP, TOP_IE};

/// MW, the mantissa width: B is 14 bits, T is 12 stored + 2 implied bits.
pub const MANTISSA_WIDTH: u32 = 14;
/// The largest exponent ever needed (`cap_max_E = 65 - 14 + 1`). Decoding clamps E to it.
pub const MAX_EXPONENT: u32 = 52;
/// 2^64, the top of the address space (a valid top can equal it).
pub const TOP_MAX: u128 = 1 << 64;
/// Mask of a 65-bit quantity.
pub const MASK65: u128 = (1 << 65) - 1;

const MW_MASK: u64 = (1 << MANTISSA_WIDTH) - 1;

/// The bounds fields of a capability as the Sail `Capability` struct holds them: IE, the raw
/// 6-bit exponent (not clamped) and the 14-bit B and T with T's top two bits inferred.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BoundsBits {
    /// The internal-exponent bit.
    pub ie: bool,
    /// The exponent as encoded (0..=63; values above 52 are clamped when decoding).
    pub e: u8,
    /// B, 14 bits (low three bits zero when IE = 1).
    pub b: u16,
    /// T, 14 bits including the two inferred top bits (low three bits zero when IE = 1).
    pub t: u16,
}

impl BoundsBits {
    /// Extracts E, B and T from a raw high word and infers `T[13:12]` (spec §1.3, Sail
    /// `encCapabilityToCapability`).
    #[inline(always)]
    pub const fn from_high(high: u64) -> Self {
        // Branch-free: the hot paths decode a mix of IE = 0 and IE = 1 capabilities.
        let ie = INTERNAL_EXPONENT.get(high);
        let ie_mask = 0u64.wrapping_sub(ie);
        let b_field = BOTTOM.get(high);
        let t_field = TOP.get(high);
        // IE = 1: E[5:3] and E[2:0] sit in the low three bits of T and B, which then read 0.
        let e = (((t_field & 7) << 3) | (b_field & 7)) & ie_mask;
        let b = b_field & !(7 & ie_mask);
        let t = t_field & !(7 & ie_mask);
        // T = B + length with length[13:12] = (0, IE): the carry out of the low 12 bits is
        // implied by T[11:0] < B[11:0].
        let carry = (t < (b & 0xFFF)) as u64;
        let t_top = ((b >> 12) + ie + carry) & 3;
        Self { ie: ie != 0, e: e as u8, b: b as u16, t: (t | (t_top << 12)) as u16 }
    }

    /// Whether these bits obey the valid-bounds constraints (spec §1.4; the C library's
    /// `bounds_bits_valid`) and E is at most 52. Hardware never tags a capability that breaks
    /// them; CBuildCap refuses them through its derivability check.
    pub const fn is_well_formed(self) -> bool {
        let e = self.e as u32;
        if e > MAX_EXPONENT {
            false
        } else if e == MAX_EXPONENT {
            (self.t >> 13) == 0 && (self.b >> 12) == 0
        } else if e == MAX_EXPONENT - 1 {
            (self.b >> 13) == 0
        } else {
            true
        }
    }

    /// Decodes base and top relative to address `a` (spec §1.4, Sail `getCapBoundsBits`).
    #[inline(always)]
    pub const fn decode(self, a: u64) -> Bounds {
        let e = if (self.e as u32) < MAX_EXPONENT { self.e as u32 } else { MAX_EXPONENT };
        // a >> e >> 14 is a >> (e + 14) without an out-of-range shift: 0 once e + 14 >= 64.
        let a_e = a >> e;
        let a3 = (a_e >> (MANTISSA_WIDTH - 3)) & 7;
        let a_top = a_e >> MANTISSA_WIDTH;
        let b3 = (self.b as u64) >> (MANTISSA_WIDTH - 3);
        let t3 = (self.t as u64) >> (MANTISSA_WIDTH - 3);
        let r3 = b3.wrapping_sub(1) & 7;
        let a_hi = (a3 < r3) as u64;
        let b_hi = (b3 < r3) as u64;
        let t_hi = (t3 < r3) as u64;
        // (a_top + correction) is a 64-bit wrapping sum in Sail, then concatenated with the
        // mantissa and E zeros and truncated to 65 bits. The base keeps only 64 of them, so
        // u64 arithmetic that drops everything above bit 63 is exact for it.
        let base_hi = a_top.wrapping_add(b_hi).wrapping_sub(a_hi);
        let top_hi = a_top.wrapping_add(t_hi).wrapping_sub(a_hi);
        let base = ((base_hi << MANTISSA_WIDTH) | self.b as u64) << e;
        let top_m = ((top_hi as u128) << MANTISSA_WIDTH) | self.t as u128;
        // (`e & 63` is `e`; it tells the compiler the shift is below 64.)
        let top65 = (top_m << (e & 63)) & MASK65;
        // When the representable window wraps the address space, top's bit 64 is wrong:
        // compare top[64:63] with (0 : base[63]) as 2-bit numbers. Branch-free.
        let base2 = (base >> 63) as u128;
        let top2 = (top65 >> 63) & 3;
        let fix = (e < MAX_EXPONENT - 1) & ((top2.wrapping_sub(base2) & 3) > 1);
        Bounds { base, top: top65 ^ ((fix as u128) << 64) }
    }

    /// The representable region's fast test (spec §1.8, Sail `fastRepCheck`): may the address
    /// `a` move by `delta` (mod 2^64) and keep its decoded bounds? Conservative by one 2^E
    /// unit near the window edges, exactly as the hardware is. Uses the raw, unclamped E.
    #[inline]
    pub const fn fast_representable(self, a: u64, delta: u64) -> bool {
        let e = self.e as u32;
        if e >= MAX_EXPONENT - 2 {
            // The window covers the whole address space.
            return true;
        }
        let i_top = (delta as i64) >> (e + MANTISSA_WIDTH);
        let i_mid = (delta >> e) & MW_MASK;
        let a_mid = (a >> e) & MW_MASK;
        let r3 = ((self.b as u64) >> (MANTISSA_WIDTH - 3)).wrapping_sub(1) & 7;
        let r = r3 << (MANTISSA_WIDTH - 3);
        let diff = r.wrapping_sub(a_mid) & MW_MASK;
        let diff1 = diff.wrapping_sub(1) & MW_MASK;
        match i_top {
            0 => i_mid < diff1,
            -1 => i_mid >= diff && r != a_mid,
            _ => false,
        }
    }
}

/// Decoded bounds: `[base, top)` with a 65-bit top (2^64 for the whole address space).
///
/// For untagged values the encoding may give `top < base`; [`Bounds::length`] then wraps modulo
/// 2^65 as Sail's `getCapLength` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Bounds {
    /// The lowest address in bounds.
    pub base: u64,
    /// One past the highest address in bounds; below 2^65, at most 2^64 for valid encodings.
    pub top: u128,
}

impl Bounds {
    /// `(top - base) mod 2^65`: can be 2^64.
    #[inline]
    pub const fn length(self) -> u128 {
        self.top.wrapping_sub(self.base as u128) & MASK65
    }

    /// Whether the `size`-byte access at `addr` lies inside (Sail `inCapBounds`), in 65-bit
    /// arithmetic so that an access ending exactly at 2^64 is in bounds (spec §9.31).
    #[inline(always)]
    pub const fn contains(self, addr: u64, size: u64) -> bool {
        // `&`, not `&&`: two compares are cheaper than a branch.
        (addr >= self.base) & ((addr as u128) + (size as u128) <= self.top)
    }

    /// Whether `[base, top)` (65-bit top) lies inside these bounds.
    #[inline]
    pub const fn contains_range(self, base: u64, top: u128) -> bool {
        base >= self.base && top <= self.top
    }
}

/// The result of encoding a requested range (Sail `setCapBounds`, the C library's
/// `compute_ebt`; spec §1.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoded {
    /// The IE/T/B bits (raw bits 90:64) positioned in a high word, other bits zero.
    pub ebt: u64,
    /// The exponent chosen (after any overflow increment).
    pub e: u8,
    /// Whether the encoding was internal-exponent.
    pub ie: bool,
    /// True iff the decoded bounds equal the request (no significant bit was lost).
    pub exact: bool,
    /// `B` as it decodes (14 bits, low three zero when IE = 1).
    pub b: u16,
    /// `T` as Sail's `setCapBounds` leaves it in the struct, including its top two bits, which
    /// are computed rather than inferred. They equal the inferred bits for every request whose
    /// top is not below its base; CBuildCap's derivability test compares them.
    pub t_full: u16,
    /// The request rounded out to the encoding's alignment (base down, top up, 65-bit top
    /// that may pass 2^64). For a request whose top is not below its base, these are the
    /// bounds the encoding decodes to at the request's base as long as that top is at most
    /// 2^64 (see [`Encoded::decoded_bounds`]).
    pub rounded: Bounds,
}

impl Encoded {
    /// The unpacked fields as [`BoundsBits::from_high`] reads them back, valid when the
    /// request's top is not below its base (always so for CSetBounds).
    #[inline(always)]
    pub const fn bits(self) -> BoundsBits {
        BoundsBits { ie: self.ie, e: self.e, b: self.b, t: self.t_full }
    }

    /// The bounds this encoding of a request starting at `base` decodes to at address
    /// `base`: the request rounded out ([`Encoded::rounded`]). Past 2^64 the decoder wraps the
    /// top and may correct its bit 64 (spec §1.4), so such a top (only ever in untagged
    /// results) is decoded instead.
    #[inline(always)]
    pub const fn decoded_bounds(self, base: u64) -> Bounds {
        if self.rounded.top <= TOP_MAX {
            self.rounded
        } else {
            self.bits().decode(base)
        }
    }
}

/// Encodes the requested range `[base, top)` (top is 65-bit, taken mod 2^65) into E, B and T,
/// rounding outwards. Exactly Sail `setCapBounds`, including its wrapping arithmetic for
/// `top < base` (which CBuildCap can ask for).
#[inline]
pub const fn encode(base: u64, top: u128) -> Encoded {
    let top = top & MASK65;
    let length = top.wrapping_sub(base as u128) & MASK65;
    encode_split(
        base,
        top as u64,
        (top >> 64) as u64,
        (length >> (MANTISSA_WIDTH - 1)) as u64,
        (length >> (MANTISSA_WIDTH - 2)) as u64 & 1 == 1,
    )
}

/// [`encode`] of `[base, base + length)`, the CSetBounds request, without 128-bit arithmetic
/// (the set-bounds hot path).
#[inline(always)]
pub const fn encode_length(base: u64, length: u64) -> Encoded {
    let (top_lo, carry) = base.overflowing_add(length);
    encode_split(base, top_lo, carry as u64, length >> (MANTISSA_WIDTH - 1), (length >> (MANTISSA_WIDTH - 2)) & 1 == 1)
}

/// The 65-bit `top_64:top_lo` shifted right by `shift` (3..=56: both shifts are in range).
#[inline(always)]
const fn shift_65(top_lo: u64, top_64: u64, shift: u32) -> u64 {
    (top_lo >> shift) | (top_64 << (64 - shift))
}

/// The body of `setCapBounds`, with the 65-bit top split into its low word and bit 64, and the
/// length given by `length[64:13]` and `length[12]`.
#[inline(always)]
const fn encode_split(base: u64, top_lo: u64, top_64: u64, len_hi: u64, len_12: bool) -> Encoded {
    // e = 52 - clz(length[64:13]); length[64:13] is a 52-bit value, so e is its bit length,
    // computed as 63 - lz(2·x + 1) so that the count never sees zero (no special case).
    let e = 63 - ((len_hi << 1) | 1).leading_zeros();
    if e == 0 && !len_12 {
        // Lengths below 4096: E = 0, B and T are the low 14 bits, always exact.
        let b = base & MW_MASK;
        let t = top_lo & MW_MASK;
        return Encoded {
            ebt: BOTTOM.encode(b) | TOP.encode(t),
            e: 0,
            ie: false,
            exact: true,
            b: b as u16,
            t_full: t as u16,
            rounded: Bounds { base, top: ((top_64 as u128) << 64) | top_lo as u128 },
        };
    }
    const IE_MASK: u64 = (1 << (MANTISSA_WIDTH - 3)) - 1;
    // Internal exponent: B and T keep 11 bits each above the three that hold E. The
    // quotients below are whole (no field mask yet), so that they also give the rounded
    // bounds; e <= 52 keeps every shift in 3..=56.
    let mut shift = e + 3;
    let mask = (1u64 << shift) - 1;
    let mut lost_base = base & mask != 0;
    let mut lost_top = top_lo & mask != 0;
    let mut b_q = base >> shift;
    // Round the top up; a wrap of the field is compensated by the decoder's carry.
    let mut t_q = shift_65(top_lo, top_64, shift) + lost_top as u64;
    // The rounded length, modulo the field (the request may wrap when CBuildCap asks).
    if (t_q.wrapping_sub(b_q) >> (MANTISSA_WIDTH - 4)) & 1 == 1 {
        // The rounded length overflowed the mantissa: one more exponent step.
        lost_base |= b_q & 1 == 1;
        lost_top |= t_q & 1 == 1;
        shift += 1;
        b_q = base >> shift;
        t_q = shift_65(top_lo, top_64, shift) + lost_top as u64;
    }
    let e_final = shift - 3;
    let ef = e_final as u64;
    let (b_ie, t_ie) = (b_q & IE_MASK, t_q & IE_MASK);
    Encoded {
        ebt: INTERNAL_EXPONENT.encode(1)
            | TOP_IE.encode(t_ie)
            | EXPONENT_HIGH.encode(ef >> 3)
            | BOTTOM_IE.encode(b_ie)
            | EXPONENT_LOW.encode(ef & 7),
        e: e_final as u8,
        ie: true,
        exact: !(lost_base || lost_top),
        b: (b_ie << 3) as u16,
        t_full: (t_ie << 3) as u16,
        rounded: Bounds { base: b_q << shift, top: (t_q as u128) << shift },
    }
}

/// Replaces the IE/T/B bits of `high` with `enc`.
#[inline(always)]
pub const fn with_encoding(high: u64, enc: Encoded) -> u64 {
    EBT.set(high, enc.ebt >> (EBT.lo - 64))
}

/// CRAM (CRepresentableAlignmentMask, spec §1.11, Sail `getRepresentableAlignmentMask`):
/// the mask that aligns a base so that a length of [`crrl`]`(len)` from it is exact.
#[inline]
pub const fn cram(len: u64) -> u64 {
    let enc = encode_length(0, len);
    if enc.ie {
        let e = if (enc.e as u32) < MAX_EXPONENT { enc.e as u32 } else { MAX_EXPONENT };
        u64::MAX << (e + 3)
    } else {
        u64::MAX
    }
}

/// CRRL (CRoundRepresentableLength, spec §1.11, Sail `getRepresentableLength`): the smallest
/// exactly representable length not below `len`, modulo 2^64 — it wraps to 0 for lengths that
/// round up past 2^64 − 1 (CRRL(2^64 − 1) = 0).
#[inline]
pub const fn crrl(len: u64) -> u64 {
    let mask = cram(len);
    len.wrapping_add(!mask) & mask
}
