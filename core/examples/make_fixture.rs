//! Writes the small glossary artifact the binding tests open.
//!
//! `cargo run -p crosscut --example make_fixture -- tests/fixtures/mini.xcut`
//!
//! The output is deterministic: the same crosscut version always writes the
//! same bytes.

use crosscut::{Concept, GlossaryBuilder, Status, Term};

fn term(text: &str, lang: &str, status: Status) -> Term {
    Term { text: text.into(), lang: lang.into(), status, ..Term::default() }
}

fn concept(id: &str, domain: &str, terms: Vec<Term>) -> Concept {
    Concept { id: id.into(), domains: vec![domain.into()], terms, ..Concept::default() }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    use Status::{Admitted, Deprecated, Preferred};
    let out = std::env::args().nth(1).ok_or("usage: make_fixture <out.xcut>")?;
    let mut b = GlossaryBuilder::new();
    b.source_name("mini");
    b.add(concept(
        "prod.rough-cut",
        "film.production",
        vec![
            term("rough cut", "en", Preferred),
            term("premier montage", "fr", Preferred),
            term("Rohschnitt", "de", Preferred),
        ],
    ))?;
    b.add(Concept {
        definition: Some("Replacing the dialogue with a recording in another language.".into()),
        ..concept(
            "post.dubbing",
            "film.post",
            vec![
                term("dubbing", "en", Preferred),
                term("dub", "en", Admitted),
                term("doublage", "fr", Preferred),
                term("吹き替え", "ja", Preferred),
            ],
        )
    })?;
    b.add(concept(
        "post.subtitle",
        "film.post",
        vec![term("subtitle", "en", Preferred), term("sous-titre", "fr", Preferred), term("Untertitel", "de", Preferred)],
    ))?;
    b.add(concept(
        "prod.dailies",
        "film.production",
        vec![term("dailies", "en", Preferred), term("rushes", "en", Admitted), term("rushes", "fr", Preferred)],
    ))?;
    b.add(concept("post.talkie", "film.history", vec![term("talkie", "en", Deprecated), term("film parlant", "fr", Preferred)]))?;
    b.add(Concept {
        cultural_note: Some("Korean and Chinese address an elder brother by a kinship term, not by name.".into()),
        kinds: vec!["kinship".into(), "address".into()],
        ..concept(
            "kinship.elder-brother",
            "kinship",
            vec![
                term("elder brother", "en", Preferred),
                term("哥哥", "zh-Hant", Preferred),
                term("형", "ko", Preferred),
                term("grand frère", "fr", Preferred),
            ],
        )
    })?;
    let bytes = b.build()?;
    std::fs::write(&out, &bytes)?;
    println!("wrote {out} ({} bytes)", bytes.len());
    Ok(())
}
