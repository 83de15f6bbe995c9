//! `check` on a hand-made source/target pair with one planted problem of each
//! kind, and on a clean pair that must give no finding.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use crosscut::check::{check, report_html, CheckConfig, CheckOptions, CheckReport, Pairing, Rule, Severity};
use crosscut::sources::toml::read_toml;
use crosscut::subtitle::{read_subtitles, SubtitleFormat, Subtitles};
use crosscut::{Glossary, GlossaryBuilder, Memory, MemoryBuilder, Segment, Unit, Variant};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/check/");

fn glossary() -> Glossary {
    let text = std::fs::read(format!("{DATA}glossary.toml")).unwrap();
    let mut b = GlossaryBuilder::new();
    b.add_imported(read_toml(&text, &Some("glossary.toml".into())).unwrap())
        .unwrap();
    Glossary::from_bytes(b.build().unwrap()).unwrap()
}

fn subs(name: &str) -> Subtitles {
    let bytes = std::fs::read(format!("{DATA}{name}")).unwrap();
    let parsed = read_subtitles(&bytes, SubtitleFormat::Srt, None, &Some(name.into())).unwrap();
    assert!(parsed.warnings.is_empty(), "{name}: {:?}", parsed.warnings);
    parsed.subtitles
}

fn memory() -> Memory {
    let mut m = Memory::from_bytes(MemoryBuilder::new().build().unwrap()).unwrap();
    m.add(Unit {
        source: Variant::new("en", Segment::text("Wait.")),
        targets: vec![Variant::new("fr", Segment::text("Attendez."))],
        ..Unit::default()
    })
    .unwrap();
    m
}

fn run(source: &str, target: &str, memory: Option<&Memory>, config: CheckConfig) -> CheckReport {
    let options = CheckOptions::new("en", "fr-FR").config(config);
    check(&glossary(), memory, &subs(source), &subs(target), &options).unwrap()
}

/// (rule, cue, source span, target span) of every finding.
fn shape(report: &CheckReport) -> Vec<(Rule, usize, Option<String>, Option<String>)> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule,
                f.cue,
                f.source_span.as_ref().map(|s| s.text.clone()),
                f.target_span.as_ref().map(|s| s.text.clone()),
            )
        })
        .collect()
}

fn s(text: &str) -> Option<String> {
    Some(text.to_string())
}

#[test]
fn a_clean_pair_has_no_findings() {
    let report = run("clean.en.srt", "clean.fr.srt", None, CheckConfig::default());
    assert_eq!(report.pairing, Pairing::Index);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    // Terms were found on both sides, inflected forms included ("grands frères").
    let target_concepts: Vec<&str> = report
        .terms
        .iter()
        .filter(|t| t.side == crosscut::check::Side::Target)
        .map(|t| t.concept.as_str())
        .collect();
    assert_eq!(
        target_concepts
            .iter()
            .filter(|c| **c == "kinship.elder-brother")
            .count(),
        2,
        "{target_concepts:?}"
    );
}

