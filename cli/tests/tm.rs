//! The `crosscut tm` contract of docs/cli.md: JSON shapes, exit codes, and
//! atomic saves under SIGKILL.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/samples/");

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscut")).args(args).output().expect("run crosscut")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

fn imported(dir: &Path) -> String {
    let out = dir.join("tm.xcut").to_str().unwrap().to_string();
    let a = format!("{SAMPLES}tmx/okapi_sample14b.tmx");
    let b = format!("{SAMPLES}tmx/lisa_ImportTest2A_utf16le.tmx");
    let o = run(&["tm", "import", &a, &b, "-o", &out, "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

#[test]
fn import_search_concordance_export() {
    let dir = tempfile::tempdir().unwrap();
    let art = imported(dir.path());

    let o = run(&["tm", "search", &art, "Touch Retry to resume the procedure", "--src", "en", "--tgt", "de", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["query"], "Touch Retry to resume the procedure");
    let r = &v["results"][0];
    assert_eq!(r["score"], 99);
    assert_eq!(r["band"], "95-99");
    assert_eq!(r["source"], "Touch Retry to resume the procedure.");
    assert_eq!(r["target"], "Zur Fortsetzung des Verfahrens 'Wiederholen' drücken.");
    assert_eq!(r["target_lang"], "de-DE");
    assert_eq!(r["repaired"], false);
    assert_eq!(r["diff"][1]["op"], "delete");
    assert_eq!(r["diff"][1]["text"], ".");
    assert_eq!(r["origin"]["file"], "okapi_sample14b.tmx");

    let o = run(&["tm", "search", &art, "Touch Retry.", "--src", "en", "--tgt", "de", "--json", "--min", "100", "--top", "1"]);
    let v = json(&o);
    assert_eq!(v["results"].as_array().unwrap().len(), 1);
    assert_eq!(v["results"][0]["band"], "100");

    let o = run(&["tm", "search", &art, "nothing like it", "--src", "en", "--tgt", "de", "--json"]);
    assert_eq!(o.status.code(), Some(1), "nothing found exits 1");
    assert_eq!(json(&o)["results"].as_array().unwrap().len(), 0);

    let queries = dir.path().join("q.txt");
    std::fs::write(&queries, "Touch Retry.\n\nThe big black cat sleeps.\nno such thing at all\n").unwrap();
    let o = run(&["tm", "search", &art, "--queries", queries.to_str().unwrap(), "--src", "en", "--tgt", "fr"]);
    assert_eq!(o.status.code(), Some(0));
    let lines: Vec<serde_json::Value> =
        String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "one JSON line per query");
    assert_eq!(lines[1]["results"][0]["target"], "Le gros {2}chat{/2} {1}noir{/1} dors.");
    assert_eq!(lines[1]["results"][0]["score"], 96, "four codes missing");
    assert!(lines[2]["results"].as_array().unwrap().is_empty());

    let o = run(&["tm", "concordance", &art, "the procedure", "--lang", "en", "--tgt", "de", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    let hit = &v["hits"][0];
    let text = hit["text"].as_str().unwrap();
    let (s, e) = (hit["highlights"][0]["start"].as_u64().unwrap() as usize, hit["highlights"][0]["end"].as_u64().unwrap() as usize);
    assert_eq!(&text[s..e], "the procedure");
    assert!(hit["other"].is_string());
    let o = run(&["tm", "concordance", &art, "unheard of", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));

    // Export → import gives the same units.
    let tmx = dir.path().join("back.tmx");
    let o = run(&["tm", "export", &art, "--format", "tmx", "-o", tmx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let again = dir.path().join("again.xcut");
    let o = run(&["tm", "import", tmx.to_str().unwrap(), "-o", again.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let units = |p: &str| crosscut::Memory::open(p).unwrap().units().collect::<Result<Vec<_>, _>>().unwrap();
    assert_eq!(units(&art), units(again.to_str().unwrap()));

    let o = run(&["tm", "export", &art, "--format", "tsv", "--tgt", "de", "-o", "-"]);
    let tsv = String::from_utf8(o.stdout).unwrap();
    assert_eq!(tsv.lines().count(), 24);
    assert!(tsv.starts_with("Confirm that the AC line is in the AC fluid detector.\tSicherstellen"));
}

#[test]
fn tsv_pairs_and_append() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("pairs.tsv");
    std::fs::write(&tsv, "Roll camera!\tMoteur !\nCut!\tCoupez !\n").unwrap();
    let art = dir.path().join("p.xcut");
    let (tsv, art_s) = (tsv.to_str().unwrap(), art.to_str().unwrap());
    let o = run(&["tm", "import", tsv, "-o", art_s]);
    assert_eq!(o.status.code(), Some(2), "pairs need --src and --tgt");
    assert!(String::from_utf8_lossy(&o.stderr).contains("--src"), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["tm", "import", tsv, "-o", art_s, "--src", "en", "--tgt", "fr", "--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    let more = dir.path().join("more.tsv");
    std::fs::write(&more, "Roll sound!\tSon !\n").unwrap();
    let o = run(&["tm", "import", more.to_str().unwrap(), "-o", art_s, "--src", "en", "--tgt", "fr", "--append", "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["tm", "search", art_s, "Roll sound!", "--src", "en", "--tgt", "fr", "--json", "--min", "100"]);
    assert_eq!(json(&o)["results"][0]["target"], "Son !");
    assert_eq!(crosscut::Memory::open(&art).unwrap().len(), 3);
}

#[test]
fn bad_input_exits_2_with_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.xcut");
    for (file, code) in [
        ("bad/tmx/made_billion_laughs.tmx", "xml.entity"),
        ("bad/tmx/made_truncated.tmx", "tmx.syntax"),
        ("bad/tmx/made_latin1-declared-utf8.tmx", "tmx.encoding"),
    ] {
        let o = run(&["tm", "import", &format!("{SAMPLES}{file}"), "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{file}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(file) && err.contains(".tmx:"), "{file}: {err} ({code})");
    }
    assert!(!out.exists());
    let o = run(&["tm", "search", "missing.xcut", "x", "--src", "en", "--tgt", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    let art = imported(dir.path());
    let o = run(&["tm", "search", &art, "x", "--src", "english!", "--tgt", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid language tag"));
    // A glossary artifact is not a memory.
    let g = dir.path().join("g.xcut");
    let toml = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/data/mini.toml");
    assert!(run(&["compile", toml, "-o", g.to_str().unwrap(), "--quiet"]).status.success());
    let o = run(&["tm", "search", g.to_str().unwrap(), "x", "--src", "en", "--tgt", "fr"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A writer killed at random moments of `tm import --append` (open, add,
/// compact, atomic save) leaves the old artifact or the new one, whole.
#[test]
fn killed_saves_leave_the_old_or_the_new_artifact() {
    let dir = tempfile::tempdir().unwrap();
    let base_tsv = dir.path().join("base.tsv");
    let extra_tsv = dir.path().join("extra.tsv");
    let mut base = String::new();
    for i in 0..3000 {
        base.push_str(&format!("Line {i} of the old reel, take {}.\tRéplique {i} de l'ancienne bobine.\n", i % 7));
    }
    std::fs::write(&base_tsv, base).unwrap();
    std::fs::write(&extra_tsv, "A brand new line.\tUne toute nouvelle réplique.\n").unwrap();
    let old = dir.path().join("old.xcut");
    let lang = ["--src", "en", "--tgt", "fr", "--quiet"];
    let o = run(&[&["tm", "import", base_tsv.to_str().unwrap(), "-o", old.to_str().unwrap()][..], &lang[..]].concat());
    assert!(o.status.success());
    let old_bytes = std::fs::read(&old).unwrap();
    let target = dir.path().join("target.xcut");
    let append = |path: &Path| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_crosscut"));
        c.args(["tm", "import", extra_tsv.to_str().unwrap(), "-o", path.to_str().unwrap(), "--append"]).args(lang);
        c
    };
    // The new artifact, and how long a whole run takes.
    std::fs::write(&target, &old_bytes).unwrap();
    let started = Instant::now();
    assert!(append(&target).status().unwrap().success());
    let full = started.elapsed();
    let new_bytes = std::fs::read(&target).unwrap();
    assert_ne!(old_bytes, new_bytes);

    let mut seed = (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64) | 1;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut saw_old, mut saw_new) = (0, 0);
    let budget = Instant::now();
    let mut runs = 0;
    while runs < 100 || (runs < 200 && budget.elapsed() < Duration::from_secs(15)) {
        std::fs::write(&target, &old_bytes).unwrap();
        let mut child = append(&target).spawn().unwrap();
        let wait = Duration::from_micros(next() % (full.as_micros() as u64 * 12 / 10 + 1));
        std::thread::sleep(wait);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let now = std::fs::read(&target).unwrap();
        if now == old_bytes {
            saw_old += 1;
        } else if now == new_bytes {
            saw_new += 1;
        } else {
            panic!("run {runs} (killed after {wait:?}): the target is neither the old nor the new artifact");
        }
        crosscut::Memory::open(&target).unwrap_or_else(|e| panic!("run {runs}: {e}"));
        // A killed writer may leave its temporary file; it is never the target.
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") {
                std::fs::remove_file(dir.path().join(name)).unwrap();
            }
        }
        runs += 1;
    }
    eprintln!("{runs} kills: {saw_old} left the old artifact, {saw_new} the new one (a whole run takes {full:?})");
    assert!(runs >= 100);
    assert!(saw_old > 0, "no kill landed before the rename; the test is not exercising anything");
}

#[test]
fn compile_bundles_a_memory_that_every_command_reads() {
    let dir = tempfile::tempdir().unwrap();
    let glossaries = concat!(env!("CARGO_MANIFEST_DIR"), "/../glossaries/production.toml");
    let tmx = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/memory/dialogue.en-fr.tmx");
    let art = dir.path().join("both.xcut").to_str().unwrap().to_string();
    // From a TMX file, and from a memory artifact: the same bundle.
    let o = run(&["compile", glossaries, "--no-lint", "--tm", tmx, "-o", &art, "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let tm = dir.path().join("tm.xcut").to_str().unwrap().to_string();
    assert_eq!(run(&["tm", "import", tmx, "-o", &tm, "--quiet"]).status.code(), Some(0));
    let again = dir.path().join("again.xcut").to_str().unwrap().to_string();
    assert_eq!(run(&["compile", glossaries, "--no-lint", "--tm", &tm, "-o", &again, "--quiet"]).status.code(), Some(0));
    assert_eq!(std::fs::read(&art).unwrap(), std::fs::read(&again).unwrap());

    let v = json(&run(&["info", &art, "--json"]));
    assert_eq!(v["memory"]["units"], 30);
    assert!(v["concepts"].as_u64().unwrap() > 10);
    let o = run(&["lookup", &art, "rough cut", "--lang", "en", "--to", "fr", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["tm", "search", &art, "The rough cut is due Friday.", "--src", "en", "--tgt", "fr", "--json"]);
    assert_eq!(json(&o)["results"][0]["score"], 100);

    // A glossary is not a memory: the error says what to do.
    let plain = dir.path().join("plain.xcut").to_str().unwrap().to_string();
    assert_eq!(run(&["compile", glossaries, "--no-lint", "-o", &plain, "--quiet"]).status.code(), Some(0));
    let o = run(&["compile", glossaries, "--no-lint", "--tm", &plain, "-o", &again, "--quiet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a translation memory"), "{}", String::from_utf8_lossy(&o.stderr));
}
