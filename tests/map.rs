//! `capvm map deploy.toml --svg FILE`: the picture has every region with its label and
//! bounds, the capfiles, a card per cVM with the PCC and DDC the machine gave it, and lines
//! from each tagged capability to the regions it reaches; it is well-formed XML.

mod common;
use common::capvm;

fn map(deployment: &str, name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("capvm-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let o = capvm(&["map", deployment, "--svg", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read_to_string(&path).unwrap()
}

/// Elements opened and closed in order (a small check of well-formedness: no XML crate).
fn balanced(svg: &str) -> bool {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("tag closed");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            if stack.pop().as_deref() != Some(name.trim()) {
                return false;
            }
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap().to_string());
        }
    }
    stack.is_empty()
}

fn count(s: &str, pat: &str) -> usize {
    s.matches(pat).count()
}

#[test]
fn isolation_map_has_every_region_and_each_cvms_capabilities() {
    let svg = map("examples/isolation.toml", "isolation.svg");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert!(balanced(&svg), "{svg}");
    assert_eq!(count(&svg, "<g class=\"region monitor\">"), 1);
    assert_eq!(count(&svg, "<g class=\"region cvm\">"), 4);
    assert_eq!(count(&svg, "<g class=\"card\""), 4);
    for (name, base) in
        [("alice", 0x8040_0000u64), ("mallory", 0x8050_0000), ("eve", 0x8060_0000), ("bob", 0x8070_0000)]
    {
        let top = base + 0x10_0000;
        assert!(svg.contains(&format!("cVM &quot;{name}&quot;</text><text x=\"28\"")), "{name}");
        assert!(svg.contains(&format!("[{base:#x}, {top:#x})  1 MiB")), "{name}");
        // The DDC the monitor gave it covers exactly its region, with no Execute and no ASR.
        assert!(svg.contains(&format!("DDC   tagged rw-RW-G----- [{base:#x}, {top:#x})")), "{name}:\n{svg}");
    }
    assert!(svg.contains("monitor (image, stack, boot information)"));
    assert!(svg.contains("[0x80000000, 0x80200000)  2 MiB"));
    assert!(svg.contains("PCC   tagged r-x---G----- [0x80400000, 0x80400"), "{svg}");
    // One line per tagged PCC and DDC, when each cVM first ran and when it last left (all to
    // its own region): 4 cVMs x 2 moments x 2 capabilities, and no other tagged register.
    assert_eq!(count(&svg, "class=\"reach\""), 16, "{svg}");
    assert_eq!(count(&svg, "when it first runs:"), 4);
}

/// CAP_File in the picture: the consumer is seen holding a capability to the "greeting"
/// capfile and one to the buffer the producer advertised from its own region.
#[test]
fn capfile_map_shows_the_shared_capabilities() {
    let svg = map("examples/capfile.toml", "capfile.svg");
    assert!(balanced(&svg), "{svg}");
    assert_eq!(count(&svg, "<g class=\"region capfile\">"), 1);
    assert!(svg.contains("capfile &quot;greeting&quot;"));
    let consumer = &svg[svg.find("data-cvm=\"consumer\"").unwrap()..];
    assert!(consumer.contains("and at some trap to the monitor in between:"), "{consumer}");
    assert!(consumer.contains("tagged rw----G----- [0x87fff000, 0x88000000)"), "{consumer}");
    assert!(consumer.contains("tagged rw----G----- [0x80400"), "a buffer in the producer's region:\n{consumer}");
}
