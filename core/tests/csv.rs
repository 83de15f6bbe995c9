//! CSV/TSV import of the shared sample glossaries, error reporting, and the
//! write → read round trip.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use crosscut::sources::csv::{read_csv, write_csv, CsvOptions, MAX_FIELD_LEN};
use crosscut::sources::{Imported, SourceName};
use crosscut::{Concept, Register, Status, Term};
use proptest::prelude::*;

macro_rules! sample {
    ($name:literal) => {
        (include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/samples/csv/", $name)).as_slice(), $name)
    };
}

fn import((bytes, name): (&[u8], &str), options: &CsvOptions) -> Imported {
    let source: SourceName = Some(name.into());
    read_csv(bytes, &source, options).expect(name)
}

/// A concept as `(id, [(lang, text)], notes)`.
type Row = (String, Vec<(String, String)>, Vec<String>);

fn rows(imported: &Imported) -> Vec<Row> {
    imported
        .concepts
        .iter()
        .map(|c| {
            let terms = c.terms.iter().map(|t| (t.lang.clone(), t.text.clone())).collect();
            (c.id.clone(), terms, c.notes.clone())
        })
        .collect()
}

fn row(id: &str, terms: &[(&str, &str)], notes: &[&str]) -> Row {
    (
        id.to_string(),
        terms.iter().map(|(l, t)| (l.to_string(), t.to_string())).collect(),
        notes.iter().map(ToString::to_string).collect(),
    )
}

#[test]
fn okapi_test01_trims_padding_around_plain_and_quoted_fields() {
    let got = import(sample!("okapi_test01.csv"), &CsvOptions::default().with_languages("en", "fr"));
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert_eq!(
        rows(&got),
        [
            row("csv-1", &[("en", "source 1"), ("fr", "target 1")], &[]),
            row("csv-2", &[("en", "source 2"), ("fr", "target 2")], &[]),
            row("csv-3", &[("en", "source 3"), ("fr", "target 3")], &[]),
            row("csv-4", &[("en", "source 3"), ("fr", "target 3")], &[]),
        ]
    );
    assert!(got.concepts.iter().all(|c| c.terms.iter().all(|t| t.status == Status::Preferred)));
}

#[test]
fn okapi_test02_utf16be_tsv_with_blank_crlf_lines_and_fullwidth_chars() {
    let got = import(sample!("okapi_test02_utf16be.tsv"), &CsvOptions::default().with_languages("en", "fr"));
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert_eq!(
        rows(&got),
        [
            row("csv-1", &[("en", "entry 1"), ("fr", "trans 1")], &[]),
            // U+FFE6 FULLWIDTH WON SIGN after é ß Ñ; the row starts on line 4 after two blank lines.
            row("csv-4", &[("en", "source 2"), ("fr", "\u{e9}\u{df}\u{d1}\u{ffe6} target 2")], &[]),
        ]
    );
}

#[test]
fn omegat_csv_quoted_commas_doubled_quotes_and_semicolons() {
    let got = import(sample!("omegat_test.csv"), &CsvOptions::default().with_languages("en", "fr"));
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    let pairs: Vec<(String, String)> =
        got.concepts.iter().map(|c| (c.terms[0].text.clone(), c.terms[1].text.clone())).collect();
    let want = [
        ("kde", "csv kde"),
        ("question", "csv q"),
        ("kde; question", "comma"),
        ("kde, qu", "comma dot"),
        ("\"kde\",\"q\"", "cdk"),
        ("\"\"k", "k"),
        ("zz\"zz", "zz"),
    ];
    assert_eq!(pairs, want.map(|(a, b)| (a.to_string(), b.to_string())));
    assert_eq!(
        got.concepts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        (1..=7).map(|i| format!("csv-{i}")).collect::<Vec<_>>()
    );
}

#[test]
fn omegat_tab_japanese_and_korean_terms_with_optional_comment() {
    let got = import(sample!("omegat_test.tab"), &CsvOptions::default().with_languages("ja", "fr"));
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert_eq!(
        rows(&got),
        [
            row("csv-1", &[("ja", "kde"), ("fr", "koo moo")], &[]),
            row("csv-2", &[("ja", "question"), ("fr", "qqqqq")], &[]),
            row(
                "csv-3",
                &[("ja", "地球システム"), ("fr", "System Terre")],
                &["https://fr.wikipedia.org/wiki/Science_du_syst%C3%A8me_Terre"],
            ),
            row("csv-4", &[("ja", "손가락"), ("fr", "Korean Term")], &[]),
        ]
    );
}

#[test]
fn omegat_utf16le_three_columns_comment_becomes_note() {
    // `.txt`: the tab delimiter is sniffed from the first line.
    let got = import(sample!("omegat_testUTF16LE.txt"), &CsvOptions::default().with_languages("en", "en-GB"));
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert_eq!(
        rows(&got),
        [
            row("csv-1", &[("en", "UTF"), ("en-GB", "Unicode Transformation Format")], &["Comment #1"]),
            row("csv-2", &[("en", "LE"), ("en-GB", "Little Endian")], &["Comment #2"]),
        ]
    );
}

#[test]
fn headerless_samples_need_languages() {
    for sample in [
        sample!("okapi_test01.csv"),
        sample!("okapi_test02_utf16be.tsv"),
        sample!("omegat_test.csv"),
        sample!("omegat_test.tab"),
        sample!("omegat_testUTF16LE.txt"),
    ] {
        let err = read_csv(sample.0, &Some(sample.1.into()), &CsvOptions::default()).unwrap_err();
        assert_eq!(err.code(), "csv.invalid", "{}", sample.1);
        assert!(err.to_string().starts_with(&format!("{}:1: the first row is not a header", sample.1)), "{err}");
    }
}

fn error(input: &[u8]) -> crosscut::Error {
    read_csv(input, &Some("t.csv".into()), &CsvOptions::default()).unwrap_err()
}

#[test]
fn bad_quoting_is_a_syntax_error_with_its_line() {
    let e = error(b"en,fr\ncat,chat\ndog,\"chien\n");
    assert_eq!(e.code(), "csv.syntax");
    assert!(e.to_string().starts_with("t.csv:3:5: CSV is not well-formed: a quoted field is never closed"), "{e}");
    let e = error(b"en,fr\n\"cat\" x,chat\n");
    assert_eq!(e.code(), "csv.syntax");
    assert!(
        e.to_string().starts_with("t.csv:2:7: CSV is not well-formed: unexpected 'x' after the closing quote"),
        "{e}"
    );
}

#[test]
fn bad_language_header_names_its_cell() {
    let e = error(b"id,en,fr-!!,de\nx,a,b,c\n");
    assert_eq!(e.code(), "lang.invalid");
    assert!(e.to_string().starts_with("t.csv:1:7: invalid language tag \"fr-!!\""), "{e}");
}

#[test]
fn too_long_field_is_a_limit() {
    let input = format!("en,fr\ncat,chat\ndog,{}\n", "x".repeat(MAX_FIELD_LEN + 1));
    let e = error(input.as_bytes());
    assert_eq!(e.code(), "limit.exceeded");
    assert!(e.to_string().starts_with("t.csv:3:5: a CSV field exceeds the limit of 65536"), "{e}");
}

#[test]
fn invalid_utf8_is_an_encoding_error() {
    let e = error(b"en,fr\ncoffee,caf\xE9\n");
    assert_eq!(e.code(), "csv.encoding");
    assert!(e.to_string().starts_with("t.csv:2:11: invalid UTF-8 byte 0xE9"), "{e}");
}

// --- Round trip ---------------------------------------------------------------

/// Text CSV carries unchanged: trimmed, non-empty, no `|`, NFC.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,;:\"'\n\t\u{e9}\u{fc}\u{65e5}\u{672c}#-]{1,12}"
        .prop_map(|s| s.trim().to_string())
        .prop_filter("non-empty", |s| !s.is_empty())
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn term() -> impl Strategy<Value = Term> {
    (
        text(),
        prop::sample::select(vec!["en", "fr", "ja", "pt-BR", "zh-Hans"]),
        prop::sample::select(Status::ALL.to_vec()),
        proptest::option::of(prop::sample::select(Register::ALL.to_vec())),
        (opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        (any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(text, lang, status, register, (pos, gender, usage, literal, term_type, context), (dnt, cs))| Term {
                text,
                lang: lang.to_string(),
                status,
                part_of_speech: pos,
                gender,
                register,
                usage,
                literal,
                term_type,
                context,
                do_not_translate: dnt,
                case_sensitive: cs,
            },
        )
}

fn concept() -> impl Strategy<Value = Concept> {
    let list = || prop::collection::vec(text(), 0..3);
    (
        "[a-z0-9][a-z0-9.-]{0,10}",
        (list(), list(), list(), list()),
        (opt_text(), opt_text(), opt_text()),
        prop::collection::vec(term(), 1..5),
    )
        .prop_map(|(id, (domains, kinds, related, notes), (definition, cultural_note, source), mut terms)| {
            // CSV groups terms by language, languages sorted.
            terms.sort_by(|a, b| a.lang.cmp(&b.lang));
            Concept {
                id,
                domains,
                kinds,
                related,
                notes,
                definition,
                cultural_note,
                source,
                terms,
                ..Concept::default()
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn write_then_read_gives_back_the_concepts(
        concepts in prop::collection::vec(concept(), 0..5),
        delimiter in prop::sample::select(vec![b',', b'\t', b';']),
    ) {
        let written = write_csv(&concepts, delimiter).unwrap();
        let read = read_csv(written.as_bytes(), &None, &CsvOptions::default()).unwrap();
        prop_assert!(read.warnings.is_empty(), "{:?}\n{written}", read.warnings);
        prop_assert_eq!(read.concepts, concepts, "{}", written);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any input gives concepts or an error, never a panic.
    #[test]
    fn never_panics(
        input in prop::collection::vec(prop::sample::select(b"ab ,;\t\"\r\n|:en-frxz\xC3\xA9\xFF\xFE\x00".to_vec()), 0..80),
        header in any::<Option<bool>>(),
        languages in any::<bool>(),
    ) {
        let mut options = CsvOptions { has_header: header, ..CsvOptions::default() };
        if languages {
            options = options.with_languages("en", "fr");
        }
        let _ = read_csv(&input, &Some("t.csv".into()), &options);
    }
}
