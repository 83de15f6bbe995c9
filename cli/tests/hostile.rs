//! Hostile input never changes the CLI's contract: exit 2 and one
//! `file:line:col: what; how to fix` message (artifacts: `file: what; how to
//! fix`), within seconds, and no output file.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/samples/");

fn run(args: &[&str]) -> Output {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_crosscut"))
        .args(args)
        .output()
        .expect("run crosscut");
    // Generous, for a debug build on a loaded machine: seconds, not minutes.
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{args:?} took {:?}",
        start.elapsed()
    );
    out
}

/// Asserts exit 2 and a `file:line:col: message` first line naming `file`;
/// returns the message.
fn refused_at(out: &Output, file: &Path) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let first = stderr.lines().next().unwrap_or_default();
    let rest = first
        .strip_prefix(&format!("{}:", file.display()))
        .unwrap_or_else(|| panic!("no file in {first:?}"));
    let mut parts = rest.splitn(3, ':');
    let line: u64 = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no line in {first:?}"));
    let col: u64 = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no column in {first:?}"));
    assert!(line > 0 && col > 0, "{first}");
    let message = parts.next().unwrap().trim().to_string();
    // Advice follows a `;`; a well-formedness error says what was expected instead.
    assert!(
        message.contains(';') || message.contains("not well-formed"),
        "no advice in {first:?}"
    );
    message
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn compile(src: &Path, out: &Path) -> Output {
    run(&["compile", src.to_str().unwrap(), "-o", out.to_str().unwrap(), "--quiet"])
}

#[test]
fn bad_xml_samples_exit_2_at_a_location() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.xcut");
    for (file, needle) in [
        ("bad/xml/defusedxml_xmlbomb.xml", "entit"),
        ("bad/xml/defusedxml_quadratic.xml", "entit"),
        ("bad/xml/defusedxml_cyclic.xml", "entit"),
        ("bad/xml/defusedxml_external.xml", "entit"),
        ("bad/xml/defusedxml_external_file.xml", "entit"),
        ("bad/tbx/made_xxe_martif.tbx", "entit"),
        ("bad/tbx/v3_ltac_poorly_formed_xml.tbx", ""),
        ("bad/tbx/v3_tbx-basic-package_notwellformed.tbx", ""),
        ("bad/tbx/v3_py-tbxv3_ill-formedheader.tbx", ""),
        ("bad/tbx/v3_py-tbxv3_badiso_wrong-namespace.tbx", "namespace"),
    ] {
        let src = PathBuf::from(format!("{SAMPLES}{file}"));
        let o = run(&[
            "compile",
            src.to_str().unwrap(),
            "--format",
            "tbx",
            "-o",
            out.to_str().unwrap(),
            "--quiet",
        ]);
        let message = refused_at(&o, &src);
        assert!(message.to_lowercase().contains(needle), "{file}: {message}");
        assert!(!out.exists(), "{file}: an artifact was written");
    }
    for file in [
        "bad/tmx/made_billion_laughs.tmx",
        "bad/tmx/made_truncated.tmx",
        "bad/tmx/made_latin1-declared-utf8.tmx",
    ] {
        let src = PathBuf::from(format!("{SAMPLES}{file}"));
        let o = run(&[
            "tm",
            "import",
            src.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--quiet",
        ]);
        refused_at(&o, &src);
        assert!(!out.exists(), "{file}: an artifact was written");
    }
}

