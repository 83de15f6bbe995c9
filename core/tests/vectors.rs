//! Runs the cross-surface vectors of tests/vectors/ (the Python and JS suites run the same files).

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};

use crosscut::sources::toml::read_toml;
use crosscut::{AnnotateOptions, Glossary, GlossaryBuilder};
use serde_json::Value;

fn vectors(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vectors in {}", dir.display());
    files
}

fn glossary(vector_file: &Path, rel: &str) -> Glossary {
    let path = vector_file.parent().unwrap().join(rel);
    let bytes = std::fs::read(&path).unwrap();
    let mut b = GlossaryBuilder::new();
    b.add_imported(read_toml(&bytes, &Some(path.display().to_string().into())).unwrap()).unwrap();
    Glossary::from_bytes(b.build().unwrap()).unwrap()
}

#[test]
fn annotate_vectors() {
    let mut ran = 0;
    for file in vectors("annotate") {
        let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let g = glossary(&file, doc["glossary"].as_str().unwrap());
        for case in doc["cases"].as_array().unwrap() {
            let name = case["name"].as_str().unwrap();
            let text = case["text"].as_str().unwrap();
            let mut opts = AnnotateOptions::new(case["lang"].as_str().unwrap());
            opts.overlapping = case["options"]["overlapping"].as_bool().unwrap_or(false);
            if let Some(to) = case["options"]["to"].as_array() {
                opts.to = to.iter().map(|t| t.as_str().unwrap().to_string()).collect();
            }
            let got = g.annotate(text, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
            // find_terms finds the same matches, without decoding concepts.
            let spans = g.find_terms(text, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(spans.len(), got.len(), "{name}: find_terms and annotate disagree");
            for (t, a) in spans.iter().zip(&got) {
                let c = g.concept(t.concept).unwrap();
                assert_eq!((t.span, c.id.as_str(), t.status), (a.span, a.concept.id.as_str(), a.status), "{name}");
                assert_eq!(c.terms[t.term as usize], *a.term, "{name}");
                assert_eq!(t.inflected, a.how == crosscut::MatchKind::Inflected, "{name}");
            }
            let got: Vec<Value> = got
                .iter()
                .map(|a| {
                    assert_eq!(&text[a.span.start..a.span.end], a.text, "{name}: byte span slices the match");
                    let mut v = serde_json::json!({
                        "text": a.text, "start": a.span.start, "end": a.span.end,
                        "start_utf16": a.span.start_utf16, "end_utf16": a.span.end_utf16,
                        "start_char": a.span.start_char, "end_char": a.span.end_char,
                        "concept": a.concept.id, "term": a.term.text, "status": a.status, "how": a.how,
                    });
                    if !a.preferred.is_empty() {
                        v["preferred"] = a.preferred.iter().map(|t| t.text.clone()).collect();
                    }
                    v
                })
                .collect();
            assert_eq!(Value::Array(got), case["expect"], "{} / {name}", file.display());
            ran += 1;
        }
    }
    assert!(ran > 0);
}
