//! `capvm cap …`: the capability calculator, for teaching and debugging.
//!
//! Every subcommand takes its numbers as `0x`-prefixed hex or decimal (`_` separators allowed),
//! runs one operation of the `cheri-cap` crate and prints every field of the result, one per
//! line, or one JSON object with `--json`. The JSON fields are documented in [`FIELDS_HELP`]
//! (shown by `capvm cap --help`) and in `cheri-cap/README.md`.

use std::process::ExitCode;

use anyhow::{bail, Context};
use cheri_cap::{Capability, Perms, SetBounds};
use clap::{Args, Subcommand};
use serde_json::{json, Map, Value};

/// The field list, shared by `--help` and the README.
const FIELDS_HELP: &str = "\
Input capabilities are taken as tagged. Numbers: 0x-prefixed hex or decimal.

Output fields (human: one per line; --json: one object). 64- and 65-bit quantities are
hex strings in JSON; small fields are numbers:
  tag        the tag after the operation (JSON: bool)
  high       bits 127:64 in raw (register) form
  high_mem   bits 127:64 in memory form (raw XOR 0x00001ffffc018004), as CGetHigh gives
  address    the address (cursor)
  base, top  decoded bounds [base, top); top is 65-bit (0x10000000000000000 = 2^64)
  length     top - base (65-bit)
  offset     address - base (mod 2^64)
  perms      12 hardware permissions, CGetPerm bits 11:0 (JSON: number); human output adds
             letters rwxRWLGSUIAC: r Load, w Store, x Execute, R LoadCap, W StoreCap,
             L StoreLocalCap, G Global, S Seal, U Unseal, I CInvoke, A AccessSysRegs, C SetCID
  uperms     4 user permissions (JSON: number)
  flags      the mode bit: 1 = capability mode, 0 = integer mode (JSON: number)
  otype      the 18-bit object type (JSON: number); 0x3ffff unsealed, 0x3fffe sentry,
             0x3fffd / 0x3fffc reserved
  otype_name unsealed, sentry, indirect-pair, indirect-sentry, or null
  sealed     otype != unsealed (JSON: bool)
  exponent   the encoded exponent E (JSON: number); ie = the internal-exponent bit
  well_formed  the bounds encoding and reserved bits are ones hardware can tag
  set-bounds adds: exact (no rounding happened) and subset (the requested range lay inside
  the input's bounds); seal adds: denied (why the tag was cleared, or null).";

/// Decode and manipulate 128-bit CHERI-RISC-V capabilities.
#[derive(Args)]
#[command(after_long_help = FIELDS_HELP)]
pub struct CapArgs {
    #[command(subcommand)]
    op: CapOp,
    /// Print one JSON object instead of one field per line.
    #[arg(long, global = true)]
    json: bool,
}

/// A capability given on the command line: its high word and address.
#[derive(Args)]
struct CapInput {
    /// Bits 127:64 of the capability (raw form unless --memory-form).
    #[arg(allow_negative_numbers = true)]
    high: String,
    /// The address, bits 63:0.
    #[arg(allow_negative_numbers = true)]
    addr: String,
    /// HIGH is in memory form (as read from memory or CGetHigh), not raw register form.
    #[arg(long)]
    memory_form: bool,
}

/// (Number arguments let negative values through to the number parser, which then explains
/// what it accepts, instead of clap's "unexpected argument".)
#[derive(Subcommand)]
enum CapOp {
    /// Decode a capability: bounds, permissions, object type.
    Decode {
        #[command(flatten)]
        cap: CapInput,
    },
    /// CSetBounds: bounds := [ADDR, ADDR + LENGTH), rounded outwards (--exact: CSetBoundsExact).
    SetBounds {
        #[command(flatten)]
        cap: CapInput,
        /// The requested length.
        #[arg(allow_negative_numbers = true)]
        length: String,
        /// CSetBoundsExact: clear the tag if the bounds had to be rounded.
        #[arg(long)]
        exact: bool,
    },
    /// CSetAddr: address := NEWADDR (precise representability check).
    SetAddr {
        #[command(flatten)]
        cap: CapInput,
        /// The new address.
        #[arg(allow_negative_numbers = true)]
        new_addr: String,
    },
    /// CIncOffset: address += DELTA (fast representability check); DELTA may be negative.
    IncOffset {
        #[command(flatten)]
        cap: CapInput,
        /// The increment (e.g. 16, -0x10).
        #[arg(allow_hyphen_values = true)]
        delta: String,
    },
    /// CSeal with the root capability at address OTYPE as the sealing authority.
    Seal {
        #[command(flatten)]
        cap: CapInput,
        /// The object type to seal with (0..=0x3fffb keeps the tag).
        #[arg(allow_negative_numbers = true)]
        otype: String,
    },
    /// CRRL: the smallest exactly representable length >= LENGTH.
    Crrl {
        /// The length to round.
        #[arg(allow_negative_numbers = true)]
        length: String,
    },
    /// CRAM: the alignment mask for a base of a LENGTH-byte object.
    Cram {
        /// The length.
        #[arg(allow_negative_numbers = true)]
        length: String,
    },
}

pub fn run(args: CapArgs) -> anyhow::Result<ExitCode> {
    let fields = match args.op {
        CapOp::Decode { cap } => describe(cap.parse()?),
        CapOp::SetBounds { cap, length, exact } => {
            let c = cap.parse()?;
            let length = parse_u64("LENGTH", &length)?;
            let r: SetBounds = if exact { c.set_bounds_exact(length) } else { c.set_bounds(length) };
            let mut f = describe(r.cap);
            f.push(("exact", Value::Bool(r.exact)));
            f.push(("subset", Value::Bool(r.subset)));
            f
        }
        CapOp::SetAddr { cap, new_addr } => describe(cap.parse()?.set_addr(parse_u64("NEWADDR", &new_addr)?)),
        CapOp::IncOffset { cap, delta } => describe(cap.parse()?.inc_offset(parse_delta("DELTA", &delta)?)),
        CapOp::Seal { cap, otype } => {
            let c = cap.parse()?;
            let authority = Capability::ROOT.set_addr(parse_u64("OTYPE", &otype)?);
            let mut f = describe(c.seal(authority));
            let denied = match c.seal_check(authority) {
                Ok(_) => Value::Null,
                Err(why) => Value::String(why.to_string()),
            };
            f.push(("denied", denied));
            f
        }
        CapOp::Crrl { length } => {
            let length = parse_u64("LENGTH", &length)?;
            vec![("length", hex(length)), ("crrl", hex(cheri_cap::crrl(length)))]
        }
        CapOp::Cram { length } => {
            let length = parse_u64("LENGTH", &length)?;
            vec![("length", hex(length)), ("cram", hex(cheri_cap::cram(length)))]
        }
    };
    if args.json {
        let object: Map<String, Value> = fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        println!("{}", Value::Object(object));
    } else {
        for (name, value) in &fields {
            println!("{name:<11} {}", human(name, value));
        }
    }
    Ok(ExitCode::SUCCESS)
}

impl CapInput {
    fn parse(&self) -> anyhow::Result<Capability> {
        let high = parse_u64("HIGH", &self.high)?;
        let addr = parse_u64("ADDR", &self.addr)?;
        Ok(if self.memory_form {
            Capability::from_memory(true, high, addr)
        } else {
            Capability::from_raw(true, high, addr)
        })
    }
}

/// Every field of `c`, in output order.
fn describe(c: Capability) -> Vec<(&'static str, Value)> {
    let b = c.bounds();
    let bits = c.bounds_bits();
    vec![
        ("tag", Value::Bool(c.tag())),
        ("high", hex(c.raw_high())),
        ("high_mem", hex(c.memory_high())),
        ("address", hex(c.address())),
        ("base", hex(b.base)),
        ("top", hex128(b.top)),
        ("length", hex128(b.length())),
        ("offset", hex(c.offset())),
        ("perms", json!(c.perms().bits())),
        ("uperms", json!(c.uperms())),
        ("flags", json!(c.flags())),
        ("otype", json!(c.otype().raw())),
        ("otype_name", json!(c.otype().name())),
        ("sealed", Value::Bool(c.is_sealed())),
        ("exponent", json!(bits.e)),
        ("ie", Value::Bool(bits.ie)),
        ("well_formed", Value::Bool(c.is_well_formed())),
        ("display", Value::String(c.to_string())),
    ]
}

/// The human rendering of one field: numbers in hex with a gloss where one helps.
fn human(name: &str, value: &Value) -> String {
    match (name, value) {
        (_, Value::Bool(b)) => u8::from(*b).to_string(),
        (_, Value::String(s)) => s.clone(),
        ("perms", Value::Number(n)) => {
            let bits = n.as_u64().unwrap_or(0);
            format!("{bits:#05x} {}", Perms::from_bits_truncate(bits))
        }
        ("flags", Value::Number(n)) => match n.as_u64() {
            Some(1) => "1 (capability mode)".to_string(),
            _ => "0 (integer mode)".to_string(),
        },
        ("otype", Value::Number(n)) => format!("{:#x}", n.as_u64().unwrap_or(0)),
        ("exponent", Value::Number(n)) => n.to_string(),
        (_, Value::Number(n)) => format!("{:#x}", n.as_u64().unwrap_or(0)),
        (_, Value::Null) => "-".to_string(),
        (_, other) => other.to_string(),
    }
}

fn hex(x: u64) -> Value {
    Value::String(format!("{x:#x}"))
}

fn hex128(x: u128) -> Value {
    Value::String(format!("{x:#x}"))
}

/// `0x`-prefixed hex or decimal, `_` separators allowed.
fn parse_u64(what: &str, text: &str) -> anyhow::Result<u64> {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let parsed = match clean.strip_prefix("0x").or_else(|| clean.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => clean.parse::<u64>(),
    };
    parsed.with_context(|| format!("{what}: {text:?} is not a 64-bit number (give 0x-prefixed hex or decimal)"))
}

/// Like [`parse_u64`], also accepting a leading `-` (two's complement, as CIncOffset adds).
fn parse_delta(what: &str, text: &str) -> anyhow::Result<u64> {
    match text.strip_prefix('-') {
        Some(magnitude) => {
            let m = parse_u64(what, magnitude)?;
            if m > 1 << 63 {
                bail!("{what}: {text:?} is below -2^63");
            }
            Ok(m.wrapping_neg())
        }
        None => parse_u64(what, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_u64("X", "0x10").ok(), Some(16));
        assert_eq!(parse_u64("X", "0X1_0").ok(), Some(16));
        assert_eq!(parse_u64("X", "16").ok(), Some(16));
        assert_eq!(parse_u64("X", "0xFFFFFFFFFFFFFFFF").ok(), Some(u64::MAX));
        assert!(parse_u64("X", "0x1_0000_0000_0000_0000").is_err());
        assert!(parse_u64("X", "-1").is_err());
        assert!(parse_u64("X", "ten").is_err());
        assert!(parse_u64("X", "").is_err());
        assert_eq!(parse_delta("D", "-0x10").ok(), Some(0u64.wrapping_sub(16)));
        assert_eq!(parse_delta("D", "-0x8000000000000000").ok(), Some(1 << 63));
        assert!(parse_delta("D", "-0x8000000000000001").is_err());
    }
}
