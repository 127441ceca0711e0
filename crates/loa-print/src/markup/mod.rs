//! A resolved chapter body → typst markup, one chapter at a time.
//!
//! loa hands each chapter as [`loa_core::BodyEvents`]: pulldown-cmark events with the document
//! mentions already found by the site's own walk, so nothing here parses Markdown or matches
//! mentions. The events become typst function calls (`#par[…]`, `#list([…], […])`,
//! `#loa-alert("note", "Ghi chú")[…]`); editor text only ever goes in escaped (see
//! [`crate::escape`]), so nothing an editor types can change the layout. Raw HTML is dropped.
//! Footnote definitions are rendered first and placed at their first reference; later references
//! point at the same footnote.

mod images;
mod links;
mod tags;
mod text;

use crate::escape;
use crate::model::Chapter;
use crate::Generator;
use loa_core::BodyEvent;
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

pub(crate) use text::check_plain;

/// A chapter's events, as loa hands them.
type Events = [(BodyEvent, Range<usize>)];

/// The Markdown event of `e` (a mention is running text, not an event of its own).
fn md(e: &BodyEvent) -> Option<&Event<'static>> {
    match e {
        BodyEvent::Markdown(e) => Some(e),
        BodyEvent::Mention { .. } => None,
    }
}

/// What the chapters of the booklet look like from the outside, for links between them.
pub(crate) struct Outline {
    /// Number of Markdown headings of each chapter (footnotes excluded).
    pub heading_counts: Vec<usize>,
}

impl Outline {
    pub(crate) fn of(chapters: &[Chapter]) -> Outline {
        let heading_counts = chapters
            .iter()
            .map(|c| headings_outside_footnotes(&c.events).count())
            .collect();
        Outline { heading_counts }
    }
}

fn headings_outside_footnotes(events: &Events) -> impl Iterator<Item = HeadingLevel> + '_ {
    let mut in_footnote = 0usize;
    events
        .iter()
        .filter_map(|(e, _)| md(e))
        .filter_map(move |e| match e {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                in_footnote += 1;
                None
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                in_footnote -= 1;
                None
            }
            Event::Start(Tag::Heading { level, .. }) if in_footnote == 0 => Some(*level),
            _ => None,
        })
}

/// The label of chapter `index`, or of its `heading`-th heading.
pub(crate) fn label(index: usize, heading: Option<usize>) -> String {
    match heading {
        Some(h) => format!("<loa-h-{index}-{h}>"),
        None => format!("<loa-ch-{index}>"),
    }
}

/// Appends the typst markup of chapter `index`'s body to the generator's output.
pub(crate) fn chapter_body(
    gen: &mut Generator,
    index: usize,
    chapter: &Chapter,
    outline: &Outline,
) {
    let events = &chapter.events;
    let min_level = headings_outside_footnotes(events)
        .min()
        .map_or(2, |l| l as usize);
    let file = gen
        .source_map
        .add_file(&chapter.source, &chapter.markdown, chapter.first_line);
    let mut conv = Converter {
        gen,
        index,
        chapter,
        outline,
        file,
        min_level,
        headings: 0,
        footnotes: HashMap::new(),
        used_footnotes: HashMap::new(),
        stack: Vec::new(),
        run: Vec::new(),
        annotated: HashSet::new(),
        reported: HashSet::new(),
        capture: None,
        columns: Vec::new(),
        cells: Vec::new(),
        first_definition: Vec::new(),
        in_footnote: false,
        keep_at: Vec::new(),
        keep_open: false,
    };
    conv.render_footnotes(events);
    conv.keep_at = tail_keeper(events, !chapter.documents.is_empty());
    conv.render(events);
    conv.flush();
    let at = conv.gen.out.len();
    conv.gen.source_map.unmark(at);
}

