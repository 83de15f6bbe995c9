//! Fuzzy-match scoring: tokens, a weighted word-level edit distance, bands,
//! diffs and repairs. The rules are documented in `docs/tm-scoring.md`.
//!
//! A segment is cut into tokens: words (letters, digits and marks, with inner
//! apostrophes and hyphens), numbers (digits with inner `.` `,`), one token
//! per punctuation character, one per CJK character, and one per inline code.
//! The edit distance between the query's tokens and a source's tokens costs
//! *points*: a word edit costs `100 / W` (W = the larger number of words and
//! numbers of the two), while differences only in case, numbers, inline codes
//! or punctuation cost a few fixed points. The score is `100 − points`,
//! floored, clamped to 0–99 unless the tokens are identical (100).

use serde::Serialize;

use crate::normalize::Normalization;
use crate::tm_model::{Segment, SegmentPiece, Tag, TagKind};

/// Points for a word that differs from the other only in case or width.
pub const CASE_POINTS: f64 = 1.0;
/// Points for a number replaced by another number.
pub const NUMBER_POINTS: f64 = 1.0;
/// Points for an inline code added, removed or replaced.
pub const TAG_POINTS: f64 = 1.0;
/// Points for a punctuation character added, removed or replaced.
pub const PUNCT_POINTS: f64 = 1.0;
/// Most tokens scored in a segment; the rest of a longer one counts as missing.
pub const MAX_TOKENS: usize = 1000;

/// The kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum TokKind {
    Word,
    Number,
    Punct,
    Tag,
}

/// A token of a segment's plain text (see [`Segment::plain`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokKind,
    /// As written (the placeholder for a tag).
    pub text: String,
    /// The matching key: normalized word, number as written, tag identity.
    pub key: String,
    /// Byte range in the segment's plain text.
    pub start: usize,
    pub end: usize,
    /// Index of the span it came from.
    pub span: usize,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF | 0x31F0..=0x31FF)
}

fn is_word_char(c: char) -> bool {
    #[cfg(feature = "small-code")]
    use crate::compact_unicode::is_combining_mark;
    #[cfg(not(feature = "small-code"))]
    use unicode_normalization::char::is_combining_mark;
    (c.is_alphanumeric() || is_combining_mark(c)) && !is_cjk(c)
}

/// The tokens of a segment, with offsets into `seg.plain()`.
pub(crate) fn tokenize(seg: &Segment, norm: Normalization) -> Vec<Token> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    let mut ordinal = 0usize;
    for (si, span) in seg.spans.iter().enumerate() {
        match span {
            SegmentPiece::Text(t) => {
                tokenize_text(t, offset, si, norm, &mut out);
                offset += t.len();
            }
            SegmentPiece::Tag(tag) => {
                ordinal += 1;
                let text = tag.placeholder(ordinal);
                let key = tag_key(tag);
                out.push(Token { kind: TokKind::Tag, key, start: offset, end: offset + text.len(), text, span: si });
                offset += out.last().map_or(0, |t| t.text.len());
            }
        }
    }
    out
}

fn tag_key(tag: &Tag) -> String {
    let kind = match tag.kind {
        TagKind::Bpt => "bpt",
        TagKind::Ept => "ept",
        TagKind::It => "it",
        TagKind::Ph => "ph",
        TagKind::Ut => "ut",
        TagKind::HiStart => "hi",
        TagKind::HiEnd => "/hi",
    };
    format!("{kind}:{}:{}", tag.attr("i").unwrap_or(""), tag.attr("x").unwrap_or(""))
}

