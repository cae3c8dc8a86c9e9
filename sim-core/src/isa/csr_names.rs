//! CSR numbers and names: the machine's CSRs, and the other standard names objdump prints.

macro_rules! csrs {
    ($($name:ident = $num:literal, $text:literal;)*) => {
        $(pub const $name: u16 = $num;)*
        /// Standard CSR names by number (those objdump knows and the machine implements).
        pub static NAMES: &[(u16, &str)] = &[$(($num, $text)),*];
    };
}

csrs! {
    SSTATUS = 0x100, "sstatus";
    SIE = 0x104, "sie";
    STVEC = 0x105, "stvec";
    SCOUNTEREN = 0x106, "scounteren";
    SENVCFG = 0x10a, "senvcfg";
    SSCRATCH = 0x140, "sscratch";
    SEPC = 0x141, "sepc";
    SCAUSE = 0x142, "scause";
    STVAL = 0x143, "stval";
    SIP = 0x144, "sip";
    SATP = 0x180, "satp";
    MSTATUS = 0x300, "mstatus";
    MISA = 0x301, "misa";
    MEDELEG = 0x302, "medeleg";
    MIDELEG = 0x303, "mideleg";
    MIE = 0x304, "mie";
    MTVEC = 0x305, "mtvec";
    MCOUNTEREN = 0x306, "mcounteren";
    MENVCFG = 0x30a, "menvcfg";
    MCOUNTINHIBIT = 0x320, "mcountinhibit";
    MSCRATCH = 0x340, "mscratch";
    MEPC = 0x341, "mepc";
    MCAUSE = 0x342, "mcause";
    MTVAL = 0x343, "mtval";
    MIP = 0x344, "mip";
    PMPCFG0 = 0x3a0, "pmpcfg0";
    PMPCFG2 = 0x3a2, "pmpcfg2";
    PMPADDR0 = 0x3b0, "pmpaddr0";
    TSELECT = 0x7a0, "tselect";
    TDATA1 = 0x7a1, "tdata1";
    TDATA2 = 0x7a2, "tdata2";
    TDATA3 = 0x7a3, "tdata3";
    MCYCLE = 0xb00, "mcycle";
    MINSTRET = 0xb02, "minstret";
    CYCLE = 0xc00, "cycle";
    TIME = 0xc01, "time";
    INSTRET = 0xc02, "instret";
    MVENDORID = 0xf11, "mvendorid";
    MARCHID = 0xf12, "marchid";
    MIMPID = 0xf13, "mimpid";
    MHARTID = 0xf14, "mhartid";
    MCONFIGPTR = 0xf15, "mconfigptr";
}

/// The name objdump prints for CSR `num`, if it has one. The numbered families
/// (mhpmcounterN, hpmcounterN, mhpmeventN, pmpcfgN, pmpaddrN) are named by formula.
pub fn name(num: u16) -> Option<String> {
    if let Some((_, n)) = NAMES.iter().find(|(c, _)| *c == num) {
        return Some((*n).to_string());
    }
    match num {
        0xb03..=0xb1f => Some(format!("mhpmcounter{}", num - 0xb00)),
        0xc03..=0xc1f => Some(format!("hpmcounter{}", num - 0xc00)),
        0x323..=0x33f => Some(format!("mhpmevent{}", num - 0x320)),
        0x3a0..=0x3af if num.is_multiple_of(2) => Some(format!("pmpcfg{}", num - 0x3a0)),
        0x3b0..=0x3ef => Some(format!("pmpaddr{}", num - 0x3b0)),
        _ => None,
    }
}

/// Parses a CSR name (as [`name`] prints it) or a number.
pub fn parse(s: &str) -> Option<u16> {
    if let Some(hex) = s.strip_prefix("0x") {
        return u16::from_str_radix(hex, 16).ok().filter(|&n| n < 4096);
    }
    if let Ok(n) = s.parse::<u16>() {
        return (n < 4096).then_some(n);
    }
    (0u16..4096).find(|&n| name(n).as_deref() == Some(s))
}
