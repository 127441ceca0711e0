//! Markdown: each page is parsed once and resolved by small passes, then written as HTML.
//!
//! [`resolve`] parses a page's body into pulldown-cmark events and runs one pass per concern,
//! each in its own file, each a plain function over the event list and the page's facts
//! ([`Resolved`]): images and raw HTML as written (for `loa check`), footnote numbers, heading
//! ids and the table of contents, quiz blocks checked, a deck's slides, the plain text of each section (search,
//! summaries), `<script>` checks, link and image targets, document mentions. [`html`] then writes
//! the resolved events: figures, alerts, quizzes, slides, highlighted code, headings with anchors,
//! footnotes. The facts feed everything else (search index, cross-page
//! checks, relations between documents, booklets), so nothing downstream parses Markdown again.
//!
//! The order of the passes matters only where one reads what another decided: the plain text
//! and the mention links need the heading ids; the HTML needs every target resolved.

mod alerts;
mod figures;
mod footnotes;
mod headings;
mod highlight;
mod html;
pub mod links;
mod media;
mod mentions;
mod plain;
mod quiz;
mod quiz_html;
mod rewrite;
mod sanitize;
pub mod slides;

pub use highlight::{escape, CodeCache, CLASS_STYLE};
pub use links::{resolve as resolve_link, root_prefix, LinkError, Target};
pub use mentions::{of_site as mentions_of, Mentions, Piece};
pub use quiz::QuizUse;
pub(crate) use sanitize::check_file as check_copied_file;

use crate::content::{Page, Section, Site};
use crate::diagnostic::{line_col, Diagnostic};
use crate::search::SearchSection;
use crate::text::Lang;
use pulldown_cmark::{CowStr, Event, Parser, Tag};
use std::collections::BTreeSet;
use std::ops::Range;

/// The Markdown dialect of DESIGN §4, shared with the booklets.
pub use loa_core::markdown_options as options;

/// A heading of the page, for the table of contents and anchor checks.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    /// Inside a footnote: a booklet prints it as bold text, not as a heading.
    #[serde(skip)]
    pub in_footnote: bool,
}

/// A link or image destination as written, and where it leads.
#[derive(Debug, Clone)]
pub struct LinkUse {
    pub dest: String,
    pub target: Target,
}

/// A Markdown image as written, for `loa check`.
#[derive(Debug, Clone)]
pub struct ImageUse {
    pub src: String,
    /// The description (alt text).
    pub alt: String,
    /// Byte offset in the body.
    pub offset: usize,
}

/// A `#anchor` on another page, checked once every page is resolved.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    /// Content path of the target page.
    pub target: String,
    pub anchor: String,
    /// Where the link is, for the diagnostic.
    pub line: usize,
    pub col: usize,
}

/// What one page's Markdown gives: its HTML and the facts every other phase uses.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Every id on the page (headings, footnotes), for anchor checks.
    pub ids: BTreeSet<String>,
    pub sections: Vec<SearchSection>,
    /// The first paragraph as plain text (the default summary).
    pub first_paragraph: String,
    pub anchors: Vec<AnchorRef>,
    /// Content paths of the pages this one links to.
    pub links_to: BTreeSet<String>,
    /// Ids of documents mentioned or linked in the text.
    pub cited: BTreeSet<String>,
    /// Every destination that resolved (booklets turn them into page references).
    pub links: Vec<LinkUse>,
    pub images: Vec<ImageUse>,
    /// Byte ranges of the body that are raw HTML.
    pub html_ranges: Vec<Range<usize>>,
    /// The checked quiz blocks, in page order.
    pub quizzes: Vec<QuizUse>,
    /// A slide deck's slides (`kind: slides`); empty for other pages.
    pub slides: Vec<slides::Slide>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Rendered {
    /// The position of heading `id` among the page's headings outside footnotes: how a booklet
    /// numbers the headings it prints.
    pub fn body_heading_position(&self, id: &str) -> Option<usize> {
        self.headings
            .iter()
            .filter(|h| !h.in_footnote)
            .position(|h| h.id == id)
    }
}

/// The Markdown file being resolved: a page, or the body of a section's `_index.md`.
#[derive(Debug, Clone, Copy)]
pub struct Body<'a> {
    /// The file, for messages.
    pub source: &'a std::path::Path,
    /// Content path (`binh-dang-gioi/khai-niem.md`, `binh-dang-gioi/_index.md`).
    pub rel: &'a str,
    /// Output path: links are written relative to it.
    pub url: &'a str,
    /// The whole file (for line and column) and its body after the front matter.
    pub text: &'a str,
    pub body: &'a str,
    /// The id of the document the page is (a page never links its own document).
    pub doc: Option<&'a str>,
    /// A slide deck (`kind: slides`): its thematic breaks separate slides.
    pub slides: bool,
}

impl<'a> Body<'a> {
    pub fn of_page(p: &'a Page) -> Self {
        Self::of_page_in(p, &p.text)
    }

