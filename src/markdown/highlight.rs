//! Code blocks highlighted at build time with CSS classes (no inline colours), so the theme's
//! stylesheet decides the colours and print stays legible.

use super::Events;
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use rustc_hash::FxHashMap;
use std::sync::{Arc, LazyLock, Mutex};
use syntect::html::{line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The class prefix of highlighted spans (`hl-keyword`); the theme's CSS styles them.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Highlighted code blocks of one build, by language and code: syntect is the slowest step of
/// the Markdown, and sites repeat their examples (the same configuration or command on many
/// pages). Shared by the threads of a build; the locks are held for look-ups, not while
/// highlighting.
///
/// A block met for the first time is highlighted line by line, each line from `lines` when
/// the same line was highlighted before from the same state: examples that differ in a value
/// (a number, a name) still share most of their lines.
#[derive(Default)]
pub struct CodeCache {
    blocks: Mutex<FxHashMap<(String, String), Arc<str>>>,
    lines: Lines,
}

impl CodeCache {
    fn get(&self, code: &str, lang: &str) -> Arc<str> {
        let key = (lang.to_string(), code.to_string());
        if let Some(html) = self.blocks.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return html;
        }
        let html: Arc<str> = block_with(code, lang, Some(&self.lines)).into();
        if let Ok(mut m) = self.blocks.lock() {
            m.insert(key, html.clone());
        }
        html
    }
}

/// Where a highlighter stands between two lines: the parser's state and the scopes open.
#[derive(Clone, PartialEq, Eq)]
struct State {
    parse: ParseState,
    scopes: ScopeStack,
}

/// One line highlighted from a state: its HTML, the spans it opens (less those it closes) and
/// the state after it.
struct Step {
    before: State,
    html: String,
    opened: isize,
    after: State,
}

/// Lines highlighted so far, by their text; of each, the states it was highlighted from (most
/// lines are met from one or two). A line's HTML and the state after it depend only on the
/// line and the state before it (syntect's parser and span writer keep nothing else), so a
/// step found here is what highlighting the line again would give.
#[derive(Default)]
struct Lines(Mutex<FxHashMap<String, Vec<Arc<Step>>>>);

impl Lines {
    fn get(&self, line: &str, before: &State) -> Option<Arc<Step>> {
        let map = self.0.lock().ok()?;
        map.get(line)?.iter().find(|s| s.before == *before).cloned()
    }

    fn put(&self, line: &str, step: Arc<Step>) {
        if let Ok(mut map) = self.0.lock() {
            map.entry(line.to_string()).or_default().push(step);
        }
    }
}

/// Highlights `line` from `state` (which it moves past the line); `None` when syntect fails.
fn step(line: &str, state: &mut State) -> Option<(String, isize)> {
    let ops = state.parse.parse_line(line, &SYNTAXES).ok()?;
    line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut state.scopes).ok()
}

/// The highlighted HTML of `code` in `syntax`, as syntect's `ClassedHTMLGenerator` writes it,
/// its lines taken from `lines` when they were highlighted before from the same state (and
/// put there otherwise); `None` when syntect fails on a line.
fn highlighted(code: &str, syntax: &SyntaxReference, lines: Option<&Lines>) -> Option<String> {
    let mut state = State {
        parse: ParseState::new(syntax),
        scopes: ScopeStack::new(),
    };
    let mut html = String::new();
    let mut open: isize = 0;
    for line in LinesWithEndings::from(code) {
        let Some(lines) = lines else {
            let (h, opened) = step(line, &mut state)?;
            html.push_str(&h);
            open += opened;
            continue;
        };
        let found = match lines.get(line, &state) {
            Some(found) => found,
            None => {
                let before = state.clone();
                let (h, opened) = step(line, &mut state)?;
                let found = Arc::new(Step {
                    before,
                    html: h,
                    opened,
                    after: state.clone(),
                });
                lines.put(line, found.clone());
                found
            }
        };
        html.push_str(&found.html);
        open += found.opened;
        state.clone_from(&found.after);
    }
    for _ in 0..open {
        html.push_str("</span>");
    }
    Some(html)
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
    block_with(code, lang, None)
}

/// [`code_block`], its lines from `lines` when given (see [`CodeCache`]).
fn block_with(code: &str, lang: &str, lines: Option<&Lines>) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let syntax = if lang.is_empty() {
        None
    } else {
        SYNTAXES.find_syntax_by_token(lang)
    };
    let body = syntax
        .and_then(|s| highlighted(code, s, lines))
        .unwrap_or_else(|| escape(code));
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
        assert_eq!(cache.blocks.lock().unwrap().len(), 2);
    }

    /// A block as syntect's own HTML generator writes it (what `code_block` wrote before the
    /// line cache).
    fn by_generator(code: &str, lang: &str) -> String {
        use syntect::html::ClassedHTMLGenerator;
        let syntax = super::SYNTAXES.find_syntax_by_token(lang).unwrap();
        let mut gen = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            &super::SYNTAXES,
            super::CLASS_STYLE,
        );
        for line in super::LinesWithEndings::from(code) {
            gen.parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        format!(
            "<pre class=\"code\"><code class=\"language-{lang}\">{}</code></pre>\n",
            gen.finalize()
        )
    }

    /// Blocks highlighted line by line from the cache are what syntect writes: in several
    /// languages, with lines met again in other blocks from the same state and from other
    /// states (in a comment, in a string, in a script inside HTML).
    #[test]
    fn blocks_from_cached_lines_are_what_syntect_writes() {
        let blocks = [
            ("rust", "let a = 1;\nfn main() {\n    let a = 1;\n}\n"),
            ("rust", "/*\nlet a = 1;\n*/\nlet a = 1;\n"),
            ("rust", "let s = \"\nlet a = 1;\n\";\nlet a = 2;\n"),
            ("python", "x = 1\ns = \"\"\"\nx = 1\n\"\"\"\nx = 1\n"),
            ("python", "def f():\n    return 1\nx = 1\n"),
            (
                "html",
                "<p>x = 1</p>\n<script>\nx = 1\nlet a = 1;\n</script>\n<p>x = 1</p>\n",
            ),
            ("sh", "for f in *.md; do\n  echo \"$f\"\ndone\n"),
            (
                "sh",
                "echo \"\ndone\n\"\nfor f in *.md; do\n  echo \"$f\"\ndone\n",
            ),
            ("yaml", "title: x = 1\nmenu:\n  - { label: a, url: b/ }\n"),
            ("json", "{\"a\": 1,\n \"b\": \"let a = 1;\"}\n"),
            ("rust", "/*\nlet a = 1;\n*/\nlet a = 1;\n"),
        ];
        let cache = super::CodeCache::default();
        for (lang, code) in blocks {
            let expected = by_generator(code, lang);
            assert_eq!(&*cache.get(code, lang), expected, "{lang}: {code}");
            assert_eq!(super::code_block(code, lang), expected, "{lang}: {code}");
        }
        let lines = cache.lines.0.lock().unwrap();
        let from = |line: &str| lines.get(line).map_or(0, Vec::len);
        assert!(from("let a = 1;\n") >= 3, "{}", from("let a = 1;\n"));
        assert!(from("x = 1\n") >= 2 && from("done\n") >= 2);
    }

    #[test]
    fn classes_not_colours() {
        let html = super::code_block("fn main() {}\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(super::code_block("<b>", "").contains("&lt;b&gt;"));
    }
}
