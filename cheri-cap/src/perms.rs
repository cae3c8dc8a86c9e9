//! Hardware permissions (spec §2): 12 bits, one per right, in raw bits 123:112.

use core::fmt;
use core::ops::{BitAnd, BitOr, Not};

/// A set of hardware permissions, in the CGetPerm/CAndPerm bit order (bit 0 = Global).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Perms(u16);

impl Perms {
    /// G: may be stored through any authority; without it, storing needs Permit_Store_Local_Cap.
    pub const GLOBAL: Self = Self(1 << 0);
    /// X: fetch, jumps and CInvoke targets.
    pub const EXECUTE: Self = Self(1 << 1);
    /// r: data loads.
    pub const LOAD: Self = Self(1 << 2);
    /// w: data stores.
    pub const STORE: Self = Self(1 << 3);
    /// R: capability loads keep their tag.
    pub const LOAD_CAP: Self = Self(1 << 4);
    /// W: tagged capability stores.
    pub const STORE_CAP: Self = Self(1 << 5);
    /// L: tagged stores of capabilities that lack Global.
    pub const STORE_LOCAL_CAP: Self = Self(1 << 6);
    /// S: authority for CSeal / CCSeal.
    pub const SEAL: Self = Self(1 << 7);
    /// I: both operands of CInvoke.
    pub const CINVOKE: Self = Self(1 << 8);
    /// U: authority for CUnseal.
    pub const UNSEAL: Self = Self(1 << 9);
    /// A: checked on PCC for CSR and special-register access and xRET.
    pub const ACCESS_SYSTEM_REGS: Self = Self(1 << 10);
    /// C: defined but never checked in v9 (no CID register).
    pub const SET_CID: Self = Self(1 << 11);

    /// No permission.
    pub const NONE: Self = Self(0);
    /// All 12 hardware permissions.
    pub const ALL: Self = Self(0xFFF);

    /// Each permission with its display letter and name, in display order. The letters are
    /// what [`Perms`]'s `Display` and the capability formatter print (absent ones as `-`):
    /// `r w x R W L G S U I A C`.
    pub const TABLE: [(Self, char, &'static str); 12] = [
        (Self::LOAD, 'r', "Permit_Load"),
        (Self::STORE, 'w', "Permit_Store"),
        (Self::EXECUTE, 'x', "Permit_Execute"),
        (Self::LOAD_CAP, 'R', "Permit_Load_Capability"),
        (Self::STORE_CAP, 'W', "Permit_Store_Capability"),
        (Self::STORE_LOCAL_CAP, 'L', "Permit_Store_Local_Capability"),
        (Self::GLOBAL, 'G', "Global"),
        (Self::SEAL, 'S', "Permit_Seal"),
        (Self::UNSEAL, 'U', "Permit_Unseal"),
        (Self::CINVOKE, 'I', "Permit_CInvoke"),
        (Self::ACCESS_SYSTEM_REGS, 'A', "Access_System_Registers"),
        (Self::SET_CID, 'C', "Permit_Set_CID"),
    ];

    /// From the low 12 bits of `bits`; other bits are ignored (as CAndPerm ignores them).
    #[inline]
    pub const fn from_bits_truncate(bits: u64) -> Self {
        Self((bits & 0xFFF) as u16)
    }

    /// The 12-bit value.
    #[inline]
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Whether every permission in `other` is present.
    #[inline]
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// The permissions in both sets.
    #[inline]
    pub const fn intersection(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    /// The permissions in `self` but not in `other`.
    #[inline]
    pub const fn difference(self, other: Self) -> Self {
        Self(self.0 & !other.0)
    }
}

impl BitAnd for Perms {
    type Output = Self;
    fn bitand(self, rhs: Self) -> Self {
        self.intersection(rhs)
    }
}

impl BitOr for Perms {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl Not for Perms {
    type Output = Self;
    fn not(self) -> Self {
        Self(!self.0 & Self::ALL.0)
    }
}

/// Twelve characters, one per permission in [`Perms::TABLE`] order: the letter when present,
/// `-` when absent. Root prints `rwxRWLGSUIAC`, NULL `------------`.
impl fmt::Display for Perms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        for (p, letter, _) in Self::TABLE {
            f.write_char(if self.contains(p) { letter } else { '-' })?;
        }
        Ok(())
    }
}

impl fmt::Debug for Perms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Perms({:#05x} {})", self.0, self)
    }
}

/// Where the user permissions sit in the CGetPerm view (bits 18:15).
pub const UPERMS_SHIFT: u32 = 15;
/// All four user permissions.
pub const UPERMS_ALL: u8 = 0xF;
