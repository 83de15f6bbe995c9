//! `align` and `pretranslate`: subtitles to memory units and back.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use crosscut::align::{align, AlignOptions};
use crosscut::pretranslate::{pretranslate, FillKind, PretranslateOptions};
use crosscut::sources::tmx::{read_tmx, write_tmx};
use crosscut::subtitle::{read_subtitles, write_as, BlockKind, SubtitleFormat, Subtitles};
use crosscut::{Memory, MemoryBuilder, SearchOptions};

fn srt(text: &str) -> Subtitles {
    read_subtitles(text.as_bytes(), SubtitleFormat::Srt, None, &None)
        .unwrap()
        .subtitles
}

const EN: &str = "1\n00:00:01,000 --> 00:00:04,000\nMy elder brother flew back\nfor the Spring Festival.\n\n\
2\n00:00:04,200 --> 00:00:06,000\nHe brought\n\n\
3\n00:00:06,000 --> 00:00:08,000\nmooncakes for everyone.\n\n\
4\n00:00:08,200 --> 00:00:12,000\n<i>Nobody eats the last one.</i>\n\n\
5\n00:00:20,000 --> 00:00:21,000\n(laughs)\n";

const FR: &str = "1\n00:00:01,000 --> 00:00:04,000\nMon grand frère est rentré\npour la fête du Printemps.\n\n\
2\n00:00:04,200 --> 00:00:08,000\nIl a apporté des gâteaux de lune pour tous.\n\n\
3\n00:00:08,200 --> 00:00:10,000\nPersonne ne mange\n\n\
4\n00:00:10,000 --> 00:00:12,000\nle dernier.\n";

#[test]
fn align_handles_splits_and_merges() {
    let a = align(
        &srt(EN),
        &srt(FR),
        &AlignOptions {
            origin: Some("film".into()),
            ..AlignOptions::new("en", "fr")
        },
    )
    .unwrap();
    let pairs: Vec<(String, String)> = a
        .units
        .iter()
        .map(|u| (u.source.segment.plain(), u.targets[0].segment.plain()))
        .collect();
    assert_eq!(
        pairs,
        [
            (
                "My elder brother flew back for the Spring Festival.".into(),
                "Mon grand frère est rentré pour la fête du Printemps.".into()
            ),
            (
                "He brought mooncakes for everyone.".into(),
                "Il a apporté des gâteaux de lune pour tous.".into()
            ),
            (
                "Nobody eats the last one.".into(),
                "Personne ne mange le dernier.".into()
            ),
        ]
    );
    assert_eq!((a.one_to_one, a.many, a.unpaired, a.empty), (1, 2, 1, 0));
    let u = &a.units[1];
    assert_eq!(u.origin.file.as_deref(), Some("film"));
    assert_eq!(
        u.context.prev.as_deref(),
        Some("My elder brother flew back for the Spring Festival.")
    );
    assert_eq!(
        u.notes[0],
        "subtitles: source cue 2, 3 = target cue 2, 00:00:04.200 --> 00:00:08.000"
    );

    // The units survive TMX and make a memory that finds them.
    let tmx = write_tmx(&a.units, Some("en"));
    let back = read_tmx(tmx.as_bytes(), &None).unwrap();
    assert_eq!(back.units.len(), 3);
    let mut b = MemoryBuilder::new();
    b.add_all(back.units).unwrap();
    let memory = Memory::from_bytes(b.build().unwrap()).unwrap();
    let hits = memory
        .search("He brought mooncakes for everyone.", &SearchOptions::new("en", "fr"))
        .unwrap();
    assert_eq!(hits[0].score, 100);
}

#[test]
fn pretranslate_fills_exact_and_fuzzy_and_marks_fuzzy() {
    let a = align(&srt(EN), &srt(FR), &AlignOptions::new("en", "fr")).unwrap();
    let mut b = MemoryBuilder::new();
    b.add_all(a.units).unwrap();
    let memory = Memory::from_bytes(b.build().unwrap()).unwrap();
    let source = srt("1\n00:00:01,000 --> 00:00:03,000\n<i>Nobody eats the last one.</i>\n\n\
                      2\n00:00:03,500 --> 00:00:06,000\n{\\an8}He brought mooncakes for everybody.\n\n\
                      3\n00:00:06,500 --> 00:00:08,000\nRoll camera!\n");
    let done = pretranslate(&memory, &source, &PretranslateOptions::new("en", "fr")).unwrap();
    let kinds: Vec<FillKind> = done.fills.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [FillKind::Exact, FillKind::Fuzzy, FillKind::None]);
    let cues = &done.subtitles.cues;
    assert_eq!(cues[0].text, "<i>Personne ne mange le dernier.</i>");
    assert_eq!(cues[1].text, "{\\an8}Il a apporté des gâteaux\nde lune pour tous.");
    assert_eq!(cues[2].text, "Roll camera!");
    assert_eq!((cues[1].start, cues[1].end), (3500, 6000));
    assert!(done.fills[1].score >= 75 && done.fills[1].score < 100);
    // SRT has no comments: the fuzzy fill is marked in WebVTT only.
    let notes: Vec<&str> = done
        .subtitles
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Note)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].starts_with("NOTE crosscut: fuzzy match"), "{}", notes[0]);
    let vtt = String::from_utf8(write_as(&done.subtitles, SubtitleFormat::Vtt)).unwrap();
    assert!(vtt.contains("\n\nNOTE crosscut: fuzzy match"), "{vtt}");
    let reread = read_subtitles(vtt.as_bytes(), SubtitleFormat::Vtt, None, &None).unwrap();
    assert_eq!(reread.subtitles.cues.len(), 3);
    assert!(reread.warnings.is_empty());

    let strict = pretranslate(
        &memory,
        &source,
        &PretranslateOptions {
            min_score: 100,
            ..PretranslateOptions::new("en", "fr")
        },
    )
    .unwrap();
    assert_eq!((strict.count(FillKind::Exact), strict.count(FillKind::Fuzzy)), (1, 0));
}
