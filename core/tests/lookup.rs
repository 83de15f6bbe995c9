//! Lookups on a small glossary: every mode, filters, fallback, case rules.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use crosscut::{Concept, Glossary, GlossaryBuilder, LookupOptions, MatchMode, Status, Term};

fn t(text: &str, lang: &str) -> Term {
    Term { text: text.into(), lang: lang.into(), ..Term::default() }
}

fn glossary() -> Glossary {
    let mut b = GlossaryBuilder::new();
    let mut add = |id: &str, domains: &[&str], terms: Vec<Term>| {
        b.add(Concept { id: id.into(), domains: domains.iter().map(|s| s.to_string()).collect(), terms, ..Concept::default() })
            .unwrap();
    };
    add("prod.rough-cut", &["film.production"], vec![t("rough cut", "en"), t("premier montage", "fr"), t("Rohschnitt", "de")]);
    add("prod.final-cut", &["film.production"], vec![t("final cut", "en"), t("montage final", "fr")]);
    add("sub.dubbing", &["film.subtitling"], vec![t("dubbing", "en"), t("doublage", "fr"), t("吹き替え", "ja")]);
    add("sub.dub", &["film.subtitling"], vec![t("dub", "en")]);
    add("food.cookie", &["food"], vec![t("cookie", "en-US"), t("biscuit", "en-GB"), t("biscuit", "fr")]);
    add("kin.elder-brother", &["kinship"], vec![t("哥哥", "zh-Hans"), t("哥哥", "zh-Hant"), t("elder brother", "en")]);
    add("kin.elder-brother-tw", &["kinship"], vec![t("大哥", "zh-TW")]);
    add("name.may", &["names"], vec![Term { case_sensitive: true, ..t("May", "en") }]);
    add("slur.x", &["sensitive"], vec![
        Term { status: Status::Preferred, ..t("person with a disability", "en") },
        Term { status: Status::Forbidden, ..t("cripple", "en") },
    ]);
    Glossary::from_bytes(b.build().unwrap()).unwrap()
}

fn ids(hits: &[crosscut::Hit]) -> Vec<String> {
    hits.iter().map(|h| format!("{}:{}", h.concept.id, h.term.text)).collect()
}

macro_rules! lookup {
    ($g:expr, $q:expr, $opts:expr => [$($want:expr),* $(,)?]) => {{
        let hits = $g.lookup($q, &$opts).unwrap_or_else(|e| panic!("{}: {e}", $q));
        let want: Vec<&str> = vec![$($want),*];
        assert_eq!(ids(&hits), want, "query {:?}", $q);
        hits
    }};
}

#[test]
fn exact_is_normalized() {
    let g = glossary();
    lookup!(g, "Rough\u{a0}CUT", LookupOptions::new("en") => ["prod.rough-cut:rough cut"]);
    lookup!(g, "  rough   cut ", LookupOptions::new("en") => ["prod.rough-cut:rough cut"]);
    lookup!(g, "ROHSCHNITT", LookupOptions::new("de") => ["prod.rough-cut:Rohschnitt"]);
    lookup!(g, "rough cut", LookupOptions::new("fr") => []);
    lookup!(g, "rough cut", LookupOptions::default() => ["prod.rough-cut:rough cut"]);
}

#[test]
fn translations_follow_the_requested_order() {
    let g = glossary();
    let hits = lookup!(g, "dubbing", LookupOptions::new("en").to(["ja", "fr"]) => ["sub.dubbing:dubbing"]);
    let tr: Vec<&str> = hits[0].translations.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(tr, ["吹き替え", "doublage"]);
}

#[test]
fn locale_fallback_and_script_equivalence() {
    let g = glossary();
    lookup!(g, "cookie", LookupOptions::new("en-US") => ["food.cookie:cookie"]);
    lookup!(g, "biscuit", LookupOptions::new("en-US") => []);
    lookup!(g, "biscuit", LookupOptions::new("en") => ["food.cookie:biscuit"]);
    lookup!(g, "哥哥", LookupOptions::new("zh-TW") => ["kin.elder-brother:哥哥"]);
    let hits = lookup!(g, "哥哥", LookupOptions::new("zh-Hans").to(["zh-TW"]) => ["kin.elder-brother:哥哥"]);
    assert_eq!(hits[0].translations[0].lang, "zh-Hant");
    lookup!(g, "大哥", LookupOptions::new("zh-Hant-TW") => ["kin.elder-brother-tw:大哥"]);
    lookup!(g, "大哥", LookupOptions::new("zh-Hans") => []);
}

