//! One trace of any format, for the command line: where it goes, and the observer that
//! feeds it.

use std::fs::File;
use std::io::{self, BufWriter, Stdout, Write};
use std::path::Path;

use sim_core::observer::{MonitorEvent, Observer, Retired, TrapTaken};
use sim_core::{Exit, Machine};

use crate::{ExplainSink, Filter, JsonlSink, Names, TextSink, Tracer};

/// Where a trace is written: a file (buffered), or stdout (line by line, so that it
/// interleaves sensibly with the guest's UART output).
pub enum Output {
    File(BufWriter<File>),
    Stdout(Stdout),
}

impl Output {
    /// `-` is stdout; anything else a file, created or truncated.
    pub fn open(path: &Path) -> io::Result<Output> {
        if path.as_os_str() == "-" {
            Ok(Output::Stdout(io::stdout()))
        } else {
            Ok(Output::File(BufWriter::with_capacity(1 << 16, File::create(path)?)))
        }
    }
}

impl Write for Output {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::File(f) => f.write(buf),
            Output::Stdout(s) => s.write(buf),
        }
    }
    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::File(f) => f.write_all(buf),
            Output::Stdout(s) => s.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::File(f) => f.flush(),
            Output::Stdout(s) => s.flush(),
        }
    }
}

/// The trace formats.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// Spike-style commit log.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// The plain-language narrative of capability checks.
    Explain,
}

/// A trace of any format, streamed or kept in a ring: the observer `capvm run --trace`
/// attaches. Each ring variant is a type of its own (see [`Tracer`]); [`Trace::run`] runs the
/// machine with the concrete tracer, so that no per-instruction dispatch stands between the
/// hart and it.
pub enum Trace<W: Write> {
    Text(Tracer<TextSink<W>>),
    Jsonl(Tracer<JsonlSink<W>>),
    Explain(Tracer<ExplainSink<W>>),
    TextRing(Tracer<TextSink<W>, true>),
    JsonlRing(Tracer<JsonlSink<W>, true>),
    ExplainRing(Tracer<ExplainSink<W>, true>),
}

/// `$body` with `$t` bound to the tracer inside any variant.
macro_rules! each {
    ($trace:expr, $t:ident => $body:expr) => {
        match $trace {
            Trace::Text($t) => $body,
            Trace::Jsonl($t) => $body,
            Trace::Explain($t) => $body,
            Trace::TextRing($t) => $body,
            Trace::JsonlRing($t) => $body,
            Trace::ExplainRing($t) => $body,
        }
    };
}

impl<W: Write> Trace<W> {
    /// `ring = Some(n)`: keep the last `n` records and write them when the run ends.
    pub fn new(format: Format, out: W, filter: Filter, ring: Option<usize>, machine: &Machine) -> Trace<W> {
        match (format, ring.is_some()) {
            (Format::Text, false) => Trace::Text(Tracer::new(TextSink::new(out), filter, ring, machine)),
            (Format::Jsonl, false) => Trace::Jsonl(Tracer::new(JsonlSink::new(out), filter, ring, machine)),
            (Format::Explain, false) => Trace::Explain(Tracer::new(ExplainSink::new(out), filter, ring, machine)),
            (Format::Text, true) => Trace::TextRing(Tracer::new(TextSink::new(out), filter, ring, machine)),
            (Format::Jsonl, true) => Trace::JsonlRing(Tracer::new(JsonlSink::new(out), filter, ring, machine)),
            (Format::Explain, true) => Trace::ExplainRing(Tracer::new(ExplainSink::new(out), filter, ring, machine)),
        }
    }

    /// See [`Tracer::set_replayed_from`].
    pub fn set_replayed_from(&mut self, from: u64) {
        each!(self, t => t.set_replayed_from(from))
    }

    /// See [`Tracer::set_deployment`].
    pub fn set_deployment(&mut self, names: &Names, only_cvm: Option<u16>) {
        each!(self, t => t.set_deployment(names, only_cvm))
    }

    /// Runs `machine` with this trace as its only observer (`Machine::run_observed`), the
    /// run loop compiled for the concrete tracer.
    pub fn run(&mut self, machine: &mut Machine, max_steps: Option<u64>) -> Exit {
        each!(self, t => machine.run_observed(max_steps, t))
    }

    /// Writes the ring (if any) and the end of the run; flushes. Returns the output.
    pub fn finish(self, exit: &Exit) -> io::Result<W> {
        Ok(each!(self, t => t.finish(exit)?.into_inner()))
    }
}

/// For runs with other observers beside the trace (timing models, histograms): one match
/// per event.
impl<W: Write> Observer for Trace<W> {
    #[inline(always)]
    fn retired(&mut self, ev: &Retired) {
        each!(self, t => t.retired(ev))
    }
    #[inline]
    fn trap(&mut self, ev: &TrapTaken) {
        each!(self, t => t.trap(ev))
    }
    fn monitor(&mut self, ev: &MonitorEvent) {
        each!(self, t => t.monitor(ev))
    }
}
