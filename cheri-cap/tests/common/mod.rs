//! Strategies shared by the property tests.

use proptest::prelude::*;

/// Lengths spread over every magnitude, with powers of two and their neighbours.
pub fn length() -> impl Strategy<Value = u64> {
    prop_oneof![
        any::<u64>(),
        (0u32..64, any::<u64>()).prop_map(|(n, x)| x & ((1u64 << n) - 1)),
        (0u32..64, -4i64..=4).prop_map(|(n, d)| (1u64 << n).wrapping_add(d as u64)),
        0u64..0x4000,
        (0u64..64).prop_map(|d| u64::MAX - d),
    ]
}

/// Addresses: uniform, small, near 2^64, near powers of two.
pub fn address() -> impl Strategy<Value = u64> {
    prop_oneof![
        any::<u64>(),
        (0u32..64, any::<u64>()).prop_map(|(n, x)| x & ((1u64 << n) - 1)),
        (0u64..0x10000).prop_map(|d| u64::MAX - d),
        (0u32..64, -64i64..=64).prop_map(|(n, d)| (1u64 << n).wrapping_add(d as u64)),
    ]
}
