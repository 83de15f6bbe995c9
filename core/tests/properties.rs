//! Property tests: compile → open → lookup gives the model back; fuzzy equals a
//! brute-force oracle; compile is deterministic; normalization is idempotent;
//! the TOML source round-trips.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeSet;

use crosscut::sources::toml::{read_toml, write_toml};
use crosscut::{Concept, Glossary, GlossaryBuilder, LookupOptions, MatchMode, Normalization, Register, Status, Term};
use proptest::prelude::*;

fn word() -> impl Strategy<Value = String> {
    // Small alphabets so that fuzzy neighbours and shared prefixes actually occur.
    prop_oneof![
        "[a-e]{1,6}( [a-e]{1,4})?",
        "[àéîøü]{1,3}[a-c]{0,2}",
        "[哥姐弟妹]{1,3}",
        "[A-E]{1,4}",
    ]
}

fn term() -> impl Strategy<Value = Term> {
    (word(), prop::sample::select(vec!["en", "fr", "zh-Hans", "ja", "pt-BR"]), 0usize..4, any::<bool>(), prop::option::of("[a-z ]{0,12}"))
        .prop_map(|(text, lang, status, cs, usage)| Term {
            text,
            lang: lang.into(),
            status: Status::ALL[status],
            register: if cs { Some(Register::Formal) } else { None },
            usage,
            ..Term::default()
        })
}

fn concepts() -> impl Strategy<Value = Vec<Concept>> {
    prop::collection::vec((prop::collection::vec(term(), 1..5), prop::option::of("[a-z ,.\"\\\\]{0,30}")), 1..25).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (mut terms, note))| {
                // Sources hold terms grouped by language; the builder keeps that grouping.
                let mut order: Vec<String> = Vec::new();
                for t in &terms {
                    if !order.contains(&t.lang) {
                        order.push(t.lang.clone());
                    }
                }
                terms.sort_by_key(|t| order.iter().position(|l| *l == t.lang));
                Concept { id: format!("c{i}"), cultural_note: note, terms, ..Concept::default() }
            })
            .collect()
    })
}

fn build(cs: &[Concept]) -> Vec<u8> {
    let mut b = GlossaryBuilder::new();
    for c in cs {
        b.add(c.clone()).unwrap();
    }
    b.build().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_term_is_found_and_records_round_trip(cs in concepts()) {
        let bytes = build(&cs);
        prop_assert_eq!(&bytes, &build(&cs), "compile is deterministic");
        let g = Glossary::from_bytes(bytes).unwrap();
        for (i, c) in cs.iter().enumerate() {
            prop_assert_eq!(&g.concept(i as u32).unwrap(), c);
            for t in &c.terms {
                let hits = g.lookup(&t.text, &LookupOptions::new(t.lang.clone()).limit(1000)).unwrap();
                prop_assert!(hits.iter().any(|h| h.concept.id == c.id && h.term == *t), "{:?} not found", t.text);
            }
        }
    }

    #[test]
    fn fuzzy_equals_brute_force(cs in concepts(), q in word(), d in 0u32..3) {
        let g = Glossary::from_bytes(build(&cs)).unwrap();
        let n = Normalization::default();
        let qk = n.key(&q);
        let want: BTreeSet<(String, String)> = cs.iter().flat_map(|c| c.terms.iter().map(move |t| (c, t)))
            .filter(|(_, t)| levenshtein(&qk, &n.key(&t.text)) <= d)
            .map(|(c, t)| (c.id.clone(), t.text.clone()))
            .collect();
        let hits = g.lookup(&q, &LookupOptions { mode: MatchMode::Fuzzy(d), limit: 100_000, ..LookupOptions::default() }).unwrap();
        let got: BTreeSet<(String, String)> = hits.iter().map(|h| (h.concept.id.clone(), h.term.text.clone())).collect();
        prop_assert_eq!(got, want);
        for h in &hits {
            prop_assert_eq!(h.distance, levenshtein(&qk, &h.key));
        }
        prop_assert!(hits.windows(2).all(|w| w[0].distance <= w[1].distance), "sorted by distance");
    }

    #[test]
    fn prefix_equals_brute_force(cs in concepts(), q in "[a-e]{1,2}") {
        let g = Glossary::from_bytes(build(&cs)).unwrap();
        let n = Normalization::default();
        let want: BTreeSet<String> = cs.iter().flat_map(|c| &c.terms).map(|t| n.key(&t.text)).filter(|k| k.starts_with(&q)).collect();
        let hits = g.lookup(&q, &LookupOptions { mode: MatchMode::Prefix, limit: 100_000, ..LookupOptions::default() }).unwrap();
        let got: BTreeSet<String> = hits.iter().map(|h| h.key.clone()).collect();
        prop_assert_eq!(got, want);
        prop_assert!(hits.windows(2).all(|w| w[0].key.len() <= w[1].key.len()), "shortest first");
    }

    #[test]
    fn normalization_is_idempotent(s in "\\PC{0,40}", fold in any::<bool>()) {
        let n = Normalization { fold_diacritics: fold };
        let k = n.key(&s);
        prop_assert_eq!(n.key(&k), k.clone());
        let nt = n.normalize(&s);
        prop_assert_eq!(&nt.normalized, &k);
    }

    #[test]
    fn toml_round_trips(cs in concepts()) {
        let text = write_toml(&cs);
        let back = read_toml(text.as_bytes(), &None).unwrap_or_else(|e| panic!("{e}\n{text}"));
        prop_assert_eq!(back.concepts, cs);
    }
}

