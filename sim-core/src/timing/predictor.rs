//! The branch predictor in fetch: a direct-mapped branch target buffer, a direction
//! predictor (static not-taken, bimodal or gshare 2-bit counters) and a return-address
//! stack. Each call predicts and then trains on the real outcome, and says whether the
//! prediction was right.

use super::config::{PredictorConfig, PredictorKind};

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct PredictorStats {
    pub branches: u64,
    pub taken: u64,
    pub mispredicts: u64,
    /// Direct jumps (JAL) whose target the BTB did not have.
    pub jal_btb_misses: u64,
    pub jumps: u64,
    /// Indirect jumps (JALR) whose target was wrong or missing.
    pub jalr_mispredicts: u64,
    pub ras_hits: u64,
}

impl PredictorStats {
    /// Conditional-branch prediction accuracy.
    pub fn accuracy(&self) -> f64 {
        1.0 - self.mispredicts as f64 / self.branches.max(1) as f64
    }
}

pub struct Predictor {
    kind: PredictorKind,
    counters: Vec<u8>,
    counter_mask: u64,
    history: u64,
    history_mask: u64,
    /// (pc, target); pc 0 = empty (no instruction lives at 0 on this machine's DRAM).
    btb: Vec<(u64, u64)>,
    btb_mask: u64,
    ras: Vec<u64>,
    ras_cap: usize,
    pub stats: PredictorStats,
}

/// Link registers (x1 = ra, x5 = t0): the RISC-V hints for calls and returns (unpriv. spec
/// §2.5, table "Return-address stack prediction hints").
fn is_link(r: u8) -> bool {
    r == 1 || r == 5
}

impl Predictor {
    pub fn new(c: &PredictorConfig) -> Predictor {
        let entries = c.bht_entries.max(1) as usize;
        let btb = c.btb_entries.max(1) as usize;
        Predictor {
            kind: c.kind,
            // Weakly not-taken.
            counters: vec![1; entries],
            counter_mask: entries as u64 - 1,
            history: 0,
            history_mask: (1u64 << c.history_bits.min(32)) - 1,
            btb: vec![(0, 0); btb],
            btb_mask: btb as u64 - 1,
            ras: Vec::with_capacity(c.ras_entries as usize),
            ras_cap: c.ras_entries as usize,
            stats: PredictorStats::default(),
        }
    }

    #[inline]
    fn btb_slot(&self, pc: u64) -> usize {
        ((pc >> 1) & self.btb_mask) as usize
    }

    #[inline]
    fn btb_target(&self, pc: u64) -> Option<u64> {
        let (p, t) = self.btb[self.btb_slot(pc)];
        (p == pc).then_some(t)
    }

    #[inline]
    fn btb_insert(&mut self, pc: u64, target: u64) {
        let s = self.btb_slot(pc);
        self.btb[s] = (pc, target);
    }

    /// A conditional branch at `pc`: returns true if fetch followed the right path.
    #[inline(always)]
    pub fn branch(&mut self, pc: u64, taken: bool, target: u64) -> bool {
        self.stats.branches += 1;
        let idx = match self.kind {
            PredictorKind::Static => None,
            PredictorKind::Bimodal => Some(((pc >> 1) & self.counter_mask) as usize),
            PredictorKind::Gshare => {
                Some((((pc >> 1) ^ (self.history & self.history_mask)) & self.counter_mask) as usize)
            }
        };
        let predict_taken = match idx {
            Some(i) => self.counters[i] >= 2,
            None => false,
        };
        // Fetch can only follow a taken prediction when the BTB knows where to.
        let followed = if predict_taken { self.btb_target(pc) } else { None };
        let correct = match (taken, followed) {
            (false, None) => true,
            (true, Some(t)) => t == target,
            _ => false,
        };
        if let Some(i) = idx {
            let c = &mut self.counters[i];
            *c = if taken { (*c + 1).min(3) } else { c.saturating_sub(1) };
        }
        self.history = self.history << 1 | taken as u64;
        if taken {
            self.stats.taken += 1;
            self.btb_insert(pc, target);
        }
        if !correct {
            self.stats.mispredicts += 1;
        }
        correct
    }

    /// A JAL at `pc`: returns true if the BTB redirected fetch to `target` (else decode
    /// must redirect it).
    #[inline]
    pub fn jal(&mut self, pc: u64, rd: u8, target: u64, ret: u64) -> bool {
        self.stats.jumps += 1;
        if is_link(rd) {
            self.push(ret);
        }
        let hit = self.btb_target(pc) == Some(target);
        if !hit {
            self.stats.jal_btb_misses += 1;
            self.btb_insert(pc, target);
        }
        hit
    }

    /// A JALR at `pc`: returns true if fetch followed the right target.
    #[inline]
    pub fn jalr(&mut self, pc: u64, rd: u8, rs1: u8, target: u64, ret: u64) -> bool {
        self.stats.jumps += 1;
        let is_return = is_link(rs1) && !is_link(rd);
        let predicted = if is_return && self.ras_cap > 0 { self.ras.pop() } else { self.btb_target(pc) };
        if is_link(rd) {
            self.push(ret);
        }
        let correct = predicted == Some(target);
        if correct && is_return && self.ras_cap > 0 {
            self.stats.ras_hits += 1;
        }
        if !correct {
            self.stats.jalr_mispredicts += 1;
            self.btb_insert(pc, target);
        }
        correct
    }

    fn push(&mut self, ret: u64) {
        if self.ras_cap == 0 {
            return;
        }
        if self.ras.len() == self.ras_cap {
            self.ras.remove(0);
        }
        self.ras.push(ret);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pred(kind: PredictorKind) -> Predictor {
        Predictor::new(&PredictorConfig { kind, ..PredictorConfig::default() })
    }

    #[test]
    fn bimodal_learns_a_loop_branch() {
        let mut p = pred(PredictorKind::Bimodal);
        // Taken 9 times, then falls through: misses the first time (counter weakly not-taken,
        // BTB empty) and on the exit.
        let results: Vec<bool> = (0..10).map(|i| p.branch(0x8000_0010, i < 9, 0x8000_0000)).collect();
        assert_eq!(results.iter().filter(|&&c| !c).count(), 2);
        assert!(!results[0] && results[1] && !results[9]);
    }

    #[test]
    fn static_mispredicts_every_taken_branch() {
        let mut p = pred(PredictorKind::Static);
        let wrong = (0..10).filter(|&i| !p.branch(0x8000_0010, i < 9, 0x8000_0000)).count();
        assert_eq!(wrong, 9);
    }

    #[test]
    fn gshare_learns_an_alternating_pattern() {
        let mut p = pred(PredictorKind::Gshare);
        let wrong_late = (0..200).filter(|&i| !p.branch(0x8000_0010, i % 2 == 0, 0x8000_0000) && i >= 100).count();
        assert_eq!(wrong_late, 0);
        let mut b = pred(PredictorKind::Bimodal);
        let wrong_late = (0..200).filter(|&i| !b.branch(0x8000_0010, i % 2 == 0, 0x8000_0000) && i >= 100).count();
        assert!(wrong_late >= 50);
    }

    #[test]
    fn the_ras_predicts_returns() {
        let mut p = pred(PredictorKind::Bimodal);
        assert!(!p.jal(0x8000_0000, 1, 0x8000_0100, 0x8000_0004));
        assert!(p.jalr(0x8000_0104, 0, 1, 0x8000_0004, 0x8000_0108));
        assert!(p.jal(0x8000_0000, 1, 0x8000_0100, 0x8000_0004));
        assert_eq!(p.stats.ras_hits, 1);
    }
}
