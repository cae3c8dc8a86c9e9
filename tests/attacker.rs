//! examples/attacker.toml end to end: every attempt of the attacker cVMs on the victim, on the
//! CAP_Call server and on the monitor is stopped (a CHERI or illegal-instruction fault the
//! monitor reports, or an error code for the hostcall attempts), and the victim prints exactly
//! what it prints alone.

mod common;
use common::{capvm, stdout};

/// The lines a cVM printed, in order.
fn lines_of<'a>(out: &'a str, name: &str) -> Vec<&'a str> {
    let prefix = format!("[{name}] ");
    out.lines().filter(|l| l.starts_with(&prefix)).collect()
}

/// How each attacker is stopped under v9 (the Sail model's v9 semantics).
const STOPS_V9: &[(&str, &str)] = &[
    ("mallory-read", "CHERI length violation on DDC"),
    ("mallory-write", "CHERI length violation on DDC"),
    ("mallory-jump", "CHERI length violation on PCC"),
    ("mallory-forge", "CHERI tag violation on c"),
    ("mallory-ddc", "CHERI tag violation on DDC"),
    ("mallory-mtcc", "illegal instruction (mcause 2"),
    ("mallory-csr", "illegal instruction (mcause 2"),
    ("mallory-writero", "CHERI permit-store violation on c"),
    ("mallory-widen", "CHERI tag violation on c"),
    ("mallory-storecap", "CHERI permit-store-capability violation on c"),
    ("mallory-revoked", "CHERI tag violation on c"),
    // CInvoke: the door's code with a handle sealed with another object type, and with an
    // unsealed data capability of the attacker's own.
    ("mallory-mismatch", "CHERI type violation on c"),
    ("mallory-forgedseal", "CHERI seal violation on c"),
];

/// Under v8 (QEMU-CHERI's default semantics, images run relocated by DDC and PCC) the same
/// attempts are stopped, three of them earlier or by another check: v8's CSetBounds traps
/// instead of clearing the tag (the widened DDC, the widened capfile capability), and an SCR
/// write without Access_System_Registers is a CHERI exception rather than an illegal
/// instruction.
const STOPS_V8: &[(&str, &str)] = &[
    ("mallory-read", "CHERI length violation on DDC"),
    ("mallory-write", "CHERI length violation on DDC"),
    ("mallory-jump", "CHERI length violation on PCC"),
    ("mallory-forge", "CHERI tag violation on c"),
    ("mallory-ddc", "CHERI tag violation on c"),
    ("mallory-mtcc", "CHERI access-system-registers violation on SCR 28"),
    ("mallory-csr", "illegal instruction (mcause 2"),
    ("mallory-writero", "CHERI permit-store violation on c"),
    ("mallory-widen", "CHERI length violation on c"),
    ("mallory-storecap", "CHERI permit-store-capability violation on c"),
    ("mallory-revoked", "CHERI tag violation on c"),
    ("mallory-mismatch", "CHERI type violation on c"),
    ("mallory-forgedseal", "CHERI seal violation on c"),
];

#[test]
fn every_attack_is_stopped_and_the_victim_does_not_notice() {
    let out = attacks("v9", STOPS_V9);
    // The forged capability has the right bits and no tag.
    assert!(out.contains("[monitor]   the capability: untagged, 0x80400000..0x80500000 perms 0x3d\n"), "{out}");
}

#[test]
fn every_attack_is_stopped_under_v8_too() {
    attacks("v8", STOPS_V8);
}

/// Runs examples/attacker.toml under `cheri`, checks that every attacker is stopped as
/// `stops` says and every hostcall attempt refused, and that the victim prints what it prints
/// alone; returns the output.
fn attacks(cheri: &str, stops: &[(&str, &str)]) -> String {
    let o = capvm(&["up", "--cheri", cheri, "examples/attacker.toml"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "attackers were stopped:\n{out}");
    assert!(!out.contains("ATTACK WORKED"), "{out}");
    assert!(!out.contains("monitor fault"), "{out}");
    for (name, what) in stops {
        let line = format!("[monitor] cVM \"{name}\" stopped: {what}");
        assert!(out.contains(&line), "missing {line:?} in:\n{out}");
    }
    // After the revocation, both copies the attacker kept have lost their tags.
    assert!(
        out.contains("[mallory-revoked] \"pub\" is revoked; the tag of my copy in s11: 0, of my memory copy: 0;"),
        "{out}"
    );
    // The hostcall attempts: each refused with its error, none stops the monitor.
    let h = lines_of(&out, "mallory-hostcalls").join("\n");
    for answer in [
        "write of the monitor's memory: -14",
        "write of the victim's memory: -14",
        "write of 2^63 bytes: -14",
        "write wrapping around 2^64: -14",
        "a write from a misaligned pointer (allowed) prints \"y o\"",
        "and answers: 3",
        "advertise the victim's memory: -14",
        "advertise the monitor's memory: -14",
        "advertise 2^63 bytes: -14",
        "advertise with a key in the victim: -14",
        "advertise with a 1000-byte key: -22",
        "advertise with unknown flags: -22",
        "probe \"secrets\" (a capfile not given to it): -1",
        "probe with a key in the monitor: -14",
        "probe \"pub\": 0",
        "advertise under the victim's key \"pub\": -17",
        "revoke the victim's \"pub\": -1",
        "revoke \"board\" (a deployment capfile): -1",
        // A stale CAP_Call handle: its callee was stopped.
        "add(2, 3) through the handle: 0",
        "its value: 5",
        "crash(2^63): the server faults: -125",
        "add(2, 3) through the handle held before: stale: -3",
    ] {
        assert!(h.contains(answer), "missing {answer:?} in:\n{h}");
    }
    assert!(out.contains("[monitor] mallory-hostcalls: exited with status 0"), "{out}");

    // The victim alone prints the same lines, in the same order.
    let alone = std::env::temp_dir().join(format!("capvm-attacker-{cheri}-{}", std::process::id()));
    std::fs::create_dir_all(&alone).unwrap();
    let toml = std::fs::read_to_string("examples/attacker.toml").unwrap();
    let victim_only: String = toml.split("\n[[cvms]]").take(2).collect::<Vec<_>>().join("\n[[cvms]]");
    let victim_only = victim_only.replace("../guest-images", &format!("{}/guest-images", env!("CARGO_MANIFEST_DIR")));
    let p = alone.join("victim.toml");
    std::fs::write(&p, victim_only).unwrap();
    let v = capvm(&["up", "--cheri", cheri, p.to_str().unwrap()]);
    let vout = stdout(&v);
    assert!(v.status.success(), "{vout}");
    assert!(!vout.contains("mallory"), "{vout}");
    let victim = lines_of(&out, "victim");
    assert_eq!(victim, lines_of(&vout, "victim"), "with attackers:\n{out}\nalone:\n{vout}");
    assert_eq!(
        victim.last().copied(),
        Some("[victim] my public buffer is unchanged"),
        "the victim ran to its end:\n{out}"
    );
    assert!(victim.contains(&"[victim] my secret is unchanged"), "{out}");
    out
}
