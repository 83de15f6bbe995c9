//! The HTML report of `check`: one self-contained page (inline CSS, no script,
//! every text escaped) with the findings grouped by rule and the cues side by
//! side, glossary terms and problem spans highlighted.

use std::fmt::Write as _;

use super::{cue_number, CheckReport, Finding, Rule, Severity, Side};
use crate::subtitle::timing::format_short;
use crate::subtitle::Subtitles;

const CSS: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}\
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}\
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left}\
th{background:#f4f4f4}.cue{white-space:pre-wrap}.num{color:#777;white-space:nowrap}\
.error{background:#fde2e1}.warning{background:#fff4d6}.info{background:#e6f0ff}\
mark.term{background:#d8f0d8;border-bottom:2px solid #3a3}mark.problem{background:#f9b4b0;border-bottom:2px solid #c00}\
.sev{font-weight:600;text-transform:uppercase;font-size:.8em}.summary span{margin-right:1.5em}\
tr.flagged td{border-left:3px solid #c00}a{color:#05c}";

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` escaped, with `ranges` (byte ranges, class) wrapped in `<mark>`.
fn highlight(text: &str, ranges: &mut [(usize, usize, &'static str)]) -> String {
    ranges.sort_by_key(|r| (r.0, std::cmp::Reverse(r.1)));
    let mut out = String::new();
    let mut at = 0;
    for &(s, e, class) in ranges.iter() {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue; // overlapping or out of range: the first one wins
        }
        out.push_str(&esc(text.get(at..s).unwrap_or_default()));
        let _ = write!(
            out,
            "<mark class=\"{class}\">{}</mark>",
            esc(text.get(s..e).unwrap_or_default())
        );
        at = e;
    }
    out.push_str(&esc(text.get(at..).unwrap_or_default()));
    out
}

fn cue_cell(report: &CheckReport, subs: &Subtitles, side: Side, indexes: &[usize]) -> String {
    let mut out = String::new();
    for &i in indexes {
        let Some(cue) = subs.cues.get(i) else { continue };
        let mut ranges: Vec<(usize, usize, &'static str)> = Vec::new();
        for f in &report.findings {
            let span = match side {
                Side::Source if f.source_index == Some(i) => f.source_span.as_ref(),
                Side::Target if f.target_index == Some(i) => f.target_span.as_ref(),
                _ => None,
            };
            if let Some(s) = span {
                ranges.push((s.start, s.end, "problem"));
            }
        }
        for t in report.terms.iter().filter(|t| t.side == side && t.cue_index == i) {
            ranges.push((t.start, t.end, "term"));
        }
        let id = match side {
            Side::Source => format!("s{i}"),
            Side::Target => format!("t{i}"),
        };
        let _ = write!(
            out,
            "<div id=\"{id}\"><span class=\"num\">{} · {}–{}</span><div class=\"cue\">{}</div></div>",
            cue_number(subs, i),
            format_short(cue.start),
            format_short(cue.end),
            highlight(&cue.text, &mut ranges)
        );
    }
    out
}

fn finding_row(f: &Finding) -> String {
    let cue = match f.target_index {
        Some(i) => format!("<a href=\"#t{i}\">{}</a>", f.cue),
        None => f.source_index.map_or_else(String::new, |i| {
            format!("<a href=\"#s{i}\">source {}</a>", f.source_cue.unwrap_or(0))
        }),
    };
    let spans: Vec<String> = [("source", &f.source_span), ("target", &f.target_span)]
        .iter()
        .filter_map(|(side, s)| {
            s.as_ref()
                .map(|s| format!("{side}: <mark class=\"problem\">{}</mark>", esc(&s.text)))
        })
        .collect();
    format!(
        "<tr class=\"{sev}\"><td class=\"sev\">{sev}</td><td>{cue}</td><td class=\"num\">{}–{}</td><td>{}{}</td><td>{}</td></tr>",
        format_short(f.start),
        format_short(f.end),
        esc(&f.message),
        if spans.is_empty() { String::new() } else { format!("<br><small>{}</small>", spans.join(" · ")) },
        esc(f.suggestion.as_deref().unwrap_or("")),
        sev = f.severity.as_str(),
    )
}

/// Renders the report as one self-contained HTML page.
///
/// # Example
/// ```
/// use crosscut::check::{check, report_html, CheckOptions};
/// use crosscut::subtitle::{Cue, Subtitles};
/// use crosscut::{Glossary, GlossaryBuilder};
/// let glossary = Glossary::from_bytes(GlossaryBuilder::new().build()?)?;
/// let source = Subtitles { cues: vec![Cue::new(0, 2000, "Fish & chips")], ..Subtitles::default() };
/// let target = Subtitles { cues: vec![Cue::new(0, 2000, "<i>Poisson</i> & frites")], ..Subtitles::default() };
/// let report = check(&glossary, None, &source, &target, &CheckOptions::new("en", "fr"))?;
/// let html = report_html(&report, &source, &target, "film");
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("&lt;i&gt;Poisson&lt;/i&gt; &amp; frites"));
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn report_html(report: &CheckReport, source: &Subtitles, target: &Subtitles, title: &str) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>crosscut check: {t}</title><style>{CSS}</style></head><body>\n\
         <h1>crosscut check: {t}</h1>\n<p class=\"summary\"><span>{src} → {tgt}</span><span>{} errors</span><span>{} warnings</span>\
         <span>{} info</span><span>{} source cues, {} target cues, paired by {}</span></p>\n",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
        source.cues.len(),
        target.cues.len(),
        match report.pairing {
            super::Pairing::Index => "index",
            super::Pairing::Overlap => "time overlap",
        },
        t = esc(title),
        src = esc(&report.src),
        tgt = esc(&report.tgt),
    );
    o.push_str("<h2>Findings by rule</h2>\n");
    if report.findings.is_empty() {
        o.push_str("<p>No findings.</p>\n");
    }
    for rule in Rule::ALL {
        let of_rule: Vec<&Finding> = report.findings.iter().filter(|f| f.rule == *rule).collect();
        if of_rule.is_empty() {
            continue;
        }
        let _ = write!(
            o,
            "<h3 id=\"rule-{id}\">{id} ({n})</h3>\n<table><tr><th>severity</th><th>cue</th><th>time</th><th>message</th><th>suggestion</th></tr>\n",
            id = rule.id(),
            n = of_rule.len()
        );
        for f in of_rule {
            o.push_str(&finding_row(f));
            o.push('\n');
        }
        o.push_str("</table>\n");
    }
    o.push_str("<h2>Cues side by side</h2>\n<table><tr><th>source</th><th>target</th><th>findings</th></tr>\n");
    for g in &report.groups {
        let rules: Vec<String> = report
            .findings
            .iter()
            .filter(|f| {
                f.target_index.is_some_and(|t| g.target.contains(&t))
                    || f.source_index.is_some_and(|s| g.source.contains(&s))
            })
            .map(|f| format!("<span class=\"{}\">{}</span>", f.severity.as_str(), f.rule.id()))
            .collect();
        let _ = writeln!(
            o,
            "<tr{}><td>{}</td><td>{}</td><td>{}</td></tr>",
            if rules.is_empty() { "" } else { " class=\"flagged\"" },
            cue_cell(report, source, Side::Source, &g.source),
            cue_cell(report, target, Side::Target, &g.target),
            rules.join(" ")
        );
    }
    o.push_str("</table>\n</body></html>\n");
    o
}
