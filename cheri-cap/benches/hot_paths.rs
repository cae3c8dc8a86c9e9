//! The capability operations on the simulator's hot paths: decoding bounds (what loading a
//! capability from memory costs: unpacking the high word and decoding base and top) and
//! set-bounds (CSetBounds on a capability whose bounds are already decoded, as they are in a
//! register). Target: < 10 ns each. Run: `cargo bench -p cheri-cap --bench hot_paths`.

use std::hint::black_box;

use cheri_cap::Capability;
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

/// Makes a result live: the optimiser must compute all of it and put it in memory, as if it
/// were read afterwards. (Returning the value to criterion, which passes it through
/// `black_box` by value, also copies a 32-byte result back out of memory field by field —
/// about fifteen loads an iteration that measure the harness, not the operation.)
#[inline(always)]
fn keep<T>(r: &T) {
    black_box(r);
}

/// Times `op` over the inputs in turn. The inputs are a power of two in number, so that stepping
/// through them costs a mask, not a division.
fn over_inputs<T: Copy, R>(c: &mut Criterion, name: &str, inputs: &[T], op: impl Fn(T) -> R) {
    assert_eq!(inputs.len(), 256);
    c.bench_function(name, |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 255;
            keep(&op(black_box(inputs[i])));
        })
    });
}

fn bench(c: &mut Criterion) {
    let caps = inputs();
    // The loop itself (pick an input, hide it from the optimiser), to subtract from the rest.
    over_inputs(c, "baseline_loop", &caps, |(cap, _)| cap.address());
    // From the bits a capability load reads: the tag, the high word in memory form, the address.
    let loaded: Vec<_> = caps.iter().map(|&(cap, _)| (cap.tag(), cap.memory_high(), cap.address())).collect();
    over_inputs(c, "decode_bounds", &loaded, |(tag, high, address)| {
        Capability::from_memory(tag, high, address).bounds()
    });
    // The whole capability made from those bits (the value a register keeps).
    over_inputs(c, "from_memory", &loaded, |(tag, high, address)| Capability::from_memory(tag, high, address));
    over_inputs(c, "in_bounds", &caps, |(cap, _)| cap.in_bounds(cap.address(), 8));
    over_inputs(c, "set_bounds", &caps, |(cap, len)| cap.set_bounds(len));
    over_inputs(c, "inc_offset", &caps, |(cap, len)| cap.inc_offset(len));
    over_inputs(c, "set_addr", &caps, |(cap, len)| cap.set_addr(cap.address().wrapping_add(len)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
