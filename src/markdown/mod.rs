//! Markdown → HTML as small passes over pulldown-cmark's event stream: heading ids and the table
//! of contents, link and image rewriting (with every broken link reported), figures, GFM alerts,
//! footnotes with back-links, document mentions, highlighting, and the plain text the search
//! index and summaries use. The same parse feeds the page, the search and the checks.

mod highlight;
pub mod links;
mod mentions;
mod sanitize;

pub use highlight::{escape, CLASS_STYLE};
pub use links::{resolve, root_prefix, LinkError, Target};
pub use mentions::{Mentions, Piece};
pub(crate) use sanitize::check_file as check_copied_file;

use crate::content::{Page, Site};
use crate::diagnostic::{line_col, Diagnostic};
use crate::search::SearchSection;
use crate::text::{slugify, Lang};
use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::ops::Range;

/// The Markdown dialect of DESIGN §4; booklets parse with the same options.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// A heading of the page, for the table of contents and anchor checks.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A `#anchor` on another page, checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    /// Content path of the target page.
    pub target: String,
    pub anchor: String,
    /// Where the link is, for the diagnostic.
    pub line: usize,
    pub col: usize,
}

/// What rendering one page's Markdown gives.
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
    pub diagnostics: Vec<Diagnostic>,
}

/// What the renderer needs to know about the page and the site.
pub struct Context<'a> {
    pub site: &'a Site,
    pub page: &'a Page,
    pub mentions: &'a Mentions,
    pub lang: Lang,
    pub allow_scripts: bool,
}

fn alert_title(kind: BlockQuoteKind, lang: Lang) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", lang.pick("Ghi chú", "Note")),
        BlockQuoteKind::Tip => ("tip", lang.pick("Mẹo", "Tip")),
        BlockQuoteKind::Important => ("important", lang.pick("Quan trọng", "Important")),
        BlockQuoteKind::Warning => ("warning", lang.pick("Cảnh báo", "Warning")),
        BlockQuoteKind::Caution => ("caution", lang.pick("Thận trọng", "Caution")),
    }
}

fn level_num(l: HeadingLevel) -> u8 {
    l as u8
}

struct State<'c, 'a> {
    cx: &'c Context<'a>,
    dir: String,
    root: String,
    body_offset: usize,
    out: Rendered,
    events: Vec<Event<'a>>,
    /// Plain text of the current search section.
    section_text: String,
    in_link: usize,
    in_heading: bool,
    linked_docs: Vec<String>,
    first_para_done: bool,
    in_first_para: bool,
    footnote_numbers: Vec<String>,
    footnote_refs: Vec<usize>,
    next_suffix: std::collections::HashMap<String, usize>,
}

impl<'c, 'a> State<'c, 'a> {
    fn locate(&self, range: &Range<usize>) -> (usize, usize) {
        line_col(&self.cx.page.text, self.body_offset + range.start)
    }

    /// An error of this page (`message` and `hint` in English, then in Vietnamese) at `range`.
    fn error(
        &mut self,
        code: &'static str,
        range: &Range<usize>,
        [message, message_vi]: [String; 2],
        [hint, hint_vi]: [String; 2],
    ) {
        let (l, c) = self.locate(range);
        let d = Diagnostic::error(code, &self.cx.page.source, message)
            .vi(message_vi)
            .at_in(&self.cx.page.text, l, c)
            .hint(hint)
            .hint_vi(hint_vi);
        self.out.diagnostics.push(d);
    }

    fn plain(&mut self, s: &str) {
        if self.in_first_para {
            self.out.first_paragraph.push_str(s);
        }
        self.section_text.push_str(s);
    }

    fn flush_section(&mut self, anchor: String, heading: String, level: u8) {
        let text = collapse(&std::mem::take(&mut self.section_text));
        let prev = self.out.sections.last_mut();
        if let Some(p) = prev {
            p.text = text;
        }
        self.out.sections.push(SearchSection {
            anchor,
            heading,
            level,
            text: String::new(),
        });
    }