#[test]
fn generated_hostile_sources_exit_2_at_a_location() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.xcut");
    let deep = 100_000;
    let nested = write(
        dir.path(),
        "deep.tbx",
        format!(
            "<martif type=\"TBX\">\n<text><body><termEntry id=\"c\">{}{}</termEntry></body></text></martif>",
            "<note>".repeat(deep),
            "</note>".repeat(deep)
        ),
    );
    assert!(refused_at(&compile(&nested, &out), &nested).contains("depth"));

    let term = write(
        dir.path(),
        "term.toml",
        format!(
            "[[concept]]\nid = \"c\"\n[concept.terms]\nen = \"{}\"\n",
            "t".repeat(1 << 20)
        ),
    );
    assert!(refused_at(&compile(&term, &out), &term).contains("term length"));

    let field = write(
        dir.path(),
        "field.csv",
        format!("en,fr\ncut,{}\n", "f".repeat(30 << 20)),
    );
    assert!(refused_at(&compile(&field, &out), &field).contains("CSV field"));

    let line = write(
        dir.path(),
        "line.tbx",
        format!("<martif><text><body>{}</body></text></martif>", "a".repeat(100 << 20)),
    );
    refused_at(&compile(&line, &out), &line);

    let utf8 = write(dir.path(), "bad.csv", b"en,fr\ncut,coup\xe9\n");
    assert!(refused_at(&compile(&utf8, &out), &utf8).contains("UTF-8"));

    let nul = write(dir.path(), "nul.csv", b"en,fr\ncut,cou\0pez\n");
    assert!(refused_at(&compile(&nul, &out), &nul).contains("NUL"));

    let utf16: Vec<u8> = "en,fr\ncut,coupez\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf16 = write(dir.path(), "utf16.csv", utf16);
    assert!(refused_at(&compile(&utf16, &out), &utf16).contains("UTF-16"));
    assert!(!out.exists());
}

#[test]
fn crafted_artifacts_exit_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = write(
        dir.path(),
        "g.toml",
        "[[concept]]\nid = \"c\"\n[concept.terms]\nen = [\"rough cut\", \"dailies\"]\nfr = \"premier montage\"\n",
    );
    let good = dir.path().join("good.xcut");
    assert_eq!(compile(&src, &good).status.code(), Some(0));
    let art = std::fs::read(&good).unwrap();
    let n = u16::from_le_bytes([art[8], art[9]]) as usize;
    let reseal = |mut b: Vec<u8>| {
        let body = b.len() - 4;
        let crc = crc32(&b[..body]);
        b[body..].copy_from_slice(&crc.to_le_bytes());
        b
    };
    let mut cases = Vec::new();
    for i in 0..n {
        let at = 12 + i * 20;
        let id = u16::from_le_bytes([art[at], art[at + 1]]);
        // A section claiming more than the file.
        let mut bad = art.clone();
        bad[at + 12..at + 20].copy_from_slice(&(1u64 << 62).to_le_bytes());
        cases.push(reseal(bad));
        // The keys fst's root address pointing past its end.
        if id == 2 {
            let off = u64::from_le_bytes(art[at + 4..at + 12].try_into().unwrap()) as usize;
            let size = u64::from_le_bytes(art[at + 12..at + 20].try_into().unwrap()) as usize;
            let mut bad = art.clone();
            bad[off + size - 12..off + size - 4].copy_from_slice(&(1u64 << 40).to_le_bytes());
            cases.push(reseal(bad));
        }
    }
    for (i, bytes) in cases.into_iter().enumerate() {
        let path = write(dir.path(), &format!("bad{i}.xcut"), bytes);
        for args in [vec!["info"], vec!["lookup"], vec!["annotate"]] {
            let mut full = args.clone();
            full.push(path.to_str().unwrap());
            match args[0] {
                "lookup" => full.extend(["rough cut", "--lang", "en"]),
                "annotate" => full.extend([src.to_str().unwrap(), "--lang", "en"]),
                _ => {}
            }
            let o = run(&full);
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{full:?}: {stderr}");
            let first = stderr.lines().next().unwrap_or_default();
            assert!(
                first.starts_with(&format!("{}: artifact is corrupt", path.display())),
                "{first}"
            );
            assert!(first.contains("crosscut compile"), "no advice: {first}");
        }
    }
}

/// CRC-32 (IEEE), as in the artifact footer.
fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xffff_ffffu32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}
