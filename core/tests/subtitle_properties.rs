//! Properties of the subtitle readers on arbitrary input: no panic, spans inside
//! the cue text, and writing is stable.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use crosscut::subtitle::{read_subtitles, vtt_cue_text, write_subtitles, SubtitleFormat};
use proptest::prelude::*;

/// Text made of the pieces subtitle syntax is built from.
fn subtitle_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("WEBVTT".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just(" --> ".to_string()),
        Just("00:00:01,500".to_string()),
        Just("00:01.000".to_string()),
        Just("1".to_string()),
        Just("NOTE".to_string()),
        Just("STYLE".to_string()),
        Just("REGION".to_string()),
        Just("<i>".to_string()),
        Just("</i>".to_string()),
        Just("<v Mei>".to_string()),
        Just("<ruby>".to_string()),
        Just("<rt>".to_string()),
        Just("&amp;".to_string()),
        Just("&".to_string()),
        Just("{\\an8}".to_string()),
        Just("line:0".to_string()),
        "[ a-zé哥<>.:,;&#0-9-]{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Cues: (start ms, duration ms, text lines) with markup, entities and CJK in the text.
fn cues() -> impl Strategy<Value = Vec<(u64, u64, Vec<String>)>> {
    let line = "[a-zé哥 ,.!?&;<>/ib{}0-9\\\\]{1,20}".prop_filter("not blank, no arrow", |l: &String| {
        !l.trim().is_empty() && !l.contains("-->")
    });
    prop::collection::vec((0u64..10_000, 1u64..8_000, prop::collection::vec(line, 0..3)), 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Generated SRT and WebVTT files read back cue for cue, and canonical ones byte for byte.
    #[test]
    fn generated_files_read_back(cues in cues(), numbered in any::<bool>()) {
        let mut srt = String::new();
        let mut vtt = String::from("WEBVTT\n");
        let mut at = 0;
        for (i, (gap, dur, lines)) in cues.iter().enumerate() {
            let (start, end) = (at + gap, at + gap + dur);
            at = end;
            if numbered || i == 0 {
                srt.push_str(&format!("{}\n", i + 1));
            }
            srt.push_str(&format!("{} --> {}\n", crosscut::subtitle::timing::format_srt(start), crosscut::subtitle::timing::format_srt(end)));
            vtt.push_str(&format!("\n{} --> {}\n", crosscut::subtitle::timing::format_vtt(start), crosscut::subtitle::timing::format_vtt(end)));
            for l in lines {
                srt.push_str(l);
                srt.push('\n');
                vtt.push_str(l);
                vtt.push('\n');
            }
            srt.push('\n');
        }
        let srt = srt.strip_suffix("\n\n").map_or(srt.clone(), |s| s.to_string() + "\n");
        for (text, format) in [(&srt, SubtitleFormat::Srt), (&vtt, SubtitleFormat::Vtt)] {
            let parsed = read_subtitles(text.as_bytes(), format, None, &None).unwrap();
            let s = &parsed.subtitles;
            prop_assert_eq!(s.cues.len(), cues.len());
            for (cue, (_, dur, lines)) in s.cues.iter().zip(&cues) {
                prop_assert_eq!(cue.duration(), *dur);
                prop_assert_eq!(&cue.text, &lines.join("\n"));
            }
        }
        // A numbered SRT file with a text line in every cue is canonical.
        if numbered && cues.iter().all(|c| !c.2.is_empty()) {
            let parsed = read_subtitles(srt.as_bytes(), SubtitleFormat::Srt, None, &None).unwrap();
            prop_assert_eq!(String::from_utf8(write_subtitles(&parsed.subtitles)).unwrap(), srt);
        }
    }

    #[test]
    fn readers_never_panic_and_spans_stay_in_the_cue(text in subtitle_text()) {
        for format in [SubtitleFormat::Srt, SubtitleFormat::Vtt] {
            let Ok(parsed) = read_subtitles(text.as_bytes(), format, None, &None) else { continue };
            for cue in &parsed.subtitles.cues {
                let plain = cue.plain(format);
                for (s, e) in [(0, plain.text.len()), (0, 0), (plain.text.len() / 2, plain.text.len())] {
                    if !plain.text.is_char_boundary(s) {
                        continue;
                    }
                    let (rs, re) = plain.raw_range(s, e);
                    prop_assert!(rs <= re && re <= cue.text.len(), "{rs}..{re} in {:?}", cue.text);
                    prop_assert!(cue.text.is_char_boundary(rs) && cue.text.is_char_boundary(re));
                }
            }
            // What was written reads back to the same cues, and writes the same bytes.
            let once = write_subtitles(&parsed.subtitles);
            let again = read_subtitles(&once, format, None, &None).unwrap();
            let key = |c: &crosscut::subtitle::Cue| (c.start, c.end, c.text.clone());
            prop_assert_eq!(
                again.subtitles.cues.iter().map(key).collect::<Vec<_>>(),
                parsed.subtitles.cues.iter().map(key).collect::<Vec<_>>()
            );
            prop_assert_eq!(write_subtitles(&again.subtitles), once);
        }
    }

    #[test]
    fn cue_text_parsing_never_panics(text in subtitle_text()) {
        let tree = vtt_cue_text::parse(&text);
        let _ = tree.tree();
        let plain = tree.plain();
        let (s, e) = plain.raw_range(0, plain.text.len());
        prop_assert!(s <= e && e <= text.len());
    }
}
