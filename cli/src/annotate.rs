//! `crosscut annotate`: streams lines through `Glossary::annotate`.

use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::Path;
use std::sync::Arc;

use crosscut::{AnnotateOptions, Annotation, Error, Format, Glossary, Location};
use serde_json::json;

/// Default bound on one input line: far above any subtitle or script line.
pub const DEFAULT_MAX_LINE: usize = 1 << 20;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Human,
    Json,
    Count,
}

/// Annotates every line of `input` (stdin when `None` or `-`); returns the number of matches.
pub fn run(
    g: &Glossary,
    input: Option<&Path>,
    encoding: Option<&str>,
    options: &AnnotateOptions,
    mode: Mode,
    max_line: usize,
) -> Result<u64, Error> {
    let encoding = match encoding {
        Some(label) => Some(encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            Error::query(format!("unknown encoding {label:?}; use a WHATWG label such as windows-1252, gb18030, utf-16le"))
        })?),
        None => None,
    };
    let (name, reader): (Arc<str>, Box<dyn Read>) = match input {
        Some(p) if p.as_os_str() != "-" => {
            let f = std::fs::File::open(p)
                .map_err(|e| Error::from(std::io::Error::new(e.kind(), format!("{}: cannot read: {e}", p.display()))))?;
            (p.display().to_string().into(), Box::new(f))
        }
        _ => ("<stdin>".into(), Box::new(std::io::stdin())),
    };
    // A BOM selects UTF-8 or UTF-16; otherwise bytes pass through unchanged (and
    // are checked as UTF-8 below) unless an encoding was named.
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(encoding)
        .utf8_passthru(true)
        .strip_bom(true)
        .build(reader);
    let mut reader = BufReader::with_capacity(1 << 16, decoded);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let color = mode == Mode::Human && std::io::stdout().is_terminal();
    let (mut matches, mut lines) = (0u64, 0u64);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let Some(complete) = next_line(&mut reader, &mut buf, max_line)? else { break };
        lines += 1;
        let at = |col: u64| Location::new(Some(name.clone()), lines, col);
        if !complete {
            return Err(Error::limit("line length in bytes (--max-line)", max_line as u64).at(at(0)));
        }
        let text = std::str::from_utf8(&buf).map_err(|e| {
            let col = String::from_utf8_lossy(buf.get(..e.valid_up_to()).unwrap_or_default()).chars().count() as u64 + 1;
            Error::encoding(Format::Text, format!("invalid UTF-8 on line {lines}")).at(at(col))
        })?;
        let text = if lines == 1 { text.strip_prefix('\u{feff}').unwrap_or(text) } else { text };
        if mode == Mode::Count {
            // Counting needs no concepts: the same matches, not decoded.
            matches += g.find_terms(text, options)?.len() as u64;
            continue;
        }
        let found = g.annotate(text, options)?;
        matches += found.len() as u64;
        match mode {
            Mode::Count => {}
            Mode::Json => {
                let items: Vec<_> = found.iter().map(match_json).collect();
                let line = json!({ "line": lines, "text": text, "matches": items });
                writeln!(out, "{line}")?;
            }
            Mode::Human => {
                if !found.is_empty() {
                    writeln!(out, "{lines}: {}", highlight(text, &found, color))?;
                    for a in &found {
                        let tr: Vec<String> = a.translations.iter().map(|t| format!("{}: {}", t.lang, t.text)).collect();
                        let flag = match a.status {
                            crosscut::Status::Forbidden | crosscut::Status::Deprecated => {
                                let alt: Vec<&str> = a.preferred.iter().map(|t| t.text.as_str()).collect();
                                format!(" [{}; use {}]", a.status.as_str(), alt.join(" / "))
                            }
                            _ => String::new(),
                        };
                        writeln!(out, "    {} → {}{flag}  {}", a.text, a.concept.id, tr.join(", "))?;
                        if let Some(note) = &a.concept.cultural_note {
                            writeln!(out, "      note: {note}")?;
                        }
                    }
                }
            }
        }
    }
    if mode == Mode::Count {
        writeln!(out, "{matches} matches in {lines} lines")?;
    }
    out.flush()?;
    Ok(matches)
}

/// Reads one line ending in `\n`, `\r\n` or a lone `\r` into `buf` (without the
/// break). `None` at the end of input; `Some(false)` when the line exceeds `max`
/// bytes (only `max + 1` bytes are kept).
fn next_line(reader: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> std::io::Result<Option<bool>> {
    let mut read_any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(read_any.then_some(buf.len() <= max));
        }
        read_any = true;
        if let Some(i) = chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
            let cr = chunk.get(i) == Some(&b'\r');
            buf.extend_from_slice(chunk.get(..i).unwrap_or_default());
            reader.consume(i + 1);
            if cr && reader.fill_buf()?.first() == Some(&b'\n') {
                reader.consume(1);
            }
            if buf.len() > max {
                buf.truncate(max + 1);
                return Ok(Some(false));
            }
            return Ok(Some(true));
        }
        let n = chunk.len();
        if buf.len() <= max {
            let room = (max + 1).saturating_sub(buf.len()).min(n);
            buf.extend_from_slice(chunk.get(..room).unwrap_or_default());
        }
        reader.consume(n);
        if buf.len() > max {
            // Keep consuming the rest of the line without storing it.
            loop {
                let chunk = reader.fill_buf()?;
                if chunk.is_empty() {
                    return Ok(Some(false));
                }
                if let Some(i) = chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
                    reader.consume(i + 1);
                    return Ok(Some(false));
                }
                let n = chunk.len();
                reader.consume(n);
            }
        }
    }
}

fn match_json(a: &Annotation) -> serde_json::Value {
    json!({
        "text": a.text,
        "start": a.span.start, "end": a.span.end,
        "start_utf16": a.span.start_utf16, "end_utf16": a.span.end_utf16,
        "start_char": a.span.start_char, "end_char": a.span.end_char,
        "concept": a.concept.id,
        "term": a.term.text,
        "lang": a.term.lang,
        "status": a.status,
        "how": a.how,
        "translations": a.translations.iter().map(|t| json!({"lang": t.lang, "text": t.text, "status": t.status})).collect::<Vec<_>>(),
        "preferred": a.preferred.iter().map(|t| t.text.clone()).collect::<Vec<_>>(),
        "cultural_note": a.concept.cultural_note,
        "sensitivity": a.concept.sensitivity,
    })
}

fn highlight(text: &str, found: &[Annotation], color: bool) -> String {
    let (open, close) = if color { ("\x1b[1;33m", "\x1b[0m") } else { ("[", "]") };
    let mut out = String::with_capacity(text.len() + found.len() * 8);
    let mut at = 0;
    for a in found {
        if a.span.start < at {
            continue; // overlapping matches: highlight the first only
        }
        out.push_str(text.get(at..a.span.start).unwrap_or_default());
        out.push_str(open);
        out.push_str(&a.text);
        out.push_str(close);
        at = a.span.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}
