//! Object types (spec §3): 18 bits, the top four values reserved (Sail `reserved_otypes = 4`).

use core::fmt;

/// Width of the otype field.
pub const OTYPE_WIDTH: u32 = 18;

/// An 18-bit object type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OType(u32);

impl OType {
    /// All ones: not sealed (CGetType −1).
    pub const UNSEALED: Self = Self(0x3FFFF);
    /// Sealed entry (sentry, CGetType −2): may be jumped to, and is unsealed on the way in.
    pub const SENTRY: Self = Self(0x3FFFE);
    /// Reserved, CGetType −3 (the C library's `OTYPE_INDIRECT_PAIR`; the spec's experimental
    /// "memory type token"). No v9 instruction creates it except CBuildCap/CSetHigh copies.
    pub const INDIRECT_PAIR: Self = Self(0x3FFFD);
    /// Reserved, CGetType −4 (the C library's `OTYPE_INDIRECT_SENTRY`; the spec's experimental
    /// "indirect enter").
    pub const INDIRECT_SENTRY: Self = Self(0x3FFFC);
    /// The largest otype CSeal/CCSeal may seal with (`cap_max_otype` = 2^18 − 1 − 4).
    pub const MAX_SEALABLE: Self = Self(0x3FFFB);

    /// From the low 18 bits of `raw` (as CSeal takes `cs2.address[17:0]`).
    #[inline]
    pub const fn new(raw: u64) -> Self {
        Self((raw & ((1 << OTYPE_WIDTH) - 1)) as u32)
    }

    /// The 18-bit field value.
    #[inline]
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// "Reserved" in the Sail sense (`hasReservedOType`): above [`OType::MAX_SEALABLE`]. This
    /// includes [`OType::UNSEALED`].
    #[inline]
    pub const fn is_reserved(self) -> bool {
        self.0 > Self::MAX_SEALABLE.0
    }

    /// Whether this is the unsealed value.
    #[inline]
    pub const fn is_unsealed(self) -> bool {
        self.0 == Self::UNSEALED.0
    }

    /// The architectural value CGetType returns (and CCopyType puts in the address):
    /// sign-extended from 18 bits when reserved, zero-extended otherwise.
    #[inline]
    pub const fn architectural(self) -> u64 {
        if self.is_reserved() {
            (self.0 as u64) | !((1u64 << OTYPE_WIDTH) - 1)
        } else {
            self.0 as u64
        }
    }

    /// The name of a reserved value, `None` for a sealable one.
    pub const fn name(self) -> Option<&'static str> {
        match self.0 {
            0x3FFFF => Some("unsealed"),
            0x3FFFE => Some("sentry"),
            0x3FFFD => Some("indirect-pair"),
            0x3FFFC => Some("indirect-sentry"),
            _ => None,
        }
    }
}

/// Reserved values by name (`unsealed`, `sentry`, `indirect-pair`, `indirect-sentry`), others
/// in hex (`0x5`).
impl fmt::Display for OType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "{:#x}", self.0),
        }
    }
}

impl fmt::Debug for OType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OType({:#x} {})", self.0, self)
    }
}
