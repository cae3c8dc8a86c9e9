//! The CHERI-RISC-V (RV64) 128-bit compressed capability.
