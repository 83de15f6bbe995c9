//! Replays `fuzz/regressions/TARGET/*`: inputs that once crashed a fuzz target
//! (or were crafted to), through the same calls as the target, in the normal
//! test suite. Each must end in `Ok` or an `Err`, never a panic.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;

use crosscut::artifact::{FORMAT_VERSION, MAGIC};
use crosscut::sources::csv::{read_csv, CsvOptions};
use crosscut::sources::pairs::{read_pairs, PairOptions};
use crosscut::{AnnotateOptions, Glossary, GlossaryBuilder, LookupOptions, MatchMode, Memory, SearchOptions};

const REGRESSIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz/regressions");

/// As `crosscut_fuzz::wrap`: a valid header of `kind`, the input, a valid CRC.
fn wrap(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&[kind, 0]);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(body);
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

fn use_glossary(g: &Glossary, text: &str) {
    for mode in [
        MatchMode::Exact,
        MatchMode::Prefix,
        MatchMode::Fuzzy(1),
        MatchMode::Fuzzy(2),
        MatchMode::Regex,
    ] {
        let q: String = text.chars().take(24).collect();
        let _ = g.lookup(&q, &LookupOptions::new("en").mode(mode));
    }
    for lang in ["en", "ja", "zh-Hans"] {
        let options = AnnotateOptions::new(lang);
        let (found, spans) = (g.annotate(text, &options), g.find_terms(text, &options));
        // As the fuzz targets check: find_terms finds annotate's matches, and
        // fails only where annotate does (annotate also decodes concepts).
        if let (Ok(found), Ok(spans)) = (&found, &spans) {
            let got: Vec<_> = spans.iter().map(|t| (t.span, g.concept(t.concept).map(|c| c.id).ok())).collect();
            let want: Vec<_> = found.iter().map(|a| (a.span, Some(a.concept.id.clone()))).collect();
            assert_eq!(got, want);
        }
        assert!(found.is_err() || spans.is_ok());
    }
    for c in g.concepts() {
        let _ = c;
    }
}

fn compile_and_use(imported: &crosscut::sources::Imported) {
    let mut b = GlossaryBuilder::new();
    for c in &imported.concepts {
        let _ = b.add(c.clone());
    }
    if let Ok(bytes) = b.build() {
        use_glossary(&Glossary::from_bytes(bytes).unwrap(), "elder brother");
    }
}

fn replay(target: &str, data: &[u8]) {
    match target {
        "toml" => {
            if let Ok(i) = crosscut::sources::toml::read_toml(data, &None) {
                compile_and_use(&i);
            }
        }
        "csv" => {
            if let Ok(i) = read_csv(data, &None, &CsvOptions::default()) {
                compile_and_use(&i);
            }
            let _ = read_pairs(data, &None, &PairOptions::tsv("en", "fr"));
        }
        "tbx" => {
            if let Ok(i) = crosscut::sources::tbx::read_tbx(data, &None) {
                compile_and_use(&i);
            }
        }
        "tmx" => {
            let _ = crosscut::sources::tmx::read_tmx(data, &None);
            let _ =
                crosscut::sources::tmx::read_tmx_from(std::io::BufReader::with_capacity(7, data), &None, |_| Ok(()));
        }
        "artifact_open" => {
            if let Ok(g) = Glossary::from_bytes(wrap(1, data)) {
                use_glossary(&g, "My elder brother watched the dailies: break a leg!");
            }
        }
        "memory_open" => {
            if let Ok(m) = Memory::from_bytes(wrap(2, data)) {
                let _ = m.search("Quiet on set, please.", &SearchOptions::new("en", "fr"));
                for u in m.units() {
                    let _ = u;
                }
            }
        }
        other => panic!("fuzz/regressions/{other}: no such fuzz target"),
    }
}

#[test]
fn every_recorded_fuzz_input_is_handled() {
    let root = Path::new(REGRESSIONS);
    let mut replayed = 0;
    for target in std::fs::read_dir(root).unwrap() {
        let target = target.unwrap().path();
        if !target.is_dir() {
            continue;
        }
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for input in std::fs::read_dir(&target).unwrap() {
            let input = input.unwrap().path();
            let data = std::fs::read(&input).unwrap();
            replay(&name, &data);
            replayed += 1;
        }
    }
    assert!(replayed > 0, "nothing in {REGRESSIONS}");
}
