//! The translation memory: build, open, search, concordance, delta and save.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use crosscut::sources::tmx::read_tmx;
use crosscut::tm_score::score_texts;
use crosscut::{
    Code, ConcordanceOptions, Context, DiffOp, Memory, MemoryBuilder, SearchOptions, Segment, SegmentPiece, Tag, TagKind, Unit,
    Variant,
};
use proptest::prelude::*;

fn unit(en: &str, fr: &str) -> Unit {
    Unit {
        source: Variant::new("en", Segment::text(en)),
        targets: vec![Variant::new("fr", Segment::text(fr))],
        ..Unit::default()
    }
}

fn memory(pairs: &[(&str, &str)]) -> Memory {
    let mut b = MemoryBuilder::new();
    for (en, fr) in pairs {
        b.add(unit(en, fr)).unwrap();
    }
    Memory::from_bytes(b.build().unwrap()).unwrap()
}

const FILM: &[(&str, &str)] = &[
    ("Roll camera!", "Moteur !"),
    ("Cut! That's a wrap.", "Coupez ! C'est dans la boîte."),
    ("Take 12, scene 4.", "Prise 12, scène 4."),
    ("Quiet on the set, please.", "Silence sur le plateau, s'il vous plaît."),
    ("Where is the director?", "Où est le réalisateur ?"),
    ("Where is the producer?", "Où est le producteur ?"),
    ("The director wants another take.", "Le réalisateur veut une autre prise."),
    ("Yes.", "Oui."),
];

#[test]
fn search_scores_bands_and_diffs() {
    let m = memory(FILM);
    let o = SearchOptions::new("en", "fr");
    let hits = m.search("Where is the director?", &o).unwrap();
    assert_eq!((hits[0].score, hits[0].band.as_str()), (100, "100"));
    assert_eq!(hits[0].target.segment.plain(), "Où est le réalisateur ?");
    assert_eq!(hits[1].source.plain(), "Where is the producer?");
    assert_eq!((hits[1].score, hits[1].band.as_str()), (75, "75-84"));
    let ops: Vec<(DiffOp, &str)> = hits[1].diff.iter().map(|d| (d.op, d.text.as_str())).collect();
    assert_eq!(
        ops,
        [(DiffOp::Equal, "Where is the"), (DiffOp::Delete, "producer"), (DiffOp::Insert, "director"), (DiffOp::Equal, "?")]
    );

    let hits = m.search("where is the director", &o).unwrap();
    assert_eq!(hits[0].score, 98, "case and punctuation only");
    assert_eq!(hits[0].band.as_str(), "95-99");
    assert!(!hits[0].repaired);

    let hits = m.search("Take 13, scene 5.", &o).unwrap();
    assert_eq!(hits[0].score, 98);
    assert!(hits[0].repaired);
    assert_eq!(hits[0].target.segment.plain(), "Prise 13, scène 5.");
    assert_eq!(hits[0].unit.targets[0].segment.plain(), "Prise 12, scène 4.", "the unit is as stored");

    assert!(m.search("Completely unrelated words here", &o).unwrap().is_empty());
    assert!(m.search("Where is the director?", &SearchOptions::new("de", "fr")).unwrap().is_empty());
    assert!(m.search("Where is the director?", &SearchOptions::new("en", "ja")).unwrap().is_empty());
    let low = m.search("Where is the director?", &o.clone().min_score(60).top(10)).unwrap();
    assert!(low.iter().all(|h| h.score >= 60));
    assert!(low.windows(2).all(|w| w[0].score >= w[1].score));
    assert_eq!(m.search("Where is the director?", &o.clone().top(1)).unwrap().len(), 1);
    assert_eq!(m.search("Yes.", &SearchOptions::new("en-GB", "fr-CA")).unwrap()[0].score, 100, "locale fallback");
}

#[test]
fn in_context_exact_is_101() {
    let mut b = MemoryBuilder::new();
    let mut u = unit("Yes.", "Oui.");
    u.context = Context { prev: Some("Are you ready?".into()), next: None, id: None };
    b.add(u).unwrap();
    let mut u = unit("Yes.", "Si.");
    u.context = Context { prev: Some("You didn't come?".into()), next: None, id: None };
    b.add(u).unwrap();
    let m = Memory::from_bytes(b.build().unwrap()).unwrap();
    assert_eq!(m.len(), 2, "different contexts stay separate units");
    let ctx = Context { prev: Some("You didn't come?".into()), ..Context::default() };
    let hits = m.search("Yes.", &SearchOptions::new("en", "fr").context(ctx)).unwrap();
    assert_eq!((hits[0].score, hits[0].band.as_str()), (101, "101"));
    assert_eq!(hits[0].target.segment.plain(), "Si.");
    assert_eq!(hits[1].score, 100);
}

