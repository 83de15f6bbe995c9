//! SRT and WebVTT against the shared real-world samples and the W3C WebVTT tests.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use crosscut::subtitle::vtt::{cue_settings, regions};
use crosscut::subtitle::{read_subtitles, vtt_cue_text, write_subtitles, Parsed, SubtitleFormat};
use serde_json::{json, Value};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/samples/");

fn bytes(path: &str) -> Vec<u8> {
    std::fs::read(format!("{SAMPLES}{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn format_of(path: &str) -> SubtitleFormat {
    SubtitleFormat::from_path(path).unwrap()
}

fn read(path: &str) -> Parsed {
    let name = path.rsplit('/').next().unwrap();
    read_subtitles(&bytes(path), format_of(path), None, &Some(name.into())).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fail(path: &str) -> crosscut::Error {
    let name = path.rsplit('/').next().unwrap();
    match read_subtitles(&bytes(path), format_of(path), None, &Some(name.into())) {
        Ok(p) => panic!("{path}: read {} cues, expected an error", p.subtitles.cues.len()),
        Err(e) => e,
    }
}

#[test]
fn every_srt_sample_parses() {
    // (file, cues, encoding, text of the first cue)
    for (file, cues, encoding, first) in [
        (
            "astisub_example-in-carriage-return.srt",
            3,
            "UTF-8",
            "Did one of the last stories strike you as\nmore interesting than the other?",
        ),
        (
            "astisub_example-in-styled.srt",
            10,
            "UTF-8",
            "<font color=\"#00ff00\"><b>[instrumental music]</b></font>",
        ),
        ("astisub_missing-sequence-in.srt", 6, "UTF-8", "(deep rumbling)"),
        (
            "okapi_Test01_srt_en.srt",
            3,
            "UTF-8",
            "In connection with a dramatic increase\nin crime in <b>certain</b> neighbourhoods,",
        ),
        ("omegat_file-SrtFilter-crlf.srt", 3, "UTF-8", "First title"),
        ("omegat_file-SrtFilter-mixedEol.srt", 3, "UTF-8", "First title"),
        (
            "pysrt_bom-utf-16-le.srt",
            7,
            "UTF-16LE",
            "About 2 months ago I found myself on\nthe comment section of YouTube",
        ),
        (
            "pysrt_capability_tester.srt",
            37,
            "UTF-8",
            "Don't show this text it may be used to insert hidden data",
        ),
        (
            "pysrt_empty.srt",
            7,
            "UTF-8",
            "About 2 months ago I found myself on\nthe comment section of YouTube",
        ),
        (
            "pysrt_no-indexes.srt",
            7,
            "UTF-8",
            "About 2 months ago I found myself on\nthe comment section of YouTube",
        ),
        (
            "pysrt_windows-1252.srt",
            1332,
            "windows-1252",
            "Downloaded From www.AllSubs.org",
        ),
        (
            "srt2vtt_forced-cp1256.srt",
            3,
            "windows-1256",
            "<i><b>\"كينغ لاندينج\"</b></i>",
        ),
        ("srt_gb2312.srt", 3, "GBK", "宇宙守护神  保护我们远离邪恶"),
        ("subvibe_numeric-content.srt", 3, "UTF-8", "حرب"),
        ("subvibe_sublong_arabic.srt", 1136, "UTF-8", "موقع"),
    ] {
        let p = read(&format!("srt/{file}"));
        let s = &p.subtitles;
        assert_eq!(s.cues.len(), cues, "{file}");
        assert_eq!(s.encoding, encoding, "{file}");
        assert_eq!(s.cues[0].text, first, "{file}");
        for w in &p.warnings {
            assert!(w.location.line > 0, "{file}: warning without a line: {w}");
        }
        for pair in s.cues.windows(2) {
            assert!(pair[0].line < pair[1].line, "{file}: cue lines out of order");
        }
    }
}

#[test]
fn srt_repairs_are_warnings_with_lines() {
    let p = read("srt/astisub_missing-sequence-in.srt");
    let cues = &p.subtitles.cues;
    assert_eq!((cues[0].start, cues[0].end), (99_000, 101_040));
    assert_eq!(
        (cues[1].start, cues[1].settings.as_str()),
        (124_080, "X1:40 X2:600 Y1:20 Y2:50")
    );
    assert_eq!(cues[2].start, 132_160);
    let lines: Vec<u64> = p.warnings.iter().map(|w| w.location.line).collect();
    assert!(
        lines.contains(&1) && lines.contains(&4) && lines.contains(&8),
        "{:?}",
        p.warnings
    );
    assert!(p
        .warnings
        .iter()
        .any(|w| w.location.line == 1 && w.message.contains("without milliseconds")));

    let p = read("srt/omegat_file-SrtFilter-mixedEol.srt");
    assert_eq!(p.subtitles.cues[2].text, "Third title\nand again");
    assert!(p.warnings.iter().any(|w| w.message.contains("CR CR LF")));

    let p = read("srt/pysrt_windows-1252.srt");
    assert!(
        p.subtitles.cues[1].text.contains("ÉVÉNEMENTS"),
        "{}",
        p.subtitles.cues[1].text
    );
    assert_eq!(p.subtitles.cues[0].id.as_deref(), Some("0"));
    assert!(p.warnings.iter().any(|w| w.message.contains("windows-1252")));

    let p = read("srt/srt_gb2312.srt");
    assert_eq!(
        p.subtitles
            .cues
            .iter()
            .map(|c| c.id.clone().unwrap())
            .collect::<Vec<_>>(),
        ["2", "4", "6"]
    );
    assert!(
        p.subtitles.cues[0].text.contains("保护我们远离"),
        "{}",
        p.subtitles.cues[0].text
    );

    let p = read("srt/pysrt_empty.srt");
    assert_eq!(p.subtitles.cues[2].text, "");
    assert_eq!(p.subtitles.cues[3].text, "");

    let p = read("srt/subvibe_numeric-content.srt");
    assert_eq!(p.subtitles.cues[1].text, "73");
}

#[test]
fn a_named_encoding_wins_over_detection() {
    let raw = bytes("srt/srt2vtt_forced-cp1256.srt");
    let p = read_subtitles(&raw, SubtitleFormat::Srt, Some("windows-1251"), &None).unwrap();
    assert_eq!(p.subtitles.encoding, "windows-1251");
    assert!(p.warnings.is_empty());
}

#[test]
fn bad_srt_files_are_rejected_with_their_line() {
    for (file, code, line, needle) in [
        ("pysrt_invalid.srt", "srt.syntax", 2, "no milliseconds"),
        ("srt2vtt_preserve-broken-utf8.srt", "srt.encoding", 3, "invalid UTF-8"),
        ("webvtt-py_invalid_format4.srt", "srt.syntax", 1, "not a cue number"),
        ("webvtt-py_invalid_timeframe.srt", "srt.syntax", 6, "cue 2: bad timing"),
        (
            "webvtt-py_missing_timeframe.srt",
            "srt.syntax",
            5,
            "cue 2 has no timing line",
        ),
    ] {
        let e = fail(&format!("bad/srt/{file}"));
        assert_eq!(e.code(), code, "{file}: {e}");
        assert_eq!(e.location().map(|l| l.line), Some(line), "{file}: {e}");
        assert!(e.to_string().contains(needle), "{file}: {e}");
        assert!(e.to_string().starts_with(file), "{file}: {e}");
    }
}

#[test]
fn bad_vtt_files_are_rejected() {
    let dir = format!("{SAMPLES}bad/vtt");
    let mut rejected = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "webvtt-py_invalid_timeframe.vtt" {
            let p = read(&format!("bad/vtt/{name}"));
            // Seven cues, the second with `00:00:1d.890`: it alone is dropped.
            assert_eq!(p.subtitles.cues.len(), 6, "{name}");
            assert_eq!(p.warnings[0].location.line, 6, "{name}");
            assert_eq!(p.warnings.len(), 1, "{name}: {:?}", p.warnings);
            assert!(p.warnings[0].message.contains("00:00:1d.890"), "{:?}", p.warnings);
            continue;
        }
        let e = fail(&format!("bad/vtt/{name}"));
        assert_eq!(e.code(), "vtt.signature", "{name}: {e}");
        assert_eq!(e.location().map(|l| l.line), Some(1), "{name}");
        rejected += 1;
    }
    assert!(rejected >= 3, "only {rejected} files");
}

#[test]
fn vtt_samples_keep_what_they_hold() {
    for (file, cues) in [
        ("webvtt-py_captions_with_bom.vtt", 4),
        ("webvtt-py_metadata_headers_multiline.vtt", 2),
        ("webvtt-py_styles_with_comments.vtt", 1),
        ("webvtt-py_using_identifiers.vtt", 6),
        ("webvtt-py_youtube_dl.vtt", 4),
    ] {
        let p = read(&format!("vtt/{file}"));
        assert_eq!(p.subtitles.cues.len(), cues, "{file}");
        assert!(p.warnings.is_empty(), "{file}: {:?}", p.warnings);
    }
    let p = read("vtt/webvtt-py_styles_with_comments.vtt");
    let kinds: Vec<_> = p.subtitles.blocks.iter().map(|b| b.kind).collect();
    assert!(kinds.contains(&crosscut::subtitle::BlockKind::Style), "{kinds:?}");
    assert!(kinds.contains(&crosscut::subtitle::BlockKind::Note), "{kinds:?}");
    let p = read("vtt/webvtt-py_metadata_headers_multiline.vtt");
    assert!(p.subtitles.header.contains('\n'), "{:?}", p.subtitles.header);
    assert!(read("vtt/webvtt-py_captions_with_bom.vtt").subtitles.bom);
}

/// Files that are canonical come back byte for byte.
#[test]
fn canonical_files_round_trip() {
    for file in [
        "srt/omegat_file-SrtFilter-crlf.srt",
        "srt/subvibe_numeric-content.srt",
        "srt/subvibe_sublong_arabic.srt",
    ] {
        let original = bytes(file);
        let written = write_subtitles(&read(file).subtitles);
        assert_eq!(
            String::from_utf8_lossy(&written),
            String::from_utf8_lossy(&original),
            "{file}"
        );
    }
    // These differ only at the end: no final line break, or a blank line after the last cue.
    for file in [
        "srt/astisub_example-in-styled.srt",
        "srt/okapi_Test01_srt_en.srt",
        "vtt/webvtt-py_captions_with_bom.vtt",
        "vtt/webvtt-py_metadata_headers_multiline.vtt",
        "vtt/webvtt-py_styles_with_comments.vtt",
        "vtt/webvtt-py_using_identifiers.vtt",
    ] {
        let original = String::from_utf8(bytes(file)).unwrap();
        let written = String::from_utf8(write_subtitles(&read(file).subtitles)).unwrap();
        assert_ne!(written, original, "{file}");
        assert_eq!(written.trim_end(), original.trim_end(), "{file}");
    }
}

/// A canonical WebVTT file with every kind of block comes back byte for byte.
#[test]
fn canonical_vtt_round_trips() {
    let vtt = "WEBVTT - Demo\nKind: captions\n\nSTYLE\n::cue(.loud) { color: red }\n\nREGION\nid:r1 width:40% lines:3\n\n\
               NOTE translated by the team\n\nintro\n00:00:01.000 --> 00:00:02.500 region:r1 align:start\n<v Mei>Hi, <c.loud>elder \
               brother</c>!</v>\n\nNOTE\ntwo lines\n\n00:00:03.000 --> 00:00:04.000 line:0 position:20%,line-left\n<ruby>兄<rt>あに</rt></ruby> \
               &amp; <lang fr>déjà vu</lang> <00:00:03.500><i>ok</i>\n";
    let parsed = read_subtitles(vtt.as_bytes(), SubtitleFormat::Vtt, None, &None).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let s = &parsed.subtitles;
    assert_eq!((s.cues.len(), s.blocks.len()), (2, 4));
    assert_eq!(s.cues[0].plain(SubtitleFormat::Vtt).text, "Hi, elder brother!");
    assert_eq!(s.cues[1].plain(SubtitleFormat::Vtt).text, "兄 & déjà vu ok");
    assert_eq!(cue_settings(&s.cues[0].settings, &regions(s)).region, Some(0));
    assert_eq!(String::from_utf8(write_subtitles(s)).unwrap(), vtt);
}

/// Every file, canonical or not, is stable after one write.
#[test]
fn writing_is_idempotent() {
    for dir in ["srt", "vtt"] {
        for entry in std::fs::read_dir(format!("{SAMPLES}{dir}")).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if !(name.ends_with(".srt") || name.ends_with(".vtt")) {
                continue;
            }
            let path = format!("{dir}/{name}");
            let first = read(&path).subtitles;
            let once = write_subtitles(&first);
            let again = read_subtitles(&once, first.format, None, &None).unwrap();
            let key = |c: &crosscut::subtitle::Cue| (c.start, c.end, c.settings.clone(), c.text.clone());
            assert_eq!(
                again.subtitles.cues.iter().map(key).collect::<Vec<_>>(),
                first.cues.iter().map(key).collect::<Vec<_>>(),
                "{path}"
            );
            assert_eq!(write_subtitles(&again.subtitles), once, "{path}");
        }
    }
}

/// Resolves `cues[3].region.lines` in the VTTCue-like JSON.
fn resolve<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = root;
    for part in path.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((n, i)) => (n, Some(i.trim_end_matches(']').parse::<usize>().ok()?)),
            None => (part, None),
        };
        v = v.get(name)?;
        if let Some(i) = index {
            v = v.get(i)?;
        }
    }
    Some(v)
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y || (x - y).abs() < 1e-9,
        _ => a == b,
    }
}

