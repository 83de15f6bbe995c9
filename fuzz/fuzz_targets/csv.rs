//! CSV/TSV glossaries (delimiter and header detection) and CSV/TSV pairs.
#![no_main]
use crosscut::sources::csv::{read_csv, CsvOptions};
use crosscut::sources::pairs::{read_pairs, PairOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = read_csv(data, &Some("fuzz.csv".into()), &CsvOptions::default()) {
        crosscut_fuzz::compile_and_use(&imported);
    }
    let _ = read_csv(data, &None, &CsvOptions::default().with_languages("en", "fr"));
    if let Ok(read) = read_pairs(data, &None, &PairOptions::tsv("en", "fr")) {
        let _ = crosscut_fuzz::build_memory(read.units);
    }
});
