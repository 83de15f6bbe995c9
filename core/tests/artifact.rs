//! The artifact refuses every truncation and corruption with a clear error, never a panic.

use crosscut::{Concept, Glossary, GlossaryBuilder, LookupOptions, MatchMode, Normalization, Term};

fn term(text: &str, lang: &str) -> Term {
    Term { text: text.into(), lang: lang.into(), ..Term::default() }
}

fn small() -> Vec<u8> {
    let mut b = GlossaryBuilder::new();
    for (id, en, fr) in [("a", "rough cut", "premier montage"), ("b", "dubbing", "doublage"), ("c", "dailies", "rushes")] {
        b.add(Concept {
            id: id.into(),
            cultural_note: Some(format!("note for {en}")),
            terms: vec![term(en, "en"), term(fr, "fr")],
            ..Concept::default()
        })
        .unwrap();
    }
    b.build().unwrap()
}

/// Exercises an opened glossary fully, so corruption that slips past open would show.
fn use_it(g: &Glossary) {
    for mode in [MatchMode::Exact, MatchMode::Prefix, MatchMode::Fuzzy(1), MatchMode::Regex] {
        let q = if mode == MatchMode::Regex { "d.*" } else { "dubbing" };
        let _ = g.lookup(q, &LookupOptions::new("en").mode(mode).to(["fr"]));
    }
    for c in g.concepts() {
        let _ = c;
    }
}

#[test]
fn every_truncation_is_refused() {
    let art = small();
    for len in 0..art.len() {
        let err = Glossary::from_bytes(art[..len].to_vec()).expect_err(&format!("truncated to {len}"));
        let code = err.code();
        assert!(
            ["artifact.truncated", "artifact.checksum", "artifact.magic"].contains(&code.as_str()),
            "len {len}: {code}: {err}"
        );
        assert!(err.to_string().contains("crosscut compile"), "{err}");
    }
    assert!(Glossary::from_bytes(art).is_ok());
}

#[test]
fn every_single_byte_flip_is_refused() {
    let art = small();
    for i in 0..art.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = art.clone();
            bad[i] ^= bit;
            let err = Glossary::from_bytes(bad).expect_err(&format!("flip at {i}"));
            assert!(err.code().starts_with("artifact."), "{i}: {err}");
        }
    }
}

#[test]
fn random_corruption_is_refused() {
    // A small xorshift generator keeps the test deterministic without a dependency.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let art = small();
    for _ in 0..3000 {
        let mut bad = art.clone();
        for _ in 0..(next() % 4 + 1) {
            let i = (next() as usize) % bad.len();
            bad[i] = next() as u8;
        }
        // Verified opening refuses any change. (Unverified opening is for trusted
        // bytes only: the fst crate may panic on a corrupted automaton.)
        match Glossary::from_bytes(bad.clone()) {
            Ok(g) => {
                assert_eq!(bad, art, "a changed artifact was accepted");
                use_it(&g);
            }
            Err(e) => assert!(e.code().starts_with("artifact."), "{e}"),
        }
    }
}

#[test]
fn version_and_magic_errors_say_which_way_to_go() {
    let art = small();
    let reseal = |mut v: Vec<u8>| {
        let n = v.len() - 4;
        let crc = crc32fast::hash(&v[..n]);
        v[n..].copy_from_slice(&crc.to_le_bytes());
        v
    };
    let mut newer = art.clone();
    newer[6..8].copy_from_slice(&999u16.to_le_bytes());
    let e = Glossary::from_bytes(reseal(newer)).unwrap_err();
    assert_eq!(e.code(), "artifact.version");
    assert!(e.to_string().contains("upgrade crosscut"), "{e}");
    let mut older = art.clone();
    older[6..8].copy_from_slice(&0u16.to_le_bytes());
    let e = Glossary::from_bytes(reseal(older)).unwrap_err();
    assert!(e.to_string().contains("recompile"), "{e}");
    let e = Glossary::from_bytes(b"PK\x03\x04 this is a zip file, not an artifact".to_vec()).unwrap_err();
    assert_eq!(e.code(), "artifact.magic");
}

#[test]
fn compile_is_deterministic_and_settings_are_stored() {
    assert_eq!(small(), small());
    let mut b = GlossaryBuilder::new().normalization(Normalization { fold_diacritics: true });
    b.add(Concept { id: "x".into(), terms: vec![term("café", "fr")], ..Concept::default() }).unwrap();
    let g = Glossary::from_bytes(b.build().unwrap()).unwrap();
    assert!(g.info().normalization.fold_diacritics);
    assert_eq!(g.lookup("CAFE", &LookupOptions::new("fr")).unwrap().len(), 1);
}

#[test]
fn opening_does_not_copy_the_bytes() {
    // A &'static buffer is used in place: the keys fst points into it.
    let art: &'static [u8] = Box::leak(small().into_boxed_slice());
    let g = Glossary::from_bytes(art).unwrap();
    let fst_bytes = g.keys_fst_bytes();
    let range = art.as_ptr_range();
    assert!(range.contains(&fst_bytes.as_ptr()), "the keys fst lies inside the caller's buffer");
}

#[cfg(feature = "fs")]
#[test]
fn open_from_a_file_names_it_in_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.xcut");
    crosscut::artifact::write_atomic(&path, &small()).unwrap();
    assert_eq!(Glossary::open(&path).unwrap().len(), 3);
    let mut bad = std::fs::read(&path).unwrap();
    bad[20] ^= 0xff;
    std::fs::write(&path, bad).unwrap();
    let e = Glossary::open(&path).unwrap_err();
    assert!(e.to_string().starts_with(&path.display().to_string()), "{e}");
    assert_eq!(e.code(), "artifact.checksum");
    let e = Glossary::open(dir.path().join("missing.xcut")).unwrap_err();
    assert_eq!(e.code(), "io");
    // Nothing but the artifact is left in the directory: no temporary files.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
}