/// The cues as the HTML `VTTCue` interface exposes them.
fn vttcues(p: &Parsed) -> Value {
    let regions = regions(&p.subtitles);
    let cues: Vec<Value> = p
        .subtitles
        .cues
        .iter()
        .map(|c| {
            let s = cue_settings(&c.settings, &regions);
            let region = s.region.map_or(Value::Null, |i| {
                let r = &regions[i];
                json!({"__object": i, "id": r.id, "width": r.width, "lines": r.lines,
                       "regionAnchorX": r.region_anchor.0, "regionAnchorY": r.region_anchor.1,
                       "viewportAnchorX": r.viewport_anchor.0, "viewportAnchorY": r.viewport_anchor.1,
                       "scroll": r.scroll})
            });
            let auto = |x: Option<f64>| x.map_or(json!("auto"), |v| json!(v));
            json!({
                "id": c.id.clone().unwrap_or_default(),
                "text": c.text,
                "startTime": c.start as f64 / 1000.0,
                "endTime": c.end as f64 / 1000.0,
                "align": s.align, "line": auto(s.line), "snapToLines": s.snap_to_lines, "lineAlign": s.line_align,
                "position": auto(s.position), "positionAlign": s.position_align, "size": s.size,
                "vertical": s.vertical, "region": region,
            })
        })
        .collect();
    json!({ "cues": cues })
}