fn tokenize_text(t: &str, base: usize, span: usize, norm: Normalization, out: &mut Vec<Token>) {
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    let mut i = 0;
    while let Some(&(start, c)) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            let mut j = i + 1;
            while let Some(&(_, d)) = chars.get(j) {
                if is_word_char(d) {
                    j += 1;
                } else if matches!(d, '\'' | '’' | '-' | '‐' | '.' | ',')
                    && chars.get(j + 1).is_some_and(|&(_, e)| is_word_char(e))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(t.len(), |&(p, _)| p);
            let text = t.get(start..end).unwrap_or_default();
            // `.` and `,` join digits only: "3.5" and "1,000" are numbers, "end.Next" is not one word.
            let numeric = text.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',');
            let (text, end, j) = if !numeric && text.contains(['.', ',']) {
                let cut = text.find(['.', ',']).unwrap_or(text.len());
                let cut_chars = text.get(..cut).map_or(0, |s| s.chars().count());
                (text.get(..cut).unwrap_or_default(), start + cut, i + cut_chars)
            } else {
                (text, end, j)
            };
            let kind = if numeric { TokKind::Number } else { TokKind::Word };
            let key = if numeric { text.to_string() } else { norm.key(text) };
            out.push(Token { kind, text: text.to_string(), key, start: base + start, end: base + end, span });
            i = j;
            continue;
        }
        let end = start + c.len_utf8();
        let text = c.to_string();
        if is_cjk(c) {
            let key = norm.key(&text);
            out.push(Token { kind: TokKind::Word, text, key, start: base + start, end: base + end, span });
        } else {
            let key = norm.key(&text);
            let key = if key.is_empty() { text.clone() } else { key };
            out.push(Token { kind: TokKind::Punct, text, key, start: base + start, end: base + end, span });
        }
        i += 1;
    }
}

/// The content tokens (words and numbers) count towards a segment's weight.
fn weight(tokens: &[Token]) -> usize {
    tokens.iter().filter(|t| matches!(t.kind, TokKind::Word | TokKind::Number)).count()
}

/// A fuzzy-match band, as CAT tools report them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Band {
    /// Below 50.
    #[serde(rename = "0-49")]
    NoMatch,
    /// 50–74.
    #[serde(rename = "50-74")]
    Low,
    /// 75–84.
    #[serde(rename = "75-84")]
    Fair,
    /// 85–94.
    #[serde(rename = "85-94")]
    Good,
    /// 95–99.
    #[serde(rename = "95-99")]
    High,
    /// 100: identical source.
    #[serde(rename = "100")]
    Exact,
    /// 101: identical source in the same context.
    #[serde(rename = "101")]
    InContext,
}

impl Band {
    /// The band of a score.
    pub fn of(score: u8) -> Band {
        match score {
            101.. => Band::InContext,
            100 => Band::Exact,
            95..=99 => Band::High,
            85..=94 => Band::Good,
            75..=84 => Band::Fair,
            50..=74 => Band::Low,
            _ => Band::NoMatch,
        }
    }

    /// The band's name: `101`, `100`, `95-99`, `85-94`, `75-84`, `50-74` or `0-49`.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::InContext => "101",
            Band::Exact => "100",
            Band::High => "95-99",
            Band::Good => "85-94",
            Band::Fair => "75-84",
            Band::Low => "50-74",
            Band::NoMatch => "0-49",
        }
    }
}

/// One part of a word-level diff of the query against a matched source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffPart {
    /// What happened to this text.
    pub op: DiffOp,
    /// The text: from the query for `equal` and `insert`, from the source for `delete`.
    pub text: String,
}

/// A diff operation, read as "to turn the source into the query".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    /// In both.
    Equal,
    /// Only in the query.
    Insert,
    /// Only in the source.
    Delete,
}

/// An aligned pair from the edit distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Query token i, source token j, identical.
    Same(usize, usize),
    /// Query token i replaces source token j.
    Sub(usize, usize),
    /// Query token i only.
    Ins(usize),
    /// Source token j only.
    Del(usize),
}

/// The result of scoring a query against a source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scored {
    pub score: u8,
    pub steps: Vec<Step>,
}

fn indel_cost(t: &Token, unit: f64) -> f64 {
    match t.kind {
        TokKind::Word | TokKind::Number => unit,
        TokKind::Tag => TAG_POINTS,
        TokKind::Punct => PUNCT_POINTS,
    }
}

fn sub_cost(a: &Token, b: &Token, unit: f64) -> f64 {
    if a.text == b.text && a.kind == b.kind {
        return 0.0;
    }
    match (a.kind, b.kind) {
        (TokKind::Word, TokKind::Word) if a.key == b.key => CASE_POINTS,
        (TokKind::Number, TokKind::Number) => NUMBER_POINTS,
        (TokKind::Tag, TokKind::Tag) => TAG_POINTS,
        (TokKind::Punct, TokKind::Punct) => PUNCT_POINTS,
        (TokKind::Word | TokKind::Number, TokKind::Word | TokKind::Number) => unit,
        // A word against a code or punctuation: cheaper as a deletion plus an insertion.
        _ => indel_cost(a, unit) + indel_cost(b, unit),
    }
}

