//! `crosscut compile` killed (SIGKILL) at random moments, over and over: the
//! target always holds the previous artifact or the complete new one, and it
//! opens and verifies. (`tm import --append` has the same test in tm.rs.)
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crosscut::Glossary;

fn glossary_source(concepts: usize, tag: &str) -> String {
    let mut s = String::new();
    for i in 0..concepts {
        s.push_str(&format!(
            "[[concept]]\nid = \"{tag}.{i}\"\ncultural_note = \"Note {i} of the {tag} set, long enough to fill a record.\"\n\
             [concept.terms]\nen = [\"{tag} term {i}\", \"{tag} synonym {i}\"]\nfr = \"terme {tag} {i}\"\nja = \"用語{i}\"\n\n"
        ));
    }
    s
}

fn compile(source: &Path, output: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_crosscut"));
    c.args([
        "compile",
        source.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--quiet",
        "--no-lint",
    ]);
    c
}

#[test]
fn killed_compiles_leave_the_old_or_the_new_artifact() {
    let dir = tempfile::tempdir().unwrap();
    let old_src = dir.path().join("old.toml");
    let new_src = dir.path().join("new.toml");
    std::fs::write(&old_src, glossary_source(50, "old")).unwrap();
    std::fs::write(&new_src, glossary_source(150, "new")).unwrap();

    let target = dir.path().join("target.xcut");
    assert!(compile(&old_src, &target).status().unwrap().success());
    let old_bytes = std::fs::read(&target).unwrap();
    let started = Instant::now();
    assert!(compile(&new_src, &target).status().unwrap().success());
    let full = started.elapsed();
    let new_bytes = std::fs::read(&target).unwrap();
    assert_ne!(old_bytes, new_bytes);

    let seed = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64)
        | 1;
    let mut state = seed;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut saw_old, mut saw_new, mut leftovers) = (0, 0, 0);
    let budget = Instant::now();
    let mut runs = 0;
    while runs < 100 || (runs < 200 && budget.elapsed() < Duration::from_secs(20)) {
        std::fs::write(&target, &old_bytes).unwrap();
        let mut child = compile(&new_src, &target).spawn().unwrap();
        // Anywhere from process start to a little past a whole run.
        let wait = Duration::from_micros(next() % (full.as_micros() as u64 * 12 / 10 + 1));
        std::thread::sleep(wait);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let now = std::fs::read(&target).unwrap();
        let expect = if now == old_bytes {
            saw_old += 1;
            &old_bytes
        } else if now == new_bytes {
            saw_new += 1;
            &new_bytes
        } else {
            panic!(
                "seed {seed}, run {runs} (killed after {wait:?}): the target is neither the old nor the new artifact"
            );
        };
        let g = Glossary::open(&target).unwrap_or_else(|e| panic!("seed {seed}, run {runs}: {e}"));
        assert_eq!(g.info().bytes, expect.len() as u64);
        // A killed writer may leave its temporary file (`.target.xcut.PID.N.tmp`,
        // documented in docs/security.md); it is never the target.
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") {
                assert!(name.starts_with(".target.xcut."), "unexpected temporary file {name}");
                std::fs::remove_file(dir.path().join(name)).unwrap();
                leftovers += 1;
            }
        }
        runs += 1;
    }
    eprintln!(
        "{runs} kills: {saw_old} left the old artifact, {saw_new} the new one, {leftovers} left a temporary file \
         (a whole run takes {full:?})"
    );
    assert!(runs >= 100);
    assert!(
        saw_old > 0,
        "no kill landed before the rename; the test exercises nothing"
    );
}
