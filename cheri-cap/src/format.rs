//! The 128-bit raw capability layout (spec §1.2), declared once by name.
//!
//! Every field is a `[hi:lo]` range of the 128-bit raw form (bit 127 = MSB, the address in
//! bits 63:0). The constant assertions at the bottom of this file prove at compile time that
//! the fields tile the 128 bits with no gap and no overlap, that the two internal-exponent
//! sub-layouts tile the T and B fields, and that the memory XOR mask is the raw high word of
//! NULL, so a typo in a bit position cannot build.

/// A bit field of the 128-bit raw capability: bits `hi` down to `lo`, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Most significant bit (inclusive).
    pub hi: u32,
    /// Least significant bit (inclusive).
    pub lo: u32,
}

impl Field {
    /// Declares `[hi:lo]`. Fields are layout constants: `hi < lo` or `hi > 127` fails to compile
    /// in a `const` (and would panic if someone built a field at run time).
    pub const fn new(hi: u32, lo: u32) -> Self {
        assert!(hi >= lo && hi < 128, "field bounds");
        Self { hi, lo }
    }

    /// Number of bits.
    pub const fn width(self) -> u32 {
        self.hi - self.lo + 1
    }

    /// The field's value mask, right-aligned (at most 64 bits wide for high-word fields).
    pub const fn value_mask(self) -> u64 {
        if self.width() >= 64 {
            u64::MAX
        } else {
            (1u64 << self.width()) - 1
        }
    }

    /// Where this field starts within the high word (bits 127:64). Every field but
    /// [`ADDRESS`] lives there; for `ADDRESS` this is 0, which reads the high word's low bits
    /// rather than the address — use `Capability::address` for that.
    #[inline(always)]
    const fn high_shift(self) -> u32 {
        self.lo.saturating_sub(64)
    }

    /// Extracts this field from the high word (bits 127:64).
    #[inline(always)]
    pub const fn get(self, high: u64) -> u64 {
        (high >> self.high_shift()) & self.value_mask()
    }

    /// Replaces this field in the high word with the low `width` bits of `value`.
    #[inline(always)]
    pub const fn set(self, high: u64, value: u64) -> u64 {
        let shift = self.high_shift();
        let mask = self.value_mask() << shift;
        (high & !mask) | ((value << shift) & mask)
    }

    /// Places `value` in this field of an otherwise zero high word.
    #[inline(always)]
    pub const fn encode(self, value: u64) -> u64 {
        self.set(0, value)
    }
}

/// User (software) permissions `uperms[3:0]`; never checked by hardware.
pub const UPERMS: Field = Field::new(127, 124);
/// Hardware permissions `perms[11:0]` (bit 112 = Global … bit 123 = Permit_Set_CID), spec §2.
pub const HWPERMS: Field = Field::new(123, 112);
/// Reserved; zero in every capability hardware creates.
pub const RESERVED: Field = Field::new(111, 110);
/// `flags[0]`: the capability-encoding-mode bit (1 = capability mode).
pub const FLAGS: Field = Field::new(109, 109);
/// Object type (spec §3).
pub const OTYPE: Field = Field::new(108, 91);
/// IE, the internal-exponent bit (spec §1.3).
pub const INTERNAL_EXPONENT: Field = Field::new(90, 90);
/// The T field: `T[11:0]` when IE = 0.
pub const TOP: Field = Field::new(89, 78);
/// The B field: `B[13:0]` when IE = 0.
pub const BOTTOM: Field = Field::new(77, 64);
/// The address (cursor), the whole low word.
pub const ADDRESS: Field = Field::new(63, 0);

/// IE = 1: `T[11:3]` (the low three bits of T are then zero).
pub const TOP_IE: Field = Field::new(89, 81);
/// IE = 1: `E[5:3]`, in the low three bits of the T field.
pub const EXPONENT_HIGH: Field = Field::new(80, 78);
/// IE = 1: `B[13:3]` (the low three bits of B are then zero).
pub const BOTTOM_IE: Field = Field::new(77, 67);
/// IE = 1: `E[2:0]`, in the low three bits of the B field.
pub const EXPONENT_LOW: Field = Field::new(66, 64);

/// The bounds-encoding fields IE, T and B together (bits 90:64), which set-bounds replaces.
pub const EBT: Field = Field::new(90, 64);

/// The whole raw layout, most significant field first.
pub const LAYOUT: [Field; 9] = [UPERMS, HWPERMS, RESERVED, FLAGS, OTYPE, INTERNAL_EXPONENT, TOP, BOTTOM, ADDRESS];

/// True iff `fields` cover `[hi:lo]` exactly, in order, with no gap or overlap.
const fn tiles(fields: &[Field], hi: u32, lo: u32) -> bool {
    match fields {
        [] => false,
        [only] => only.hi == hi && only.lo == lo,
        [first, rest @ ..] => first.hi == hi && first.lo > lo && tiles(rest, first.lo - 1, lo),
    }
}

const _: () = assert!(tiles(&LAYOUT, 127, 0), "the raw fields must tile bits 127:0");
const _: () = assert!(tiles(&[TOP_IE, EXPONENT_HIGH], TOP.hi, TOP.lo), "IE=1 T field");
const _: () = assert!(tiles(&[BOTTOM_IE, EXPONENT_LOW], BOTTOM.hi, BOTTOM.lo), "IE=1 B field");
const _: () = assert!(tiles(&[INTERNAL_EXPONENT, TOP, BOTTOM], EBT.hi, EBT.lo), "EBT");
const _: () = assert!(BOTTOM.width() == crate::bounds::MANTISSA_WIDTH, "B is MW bits");
const _: () = assert!(TOP.width() == crate::bounds::MANTISSA_WIDTH - 2, "T stores MW-2 bits");
const _: () = assert!(EXPONENT_HIGH.width() + EXPONENT_LOW.width() == 6, "E is 6 bits");
const _: () = assert!(OTYPE.width() == crate::otype::OTYPE_WIDTH, "otype is 18 bits");
const _: () = assert!(HWPERMS.width() == 12 && UPERMS.width() == 4, "permission widths");

/// The raw high word of NULL (spec §1.6): otype unsealed, IE = 1, E = 52, B = 0, T = 0x1000.
/// Built from the fields so that the memory mask below is derived, not copied.
pub const NULL_HIGH: u64 = OTYPE.encode(crate::otype::OType::UNSEALED.raw() as u64)
    | INTERNAL_EXPONENT.encode(1)
    | EXPONENT_HIGH.encode((crate::bounds::MAX_EXPONENT >> 3) as u64)
    | EXPONENT_LOW.encode((crate::bounds::MAX_EXPONENT & 7) as u64)
    // T = 0x1000: T[11:3] = 0, the top two bits are implied.
    | TOP_IE.encode(0)
    | BOTTOM_IE.encode(0);

/// The memory-form mask (spec §1.7, `CC128_MEM_XOR_MASK`): memory high word = raw high word XOR
/// this, so that zeroed memory decodes as NULL. Only the high word is affected (NULL's address
/// is 0).
pub const MEM_XOR_MASK: u64 = NULL_HIGH;

const _: () = assert!(MEM_XOR_MASK == 0x0000_1FFF_FC01_8004, "spec §1.7 mask");