#[test]
fn duplicates_merge_and_several_targets_stay() {
    let mut b = MemoryBuilder::new();
    let mut a = unit("Action!", "Action !");
    a.targets[0].changed = Some("20200101T000000Z".into());
    b.add(a.clone()).unwrap();
    a.targets[0].changed = Some("20240101T000000Z".into());
    b.add(a).unwrap();
    b.add(unit("Action!", "Moteur, action !")).unwrap();
    assert_eq!(b.len(), 1);
    let u = &b.units()[0];
    assert_eq!(u.targets.len(), 2);
    assert_eq!(u.targets[0].count, 2);
    assert_eq!(u.targets[0].changed.as_deref(), Some("20240101T000000Z"));
    assert_eq!(u.targets[1].count, 1);
    let m = Memory::from_bytes(b.build().unwrap()).unwrap();
    let hits = m.search("Action!", &SearchOptions::new("en", "fr")).unwrap();
    assert_eq!(hits.len(), 2, "one match per translation");
    assert_eq!(hits[0].target.segment.plain(), "Action !", "the most used first");
}

#[test]
fn tags_are_placeholders_and_get_repaired() {
    let tag = |kind, i: &str, code: &str| {
        SegmentPiece::Tag(Tag { kind, attrs: vec![("i".into(), i.into())], code: vec![Code::Native(code.into())] })
    };
    let src = Segment {
        spans: vec![
            SegmentPiece::Text("Press ".into()),
            tag(TagKind::Bpt, "1", "<b>"),
            SegmentPiece::Text("Play".into()),
            tag(TagKind::Ept, "1", "</b>"),
        ],
    };
    let tgt = Segment {
        spans: vec![
            SegmentPiece::Text("Appuyez sur ".into()),
            tag(TagKind::Bpt, "1", "<b>"),
            SegmentPiece::Text("Lecture".into()),
            tag(TagKind::Ept, "1", "</b>"),
        ],
    };
    let mut b = MemoryBuilder::new();
    b.add(Unit { source: Variant::new("en", src), targets: vec![Variant::new("fr", tgt)], ..Unit::default() }).unwrap();
    let m = Memory::from_bytes(b.build().unwrap()).unwrap();
    let q = Segment {
        spans: vec![
            SegmentPiece::Text("Press ".into()),
            tag(TagKind::Bpt, "2", "<i>"),
            SegmentPiece::Text("Play".into()),
            tag(TagKind::Ept, "2", "</i>"),
        ],
    };
    let hits = m.search_segment(&q, &SearchOptions::new("en", "fr")).unwrap();
    assert_eq!(hits[0].score, 98, "two codes differ");
    assert!(hits[0].repaired);
    assert_eq!(hits[0].target.segment.plain(), "Appuyez sur {2}Lecture{/2}");
    // A plain-text query: the codes are missing, which costs little.
    let hits = m.search("Press Play", &SearchOptions::new("en", "fr")).unwrap();
    assert_eq!(hits[0].score, 98);
    assert!(!hits[0].repaired);
}

#[test]
fn concordance_finds_phrases_in_sources_and_targets() {
    let m = memory(FILM);
    let hits = m.concordance("the director", &ConcordanceOptions::new("en").tgt("fr")).unwrap();
    let texts: Vec<&str> = hits.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(texts, ["Where is the director?", "The director wants another take."]);
    assert_eq!(hits[0].highlights, [(9, 21)]);
    assert_eq!(hits[1].highlights, [(0, 12)]);
    assert_eq!(hits[0].other.as_deref(), Some("Où est le réalisateur ?"));
    let hits = m.concordance("réalisateur", &ConcordanceOptions::new("fr")).unwrap();
    assert_eq!(hits.len(), 2);
    assert!(!hits[0].in_source);
    assert_eq!(hits[0].other.as_deref(), Some("Where is the director?"));
    assert!(m.concordance("director the", &ConcordanceOptions::new("en")).unwrap().is_empty(), "order matters");
    assert_eq!(m.concordance("…", &ConcordanceOptions::new("en")).unwrap_err().code(), "query.invalid");
}

#[test]
fn delta_is_searched_then_saved_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("film.xcut");
    let mut b = MemoryBuilder::new();
    b.add(unit("Roll camera!", "Moteur !")).unwrap();
    std::fs::write(&path, b.build().unwrap()).unwrap();

    let mut m = Memory::open(&path).unwrap();
    m.add(unit("Roll sound!", "Son !")).unwrap();
    m.add(unit("Roll camera!", "Ça tourne !")).unwrap();
    assert_eq!(m.info().pending, 2);
    let hits = m.search("Roll sound!", &SearchOptions::new("en", "fr")).unwrap();
    assert_eq!((hits[0].score, hits[0].target.segment.plain().as_str()), (100, "Son !"), "found at once");
    assert_eq!(m.concordance("sound", &ConcordanceOptions::new("en")).unwrap().len(), 1);

    m.save(&path).unwrap();
    assert_eq!(m.info().pending, 0);
    let reopened = Memory::open(&path).unwrap();
    assert_eq!(reopened.len(), 2, "the second translation of Roll camera! merged into its unit");
    let hits = reopened.search("Roll camera!", &SearchOptions::new("en", "fr").min_score(100)).unwrap();
    let targets: Vec<String> = hits.iter().map(|h| h.target.segment.plain()).collect();
    assert_eq!(targets, ["Moteur !", "Ça tourne !"]);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
}

