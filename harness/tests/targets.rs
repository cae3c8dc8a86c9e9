//! The other fuzz targets' checks as bounded property tests, decoded from random bytes the
//! way the fuzz targets decode them, plus hand-picked cases.

use arbitrary::{Arbitrary, Unstructured};
use harness::boot_info::{BootFuzzer, BootInput, Patch};
use harness::cap_ops::{self, CapInput};
use harness::hart_step::{self, HartInput};
use proptest::prelude::*;

fn decode<'a, T: Arbitrary<'a>>(bytes: &'a [u8]) -> Option<T> {
    T::arbitrary_take_rest(Unstructured::new(bytes)).ok()
}

#[test]
fn the_valid_table_boots_and_a_bad_magic_is_refused() {
    let mut f = BootFuzzer::new().expect("boot_info sets up");
    let good = f.patched(&[]);
    let (exit, out) = f.boot(&good).expect("the valid table boots");
    assert_eq!(exit.status(), 0, "{out}");
    let bad = f.patched(&[Patch { offset: 0, value: 0x1234, width: 3 }]);
    let (exit, out) = f.boot(&bad).expect("a bad magic is refused cleanly");
    assert_eq!(exit.status(), 3, "{out}");
    assert!(out.contains("boot information refused"), "{out}");
}

#[test]
fn a_deployment_plan_accepts_is_booted_and_run() {
    use harness::boot_info::{CapfileSpec, CvmSpec};
    let mut f = BootFuzzer::new().expect("boot_info sets up");
    let cvm =
        |name: u8, base: u32| CvmSpec { name, image: 0, base, size: 0x10000, args: "hi".into(), capfiles: vec![0] };
    let text = harness::boot_info::render(
        &[cvm(1, 0x300), cvm(2, 0x310)],
        &[CapfileSpec { name: 0, size: 0x1000, data: Some("x".into()) }],
    );
    let d = monitor::deploy::Deployment::from_toml(&text).expect("a valid deployment");
    let plan = monitor::plan::plan(&d, &harness::hostcalls::images_dir(), harness::hostcalls::DRAM_SIZE)
        .expect("plan accepts it");
    let (exit, out) = f.boot_plan(&plan).expect("the monitor accepts and runs it");
    assert_eq!(exit.status(), 0, "{out}");
    assert!(out.contains("[c1] Hello from a cVM! hi") && out.contains("[c2] Hello from a cVM! hi"), "{out}");
}

#[test]
fn an_accepted_table_is_checked_against_the_monitors_promises() {
    let f = BootFuzzer::new().expect("boot_info sets up");
    assert_eq!(harness::boot_info::table_problem(&f.patched(&[])), None);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x7e57),
        ..ProptestConfig::default()
    })]

    #[test]
    fn boot_tables(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let mut f = BootFuzzer::new().expect("boot_info sets up");
        if let Some(input) = decode::<BootInput>(&bytes) {
            let r = f.check(&input);
            prop_assert!(r.is_ok(), "{}\n{:?}", r.unwrap_err(), input);
        }
    }

    #[test]
    fn hart_steps(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Some(input) = decode::<HartInput>(&bytes) {
            let r = hart_step::check(&input);
            prop_assert!(r.is_ok(), "{}\n{:?}", r.unwrap_err(), input);
        }
    }

    #[test]
    fn cap_ops(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Some(input) = decode::<CapInput>(&bytes) {
            let r = cap_ops::check(&input);
            prop_assert!(r.is_ok(), "{}\n{:?}", r.unwrap_err(), input);
        }
    }
}
