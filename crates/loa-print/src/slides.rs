//! Slide decks (`kind: slides`, DESIGN §12) as a 16:9 PDF, one slide per page
//! (`in-an/<slug>-trinh-chieu.pdf`).
//!
//! loa hands the deck's resolved body ([`Deck::page`]'s events) and the slides it found (start
//! offset, title). Here the events are cut at the top-level thematic breaks, the speaker-notes
//! blocks (```` ```notes ````) are left out, and each slide goes into `#loa-slide[…]` of the
//! theme's `print/slides.typ`, which sets the text for a room (body ≥ 24 pt).
//!
//! A slide whose text does not fit would spill onto a second page: that is an error naming the
//! slide and its `file:line:col`, never a cut-off slide. The deck is compiled once; only when it
//! has more pages than slides is each slide compiled alone to find the ones that spill.

use crate::assets::PrintAssets;
use crate::error::PrintError;
use crate::escape;
use crate::markup::{self, check_plain, Outline};
use crate::model::{Chapter, Lang};
use crate::world;
use crate::Generator;
use loa_core::BodyEvent;
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use std::fmt::Write;

/// The info string of a speaker-notes block (as on the site).
const NOTES_INFO: &str = "notes";

/// A slide deck, as loa resolved it.
#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    /// The page's slug: the PDF's document id.
    pub id: String,
    pub title: String,
    pub lang: Lang,
    /// The deck's page; its `title` is the deck's title, its events the whole body.
    pub page: Chapter,
    /// Each slide's title ("" when it has none), in order, as loa found them.
    pub titles: Vec<String>,
}

/// The PDFs of a deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedDeck {
    /// The slides, 16:9.
    pub pdf: Vec<u8>,
    /// The handout: A4 pages, each slide followed by its speaker notes.
    pub handout: Vec<u8>,
    /// Pages of the PDF: one per slide.
    pub pages: usize,
}

/// One slide: its events without the notes, where it starts in the body, and its speaker notes
/// (paragraphs).
struct Part {
    chapter: Chapter,
    offset: usize,
    notes: Vec<String>,
}

/// Cuts the body at its top-level thematic breaks, leaving out speaker notes.
fn split(deck: &Deck) -> Vec<Part> {
    let page = &deck.page;
    let empty = |offset: usize| Part {
        chapter: Chapter {
            events: Vec::new(),
            ..page.clone()
        },
        offset,
        notes: Vec::new(),
    };
    let mut parts = vec![empty(page.events.first().map_or(0, |(_, r)| r.start))];
    let (mut depth, mut in_notes, mut fresh) = (0usize, false, false);
    let mut notes = String::new();
    for (event, range) in &page.events {
        let md = match event {
            BodyEvent::Markdown(e) => Some(e),
            BodyEvent::Mention { .. } => None,
        };
        if in_notes {
            match md {
                Some(Event::End(TagEnd::CodeBlock)) => in_notes = false,
                Some(Event::Text(t)) => notes.push_str(t),
                _ => {}
            }
            if !in_notes {
                let part = parts.last_mut().expect("there is always a slide");
                part.notes.extend(
                    notes
                        .split("\n\n")
                        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                        .filter(|p| !p.is_empty()),
                );
                notes.clear();
            }
            continue;
        }
        match md {
            Some(Event::Rule) if depth == 0 => {
                parts.push(empty(range.end));
                fresh = true;
                continue;
            }
            Some(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))))
                if info.split_whitespace().next() == Some(NOTES_INFO) =>
            {
                in_notes = true;
                continue;
            }
            Some(Event::Start(_)) => depth += 1,
            Some(Event::End(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let part = parts.last_mut().expect("there is always a slide");
        if fresh {
            part.offset = range.start;
            fresh = false;
        }
        part.chapter.events.push((event.clone(), range.clone()));
    }
    parts
}

/// The typst source of the slides `only` (all when None).
fn generate<'a>(
    deck: &Deck,
    parts: &[Part],
    assets: &'a PrintAssets,
    only: Option<usize>,
) -> Generator<'a> {
    let mut gen = Generator::new(assets, deck.lang);
    check_plain(&deck.title, &deck.page.source, assets, &mut gen.errors);
    let lang = crate::strings::strings(deck.lang).lang;
    let _ = writeln!(gen.out, "#import \"/print/elements.typ\": *");
    let _ = writeln!(gen.out, "#import \"/print/quiz.typ\": *");
    let _ = writeln!(gen.out, "#import \"/print/slides.typ\": *");
    let _ = writeln!(
        gen.out,
        "#show: loa-slides.with(title: {}, lang: {}, total: {})",
        escape::string(&deck.title),
        escape::string(lang),
        parts.len()
    );
    let chapters: Vec<Chapter> = parts.iter().map(|p| p.chapter.clone()).collect();
    let outline = Outline::of(&chapters);
    for (index, part) in parts.iter().enumerate() {
        if only.is_some_and(|k| k != index) {
            continue;
        }
        let _ = writeln!(gen.out, "\n#loa-slide({})[", index + 1);
        markup::chapter_body(&mut gen, index, &part.chapter, &outline);
        gen.out.push_str("\n]\n");
    }
    gen
}