#[test]
fn every_planted_problem_is_found() {
    let report = run(
        "problems.en.srt",
        "problems.fr.srt",
        Some(&memory()),
        CheckConfig::default(),
    );
    assert_eq!(report.pairing, Pairing::Overlap);
    use Rule::*;
    let expected = vec![
        (TermMissing, 1, s("elder brother"), None),
        (ForbiddenTerm, 2, None, s("ours")),
        (DeprecatedTerm, 3, None, s("épreuves de tournage")),
        (DoNotTranslate, 4, s("DCP"), None),
        (SensitiveTerm, 5, None, s("Taïwan")),
        (InconsistentTranslation, 7, None, None),
        (InconsistentTranslation, 8, s("Spring Festival"), s("Nouvel An chinois")),
        (Untranslated, 9, None, None),
        (NumberMismatch, 10, s("12"), s("15")),
        (ReadingSpeed, 11, None, None),
        (
            LineLength,
            12,
            None,
            s("C'est une réplique beaucoup trop longue pour une ligne."),
        ),
        (LinesPerCue, 13, None, None),
        (MinDuration, 14, None, None),
        (TmMismatch, 15, None, None),
        (MaxDuration, 15, None, None),
        (Overlap, 16, None, None),
        (MinGap, 17, None, None),
    ];
    assert_eq!(shape(&report), expected, "{:#?}", report.findings);

    let by_rule = |rule: Rule| report.findings.iter().find(|f| f.rule == rule).unwrap();
    let f = by_rule(TermMissing);
    assert_eq!(
        (f.severity, f.suggestion.as_deref()),
        (Severity::Error, Some("grand frère / frère aîné"))
    );
    assert_eq!(
        (f.start, f.end, f.time.as_str()),
        (1000, 5000, "00:00:01.000 --> 00:00:05.000")
    );
    assert_eq!(f.concept.as_deref(), Some("kinship.elder-brother"));
    let f = by_rule(ForbiddenTerm);
    assert_eq!(
        (f.severity, f.suggestion.as_deref()),
        (Severity::Error, Some("premier montage"))
    );
    let span = f.target_span.as_ref().unwrap();
    assert_eq!((span.start, span.end), (2, 6));
    let f = by_rule(DeprecatedTerm);
    assert_eq!(
        (f.severity, f.suggestion.as_deref()),
        (Severity::Warning, Some("rushes"))
    );
    // The span of a term inside markup points into the cue text as written.
    let f = by_rule(DoNotTranslate);
    let span = f.source_span.as_ref().unwrap();
    assert_eq!((span.start, span.end), (12, 15));
    let f = by_rule(SensitiveTerm);
    assert!(f.message.contains("Naming is regulated"), "{}", f.message);
    assert_eq!(
        f.suggestion.as_deref(),
        Some("Follow the distributor's territory guide for the name.")
    );
    assert_eq!(f.target_span.as_ref().map(|s| (s.start, s.end)), Some((27, 34)));
    let f = &report.findings[5];
    assert!(f.message.contains("“Merci.” in cue 6"), "{}", f.message);
    assert_eq!(by_rule(TmMismatch).suggestion.as_deref(), Some("Attendez."));
    assert_eq!(by_rule(TmMismatch).severity, Severity::Info);
    assert_eq!(by_rule(Overlap).severity, Severity::Error);
    assert!(
        by_rule(ReadingSpeed)
            .message
            .starts_with("43.0 characters per second; at most 17"),
        "{}",
        by_rule(ReadingSpeed).message
    );
    assert_eq!(
        (
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.count(Severity::Info)
        ),
        (6, 10, 1)
    );
}

#[test]
fn rules_can_be_switched_off_and_regraded() {
    let config = CheckConfig::from_toml(
        "[rules]\nmin-gap = \"off\"\noverlap = \"warning\"\nterm-missing = \"info\"\n[limits]\nmax_line_width = 60\n",
        &None,
    )
    .unwrap();
    let report = run("problems.en.srt", "problems.fr.srt", None, config);
    let rules: Vec<Rule> = report.findings.iter().map(|f| f.rule).collect();
    assert!(!rules.contains(&Rule::MinGap));
    assert!(!rules.contains(&Rule::LineLength));
    assert!(!rules.contains(&Rule::TmMismatch), "no memory, no tm-mismatch");
    let severity = |rule: Rule| report.findings.iter().find(|f| f.rule == rule).unwrap().severity;
    assert_eq!(severity(Rule::Overlap), Severity::Warning);
    assert_eq!(severity(Rule::TermMissing), Severity::Info);
}

#[test]
fn sensitivity_follows_the_target_locale() {
    let options = CheckOptions::new("en", "fr-CA");
    let report = check(
        &glossary(),
        None,
        &subs("problems.en.srt"),
        &subs("problems.fr.srt"),
        &options,
    )
    .unwrap();
    assert!(report.findings.iter().all(|f| f.rule != Rule::SensitiveTerm));
}

#[test]
fn findings_serialize_to_the_documented_json() {
    let report = run("problems.en.srt", "problems.fr.srt", None, CheckConfig::default());
    let json = serde_json::to_value(&report).unwrap();
    let f = &json["findings"][1];
    assert_eq!(f["rule"], "forbidden-term");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["cue"], 2);
    assert_eq!(f["source_cue"], 2);
    assert_eq!(f["target_span"]["text"], "ours");
    assert_eq!(f["suggestion"], "premier montage");
    assert!(f["message"].as_str().unwrap().contains("forbidden"));
    assert!(f.get("target_index").is_none());
    assert_eq!(json["limits"]["max_cps"], 17.0);
    assert_eq!(json["pairing"], "overlap");
}

