//! An NS16550A UART at 0x1000_0000, as far as bare-metal programs use it: transmit to the
//! host's stdout, receive from the host's stdin, and the line-status register that says so.
//!
//! Output is buffered and flushed at each newline and when the run ends, so that a program's
//! output interleaves sensibly with capvm's own messages on stderr.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, TryRecvError};

pub const BASE: u64 = 0x1000_0000;
pub const SIZE: u64 = 0x100;

const RBR_THR: u64 = 0; // receive buffer (read) / transmit holding (write)
const IER: u64 = 1;
const IIR_FCR: u64 = 2;
const LCR: u64 = 3;
const MCR: u64 = 4;
const LSR: u64 = 5;
const MSR: u64 = 6;
const SCR: u64 = 7;

const LSR_DATA_READY: u8 = 0x01;
const LSR_THR_EMPTY: u8 = 0x20;
const LSR_TX_IDLE: u8 = 0x40;
const LCR_DLAB: u8 = 0x80;

/// Where transmitted bytes go.
pub enum Output {
    Stdout,
    /// Kept in memory (tests, benchmarks, and `Machine::take_output`).
    Capture(Vec<u8>),
}

/// What [`Uart::save`] keeps: the registers, the unsent line, pending input, and how much output
/// had been captured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UartState {
    line: Vec<u8>,
    input: VecDeque<u8>,
    captured: usize,
    regs: [u8; 6],
}

pub struct Uart {
    out: Output,
    line: Vec<u8>,
    input: VecDeque<u8>,
    stdin: Option<Receiver<u8>>,
    stdin_started: bool,
    use_stdin: bool,
    /// Every byte the guest has read, in order: what a replay of the run must give it again
    /// (`capvm run --trace-ring`).
    read_log: Vec<u8>,
    ier: u8,
    lcr: u8,
    mcr: u8,
    scr: u8,
    dll: u8,
    dlm: u8,
}

impl Uart {
    pub fn new(out: Output, use_stdin: bool) -> Uart {
        Uart {
            out,
            line: Vec::new(),
            input: VecDeque::new(),
            stdin: None,
            stdin_started: false,
            use_stdin,
            read_log: Vec::new(),
            ier: 0,
            lcr: 0,
            mcr: 0,
            scr: 0,
            dll: 0,
            dlm: 0,
        }
    }

    /// Bytes the guest will read, ahead of anything from stdin.
    pub fn push_input(&mut self, bytes: &[u8]) {
        self.input.extend(bytes);
    }

    /// The bytes the guest has read so far, in order, and whether it ever looked at the host's
    /// stdin (then when each byte arrived was up to the host, and a replay that gives it the
    /// same bytes at once may not take the same path).
    pub fn read_log(&self) -> (&[u8], bool) {
        (&self.read_log, self.stdin_started)
    }

    /// Starts a reader thread on the first access to the receiver, so that programs that never
    /// read input never touch the host's stdin.
    fn poll_stdin(&mut self) {
        if !self.use_stdin {
            return;
        }
        if !self.stdin_started {
            self.stdin_started = true;
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut byte = [0u8; 1];
                let mut stdin = std::io::stdin().lock();
                while let Ok(1) = stdin.read(&mut byte) {
                    if tx.send(byte[0]).is_err() {
                        break;
                    }
                }
            });
            self.stdin = Some(rx);
        }
        if let Some(rx) = &self.stdin {
            loop {
                match rx.try_recv() {
                    Ok(b) => self.input.push_back(b),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        self.stdin = None;
                        break;
                    }
                }
            }
        }
    }

    pub fn read(&mut self, offset: u64) -> u8 {
        let dlab = self.lcr & LCR_DLAB != 0;
        match offset {
            RBR_THR if dlab => self.dll,
            RBR_THR => {
                self.poll_stdin();
                match self.input.pop_front() {
                    Some(b) => {
                        self.read_log.push(b);
                        b
                    }
                    None => 0,
                }
            }
            IER if dlab => self.dlm,
            IER => self.ier,
            IIR_FCR => 0xc1, // FIFOs enabled, no interrupt pending
            LCR => self.lcr,
            MCR => self.mcr,
            LSR => {
                self.poll_stdin();
                let ready = if self.input.is_empty() { 0 } else { LSR_DATA_READY };
                LSR_THR_EMPTY | LSR_TX_IDLE | ready
            }
            MSR => 0xb0, // DCD, DSR, CTS asserted
            SCR => self.scr,
            _ => 0,
        }
    }

    pub fn write(&mut self, offset: u64, value: u8) {
        let dlab = self.lcr & LCR_DLAB != 0;
        match offset {
            RBR_THR if dlab => self.dll = value,
            RBR_THR => self.transmit(value),
            IER if dlab => self.dlm = value,
            IER => self.ier = value & 0x0f,
            LCR => self.lcr = value,
            MCR => self.mcr = value & 0x1f,
            SCR => self.scr = value,
            _ => {}
        }
    }

    /// The guest-visible state, for machine snapshots.
    pub fn save(&self) -> UartState {
        let captured = match &self.out {
            Output::Capture(v) => v.len(),
            Output::Stdout => 0,
        };
        UartState {
            line: self.line.clone(),
            input: self.input.clone(),
            captured,
            regs: [self.ier, self.lcr, self.mcr, self.scr, self.dll, self.dlm],
        }
    }

    /// Puts back what [`Uart::save`] kept; captured output beyond what there was then is
    /// dropped (output already sent to stdout cannot be).
    pub fn restore(&mut self, s: &UartState) {
        self.line.clone_from(&s.line);
        self.input.clone_from(&s.input);
        if let Output::Capture(v) = &mut self.out {
            v.truncate(s.captured);
        }
        [self.ier, self.lcr, self.mcr, self.scr, self.dll, self.dlm] = s.regs;
    }

    /// Sends one byte to the output (THR writes, and HTIF's console).
    pub fn transmit(&mut self, byte: u8) {
        self.line.push(byte);
        if byte == b'\n' || self.line.len() >= 4096 {
            self.flush();
        }
    }

    /// Writes out any buffered output.
    pub fn flush(&mut self) {
        if self.line.is_empty() {
            return;
        }
        match &mut self.out {
            Output::Stdout => {
                let mut o = std::io::stdout().lock();
                // A closed stdout (e.g. `capvm run x | head`) must not stop the simulation.
                let _ = o.write_all(&self.line);
                let _ = o.flush();
            }
            Output::Capture(v) => v.extend_from_slice(&self.line),
        }
        self.line.clear();
    }

    /// Everything captured so far (empty when output goes to stdout).
    pub fn take_captured(&mut self) -> Vec<u8> {
        self.flush();
        match &mut self.out {
            Output::Capture(v) => std::mem::take(v),
            Output::Stdout => Vec::new(),
        }
    }
}
