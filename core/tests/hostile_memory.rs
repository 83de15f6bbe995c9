//! Memory bounds on hostile input, measured by a counting global allocator:
//! the peak of live heap bytes while each input is refused stays within a
//! small multiple of the input's size (or a small constant for artifacts).
//!
//! One test function, so no other test allocates at the same time.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
// A global allocator is an `unsafe impl`; it only forwards to the system allocator.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use crosscut::sources::csv::{read_csv, CsvOptions};
use crosscut::sources::tbx::read_tbx;
use crosscut::sources::tmx::read_tmx;
use crosscut::{Glossary, GlossaryBuilder};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(live, Ordering::SeqCst);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::SeqCst) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::SeqCst);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::SeqCst);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MB: usize = 1 << 20;

/// The extra heap `f` needed at its peak, beyond what was live before it.
fn peak_of<T>(f: impl FnOnce() -> T) -> usize {
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    drop(f());
    PEAK.load(Ordering::SeqCst) - before
}

fn sample(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../../shared/samples/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn hostile_inputs_are_refused_in_bounded_memory() {
    // Entity bombs: refused before any expansion, in less than a megabyte
    // (a billion laughs would need gigabytes).
    for file in [
        "bad/xml/defusedxml_xmlbomb.xml",
        "bad/tmx/made_billion_laughs.tmx",
        "bad/xml/defusedxml_quadratic.xml",
    ] {
        let bytes = sample(file);
        let peak = peak_of(|| assert_eq!(read_tbx(&bytes, &None).unwrap_err().code(), "xml.entity"));
        assert!(peak < MB + 4 * bytes.len(), "{file}: {peak} bytes");
        let peak = peak_of(|| assert_eq!(read_tmx(&bytes, &None).unwrap_err().code(), "xml.entity"));
        assert!(peak < MB + 4 * bytes.len(), "{file}: {peak} bytes");
    }

    // Deep nesting: refused at the depth limit, not after building 100,000 levels.
    let depth = 100_000;
    let doc = format!(
        "<martif type=\"TBX\"><text><body><termEntry id=\"c\">{}{}</termEntry></body></text></martif>",
        "<note>".repeat(depth),
        "</note>".repeat(depth)
    );
    let peak = peak_of(|| assert_eq!(read_tbx(doc.as_bytes(), &None).unwrap_err().code(), "limit.exceeded"));
    assert!(
        peak < 4 * doc.len() + MB,
        "deep nesting: {peak} bytes for {} input bytes",
        doc.len()
    );

    // A 30 MB CSV field: refused by the field limit. The decoded text is one
    // copy of the input; no second copy of the field is made.
    let csv = format!("en,fr\ncut,{}\n", "f".repeat(30 * MB));
    let peak = peak_of(|| {
        assert_eq!(
            read_csv(csv.as_bytes(), &None, &CsvOptions::default())
                .unwrap_err()
                .code(),
            "limit.exceeded"
        )
    });
    assert!(peak < csv.len() + 4 * MB, "30 MB field: {peak} bytes");

    // A 100 MB line of TBX text: the decoded text and one normalized copy of
    // it, at most; the element's text stops at its 1 MiB limit.
    let tbx = format!(
        "<martif type=\"TBX\"><text><body><termEntry id=\"c\"><langSet xml:lang=\"en\"><tig><term>{}</term></tig></langSet></termEntry></body></text></martif>",
        "a".repeat(100 * MB)
    );
    let peak = peak_of(|| assert_eq!(read_tbx(tbx.as_bytes(), &None).unwrap_err().code(), "limit.exceeded"));
    assert!(peak < 2 * tbx.len() + 8 * MB, "100 MB line: {peak} bytes");

    // An artifact whose sections claim far more than the file: nothing of the
    // claimed size is ever allocated.
    let mut b = GlossaryBuilder::new();
    b.add(crosscut::Concept {
        id: "c".into(),
        terms: vec![crosscut::Term {
            text: "cut".into(),
            lang: "en".into(),
            ..Default::default()
        }],
        ..Default::default()
    })
    .unwrap();
    let art = b.build().unwrap();
    let n = u16::from_le_bytes([art[8], art[9]]) as usize;
    for i in 0..n {
        let mut bad = art.clone();
        let at = 12 + i * 20 + 12;
        bad[at..at + 8].copy_from_slice(&(u64::MAX / 2).to_le_bytes());
        let body = bad.len() - 4;
        let crc = crc32fast::hash(&bad[..body]);
        bad[body..].copy_from_slice(&crc.to_le_bytes());
        let peak = peak_of(|| assert!(Glossary::from_bytes(bad).is_err()));
        assert!(peak < 64 * 1024, "section {i}: {peak} bytes");
    }
}
