//! `crosscut check`, `pretranslate` and `align`: subtitle files against a glossary
//! and a memory. See docs/cli.md and docs/check.md for the contract.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crosscut::align::{align, AlignOptions};
use crosscut::check::{check, report_html, CheckConfig, CheckOptions, CheckReport, Severity};
use crosscut::pretranslate::{pretranslate, FillKind, PretranslateOptions};
use crosscut::subtitle::timing::format_short;
use crosscut::subtitle::{read_subtitles_file, write_as, SubtitleFormat, Subtitles};
use crosscut::{Artifact, Error, Memory, MemoryBuilder};
use serde_json::json;

use crate::write_output;

/// Exit code of `check` when a finding is an error.
const EXIT_FINDINGS: u8 = 1;

/// Reads a subtitle file, printing its repair warnings to stderr.
fn read(path: &Path, encoding: Option<&str>, quiet: bool) -> Result<Subtitles, Error> {
    let parsed = read_subtitles_file(path, encoding)?;
    if !quiet {
        for w in &parsed.warnings {
            eprintln!("{w}");
        }
    }
    Ok(parsed.subtitles)
}

/// The memory of `--tm` (a memory artifact or a `.tmx` file), else the artifact's own.
fn memory<'a>(
    artifact: &'a Artifact,
    tm: Option<&Path>,
    owned: &'a mut Option<Memory>,
) -> Result<Option<&'a Memory>, Error> {
    if let Some(path) = tm {
        *owned = Some(Memory::from_bytes(crate::tm::memory_bytes(path)?)?);
        return Ok(owned.as_ref());
    }
    Ok(artifact.memory_opt())
}

/// The arguments of `crosscut check`.
pub struct CheckRun<'a> {
    pub artifact: &'a Path,
    pub source: &'a Path,
    pub target: &'a Path,
    pub src: String,
    pub tgt: String,
    pub json: bool,
    pub html: Option<&'a Path>,
    pub config: Option<&'a Path>,
    pub tm: Option<&'a Path>,
    pub encoding: Option<&'a str>,
}

pub fn run_check(run: &CheckRun<'_>) -> Result<ExitCode, Error> {
    let config = match run.config {
        Some(path) => {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::from(std::io::Error::new(e.kind(), format!("{name}: cannot read: {e}"))))?;
            CheckConfig::from_toml(&text, &Some(name.into()))?
        }
        None => CheckConfig::default(),
    };
    let artifact = Artifact::open(run.artifact)?;
    let glossary = artifact.glossary()?;
    let mut owned = None;
    let memory = memory(&artifact, run.tm, &mut owned)?;
    let source = read(run.source, run.encoding, run.json)?;
    let target = read(run.target, run.encoding, run.json)?;
    let options = CheckOptions::new(run.src.clone(), run.tgt.clone()).config(config);
    let report = check(glossary, memory, &source, &target, &options)?;
    if let Some(path) = run.html {
        let title = format!(
            "{} → {}",
            run.source.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
            run.target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
        );
        write_output(path, report_html(&report, &source, &target, &title).as_bytes())?;
    }
    if run.json {
        let v = json!({
            "source": run.source.display().to_string(),
            "target": run.target.display().to_string(),
            "src": report.src,
            "tgt": report.tgt,
            "pairing": report.pairing,
            "summary": {
                "errors": report.count(Severity::Error),
                "warnings": report.count(Severity::Warning),
                "info": report.count(Severity::Info),
                "source_cues": source.cues.len(),
                "target_cues": target.cues.len(),
            },
            "limits": report.limits,
            "findings": report.findings,
        });
        crate::output::print_json(&v);
    } else {
        print_table(&report, &source, &target)?;
    }
    Ok(if report.has_errors() {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}

/// Pads `s` to `width` characters.
fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

fn print_table(report: &CheckReport, source: &Subtitles, target: &Subtitles) -> Result<(), Error> {
    let stdout = std::io::stdout();
    let color = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if !report.findings.is_empty() {
        writeln!(
            out,
            "{} {} {} {} MESSAGE",
            pad("CUE", 5),
            pad("TIME", 21),
            pad("SEVERITY", 8),
            pad("RULE", 24)
        )?;
    }
    for f in &report.findings {
        let time = format!("{}–{}", format_short(f.start), format_short(f.end));
        let sev = match (color, f.severity) {
            (true, Severity::Error) => format!("\x1b[31m{}\x1b[0m", pad("error", 8)),
            (true, Severity::Warning) => format!("\x1b[33m{}\x1b[0m", pad("warning", 8)),
            _ => pad(f.severity.as_str(), 8),
        };
        writeln!(
            out,
            "{} {} {sev} {} {}",
            pad(&f.cue.to_string(), 5),
            pad(&time, 21),
            pad(f.rule.id(), 24),
            f.message
        )?;
        if let Some(s) = &f.suggestion {
            writeln!(out, "{}→ {s}", " ".repeat(62))?;
        }
    }
    writeln!(
        out,
        "{} finding(s): {} error(s), {} warning(s), {} info ({} → {}; {} source and {} target cues paired by {})",
        report.findings.len(),
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
        report.src,
        report.tgt,
        source.cues.len(),
        target.cues.len(),
        match report.pairing {
            crosscut::check::Pairing::Index => "index",
            crosscut::check::Pairing::Overlap => "time overlap",
        }
    )?;
    out.flush()?;
    Ok(())
}

/// The arguments of `crosscut pretranslate`.
pub struct PretranslateRun<'a> {
    pub artifact: &'a Path,
    pub source: &'a Path,
    pub output: &'a Path,
    pub src: String,
    pub tgt: String,
    pub min: u8,
    pub tm: Option<&'a Path>,
    pub json: bool,
    pub encoding: Option<&'a str>,
}

