//! The capability operations on the simulator's hot paths: decoding bounds (every bounds
//! check that does not reuse cached PCC bounds) and set-bounds (CSetBounds). Target: < 10 ns
//! each. Run: `cargo bench -p cheri-cap --bench hot_paths`.

use std::hint::black_box;

use cheri_cap::{Bounds, Capability};
use criterion::{criterion_group, criterion_main, Criterion};

/// A spread of capabilities (small, IE with E = 0, mid-sized, huge, root) so that the figures
/// are not those of one lucky branch pattern.
fn inputs() -> Vec<(Capability, u64)> {
    let mut v = Vec::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..255u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let len = match i % 4 {
            0 => x & 0xFFF,
            1 => 0x1000 + (x & 0xFFF),
            2 => x & 0xFFFF_FFFF,
            _ => x >> 8,
        };
        let base = 0x8000_0000 + (x & 0xFFFF_FFF0);
        let c = Capability::ROOT.set_addr(base).set_bounds(len).cap;
        v.push((c, len / 2 + 1));
    }
    v.push((Capability::ROOT, 0x1000));
    v
}

fn bench(c: &mut Criterion) {
    let caps = inputs();
    // A power of two, so that stepping through the inputs costs a mask, not a division.
    assert_eq!(caps.len(), 256);

    // The loop itself (pick an input, hide it from the optimiser), to subtract from the rest.
    c.bench_function("baseline_loop", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 255;
            black_box(black_box(caps[i]).0.address())
        })
    });

    c.bench_function("decode_bounds", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 255;
            let bounds: Bounds = black_box(caps[i].0).bounds();
            black_box(bounds)
        })
    });

    c.bench_function("in_bounds", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 255;
            let (cap, _) = black_box(caps[i]);
            black_box(cap.in_bounds(cap.address(), 8))
        })
    });

    c.bench_function("set_bounds", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 255;
            let (cap, len) = black_box(caps[i]);
            black_box(cap.set_bounds(len))
        })
    });

    c.bench_function("inc_offset", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 255;
            let (cap, len) = black_box(caps[i]);
            black_box(cap.inc_offset(len))
        })
    });

    c.bench_function("set_addr", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 255;
            let (cap, len) = black_box(caps[i]);
            black_box(cap.set_addr(cap.address().wrapping_add(len)))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
