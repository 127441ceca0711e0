//! Raw HTML and SVG when `allow_scripts: false`: nothing that runs code reaches the output.
//!
//! CommonMark passes raw HTML through as fragments (a block's lines, one inline tag at a time,
//! tags left open across Markdown), so a sanitizer that parses and re-serialises a DOM (ammonia)
//! would close and reorder the editor's tags. Instead a small tokenizer that follows the HTML
//! specification's tag and attribute rules finds each offending tag or attribute by byte offset,
//! removes exactly that and leaves every other byte as written (loa's and the editor's classes,
//! ids and attributes stay). Each removal is a located error, so the build fails and the editor
//! sees where.
//!
//! What is removed: `<script>` and the elements that run or frame code or change how the page
//! loads (`iframe`, `object`, `embed`, `base`, `meta`, `link`, …); event handlers (`on…=`),
//! `srcdoc`, scripted `style`; `javascript:`, `vbscript:` and other unknown schemes in any URL
//! attribute, `data:` everywhere except images; markup inside `<style>`/`<title>`/`<textarea>`
//! (read as text by HTML and as tags inside SVG, the classic way around sanitizers); a tag left
//! unclosed at the end of a fragment. SVG files copied as assets get the same rules plus
//! references to other servers and `<!ENTITY>`/`<?xml-stylesheet?>` declarations.

mod filter;
mod messages;
#[cfg(test)]
mod tests;

pub(crate) use filter::Filter;
use messages::diagnostic;

use crate::diagnostic::Diagnostic;
use std::ops::Range;
use std::path::Path;

/// What was found (and, in HTML, removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    Script,
    /// An element that runs, frames or redirects (`iframe`, `object`, `base`, …).
    Element(String),
    /// `onerror=`, `onload=`, …
    Handler(String),
    /// A URL attribute (or a Markdown link, `attr` = "link"/"image") with a refused scheme.
    Url {
        attr: String,
        scheme: String,
    },
    /// `srcdoc`, a scripted `style`, an animation of a handler.
    Attribute(String),
    /// Tags inside `<style>`, `<title>` or `<textarea>`.
    Ambiguous(String),
    /// A tag not closed by `>` at the end of a fragment.
    Unclosed,
    /// SVG: a reference to another server.
    External(String),
    /// SVG: `<!ENTITY` or `<?xml-stylesheet`.
    Declaration(String),
}

/// A problem at a byte offset of the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub offset: usize,
    pub problem: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A fragment of a page's raw HTML.
    Html,
    /// A whole SVG file (XML): external references are refused too.
    Svg,
}

/// Elements refused outright; the first group is removed with its content (the browser reads
/// that content as raw text, so it cannot be checked tag by tag).
const RAW_REFUSED: &[&str] = &["script", "noscript", "xmp", "noembed", "noframes", "iframe"];
const REFUSED: &[&str] = &[
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "frame",
    "frameset",
    "portal",
    "plaintext",
    "param",
    "handler",
    "listener",
];
/// Raw-text elements that stay when their content holds no markup.
const RAW_TEXT: &[&str] = &["style", "title", "textarea"];
/// Attributes holding a URL (local names).
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "codebase",
    "classid",
    "manifest",
    "ping",
    "usemap",
    "profile",
    "icon",
    "archive",
    "to",
    "from",
    "by",
    "srcset",
    "values",
];
/// Schemes a link may use; anything else (`javascript:`, `vbscript:`, `data:` outside images,
/// a scheme hidden behind an unknown entity) is refused.
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "sms", "ftp", "geo"];

/// Checks a URL written as a Markdown link or image; `None` when it is safe.
pub(crate) fn url_problem(url: &str, image: bool) -> Option<Problem> {
    check_url(url, image, Mode::Html).map(|scheme| Problem::Url {
        attr: if image { "image" } else { "link" }.to_string(),
        scheme,
    })
}

