//! crosscut's own glossary format: read, compile, open, query.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = crosscut::sources::toml::read_toml(data, &Some("fuzz.toml".into())) {
        crosscut_fuzz::compile_and_use(&imported);
    }
});
