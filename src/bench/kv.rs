//! Scenario 4, a key-value microservice pair: a server cVM and a client cVM; requests as
//! CAP_Calls with CAP_File/CAP_Stream payloads, against the same service reached through the
//! monitor's copying pipe.

use super::{Env, Section, Table};

const NEEDS: &[(&str, &str)] = &[
    ("CALL_ADVERTISE", "CAP_Call"),
    ("CALL_PROBE", "CAP_Call"),
    ("CALL", "CAP_Call"),
    ("CAPFILE_PROBE", "CAP_File"),
    ("PIPE_WRITE", "the copying pipe"),
    ("PIPE_READ", "the copying pipe"),
];

pub fn run(env: &Env) -> anyhow::Result<Section> {
    let gone: Vec<String> = NEEDS
        .iter()
        .filter(|(n, _)| !monitor::abi::HOSTCALLS.iter().any(|h| h.name == *n))
        .map(|(n, what)| format!("HC_{n} ({what})"))
        .collect();
    let why = if gone.is_empty() {
        "needs the key-value server and client cVMs (guest-images/cvm/kv.c), not written yet".to_string()
    } else {
        format!("needs {}", gone.join(", "))
    };
    Ok(Section {
        name: "kv",
        title: "4. A key-value microservice pair",
        what: format!(
            "GET and SET of 16 B to 4 KiB values between a client cVM and a server cVM: requests per second at {} MHz and \
             cycles per request ({} model).",
            super::CLOCK_HZ / 1e6,
            env.model_name()
        ),
        table: Table::default(),
        unavailable: vec![format!("key-value pair over CAP_Call and over the copying pipe: not available: {why}")],
        notes: vec![],
        plots: vec![],
    })
}
