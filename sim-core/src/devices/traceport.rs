//! The trace port at 0x0010_2000 (free in QEMU `virt`'s map; DESIGN.md §5): the monitor
//! reports its own events through it — cVM created, entered, left, hostcalls, CAP_File and
//! CAP_Call primitives, faults — so that traces and cycle accounting speak in the paper's
//! terms. The event kinds and the C side (`tp_emit`) are defined once in
//! `monitor/src/abi.rs`; this device only carries numbers.
//!
//! Registers: ARG0..ARG3 (u64) at +0x00, +0x08, +0x10, +0x18; a write of `kind | cvm << 16`
//! to EMIT (+0x20) emits an event with the arguments written before it and clears them, so
//! that an emitter writes only the arguments that are not 0 (`tp_emit` skips constant zeros:
//! a report costs the monitor a few instructions, not six stores). Reads return 0 and
//! writes elsewhere in the page are ignored: the device has no architectural effect, so a
//! program behaves the same whether anything observes it or not.

use crate::observer::MonitorEvent;

pub const BASE: u64 = 0x0010_2000;
pub const SIZE: u64 = 0x1000;
/// Offset of the EMIT register.
pub const EMIT: u64 = 0x20;

/// Events kept until the machine hands them to the observer. Every device store ends the
/// hart's slice and the machine drains the port after each slice, so one is the most that
/// waits in practice; the bound keeps a guest from growing host memory if a caller runs
/// slices without draining.
const MAX_PENDING: usize = 256;

#[derive(Clone, Default)]
pub struct TracePort {
    args: [u64; 4],
    pending: Vec<MonitorEvent>,
    /// Events lost because nobody drained the port.
    pub dropped: u64,
}

impl TracePort {
    /// A store of `size` bytes at offset `off` (naturally aligned, checked by the bus).
    /// Narrow stores to an argument register replace those bytes of it.
    pub fn write(&mut self, off: u64, size: u64, value: u64, cycle: u64) {
        if off < EMIT {
            let reg = &mut self.args[(off / 8) as usize];
            let shift = (off % 8) * 8;
            let mask = if size >= 8 { u64::MAX } else { ((1u64 << (size * 8)) - 1) << shift };
            *reg = (*reg & !mask) | ((value << shift) & mask);
        } else if off == EMIT && size == 8 {
            if self.pending.len() < MAX_PENDING {
                self.pending.push(MonitorEvent {
                    cycle,
                    kind: value as u16,
                    cvm: (value >> 16) as u16,
                    args: self.args,
                });
            } else {
                self.dropped += 1;
            }
            self.args = [0; 4];
        }
    }

    /// True when events wait for the observer.
    #[inline(always)]
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The waiting events, oldest first; the port is empty afterwards.
    pub fn drain(&mut self) -> std::vec::Drain<'_, MonitorEvent> {
        self.pending.drain(..)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emit_carries_the_arguments_written_before_it() {
        let mut tp = TracePort::default();
        tp.write(0x00, 8, 0x8040_0000, 1);
        tp.write(0x08, 8, 0x10_0000, 2);
        tp.write(0x10, 4, 0xdead_beef, 3);
        tp.write(0x14, 4, 0x1234_5678, 3);
        tp.write(EMIT, 8, 1 | 3 << 16, 7);
        let evs: Vec<_> = tp.drain().collect();
        assert_eq!(
            evs,
            [MonitorEvent { cycle: 7, kind: 1, cvm: 3, args: [0x8040_0000, 0x10_0000, 0x1234_5678_dead_beef, 0] }]
        );
        assert!(!tp.has_pending());
        // EMIT cleared the arguments: the next event has only what was written since.
        tp.write(0x08, 8, 5, 8);
        tp.write(EMIT, 8, 4, 9);
        assert_eq!(tp.drain().next().unwrap().args, [0, 5, 0, 0]);
    }

    /// Emits one event (kind 2, cVM 3, ARG0 0x1234), reads EMIT and ARG0 back, stops.
    const PROGRAM: [u32; 13] = [
        0x001027b7, // lui a5,0x102
        0x00001737, // lui a4,0x1
        0x2347071b, // addiw a4,a4,564
        0x00e7b023, // sd a4,0(a5)
        0x00030737, // lui a4,0x30
        0x0027071b, // addiw a4,a4,2
        0x02e7b023, // sd a4,32(a5)
        0x0207b683, // ld a3,32(a5)
        0x0007b603, // ld a2,0(a5)
        0x001007b7, // lui a5,0x100
        0x00005737, // lui a4,0x5
        0x55570713, // addi a4,a4,1365
        0x00e7a023, // sw a4,0(a5): finisher pass
    ];

    fn machine() -> crate::Machine {
        let mut m = crate::Machine::new(&crate::MachineConfig { stdin: false, ..Default::default() });
        let code: Vec<u8> = PROGRAM.iter().flat_map(|w| w.to_le_bytes()).collect();
        m.load_flat(crate::bus::DRAM_BASE, &code).unwrap();
        m
    }

    #[derive(Default)]
    struct Seen {
        events: Vec<(u64, MonitorEvent)>,
        retired: u64,
    }

    impl crate::observer::Observer for Seen {
        fn retired(&mut self, _: &crate::observer::Retired) {
            self.retired += 1;
        }
        fn monitor(&mut self, ev: &MonitorEvent) {
            self.events.push((self.retired, *ev));
        }
    }

    #[test]
    fn the_observer_sees_the_event_after_its_store_and_the_program_sees_nothing() {
        let mut plain = machine();
        let exit = plain.run(Some(100));
        let mut watched = machine();
        let mut seen = Seen::default();
        assert_eq!(watched.run_observed(Some(100), &mut seen), exit);
        assert_eq!(exit, crate::Exit::Finisher(crate::devices::FinisherStatus::Pass));
        // The store to EMIT is the 7th instruction, at cycle 6.
        assert_eq!(seen.events, [(7, MonitorEvent { cycle: 6, kind: 2, cvm: 3, args: [0x1234, 0, 0, 0] })]);
        for m in [&plain, &watched] {
            assert_eq!((m.hart.x(13), m.hart.x(12)), (0, 0), "reads return 0");
            assert_eq!(m.hart.retired(), 13);
        }
        assert!(!plain.bus.traceport.has_pending(), "an unobserved run drops the events");
    }

    /// An observer of monitor events only (ENABLED = false) gets them without any
    /// instruction event.
    #[test]
    fn monitor_events_reach_an_observer_of_nothing_else() {
        struct OnlyMonitor(Vec<MonitorEvent>);
        impl crate::observer::Observer for OnlyMonitor {
            const ENABLED: bool = false;
            fn retired(&mut self, _: &crate::observer::Retired) {
                unreachable!("no instruction events for a disabled observer")
            }
            fn monitor(&mut self, ev: &MonitorEvent) {
                self.0.push(*ev);
            }
        }
        let mut m = machine();
        let mut o = OnlyMonitor(Vec::new());
        m.run_observed(Some(100), &mut o);
        assert_eq!(o.0, [MonitorEvent { cycle: 6, kind: 2, cvm: 3, args: [0x1234, 0, 0, 0] }]);
    }

    #[test]
    fn a_port_nobody_drains_stays_bounded() {
        let mut tp = TracePort::default();
        for i in 0..(MAX_PENDING as u64 + 10) {
            tp.write(EMIT, 8, 2, i);
        }
        assert_eq!(tp.drain().count(), MAX_PENDING);
        assert_eq!(tp.dropped, 10);
    }
}