fn levenshtein(a: &str, b: &str) -> u32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d: Vec<Vec<u32>> = (0..=a.len()).map(|i| vec![i as u32; b.len() + 1]).collect();
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + u32::from(a[i - 1] != b[j - 1]));
        }
    }
    d[a.len()][b.len()]
}

const VOCAB: [&str; 8] = ["radio", "waves", "hong", "kong", "film", "festival", "the", "cut"];

fn phrase() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB.to_vec()), 1..4).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Overlapping annotation equals a brute-force scan of every word window; the
    /// default result is a non-overlapping subset that never skips a free match.
    #[test]
    fn annotate_equals_brute_force(terms in prop::collection::btree_set(phrase(), 1..8),
                                   words in prop::collection::vec((prop::sample::select(VOCAB.to_vec()), prop::sample::select(vec![" ", ", ", "  ", " — "])), 0..20)) {
        let mut b = GlossaryBuilder::new();
        for (i, t) in terms.iter().enumerate() {
            b.add(Concept { id: format!("c{i}"), terms: vec![Term { text: t.clone(), lang: "en".into(), ..Term::default() }], ..Concept::default() }).unwrap();
        }
        let g = Glossary::from_bytes(b.build().unwrap()).unwrap();
        let mut text = String::from("😀 ");
        let mut tokens: Vec<(usize, usize)> = Vec::new();
        for (w, sep) in &words {
            tokens.push((text.len(), text.len() + w.len()));
            text.push_str(w);
            text.push_str(sep);
        }
        // Brute force: every window of consecutive words whose normalized key is a term.
        let n = Normalization::default();
        let mut want: BTreeSet<(usize, usize)> = BTreeSet::new();
        for i in 0..tokens.len() {
            for j in i..tokens.len() {
                let (s, e) = (tokens[i].0, tokens[j].1);
                if terms.contains(&n.key(&text[s..e])) {
                    want.insert((s, e));
                }
            }
        }
        let all = g.annotate(&text, &crosscut::AnnotateOptions::new("en").overlapping(true)).unwrap();
        let got: BTreeSet<(usize, usize)> = all.iter().map(|a| (a.span.start, a.span.end)).collect();
        prop_assert_eq!(&got, &want);
        let chosen = g.annotate(&text, &crosscut::AnnotateOptions::new("en")).unwrap();
        for w in chosen.windows(2) {
            prop_assert!(w[0].span.end <= w[1].span.start, "overlap");
        }
        for (s, e) in &want {
            let covered = chosen.iter().any(|a| a.span.start < *e && *s < a.span.end);
            prop_assert!(covered, "a match at {s}..{e} is neither chosen nor overlapped");
        }
        for a in &all {
            prop_assert_eq!(&text[a.span.start..a.span.end], a.text.as_str());
        }
    }
}

const INFLECTED: [&str; 10] = ["radios", "waves", "hong", "kong", "films", "filmed", "festivals", "the", "cutting", "cuts"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A batch keeps stems, concepts and first-word walks from text to text; its
    /// results must be those of annotating each text alone, inflected matches included.
    #[test]
    fn annotate_batch_equals_one_by_one(terms in prop::collection::btree_set(phrase(), 1..8),
                                        lines in prop::collection::vec(prop::collection::vec(prop::sample::select(INFLECTED.to_vec()), 0..8), 1..6),
                                        overlapping in any::<bool>()) {
        let mut b = GlossaryBuilder::new();
        for (i, t) in terms.iter().enumerate() {
            b.add(Concept { id: format!("c{i}"), terms: vec![Term { text: t.clone(), lang: "en".into(), ..Term::default() }], ..Concept::default() }).unwrap();
        }
        let g = Glossary::from_bytes(b.build().unwrap()).unwrap();
        let texts: Vec<String> = lines.iter().map(|l| l.join(" ")).collect();
        let options = crosscut::AnnotateOptions::new("en").overlapping(overlapping);
        let batch = g.annotate_batch(&texts, &options).unwrap();
        prop_assert_eq!(batch.len(), texts.len());
        for (text, got) in texts.iter().zip(&batch) {
            prop_assert_eq!(got, &g.annotate(text, &options).unwrap());
        }
    }
}
