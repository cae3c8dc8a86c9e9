//! The machine: one hart and its bus, a loaded program, and the run loop that drives the
//! hart slice by slice, taking interrupts and advancing time between slices.

use crate::bus::{Bus, DRAM_BASE};
use crate::devices::{htif::Htif, uart::Output, FinisherStatus, StopRequest};
use crate::elf::{self, LoadError, Program};
use crate::hart::{Hart, Semantics};
use crate::observer::{NoObserver, Observer};

/// How the machine is built.
#[derive(Clone, Debug)]
pub struct MachineConfig {
    /// DRAM size in bytes (QEMU `virt`'s default is 128 MiB).
    pub dram_size: u64,
    /// Keep UART output in memory instead of writing it to stdout.
    pub capture_output: bool,
    /// Let the guest read the host's stdin through the UART.
    pub stdin: bool,
    /// CHERI semantics (v9 by default; `None` for a plain RV64IMAC hart).
    pub cheri: Semantics,
}

impl Default for MachineConfig {
    fn default() -> Self {
        MachineConfig { dram_size: 128 << 20, capture_output: false, stdin: true, cheri: Semantics::V9 }
    }
}

/// The longest stretch the hart runs without the machine looking at interrupts and devices.
const MAX_SLICE: u64 = 1 << 20;

/// Why a run ended.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The SiFive test finisher.
    Finisher(FinisherStatus),
    /// HTIF's tohost (riscv-tests) or the proxy-kernel exit call, with its code.
    Htif(u64),
    /// `--max-insns` was reached.
    StepLimit,
    /// WFI with no interrupt that could ever wake the hart.
    Deadlock,
}

impl Exit {
    /// The process exit status capvm reports for this ending.
    pub fn status(&self) -> u8 {
        match *self {
            Exit::Finisher(FinisherStatus::Pass) => 0,
            Exit::Finisher(FinisherStatus::Fail(code)) => (code as u8).max(1),
            Exit::Finisher(FinisherStatus::Reset) => 0,
            Exit::Htif(code) => {
                if code == 0 {
                    0
                } else {
                    (code as u8).max(1)
                }
            }
            Exit::StepLimit => 124,
            Exit::Deadlock => 125,
        }
    }

    pub fn describe(&self) -> String {
        match *self {
            Exit::Finisher(FinisherStatus::Pass) => "finisher: pass".into(),
            Exit::Finisher(FinisherStatus::Fail(c)) => format!("finisher: fail, code {c}"),
            Exit::Finisher(FinisherStatus::Reset) => "finisher: reset requested".into(),
            Exit::Htif(0) => "htif: pass".into(),
            Exit::Htif(c) => format!("htif: fail, code {c}"),
            Exit::StepLimit => "instruction limit reached".into(),
            Exit::Deadlock => "the hart waits (WFI) for an interrupt that can never arrive".into(),
        }
    }
}

pub struct Machine {
    pub hart: Hart,
    pub bus: Bus,
    pub program: Program,
}

impl Machine {
    pub fn new(config: &MachineConfig) -> Machine {
        let out = if config.capture_output { Output::Capture(Vec::new()) } else { Output::Stdout };
        Machine {
            hart: Hart::new(0, config.dram_size, config.cheri),
            bus: Bus::new(config.dram_size, out, config.stdin),
            program: Program::default(),
        }
    }

    /// Loads an ELF executable and resets the hart to its entry (a0 = hart id, a1 = 0: there
    /// is no device tree), with HTIF enabled if the program has a `tohost` symbol.
    pub fn load_elf(&mut self, bytes: &[u8]) -> Result<(), LoadError> {
        let program = elf::load(bytes, &mut self.bus.dram)?;
        if let Some(tohost) = program.symbol("tohost") {
            self.bus.set_htif(Htif { tohost, fromhost: program.symbol("fromhost") });
        }
        self.hart.pc = program.entry;
        self.hart.set_reg(10, self.hart.hartid);
        self.hart.set_reg(11, 0);
        self.program = program;
        Ok(())
    }

    /// Copies a flat binary to `addr` and starts there (tests and fuzzers).
    pub fn load_flat(&mut self, addr: u64, code: &[u8]) -> Option<()> {
        self.bus.dram.write_bytes(addr, code)?;
        self.hart.pc = addr;
        Some(())
    }

