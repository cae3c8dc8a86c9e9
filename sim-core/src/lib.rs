//! The capvm machine.
