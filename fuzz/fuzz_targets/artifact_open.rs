//! The glossary loader behind a valid header and checksum: section table,
//! section bounds, metadata, every fst, records; then every query.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let bytes = crosscut_fuzz::wrap(crosscut_fuzz::GLOSSARY, data);
    if let Ok(g) = crosscut::Glossary::from_bytes(bytes) {
        crosscut_fuzz::use_glossary(&g, "My elder brother watched the dailies: break a leg! 哥哥 お兄さん");
    }
});
