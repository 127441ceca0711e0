//! Markdown → typst markup, one chapter at a time.
//!
//! pulldown-cmark's events become typst function calls (`#par[…]`, `#list([…], […])`,
//! `#loa-alert("note", "Ghi chú")[…]`); editor text only ever goes in escaped (see
//! [`crate::escape`]), so nothing an editor types can change the layout. Raw HTML is dropped.
//! Footnote definitions are rendered first and placed at their first reference; later references
//! point at the same footnote.

mod images;
mod text;

use crate::escape;
use crate::model::{Chapter, LinkTarget};
use crate::strings::{alert_kind, alert_title};
use crate::Generator;
use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

pub(crate) use text::check_plain;

/// The Markdown extensions loa uses everywhere (DESIGN §4).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
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
            .map(|c| {
                let events: Vec<_> = Parser::new_ext(&c.markdown, options()).collect();
                headings_outside_footnotes(&events).count()
            })
            .collect();
        Outline { heading_counts }
    }
}

fn headings_outside_footnotes<'e>(
    events: &'e [Event<'e>],
) -> impl Iterator<Item = HeadingLevel> + 'e {
    let mut in_footnote = 0usize;
    events.iter().filter_map(move |e| match e {
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
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(&chapter.markdown, options())
        .into_offset_iter()
        .collect();
    let plain: Vec<Event> = events.iter().map(|(e, _)| e.clone()).collect();
    let min_level = headings_outside_footnotes(&plain)
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
        no_mentions: 0,
        capture: None,
        cells: Vec::new(),
        first_definition: Vec::new(),
        in_footnote: false,
    };
    conv.render_footnotes(&events);
    conv.render(&events);
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
    Url(String, String),
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
    /// Text not yet written: pieces with their source ranges.
    run: Vec<(String, Range<usize>)>,
    /// Document numbers already shown in this chapter.
    annotated: HashSet<String>,
    /// Characters already reported as missing from the fonts in this chapter.
    reported: HashSet<char>,
    /// Depth of headings, links and images, where mentions are left alone.
    no_mentions: usize,
    capture: Option<Capture>,
    /// Per open table row: cells written so far, and the column count.
    cells: Vec<(usize, usize)>,
    /// Per open definition list: whether the next definition is the item's first.
    first_definition: Vec<bool>,
    in_footnote: bool,
}

impl Converter<'_, '_> {
    fn push(&mut self, markup: &str) {
        self.gen.out.push_str(markup);
    }

    fn mark(&mut self, offset: usize) {
        if !self.in_footnote {
            let at = self.gen.out.len();
            self.gen.source_map.mark(at, self.file, offset);
        }
    }

    /// Renders every footnote definition into `self.footnotes`, before the body needs them.
    fn render_footnotes(&mut self, events: &[(Event, Range<usize>)]) {
        let mut i = 0;
        while i < events.len() {
            if let (Event::Start(Tag::FootnoteDefinition(label)), range) = &events[i] {
                let end = matching_end(events, i);
                let saved = std::mem::take(&mut self.gen.out);
                self.in_footnote = true;
                self.render(&events[i + 1..end]);
                self.flush();
                self.in_footnote = false;
                let markup = std::mem::replace(&mut self.gen.out, saved);
                self.footnotes
                    .insert(label.to_string(), (markup.trim().to_string(), range.start));
                i = end;
            }
            i += 1;
        }
    }

