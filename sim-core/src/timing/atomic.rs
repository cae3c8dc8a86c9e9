//! The atomic model: one cycle per instruction (retired or trapped), plus the cycles the
//! hart slept in WFI. It agrees with the hart's own clock (`Hart::cycle`) by construction.

use super::Clock;
use crate::observer::{Needs, Observer, Retired, TrapTaken};

#[derive(Debug, Default)]
pub struct Atomic {
    clock: Clock,
}

impl Atomic {
    pub fn new() -> Atomic {
        Atomic::default()
    }

    pub fn cycles(&self) -> u64 {
        self.clock.retired + self.clock.exceptions + self.clock.idle
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }
}

impl super::Stamp for Atomic {
    /// The atomic clock is the hart's: events keep their own stamps.
    #[inline(always)]
    fn stamp(&self, atomic: u64) -> u64 {
        atomic
    }
}

impl Observer for Atomic {
    const NEEDS: Needs = Needs::NONE;
    #[inline]
    fn retired(&mut self, ev: &Retired) {
        self.clock.step(ev.cycle);
    }
    fn trap(&mut self, ev: &TrapTaken) {
        self.clock.trap(ev.cycle, ev.cause >> 63 == 0);
    }
}
