//! `crosscut tm …`: translation memories. See docs/cli.md for the contract.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Subcommand, ValueEnum};
use crosscut::sources::pairs::{read_pairs, write_pairs, PairOptions};
use crosscut::sources::tmx::{read_tmx_from, write_tmx};
use crosscut::{ConcordanceHit, ConcordanceOptions, Error, Memory, MemoryBuilder, SearchOptions, TmMatch};
use serde_json::{json, Value};

use crate::{write_output, EXIT_NOT_FOUND};

#[derive(Subcommand, Debug)]
pub enum TmCommand {
    /// Import TMX files or TSV/CSV pairs into a memory artifact.
    Import {
        /// Source files: `.tmx`, or `.tsv`/`.csv` pairs (with --src and --tgt).
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// Output artifact (written atomically).
        #[arg(short, long)]
        output: PathBuf,
        /// Language of the first column of TSV/CSV pairs.
        #[arg(long)]
        src: Option<String>,
        /// Language of the second column of TSV/CSV pairs.
        #[arg(long)]
        tgt: Option<String>,
        /// Add to the existing artifact at --output instead of replacing it.
        #[arg(long)]
        append: bool,
        /// No warnings and no summary.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Find the closest earlier translations of a segment.
    Search {
        /// The memory artifact.
        artifact: PathBuf,
        /// The segment to translate (or use --queries).
        #[arg(required_unless_present = "queries")]
        text: Option<String>,
        /// Language of the query.
        #[arg(long)]
        src: String,
        /// Language of the translations.
        #[arg(long)]
        tgt: String,
        /// Most results per query.
        #[arg(long, default_value_t = 5)]
        top: usize,
        /// Lowest score (0–101).
        #[arg(long = "min", default_value_t = 50)]
        min: u8,
        /// Only units from this origin (file name or project).
        #[arg(long)]
        origin: Option<String>,
        /// A file of queries, one per line: JSON lines out, one per query.
        #[arg(long, conflicts_with = "text")]
        queries: Option<PathBuf>,
        /// JSON output (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Find the segments that contain a phrase.
    Concordance {
        /// The memory artifact.
        artifact: PathBuf,
        /// The phrase (a word sequence).
        phrase: String,
        /// Language of the phrase.
        #[arg(long, alias = "src")]
        lang: String,
        /// Language of the translations shown.
        #[arg(long)]
        tgt: Option<String>,
        /// Most hits.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// Only units from this origin (file name or project).
        #[arg(long)]
        origin: Option<String>,
        /// JSON output (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Export a memory as TMX or TSV pairs.
    Export {
        /// The memory artifact.
        artifact: PathBuf,
        /// Output format.
        #[arg(long, value_enum)]
        format: TmFormat,
        /// Target language of TSV pairs (default: each unit's first target).
        #[arg(long)]
        tgt: Option<String>,
        /// Output file (written atomically); `-` for standard output.
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TmFormat {
    Tmx,
    Tsv,
}

pub fn run(command: TmCommand) -> Result<ExitCode, Error> {
    match command {
        TmCommand::Import { sources, output, src, tgt, append, quiet } => {
            import(&sources, &output, src.as_deref(), tgt.as_deref(), append, quiet)
        }
        TmCommand::Search { artifact, text, src, tgt, top, min, origin, queries, json } => {
            let memory = Memory::open(&artifact)?;
            let options = SearchOptions { origin, ..SearchOptions::new(src, tgt).top(top).min_score(min) };
            match queries {
                Some(path) => batch(&memory, &path, &options),
                None => {
                    let text = text.unwrap_or_default();
                    let results = memory.search(&text, &options)?;
                    if json {
                        print_json(&search_json(&text, &options, &results), true);
                    } else {
                        print_matches(&results);
                    }
                    Ok(found(!results.is_empty()))
                }
            }
        }
        TmCommand::Concordance { artifact, phrase, lang, tgt, top, origin, json } => {
            let memory = Memory::open(&artifact)?;
            let options = ConcordanceOptions { lang, tgt, top, origin };
            let hits = memory.concordance(&phrase, &options)?;
            if json {
                let v = json!({
                    "phrase": phrase,
                    "lang": options.lang,
                    "tgt": options.tgt,
                    "hits": hits.iter().map(concordance_json).collect::<Vec<_>>(),
                });
                print_json(&v, true);
            } else if hits.is_empty() {
                println!("no match");
            } else {
                for h in &hits {
                    println!("{}", highlight(&h.text, &h.highlights));
                    if let Some(o) = &h.other {
                        println!("    {o}");
                    }
                }
            }
            Ok(found(!hits.is_empty()))
        }
        TmCommand::Export { artifact, format, tgt, output } => {
            let memory = Memory::open(&artifact)?;
            let units = memory.units().collect::<Result<Vec<_>, _>>()?;
            let text = match format {
                TmFormat::Tmx => write_tmx(&units, None),
                TmFormat::Tsv => write_pairs(&units, tgt.as_deref(), b'\t')?,
            };
            write_output(&output, text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn found(any: bool) -> ExitCode {
    if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NOT_FOUND)
    }
}

/// The bytes of a memory artifact, or of one built from a `.tmx` file.
pub fn memory_bytes(path: &std::path::Path) -> Result<Vec<u8>, Error> {
    let name: Arc<str> = path.display().to_string().into();
    let cannot_read = |e: std::io::Error| Error::from(std::io::Error::new(e.kind(), format!("{name}: cannot read: {e}")));
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if ext != "tmx" {
        return std::fs::read(path).map_err(cannot_read);
    }
    let mut builder = MemoryBuilder::new();
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    read_tmx_from(std::io::BufReader::new(file), &Some(name.clone()), &mut |u| builder.add(u))
        .map_err(|e| e.in_source(&name))?;
    builder.source_name(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    builder.build()
}

fn import(
    paths: &[PathBuf],
    output: &std::path::Path,
    src: Option<&str>,
    tgt: Option<&str>,
    append: bool,
    quiet: bool,
) -> Result<ExitCode, Error> {
    let mut memory = if append { Some(Memory::open(output)?) } else { None };
    let mut builder = MemoryBuilder::new();
    let mut warnings = Vec::new();
    let mut read = 0usize;
    for path in paths {
        let name: Arc<str> = path.display().to_string().into();
        let cannot_read = |e: std::io::Error| Error::from(std::io::Error::new(e.kind(), format!("{name}: cannot read: {e}")));
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        let source = Some(name.clone());
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Each unit goes straight into the memory being built.
        let mut add = |u| match &mut memory {
            Some(m) => m.add(u),
            None => builder.add(u),
        };
        match ext.as_str() {
            "tmx" => {
                // Streamed: the file is never held whole, only one <tu> at a time.
                let file = std::fs::File::open(path).map_err(cannot_read)?;
                let summary = read_tmx_from(std::io::BufReader::new(file), &source, &mut add)
                    .map_err(|e| e.in_source(&name))?;
                warnings.extend(summary.warnings);
                read += summary.units;
            }
            "tsv" | "tab" | "txt" | "csv" => {
                let (Some(s), Some(t)) = (src, tgt) else {
                    return Err(Error::query(format!("{name}: pairs need their languages: pass --src and --tgt")));
                };
                let bytes = std::fs::read(path).map_err(cannot_read)?;
                let options = if ext == "csv" { PairOptions::csv(s, t) } else { PairOptions::tsv(s, t) };
                let imported = read_pairs(&bytes, &source, &options).map_err(|e| e.in_source(&name))?;
                warnings.extend(imported.warnings);
                read += imported.units.len();
                for u in imported.units {
                    add(u).map_err(|e| e.in_source(&name))?;
                }
            }
            _ => {
                return Err(Error::query(format!(
                    "{name}: cannot tell the format from the extension; use .tmx, .tsv or .csv"
                )))
            }
        }
        match &mut memory {
            Some(m) => m.source_name(file_name),
            None => builder.source_name(file_name),
        }
    }
    let units = match &mut memory {
        Some(m) => {
            m.save(output)?;
            m.len()
        }
        None => {
            crosscut::artifact::write_atomic(output, &builder.build()?)?;
            builder.len()
        }
    };
    if !quiet {
        for w in warnings.iter().take(20) {
            eprintln!("{w}");
        }
        if warnings.len() > 20 {
            eprintln!("… and {} more warnings", warnings.len() - 20);
        }
        eprintln!("imported {read} units from {} source(s); {} holds {units} units", paths.len(), output.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn batch(memory: &Memory, path: &std::path::Path, options: &SearchOptions) -> Result<ExitCode, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::from(std::io::Error::new(e.kind(), format!("{}: cannot read: {e}", path.display()))))?;
    let mut any = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in text.lines() {
        let query = line.trim_end_matches('\r');
        if query.trim().is_empty() {
            continue;
        }
        let results = memory.search(query, options)?;
        any |= !results.is_empty();
        let v = search_json(query, options, &results);
        writeln!(out, "{}", serde_json::to_string(&v).unwrap_or_else(|_| "null".into()))?;
    }
    Ok(found(any))
}

fn search_json(query: &str, options: &SearchOptions, results: &[TmMatch]) -> Value {
    json!({
        "query": query,
        "src": options.src,
        "tgt": options.tgt,
        "results": results.iter().map(match_json).collect::<Vec<_>>(),
    })
}

fn match_json(m: &TmMatch) -> Value {
    json!({
        "score": m.score,
        "band": m.band.as_str(),
        "source": m.source.plain(),
        "source_lang": m.unit.source.lang,
        "target": m.target.segment.plain(),
        "target_lang": m.target.lang,
        "repaired": m.repaired,
        "diff": m.diff,
        "id": m.id,
        "count": m.target.count,
        "origin": m.unit.origin,
        "context": m.unit.context,
        "changed": m.target.changed.as_ref().or(m.unit.changed.as_ref()),
    })
}

fn concordance_json(h: &ConcordanceHit) -> Value {
    json!({
        "in_source": h.in_source,
        "text": h.text,
        "highlights": h.highlights.iter().map(|(s, e)| json!({"start": s, "end": e})).collect::<Vec<_>>(),
        "other": h.other,
        "id": h.id,
        "origin": h.unit.origin,
    })
}

fn print_json(v: &Value, pretty: bool) {
    let s = if pretty { serde_json::to_string_pretty(v) } else { serde_json::to_string(v) };
    println!("{}", s.unwrap_or_else(|_| "null".into()));
}

fn highlight(text: &str, spans: &[(usize, usize)]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &(s, e) in spans {
        out.push_str(text.get(at..s).unwrap_or_default());
        out.push('[');
        out.push_str(text.get(s..e).unwrap_or_default());
        out.push(']');
        at = e;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

fn print_matches(results: &[TmMatch]) {
    if results.is_empty() {
        println!("no match");
        return;
    }
    for m in results {
        let flag = if m.repaired { " repaired" } else { "" };
        println!("{:>3}% [{}]{flag}  {}", m.score, m.band.as_str(), m.source.plain());
        println!("      {}: {}", m.target.lang, m.target.segment.plain());
    }
}