#[test]
fn case_sensitive_terms() {
    let g = glossary();
    lookup!(g, "May", LookupOptions::new("en") => ["name.may:May"]);
    lookup!(g, "may", LookupOptions::new("en") => []);
    lookup!(g, "MAY", LookupOptions::new("en") => []);
}

#[test]
fn prefix_is_shortest_first() {
    let g = glossary();
    lookup!(g, "dub", LookupOptions::new("en").mode(MatchMode::Prefix) => ["sub.dub:dub", "sub.dubbing:dubbing"]);
    lookup!(g, "Dub", LookupOptions::new("en").mode(MatchMode::Prefix).limit(1) => ["sub.dub:dub"]);
    lookup!(g, "zz", LookupOptions::new("en").mode(MatchMode::Prefix) => []);
}

#[test]
fn fuzzy_reports_distances() {
    let g = glossary();
    let hits = lookup!(g, "dubing", LookupOptions::new("en").mode(MatchMode::Fuzzy(1)) => ["sub.dubbing:dubbing"]);
    assert_eq!(hits[0].distance, 1);
    let hits = lookup!(g, "rugh cat", LookupOptions::new("en").mode(MatchMode::Fuzzy(2)) => ["prod.rough-cut:rough cut"]);
    assert_eq!(hits[0].distance, 2);
    lookup!(g, "dubbing", LookupOptions::new("en").mode(MatchMode::Fuzzy(0)) => ["sub.dubbing:dubbing"]);
    let err = g.lookup("dubbing", &LookupOptions::new("en").mode(MatchMode::Fuzzy(3))).unwrap_err();
    assert_eq!(err.code(), "query.invalid");
}

#[test]
fn regex_matches_whole_keys() {
    let g = glossary();
    lookup!(g, ".*cut", LookupOptions::new("en").mode(MatchMode::Regex) => ["prod.final-cut:final cut", "prod.rough-cut:rough cut"]);
    lookup!(g, "CUT", LookupOptions::new("en").mode(MatchMode::Regex) => []);
    lookup!(g, "(rough|final) CUT", LookupOptions::new("en").mode(MatchMode::Regex).limit(1) => ["prod.final-cut:final cut"]);
    let err = g.lookup("(unclosed", &LookupOptions::new("en").mode(MatchMode::Regex)).unwrap_err();
    assert_eq!(err.code(), "query.invalid");
    // The cause, not only "error building NFA".
    assert!(err.to_string().contains("unclosed group"), "{err}");
}

#[test]
fn filters() {
    let g = glossary();
    let mut o = LookupOptions::new("en").mode(MatchMode::Regex);
    o.domain = Some("film".into());
    lookup!(g, "d.*", o => ["sub.dub:dub", "sub.dubbing:dubbing"]);
    let mut o = LookupOptions::new("en").mode(MatchMode::Regex);
    o.domain = Some("food".into());
    lookup!(g, "d.*", o => []);
    let mut o = LookupOptions::new("en").mode(MatchMode::Regex);
    o.status = vec![Status::Forbidden];
    lookup!(g, ".*", o => ["slur.x:cripple"]);
}

#[test]
fn bad_queries_are_errors_not_panics() {
    let g = glossary();
    for (q, opts, code) in [
        ("", LookupOptions::new("en"), "query.invalid"),
        (" \u{a0} ", LookupOptions::new("en"), "query.invalid"),
        ("x", LookupOptions::new("en!"), "lang.invalid"),
        ("x", LookupOptions::new("en").to(["??"]), "lang.invalid"),
    ] {
        assert_eq!(g.lookup(q, &opts).unwrap_err().code(), code, "{q:?}");
    }
    let long = "a".repeat(5000);
    assert_eq!(g.lookup(&long, &LookupOptions::new("en")).unwrap_err().code(), "limit.exceeded");
    let err = g.lookup(&"ab".repeat(200), &LookupOptions::new("en").mode(MatchMode::Fuzzy(2)));
    if let Err(e) = err {
        assert_eq!(e.code(), "query.invalid");
    }
}

#[test]
fn concepts_by_id() {
    let g = glossary();
    assert_eq!(g.concept_by_id("sub.dub").unwrap().unwrap().terms[0].text, "dub");
    assert!(g.concept_by_id("nope").unwrap().is_none());
    assert_eq!(g.concept(999).unwrap_err().code(), "query.invalid");
}
