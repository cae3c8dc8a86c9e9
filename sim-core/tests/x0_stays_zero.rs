//! x0 reads 0 whatever writes to it. The explicit store-conditionals (SC.[BHWDC].DDC/.CAP)
//! write their flag to the data register; with x0 there, the flag once landed in x0 and a
//! cVM could make x0 nonzero for the monitor (found by fuzz target monitor_hostcalls).

use sim_core::bus::DRAM_BASE;
use sim_core::isa::asm::Assembler;
use sim_core::isa::{reg::*, Insn, Opcode};
use sim_core::{Machine, MachineConfig};

#[test]
fn an_explicit_store_conditional_to_x0_leaves_x0_zero() {
    for op in [Opcode::ScBDdc, Opcode::ScHDdc, Opcode::ScWDdc, Opcode::ScDDdc, Opcode::ScCDdc, Opcode::ScDCap] {
        let mut a = Assembler::new(DRAM_BASE);
        a.li(T1, (DRAM_BASE + 0x1000) as i64);
        if op == Opcode::ScDCap {
            // .CAP: the address comes from a capability register; DDC (root) as one.
            a.emit(Insn::new(Opcode::CSpecialRW, T1, 0, 0, 1)).unwrap();
            a.li(T2, (DRAM_BASE + 0x1000) as i64);
            a.emit(Insn::r(Opcode::CSetAddr, T1, T1, T2)).unwrap();
        }
        // No reservation: the store fails and the flag (1) goes to "x0".
        a.emit(Insn::new(op, 0, T1, ZERO, 0)).unwrap();
        a.emit(Insn::i(Opcode::Addi, A0, ZERO, 0)).unwrap();
        let code = a.finish().unwrap();
        let n = code.len() as u64 / 4;
        let config = MachineConfig { dram_size: 1 << 20, capture_output: true, stdin: false, ..Default::default() };
        let mut m = Machine::new(&config);
        m.load_flat(DRAM_BASE, &code).unwrap();
        m.run(Some(n));
        assert_eq!(m.hart.x(0), 0, "{op:?}: x0");
        assert_eq!(m.hart.x(A0), 0, "{op:?}: li a0, 0 after it");
    }
}
