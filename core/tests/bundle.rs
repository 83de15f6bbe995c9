//! A glossary and a memory bundled into one artifact answer exactly as they do apart.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use crosscut::artifact::{bundle, Kind};
use crosscut::{
    Artifact, Concept, Glossary, GlossaryBuilder, LookupOptions, Memory, MemoryBuilder, SearchOptions, Term, Unit,
};

fn glossary() -> Vec<u8> {
    let mut b = GlossaryBuilder::new();
    let term = |text: &str, lang: &str| Term {
        text: text.into(),
        lang: lang.into(),
        ..Term::default()
    };
    for (id, en, fr) in [("a", "rough cut", "premier montage"), ("b", "dubbing", "doublage")] {
        b.add(Concept {
            id: id.into(),
            terms: vec![term(en, "en"), term(fr, "fr")],
            ..Concept::default()
        })
        .unwrap();
    }
    b.build().unwrap()
}

fn memory() -> Vec<u8> {
    let mut b = MemoryBuilder::new();
    b.add(Unit::pair(
        "en",
        "The rough cut is ready.",
        "fr",
        "Le premier montage est prêt.",
    ))
    .unwrap();
    b.add(Unit::pair(
        "en",
        "Dubbing starts on Monday.",
        "fr",
        "Le doublage commence lundi.",
    ))
    .unwrap();
    b.build().unwrap()
}

#[test]
fn a_bundle_answers_like_its_parts() {
    let (g, m) = (glossary(), memory());
    let both = bundle(&g, &m).unwrap();
    let apart = (
        Glossary::from_bytes(g.clone()).unwrap(),
        Memory::from_bytes(m.clone()).unwrap(),
    );
    let artifact = Artifact::from_bytes(both.clone()).unwrap();
    assert_eq!(artifact.kind(), Kind::Bundle);

    let opts = LookupOptions::new("en").to(["fr"]);
    let lookup = |g: &Glossary| g.lookup("Rough Cut", &opts).unwrap()[0].translations[0].text.clone();
    assert_eq!(lookup(artifact.glossary().unwrap()), lookup(&apart.0));
    assert_eq!(lookup(&Glossary::from_bytes(both.clone()).unwrap()), "premier montage");

    let search = SearchOptions::new("en", "fr");
    let tm = |m: &Memory| {
        m.search("The rough cut is ready!", &search)
            .unwrap()
            .iter()
            .map(|r| (r.score, r.target.segment.plain()))
            .collect::<Vec<_>>()
    };
    assert_eq!(tm(artifact.memory().unwrap()), tm(&apart.1));
    assert_eq!(tm(&Memory::from_bytes(both).unwrap()), tm(&apart.1));
    assert!(!tm(&apart.1).is_empty());
}

#[test]
fn a_single_kind_artifact_says_what_it_lacks() {
    let only_glossary = Artifact::from_bytes(glossary()).unwrap();
    assert_eq!(only_glossary.kind(), Kind::Glossary);
    let err = only_glossary.memory().unwrap_err();
    assert_eq!(err.code(), "query.invalid");
    assert!(err.to_string().contains("without a translation memory"), "{err}");

    let only_memory = Artifact::from_bytes(memory()).unwrap();
    assert!(only_memory
        .glossary()
        .unwrap_err()
        .to_string()
        .contains("without a glossary"));
    assert!(only_memory.memory_opt().is_some());

    // Each kind is refused by the other's opener, naming both kinds.
    let err = Glossary::from_bytes(memory()).unwrap_err();
    assert_eq!(err.code(), "artifact.corrupt");
    assert!(err.to_string().contains("translation memory, not a glossary"), "{err}");
    // bundle() checks its arguments' kinds.
    assert_eq!(bundle(&memory(), &glossary()).unwrap_err().code(), "artifact.corrupt");
}

#[test]
fn added_units_are_compacted_into_the_bundle() {
    let mut artifact = Artifact::from_bytes(bundle(&glossary(), &memory()).unwrap()).unwrap();
    artifact
        .memory_mut()
        .unwrap()
        .add(Unit::pair(
            "en",
            "Picture lock is on Friday.",
            "fr",
            "Le verrouillage image est vendredi.",
        ))
        .unwrap();
    let saved = Artifact::from_bytes(artifact.to_bytes().unwrap()).unwrap();
    assert_eq!(saved.kind(), Kind::Bundle);
    assert_eq!(saved.memory().unwrap().len(), 3);
    let hits = saved
        .memory()
        .unwrap()
        .search("Picture lock is on Friday.", &SearchOptions::new("en", "fr"))
        .unwrap();
    assert_eq!(hits[0].score, 100);
    // The glossary sections are carried over untouched.
    assert_eq!(saved.glossary().unwrap().info().concepts, 2);
}

#[test]
fn bundling_refuses_old_versions_and_corruption() {
    let v1 = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/artifacts/v1.xcut")).unwrap();
    assert_eq!(bundle(&v1, &memory()).unwrap_err().code(), "artifact.version");
    let mut bad = memory();
    let last = bad.len() - 5;
    bad[last] ^= 1;
    assert_eq!(bundle(&glossary(), &bad).unwrap_err().code(), "artifact.checksum");
    let mut bad = bundle(&glossary(), &memory()).unwrap();
    let mid = bad.len() / 2;
    bad[mid] ^= 0x10;
    assert_eq!(Artifact::from_bytes(bad).unwrap_err().code(), "artifact.checksum");
}