/// An upper bound of the score from the lengths alone, to skip hopeless candidates.
pub(crate) fn score_bound(query: &[Token], source: &[Token]) -> u8 {
    let (wq, ws) = (weight(query), weight(source));
    let w = wq.max(ws).max(1) as f64;
    let diff = wq.abs_diff(ws) as f64;
    let bound = 100.0 - diff * 100.0 / w;
    bound.clamp(0.0, 100.0) as u8
}

/// Scores `query` against `source` (both tokenized), 0–100.
pub(crate) fn score(query: &[Token], source: &[Token]) -> Scored {
    let q = query.get(..query.len().min(MAX_TOKENS)).unwrap_or_default();
    let s = source.get(..source.len().min(MAX_TOKENS)).unwrap_or_default();
    let unit = 100.0 / weight(q).max(weight(s)).max(1) as f64;
    let (n, m) = (q.len(), s.len());
    let width = m + 1;
    // d[i * width + j]: cost of turning s[..j] into q[..i]. Every index below is
    // at most n * width + m, inside the (n + 1) * (m + 1) table.
    let mut d = vec![0f64; (n + 1) * width];
    let get = |d: &[f64], i: usize, j: usize| d.get(i * width + j).copied().unwrap_or(f64::INFINITY);
    for j in 1..=m {
        let c = get(&d, 0, j - 1) + s.get(j - 1).map_or(0.0, |t| indel_cost(t, unit));
        if let Some(x) = d.get_mut(j) {
            *x = c;
        }
    }
    for i in 1..=n {
        let Some(qt) = q.get(i - 1) else { break };
        let c = get(&d, i - 1, 0) + indel_cost(qt, unit);
        if let Some(x) = d.get_mut(i * width) {
            *x = c;
        }
        for j in 1..=m {
            let Some(st) = s.get(j - 1) else { break };
            let best = (get(&d, i - 1, j - 1) + sub_cost(qt, st, unit))
                .min(get(&d, i - 1, j) + indel_cost(qt, unit))
                .min(get(&d, i, j - 1) + indel_cost(st, unit));
            if let Some(x) = d.get_mut(i * width + j) {
                *x = best;
            }
        }
    }
    // Backtrack, preferring diagonal moves so ties give stable, readable diffs.
    let mut steps = Vec::new();
    let (mut i, mut j) = (n, m);
    let eps = 1e-9;
    while i > 0 || j > 0 {
        let here = get(&d, i, j);
        if i > 0 && j > 0 {
            if let (Some(qt), Some(st)) = (q.get(i - 1), s.get(j - 1)) {
                let c = sub_cost(qt, st, unit);
                if (get(&d, i - 1, j - 1) + c - here).abs() < eps {
                    steps.push(if c == 0.0 { Step::Same(i - 1, j - 1) } else { Step::Sub(i - 1, j - 1) });
                    i -= 1;
                    j -= 1;
                    continue;
                }
            }
        }
        if i > 0 && q.get(i - 1).is_some_and(|qt| (get(&d, i - 1, j) + indel_cost(qt, unit) - here).abs() < eps) {
            steps.push(Step::Ins(i - 1));
            i -= 1;
        } else if j > 0 {
            steps.push(Step::Del(j - 1));
            j -= 1;
        } else {
            steps.push(Step::Ins(i - 1));
            i -= 1;
        }
    }
    steps.reverse();
    let identical = steps.iter().all(|s| matches!(s, Step::Same(..))) && q.len() == query.len() && s.len() == source.len();
    let cost = get(&d, n, m);
    let score = if identical {
        100
    } else {
        // Tiny float noise must not lift a score: floor after a small epsilon.
        (100.0 - cost + 1e-6).floor().clamp(0.0, 99.0) as u8
    };
    Scored { score, steps }
}

