//! `crosscut check`, `pretranslate` and `align`: the contract of docs/cli.md and docs/check.md.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/data/check")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscut"))
        .args(args)
        .output()
        .expect("run crosscut")
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn glossary(dir: &Path) -> String {
    let out = dir.join("check.xcut");
    ok(&run(&[
        "compile",
        &data("glossary.toml"),
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    out.to_str().unwrap().to_string()
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_string()
}

#[test]
fn check_exit_codes_and_table() {
    let dir = tempfile::tempdir().unwrap();
    let art = glossary(dir.path());
    let clean = run(&[
        "check",
        &art,
        &data("clean.en.srt"),
        &data("clean.fr.srt"),
        "--src",
        "en",
        "--tgt",
        "fr",
    ]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    assert!(String::from_utf8_lossy(&clean.stdout).starts_with("0 finding(s)"));

    let o = run(&[
        "check",
        &art,
        &data("problems.en.srt"),
        &data("problems.fr.srt"),
        "--src",
        "en",
        "--tgt",
        "fr-FR",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let table = String::from_utf8(o.stdout).unwrap();
    assert!(table.starts_with("CUE   TIME"), "{table}");
    assert!(table.contains("forbidden-term"), "{table}");
    assert!(table.contains("→ premier montage"), "{table}");
    assert!(
        table.contains("16 finding(s): 6 error(s), 10 warning(s), 0 info"),
        "{table}"
    );

    // Bad input: exit 2 with file:line.
    let bad = dir.path().join("bad.srt");
    std::fs::write(&bad, "1\n00:00:01 --> 00:00:02\nHi\n").unwrap();
    let o = run(&[
        "check",
        &art,
        &data("clean.en.srt"),
        bad.to_str().unwrap(),
        "--src",
        "en",
        "--tgt",
        "fr",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("bad.srt:2: SRT is not well-formed"), "{err}");
    // A WebVTT file without its signature is rejected as a whole.
    let bad = dir.path().join("bad.vtt");
    std::fs::write(&bad, "WEBVTT-ish\n\n00:01.000 --> 00:02.000\nHi\n").unwrap();
    let o = run(&[
        "check",
        &art,
        bad.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--src",
        "en",
        "--tgt",
        "fr",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("bad.vtt:1: not a WebVTT file: the first line is \"WEBVTT-ish\""),
        "{err}"
    );
    // Config errors too.
    let config = dir.path().join("qa.toml");
    std::fs::write(&config, "[rules]\nspeling = \"off\"\n").unwrap();
    let o = run(&[
        "check",
        &art,
        &data("clean.en.srt"),
        &data("clean.fr.srt"),
        "--src",
        "en",
        "--tgt",
        "fr",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("qa.toml:2:1: unknown rule \"speling\""),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn check_json_html_and_config() {
    let dir = tempfile::tempdir().unwrap();
    let art = glossary(dir.path());
    let html = path(dir.path(), "report.html");
    let config = dir.path().join("qa.toml");
    std::fs::write(
        &config,
        "[rules]\nforbidden-term = \"warning\"\nterm-missing = \"off\"\n",
    )
    .unwrap();
    let o = run(&[
        "check",
        &art,
        &data("problems.en.srt"),
        &data("problems.fr.srt"),
        "--src",
        "en",
        "--tgt",
        "fr-FR",
        "--json",
        "--html",
        &html,
        "--config",
        config.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "untranslated, numbers, do-not-translate and overlap are still errors"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    for f in findings {
        for key in [
            "rule",
            "severity",
            "cue",
            "message",
            "suggestion",
            "time",
            "source_span",
            "target_span",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()));
    }
    assert!(findings.iter().all(|f| f["rule"] != "term-missing"));
    let forbidden = findings.iter().find(|f| f["rule"] == "forbidden-term").unwrap();
    assert_eq!(
        (forbidden["severity"].as_str(), forbidden["cue"].as_u64()),
        (Some("warning"), Some(2))
    );
    assert_eq!(v["summary"]["target_cues"], 18);
    assert_eq!(v["pairing"], "overlap");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<h3 id=\"rule-forbidden-term\">forbidden-term (1)</h3>"));
    assert!(page.contains("Cues side by side"));
}

#[test]
fn align_then_pretranslate() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = path(dir.path(), "film.tmx");
    let o = run(&[
        "align",
        &data("clean.en.srt"),
        &data("clean.fr.srt"),
        "--src",
        "en",
        "--tgt",
        "fr",
        "-o",
        &tmx,
    ]);
    ok(&o);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("6 unit(s)"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&tmx).unwrap();
    assert!(
        text.contains("<seg>Le premier montage est pour vendredi.</seg>"),
        "{text}"
    );

    // Into a memory artifact, then again to add to it.
    let mem = path(dir.path(), "film.xcut");
    ok(&run(&[
        "align",
        &data("clean.en.srt"),
        &data("clean.fr.srt"),
        "--src",
        "en",
        "--tgt",
        "fr",
        "-o",
        &mem,
        "-q",
    ]));
    ok(&run(&[
        "align",
        &data("problems.en.srt"),
        &data("problems.fr.srt"),
        "--src",
        "en",
        "--tgt",
        "fr",
        "-o",
        &mem,
        "-q",
    ]));
    let o = run(&[
        "tm",
        "search",
        &mem,
        "Where is the camera?",
        "--src",
        "en",
        "--tgt",
        "fr",
        "--json",
    ]);
    ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["results"][0]["score"], 100, "{v}");
    let o = run(&[
        "tm",
        "search",
        &mem,
        "Send the DCP to 3 cinemas.",
        "--src",
        "en",
        "--tgt",
        "fr",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["results"][0]["score"], 100, "{v}");
    // A memory of the clean pair alone, for the round trip below.
    let clean = path(dir.path(), "clean.xcut");
    ok(&run(&[
        "align",
        &data("clean.en.srt"),
        &data("clean.fr.srt"),
        "--src",
        "en",
        "--tgt",
        "fr",
        "-o",
        &clean,
        "-q",
    ]));

    // Pretranslate the problem file's source from the clean memory: exact, fuzzy and missing cues.
    let glossary = glossary(dir.path());
    let out = PathBuf::from(path(dir.path(), "pre.fr.vtt"));
    let o = run(&[
        "pretranslate",
        &glossary,
        &data("problems.en.srt"),
        "--src",
        "en",
        "--tgt",
        "fr",
        "-o",
        out.to_str().unwrap(),
        "--tm",
        &tmx,
        "--min",
        "70",
        "--json",
    ]);
    ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["cues"], 18);
    assert!(v["summary"]["exact"].as_u64().unwrap() >= 3, "{v}");
    assert_eq!(v["fills"][1]["kind"], "exact");
    let vtt = std::fs::read_to_string(&out).unwrap();
    assert!(vtt.starts_with("WEBVTT\n\n"), "{vtt}");
    assert!(
        vtt.contains("00:00:05.200 --> 00:00:09.000\nLe premier montage est pour vendredi.\n"),
        "{vtt}"
    );

    // The contract form without --tm needs an artifact that holds a memory.
    let o = run(&[
        "pretranslate",
        &glossary,
        &data("problems.en.srt"),
        "--src",
        "en",
        "--tgt",
        "fr",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "pretranslate",
        &clean,
        &data("clean.en.srt"),
        "--src",
        "en",
        "--tgt",
        "fr",
        "-o",
        &path(dir.path(), "pre.srt"),
    ]);
    ok(&o);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("6 exact, 0 fuzzy, 0 not found"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // The same file back, but for a line the memory holds on one line and that fits on one.
    let expected = std::fs::read_to_string(data("clean.fr.srt"))
        .unwrap()
        .replace("frères\nont", "frères ont");
    assert_eq!(std::fs::read_to_string(path(dir.path(), "pre.srt")).unwrap(), expected);
}
