//! The `crosscut` command-line tool. See `docs/cli.md` for the contract.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use crosscut::sources::{self, ReadOptions, SourceFormat};
use crosscut::{Error, Glossary, GlossaryBuilder, LookupOptions, MatchMode, Normalization, Status};
use indicatif::{ProgressBar, ProgressStyle};

mod annotate;
mod output;
mod subtitles;
mod tm;

/// Cultural glossary and translation memory for film localization.
#[derive(Parser, Debug)]
#[command(name = "crosscut", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Compile glossary sources (TOML, CSV/TSV, TBX) into one artifact.
    Compile {
        /// Source files; the format comes from the extension unless --format is given.
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// Output artifact path (written atomically).
        #[arg(short, long)]
        output: PathBuf,
        /// Force the source format for every input.
        #[arg(long)]
        format: Option<String>,
        /// Fold Latin/Greek/Cyrillic diacritics in matching keys (café = cafe).
        #[arg(long)]
        fold_diacritics: bool,
        /// No stem index: annotate finds no inflected forms (smaller artifact).
        #[arg(long)]
        no_stem: bool,
        /// Compile even when the linter reports errors.
        #[arg(long)]
        no_lint: bool,
        /// No progress bar and no warnings.
        #[arg(short, long)]
        quiet: bool,
        /// Print every importer warning, not just the first 20.
        #[arg(short, long)]
        verbose: bool,
        /// Source and target language of headerless CSV/TSV files: `--languages en,fr`.
        #[arg(long, value_name = "SRC,TGT")]
        languages: Option<String>,
        /// Separator between several terms in one CSV cell.
        #[arg(long, default_value = "|")]
        term_separator: String,
        /// Bundle a translation memory (a memory artifact or a `.tmx` file) into
        /// the output, so one artifact serves lookups, annotation and TM search.
        #[arg(long, value_name = "MEMORY")]
        tm: Option<PathBuf>,
        /// Largest TBX file accepted, in bytes (docs/limits.md).
        #[arg(long, value_name = "BYTES", default_value_t = sources::xml::MAX_INPUT_BYTES)]
        max_xml_bytes: usize,
        /// Most XML elements in one TBX file (docs/limits.md).
        #[arg(long, value_name = "N", default_value_t = sources::xml::MAX_ELEMENTS)]
        max_xml_elements: usize,
    },
    /// Look a term up.
    Lookup {
        /// The artifact.
        artifact: PathBuf,
        /// The term (a regex with --regex).
        term: String,
        /// Language of the term (with locale fallback).
        #[arg(long)]
        lang: String,
        /// Target languages, comma separated.
        #[arg(long, value_delimiter = ',')]
        to: Vec<String>,
        /// Fuzzy match within N edits (1 or 2).
        #[arg(long, conflicts_with_all = ["prefix", "regex"])]
        fuzzy: Option<u32>,
        /// Prefix match (autocomplete), shortest first.
        #[arg(long, conflicts_with = "regex")]
        prefix: bool,
        /// TERM is a regular expression over whole (normalized) terms.
        #[arg(long)]
        regex: bool,
        /// Only concepts in this domain (or a sub-domain of it).
        #[arg(long)]
        domain: Option<String>,
        /// Only terms with these statuses, comma separated.
        #[arg(long, value_delimiter = ',')]
        status: Vec<String>,
        /// Most hits.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// JSON output (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Find glossary terms in running text, line by line.
    Annotate {
        /// The artifact.
        artifact: PathBuf,
        /// Input file; `-` or nothing for standard input.
        input: Option<PathBuf>,
        /// Language of the text (with locale fallback).
        #[arg(long)]
        lang: String,
        /// Languages of the translations shown with each match, comma separated.
        #[arg(long, value_delimiter = ',')]
        to: Vec<String>,
        /// Return overlapping matches too (default: leftmost-longest).
        #[arg(long)]
        overlapping: bool,
        /// One JSON object per input line (see docs/cli.md).
        #[arg(long, conflicts_with = "count")]
        json: bool,
        /// Print only the number of matches and lines.
        #[arg(long)]
        count: bool,
        /// Longest input line accepted, in bytes.
        #[arg(long, default_value_t = annotate::DEFAULT_MAX_LINE)]
        max_line: usize,
        /// Encoding of the input when it has no BOM (e.g. windows-1252, gb18030); default UTF-8.
        #[arg(long)]
        encoding: Option<String>,
    },
    /// Check glossary sources: ids, references, statuses, idioms, sensitivity, characters.
    Lint {
        /// Source files, or directories (their `.toml` glossary sources).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// JSON output (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Show what an artifact holds.
    Info {
        /// The artifact.
        artifact: PathBuf,
        /// JSON output (see docs/cli.md).
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// A Markdown coverage table (as in glossaries/README.md).
        #[arg(long)]
        markdown: bool,
    },
    /// Export an artifact back to a source format.
    Export {
        /// The artifact.
        artifact: PathBuf,
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Output file (written atomically); `-` for standard output.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Terminology and subtitle QA of a translated subtitle file (docs/check.md).
    Check {
        /// The artifact: a glossary, or a bundle of a glossary and a memory.
        artifact: PathBuf,
        /// Source subtitles (`.srt` or `.vtt`).
        source: PathBuf,
        /// Target subtitles: the translation to check.
        target: PathBuf,
        /// Source language.
        #[arg(long)]
        src: String,
        /// Target language.
        #[arg(long)]
        tgt: String,
        /// JSON output (see docs/check.md).
        #[arg(long)]
        json: bool,
        /// Also write a self-contained HTML report to FILE.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Rule severities and limits (TOML, see docs/check.md).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// A translation memory (artifact or `.tmx`) to compare identical lines with.
        #[arg(long, value_name = "MEMORY")]
        tm: Option<PathBuf>,
        /// Encoding of subtitle files without a BOM (e.g. windows-1251); default: UTF-8, else detected.
        #[arg(long)]
        encoding: Option<String>,
    },
    /// Fill a target subtitle file from a translation memory.
    Pretranslate {
        /// The artifact holding the memory (or a glossary, with --tm).
        artifact: PathBuf,
        /// Source subtitles (`.srt` or `.vtt`).
        source: PathBuf,
        /// Source language.
        #[arg(long)]
        src: String,
        /// Target language.
        #[arg(long)]
        tgt: String,
        /// Output subtitles; the format comes from the extension (`-` for standard output).
        #[arg(short, long)]
        output: PathBuf,
        /// Lowest fuzzy score that fills a cue.
        #[arg(long = "min", default_value_t = 75, value_parser = clap::value_parser!(u8).range(0..=100))]
        min: u8,
        /// A separate translation memory (artifact or `.tmx`).
        #[arg(long, value_name = "MEMORY")]
        tm: Option<PathBuf>,
        /// Print what was filled as JSON.
        #[arg(long)]
        json: bool,
        /// Encoding of the source file when it has no BOM.
        #[arg(long)]
        encoding: Option<String>,
    },
    /// Build translation units from a film's source and target subtitles.
    Align {
        /// Source subtitles (`.srt` or `.vtt`).
        source: PathBuf,
        /// Target subtitles of the same film.
        target: PathBuf,
        /// Source language.
        #[arg(long)]
        src: String,
        /// Target language.
        #[arg(long)]
        tgt: String,
        /// Output: a `.tmx` file, or a memory artifact `.xcut` (units are added when it exists).
        #[arg(short, long)]
        output: PathBuf,
        /// Origin recorded on each unit (default: the source file name).
        #[arg(long)]
        origin: Option<String>,
        /// Encoding of files without a BOM.
        #[arg(long)]
        encoding: Option<String>,
        /// No summary and no warnings.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Translation memories: import, search, concordance, export.
    #[command(subcommand)]
    Tm(tm::TmCommand),
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ExportFormat {
    Toml,
    Csv,
    Tsv,
    Tbx,
}

/// Exit codes: the contract in docs/cli.md.
pub(crate) const EXIT_NOT_FOUND: u8 = 1;
const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A closed pipe (`crosscut annotate … | head`) is not an error.
        Err(e) if matches!(e.kind(), crosscut::ErrorKind::Io { kind: std::io::ErrorKind::BrokenPipe, .. }) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Compile {
            sources,
            output,
            format,
            fold_diacritics,
            no_stem,
            no_lint,
            quiet,
            verbose,
            languages,
            term_separator,
            max_xml_bytes,
            max_xml_elements,
            tm,
        } => {
            let mut options = ReadOptions::default();
            options.csv.term_separator = term_separator;
            options.xml = sources::xml::XmlLimits { max_input_bytes: max_xml_bytes, max_elements: max_xml_elements };
            if let Some(pair) = languages {
                let (src, tgt) = pair.split_once(',').ok_or_else(|| {
                    Error::query(format!("--languages takes two tags, e.g. `en,fr`, not {pair:?}"))
                })?;
                options.csv = options.csv.with_languages(src.trim(), tgt.trim());
            }
            let builder = GlossaryBuilder::new().normalization(Normalization { fold_diacritics }).stemming(!no_stem);
            let run = CompileRun { format: format.as_deref(), read: options, lint: !no_lint, quiet, verbose, tm: tm.as_deref() };
            compile(&sources, &output, builder, &run)
        }
        Command::Lookup { artifact, term, lang, to, fuzzy, prefix, regex, domain, status, limit, json } => {
            let g = Glossary::open(&artifact)?;
            let mode = match (fuzzy, prefix, regex) {
                (Some(d), _, _) => MatchMode::Fuzzy(d),
                (_, true, _) => MatchMode::Prefix,
                (_, _, true) => MatchMode::Regex,
                _ => MatchMode::Exact,
            };
            let status = status
                .iter()
                .map(|s| {
                    Status::parse(s).ok_or_else(|| {
                        Error::query(format!("unknown status {s:?}; use preferred, admitted, deprecated or forbidden"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let options = LookupOptions { lang: Some(lang), to, mode, domain, status, limit };
            let hits = g.lookup(&term, &options)?;
            if json {
                output::print_json(&output::lookup_json(&term, &options, &hits));
            } else {
                output::print_hits(&hits);
            }
            Ok(if hits.is_empty() { ExitCode::from(EXIT_NOT_FOUND) } else { ExitCode::SUCCESS })
        }
        Command::Annotate { artifact, input, lang, to, overlapping, json, count, max_line, encoding } => {
            let g = Glossary::open(&artifact)?;
            let options = crosscut::AnnotateOptions { lang: Some(lang), to, overlapping, status: Vec::new() };
            let mode = if json {
                annotate::Mode::Json
            } else if count {
                annotate::Mode::Count
            } else {
                annotate::Mode::Human
            };
            let found = annotate::run(&g, input.as_deref(), encoding.as_deref(), &options, mode, max_line)?;
            Ok(if found == 0 { ExitCode::from(EXIT_NOT_FOUND) } else { ExitCode::SUCCESS })
        }
        Command::Lint { paths, json } => lint(&paths, json),
        Command::Info { artifact, json, markdown } => {
            let opened = crosscut::Artifact::open(&artifact)?;
            let memory = opened.memory_opt().map(|m| m.info());
            match opened.glossary_opt() {
                Some(g) if markdown => print!("{}", output::info_markdown(g.info())),
                Some(g) if json => {
                    let mut v = serde_json::to_value(g.info()).unwrap_or_default();
                    if let (Some(obj), Some(m)) = (v.as_object_mut(), &memory) {
                        obj.insert("memory".into(), serde_json::to_value(m).unwrap_or_default());
                    }
                    output::print_json(&v);
                }
                Some(g) => output::print_info(&artifact, g.info()),
                None if json => output::print_json(&serde_json::json!({ "memory": memory })),
                None => println!("{}", artifact.display()),
            }
            if let (Some(m), false) = (&memory, json || markdown) {
                output::print_memory_info(m);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { artifact, format, output } => {
            let g = Glossary::open(&artifact)?;
            let concepts = g.concepts().collect::<Result<Vec<_>, _>>()?;
            let text = match format {
                ExportFormat::Toml => sources::toml::write_toml(&concepts),
                ExportFormat::Csv => sources::csv::write_csv(&concepts, b',')?,
                ExportFormat::Tsv => sources::csv::write_csv(&concepts, b'\t')?,
                ExportFormat::Tbx => sources::tbx::write_tbx(&concepts),
            };
            write_output(&output, text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Tm(command) => tm::run(command),
        Command::Check { artifact, source, target, src, tgt, json, html, config, tm, encoding } => {
            subtitles::run_check(&subtitles::CheckRun {
                artifact: &artifact,
                source: &source,
                target: &target,
                src,
                tgt,
                json,
                html: html.as_deref(),
                config: config.as_deref(),
                tm: tm.as_deref(),
                encoding: encoding.as_deref(),
            })
        }
        Command::Pretranslate { artifact, source, src, tgt, output, min, tm, json, encoding } => {
            subtitles::run_pretranslate(&subtitles::PretranslateRun {
                artifact: &artifact,
                source: &source,
                output: &output,
                src,
                tgt,
                min,
                tm: tm.as_deref(),
                json,
                encoding: encoding.as_deref(),
            })
        }
        Command::Align { source, target, src, tgt, output, origin, encoding, quiet } => {
            subtitles::run_align(&subtitles::AlignRun {
                source: &source,
                target: &target,
                output: &output,
                src,
                tgt,
                origin,
                encoding: encoding.as_deref(),
                quiet,
            })
        }
    }
}

/// How `compile` reads, checks and reports.
struct CompileRun<'a> {
    format: Option<&'a str>,
    read: ReadOptions,
    lint: bool,
    quiet: bool,
    verbose: bool,
    tm: Option<&'a Path>,
}

fn compile(paths: &[PathBuf], output: &Path, mut builder: GlossaryBuilder, run: &CompileRun<'_>) -> Result<ExitCode, Error> {
    let (options, lint_first, quiet, verbose) = (&run.read, run.lint, run.quiet, run.verbose);
    let forced = match run.format {
        Some(f) => Some(SourceFormat::from_name(f).ok_or_else(|| {
            Error::query(format!("unknown source format {f:?}; use one of: {}", SourceFormat::NAMES))
        })?),
        None => None,
    };
    let bar = if quiet { ProgressBar::hidden() } else { ProgressBar::new(paths.len() as u64 + 1) };
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut warnings = Vec::new();
    let mut read = Vec::with_capacity(paths.len());
    for path in paths {
        bar.set_message(path.display().to_string());
        let (name, imported) = read_source(path, forced, options)?;
        warnings.extend(imported.warnings.iter().cloned());
        read.push((Some(name), imported));
        bar.inc(1);
    }
    if lint_first {
        let messages = crosscut::lint::lint(&read);
        let errors: Vec<_> = messages.iter().filter(|m| m.severity == crosscut::lint::Severity::Error).collect();
        if !errors.is_empty() {
            bar.finish_and_clear();
            for m in &errors {
                eprintln!("{m}");
            }
            return Err(Error::query(format!(
                "{} lint error(s); fix them (`crosscut lint` lists warnings too) or compile with --no-lint",
                errors.len()
            )));
        }
    }
    for (path, (name, imported)) in paths.iter().zip(read) {
        let name = name.unwrap_or_else(|| "<input>".into());
        for c in imported.concepts {
            builder.add(c).map_err(|e| if e.location().is_some() { e } else { e.in_source(&name) })?;
        }
        builder.source_name(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    }
    bar.set_message("building");
    let mut bytes = builder.build()?;
    if let Some(tm) = run.tm {
        bar.set_message(format!("bundling {}", tm.display()));
        bytes = crosscut::artifact::bundle(&bytes, &tm::memory_bytes(tm)?)?;
    }
    crosscut::artifact::write_atomic(output, &bytes)?;
    bar.inc(1);
    bar.finish_and_clear();
    if !quiet {
        let shown = if verbose { warnings.len() } else { warnings.len().min(20) };
        for w in warnings.iter().take(shown) {
            eprintln!("{w}");
        }
        if warnings.len() > shown {
            eprintln!("… and {} more warnings (use --verbose to see them all)", warnings.len() - shown);
        }
        eprintln!(
            "compiled {} concepts from {} source(s) into {} ({} bytes)",
            builder.len(),
            paths.len(),
            output.display(),
            bytes.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads one source file, its format from `forced` or its extension.
fn read_source(path: &Path, forced: Option<SourceFormat>, options: &ReadOptions) -> Result<(Arc<str>, sources::Imported), Error> {
    let name: Arc<str> = path.display().to_string().into();
    let fmt = forced.or_else(|| SourceFormat::from_path(&name)).ok_or_else(|| {
        Error::query(format!("{name}: cannot tell the source format from the extension; pass --format ({})", SourceFormat::NAMES))
    })?;
    let bytes = std::fs::read(path)
        .map_err(|e| Error::from(std::io::Error::new(e.kind(), format!("{name}: cannot read: {e}"))))?;
    let imported = sources::read(&bytes, &Some(name.clone()), fmt, options)?;
    Ok((name, imported))
}

/// `crosscut lint`: files (any source format), or directories (their `.toml`
/// sources); exit 2 when there are errors.
fn lint(paths: &[PathBuf], json: bool) -> Result<ExitCode, Error> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| Error::from(std::io::Error::new(e.kind(), format!("{}: cannot list: {e}", p.display()))))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|e| e == "toml"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    let mut read = Vec::with_capacity(files.len());
    for f in &files {
        let (name, imported) = read_source(f, None, &ReadOptions::default())?;
        read.push((Some(name), imported));
    }
    let messages = crosscut::lint::lint(&read);
    let errors = messages.iter().filter(|m| m.severity == crosscut::lint::Severity::Error).count();
    if json {
        output::print_json(&serde_json::json!({
            "files": files.len(),
            "concepts": read.iter().map(|(_, i)| i.concepts.len()).sum::<usize>(),
            "errors": errors,
            "warnings": messages.len() - errors,
            "messages": messages,
        }));
    } else {
        for m in &messages {
            println!("{m}");
        }
        eprintln!("{} file(s), {errors} error(s), {} warning(s)", files.len(), messages.len() - errors);
    }
    Ok(if errors > 0 { ExitCode::from(EXIT_BAD_INPUT) } else { ExitCode::SUCCESS })
}

pub(crate) fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if path.as_os_str() == "-" {
        use std::io::Write;
        std::io::stdout().write_all(bytes)?;
        Ok(())
    } else {
        crosscut::artifact::write_atomic(path, bytes)
    }
}