    /// Runs until the guest stops the machine, or `max_steps` instructions (retired or
    /// trapped) have been executed.
    pub fn run(&mut self, max_steps: Option<u64>) -> Exit {
        self.run_observed(max_steps, &mut NoObserver)
    }

    pub fn run_observed<O: Observer>(&mut self, max_steps: Option<u64>, obs: &mut O) -> Exit {
        let limit = max_steps.map(|m| self.steps().saturating_add(m));
        let exit = loop {
            if let Some(stop) = self.bus.stop {
                break match stop {
                    StopRequest::Finisher(s) => Exit::Finisher(s),
                    StopRequest::Htif(code) => Exit::Htif(code),
                };
            }
            let steps = self.steps();
            if limit.is_some_and(|l| steps >= l) {
                break Exit::StepLimit;
            }
            if self.hart.waiting {
                if self.hart.wakeup_pending(&self.bus) {
                    self.hart.waiting = false;
                } else if let Some(deadline) = self.wake_deadline() {
                    // Sleep: jump the clock to the timer interrupt.
                    self.hart.idle += deadline - self.hart.cycle;
                    self.hart.cycle = deadline;
                    self.hart.waiting = false;
                } else {
                    break Exit::Deadlock;
                }
            }
            if let Some(irq) = self.hart.pending_interrupt(&self.bus) {
                self.hart.take_interrupt(irq, obs);
            }
            // Run to the next event: the step limit, the timer, or the slice bound.
            let mut end = self.hart.cycle + MAX_SLICE;
            if let Some(l) = limit {
                end = end.min(self.hart.cycle + (l - steps));
            }
            if let Some(t) = self.bus.clint.timer_deadline(self.hart.cycle) {
                end = end.min(t.max(self.hart.cycle + 1));
            }
            self.hart.run_slice(&mut self.bus, end, obs);
            // Monitor events: a trace-port store ends the slice, so they reach the observer
            // right after the instruction that emitted them. They are rare, so even an
            // observer with ENABLED = false gets them (NoObserver ignores them).
            if self.bus.traceport.has_pending() {
                self.bus.traceport.drain().for_each(|ev| obs.monitor(&ev));
            }
        };
        self.bus.uart.flush();
        exit
    }

    /// Instructions executed so far, retired or trapped (what `--max-insns` counts).
    pub fn steps(&self) -> u64 {
        self.hart.cycle - self.hart.idle
    }

    /// When a waiting hart will wake: the timer deadline, if the timer interrupt is enabled.
    fn wake_deadline(&self) -> Option<u64> {
        if self.hart.csr.mie & crate::hart::MIP_MTIP == 0 {
            return None;
        }
        self.bus.clint.timer_deadline(self.hart.cycle)
    }

    /// The UART output so far, when the machine was built with `capture_output`.
    pub fn take_output(&mut self) -> Vec<u8> {
        self.bus.uart.take_captured()
    }

    /// Where DRAM starts and ends.
    pub fn dram_range(&self) -> (u64, u64) {
        (DRAM_BASE, self.bus.dram.end())
    }
}

/// A machine as it was at [`Machine::snapshot`]: the hart, DRAM with its tags, the devices.
/// Restoring one copies back only the DRAM pages written since (when it is the latest
/// snapshot), so a fuzzer can boot once and start every input from the booted machine.
#[derive(Clone)]
pub struct Snapshot {
    pub hart: crate::hart::HartState,
    pub bus: crate::bus::BusSnapshot,
}

impl Machine {
    /// Takes a snapshot; DRAM's dirty map starts afresh.
    pub fn snapshot(&mut self) -> Snapshot {
        Snapshot { hart: self.hart.save(), bus: self.bus.snapshot() }
    }

    /// Puts the machine back as it was at `snap`. The loaded program (symbols, entry) is
    /// not part of a snapshot: restore into the machine the snapshot was taken of.
    pub fn restore(&mut self, snap: &Snapshot) {
        self.hart.restore(&snap.hart);
        self.bus.restore(&snap.bus);
    }
}
