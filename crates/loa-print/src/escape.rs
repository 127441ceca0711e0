//! Getting editor text into typst source without letting it become markup.
//!
//! Text goes into markup with every ASCII punctuation character backslash-escaped, so `#`, `*`,
//! `=`, `-`, `/`, `<`, `@`, `$`, `http://`… are literal characters wherever they stand; newlines
//! become spaces, so nothing ever starts a line. Values that the templates receive go in as typst
//! string literals.

/// Appends `text` to typst markup as literal text.
pub(crate) fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// A typst string literal holding `text`.
pub(crate) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A typst string literal or `none`.
pub(crate) fn opt_string(text: Option<&str>) -> String {
    text.map_or_else(|| "none".to_string(), string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_text_escapes_all_ascii_punctuation() {
        let mut out = String::new();
        push_text(&mut out, "= a\n- b #x *y* https://z <l> @r $m$ 1. c");
        assert_eq!(
            out,
            "\\= a \\- b \\#x \\*y\\* https\\:\\/\\/z \\<l\\> \\@r \\$m\\$ 1\\. c"
        );
    }

    #[test]
    fn string_literal_escapes_quotes_and_backslashes() {
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }
}
