//! SRT inline markup: the tags players honour, removed for matching.

use super::PlainText;

/// Tags SRT players render (`<b> <i> <u> <s> <font …>`); anything else is text.
const SRT_TAGS: [&str; 5] = ["b", "i", "u", "s", "font"];

/// The length of the markup at the start of `rest`, if it is markup: a known
/// tag (opening or closing, any case, attributes allowed) or an `{\…}` override.
fn markup_len(rest: &str) -> Option<usize> {
    if let Some(body) = rest.strip_prefix("{\\") {
        return body
            .find('}')
            .filter(|&i| !body.get(..i).unwrap_or_default().contains('\n'))
            .map(|i| i + 3);
    }
    let body = rest.strip_prefix('<')?;
    let close = body.find('>')?;
    let inner = body.get(..close)?;
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let name_end = inner.find(|c: char| c.is_ascii_whitespace()).unwrap_or(inner.len());
    let name = inner.get(..name_end)?;
    (SRT_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) && !inner.contains('\n')).then_some(close + 2)
}

/// `text` without SRT markup.
pub(crate) fn srt_plain(text: &str) -> PlainText {
    let mut pieces: Vec<(String, usize, usize)> = Vec::new();
    let mut run_start = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = text.get(i..).unwrap_or_default();
        if let Some(n) = markup_len(rest) {
            if run_start < i {
                pieces.push((text.get(run_start..i).unwrap_or_default().to_string(), run_start, i));
            }
            i += n;
            run_start = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    if run_start < text.len() {
        pieces.push((
            text.get(run_start..).unwrap_or_default().to_string(),
            run_start,
            text.len(),
        ));
    }
    PlainText::from_pieces(&pieces, text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! t {
        ($raw:expr, $plain:expr) => {
            assert_eq!(srt_plain($raw).text, $plain, "{:?}", $raw)
        };
    }

    #[test]
    fn strips_known_markup_only() {
        t!("<i>Hi</i> there", "Hi there");
        t!("<font color=\"#00ff00\"><b>[music]</b></font>", "[music]");
        t!("{\\an8}Top line", "Top line");
        t!("2<3,5>1,4<6", "2<3,5>1,4<6");
        t!("<invalid_tag>shown</invalid_tag>", "<invalid_tag>shown</invalid_tag>");
        t!("<FONT size=30><U>x</U></FONT>", "x");
        t!("<", "<");
    }

    #[test]
    fn maps_offsets_back() {
        let p = srt_plain("a <b>bold</b> c");
        assert_eq!(p.text, "a bold c");
        assert_eq!(p.raw_range(2, 6), (5, 9));
        assert_eq!(p.to_raw(8), 15);
    }
}