/// The word-level diff of an alignment: runs of changes become one `delete`
/// (source text) and one `insert` (query text).
pub(crate) fn diff(steps: &[Step], query: &[Token], qplain: &str, source: &[Token], splain: &str) -> Vec<DiffPart> {
    let slice = |toks: &[Token], plain: &str, a: usize, b: usize| -> String {
        match (toks.get(a), toks.get(b)) {
            (Some(x), Some(y)) => plain.get(x.start..y.end).unwrap_or_default().to_string(),
            _ => String::new(),
        }
    };
    let mut out: Vec<DiffPart> = Vec::new();
    let mut k = 0;
    while let Some(step) = steps.get(k) {
        if let Step::Same(i, _) = step {
            let mut last = *i;
            while let Some(Step::Same(i2, _)) = steps.get(k + 1) {
                last = *i2;
                k += 1;
            }
            out.push(DiffPart { op: DiffOp::Equal, text: slice(query, qplain, *i, last) });
            k += 1;
            continue;
        }
        let (mut qa, mut qb, mut sa, mut sb): (Option<usize>, usize, Option<usize>, usize) = (None, 0, None, 0);
        while let Some(step) = steps.get(k) {
            let (qi, sj) = match *step {
                Step::Same(..) => break,
                Step::Sub(i, j) => (Some(i), Some(j)),
                Step::Ins(i) => (Some(i), None),
                Step::Del(j) => (None, Some(j)),
            };
            if let Some(i) = qi {
                qa.get_or_insert(i);
                qb = i;
            }
            if let Some(j) = sj {
                sa.get_or_insert(j);
                sb = j;
            }
            k += 1;
        }
        if let Some(a) = sa {
            out.push(DiffPart { op: DiffOp::Delete, text: slice(source, splain, a, sb) });
        }
        if let Some(a) = qa {
            out.push(DiffPart { op: DiffOp::Insert, text: slice(query, qplain, a, qb) });
        }
    }
    out
}

/// The target with numbers and inline codes substituted, when the only
/// differences between query and source are numbers or codes that each occur
/// in the target; `None` otherwise.
pub(crate) fn repair(
    steps: &[Step],
    query_seg: &Segment,
    query: &[Token],
    source: &[Token],
    target: &Segment,
    norm: Normalization,
) -> Option<Segment> {
    let mut subs: Vec<(&Token, &Token)> = Vec::new();
    for step in steps {
        match *step {
            Step::Same(..) => {}
            Step::Sub(i, j) => {
                let (q, s) = (query.get(i)?, source.get(j)?);
                match (q.kind, s.kind) {
                    (TokKind::Number, TokKind::Number) | (TokKind::Tag, TokKind::Tag) => subs.push((q, s)),
                    _ => return None,
                }
            }
            Step::Ins(_) | Step::Del(_) => return None,
        }
    }
    if subs.is_empty() {
        return None;
    }
    let mut out = target.clone();
    let mut used: Vec<(usize, usize)> = Vec::new();
    for (q, s) in subs {
        let ttoks = tokenize(&out, norm);
        let found = ttoks.iter().find(|t| t.kind == s.kind && t.key == s.key && !used.contains(&(t.span, t.start)))?;
        match s.kind {
            TokKind::Number => {
                // Offsets in the plain text; the span's own offset is where its text starts.
                let span_start = span_offset(&out, found.span);
                let Some(SegmentPiece::Text(text)) = out.spans.get_mut(found.span) else { return None };
                let (a, b) = (found.start - span_start, found.end - span_start);
                let mut replaced = String::with_capacity(text.len());
                replaced.push_str(text.get(..a)?);
                replaced.push_str(&q.text);
                replaced.push_str(text.get(b..)?);
                *text = replaced;
                let delta = q.text.len() as isize - s.text.len() as isize;
                used.push((found.span, (found.start as isize + delta.min(0)) as usize));
            }
            TokKind::Tag => {
                let Some(SegmentPiece::Tag(qtag)) = query_seg.spans.get(q.span) else { return None };
                let slot = out.spans.get_mut(found.span)?;
                *slot = SegmentPiece::Tag(qtag.clone());
                used.push((found.span, found.start));
            }
            TokKind::Word | TokKind::Punct => return None,
        }
    }
    Some(out)
}

fn span_offset(seg: &Segment, index: usize) -> usize {
    let mut offset = 0;
    let mut ordinal = 0;
    for (i, s) in seg.spans.iter().enumerate() {
        if i == index {
            break;
        }
        match s {
            SegmentPiece::Text(t) => offset += t.len(),
            SegmentPiece::Tag(t) => {
                ordinal += 1;
                offset += t.placeholder(ordinal).len();
            }
        }
    }
    offset
}