/// What an `End` event must close.
enum Close {
    /// Append this text.
    Text(&'static str),
    /// Nothing (a dropped wrapper).
    Nothing,
    Heading(String),
    Link(LinkEnd),
    /// A paragraph holding only an image: the image prints as a figure.
    FigureParagraph,
}

enum LinkEnd {
    Chapter(String),
    Document(String, String),
    /// URL, link text so far, page title.
    Url(String, String, Option<String>),
    Plain,
}

/// Text being collected instead of printed: code, image descriptions.
enum Capture {
    Code {
        lang: Option<String>,
        text: String,
        start: usize,
    },
    Image {
        dest: String,
        title: String,
        alt: String,
        start: usize,
        block: bool,
    },
}

/// A piece of running text with its source range; a mention carries its document's number and
/// whether the text around it writes the number out.
struct RunPiece {
    text: String,
    range: Range<usize>,
    mention: Option<(String, bool)>,
}

struct Converter<'g, 'a> {
    gen: &'g mut Generator<'a>,
    index: usize,
    chapter: &'g Chapter,
    outline: &'g Outline,
    file: usize,
    min_level: usize,
    headings: usize,
    /// Footnote label → rendered markup, offset of its definition.
    footnotes: HashMap<String, (String, usize)>,
    /// Footnote label → typst label of the footnote already placed.
    used_footnotes: HashMap<String, String>,
    stack: Vec<Close>,
    /// Text not yet written.
    run: Vec<RunPiece>,
    /// Document numbers already shown in this chapter.
    annotated: HashSet<String>,
    /// Characters already reported as missing from the fonts in this chapter.
    reported: HashSet<char>,
    capture: Option<Capture>,
    /// Column count of each open table.
    columns: Vec<usize>,
    /// Per open table row: cells written so far, and the column count.
    cells: Vec<(usize, usize)>,
    /// Per open definition list: whether the next definition is the item's first.
    first_definition: Vec<bool>,
    in_footnote: bool,
    /// Chapter-tail rule: the event indices of the top-level blocks kept with what follows
    /// them ([`tail_keeper`]), and whether a `#loa-keep[` is open.
    keep_at: Vec<usize>,
    keep_open: bool,
}

/// The chapter-tail rule (issue 14): a chapter's last page never holds only its closing block
/// (the related documents, or a short `### Liên quan` list under its heading). The last text
/// block before that closing block is kept with it (`#loa-keep`, a sticky block), so when the
/// closing block moves to a new page, some text goes with it. Returns the event index of that
/// block: the last body block when the chapter ends with its documents (printed after the
/// body), else the last non-heading block before the final block and the headings right above
/// it. When that block itself opens with a heading (a closing `### Liên quan` list), the text
/// block above that heading is kept too. Nothing for chapters of fewer than three blocks.
fn tail_keeper(events: &Events, documents_follow: bool) -> Vec<usize> {
    let mut depth = 0usize;
    let mut blocks: Vec<(usize, bool)> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match md(event) {
            Some(Event::Start(tag)) => {
                if depth == 0 && !matches!(tag, Tag::FootnoteDefinition(_)) {
                    blocks.push((i, matches!(tag, Tag::Heading { .. })));
                }
                depth += 1;
            }
            Some(Event::End(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if blocks.len() < 3 {
        return Vec::new();
    }
    let end = if documents_follow {
        blocks.len()
    } else {
        blocks.len() - 1
    };
    let mut keep = Vec::new();
    let last_text = |end: usize| blocks[..end].iter().rposition(|(_, heading)| !heading);
    if let Some(k) = last_text(end) {
        keep.push(blocks[k].0);
        if k > 0 && blocks[k - 1].1 {
            keep.extend(last_text(k).map(|j| blocks[j].0));
        }
    }
    keep
}

impl Converter<'_, '_> {
    /// Closes the leaflet panel being written and opens the next one when the heading about to
    /// be written starts it (explicit panels, `panels:` of the booklet file).
    fn panel_break(&mut self) {
        let here = crate::model::PartRef {
            chapter: self.index,
            heading: self.headings,
        };
        let next = self.gen.panel;
        if next == 0 || self.in_footnote || self.gen.panel_starts.get(next) != Some(&here) {
            return;
        }
        self.flush();
        self.gen.panel += 1;
        let call = format!("\n]\n{}[\n", self.gen.panel_call(next + 1));
        self.push(&call);
    }

    fn push(&mut self, markup: &str) {
        self.gen.out.push_str(markup);
    }

    fn mark(&mut self, offset: usize) {
        if !self.in_footnote {
            let at = self.gen.out.len();
            self.gen.source_map.mark(at, self.file, offset);
        }
    }

    fn render(&mut self, events: &Events) {
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            if self.keep_at.contains(&i) && self.stack.is_empty() {
                self.flush();
                self.push("#loa-keep[\n");
                self.keep_open = true;
            }
            let event = match event {
                BodyEvent::Markdown(event) => event,
                BodyEvent::Mention {
                    text,
                    number,
                    shown,
                } => {
                    self.mention(text, number, *shown, range.clone());
                    i += 1;
                    continue;
                }
            };
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    i = matching_end(events, i);
                }
                Event::Start(Tag::Paragraph) if !self.in_footnote && image_only(&events[i..]) => {
                    self.flush();
                    self.mark(range.start);
                    self.stack.push(Close::FigureParagraph);
                }
                Event::Start(tag) => {
                    if matches!(tag, Tag::Heading { .. }) && self.stack.is_empty() {
                        self.panel_break();
                    }
                    self.start(tag, range.clone())
                }
                Event::End(tag) => self.end(*tag),
                Event::Text(text) => self.text(text, range.clone()),
                Event::Code(code) => {
                    if let Some(Capture::Image { alt, .. }) = &mut self.capture {
                        alt.push_str(code);
                    } else {
                        self.flush();
                        self.check(code, range.clone());
                        self.mark(range.start);
                        let call = format!("#raw({})", escape::string(code));
                        self.push(&call);
                    }
                }
                Event::SoftBreak => self.text(" ", range.clone()),
                Event::HardBreak => {
                    self.flush();
                    self.push("#linebreak()");
                }
                Event::Rule => {
                    self.flush();
                    self.push("#loa-rule()\n");
                }
                Event::InlineHtml(html) if is_br(html) => {
                    self.flush();
                    self.push("#linebreak()");
                }
                Event::Html(_) | Event::InlineHtml(_) => {}
                Event::FootnoteReference(label) => self.footnote_reference(label, range.start),
                Event::TaskListMarker(done) => {
                    self.text(if *done { "☑ " } else { "☐ " }, range.clone())
                }
                Event::InlineMath(math) | Event::DisplayMath(math) => {
                    self.text(math, range.clone())
                }
            }
            if self.keep_open && self.stack.is_empty() {
                self.flush();
                self.push("\n]\n");
                self.keep_open = false;
            }
            i += 1;
        }
    }
}

/// Index of the `End` matching the `Start` at `start`.
fn matching_end(events: &Events, start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match md(event) {
            Some(Event::Start(_)) => depth += 1,
            Some(Event::End(_)) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// Whether the paragraph starting at `events[0]` holds one image and nothing else but spaces.
fn image_only(events: &Events) -> bool {
    if !matches!(
        events.get(1).and_then(|(e, _)| md(e)),
        Some(Event::Start(Tag::Image { .. }))
    ) {
        return false;
    }
    let image_end = matching_end(events, 1);
    let paragraph_end = matching_end(events, 0);
    events[image_end + 1..paragraph_end]
        .iter()
        .all(|(e, _)| match md(e) {
            Some(Event::Text(t)) => t.trim().is_empty(),
            Some(Event::SoftBreak) => true,
            _ => false,
        })
}

fn is_br(html: &str) -> bool {
    let tag: String = html.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(tag.to_ascii_lowercase().as_str(), "<br>" | "<br/>")
}