/// The W3C file-parsing tests: every check of expected-derived.json.
#[test]
fn w3c_file_parsing() {
    let dir = format!("{SAMPLES}vtt/w3c/file-parsing/");
    let expected: Value =
        serde_json::from_slice(&std::fs::read(format!("{dir}expected-derived.json")).unwrap()).unwrap();
    let mut failed: Vec<String> = Vec::new();
    let mut passed = 0;
    for (name, test) in expected.as_object().unwrap() {
        let file = test["vtt"].as_str().unwrap();
        let parsed = read_subtitles(
            &std::fs::read(format!("{dir}{file}")).unwrap(),
            SubtitleFormat::Vtt,
            None,
            &None,
        )
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        let root = vttcues(&parsed);
        let mut problems = Vec::new();
        for check in test["checks"].as_array().unwrap() {
            let path = check["path"].as_str().unwrap();
            let got = if path == "cues.length" {
                Some(json!(root["cues"].as_array().unwrap().len()))
            } else {
                resolve(&root, path).cloned()
            };
            let ok = match (check["op"].as_str().unwrap(), &got) {
                (_, None) => false,
                ("equals", Some(g)) => same(g, &check["value"]),
                ("truthy", Some(g)) => truthy(g),
                ("falsy", Some(g)) => !truthy(g),
                (op @ ("same_object_as" | "not_same_object_as"), Some(g)) => {
                    let other = resolve(&root, check["other"].as_str().unwrap())
                        .cloned()
                        .unwrap_or(Value::Null);
                    let identical = g.get("__object") == other.get("__object") && g.is_null() == other.is_null();
                    identical == (op == "same_object_as")
                }
                _ => false,
            };
            if !ok {
                problems.push(format!(
                    "{path} {} {}: got {}",
                    check["op"],
                    check.get("value").unwrap_or(&Value::Null),
                    got.unwrap_or(Value::Null)
                ));
            }
        }
        if problems.is_empty() {
            passed += 1;
        } else {
            failed.push(format!("{name}: {}", problems.join("; ")));
        }
    }
    assert!(
        failed.is_empty(),
        "{passed} passed, {} failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    assert_eq!(passed, 37);
}

/// The W3C cue-text tests: the tree of every cue.
#[test]
fn w3c_cue_text_parsing() {
    let dir = format!("{SAMPLES}vtt/w3c/cue-parsing/");
    let mut failed = Vec::new();
    let mut passed = 0;
    for name in ["entities", "tags", "text", "timestamps", "tree-building"] {
        let cases: Value = serde_json::from_slice(&std::fs::read(format!("{dir}{name}.json")).unwrap()).unwrap();
        let parsed = read_subtitles(
            &std::fs::read(format!("{dir}{name}.vtt")).unwrap(),
            SubtitleFormat::Vtt,
            None,
            &None,
        )
        .unwrap();
        let cues = &parsed.subtitles.cues;
        let cases = cases.as_array().unwrap();
        assert_eq!(cues.len(), cases.len(), "{name}");
        for (i, (cue, case)) in cues.iter().zip(cases).enumerate() {
            assert_eq!(cue.start, i as u64 * 1000, "{name} cue {i}");
            let tree = vtt_cue_text::parse(&cue.text).tree();
            if tree == case["expectedTree"].as_str().unwrap() {
                passed += 1;
            } else {
                failed.push(format!(
                    "{name}[{i}] {:?}: got {tree:?}, expected {:?}",
                    case["text"], case["expectedTree"]
                ));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "{passed} passed, {} failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    assert_eq!(passed, 77);
}

#[test]
fn plain_text_maps_into_the_cue() {
    let p = read("srt/pysrt_capability_tester.srt");
    let cue = &p.subtitles.cues[5];
    let plain = cue.plain(SubtitleFormat::Srt);
    assert!(
        plain
            .text
            .starts_with("This line should be bold\nThis line should be italics"),
        "{}",
        plain.text
    );
    let (s, e) = plain.raw_range(0, 4);
    assert_eq!(&cue.text[s..e], "This");
    let p = read("vtt/webvtt-py_using_identifiers.vtt");
    for c in &p.subtitles.cues {
        let plain = c.plain(SubtitleFormat::Vtt);
        let (s, e) = plain.raw_range(0, plain.text.len());
        assert!(e <= c.text.len() && s <= e);
    }
}