    fn render(&mut self, events: &[(Event, Range<usize>)]) {
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    i = matching_end(events, i);
                }
                Event::Start(Tag::Paragraph) if !self.in_footnote && image_only(&events[i..]) => {
                    self.flush();
                    self.mark(range.start);
                    self.stack.push(Close::FigureParagraph);
                }
                Event::Start(tag) => self.start(tag, range.clone()),
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
            i += 1;
        }
    }

    fn start(&mut self, tag: &Tag, range: Range<usize>) {
        if let Some(Capture::Image { .. }) = self.capture {
            // Formatting inside an image description: only its text matters.
            self.stack.push(Close::Nothing);
            return;
        }
        self.flush();
        self.mark(range.start);
        let close = match tag {
            Tag::Paragraph if self.in_footnote => Close::Text(" "),
            Tag::Paragraph => {
                self.push("#par[");
                Close::Text("]\n")
            }
            Tag::Heading { level, .. } => self.heading(*level),
            Tag::BlockQuote(None) => {
                self.push("#quote(block: true)[");
                Close::Text("]\n")
            }
            Tag::BlockQuote(Some(kind)) => {
                let lang = self.gen.booklet_lang;
                let call = format!(
                    "#loa-alert({}, {})[",
                    escape::string(alert_kind(*kind)),
                    escape::string(alert_title(lang, *kind))
                );
                self.push(&call);
                Close::Text("]\n")
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                self.capture = Some(Capture::Code {
                    lang,
                    text: String::new(),
                    start: range.start,
                });
                Close::Nothing
            }
            Tag::HtmlBlock => Close::Nothing,
            Tag::List(None) => {
                self.push("#list(");
                Close::Text(")\n")
            }
            Tag::List(Some(start)) => {
                let call = format!("#enum(start: {start}, ");
                self.push(&call);
                Close::Text(")\n")
            }
            Tag::Item => {
                self.push("[");
                Close::Text("], ")
            }
            Tag::FootnoteDefinition(_) => Close::Nothing,
            Tag::DefinitionList => {
                self.push("#terms(");
                self.first_definition.push(true);
                Close::Text("))\n")
            }
            Tag::DefinitionListTitle => {
                if self.first_definition.last() == Some(&false) {
                    self.push("]), ");
                }
                if let Some(first) = self.first_definition.last_mut() {
                    *first = true;
                }
                self.push("terms.item([");
                Close::Text("], [")
            }
            Tag::DefinitionListDefinition => {
                match self.first_definition.last_mut() {
                    Some(first) if *first => *first = false,
                    _ => self.push("#parbreak() "),
                }
                Close::Nothing
            }
            Tag::Table(alignments) => self.table(alignments),
            Tag::TableHead => {
                self.push("table.header(");
                self.start_row();
                Close::Text("), ")
            }
            Tag::TableRow => {
                self.start_row();
                Close::Nothing
            }
            Tag::TableCell => {
                if let Some(row) = self.cells.last_mut() {
                    row.0 += 1;
                }
                self.push("[");
                Close::Text("], ")
            }
            Tag::Emphasis => {
                self.push("#emph[");
                Close::Text("]")
            }
            Tag::Strong => {
                self.push("#strong[");
                Close::Text("]")
            }
            Tag::Strikethrough => {
                self.push("#strike[");
                Close::Text("]")
            }
            Tag::Superscript => {
                self.push("#super[");
                Close::Text("]")
            }
            Tag::Subscript => {
                self.push("#sub[");
                Close::Text("]")
            }
            Tag::Link { dest_url, .. } => self.link(dest_url),
            Tag::Image {
                dest_url, title, ..
            } => {
                let block = matches!(self.stack.last(), Some(Close::FigureParagraph));
                self.no_mentions += 1;
                self.capture = Some(Capture::Image {
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    alt: String::new(),
                    start: range.start,
                    block,
                });
                Close::Nothing
            }
            Tag::MetadataBlock(_) => Close::Nothing,
        };
        self.stack.push(close);
    }

    fn end(&mut self, tag: TagEnd) {
        let close = self.stack.pop().unwrap_or(Close::Nothing);
        match tag {
            TagEnd::CodeBlock => {
                if let Some(Capture::Code { lang, text, start }) = self.capture.take() {
                    self.check(&text, start..start + text.len());
                    let call = format!(
                        "#raw(block: true, lang: {}, {})\n",
                        escape::opt_string(lang.as_deref()),
                        escape::string(&text)
                    );
                    self.push(&call);
                }
                return;
            }
            TagEnd::Image => {
                if let Some(Capture::Image {
                    dest,
                    title,
                    alt,
                    start,
                    block,
                }) = self.capture.take()
                {
                    self.no_mentions -= 1;
                    self.image(&dest, &title, &alt, start, block);
                }
                return;
            }
            _ if matches!(self.capture, Some(Capture::Image { .. })) => return,
            TagEnd::TableHead | TagEnd::TableRow => {
                self.flush();
                if let Some((written, columns)) = self.cells.pop() {
                    for _ in written..columns {
                        self.push("[], ");
                    }
                }
            }
            TagEnd::DefinitionList => {
                self.flush();
                if self.first_definition.pop() == Some(false) {
                    self.push("])");
                }
                self.push(")\n");
                return;
            }
            _ => self.flush(),
        }
        match close {
            Close::Text(text) => self.push(text),
            Close::Nothing | Close::FigureParagraph => {}
            Close::Heading(label) => {
                self.no_mentions -= 1;
                let text = format!("]{label}\n");
                self.push(&text);
            }
            Close::Link(end) => self.end_link(end),
        }
    }

    fn heading(&mut self, level: HeadingLevel) -> Close {
        self.no_mentions += 1;
        if self.in_footnote {
            self.push("#strong[");
            return Close::Text("] ");
        }
        // The chapter title is level 1; the page's own top headings become level 2.
        let level = (level as usize + 2)
            .saturating_sub(self.min_level)
            .clamp(2, 6);
        let label = label(self.index, Some(self.headings));
        self.headings += 1;
        let call = format!("#heading(level: {level}, outlined: false)[");
        self.push(&call);
        Close::Heading(label)
    }

    fn table(&mut self, alignments: &[Alignment]) -> Close {
        let align: Vec<&str> = alignments
            .iter()
            .map(|a| match a {
                Alignment::None | Alignment::Left => "left",
                Alignment::Center => "center",
                Alignment::Right => "right",
            })
            .collect();
        let call = format!(
            "#loa-table(columns: {}, align: ({},), ",
            alignments.len().max(1),
            align.join(", ")
        );
        self.push(&call);
        Close::Text(")\n")
    }

    fn start_row(&mut self) {
        let columns = self.current_columns();
        self.cells.push((0, columns));
    }

    fn current_columns(&self) -> usize {
        // The column count is the table's; find it in the call just written.
        let out = &self.gen.out;
        out.rfind("#loa-table(columns: ")
            .and_then(|i| {
                let rest = &out[i + "#loa-table(columns: ".len()..];
                rest[..rest.find(',')?].parse().ok()
            })
            .unwrap_or(1)
    }

    fn link(&mut self, dest: &CowStr) -> Close {
        self.no_mentions += 1;
        let target = self.chapter.links.get(dest.as_ref()).cloned().or_else(|| {
            is_absolute_url(dest).then(|| LinkTarget::Url {
                url: dest.to_string(),
            })
        });
        let end = match target {
            Some(LinkTarget::Chapter { index, heading })
                if index < self.outline.heading_counts.len() =>
            {
                let heading = heading.filter(|&h| h < self.outline.heading_counts[index]);
                let label = label(index, heading);
                let call = format!("#link({label})[");
                self.push(&call);
                LinkEnd::Chapter(label)
            }
            Some(LinkTarget::Document { number }) => {
                self.push("#[");
                LinkEnd::Document(number, String::new())
            }
            Some(LinkTarget::Url { url }) => {
                let call = format!("#link({})[", escape::string(&url));
                self.push(&call);
                LinkEnd::Url(url, String::new())
            }
            _ => {
                self.push("#[");
                LinkEnd::Plain
            }
        };
        Close::Link(end)
    }

    fn end_link(&mut self, end: LinkEnd) {
        self.no_mentions -= 1;
        self.push("]");
        match end {
            LinkEnd::Chapter(label) => {
                let word = crate::strings::strings(self.gen.booklet_lang).page;
                let call = format!("#loa-pageref({label}, {})", escape::string(word));
                self.push(&call);
            }
            LinkEnd::Document(number, text) => {
                if !text.contains(number.as_str()) {
                    let call = format!("#loa-docnum({})", escape::string(&number));
                    self.push(&call);
                }
                self.annotated.insert(number);
            }
            LinkEnd::Url(url, text) => {
                let shown = text.trim();
                let bare = url.split_once(':').map_or(url.as_str(), |(_, rest)| rest);
                if shown != url && shown != bare.trim_start_matches("//") {
                    let call = format!("#loa-urlnote({})", escape::string(&url));
                    self.push(&call);
                }
            }
            LinkEnd::Plain => {}
        }
    }

    fn footnote_reference(&mut self, label: &str, offset: usize) {
        self.flush();
        if let Some(placed) = self.used_footnotes.get(label) {
            let call = format!("#footnote({placed})");
            self.push(&call);
            return;
        }
        let Some((markup, def_offset)) = self.footnotes.get(label).cloned() else {
            self.text(&format!("[^{label}]"), offset..offset);
            return;
        };
        let placed = format!("<loa-fn-{}-{}>", self.index, self.used_footnotes.len());
        self.mark(def_offset);
        self.push("#footnote[");
        self.push(&markup);
        let close = format!("]{placed}");
        self.push(&close);
        self.mark(offset);
        self.used_footnotes.insert(label.to_string(), placed);
    }
}

/// Index of the `End` matching the `Start` at `start`.
fn matching_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
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
fn image_only(events: &[(Event, Range<usize>)]) -> bool {
    if !matches!(events.get(1), Some((Event::Start(Tag::Image { .. }), _))) {
        return false;
    }
    let image_end = matching_end(events, 1);
    let paragraph_end = matching_end(events, 0);
    events[image_end + 1..paragraph_end]
        .iter()
        .all(|(e, _)| match e {
            Event::Text(t) => t.trim().is_empty(),
            Event::SoftBreak => true,
            _ => false,
        })
}

fn is_br(html: &str) -> bool {
    let tag: String = html.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(tag.to_ascii_lowercase().as_str(), "<br>" | "<br/>")
}

/// `https://…`, `mailto:…`, `tel:…`: a scheme, then a colon.
pub(crate) fn is_absolute_url(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && scheme.len() > 1
}

impl Converter<'_, '_> {
    /// Text inside a link is also remembered, to decide what follows the link.
    fn remember_link_text(&mut self, text: &str) {
        for close in self.stack.iter_mut().rev() {
            if let Close::Link(LinkEnd::Document(_, t) | LinkEnd::Url(_, t)) = close {
                t.push_str(text);
                return;
            }
        }
    }
}
