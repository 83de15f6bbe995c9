//! WebVTT: the W3C parsing algorithm (header, blocks, regions, cue settings),
//! the cue-text parser, the writer.
#![no_main]
use crosscut::subtitle::{read_subtitles, write_subtitles, SubtitleFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = read_subtitles(data, SubtitleFormat::Vtt, None, &Some("fuzz.vtt".into())) {
        crosscut_fuzz::use_subtitles(&parsed.subtitles, SubtitleFormat::Vtt);
        // Writing never panics either.
        let _ = write_subtitles(&parsed.subtitles);
    }
});
