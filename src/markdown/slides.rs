//! Slide decks (`kind: slides`, DESIGN §12): the page's top-level thematic breaks (`---` on a line
//! of its own, after a blank line) separate its slides, and a fenced block with the info string
//! `notes` holds the speaker notes of the slide it is in.
//!
//! The resolve pass ([`collect`]) records each slide's first line and title, for messages and for
//! the slides PDF; [`html`] wraps every slide in a `<section class="slide">`, turns the notes
//! into an `<aside>`, and adds the presentation view's controls, which `static/js/slides.js`
//! drives (arrow keys, space, Home/End, F for full screen; nothing fetched, so it works from
//! `file://`). On a page that is not a deck a `notes` block stays a code block and `---` a rule.

use super::highlight::escape;
use super::{Events, Rendered};
use crate::text::Lang;
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use std::fmt::Write;

/// The info string of a speaker-notes block.
pub const NOTES_INFO: &str = "notes";

/// One slide of a deck.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Slide {
    /// Byte offset in the body where the slide's text starts.
    pub offset: usize,
    /// The slide's first heading, or "" when it has none.
    pub title: String,
}

fn is_notes(event: &Event<'_>) -> bool {
    matches!(event, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.split_whitespace().next() == Some(NOTES_INFO))
}

/// Records the slides of a deck in `facts.slides` (needs the heading titles).
pub(crate) fn collect(events: &Events<'_>, facts: &mut Rendered) {
    let mut slides = vec![Slide {
        offset: events.first().map_or(0, |(_, r)| r.start),
        title: String::new(),
    }];
    let mut depth = 0usize;
    let mut headings = facts.headings.iter().filter(|h| !h.in_footnote);
    let mut next_after_rule = false;
    for (event, range) in events {
        if next_after_rule {
            if let Some(s) = slides.last_mut() {
                s.offset = range.start;
            }
            next_after_rule = false;
        }
        match event {
            Event::Rule if depth == 0 => {
                slides.push(Slide {
                    offset: range.end,
                    title: String::new(),
                });
                next_after_rule = true;
            }
            Event::Start(Tag::Heading { .. }) => {
                let title = headings.next().map(|h| h.title.clone()).unwrap_or_default();
                if let Some(s) = slides.last_mut().filter(|s| s.title.is_empty()) {
                    s.title = title;
                }
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    facts.slides = slides;
}

/// Wraps each slide in a section, the notes in an aside, and adds the presentation controls.
pub(crate) fn html<'a>(events: Events<'a>, count: usize, lang: Lang) -> Events<'a> {
    let mut out = Vec::with_capacity(events.len() + count * 2 + 2);
    let mut n = 1;
    out.push((Event::Html(opening(count, lang).into()), 0..0));
    out.push((Event::Html(section(n, count, lang).into()), 0..0));
    let mut depth = 0usize;
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        match &event {
            Event::Rule if depth == 0 => {
                n += 1;
                let html = format!("</section>\n{}", section(n, count, lang));
                out.push((Event::Html(html.into()), range));
                continue;
            }
            e if is_notes(e) => {
                let mut text = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => text.push_str(&t),
                        _ => {}
                    }
                }
                out.push((Event::Html(notes(&text, lang).into()), range));
                continue;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push((event, range));
    }
    out.push((Event::Html("</section>\n</div>\n".into()), 0..0));
    out
}

/// The deck's container with the interface sentences, and the controls of the presentation view.
fn opening(count: usize, lang: Lang) -> String {
    let t = |vi: &str, en: &str| escape(lang.pick(vi, en));
    let mut h = format!(
        "<div class=\"slides\" data-slides data-count=\"{count}\" data-t-slide=\"{}\" data-t-exit=\"{}\">\n",
        t("Trang chiếu {n} / {total}", "Slide {n} of {total}"),
        t("Thoát trình chiếu", "Leave the presentation"),
    );
    let _ = writeln!(
        h,
        "<p class=\"slides-start\"><button type=\"button\" data-slides-start>{}</button> <span class=\"slides-keys\">{}</span></p>",
        t("Trình chiếu", "Present"),
        t(
            "Khi trình chiếu: phím → hoặc dấu cách để sang trang, ← để lùi, Home / End về đầu / cuối, F toàn màn hình, Esc để thoát.",
            "While presenting: → or space for the next slide, ← to go back, Home / End for the first / last, F for full screen, Esc to leave."
        ),
    );
    let _ = writeln!(
        h,
        "<div class=\"slides-bar\" hidden><div class=\"slides-progress\"><span></span></div><p class=\"slides-count\" aria-live=\"polite\"></p><button type=\"button\" class=\"slides-prev\" data-slides-prev aria-label=\"{}\">←</button><button type=\"button\" class=\"slides-next\" data-slides-next aria-label=\"{}\">→</button><button type=\"button\" class=\"slides-exit\" data-slides-exit>{}</button></div>",
        t("Trang trước", "Previous slide"),
        t("Trang sau", "Next slide"),
        t("Thoát", "Leave"),
    );
    h
}

fn section(n: usize, count: usize, lang: Lang) -> String {
    let label = lang
        .pick("Trang chiếu {n} / {total}", "Slide {n} of {total}")
        .replace("{n}", &n.to_string())
        .replace("{total}", &count.to_string());
    format!(
        "<section class=\"slide\" id=\"slide-{n}\" aria-label=\"{}\">\n",
        escape(&label)
    )
}

/// Speaker notes: paragraphs separated by blank lines.
fn notes(text: &str, lang: Lang) -> String {
    let mut h = format!(
        "<aside class=\"slide-notes\"><p class=\"slide-notes-title\">{}</p>",
        lang.pick("Ghi chú cho người trình bày", "Speaker notes")
    );
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let _ = write!(h, "<p>{}</p>", escape(&super::collapse(para)));
    }
    h.push_str("</aside>\n");
    h
}