/// The refused scheme of `url`, if any (`"?"` when it hides behind an unknown entity).
fn check_url(url: &str, image: bool, mode: Mode) -> Option<String> {
    let url = normalise_url(url);
    let end = url.find([':', '/', '?', '#']).unwrap_or(url.len());
    if url.as_bytes().get(end) != Some(&b':') {
        return None;
    }
    let scheme = url[..end].to_ascii_lowercase();
    if scheme.contains('&') {
        return Some("?".to_string());
    }
    if scheme == "data" {
        let mime = url[end + 1..].trim_start().to_ascii_lowercase();
        return (!(image && mime.starts_with("image/"))).then_some(scheme);
    }
    let known = SCHEMES.contains(&scheme.as_str());
    // In SVG files, a scheme that loads something is an external request, reported apart.
    let allowed = known || (mode == Mode::Svg && scheme == "file");
    (!allowed).then_some(scheme)
}

/// What a browser does to a URL before reading its scheme: character references decoded,
/// tabs and line breaks removed, leading and trailing controls and spaces trimmed.
fn normalise_url(url: &str) -> String {
    decode_entities(url)
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_string()
}

/// Decodes numeric character references and the named ones that can spell a scheme; others stay.
fn decode_entities(s: &str) -> String {
    const NAMED: &[(&str, char)] = &[
        ("colon", ':'),
        ("tab", '\t'),
        ("newline", '\n'),
        ("sol", '/'),
        ("lpar", '('),
        ("rpar", ')'),
        ("period", '.'),
        ("amp", '&'),
        ("quot", '"'),
        ("apos", '\''),
        ("lt", '<'),
        ("gt", '>'),
        ("nbsp", '\u{a0}'),
        ("num", '#'),
        ("quest", '?'),
        ("equals", '='),
        ("plus", '+'),
        ("comma", ','),
        ("semi", ';'),
        ("excl", '!'),
        ("commat", '@'),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (hex, digits_at) = match after.as_bytes() {
            [b'#', b'x' | b'X', ..] => (true, 2),
            [b'#', ..] => (false, 1),
            _ => (false, 0),
        };
        if digits_at > 0 {
            let digits: &str = &after[digits_at..];
            let n = digits
                .find(|c: char| {
                    !(if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    })
                })
                .unwrap_or(digits.len());
            let value = u32::from_str_radix(&digits[..n.min(8)], if hex { 16 } else { 10 });
            if let (true, Ok(v)) = (n > 0, value) {
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                let used = digits_at + n;
                rest = after[used..].strip_prefix(';').unwrap_or(&after[used..]);
                continue;
            }
        }
        let named = NAMED.iter().find(|(name, _)| {
            let b = after.as_bytes();
            b.len() > name.len()
                && b[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && b[name.len()] == b';'
        });
        match named {
            Some((name, c)) => {
                out.push(*c);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One attribute of a tag: name, value (raw) and its byte span in the text.
struct Attr<'t> {
    name: String,
    value: &'t str,
    span: Range<usize>,
}

/// A start tag: lowercase local name, attributes, the offset after `>` (or the text's end).
struct StartTag<'t> {
    name: String,
    attrs: Vec<Attr<'t>>,
    end: usize,
    closed: bool,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase()
}

/// Reads the start tag whose `<` is at `lt`, following the HTML tokenizer's states.
fn start_tag(text: &str, lt: usize) -> StartTag<'_> {
    let b = text.as_bytes();
    let mut i = lt + 1;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = local(&text[lt + 1..i]);
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return StartTag {
                name,
                attrs,
                end: b.len(),
                closed: false,
            };
        }
        if b[i] == b'>' {
            return StartTag {
                name,
                attrs,
                end: i + 1,
                closed: true,
            };
        }
        let start = i;
        i += 1; // a first `=` belongs to the name
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let aname = text[start..i].to_ascii_lowercase();
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        let mut value = "";
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = text[j + 1..].find(q as char).map(|k| j + 1 + k);
                    let Some(close) = close else {
                        value = &text[j + 1..];
                        attrs.push(Attr {
                            name: aname,
                            value,
                            span: start..b.len(),
                        });
                        return StartTag {
                            name,
                            attrs,
                            end: b.len(),
                            closed: false,
                        };
                    };
                    value = &text[j + 1..close];
                    i = close + 1;
                }
                _ => {
                    let s = j;
                    while j < b.len() && !is_space(b[j]) && b[j] != b'>' {
                        j += 1;
                    }
                    value = &text[s..j];
                    i = j;
                }
            }
        }
        attrs.push(Attr {
            name: aname,
            value,
            span: start..i,
        });
    }
}