    fn footnote_number(&mut self, name: &str) -> usize {
        match self.footnote_numbers.iter().position(|n| n == name) {
            Some(i) => i + 1,
            None => {
                self.footnote_numbers.push(name.to_string());
                self.footnote_refs.push(0);
                self.footnote_numbers.len()
            }
        }
    }

    fn unique_id(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "muc".to_string()
        } else {
            base
        };
        // The next suffix to try is remembered per base id: counting up from 1 for every
        // duplicate made 20,000 identical headings quadratic.
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        let mut id = base.clone();
        while self.out.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.next_suffix.insert(base, n);
        self.out.ids.insert(id.clone());
        id
    }

    /// Rewrites a link or image destination; reports it when broken.
    fn rewrite(&mut self, dest: &str, range: &Range<usize>, image: bool) -> String {
        match resolve(self.cx.site, &self.dir, dest) {
            Ok(Target::External) => dest.to_string(),
            Ok(Target::SamePage { anchor }) => {
                let (line, col) = self.locate(range);
                self.out.anchors.push(AnchorRef {
                    target: self.cx.page.rel.clone(),
                    anchor: anchor.clone(),
                    line,
                    col,
                });
                format!("#{anchor}")
            }
            Ok(Target::Page { url, rel, anchor }) => {
                if !rel.is_empty() {
                    if let Some(d) = self.cx.site.page_by_rel(&rel).and_then(|p| p.doc.as_ref()) {
                        self.out.cited.insert(d.id.clone());
                    }
                    self.out.links_to.insert(rel.clone());
                }
                match anchor {
                    Some(a) => {
                        if !rel.is_empty() {
                            let (line, col) = self.locate(range);
                            self.out.anchors.push(AnchorRef {
                                target: rel,
                                anchor: a.clone(),
                                line,
                                col,
                            });
                        }
                        format!("{}{url}#{a}", self.root)
                    }
                    None => format!("{}{url}", self.root),
                }
            }
            Ok(Target::Asset { url }) => format!("{}{}", self.root, url),
            Err(LinkError::Missing { tried, .. }) if self.cx.site.broken.contains(&tried) => {
                dest.to_string()
            }
            Err(e) => {
                let what = if image { "image" } else { "link" };
                let (what_vi, target_vi) = if image {
                    ("ảnh", "tệp")
                } else {
                    ("liên kết", "trang")
                };
                let (msg, hint) = match e {
                    LinkError::Absolute => (
                        [
                            format!("the {what} `{dest}` starts with `/`"),
                            format!("{what_vi} `{dest}` bắt đầu bằng `/`"),
                        ],
                        [
                            "absolute paths break when the site is opened from disk or a sub-path; write the path relative to this file, e.g. `../van-ban/nq-11-nq-tw.md`".to_string(),
                            "đường dẫn bắt đầu bằng `/` sẽ hỏng khi trang web được mở từ ổ đĩa hoặc đặt trong một thư mục con của máy chủ; viết đường dẫn tương đối tính từ tệp này, ví dụ `../van-ban/nq-11-nq-tw.md`".to_string(),
                        ],
                    ),
                    LinkError::OutsideContent => (
                        [
                            format!("the {what} `{dest}` points outside `content/`"),
                            format!("{what_vi} `{dest}` trỏ ra ngoài thư mục `content/`"),
                        ],
                        [
                            "link only to files inside content/".to_string(),
                            "chỉ liên kết tới các tệp nằm trong thư mục content/".to_string(),
                        ],
                    ),
                    LinkError::Missing { tried, suggestion } => (
                        [
                            format!("the {what} `{dest}` leads nowhere: there is no `content/{tried}`"),
                            format!("{what_vi} `{dest}` không dẫn tới {target_vi} nào: không có `content/{tried}`"),
                        ],
                        match suggestion {
                            Some(s) => [
                                format!("did you mean `content/{s}`? Write links as relative paths to the .md file"),
                                format!("có phải ý bạn là `content/{s}`? Viết liên kết bằng đường dẫn tương đối tới tệp .md"),
                            ],
                            None => [
                                "write links as relative paths to the .md file, e.g. `../van-ban/nq-11-nq-tw.md`".to_string(),
                                "viết liên kết bằng đường dẫn tương đối tới tệp .md, ví dụ `../van-ban/nq-11-nq-tw.md`".to_string(),
                            ],
                        },
                    ),
                };
                self.error("broken-link", range, msg, hint);
                dest.to_string()
            }
        }
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders the body of `cx.page`.
pub fn render(cx: &Context<'_>) -> Rendered {
    let page = cx.page;
    let body_offset = page.text.len() - page.body.len();
    let dir = page
        .rel
        .rfind('/')
        .map_or(String::new(), |i| page.rel[..i].to_string());
    let mut st = State {
        cx,
        dir,
        root: root_prefix(&page.url),
        body_offset,
        out: Rendered::default(),
        events: Vec::new(),
        section_text: String::new(),
        in_link: 0,
        in_heading: false,
        linked_docs: Vec::new(),
        first_para_done: false,
        in_first_para: false,
        footnote_numbers: Vec::new(),
        footnote_refs: Vec::new(),
        next_suffix: Default::default(),
    };
    st.out.sections.push(SearchSection {
        anchor: String::new(),
        heading: String::new(),
        level: 0,
        text: String::new(),
    });
    let self_doc = page.doc.as_ref().map(|d| d.id.clone());

    let parser = Parser::new_ext(&page.body, options()).into_offset_iter();
    let mut unsafe_html = Vec::new();
    let parser = sanitize::Filter::new(
        parser,
        page,
        body_offset,
        cx.allow_scripts,
        &mut unsafe_html,
    );
    let mut iter = parser.peekable();
    // Buffers for constructs that need their whole content first.
    let mut footnotes: Vec<(String, String)> = Vec::new();
    let mut footnote_stack: Vec<(String, Vec<Event>)> = Vec::new();
    let mut image_stack: Vec<(String, String, String, Range<usize>)> = Vec::new(); // (src, title, alt, range)

    while let Some((event, range)) = iter.next() {
        // Inside an image: collect the alt text only.
        if let Some(img) = image_stack.last_mut() {
            match &event {
                Event::End(TagEnd::Image) => {
                    let (src, title, alt, r) = image_stack.pop().unwrap_or_default();
                    let src = st.rewrite(&src, &r, true);
                    let html = image_html(&src, &title, &alt);
                    push(&mut st, &mut footnote_stack, Event::Html(html.into()));
                }
                Event::Text(t) | Event::Code(t) => img.2.push_str(t),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Collect the heading's inline events to know its text.
                let mut inner: Vec<(Event, Range<usize>)> = Vec::new();
                for (e, r) in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push((e, r));
                }
                let text: String = inner
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        Event::SoftBreak | Event::HardBreak => Some(" "),
                        _ => None,
                    })
                    .collect();
                let text = collapse(&text);
                let wanted = id.map(|i| i.to_string()).unwrap_or_else(|| slugify(&text));
                let hid = st.unique_id(wanted);
                let lvl = level_num(level);
                st.out.headings.push(Heading {
                    level: lvl,
                    id: hid.clone(),
                    title: text.clone(),
                });
                st.flush_section(hid.clone(), text.clone(), lvl);
                let mut open = format!("<h{lvl} id=\"{}\"", escape(&hid));
                if !classes.is_empty() {
                    let _ = write!(open, " class=\"{}\"", escape(&classes.join(" ")));
                }
                for (k, v) in attrs {
                    let _ = write!(
                        open,
                        " {}=\"{}\"",
                        escape(&k),
                        escape(v.as_deref().unwrap_or(""))
                    );
                }
                open.push('>');
                push(&mut st, &mut footnote_stack, Event::Html(open.into()));
                st.in_heading = true;
                for (e, r) in inner {
                    inline_event(&mut st, &mut footnote_stack, &mut image_stack, e, r, None);
                }
                st.in_heading = false;
                let close = format!(
                    "<a class=\"heading-anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{lvl}>\n",
                    id = escape(&hid)
                );
                push(&mut st, &mut footnote_stack, Event::Html(close.into()));
                st.plain(" ");
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert_title(kind, cx.lang);
                let html = format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{title}</p>\n");
                push(&mut st, &mut footnote_stack, Event::Html(html.into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                push(&mut st, &mut footnote_stack, Event::Html("</div>\n".into()))
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(l) => l.to_string(),
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => code.push_str(&t),
                        _ => {}
                    }
                }
                st.plain(&code);
                st.plain(" ");
                let html = highlight::code_block(&code, &lang);
                push(&mut st, &mut footnote_stack, Event::Html(html.into()));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                footnote_stack.push((name.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((name, evs)) = footnote_stack.pop() {
                    let mut html = String::new();
                    pulldown_cmark::html::push_html(&mut html, evs.into_iter());
                    footnotes.push((name, html));
                }
            }
            Event::Start(Tag::Paragraph) => {
                if !st.first_para_done && footnote_stack.is_empty() {
                    st.in_first_para = true;
                }
                st.linked_docs.clear();
                push(&mut st, &mut footnote_stack, Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                if st.in_first_para {
                    st.in_first_para = false;
                    st.first_para_done = true;
                }
                st.plain(" ");
                push(&mut st, &mut footnote_stack, Event::End(TagEnd::Paragraph));
            }
            Event::Start(Tag::Item) | Event::Start(Tag::TableCell) => {
                st.linked_docs.clear();
                st.plain(" ");
                push(&mut st, &mut footnote_stack, event);
            }
            // Block ends separate words in the plain text (search, summaries).
            Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell)
            | Event::End(TagEnd::TableRow)
            | Event::End(TagEnd::DefinitionListTitle)
            | Event::End(TagEnd::DefinitionListDefinition)
            | Event::End(TagEnd::BlockQuote(None)) => {
                st.plain(" ");
                push(&mut st, &mut footnote_stack, event);
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                push(&mut st, &mut footnote_stack, Event::Html(h));
            }
            other => inline_event(
                &mut st,
                &mut footnote_stack,
                &mut image_stack,
                other,
                range,
                self_doc.as_deref(),
            ),
        }
    }
    drop(iter);
    st.out.diagnostics.append(&mut unsafe_html);
    // The last search section gets the remaining text.
    let rest = collapse(&std::mem::take(&mut st.section_text));
    if let Some(last) = st.out.sections.last_mut() {
        last.text = rest;
    }
    let mut html = String::with_capacity(page.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, st.events.drain(..));
    if !footnotes.is_empty() {
        html.push_str(&footnotes_html(&mut st, footnotes));
    }
    st.out.first_paragraph = collapse(&st.out.first_paragraph);
    st.out.html = html;
    st.out
}

