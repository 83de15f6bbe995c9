//! TBX import against the shared real-world samples.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use crosscut::sources::tbx::{read_tbx, write_tbx};
use crosscut::sources::Imported;
use crosscut::{Concept, Error, Status};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/samples/");

fn bytes(path: &str) -> Vec<u8> {
    std::fs::read(format!("{SAMPLES}{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn import(path: &str) -> Imported {
    let name = path.rsplit('/').next().unwrap();
    read_tbx(&bytes(path), &Some(name.into())).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fail(path: &str) -> Error {
    let name = path.rsplit('/').next().unwrap();
    match read_tbx(&bytes(path), &Some(name.into())) {
        Ok(imp) => panic!("{path}: imported {} concepts, expected an error", imp.concepts.len()),
        Err(e) => e,
    }
}

fn concept<'a>(imp: &'a Imported, id: &str) -> &'a Concept {
    imp.concepts.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no concept {id}"))
}

fn term<'a>(c: &'a Concept, text: &str) -> &'a crosscut::Term {
    c.terms.iter().find(|t| t.text == text).unwrap_or_else(|| panic!("no term {text:?} in {}", c.id))
}

fn warned(imp: &Imported, line: u64, needle: &str) -> bool {
    imp.warnings.iter().any(|w| w.location.line == line && w.message.contains(needle))
}

#[test]
fn every_good_sample_imports() {
    // (file, concepts, terms)
    for (file, concepts, terms) in [
        ("min2014_tbx-min_basic.tbx", 3, 7),
        ("v2_convert-tbx-basic_basic_sample.tbx", 5, 13),
        ("v2_okapi_ibm_tbx.tbx", 5, 11),
        ("v2_okapi_medtronic_TBX.tbx", 3, 62),
        ("v2_okapi_test02_win1254.tbx", 1, 2),
        ("v2_omegat_sampleTBXfile.tbx", 1, 2),
        ("v3_ltac_basic_good.tbx", 45, 113),
        ("v3_ltac_core_structure_good.tbx", 45, 113),
        ("v3_ltac_min_good.tbx", 45, 113),
        ("v3_py-tbxv3_DualConcept_MultiTerm_Sample_min.tbx", 2, 12),
        ("v3_py-tbxv3_Glosario-SPAN417A_core.tbx", 140, 264),
        ("v3_py-tbxv3_medtronic_TBX_dct.tbx", 3, 62),
    ] {
        let imp = import(&format!("tbx/{file}"));
        assert_eq!(imp.concepts.len(), concepts, "{file}");
        assert_eq!(imp.concepts.iter().map(|c| c.terms.len()).sum::<usize>(), terms, "{file}");
        for w in &imp.warnings {
            assert!(w.location.line > 0, "{file}: warning without a line: {w}");
        }
    }
}

#[test]
fn valid_v3_samples_warn_only_about_unmodelled_data() {
    // The header (and back matter) are summarized; nothing else is wrong in these files.
    for (file, warnings) in [
        ("v3_ltac_core_structure_good.tbx", 2),
        ("v3_ltac_min_good.tbx", 1),
        ("v3_py-tbxv3_DualConcept_MultiTerm_Sample_min.tbx", 1),
        ("v3_py-tbxv3_Glosario-SPAN417A_core.tbx", 1),
    ] {
        let imp = import(&format!("tbx/{file}"));
        assert_eq!(imp.warnings.len(), warnings, "{file}: {:#?}", imp.warnings);
    }
}

#[test]
fn tbx_min_draft() {
    let imp = import("tbx/min2014_tbx-min_basic.tbx");
    let dog = concept(&imp, "C002");
    assert_eq!(dog.domains, ["biology"]);
    assert_eq!(term(dog, "Hund").lang, "de");
    assert_eq!(term(dog, "Hund").part_of_speech.as_deref(), Some("noun"));
    assert_eq!(term(dog, "dog").status, Status::Preferred);
    let hound = term(dog, "hound");
    assert_eq!(hound.status, Status::Deprecated, "termStatus obsolete");
    assert_eq!(hound.usage.as_deref(), Some("however bloodhound is used rather than blooddog"));
    assert!(dog.notes.iter().any(|n| n.starts_with("customer") && n.ends_with("SAP")), "{:?}", dog.notes);
}