/// The problem with one attribute of `<tag>`, if any.
fn check_attr(tag: &str, a: &Attr, mode: Mode) -> Option<Problem> {
    let name = local(&a.name);
    if name.starts_with("on") {
        return Some(Problem::Handler(a.name.clone()));
    }
    let value = normalise_url(a.value).to_ascii_lowercase();
    match name.as_str() {
        "srcdoc" => return Some(Problem::Attribute(a.name.clone())),
        "attributename" if value.starts_with("on") || value.ends_with("href") => {
            return Some(Problem::Attribute(a.name.clone()))
        }
        "style" => {
            let squeezed: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            let scripted = [
                "javascript:",
                "vbscript:",
                "expression(",
                "-moz-binding",
                "behavior:",
            ];
            if scripted.iter().any(|s| squeezed.contains(s)) {
                return Some(Problem::Attribute(a.name.clone()));
            }
            if mode == Mode::Svg {
                return external_in_css(&squeezed).map(Problem::External);
            }
            return None;
        }
        _ => {}
    }
    if !URL_ATTRS.contains(&name.as_str()) {
        return None;
    }
    let image = (matches!(tag, "img" | "source" | "image" | "feimage" | "input")
        && matches!(name.as_str(), "src" | "srcset" | "href"))
        || name == "poster";
    let urls: Vec<&str> = match name.as_str() {
        "srcset" => a
            .value
            .split(',')
            .filter_map(|u| u.split_whitespace().next())
            .collect(),
        "values" => a.value.split(';').collect(),
        _ => vec![a.value],
    };
    for u in urls {
        if let Some(scheme) = check_url(u, image, mode) {
            return Some(Problem::Url {
                attr: a.name.clone(),
                scheme,
            });
        }
        if mode == Mode::Svg && tag != "a" && is_external(&normalise_url(u)) {
            return Some(Problem::External(u.trim().to_string()));
        }
    }
    None
}

/// A URL that makes the browser contact a server (or read a local file).
fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("//")
        || ["http:", "https:", "ftp:", "file:"]
            .iter()
            .any(|s| lower.starts_with(s))
}

/// An external `url(…)` or `@import` in CSS (already lowercase, without spaces).
fn external_in_css(css: &str) -> Option<String> {
    if let Some(i) = css.find("@import") {
        return Some(css[i..].chars().take(60).collect());
    }
    css.match_indices("url(").find_map(|(i, _)| {
        let inner = css[i + 4..].trim_start_matches(['"', '\'']);
        is_external(inner).then(|| format!("url({})", inner.chars().take(60).collect::<String>()))
    })
}

/// Scans `text`; returns it with every problem removed, and the findings (offsets in `text`).
pub(crate) fn clean(text: &str, mode: Mode) -> (String, Vec<Finding>) {
    let lower = text.to_ascii_lowercase();
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut cut: Vec<Range<usize>> = Vec::new();
    if mode == Mode::Svg {
        // Entities declared in a DOCTYPE can expand into markup the scan below never sees.
        for (at, _) in lower.match_indices("<!entity") {
            let problem = Problem::Declaration("<!ENTITY".into());
            found.push(Finding {
                offset: at,
                problem,
            });
        }
    }
    let mut i = 0;
    while let Some(k) = text[i..].find('<') {
        let lt = i + k;
        i = lt + 1;
        match b.get(lt + 1) {
            Some(b'!') => {
                if lower[lt..].starts_with("<!--") {
                    // The earliest end any browser accepts, so nothing hides from the scan.
                    let body = lt + 4;
                    let ends = [
                        lower[lt + 2..].starts_with("-->").then_some(lt + 5),
                        lower[lt + 2..].starts_with("--->").then_some(lt + 6),
                        lower[body..].find("-->").map(|e| body + e + 3),
                        lower[body..].find("--!>").map(|e| body + e + 4),
                    ];
                    i = ends.into_iter().flatten().min().unwrap_or(b.len());
                } else {
                    // A declaration or CDATA: scan on from the next `>` (more is scanned, not less).
                    i = lower[lt..].find('>').map_or(b.len(), |e| lt + e + 1);
                }
            }
            Some(b'?') => {
                if mode == Mode::Svg && lower[lt..].starts_with("<?xml-stylesheet") {
                    found.push(Finding {
                        offset: lt,
                        problem: Problem::Declaration("<?xml-stylesheet".into()),
                    });
                }
                i = lower[lt..].find('>').map_or(b.len(), |e| lt + e + 1);
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let tag = start_tag(text, lt);
                i = tag.end;
                element(text, &lower, lt, &tag, mode, &mut found, &mut cut, &mut i);
            }
            _ => {}
        }
    }
    found.sort_by_key(|f| f.offset);
    found.dedup();
    if mode == Mode::Svg || cut.is_empty() {
        return (text.to_string(), found);
    }
    cut.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in cut {
        if r.start >= at {
            out.push_str(&text[at..r.start]);
            at = r.end;
        } else {
            at = at.max(r.end);
        }
    }
    out.push_str(&text[at.min(text.len())..]);
    (out, found)
}