    /// Page `p` whose text `text` is held outside it (`loa build` takes the texts out of the
    /// pages while it renders them).
    pub(crate) fn of_page_in(p: &'a Page, text: &'a str) -> Self {
        Body {
            source: &p.source,
            rel: &p.rel,
            url: &p.url,
            text,
            body: p.body_in(text),
            doc: p.doc.as_ref().map(|d| d.id.as_str()),
            slides: p.kind == crate::content::Kind::Slides,
        }
    }

    /// A section's body; `rel` is its `_index.md` path ([`section_rel`]).
    pub fn of_section(s: &'a Section, rel: &'a str) -> Self {
        Body {
            source: s.source.as_deref().unwrap_or(std::path::Path::new("")),
            rel,
            url: &s.url,
            text: &s.text,
            body: s.body(),
            doc: None,
            slides: false,
        }
    }
}

/// The content path of a section's `_index.md`.
pub fn section_rel(s: &Section) -> String {
    if s.rel.is_empty() {
        "_index.md".to_string()
    } else {
        format!("{}/_index.md", s.rel)
    }
}

/// What resolving needs to know about the page and the site.
pub struct Context<'a> {
    pub site: &'a Site,
    pub page: Body<'a>,
    pub mentions: &'a Mentions,
    pub lang: Lang,
    pub allow_scripts: bool,
}

impl Context<'_> {
    /// The page's folder inside `content/`, where its relative links start.
    fn dir(&self) -> &str {
        let rel = self.page.rel;
        rel.rfind('/').map_or("", |i| &rel[..i])
    }

    /// Line and column in the page's file of `range` of its body.
    fn locate(&self, range: &Range<usize>) -> (usize, usize) {
        let body_offset = self.page.text.len() - self.page.body.len();
        line_col(self.page.text, body_offset + range.start)
    }

    /// An error of this page at `range` (`message` and `hint` in English, then in Vietnamese).
    fn error(
        &self,
        code: &'static str,
        range: &Range<usize>,
        [message, message_vi]: [String; 2],
        [hint, hint_vi]: [String; 2],
    ) -> Diagnostic {
        let (l, c) = self.locate(range);
        Diagnostic::error(code, self.page.source, message)
            .vi(message_vi)
            .at_in(self.page.text, l, c)
            .hint(hint)
            .hint_vi(hint_vi)
    }
}

/// The events of a page with the source range of each, as the passes pass them on.
pub(crate) type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// The event with the destination of a link or an image replaced by `f(dest, is_image)`; every
/// other event as it is. The one place both passes that touch destinations (resolving and the
/// raw-HTML filter) take links and images apart and put them back together.
pub(crate) fn map_dest<'a>(
    event: Event<'a>,
    f: impl FnOnce(CowStr<'a>, bool) -> CowStr<'a>,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: f(dest_url, false),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: f(dest_url, true),
            title,
            id,
        }),
        other => other,
    }
}

/// A page parsed and resolved: its events ready for HTML, and its facts.
pub struct Resolved<'a> {
    events: Events<'a>,
    footnotes: footnotes::Numbers,
    /// Everything but the HTML.
    pub facts: Rendered,
}

/// Parses the page once and runs the resolve passes.
pub fn resolve<'a>(cx: &Context<'a>) -> Resolved<'a> {
    let mut facts = Rendered::default();
    // Raw HTML is cleaned as it is parsed (`sanitize`): nothing that runs code goes further.
    let body_offset = cx.page.text.len() - cx.page.body.len();
    let parser = Parser::new_ext(cx.page.body, options()).into_offset_iter();
    let events: Events<'a> = sanitize::Filter::new(
        parser,
        cx.page,
        body_offset,
        cx.allow_scripts,
        &mut facts.diagnostics,
    )
    .collect();
    media::collect(&events, &mut facts);
    let (events, footnotes) = footnotes::number(events, &mut facts);
    let events = headings::assign_ids(events, &mut facts);
    quiz::check(&events, cx, &mut facts);
    if cx.page.slides {
        slides::collect(&events, &mut facts);
    }
    plain::collect(&events, &mut facts);
    let events = rewrite::targets(events, cx, &mut facts);
    let events = mentions::link(events, cx, &mut facts);
    Resolved {
        events,
        footnotes,
        facts,
    }
}

/// The page's body as a booklet prints it ([`loa_core::BodyEvents`]): parsed with the same
/// dialect and sanitiser, mentions found by the same walk as [`resolve`]; link destinations stay
/// as written (the booklet's link table, built from [`Rendered::links`], says where they lead).
/// Only the pages of a booklet take this path, so the site keeps no copy of every page's events.
pub fn print_events(cx: &Context<'_>) -> loa_core::BodyEvents {
    let body_offset = cx.page.text.len() - cx.page.body.len();
    let parser = Parser::new_ext(cx.page.body, options()).into_offset_iter();
    // Problems in raw HTML were reported when the page was resolved for the site.
    let mut ignored = Vec::new();
    let events: Events<'_> =
        sanitize::Filter::new(parser, cx.page, body_offset, cx.allow_scripts, &mut ignored)
            .collect();
    mentions::for_print(events, cx)
}