#[test]
fn tbx_v2_basic() {
    let imp = import("tbx/v2_convert-tbx-basic_basic_sample.tbx");
    let lens = concept(&imp, "c7");
    assert_eq!(lens.source.as_deref(), Some("Wikipedia"), "admin source in the definition's descripGrp");
    assert!(lens.definition.as_deref().unwrap().starts_with("corrective lenses used in eyeglasses"));
    assert_eq!(term(lens, "progressive lens").status, Status::Preferred);
    assert_eq!(term(lens, "PAL").status, Status::Deprecated);
    assert_eq!(term(lens, "PAL").term_type.as_deref(), Some("acronym"));
    assert_eq!(term(lens, "graduated lens").status, Status::Deprecated, "supersededTerm-admn-sts");
    assert_eq!(term(lens, "lentille progressive").gender.as_deref(), Some("feminine"));
    assert_eq!(term(lens, "Gleitsichtglas").lang, "de");
    let c1 = concept(&imp, "c1");
    assert_eq!(c1.related, ["c2"], "ref target");
    assert_eq!(concept(&imp, "c2").related, ["c1"]);
    assert_eq!(
        term(concept(&imp, "c6"), "federated database").context.as_deref(),
        Some("Users and applications interface with the federated database managed by the federated server.")
    );
    // termLocation is not in the model: reported where it stands.
    assert!(warned(&imp, 137, "termLocation"));
    assert!(imp.warnings.iter().any(|w| w.message.starts_with("transaction not imported")));
}

#[test]
fn tbx_v2_ntig_and_related_concepts() {
    let imp = import("tbx/v2_okapi_ibm_tbx.tbx");
    let c1 = concept(&imp, "c1");
    assert_eq!(c1.domains, ["Software"]);
    let trail = term(c1, "navigation trail");
    assert_eq!(trail.lang, "en");
    assert_eq!(trail.part_of_speech.as_deref(), Some("noun"));
    assert!(trail.context.as_deref().unwrap().starts_with("The trail at the top"));
    assert_eq!(term(c1, "historique de navigation").part_of_speech.as_deref(), Some("nom"));
    // "navigation tree" is a term, not an id of this file: kept as a note.
    assert!(c1.related.is_empty());
    assert!(c1.notes.contains(&"relatedConcept: navigation tree".to_string()), "{:?}", c1.notes);
}

#[test]
fn windows_1254_is_decoded() {
    let imp = import("tbx/v2_okapi_test02_win1254.tbx");
    let c = concept(&imp, "id1");
    assert_eq!(term(c, "tr term with: éá and İı").lang, "tr");
    assert_eq!(term(c, "term with: éá and İı").lang, "en");
}

#[test]
fn bom_and_external_dtd() {
    let imp = import("tbx/v2_omegat_sampleTBXfile.tbx");
    let c = concept(&imp, "eid-Oracle-67");
    assert_eq!(c.domains, ["manufacturing"]);
    assert_eq!(c.definition.as_deref(), Some("A value between 0 and 1 used in ..."));
    assert_eq!(term(c, "alpha smoothing factor").term_type.as_deref(), Some("fullForm"));
    assert_eq!(term(c, "hu translation").lang, "hu");
    assert!(warned(&imp, 2, "DOCTYPE"), "{:#?}", imp.warnings);
}

