//! SRT: the lenient reader (encoding detection, repairs), the writer, and the
//! cue text without markup with its offset map.
#![no_main]
use crosscut::subtitle::{read_subtitles, write_subtitles, SubtitleFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = read_subtitles(data, SubtitleFormat::Srt, None, &Some("fuzz.srt".into())) {
        crosscut_fuzz::use_subtitles(&parsed.subtitles, SubtitleFormat::Srt);
        // Writing never panics either.
        let _ = write_subtitles(&parsed.subtitles);
    }
});
