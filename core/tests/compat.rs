//! Artifacts of every supported format version, committed once and never
//! regenerated, still open and answer as they did.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use crosscut::{Glossary, LookupOptions};

#[test]
fn v1_opens_and_answers() {
    let bytes = include_bytes!("data/artifacts/v1.xcut");
    let g = Glossary::from_bytes(bytes.as_slice()).unwrap();
    assert_eq!(g.info().format_version, 1);
    assert_eq!(g.len(), 2);
    let hits = g.lookup("rough cut", &LookupOptions::new("en").to(["fr"])).unwrap();
    assert_eq!(hits[0].concept.id, "prod.rough-cut");
    assert_eq!(hits[0].translations[0].text, "premier montage");
}

#[test]
fn v1_annotates_without_inflection_tolerance() {
    let g = Glossary::from_bytes(include_bytes!("data/artifacts/v1.xcut").as_slice()).unwrap();
    assert!(g.info().stemmed.is_empty());
    let opts = crosscut::AnnotateOptions::new("en");
    assert_eq!(g.annotate("the rough cut", &opts).unwrap().len(), 1);
    assert!(g.annotate("two rough cuts", &opts).unwrap().is_empty(), "v1 has no stem index");
}