/// Writes a resolved page as HTML.
pub fn html(resolved: Resolved<'_>, lang: Lang, body_len: usize) -> Rendered {
    html_with(resolved, lang, body_len, None)
}

/// [`html`], taking highlighted code blocks from `cache` (a build shares one for every page).
pub fn html_with(
    resolved: Resolved<'_>,
    lang: Lang,
    body_len: usize,
    cache: Option<&CodeCache>,
) -> Rendered {
    let Resolved {
        events,
        footnotes,
        mut facts,
    } = resolved;
    let events = figures::html(events);
    let events = alerts::html(events, lang);
    let events = quiz_html::html(events, &facts.quizzes, lang);
    let events = match facts.slides.len() {
        0 => events,
        n => slides::html(events, n, lang),
    };
    let events = highlight::html(events, cache);
    let events = headings::html(events);
    facts.html = html::write(events, footnotes, lang, &mut facts.ids, body_len);
    facts
}

/// Resolves and writes the body of `cx.page`.
pub fn render(cx: &Context<'_>) -> Rendered {
    html(resolve(cx), cx.lang, cx.page.body.len())
}

/// [`render`] with a build's cache of highlighted code blocks.
pub fn render_with(cx: &Context<'_>, cache: &CodeCache) -> Rendered {
    html_with(resolve(cx), cx.lang, cx.page.body.len(), Some(cache))
}

/// Words separated by single spaces.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(len) = blank_at(s, i) {
            i += len;
            continue;
        }
        // A word: bytes that cannot start whitespace are passed in a tight loop.
        let start = i;
        i += 1;
        loop {
            while i < bytes.len() && !MAY_BLANK[usize::from(bytes[i])] {
                i += 1;
            }
            if i == bytes.len() || blank_at(s, i).is_some() {
                break;
            }
            i += 1;
        }
        push_word(&mut out, &s[start..i]);
    }
    out
}

/// The bytes that may start a whitespace character: ASCII whitespace and the leading bytes of
/// U+0085, U+00A0, U+1680, U+2000..U+205F and U+3000 (none of them a continuation byte).
const MAY_BLANK: [bool; 256] = {
    let mut may = [false; 256];
    let mut b = 0;
    while b < 256 {
        may[b] = matches!(b as u8, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3);
        b += 1;
    }
    may
};

/// The length of the whitespace character at byte `i` of `s`, if there is one there (`i` on a
/// character boundary or on a byte that is not [`MAY_BLANK`]). Vietnamese letters with two marks
/// (U+1EA0..U+1EF9) start with 0xE1 like U+1680, the only whitespace of U+1000..U+1FFF: their
/// second byte tells them apart without decoding.
#[inline]
fn blank_at(s: &str, i: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let b = bytes[i];
    if !MAY_BLANK[usize::from(b)] {
        return None;
    }
    if b.is_ascii() {
        return Some(1);
    }
    if b == 0xE1 && bytes.get(i + 1) != Some(&0x9A) {
        return None;
    }
    let c = s[i..].chars().next()?;
    c.is_whitespace().then(|| c.len_utf8())
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

#[cfg(test)]
pub(crate) fn media_only(body: &str) -> Rendered {
    let events: Events<'_> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut facts = Rendered::default();
    media::collect(&events, &mut facts);
    facts
}

#[cfg(test)]
mod tests {
    /// The byte-wise scan splits where `split_whitespace` does: ASCII and Unicode whitespace
    /// (no-break, ogham, em and ideographic spaces, next line), not zero-width characters.
    #[test]
    fn collapse_splits_on_unicode_whitespace() {
        let text =
            " Bình\t\tđẳng\u{a0}giới\u{1680}x\u{2003}ỹ\u{3000}\u{85}y\u{200b}z\r\n ạ \u{202f}";
        let want: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(super::collapse(text), want.join(" "));
        assert_eq!(super::collapse(text), "Bình đẳng giới x ỹ y\u{200b}z ạ");
        assert_eq!(super::collapse(" \u{a0} "), "");
        assert_eq!(super::collapse("a"), "a");
        // Every whitespace character, and characters that share its leading bytes.
        let all: String = (0..0x3100u32)
            .filter_map(char::from_u32)
            .filter(|c| {
                c.is_whitespace() || matches!(c.len_utf8(), 2 | 3) && (*c as u32).is_multiple_of(7)
            })
            .flat_map(|c| [c, 'x', c, c, 'ạ'])
            .collect();
        let want: Vec<&str> = all.split_whitespace().collect();
        assert_eq!(super::collapse(&all), want.join(" "));
    }
}