/// Checks one start tag and decides what to cut; moves `i` past raw-text content it consumed.
#[allow(clippy::too_many_arguments)]
fn element(
    text: &str,
    lower: &str,
    lt: usize,
    tag: &StartTag,
    mode: Mode,
    found: &mut Vec<Finding>,
    cut: &mut Vec<Range<usize>>,
    i: &mut usize,
) {
    let close_of = |name: &str, from: usize| {
        let needle = format!("</{name}");
        lower[from..].find(&needle).map(|e| from + e)
    };
    if !tag.closed {
        found.push(Finding {
            offset: lt,
            problem: Problem::Unclosed,
        });
        cut.push(lt..text.len());
    }
    let name = tag.name.as_str();
    if RAW_REFUSED.contains(&name) || REFUSED.contains(&name) {
        let problem = if name == "script" {
            Problem::Script
        } else {
            Problem::Element(name.to_string())
        };
        found.push(Finding {
            offset: lt,
            problem,
        });
        if mode == Mode::Svg {
            // XML has no raw text: what follows is markup, and checked as such.
            return;
        }
        let end = if name == "plaintext" {
            text.len()
        } else if RAW_REFUSED.contains(&name) {
            match close_of(name, tag.end) {
                Some(c) => lower[c..].find('>').map_or(text.len(), |e| c + e + 1),
                None => text.len(),
            }
        } else {
            tag.end
        };
        cut.push(lt..end);
        *i = end;
        return;
    }
    for a in &tag.attrs {
        if let Some(problem) = check_attr(name, a, mode) {
            found.push(Finding {
                offset: a.span.start,
                problem,
            });
            cut.push(a.span.clone());
        }
    }
    if RAW_TEXT.contains(&name) {
        let close = close_of(name, tag.end).unwrap_or(text.len());
        let inner = &lower[tag.end..close];
        if mode == Mode::Svg {
            let squeezed: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some(url) = external_in_css(&squeezed) {
                found.push(Finding {
                    offset: tag.end,
                    problem: Problem::External(url),
                });
            }
        } else if inner.as_bytes().windows(2).any(|w| {
            w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!' | b'?'))
        }) {
            found.push(Finding {
                offset: lt,
                problem: Problem::Ambiguous(name.to_string()),
            });
            let end = lower[close..]
                .find('>')
                .map_or(text.len(), |e| close + e + 1);
            cut.push(lt..end);
            *i = end;
        } else {
            *i = close;
        }
    }
}

/// Checks an SVG (or HTML) file copied from `content/` as an asset; `shown` names it.
pub(crate) fn check_file(text: &str, shown: &Path, svg: bool) -> Vec<Diagnostic> {
    let mode = if svg { Mode::Svg } else { Mode::Html };
    let (_, found) = clean(text, mode);
    found
        .iter()
        .filter(|f| f.problem != Problem::Unclosed)
        .map(|f| diagnostic(&f.problem, shown, true).at_offset(text, f.offset))
        .collect()
}