#[test]
fn tbx_v3_basic_dca() {
    let imp = import("tbx/v3_ltac_basic_good.tbx");
    let c1 = concept(&imp, "c1");
    assert_eq!(c1.domains, ["General"]);
    assert_eq!(c1.definition.as_deref(), Some("A group of stars formed together in the spiral arms of a galaxy."));
    assert_eq!(c1.source.as_deref(), Some("Oxford2007"));
    assert_eq!(term(c1, "open cluster").status, Status::Preferred);
    assert_eq!(term(c1, "galactic cluster").status, Status::Deprecated);
    assert_eq!(term(c1, "cúmulo abierto").lang, "es");
    assert!(term(c1, "open cluster").context.as_deref().unwrap().starts_with("Over 1100 open clusters"));
    // The Spanish definition and every source stay, as notes.
    assert!(c1.notes.iter().any(|n| n.starts_with("definition (es): Una acumulación")), "{:?}", c1.notes);
    assert!(c1.notes.iter().any(|n| n.contains("http://seds.org/MESSIER/open.html")));
    // xGraphic is external: a note with its target.
    assert!(c1.notes.iter().any(|n| n.starts_with("xGraphic: Open_Cluster.JPG <https://")));
    assert!(warned(&imp, 4019, "back matter"));
}

#[test]
fn tbx_v3_dct() {
    let imp = import("tbx/v3_py-tbxv3_medtronic_TBX_dct.tbx");
    let c = concept(&imp, "c7331");
    assert!(c.definition.as_deref().unwrap().starts_with("the capability of a distance telemetry"));
    assert!(term(c, "patient identifier").context.as_deref().unwrap().starts_with("If the programmer establishes"));
    assert_eq!(term(c, "betegazonosító").lang, "hu");
    assert!(c.notes.contains(&"projectSubset: Concerto/Virtuoso".to_string()));
}

#[test]
fn tbx_v3_min_and_core() {
    let imp = import("tbx/v3_py-tbxv3_DualConcept_MultiTerm_Sample_min.tbx");
    let c = concept(&imp, "C001");
    assert_eq!(term(c, "money").status, Status::Preferred);
    assert_eq!(term(c, "bread").status, Status::Deprecated);
    assert_eq!(term(c, "Geld").lang, "de");

    let imp = import("tbx/v3_py-tbxv3_Glosario-SPAN417A_core.tbx");
    let c = concept(&imp, "C001");
    let es = term(c, "La oficina de admision");
    assert_eq!(es.lang, "es");
    assert!(es.usage.as_deref().unwrap().contains("Author of Entry: chirstin"));
}

/// Lenient policy: the file imports, and each violation listed in its header
/// comment is a warning at the line where it happens.
#[test]
fn core_structure_violations_are_each_reported() {
    let imp = import("bad/tbx/v3_ltac_core_structure_bad.tbx");
    assert!(warned(&imp, 15, "text directly in <sourceDesc> must be wrapped in <p>"), "{:#?}", imp.warnings);
    assert!(warned(&imp, 21, "<admin> is not allowed directly in <text>"));
    assert!(warned(&imp, 27, "<term> must come first in <termSec>"));
    assert!(warned(&imp, 27, "<admin> has no type attribute"));
    assert!(warned(&imp, 32, "only one <term> is allowed per <termSec>"));
    assert!(warned(&imp, 46, "only one <descrip> is allowed per <descripGrp>"));
    // The misplaced admin under <text> is not imported anywhere.
    assert!(imp.concepts.iter().all(|c| c.notes.iter().all(|n| !n.contains("Wrong place"))));
    let c1 = concept(&imp, "c1");
    assert!(c1.terms.iter().any(|t| t.text == "Wrong order"));
    assert!(c1.terms.iter().any(|t| t.text == "Second term"));
}

#[test]
fn tbx_min_violations_are_each_reported() {
    let imp = import("bad/tbx/v3_ltac_min_bad.tbx");
    assert!(warned(&imp, 21, "\"source\" (<admin>) is not allowed in TBX-Min"), "{:#?}", imp.warnings);
    assert!(warned(&imp, 41, "\"xref\" (<xref>) is not allowed in TBX-Min"));
    assert!(warned(&imp, 803, "usageStatus has the unknown value \"not an allowed value\""));
    assert_eq!(imp.warnings.len(), 4, "the header summary plus the three violations: {:#?}", imp.warnings);
}

