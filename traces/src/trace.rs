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

/// A trace of any format: the observer `capvm run --trace` attaches.
pub enum Trace<W: Write> {
    Text(Tracer<TextSink<W>>),
    Jsonl(Tracer<JsonlSink<W>>),
    Explain(Tracer<ExplainSink<W>>),
}

impl<W: Write> Trace<W> {
    pub fn new(format: Format, out: W, filter: Filter, ring: Option<usize>, machine: &Machine) -> Trace<W> {
        match format {
            Format::Text => Trace::Text(Tracer::new(TextSink::new(out), filter, ring, machine)),
            Format::Jsonl => Trace::Jsonl(Tracer::new(JsonlSink::new(out), filter, ring, machine)),
            Format::Explain => Trace::Explain(Tracer::new(ExplainSink::new(out), filter, ring, machine)),
        }
    }

    /// See [`Tracer::set_deployment`].
    pub fn set_deployment(&mut self, names: &Names, only_cvm: Option<u16>) {
        match self {
            Trace::Text(t) => t.set_deployment(names, only_cvm),
            Trace::Jsonl(t) => t.set_deployment(names, only_cvm),
            Trace::Explain(t) => t.set_deployment(names, only_cvm),
        }
    }

    /// Writes the ring (if any) and the end of the run; flushes. Returns the output.
    pub fn finish(self, exit: &Exit) -> io::Result<W> {
        Ok(match self {
            Trace::Text(t) => t.finish(exit)?.into_inner(),
            Trace::Jsonl(t) => t.finish(exit)?.into_inner(),
            Trace::Explain(t) => t.finish(exit)?.into_inner(),
        })
    }
}

impl<W: Write> Observer for Trace<W> {
    // Inlined into the hart's event reporting, so that the event goes from registers
    // straight into the ring (a copy through the stack costs a store-forwarding stall).
    #[inline(always)]
    fn retired(&mut self, ev: &Retired) {
        match self {
            Trace::Text(t) => t.retired(ev),
            Trace::Jsonl(t) => t.retired(ev),
            Trace::Explain(t) => t.retired(ev),
        }
    }
    #[inline]
    fn trap(&mut self, ev: &TrapTaken) {
        match self {
            Trace::Text(t) => t.trap(ev),
            Trace::Jsonl(t) => t.trap(ev),
            Trace::Explain(t) => t.trap(ev),
        }
    }
    fn monitor(&mut self, ev: &MonitorEvent) {
        match self {
            Trace::Text(t) => t.monitor(ev),
            Trace::Jsonl(t) => t.monitor(ev),
            Trace::Explain(t) => t.monitor(ev),
        }
    }
}
