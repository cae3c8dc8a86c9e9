//! The human formatter used by traces and the calculator.
//!
//! ```text
//! v:1 s:0 p:rwxRWLGSUIAC u:0xf m:int otype:unsealed [0x0, 0x10000000000000000) addr 0x0
//! ```
//!
//! * `v:` the tag (valid) bit; `s:` sealed (1 also for sentries and reserved otypes);
//! * `p:` the 12 hardware permissions, one fixed position each, the letter when held and `-`
//!   when not: `r` Load, `w` Store, `x` Execute, `R` Load_Capability, `W` Store_Capability,
//!   `L` Store_Local_Capability, `G` Global, `S` Seal, `U` Unseal, `I` CInvoke,
//!   `A` Access_System_Registers, `C` Set_CID (see [`Perms::TABLE`]);
//! * `u:` the 4 user permissions in hex; `m:` the flags bit, `int` or `cap` mode;
//! * `otype:` `unsealed`, `sentry`, `indirect-pair`, `indirect-sentry` or a hex number;
//! * `[base, top)` the decoded bounds (top is 65-bit, so the whole space ends at 2^64);
//! * `addr` the address; a non-zero reserved field is appended as `reserved:N`.
//!
//! The alternate form (`{:#}`) adds the raw high word and the offset for debugging.

use core::fmt;

use crate::capability::Capability;
#[cfg(doc)]
use crate::perms::Perms;

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.bounds();
        write!(
            f,
            "v:{} s:{} p:{} u:{:#x} m:{} otype:{} [{:#x}, {:#x}) addr {:#x}",
            self.tag() as u8,
            self.is_sealed() as u8,
            self.perms(),
            self.uperms(),
            if self.is_cap_mode() { "cap" } else { "int" },
            self.otype(),
            b.base,
            b.top,
            self.address(),
        )?;
        if self.reserved_bits() != 0 {
            write!(f, " reserved:{}", self.reserved_bits())?;
        }
        if f.alternate() {
            write!(f, " offset {:#x} high {:#018x}", self.offset(), self.raw_high())?;
        }
        Ok(())
    }
}

impl fmt::Debug for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Capability {{ tag: {}, high: {:#018x}, address: {:#018x} }} /* {} */",
            self.tag(),
            self.raw_high(),
            self.address(),
            self
        )
    }
}