#[test]
fn bad_samples_fail_with_codes_and_lines() {
    // (file, code, line; 0 = not asserted)
    for (file, code, line) in [
        ("bad/tbx/made_xxe_martif.tbx", "xml.entity", 2),
        ("bad/tbx/v3_ltac_poorly_formed_xml.tbx", "tbx.syntax", 42),
        ("bad/tbx/v3_py-tbxv3_badiso_wrong-namespace.tbx", "tbx.invalid", 11),
        ("bad/tbx/v3_py-tbxv3_ill-formedheader.tbx", "tbx.syntax", 14),
        ("bad/tbx/v3_tbx-basic-package_notwellformed.tbx", "tbx.syntax", 41),
        ("bad/xml/defusedxml_cyclic.xml", "xml.entity", 1),
        ("bad/xml/defusedxml_dtd.xml", "tbx.invalid", 4),
        ("bad/xml/defusedxml_external.xml", "xml.entity", 1),
        ("bad/xml/defusedxml_external_file.xml", "xml.entity", 1),
        ("bad/xml/defusedxml_quadratic.xml", "xml.entity", 1),
        ("bad/xml/defusedxml_xmlbomb.xml", "xml.entity", 1),
    ] {
        let e = fail(file);
        assert_eq!(e.code(), code, "{file}: {e}");
        assert_eq!(e.location().map(|l| l.line), Some(line), "{file}: {e}");
    }
    assert!(fail("bad/xml/defusedxml_dtd.xml").to_string().contains("not a TBX document"));
    assert!(fail("bad/tbx/made_xxe_martif.tbx").to_string().contains("external entity"));
    assert!(fail("bad/tbx/v3_py-tbxv3_badiso_wrong-namespace.tbx").to_string().contains("unknown namespace"));
}

#[test]
fn samples_round_trip_through_the_writer() {
    for file in [
        "tbx/v2_convert-tbx-basic_basic_sample.tbx",
        "tbx/v3_ltac_basic_good.tbx",
        "tbx/v3_py-tbxv3_Glosario-SPAN417A_core.tbx",
        "tbx/min2014_tbx-min_basic.tbx",
    ] {
        let first = import(file);
        let written = write_tbx(&first.concepts);
        let again = read_tbx(written.as_bytes(), &None).unwrap();
        assert_eq!(again.concepts, first.concepts, "{file}");
        assert_eq!(again.warnings.len(), 1, "only the header summary: {:#?}", again.warnings);
    }
}

/// Every prefix of a real file either imports or fails with a located error; nothing panics.
#[test]
fn truncated_and_corrupted_inputs_never_panic() {
    for file in ["tbx/min2014_tbx-min_basic.tbx", "tbx/v2_okapi_test02_win1254.tbx", "bad/tbx/made_xxe_martif.tbx"] {
        let data = bytes(file);
        for cut in 0..data.len() {
            let prefix = &data[..cut];
            if let Err(e) = read_tbx(prefix, &None) {
                assert!(e.location().is_some(), "{file}[..{cut}]: {e}");
            }
        }
        for at in (0..data.len()).step_by(7) {
            let mut broken = data.clone();
            broken[at] ^= 0x20;
            let _ = read_tbx(&broken, &None);
        }
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = read_tbx(&data, &None);
        }

        #[test]
        fn arbitrary_markup_never_panics(parts in proptest::collection::vec(prop_oneof![
            Just("<martif>"), Just("</martif>"), Just("<text>"), Just("</text>"), Just("<body>"), Just("</body>"),
            Just("<termEntry id='x'>"), Just("</termEntry>"), Just("<langSet xml:lang='en'>"), Just("</langSet>"),
            Just("<tig>"), Just("</tig>"), Just("<term>"), Just("</term>"), Just("t"), Just("&amp;"), Just("&x;"),
            Just("<descripGrp>"), Just("</descripGrp>"), Just("<descrip type='definition'>"), Just("</descrip>"),
            Just("<ntig>"), Just("</ntig>"), Just("<termGrp>"), Just("</termGrp>"), Just("<!DOCTYPE martif>"),
        ], 0..40)) {
            let _ = read_tbx(parts.concat().as_bytes(), &None);
        }
    }
}
