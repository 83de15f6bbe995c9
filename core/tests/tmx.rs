//! TMX import and export against the shared real-world samples.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use crosscut::sources::tmx::{pairing_problems, read_tmx, write_tmx, ImportedUnits};
use crosscut::{SegmentPiece, TagKind, Unit};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/samples/");

fn read(path: &str) -> ImportedUnits {
    let bytes = std::fs::read(format!("{SAMPLES}{path}")).unwrap();
    read_tmx(&bytes, &Some(path.into())).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn err(path: &str) -> crosscut::Error {
    let bytes = std::fs::read(format!("{SAMPLES}{path}")).unwrap();
    read_tmx(&bytes, &Some(path.into())).unwrap_err()
}

fn target(u: &Unit, lang: &str) -> String {
    u.targets.iter().find(|t| t.lang == lang).unwrap_or_else(|| panic!("no {lang} in {u:?}")).segment.plain()
}

/// Import → export → import gives the same units, placeholders included.
fn round_trips(path: &str, imported: &ImportedUnits) {
    let written = write_tmx(&imported.units, None);
    let again = read_tmx(written.as_bytes(), &Some(path.into())).unwrap_or_else(|e| panic!("{path}: {e}\n{written}"));
    assert_eq!(again.units, imported.units, "{path} does not round-trip:\n{written}");
    // Exporting again gives the same bytes.
    assert_eq!(write_tmx(&again.units, None), written);
}

/// (file, units, source of the first unit as plain text, its first target language)
const EXPECTED: &[(&str, usize, &str, &str)] = &[
    ("tmx/lisa_ImportTest1A_utf16le.tmx", 2, "First segment with [\t\t   ]", "fr-CA"),
    ("tmx/lisa_ImportTest1I_ja.tmx", 1, "English segment with [    ]", "ja-JP"),
    ("tmx/lisa_ImportTest1L_full-attributes.tmx", 1, "Text of the segment.", "fr"),
    ("tmx/lisa_ImportTest2A_utf16le.tmx", 7, "The big {1}black{/1} {2}cat{/2} sleeps.", "fr-CA"),
    ("tmx/okapi_header_with_prop_and_note.tmx", 1, "{1}{1}Click {3/} to {4}start{/4}.{/1}", "fr"),
    ("tmx/okapi_html_test_trados-utf16le.tmx", 11, "start &lt; of &lt; body text", "fr-FR"),
    ("tmx/okapi_sample14b.tmx", 25, "Confirm that the AC line is in the AC fluid detector.", "de-DE"),
    ("tmx/omegat_en-US_en-GB_fr_sr.tmx", 1, "XXx", "en-GB"),
    ("tmx/omegat_test-SMP_tmx11.tmx", 1, "𝐀𝐁𝐂", "be"),
    ("tmx/omegat_test-level2.tmx", 4, "entuv", "be"),
];

#[test]
fn every_sample_imports_and_round_trips() {
    let listed: Vec<String> = std::fs::read_dir(format!("{SAMPLES}tmx"))
        .unwrap()
        .map(|e| format!("tmx/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".tmx"))
        .collect();
    assert_eq!(listed.len(), EXPECTED.len(), "a sample was added or removed: {listed:?}");
    for (path, units, first, lang) in EXPECTED {
        let r = read(path);
        assert_eq!(r.units.len(), *units, "{path}");
        assert_eq!(r.units[0].source.segment.plain(), *first, "{path}");
        assert_eq!(r.units[0].targets[0].lang, *lang, "{path}");
        round_trips(path, &r);
    }
}

#[test]
fn whitespace_written_as_references_survives() {
    let r = read("tmx/lisa_ImportTest1A_utf16le.tmx");
    assert_eq!(target(&r.units[0], "fr-CA"), "Premier segment avec [\t\t   ]");
    assert_eq!(r.units[1].source.segment.plain(), "Second segment with [  \t\t]");
    let r = read("tmx/lisa_ImportTest1I_ja.tmx");
    assert_eq!(target(&r.units[0], "ja-JP"), "Japanese segment with [\u{3000}\u{3000}]");
    assert_eq!(r.header.srclang.as_deref(), Some("en-US"));
}

#[test]
fn full_attributes_keep_dates_users_props_and_notes() {
    let r = read("tmx/lisa_ImportTest1L_full-attributes.tmx");
    assert_eq!(r.header.notes, ["Text of header note 1", "Text of header note 2"]);
    assert_eq!(r.header.props[0].kind, "myPropeType");
    let u = &r.units[0];
    assert_eq!(u.id.as_deref(), Some("tu001"));
    assert_eq!(u.created.as_deref(), Some("20020523T091200Z"));
    assert_eq!(u.creator.as_deref(), Some("ys"));
    assert_eq!(u.changer.as_deref(), Some("ys"));
    assert_eq!(u.notes, ["Text of tu note 1", "Text of tu note 2"]);
    assert_eq!(u.props.len(), 1);
    assert_eq!(u.source.notes.len(), 2);
    assert_eq!(u.source.changed.as_deref(), Some("20020523T091200Z"));
    assert_eq!(u.targets.len(), 2, "fr and en-GB");
    assert_eq!(target(u, "fr"), "Texte du segment.");
    assert_eq!(u.targets[0].props.len(), 2);
    assert_eq!(u.origin.file.as_deref(), Some("lisa_ImportTest1L_full-attributes.tmx"));
    // The <ude> header element and attributes the model has no field for are reported.
    assert!(r.warnings.iter().any(|w| w.message.contains("<ude>")), "{:?}", r.warnings);
    assert!(r.warnings.iter().any(|w| w.message.contains("usagecount")), "{:?}", r.warnings);
}

#[test]
fn inline_codes_become_structured_placeholders() {
    let r = read("tmx/lisa_ImportTest2A_utf16le.tmx");
    let u = &r.units[0];
    assert_eq!(target(u, "fr-CA"), "Le gros {2}chat{/2} {1}noir{/1} dors.");
    let bpt = u.source.segment.tags().next().unwrap();
    assert_eq!(bpt.kind, TagKind::Bpt);
    assert_eq!(bpt.attr("type"), Some("bold"));
    assert_eq!(bpt.native(), "<b>");
    // Escaped characters between codes.
    assert_eq!(
        r.units[1].source.segment.plain(),
        "Test for special characters = {1}<{/1}=lt, {2}>{/2}=gt, {3}&{/3}=amp, {4}\"{/4}=quot."
    );
    assert_eq!(r.units[3].source.segment.plain(), "First {1}sentence.");
    assert_eq!(r.units[4].source.segment.plain(), "Second{/1} sentence.");
    // Inverted order: the en-US tuv is still the source; hi keeps its text.
    assert_eq!(r.units[6].source.lang, "en-US");
    assert_eq!(r.units[6].source.segment.plain(), "Some text with {1}a part highlighted{/1}.");
    assert_eq!(r.units[6].source.segment.text_only(), "Some text with a part highlighted.");
    // Lower-case and odd-cased tags are canonical.
    assert_eq!(r.units[5].targets[0].lang, "fr-CA");

    // <sub> inside <ph>: translatable text inside a code survives.
    let r = read("tmx/okapi_header_with_prop_and_note.tmx");
    let ph = r.units[0].source.segment.tags().find(|t| t.kind == TagKind::Ph).unwrap();
    assert_eq!(ph.native(), "<IMG SRC=\"here.png\" ALT=\"Start Here!\">");
    assert!(matches!(&ph.code[1], crosscut::Code::Sub { .. }));
    assert_eq!(r.header.props[0].value, "prop");
    assert_eq!(r.header.notes, ["note"]);

    let r = read("tmx/okapi_html_test_trados-utf16le.tmx");
    let u = r.units.iter().find(|u| u.source.segment.text_only().contains("a para")).unwrap();
    assert_eq!(u.source.segment.plain(), "This is{1/}a para{2/}graph with line breaks");
    assert_eq!(r.units[0].created.as_deref(), Some("20081203T053817Z"));
    assert!(r.warnings.iter().any(|w| w.message.contains("without a type")), "the type2 prop is reported");

    let r = read("tmx/omegat_test-level2.tmx");
    assert_eq!(r.units[1].source.segment.plain(), "First part {1/} end.");
    assert_eq!(r.units[1].targets[0].segment.tags().next().unwrap().native(), "{\\test internal />}");
    assert_eq!(r.units[3].source.segment.plain(), "3 {5}xx{/5}");
    let empty_bpt = r.units[3].source.segment.tags().next().unwrap();
    assert!(empty_bpt.code.is_empty());
}

#[test]
fn four_languages_and_tmx_11() {
    let r = read("tmx/omegat_en-US_en-GB_fr_sr.tmx");
    let langs: Vec<&str> = r.units[0].targets.iter().map(|t| t.lang.as_str()).collect();
    assert_eq!(langs, ["en-GB", "fr", "sr"]);
    assert_eq!(r.units[0].source.lang, "en-US");
    let r = read("tmx/omegat_test-SMP_tmx11.tmx");
    assert_eq!(target(&r.units[0], "be"), "𝐃𝐄𝐅", "TMX 1.1 `lang` attribute, astral-plane characters");
}

#[test]
fn sample14b_props_are_kept() {
    let r = read("tmx/okapi_sample14b.tmx");
    let u = &r.units[1];
    assert_eq!(u.id.as_deref(), Some("ACDetectionCheckFailedAction0_s04"));
    assert_eq!(target(u, "de-DE"), "'Wiederholen' drücken.");
    assert_eq!(u.props[0].kind, "Txt::FileName");
    assert_eq!(u.props[0].value, "file1_en.info");
    let last = r.units.last().unwrap();
    assert_eq!(last.source.segment.plain(), "{1/}Recent changes to configuration options may have been lost.");
}

#[test]
fn bad_samples_are_refused_with_clear_errors() {
    let e = err("bad/tmx/made_billion_laughs.tmx");
    assert_eq!(e.code(), "xml.entity", "{e}");
    assert_eq!(e.location().unwrap().line, 2, "{e}");
    let e = err("bad/tmx/made_latin1-declared-utf8.tmx");
    assert_eq!(e.code(), "tmx.encoding", "{e}");
    assert_eq!(e.location().unwrap().line, 2, "{e}");
    assert!(e.to_string().contains("0xE9"), "{e}");
    let e = err("bad/tmx/made_truncated.tmx");
    assert_eq!(e.code(), "tmx.syntax", "{e}");
    assert!(e.location().unwrap().line >= 14, "{e}");
    assert!(e.to_string().contains("not closed"), "{e}");
    let e = read_tmx(std::fs::read(format!("{SAMPLES}bad/xml/defusedxml_dtd.xml")).unwrap().as_slice(), &None).unwrap_err();
    assert_eq!(e.code(), "tmx.invalid", "{e}");
    assert!(e.to_string().contains("not a TMX document"), "{e}");
}

#[test]
fn unpaired_inline_codes_are_reported_not_repaired() {
    let r = read("bad/tmx/omegat_invalid.tmx");
    let problems: Vec<&str> = r.warnings.iter().map(|w| w.message.as_str()).filter(|m| m.contains("<ept") || m.contains("<bpt")).collect();
    // For each of the two variants: the early ept, the shared i="1", the unclosed bpt.
    assert!(problems.iter().any(|m| m.contains("has no open <bpt>")), "{problems:?}");
    assert!(problems.iter().any(|m| m.contains("share i=\"1\"")), "{problems:?}");
    assert!(problems.iter().any(|m| m.contains("never closed")), "{problems:?}");
    assert!(problems.iter().all(|m| m.starts_with("en segment") || m.starts_with("be segment")), "{problems:?}");
    assert_eq!(r.warnings.iter().find(|w| w.message.contains("has no open")).unwrap().location.line, 9);
    // The codes are kept as written: ept, it, bpt, bpt.
    let kinds: Vec<TagKind> = r.units[0].source.segment.tags().map(|t| t.kind).collect();
    assert_eq!(kinds, [TagKind::Ept, TagKind::It, TagKind::Bpt, TagKind::Bpt]);
    assert_eq!(pairing_problems(&r.units[0].source.segment).len(), 4);
    round_trips("omegat_invalid.tmx", &r);
}

#[test]
fn srclang_all_and_context_props() {
    let tmx = r#"<tmx version="1.4"><header srclang="*all*"/><body>
      <tu><prop type="x-context-prev">Hi.</prop><prop type="x-project">film-1</prop>
        <tuv xml:lang="de"><seg>Ja</seg></tuv><tuv xml:lang="en"><seg>Yes</seg></tuv></tu>
      <tu srclang="en"><tuv xml:lang="de"><seg>Nein</seg></tuv><tuv xml:lang="en"><seg>No</seg></tuv></tu>
      <tu><tuv xml:lang="en"><seg>alone</seg></tuv></tu>
    </body></tmx>"#;
    let r = read_tmx(tmx.as_bytes(), &None).unwrap();
    assert_eq!(r.units.len(), 2);
    assert_eq!(r.units[0].source.lang, "de", "*all*: the first tuv is the source");
    assert_eq!(r.units[0].context.prev.as_deref(), Some("Hi."));
    assert_eq!(r.units[0].origin.project.as_deref(), Some("film-1"));
    assert!(r.units[0].props.is_empty());
    assert_eq!(r.units[1].source.lang, "en", "the tu's srclang wins");
    assert!(r.warnings.iter().any(|w| w.message.contains("no translation")));
    let written = write_tmx(&r.units, None);
    assert!(written.contains("srclang=\"*all*\""));
    assert_eq!(read_tmx(written.as_bytes(), &None).unwrap().units, r.units);
}

#[test]
fn export_escapes_and_keeps_line_breaks() {
    let mut seg = crosscut::Segment::text("a < b & c\r\nd");
    seg.spans.push(SegmentPiece::Tag(crosscut::Tag {
        kind: TagKind::Ph,
        attrs: vec![("x".into(), "1".into())],
        code: vec![crosscut::Code::Native("<br \"/\">".into())],
    }));
    let unit = Unit {
        source: crosscut::Variant::new("en", seg),
        targets: vec![crosscut::Variant { count: 3, ..crosscut::Variant::new("fr", crosscut::Segment::text(" x "))}],
        notes: vec!["line\nbreak ".into()],
        ..Unit::default()
    };
    let written = write_tmx(std::slice::from_ref(&unit), Some("en"));
    assert_eq!(read_tmx(written.as_bytes(), &None).unwrap().units, vec![unit]);
}
