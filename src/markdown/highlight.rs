//! Code blocks highlighted at build time with CSS classes (no inline colours), so the theme's
//! stylesheet decides the colours and print stays legible.

use super::Events;
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use std::sync::LazyLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The class prefix of highlighted spans (`hl-keyword`); the theme's CSS styles them.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Replaces each code block (start, text, end) with its highlighted HTML.
pub(crate) fn html(events: Events<'_>) -> Events<'_> {
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::CodeBlock(kind)) = event else {
            out.push((event, range));
            continue;
        };
        let lang = match kind {
            CodeBlockKind::Fenced(l) => l.to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let mut code = String::new();
        for (e, _) in iter.by_ref() {
            match e {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => code.push_str(&t),
                _ => {}
            }
        }
        out.push((Event::Html(code_block(&code, &lang).into()), range));
    }
    out
}

/// `<pre><code>` HTML for a code block in language `lang` (plain, escaped, when unknown).
pub fn code_block(code: &str, lang: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let syntax = if lang.is_empty() {
        None
    } else {
        SYNTAXES.find_syntax_by_token(lang)
    };
    let body = match syntax {
        Some(s) => {
            let mut gen = ClassedHTMLGenerator::new_with_class_style(s, &SYNTAXES, CLASS_STYLE);
            let mut ok = true;
            for line in LinesWithEndings::from(code) {
                if gen
                    .parse_html_for_line_which_includes_newline(line)
                    .is_err()
                {
                    ok = false;
                    break;
                }
            }
            if ok {
                gen.finalize()
            } else {
                escape(code)
            }
        }
        None => escape(code),
    };
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(lang))
    };
    format!("<pre class=\"code\"><code{class}>{body}</code></pre>\n")
}

/// Escapes text for HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
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

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            super::escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn classes_not_colours() {
        let html = super::code_block("fn main() {}\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(super::code_block("<b>", "").contains("&lt;b&gt;"));
    }
}