fn push<'a>(st: &mut State<'_, 'a>, footnote_stack: &mut [(String, Vec<Event<'a>>)], e: Event<'a>) {
    match footnote_stack.last_mut() {
        Some((_, evs)) => evs.push(e),
        None => st.events.push(e),
    }
}

fn inline_event<'a>(
    st: &mut State<'_, 'a>,
    footnote_stack: &mut [(String, Vec<Event<'a>>)],
    image_stack: &mut Vec<(String, String, String, Range<usize>)>,
    event: Event<'a>,
    range: Range<usize>,
    self_doc: Option<&str>,
) {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            st.in_link += 1;
            let dest = if matches!(link_type, LinkType::Email) && !dest_url.starts_with("mailto:") {
                CowStr::from(format!("mailto:{dest_url}"))
            } else {
                dest_url
            };
            let href = st.rewrite(&dest, &range, false);
            push(
                st,
                footnote_stack,
                Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: href.into(),
                    title,
                    id,
                }),
            );
        }
        Event::End(TagEnd::Link) => {
            st.in_link = st.in_link.saturating_sub(1);
            push(st, footnote_stack, Event::End(TagEnd::Link));
        }
        Event::Start(Tag::Image {
            dest_url, title, ..
        }) => {
            image_stack.push((
                dest_url.to_string(),
                title.to_string(),
                String::new(),
                range,
            ));
        }
        Event::Code(c) => {
            st.plain(&c);
            push(st, footnote_stack, Event::Code(c));
        }
        Event::Text(t) => {
            st.plain(&t);
            if st.in_link > 0 || st.in_heading || st.cx.mentions.is_empty() {
                push(st, footnote_stack, Event::Text(t));
                return;
            }
            let mut linked = std::mem::take(&mut st.linked_docs);
            let pieces = st.cx.mentions.split(&t, &mut linked, self_doc);
            st.linked_docs = linked;
            if let [Piece::Text(_)] = pieces[..] {
                push(st, footnote_stack, Event::Text(t));
                return;
            }
            let mut html = String::new();
            for p in pieces {
                match p {
                    Piece::Text(s) => html.push_str(&escape(s)),
                    Piece::Mention { text, doc } => {
                        st.out.cited.insert(doc.to_string());
                        let url = st
                            .cx
                            .site
                            .document(doc)
                            .map(|p| p.url.as_str())
                            .unwrap_or("");
                        let _ = write!(
                            html,
                            "<a class=\"doc-ref\" href=\"{}{}\">{}</a>",
                            st.root,
                            escape(url),
                            escape(text)
                        );
                    }
                }
            }
            push(st, footnote_stack, Event::InlineHtml(html.into()));
        }
        Event::SoftBreak | Event::HardBreak => {
            st.plain(" ");
            push(st, footnote_stack, event);
        }
        Event::FootnoteReference(name) => {
            let n = st.footnote_number(&name);
            st.footnote_refs[n - 1] += 1;
            let k = st.footnote_refs[n - 1];
            let ref_id = if k == 1 {
                format!("fnref-{n}")
            } else {
                format!("fnref-{n}-{k}")
            };
            st.out.ids.insert(ref_id.clone());
            let html = format!("<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{ref_id}\" role=\"doc-noteref\">{n}</a></sup>");
            push(st, footnote_stack, Event::InlineHtml(html.into()));
        }
        other => push(st, footnote_stack, other),
    }
}