#[test]
fn the_html_report_is_self_contained_and_escaped() {
    let report = run("problems.en.srt", "problems.fr.srt", None, CheckConfig::default());
    let html = report_html(
        &report,
        &subs("problems.en.srt"),
        &subs("problems.fr.srt"),
        "problems <fr>",
    );
    assert!(html.contains("<title>crosscut check: problems &lt;fr&gt;</title>"));
    assert!(
        !html.contains("<script") && !html.contains("http"),
        "no script, nothing fetched"
    );
    assert!(html.contains("<h3 id=\"rule-forbidden-term\">forbidden-term (1)</h3>"));
    assert!(
        html.contains("L'<mark class=\"problem\">ours</mark>")
            || html.contains("L&#39;<mark class=\"problem\">ours</mark>")
    );
    assert!(
        html.contains("<mark class=\"term\">premier montage</mark>")
            || html.contains("Send the &lt;b&gt;<mark class=\"problem\">DCP</mark>")
    );
    assert!(html.contains("&lt;i&gt;<mark class=\"problem\">Taïwan</mark>&lt;/i&gt;"));
}

#[test]
fn an_ambiguous_source_term_is_satisfied_by_any_of_its_concepts() {
    let toml = "[[concept]]\nid = \"paternal\"\n[concept.terms]\nen = \"grandma\"\nfr = [\"grand-mère paternelle\", \"mamie\"]\n\n\
                [[concept]]\nid = \"maternal\"\n[concept.terms]\nen = \"grandma\"\nfr = \"grand-mère maternelle\"\n";
    let mut b = GlossaryBuilder::new();
    b.add_imported(read_toml(toml.as_bytes(), &None).unwrap()).unwrap();
    let g = Glossary::from_bytes(b.build().unwrap()).unwrap();
    let srt = |t: &str| {
        read_subtitles(t.as_bytes(), SubtitleFormat::Srt, None, &None)
            .unwrap()
            .subtitles
    };
    let source = srt("1\n00:00:01,000 --> 00:00:04,000\nGrandma is here.\n");
    let options = CheckOptions::new("en", "fr");
    let ok = check(
        &g,
        None,
        &source,
        &srt("1\n00:00:01,000 --> 00:00:04,000\nMamie est là.\n"),
        &options,
    )
    .unwrap();
    assert!(ok.findings.is_empty(), "{:?}", ok.findings);
    let missing = check(
        &g,
        None,
        &source,
        &srt("1\n00:00:01,000 --> 00:00:04,000\nElle est là.\n"),
        &options,
    )
    .unwrap();
    assert_eq!(missing.findings.len(), 1);
    let f = &missing.findings[0];
    assert_eq!(f.rule, Rule::TermMissing);
    assert_eq!(
        f.suggestion.as_deref(),
        Some("grand-mère paternelle / mamie / grand-mère maternelle")
    );
}

#[test]
fn empty_and_missing_target_cues_are_untranslated() {
    let srt = |t: &str| {
        read_subtitles(t.as_bytes(), SubtitleFormat::Srt, None, &None)
            .unwrap()
            .subtitles
    };
    let source = srt("1\n00:00:01,000 --> 00:00:04,000\nThe rough cut is due Friday.\n\n\
                      2\n00:00:05,000 --> 00:00:08,000\nSee you then.\n");
    let target = srt("1\n00:00:01,000 --> 00:00:04,000\n\n");
    let report = check(&glossary(), None, &source, &target, &CheckOptions::new("en", "fr")).unwrap();
    let found: Vec<(Rule, usize, Option<usize>, &str)> = report
        .findings
        .iter()
        .map(|f| (f.rule, f.cue, f.source_cue, f.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (Rule::Untranslated, 1, Some(1), "the target cue is empty"),
            (
                Rule::Untranslated,
                0,
                Some(2),
                "source cue 2 has no target cue at its time"
            ),
        ]
    );
}

#[test]
fn webvtt_cues_are_numbered_by_position() {
    let vtt = |t: &str| {
        read_subtitles(t.as_bytes(), SubtitleFormat::Vtt, None, &None)
            .unwrap()
            .subtitles
    };
    let source = vtt(
        "WEBVTT\n\nopening\n00:01.000 --> 00:04.000\nThe rough cut is due Friday.\n\n\
                      00:05.000 --> 00:08.000\nThe <b>rough cut</b> is late.\n",
    );
    let target = vtt(
        "WEBVTT\n\nopening\n00:01.000 --> 00:04.000\nLe premier montage est pour vendredi.\n\n\
                      7\n00:05.000 --> 00:08.000\nL'<b>ours</b> est en retard.\n",
    );
    let report = check(&glossary(), None, &source, &target, &CheckOptions::new("en", "fr")).unwrap();
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    let f = &report.findings[0];
    assert_eq!((f.rule, f.cue, f.source_cue), (Rule::ForbiddenTerm, 2, Some(2)));
    let span = f.target_span.as_ref().unwrap();
    assert_eq!((span.start, span.end, span.text.as_str()), (5, 9, "ours"));
}
