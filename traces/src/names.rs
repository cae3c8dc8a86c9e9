//! Names for what traps and traces mention: capability registers, SCRs, CHERI causes.

use sim_core::hart::cheri::capex;
use sim_core::isa::reg;

/// The name of a capability register or SCR as xtval's cap_idx numbers them (spec §5.2):
/// 0..31 the registers (`ca0`, `csp`… as the disassembler prints them), 0x20 | n SCR n.
pub fn cap_reg_name(idx: u8) -> String {
    match idx {
        0 => "cnull".to_string(),
        1..=31 => format!("c{}", reg::name(idx)),
        0x20 => "PCC".to_string(),
        0x21 => "DDC".to_string(),
        0x3c => "MTCC".to_string(),
        0x3d => "MTDC".to_string(),
        0x3e => "MScratchC".to_string(),
        0x3f => "MEPCC".to_string(),
        _ => format!("SCR {}", idx & 0x1f),
    }
}

/// A CHERI exception decoded from mcause and mtval.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheriFault {
    /// The CapEx code (spec §5.2) and its name.
    pub code: u8,
    pub name: &'static str,
    /// The register or SCR that failed its check (cap_idx), and its name.
    pub cap_idx: u8,
    pub reg: String,
}

/// The CHERI exception in a trap, if it is one (mcause 28: mtval = cap_idx << 5 | code).
pub fn cheri_fault(cause: u64, tval: u64) -> Option<CheriFault> {
    if cause != capex::MCAUSE {
        return None;
    }
    let code = (tval & 0x1f) as u8;
    let cap_idx = (tval >> 5 & 0x3f) as u8;
    Some(CheriFault { code, name: capex::name(code), cap_idx, reg: cap_reg_name(cap_idx) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(cap_reg_name(10), "ca0");
        assert_eq!(cap_reg_name(0x21), "DDC");
        let f = cheri_fault(28, 0x2 << 5 | 0x2).unwrap();
        assert_eq!((f.code, f.name, f.reg.as_str()), (2, "tag violation", "csp"));
        assert_eq!(cheri_fault(28, 0x20 << 5 | 0x11).unwrap().reg, "PCC");
        assert!(cheri_fault(5, 0).is_none());
    }
}