/// Scores two plain texts (no inline codes): the public face of the scorer.
///
/// # Example
/// ```
/// use crosscut::tm_score::score_texts;
/// assert_eq!(score_texts("The cat sleeps.", "The cat sleeps."), 100);
/// assert_eq!(score_texts("The cat sleeps.", "The Cat sleeps."), 99);
/// assert!(score_texts("The cat sleeps.", "The dog sleeps.") < 75);
/// ```
pub fn score_texts(query: &str, source: &str) -> u8 {
    let norm = Normalization::default();
    let q = tokenize(&Segment::text(query), norm);
    let s = tokenize(&Segment::text(source), norm);
    score(&q, &s).score
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::tm_model::Code;

    macro_rules! s {
        ($q:expr, $s:expr, $score:expr) => {
            assert_eq!(score_texts($q, $s), $score, "{:?} vs {:?}", $q, $s);
        };
    }

    #[test]
    fn scores_table() {
        s!("Open the door.", "Open the door.", 100);
        s!("Open the door.", "Open  the door.", 100); // white space is not a token
        s!("Open the door.", "open the door.", 99); // case only
        s!("Open the door.", "Open the door!", 99); // punctuation only
        s!("Open the door.", "Open the door", 99); // missing punctuation
        s!("Wait 5 minutes.", "Wait 10 minutes.", 99); // number only
        s!("Wait 5 minutes, then 6.", "Wait 10 minutes, then 7.", 98);
        s!("Open the door.", "Open the window.", 66); // 1 of 3 words
        s!("Open the red door.", "Open the door.", 75); // 1 of 4 words missing
        s!("Please open the red door now.", "Please open the door now.", 83);
        s!("Open the door.", "Close the window.", 33);
        s!("Open the door.", "Nothing in common here at all", 0);
        s!("猫が寝ている。", "猫が寝ている。", 100);
        s!("猫が寝ている。", "犬が寝ている。", 83); // one CJK character of 6
        s!("don't stop", "don't stop", 100);
        s!("3.5 km", "3,5 km", 99);
    }

    #[test]
    fn tokens_of_text_and_tags() {
        let seg = Segment {
            spans: vec![
                SegmentPiece::Text("Hello, world 42 ".into()),
                SegmentPiece::Tag(Tag { kind: TagKind::Ph, attrs: vec![("x".into(), "1".into())], code: vec![Code::Native("<br>".into())] }),
                SegmentPiece::Text("co-op".into()),
            ],
        };
        let toks = tokenize(&seg, Normalization::default());
        let kinds: Vec<TokKind> = toks.iter().map(|t| t.kind).collect();
        use TokKind as K;
        assert_eq!(kinds, [K::Word, K::Punct, K::Word, K::Number, K::Tag, K::Word]);
        let plain = seg.plain();
        for t in &toks {
            assert_eq!(&plain[t.start..t.end], t.text, "{t:?}");
        }
        assert_eq!(toks[5].text, "co-op");
    }

    #[test]
    fn diff_groups_changes() {
        let norm = Normalization::default();
        let (qs, ss) = (Segment::text("The big white cat sleeps."), Segment::text("The black cat sleeps here."));
        let (q, s) = (tokenize(&qs, norm), tokenize(&ss, norm));
        let r = score(&q, &s);
        let d = diff(&r.steps, &q, &qs.plain(), &s, &ss.plain());
        let show: Vec<String> = d
            .iter()
            .map(|p| match p.op {
                DiffOp::Equal => p.text.clone(),
                DiffOp::Insert => format!("+[{}]", p.text),
                DiffOp::Delete => format!("-[{}]", p.text),
            })
            .collect();
        assert_eq!(show.join(" "), "The -[black] +[big white] cat sleeps -[here] .");
    }

    #[test]
    fn repair_numbers() {
        let norm = Normalization::default();
        let (qs, ss, ts) = (Segment::text("Wait 5 minutes."), Segment::text("Wait 10 minutes."), Segment::text("Attendez 10 minutes."));
        let (q, s) = (tokenize(&qs, norm), tokenize(&ss, norm));
        let r = score(&q, &s);
        assert_eq!(repair(&r.steps, &qs, &q, &s, &ts, norm).unwrap().plain(), "Attendez 5 minutes.");
        let ts = Segment::text("Attendez dix minutes.");
        assert_eq!(repair(&r.steps, &qs, &q, &s, &ts, norm), None, "the number is not in the target");
    }

    #[test]
    fn bands() {
        assert_eq!(Band::of(101).as_str(), "101");
        assert_eq!(Band::of(100).as_str(), "100");
        assert_eq!(Band::of(95).as_str(), "95-99");
        assert_eq!(Band::of(94).as_str(), "85-94");
        assert_eq!(Band::of(75).as_str(), "75-84");
        assert_eq!(Band::of(50).as_str(), "50-74");
        assert_eq!(Band::of(49).as_str(), "0-49");
    }
}
