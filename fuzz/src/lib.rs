//! What the fuzz targets share: a small glossary and memory to query, a way
//! to wrap fuzz bytes in a valid artifact header and checksum, and the calls
//! that exercise an opened artifact.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use crosscut::artifact::{FORMAT_VERSION, MAGIC};
use crosscut::sources::Imported;
use crosscut::tm_model::Unit;
use crosscut::{
    AnnotateOptions, ConcordanceOptions, Glossary, GlossaryBuilder, LookupOptions, MatchMode, Memory, MemoryBuilder,
    SearchOptions,
};

/// Artifact kinds, as in the header.
pub const GLOSSARY: u8 = 1;
/// See [`GLOSSARY`].
pub const MEMORY: u8 = 2;

/// A valid artifact header of `kind`, then `body` (the section count, the
/// section table and the sections), then a correct CRC-32: the fuzzer's bytes
/// reach the section table and fst validation instead of failing at the magic,
/// the version or the checksum.
pub fn wrap(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 12);
    out.extend_from_slice(&MAGIC);
    out.push(kind);
    out.push(0);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(body);
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

const GLOSSARY_SOURCE: &str = r#"
[[concept]]
id = "kinship.elder-brother"
cultural_note = "Chinese and Japanese name the elder brother with his own word."
[concept.terms]
en = ["elder brother", "big brother"]
fr = "grand frère"
zh-Hans = "哥哥"
ja = [{ text = "兄" }, { text = "お兄さん", register = "formal" }]

[[concept]]
id = "production.dailies"
[concept.terms]
en = ["dailies", "rushes"]
fr = "rushes"
de = "Muster"

[[concept]]
id = "idiom.break-a-leg"
[concept.terms]
en = "break a leg"
fr = "merde"
es = "mucha mierda"
[concept.idiom]
meaning = "good luck, said before a performance"
"#;

/// A small glossary with several scripts, idioms and stems.
pub fn glossary() -> &'static Glossary {
    static G: OnceLock<Glossary> = OnceLock::new();
    G.get_or_init(|| {
        let imported = crosscut::sources::toml::read_toml(GLOSSARY_SOURCE.as_bytes(), &None).expect("glossary source");
        Glossary::from_bytes(compile(&imported).expect("glossary compiles")).expect("glossary opens")
    })
}

/// A small memory.
pub fn memory() -> &'static Memory {
    static M: OnceLock<Memory> = OnceLock::new();
    M.get_or_init(|| {
        let tmx = r#"<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>Roll camera!</seg></tuv><tuv xml:lang="fr"><seg>Moteur !</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Quiet on set, please. <bpt i="1">&lt;b&gt;</bpt>Rolling<ept i="1">&lt;/b&gt;</ept>.</seg></tuv><tuv xml:lang="fr"><seg>Silence sur le plateau. <bpt i="1">&lt;b&gt;</bpt>Ça tourne<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Cut! That's a wrap.</seg></tuv><tuv xml:lang="ja"><seg>カット！撮影終了です。</seg></tuv></tu>
</body></tmx>"#;
        let units = crosscut::sources::tmx::read_tmx(tmx.as_bytes(), &None).expect("memory source").units;
        Memory::from_bytes(build_memory(units).expect("memory builds")).expect("memory opens")
    })
}

/// Compiles what a reader imported; errors are fine (the builder refuses
/// content), panics are not.
pub fn compile(imported: &Imported) -> Option<Vec<u8>> {
    let mut b = GlossaryBuilder::new();
    for c in &imported.concepts {
        let _ = b.add(c.clone());
    }
    b.build().ok()
}

/// Builds a memory from units; errors are fine, panics are not.
pub fn build_memory(units: Vec<Unit>) -> Option<Vec<u8>> {
    let mut b = MemoryBuilder::new();
    for u in units {
        let _ = b.add(u);
    }
    b.build().ok()
}

/// A reader's output must compile into an artifact that opens and answers.
pub fn compile_and_use(imported: &Imported) {
    if let Some(bytes) = compile(imported) {
        let g = Glossary::from_bytes(bytes).expect("an artifact the builder wrote must open");
        for c in &imported.concepts {
            if let Some(t) = c.terms.first() {
                let _ = g.lookup(&t.text, &LookupOptions::new(t.lang.clone()));
            }
        }
        use_glossary(&g, "elder brother, the dailies");
    }
}

/// Every query a glossary answers, on `text` (lookups on its start: a fuzzy
/// automaton costs milliseconds to build, which would slow the fuzzer down).
pub fn use_glossary(g: &Glossary, text: &str) {
    let q: String = text.chars().take(24).collect();
    for mode in [MatchMode::Exact, MatchMode::Prefix, MatchMode::Fuzzy(1)] {
        let _ = g.lookup(&q, &LookupOptions::new("en").mode(mode).to(["fr", "ja"]));
    }
    let short: String = text.chars().take(8).collect();
    let _ = g.lookup(&short, &LookupOptions::new("en").mode(MatchMode::Fuzzy(2)));
    for lang in ["en", "fr", "ja", "zh-Hans"] {
        for options in [AnnotateOptions::new(lang), AnnotateOptions::new(lang).overlapping(true)] {
            let found = g.annotate(text, &options);
            let spans = g.find_terms(text, &options);
            // find_terms finds annotate's matches, without the concepts.
            if let (Ok(found), Ok(spans)) = (&found, &spans) {
                let ids: Vec<_> = spans
                    .iter()
                    .map(|t| (t.span, g.concept(t.concept).map(|c| c.id).ok(), t.inflected))
                    .collect();
                let want: Vec<_> = found
                    .iter()
                    .map(|a| (a.span, Some(a.concept.id.clone()), a.how == crosscut::MatchKind::Inflected))
                    .collect();
                assert_eq!(ids, want, "find_terms and annotate disagree on {text:?} ({lang})");
            }
            // annotate also decodes the concepts, so on a damaged artifact it may
            // fail where find_terms does not; never the other way round.
            assert!(found.is_err() || spans.is_ok(), "find_terms fails where annotate does not on {text:?}");
        }
    }
    let _ = g.concept_by_id(&q);
    for c in g.concepts() {
        let _ = c;
    }
    let _ = g.info();
}

/// Every query a memory answers, on `text`.
pub fn use_memory(m: &Memory, text: &str) {
    for (src, tgt) in [("en", "fr"), ("en", "ja"), ("fr", "en")] {
        let _ = m.search(text, &SearchOptions::new(src, tgt));
        let _ = m.concordance(text, &ConcordanceOptions::new(src).tgt(tgt));
    }
    for u in m.units() {
        let _ = u;
    }
}

/// Exercises parsed subtitles: every cue's plain text and its offset map back
/// into the cue, and a `check` of the file against itself with the small
/// glossary.
pub fn use_subtitles(subs: &crosscut::subtitle::Subtitles, format: crosscut::subtitle::SubtitleFormat) {
    for cue in &subs.cues {
        let plain = cue.plain(format);
        let n = plain.text.len();
        let (a, b) = plain.raw_range(0, n);
        assert!(a <= b && b <= cue.text.len(), "a plain range maps outside its cue");
    }
    {
        let g = glossary();
        let options = crosscut::check::CheckOptions {
            src: "en".into(),
            tgt: "fr".into(),
            config: crosscut::check::CheckConfig::default(),
        };
        let _ = crosscut::check::check(g, None, subs, subs, &options);
    }
}