fn output_format(path: &Path, fallback: SubtitleFormat) -> Result<SubtitleFormat, Error> {
    if path.as_os_str() == "-" {
        return Ok(fallback);
    }
    SubtitleFormat::from_path(&path.display().to_string()).ok_or_else(|| {
        Error::query(format!(
            "{}: cannot tell the subtitle format from the extension; use .srt or .vtt",
            path.display()
        ))
    })
}

pub fn run_pretranslate(run: &PretranslateRun<'_>) -> Result<ExitCode, Error> {
    // With --tm, the artifact may be a glossary only.
    let artifact = Artifact::open(run.artifact)?;
    let memory = match run.tm {
        Some(path) => Memory::from_bytes(crate::tm::memory_bytes(path)?)?,
        None => artifact.memory()?.clone(),
    };
    let source = read(run.source, run.encoding, run.json)?;
    let format = output_format(run.output, source.format)?;
    let options = PretranslateOptions {
        min_score: run.min,
        ..PretranslateOptions::new(run.src.clone(), run.tgt.clone())
    };
    let done = pretranslate(&memory, &source, &options)?;
    let mut subtitles = done.subtitles.clone();
    subtitles.format = format;
    write_output(run.output, &write_as(&subtitles, format))?;
    let (exact, fuzzy, none) = (
        done.count(FillKind::Exact),
        done.count(FillKind::Fuzzy),
        done.count(FillKind::None),
    );
    if run.json {
        let v = json!({
            "source": run.source.display().to_string(),
            "output": run.output.display().to_string(),
            "min": run.min,
            "summary": { "cues": done.fills.len(), "exact": exact, "fuzzy": fuzzy, "none": none },
            "fills": done.fills,
        });
        crate::output::print_json(&v);
    } else if run.output.as_os_str() != "-" {
        for f in done.fills.iter().filter(|f| f.kind == FillKind::Fuzzy) {
            println!(
                "cue {}: fuzzy {}% “{}” → “{}”",
                f.cue,
                f.score,
                f.matched.as_deref().unwrap_or(""),
                f.target.as_deref().unwrap_or("")
            );
        }
        let marked = if format == SubtitleFormat::Vtt && fuzzy > 0 {
            " (marked with a NOTE)"
        } else {
            ""
        };
        println!(
            "{}: {exact} exact, {fuzzy} fuzzy{marked}, {none} not found (source text kept) of {} cues",
            run.output.display(),
            done.fills.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The arguments of `crosscut align`.
pub struct AlignRun<'a> {
    pub source: &'a Path,
    pub target: &'a Path,
    pub output: &'a Path,
    pub src: String,
    pub tgt: String,
    pub origin: Option<String>,
    pub encoding: Option<&'a str>,
    pub quiet: bool,
}

pub fn run_align(run: &AlignRun<'_>) -> Result<ExitCode, Error> {
    let source = read(run.source, run.encoding, run.quiet)?;
    let target = read(run.target, run.encoding, run.quiet)?;
    let origin = run
        .origin
        .clone()
        .or_else(|| run.source.file_name().map(|n| n.to_string_lossy().into_owned()));
    let options = AlignOptions {
        origin,
        ..AlignOptions::new(run.src.clone(), run.tgt.clone())
    };
    let aligned = align(&source, &target, &options)?;
    let ext = run
        .output
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let units = aligned.units.len();
    match ext.as_str() {
        "xcut" if run.output.exists() => {
            let mut memory = Memory::open(run.output)?;
            for u in aligned.units {
                memory.add(u)?;
            }
            memory.save(run.output)?;
        }
        "xcut" => {
            let mut builder = MemoryBuilder::new();
            builder.add_all(aligned.units)?;
            builder.source_name(
                run.source
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            crosscut::artifact::write_atomic(run.output, &builder.build()?)?;
        }
        _ => {
            let tmx = crosscut::sources::tmx::write_tmx(&aligned.units, Some(&run.src));
            write_output(run.output, tmx.as_bytes())?;
        }
    }
    if !run.quiet {
        eprintln!(
            "{units} unit(s) to {}: {} one-to-one, {} split or merged; {} cue(s) without a counterpart, {} pair(s) with an empty side",
            run.output.display(),
            aligned.one_to_one,
            aligned.many,
            aligned.unpaired,
            aligned.empty
        );
    }
    Ok(ExitCode::SUCCESS)
}
