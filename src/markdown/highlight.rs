//! Code blocks highlighted at build time with CSS classes (no inline colours), so the theme's
//! stylesheet decides the colours and print stays legible.

use super::Events;
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use rustc_hash::FxHashMap;
use std::sync::{Arc, LazyLock, Mutex};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The class prefix of highlighted spans (`hl-keyword`); the theme's CSS styles them.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Highlighted code blocks of one build, by language and code: syntect is the slowest step of
/// the Markdown, and sites repeat their examples (the same configuration or command on many
/// pages). Shared by the threads of a build; the lock is held for look-ups, not while
/// highlighting.
#[derive(Default)]
pub struct CodeCache(Mutex<FxHashMap<(String, String), Arc<str>>>);

impl CodeCache {
    fn get(&self, code: &str, lang: &str) -> Arc<str> {
        let key = (lang.to_string(), code.to_string());
        if let Some(html) = self.0.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return html;
        }
        let html: Arc<str> = code_block(code, lang).into();
        if let Ok(mut m) = self.0.lock() {
            m.insert(key, html.clone());
        }
        html
    }
}

/// Replaces each code block (start, text, end) with its highlighted HTML, from `cache` when
/// the same block was highlighted before.
pub(crate) fn html<'a>(events: Events<'a>, cache: Option<&CodeCache>) -> Events<'a> {
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
        let html = match cache {
            Some(cache) => cache.get(&code, &lang).to_string(),
            None => code_block(&code, &lang),
        };
        out.push((Event::Html(html.into()), range));
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
    fn a_cached_block_is_the_block() {
        let cache = super::CodeCache::default();
        for _ in 0..2 {
            assert_eq!(
                &*cache.get("fn main() {}\n", "rust"),
                super::code_block("fn main() {}\n", "rust")
            );
        }
        // The language is part of the key: the same code in another language is its own block.
        assert_eq!(
            &*cache.get("fn main() {}\n", ""),
            super::code_block("fn main() {}\n", "")
        );
        assert_eq!(cache.0.lock().unwrap().len(), 2);
    }

    #[test]
    fn classes_not_colours() {
        let html = super::code_block("fn main() {}\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(super::code_block("<b>", "").contains("&lt;b&gt;"));
    }
}
