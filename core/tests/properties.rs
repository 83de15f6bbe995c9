//! Property tests: compile → open → lookup gives the model back; fuzzy equals a
//! brute-force oracle; compile is deterministic; normalization is idempotent;
//! the TOML source round-trips.

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
    for j in 0..=b.len() {
        d[0][j] = j as u32;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + u32::from(a[i - 1] != b[j - 1]));
        }
    }
    d[a.len()][b.len()]
}
