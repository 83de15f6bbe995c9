//! Rendering results: human text and the JSON schemas of docs/cli.md.

use std::path::Path;

use crosscut::{Hit, Info, LookupOptions, MatchMode};
use serde_json::{json, Value};

pub fn print_json(v: &Value) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".into()));
}

pub fn lookup_json(query: &str, options: &LookupOptions, hits: &[Hit]) -> Value {
    let (mode, distance) = match options.mode {
        MatchMode::Exact => ("exact", None),
        MatchMode::Prefix => ("prefix", None),
        MatchMode::Fuzzy(d) => ("fuzzy", Some(d)),
        MatchMode::Regex => ("regex", None),
    };
    json!({
        "query": query,
        "lang": options.lang,
        "to": options.to,
        "mode": mode,
        "max_distance": distance,
        "hits": hits,
    })
}

pub fn print_hits(hits: &[Hit]) {
    if hits.is_empty() {
        println!("no match");
        return;
    }
    for h in hits {
        let dist = if h.distance > 0 { format!(" (distance {})", h.distance) } else { String::new() };
        println!("{} [{}, {}]{dist}  — {}", h.term.text, h.term.lang, h.term.status.as_str(), h.concept.id);
        for t in &h.translations {
            let reg = t.register.map(|r| format!(", {}", r.as_str())).unwrap_or_default();
            println!("    {}: {} ({}{reg})", t.lang, t.text, t.status.as_str());
        }
        if let Some(d) = &h.concept.definition {
            println!("    definition: {d}");
        }
        if let Some(n) = &h.concept.cultural_note {
            println!("    cultural note: {n}");
        }
        if let Some(s) = &h.concept.sensitivity {
            let reason = s.reason.as_deref().unwrap_or("");
            println!("    sensitivity: {} {} {reason}", s.level.as_str(), s.locales.join(","));
        }
    }
}

pub fn print_info(path: &Path, info: &Info) {
    println!("{}", path.display());
    println!("  format version   {}", info.format_version);
    println!("  size             {} bytes", info.bytes);
    println!("  concepts         {}", info.concepts);
    println!("  terms            {}", info.terms);
    println!("  idioms           {}", info.idioms);
    println!("  cultural notes   {}", info.notes);
    println!("  fold diacritics  {}", info.normalization.fold_diacritics);
    println!("  stemmed          {}", if info.stemmed.is_empty() { "-".to_string() } else { info.stemmed.join(", ") });
    println!("  languages        (concepts / terms)");
    for (lang, concepts) in &info.languages {
        let terms = info.terms_per_language.get(lang).copied().unwrap_or(0);
        println!("    {lang:<12} {concepts:>6} / {terms}");
    }
    if !info.sources.is_empty() {
        println!("  sources          {}", info.sources.join(", "));
    }
}

/// The translation-memory part of `info`.
pub fn print_memory_info(info: &crosscut::MemoryInfo) {
    println!("  memory units     {}", info.units);
    println!("  memory segments  {}", info.variants);
    let langs: Vec<String> = info.languages.iter().map(|(l, n)| format!("{l} {n}")).collect();
    println!("  memory languages {}", langs.join(", "));
    if !info.sources.is_empty() {
        println!("  memory sources   {}", info.sources.join(", "));
    }
}

/// The coverage table of glossaries/README.md.
pub fn info_markdown(info: &Info) -> String {
    let pct = |n: u64| if info.concepts == 0 { 0.0 } else { 100.0 * n as f64 / f64::from(info.concepts) };
    let mut o = String::new();
    o.push_str(&format!(
        "| concepts | terms | idioms | with a cultural note | languages |\n|---:|---:|---:|---:|---:|\n| {} | {} | {} | {} ({:.0}%) | {} |\n\n",
        info.concepts,
        info.terms,
        info.idioms,
        info.notes,
        pct(u64::from(info.notes)),
        info.languages.len()
    ));
    o.push_str("| language | concepts covered | share | terms |\n|---|---:|---:|---:|\n");
    let mut langs: Vec<(&String, &u32)> = info.languages.iter().collect();
    langs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (lang, n) in langs {
        let terms = info.terms_per_language.get(lang).copied().unwrap_or(0);
        o.push_str(&format!("| {lang} | {n} | {:.0}% | {terms} |\n", pct(u64::from(*n))));
    }
    o
}