fn compile(
    deck: &Deck,
    parts: &[Part],
    assets: &PrintAssets,
    only: Option<usize>,
) -> Result<typst_layout::PagedDocument, Vec<PrintError>> {
    generate(deck, parts, assets, only)
        .compile(&deck.page.source)
        .map(|(doc, _)| doc)
}

/// Typesets a deck: one 16:9 page per slide, or an error for every slide that does not fit.
pub fn render_slides(deck: &Deck, assets: &PrintAssets) -> Result<RenderedDeck, Vec<PrintError>> {
    let parts = split(deck);
    let doc = compile(deck, &parts, assets, None)?;
    let pages = doc.pages().len();
    if pages != parts.len() {
        let mut errors = Vec::new();
        for (k, part) in parts.iter().enumerate() {
            let alone = compile(deck, &parts, assets, Some(k))?.pages().len();
            if alone > 1 {
                errors.push(overflow(deck, part, k, alone));
            }
        }
        if errors.is_empty() {
            errors.push(
                PrintError::new(
                    &deck.page.source,
                    format!(
                        "the deck has {} slides but its PDF has {pages} pages",
                        parts.len()
                    ),
                )
                .vi(format!(
                    "bài trình chiếu có {} trang chiếu nhưng tệp PDF có {pages} trang",
                    parts.len()
                )),
            );
        }
        typst::comemo::evict(10);
        return Err(errors);
    }
    let pdf = world::export(&doc, &format!("{}-trinh-chieu", deck.id), &deck.page.source)?;
    let handout = handout(deck, &parts, &pdf, assets)?;
    typst::comemo::evict(10);
    Ok(RenderedDeck {
        pdf,
        handout,
        pages,
    })
}

/// The A4 handout: each page of the slides PDF placed as a vector image, its notes below.
fn handout(
    deck: &Deck,
    parts: &[Part],
    slides_pdf: &[u8],
    assets: &PrintAssets,
) -> Result<Vec<u8>, Vec<PrintError>> {
    let mut errors = Vec::new();
    let notes: Vec<String> = parts
        .iter()
        .map(|p| {
            let paras: Vec<String> = p
                .notes
                .iter()
                .map(|n| {
                    check_plain(n, &deck.page.source, assets, &mut errors);
                    escape::string(n)
                })
                .collect();
            format!(
                "({}{})",
                paras.join(", "),
                if paras.len() == 1 { "," } else { "" }
            )
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let s = crate::strings::strings(deck.lang);
    let notes_title = match deck.lang {
        Lang::Vi => "Ghi chú cho người trình bày",
        Lang::En => "Speaker notes",
    };
    let main = format!(
        "#import \"/print/slides.typ\": loa-handout\n\
         #loa-handout(read(\"/slides.pdf\", encoding: none), ({},), title: {}, lang: {}, notes-title: {})\n",
        notes.join(", "),
        escape::string(&deck.title),
        escape::string(s.lang),
        escape::string(notes_title),
    );
    world::over_pdf(
        assets,
        main,
        ("/slides.pdf", slides_pdf),
        &format!("{}-ghi-chu", deck.id),
        &deck.page.source,
    )
}

fn overflow(deck: &Deck, part: &Part, k: usize, pages: usize) -> PrintError {
    let title = deck.titles.get(k).filter(|t| !t.is_empty());
    let (name_en, name_vi) = match title {
        Some(t) => (
            format!("slide {} “{t}”", k + 1),
            format!("trang chiếu {} “{t}”", k + 1),
        ),
        None => (format!("slide {}", k + 1), format!("trang chiếu {}", k + 1)),
    };
    PrintError::new(
        &deck.page.source,
        format!("{name_en} does not fit on one slide: its text needs {pages} slides"),
    )
    .vi(format!(
        "{name_vi} quá dài, không vừa một trang chiếu: nội dung cần {pages} trang"
    ))
    .hint("shorten it, or split it in two with a line `---`")
    .hint_vi("rút ngắn, hoặc tách làm hai bằng một dòng `---`")
    .at_offset(&deck.page.markdown, deck.page.first_line, part.offset)
}
