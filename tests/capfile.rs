//! CAP_File end to end: a producer shares a buffer of its memory under a key, a consumer
//! probes it and reads and writes it through the capability (no monitor on the data path),
//! the producer revokes it and the consumer's copies stop working; deployment capfiles obey
//! the per-cVM `capfiles` list.

mod common;
use common::{capvm, stdout};

fn assert_lines(out: &str, lines: &[&str]) {
    for line in lines {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
}

#[test]
fn the_bundled_capfile_example_shares_then_revokes() {
    let o = capvm(&["up", "examples/capfile.toml"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "the consumer is stopped after the revocation:\n{out}");
    assert_lines(
        &out,
        &[
            "[producer] probe of \"greeting\" (not in my capfiles): -1\n",
            "[producer] advertised \"news\": capfile 1\n",
            // The deployment capfile: exactly its buffer, Global | Load | Store.
            "[consumer] \"greeting\": 0x87fff000, 0x1000 bytes, perms 0xd: Hello from the deployment\n",
            "[consumer] probed \"news\": 0, 0x80 bytes, perms 0xd\n",
            "[consumer] read through the capability: the producer wrote this\n",
            "[producer] the consumer acknowledged; revoking\n",
            "[producer] revoking again: -2\n",
            "[consumer] \"news\" is gone; my copy's tag is now 0; reading through it anyway\n",
            "[monitor] cVM \"consumer\" stopped: CHERI tag violation on c",
            "[monitor] producer: exited with status 0",
            "[monitor] consumer: stopped by a fault",
        ],
    );
    assert!(!out.contains("the revocation did not work"), "{out}");
    // The copies: the one the consumer keeps in its .bss, the probes' copies on its stack and
    // in its registers. At least the first two live in memory, found by the tag walk.
    let cleared: u64 = out
        .split("[producer] revoked \"news\": ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no revocation count in:\n{out}"));
    assert!(cleared >= 2, "{cleared} copies cleared:\n{out}");
    // The fault report names the revoked capability: untagged, the producer's 128-byte buffer.
    let report = out.lines().find(|l| l.contains("the capability: untagged")).unwrap_or_else(|| panic!("{out}"));
    assert!(report.contains("perms 0xd"), "{report}");
    let (lo, hi) = report.split("untagged, ").nth(1).unwrap().split(' ').next().unwrap().split_once("..").unwrap();
    let (lo, hi) = (u64::from_str_radix(&lo[2..], 16).unwrap(), u64::from_str_radix(&hi[2..], 16).unwrap());
    assert_eq!(hi - lo, 0x80, "{report}");
    assert!((0x8040_0000..0x8050_0000).contains(&lo), "inside the producer's region: {report}");
}
