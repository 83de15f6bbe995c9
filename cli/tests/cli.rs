//! The CLI contract of docs/cli.md: commands, JSON shapes, exit codes, error format.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crosscut"))
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data").join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run crosscut")
}

fn stdout_json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

fn compiled(dir: &Path) -> String {
    let out = dir.join("mini.xcut");
    let o = run(&["compile", data("mini.toml").to_str().unwrap(), "-o", out.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out.to_str().unwrap().to_string()
}

#[test]
fn compile_lookup_info_export() {
    let dir = tempfile::tempdir().unwrap();
    let art = compiled(dir.path());

    let o = run(&["lookup", &art, "Rough Cut", "--lang", "en", "--to", "fr,ja", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = stdout_json(&o);
    assert_eq!(v["mode"], "exact");
    let hit = &v["hits"][0];
    assert_eq!(hit["concept"]["id"], "prod.rough-cut");
    assert_eq!(hit["term"]["text"], "rough cut");
    assert_eq!(hit["term"]["status"], "preferred");
    let tr: Vec<&str> = hit["translations"].as_array().unwrap().iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(tr, ["premier montage", "ours", "ラフカット"]);
    assert_eq!(hit["translations"][1]["register"], "informal");

    let o = run(&["lookup", &art, "dubing", "--lang", "en", "--fuzzy", "1", "--json"]);
    assert_eq!(stdout_json(&o)["hits"][0]["distance"], 1);
    let o = run(&["lookup", &art, "rou", "--lang", "en", "--prefix", "--json"]);
    assert_eq!(stdout_json(&o)["hits"][0]["term"]["text"], "rough cut");
    let o = run(&["lookup", &art, "d.*g", "--lang", "en", "--regex", "--json"]);
    assert_eq!(stdout_json(&o)["hits"][0]["term"]["text"], "dubbing");
    let o = run(&["lookup", &art, "配音", "--lang", "zh-CN", "--to", "en", "--json"]);
    assert_eq!(stdout_json(&o)["hits"][0]["translations"][0]["text"], "dubbing");

    let o = run(&["lookup", &art, "nothing here", "--lang", "en", "--json"]);
    assert_eq!(o.status.code(), Some(1), "nothing found exits 1");
    assert_eq!(stdout_json(&o)["hits"].as_array().unwrap().len(), 0);

    let o = run(&["info", &art, "--json"]);
    let v = stdout_json(&o);
    assert_eq!(v["concepts"], 2);
    assert_eq!(v["languages"]["fr"], 2);
    assert_eq!(v["terms_per_language"]["fr"], 3);
    assert_eq!(v["notes"], 1);
    assert_eq!(v["format_version"], 2);
    assert_eq!(v["stemmed"], serde_json::json!(["de", "en", "fr"]));

    // Same file name, other directory: the artifact records source file names.
    std::fs::create_dir(dir.path().join("back")).unwrap();
    let exported = dir.path().join("back/mini.toml");
    let o = run(&["export", &art, "--format", "toml", "-o", exported.to_str().unwrap()]);
    assert!(o.status.success());
    let again = dir.path().join("again.xcut");
    let o = run(&["compile", exported.to_str().unwrap(), "-o", again.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(&art).unwrap(), std::fs::read(&again).unwrap(), "source -> artifact -> source is lossless");
}

#[test]
fn bad_input_exits_2_with_location_and_advice() {
    let dir = tempfile::tempdir().unwrap();
    let art = compiled(dir.path());
    let mut bytes = std::fs::read(&art).unwrap();
    bytes[40] ^= 0x55;
    let bad = dir.path().join("bad.xcut");
    std::fs::write(&bad, &bytes).unwrap();
    let o = run(&["lookup", bad.to_str().unwrap(), "x", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with(bad.to_str().unwrap()) && err.contains("checksum") && err.contains("crosscut compile"), "{err}");

    let src = dir.path().join("broken.toml");
    std::fs::write(&src, "[[concept]]\nid = \"a\"\n[concept.terms]\nen = { text = \"x\", staus = \"preferred\" }\n").unwrap();
    let o = run(&["compile", src.to_str().unwrap(), "-o", dir.path().join("o.xcut").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with(&format!("{}:4:20: unknown key \"staus\"", src.display())), "{err}");
    assert!(!dir.path().join("o.xcut").exists(), "no artifact on failure");

    let o = run(&["lookup", &art, "x", "--lang", "en", "--fuzzy", "5"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["lookup", &art]);
    assert_eq!(o.status.code(), Some(2), "usage errors exit 2");
    let o = run(&["compile", "notes.docx", "-o", "x.xcut"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format"));
}

#[test]
fn shipped_glossaries_compile_and_cover_the_core_languages() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../glossaries");
    let mut sources: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    sources.sort();
    assert!(!sources.is_empty());
    let out = dir.path().join("shipped.xcut");
    let mut args = vec!["compile".to_string()];
    args.extend(sources);
    args.extend(["-o".into(), out.to_str().unwrap().into(), "--quiet".into()]);
    let o = bin().args(&args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let info = stdout_json(&run(&["info", out.to_str().unwrap(), "--json"]));
    let concepts = info["concepts"].as_u64().unwrap();
    assert!(concepts >= 60, "{concepts} concepts");
    for lang in ["en", "fr", "de", "es", "zh-Hans", "ja"] {
        let n = info["languages"][lang].as_u64().unwrap_or(0);
        assert!(n * 10 >= concepts * 8, "{lang}: {n} of {concepts} concepts");
    }
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = bin()
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn annotate_json_lines_count_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let art = compiled(dir.path());
    let o = run_stdin(&["annotate", &art, "--lang", "en", "--to", "fr", "--json"], "😀 The ROUGH cut.\r\nno terms\rour dubbing\n".as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<serde_json::Value> =
        String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "CRLF, CR and LF all end lines");
    let m = &lines[0]["matches"][0];
    assert_eq!(m["text"], "ROUGH cut");
    assert_eq!((m["start"].as_u64(), m["end"].as_u64()), (Some(9), Some(18)));
    assert_eq!((m["start_utf16"].as_u64(), m["end_utf16"].as_u64()), (Some(7), Some(16)));
    assert_eq!((m["start_char"].as_u64(), m["end_char"].as_u64()), (Some(6), Some(15)));
    assert_eq!(m["concept"], "prod.rough-cut");
    assert_eq!(m["term"], "rough cut");
    assert_eq!(m["status"], "preferred");
    assert_eq!(m["how"], "normalized");
    assert_eq!(m["translations"][0]["text"], "premier montage");
    assert_eq!(lines[1]["matches"].as_array().unwrap().len(), 0);
    assert_eq!(lines[2]["matches"][0]["how"], "exact");
    assert_eq!(lines[2]["line"], 3);

    let o = run_stdin(&["annotate", &art, "-", "--lang", "en", "--count"], b"rough cut and dubbing\nnothing\n");
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "2 matches in 2 lines");
    let o = run_stdin(&["annotate", &art, "--lang", "en", "--count"], b"nothing at all\n");
    assert_eq!(o.status.code(), Some(1), "no match exits 1");

    let o = run_stdin(&["annotate", &art, "--lang", "en"], b"fine\ncaf\xe9 bad\n");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&o.stderr).trim(), "<stdin>:2:4: invalid UTF-8 on line 2; save the file as UTF-8 (or name its encoding)");
    let o = run_stdin(&["annotate", &art, "--lang", "fr", "--encoding", "windows-1252", "--count"], b"le doublage \xe9tait\n");
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "1 matches in 1 lines");
    let o = run_stdin(&["annotate", &art, "--lang", "en", "--count"], b"\xff\xfer\x00o\x00u\x00g\x00h\x00 \x00c\x00u\x00t\x00");
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "1 matches in 1 lines", "UTF-16 with a BOM");

    let mut huge = b"ok\n".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 10 << 20));
    huge.extend(b"\nrough cut\n");
    let o = run_stdin(&["annotate", &art, "--lang", "en"], &huge);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("<stdin>:2: line length in bytes (--max-line) exceeds the limit of 1048576"), "{err}");
}

#[test]
fn lint_reports_errors_with_locations_and_compile_refuses_them() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("g.toml");
    std::fs::write(&src, "[[concept]]\nid = \"a\"\nrelated = [\"nope\"]\n[concept.terms]\nen = \"x\"\n").unwrap();
    let o = run(&["lint", src.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with(&format!("{}:2:6: error[lint.broken-reference]:", src.display())), "{out}");
    let o = run(&["lint", dir.path().to_str().unwrap(), "--json"]);
    let v = stdout_json(&o);
    assert_eq!((v["errors"].as_u64(), v["files"].as_u64()), (Some(1), Some(1)));
    assert_eq!(v["messages"][0]["code"], "lint.broken-reference");

    let out_art = dir.path().join("g.xcut");
    let o = run(&["compile", src.to_str().unwrap(), "-o", out_art.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "lint errors refuse the build");
    assert!(String::from_utf8_lossy(&o.stderr).contains("lint.broken-reference"));
    assert!(!out_art.exists());
    let o = run(&["compile", src.to_str().unwrap(), "-o", out_art.to_str().unwrap(), "--no-lint", "--quiet"]);
    assert!(o.status.success());

    std::fs::write(&src, "[[concept]]\nid = \"a\"\n[concept.terms]\nen = \"x\"\n").unwrap();
    assert_eq!(run(&["lint", src.to_str().unwrap()]).status.code(), Some(0));
}

#[test]
fn compile_reads_every_shared_tbx_and_csv_sample() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/samples");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.xcut");
    let mut compiled = 0;
    for (sub, extra) in [("tbx", &[][..]), ("csv", &["--languages", "en,fr"][..])] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(samples.join(sub)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let format = match f.extension().and_then(|e| e.to_str()) {
                Some("tbx") => "tbx",
                Some("csv") => "csv",
                _ => "tsv",
            };
            let mut args = vec!["compile", f.to_str().unwrap(), "-o", out.to_str().unwrap(), "--format", format, "--quiet"];
            args.extend(extra);
            let o = run(&args);
            assert!(o.status.success(), "{}: {}", f.display(), String::from_utf8_lossy(&o.stderr));
            let info = stdout_json(&run(&["info", out.to_str().unwrap(), "--json"]));
            assert!(info["concepts"].as_u64().unwrap() > 0, "{}", f.display());
            compiled += 1;
        }
    }
    assert_eq!(compiled, 17, "12 TBX and 5 CSV/TSV samples");
}
