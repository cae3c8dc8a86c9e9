//! The monitor's own coverage as fuzzing feedback. libFuzzer sees only the host code's
//! edges — the simulator's and the harness's — which say which instructions and traps the
//! guest used, not which paths of the monitor ran. [`MonitorBranches`] observes a run and
//! counts, per instruction of the monitor's code, how often it ran and whether it went on
//! to the next instruction or somewhere else (a taken branch, a jump, a trap return), into
//! a byte array the fuzz target hands to libFuzzer as extra counters; an input that makes
//! the monitor take a new branch direction, or take one a new number of times (libFuzzer's
//! buckets), is then kept in the corpus.

use sim_core::hart::Priv;
use sim_core::observer::{Needs, Observer, Retired};

/// Two counters per 16-bit parcel of code: fall-through and elsewhere.
pub const COUNTERS_PER_PARCEL: usize = 2;

/// Counts the monitor's branch directions into `counters` (two per 2 bytes of code from
/// `base`; an instruction beyond the array folds back into it).
pub struct MonitorBranches<'a> {
    counters: &'a mut [u8],
    base: u64,
}

impl<'a> MonitorBranches<'a> {
    /// `counters` must not be empty; `base`: where the monitor's code starts.
    pub fn new(counters: &'a mut [u8], base: u64) -> MonitorBranches<'a> {
        assert!(!counters.is_empty(), "no counters to count into");
        MonitorBranches { counters, base }
    }

    /// How many bytes of counters cover `code_len` bytes of code without folding.
    pub fn counters_for(code_len: u64) -> usize {
        (code_len as usize).div_ceil(2) * COUNTERS_PER_PARCEL
    }
}

impl Observer for MonitorBranches<'_> {
    const NEEDS: Needs = Needs::NONE;

    #[inline]
    fn retired(&mut self, ev: &Retired) {
        if ev.privilege != Priv::Machine {
            return;
        }
        let len = if ev.raw & 3 == 3 { 4 } else { 2 };
        let elsewhere = ev.next_pc != ev.pc.wrapping_add(len);
        let parcel = (ev.pc.wrapping_sub(self.base) >> 1) as usize;
        let at = (parcel * COUNTERS_PER_PARCEL + elsewhere as usize) % self.counters.len();
        self.counters[at] = self.counters[at].wrapping_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostcalls::{Arg, Fuzzer, Keep, Key, Num, Op, Script, Slot};

    #[test]
    fn an_input_that_asks_for_a_hostcall_reaches_more_of_the_monitor_than_none() {
        let mut f = Fuzzer::new().unwrap();
        let (base, len) = f.world.monitor_code[0];
        let count = |f: &mut Fuzzer, ops: Vec<Op>| {
            let mut counters = vec![0u8; MonitorBranches::counters_for(len)];
            f.run_observed(&Script { ops, data: vec![] }, &mut MonitorBranches::new(&mut counters, base));
            counters.iter().filter(|&&c| c != 0).count()
        };
        let quiet = count(&mut f, vec![]);
        assert!(quiet > 100, "the victim's run alone uses the monitor: {quiet}");
        // Probing the victim's private capfile (HC_PROBE, refused). The same input twice
        // counts the same: the observer does not disturb the run.
        let probe = || {
            vec![Op::Keyed { num: Num::Any(5), key: Key::Known(1), args: [Arg::Lit(0); 4], keep: Keep::A0(Slot(0)) }]
        };
        let once = count(&mut f, probe());
        assert_eq!(once, count(&mut f, probe()));
        assert!(once > quiet, "{once} counters against {quiet} without an attack");
    }
}