#[test]
fn artifact_kinds_do_not_mix() {
    let g = crosscut::GlossaryBuilder::new().build().unwrap();
    assert_eq!(Memory::from_bytes(g).unwrap_err().code(), "artifact.corrupt");
    let m = MemoryBuilder::new().build().unwrap();
    assert_eq!(crosscut::Glossary::from_bytes(m.clone()).unwrap_err().code(), "artifact.corrupt");
    let mut bad = m.clone();
    let at = bad.len() - 6;
    bad[at] ^= 1;
    assert_eq!(Memory::from_bytes(bad).unwrap_err().code(), "artifact.checksum");
    for cut in 0..m.len() {
        assert!(Memory::from_bytes(m[..cut].to_vec()).is_err());
    }
}

#[test]
fn a_tmx_sample_builds_and_searches() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/samples/tmx/okapi_sample14b.tmx")).unwrap();
    let read = read_tmx(&bytes, &Some("okapi_sample14b.tmx".into())).unwrap();
    let mut b = MemoryBuilder::new();
    b.add_all(read.units.clone()).unwrap();
    let m = Memory::from_bytes(b.build().unwrap()).unwrap();
    let hits = m.search("Touch Retry to resume the procedure", &SearchOptions::new("en-US", "de")).unwrap();
    assert_eq!(hits[0].score, 99);
    assert_eq!(hits[0].target.segment.plain(), "Zur Fortsetzung des Verfahrens 'Wiederholen' drücken.");
    let all: Vec<Unit> = m.units().collect::<Result<_, _>>().unwrap();
    assert_eq!(all.len(), read.units.len() - 1, "one duplicate source merged");
    assert_eq!(all, b.units(), "records give back the units");
}

/// The brute-force oracle: score every unit.
fn brute_best(units: &[(String, String)], query: &str) -> u8 {
    units.iter().map(|(s, _)| score_texts(query, s)).max().unwrap_or(0)
}

fn sentence() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec!["the", "cat", "dog", "sat", "on", "mat", "red", "big", "ran", "3", "7", "Cat", "."]);
    prop::collection::vec(words, 1..8).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn index_finds_the_brute_force_best(
        sources in prop::collection::vec(sentence(), 1..30),
        query in sentence(),
    ) {
        let units: Vec<(String, String)> = sources.iter().map(|s| (s.clone(), format!("fr {s}"))).collect();
        let mut b = MemoryBuilder::new();
        for (s, t) in &units {
            b.add(unit(s, t)).unwrap();
        }
        let m = Memory::from_bytes(b.build().unwrap()).unwrap();
        let best = brute_best(&units, &query);
        let hits = m.search(&query, &SearchOptions::new("en", "fr").min_score(0).top(3)).unwrap();
        if best >= 75 {
            prop_assert!(!hits.is_empty(), "brute force found {best}, the index nothing");
            prop_assert_eq!(hits[0].score, best);
        }
        for h in &hits {
            prop_assert!(h.score <= 101);
            prop_assert_eq!(h.score, score_texts(&query, &h.source.plain()));
        }
        // Deterministic.
        let again = m.search(&query, &SearchOptions::new("en", "fr").min_score(0).top(3)).unwrap();
        prop_assert_eq!(hits, again);
    }

    #[test]
    fn scores_are_bounded_and_exact_is_100(a in sentence(), b in sentence()) {
        let s = score_texts(&a, &b);
        prop_assert!(s <= 100);
        prop_assert_eq!(s, score_texts(&a, &b));
        prop_assert_eq!(score_texts(&a, &a), 100);
        if s == 100 {
            prop_assert_eq!(a.split_whitespace().collect::<Vec<_>>(), b.split_whitespace().collect::<Vec<_>>());
        }
    }
}

#[test]
fn filters_apply_before_the_candidate_cut() {
    // 400 units from one origin outrank, by shared keys, the only unit of the
    // origin asked for; it must still be found.
    let mut b = MemoryBuilder::new();
    for n in 0..400 {
        let mut u = unit(&format!("the rough cut is ready for review number {n}"), &format!("le premier montage numéro {n}"));
        u.origin.file = Some("a.tmx".into());
        b.add(u).unwrap();
    }
    let mut u = unit("the rough cut is nearly ready for a review today", "le premier montage est presque prêt");
    u.origin.file = Some("b.tmx".into());
    b.add(u).unwrap();
    let m = Memory::from_bytes(b.build().unwrap()).unwrap();
    // The test needs more strong candidates than the cut.
    const _: () = assert!(crosscut::tm::MAX_CANDIDATES < 400);
    let found = m.search("the rough cut is ready for review", &SearchOptions::new("en", "fr").origin("b.tmx")).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].target.segment.plain(), "le premier montage est presque prêt");
}

#[test]
fn a_unit_added_again_before_save_is_shown_once() {
    let mut m = memory(FILM);
    m.add(unit("Where is the director?", "Où est le réalisateur ?")).unwrap();
    let found = m.search("Where is the director?", &SearchOptions::new("en", "fr")).unwrap();
    let exact: Vec<_> = found.iter().filter(|f| f.score >= 100).collect();
    assert_eq!(exact.len(), 1, "{found:?}");
}