fn image_html(src: &str, title: &str, alt: &str) -> String {
    let img = format!(
        "<img src=\"{}\" alt=\"{}\" loading=\"lazy\">",
        escape(src),
        escape(alt)
    );
    if title.is_empty() {
        img
    } else {
        format!(
            "<figure class=\"figure\">{img}<figcaption>{}</figcaption></figure>",
            escape(title)
        )
    }
}

fn footnotes_html(st: &mut State<'_, '_>, defs: Vec<(String, String)>) -> String {
    let title = st.cx.lang.pick("Chú thích", "Notes");
    let back = st.cx.lang.pick("Quay lại đoạn văn", "Back to the text");
    let mut numbered: Vec<(usize, String)> = defs
        .into_iter()
        .map(|(name, html)| (st.footnote_number(&name), html))
        .collect();
    numbered.sort_by_key(|(n, _)| *n);
    let mut out = format!("<section class=\"footnotes\" role=\"doc-endnotes\"><h2 class=\"footnotes-title\">{title}</h2><ol>\n");
    for (n, html) in numbered {
        st.out.ids.insert(format!("fn-{n}"));
        let refs = st.footnote_refs.get(n - 1).copied().unwrap_or(0);
        let mut backs = String::new();
        for k in 1..=refs {
            let id = if k == 1 {
                format!("fnref-{n}")
            } else {
                format!("fnref-{n}-{k}")
            };
            let _ = write!(backs, " <a href=\"#{id}\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"{back}\">↩</a>");
        }
        // Put the back-links inside the last paragraph when there is one.
        let body = match html.rfind("</p>") {
            Some(i) => format!("{}{backs}{}", &html[..i], &html[i..]),
            None => format!("{html}{backs}"),
        };
        let _ = writeln!(out, "<li id=\"fn-{n}\">{body}</li>");
    }
    out.push_str("</ol></section>\n");
    out
}
