//! The sanitizer as a pass over pulldown-cmark's event stream, first in line after the parser.

use super::{check_attr, clean, diagnostic, url_problem, Attr, Mode, Problem};
use crate::diagnostic::Diagnostic;
use crate::markdown::map_dest;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::VecDeque;
use std::ops::Range;

/// A pass over pulldown-cmark's events and their offsets in the page body: raw HTML cleaned
/// (a block's lines together, since a tag may span them), unsafe link and image URLs replaced by
/// `about:blank`, heading attributes (`{onclick=…}`) checked. Off when scripts are allowed.
pub(crate) struct Filter<'d, 'a, I> {
    inner: I,
    page: super::super::Body<'d>,
    body_offset: usize,
    on: bool,
    queue: VecDeque<(Event<'a>, Range<usize>)>,
    diags: &'d mut Vec<Diagnostic>,
}

impl<'d, 'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Filter<'d, 'a, I> {
    /// `body_offset`: where the body starts in `page.text`; problems go to `diags`.
    pub(crate) fn new(
        inner: I,
        page: super::super::Body<'d>,
        body_offset: usize,
        allow_scripts: bool,
        diags: &'d mut Vec<Diagnostic>,
    ) -> Self {
        Filter {
            inner,
            page,
            body_offset,
            on: !allow_scripts,
            queue: VecDeque::new(),
            diags,
        }
    }

    fn report(&mut self, body_offset: usize, problem: &Problem) {
        let d = diagnostic(problem, self.page.source, false)
            .at_offset(self.page.text, self.body_offset + body_offset);
        self.diags.push(d);
    }

    /// Cleans `html`, made of pieces that start at the given (text, body) offsets.
    fn fragment(&mut self, html: CowStr<'a>, pieces: &[(usize, usize)]) -> CowStr<'a> {
        let (out, found) = clean(&html, Mode::Html);
        if found.is_empty() {
            return html;
        }
        for f in &found {
            let (at, body) = pieces
                .iter()
                .rev()
                .find(|(at, _)| *at <= f.offset)
                .copied()
                .unwrap_or((0, 0));
            self.report(body + f.offset - at, &f.problem);
        }
        out.into()
    }

    /// An HTML block: its lines joined, cleaned as one, then its end.
    fn block(&mut self) {
        let mut text = String::new();
        let mut pieces = Vec::new();
        let mut span: Option<Range<usize>> = None;
        let mut rest = Vec::new();
        for (e, r) in self.inner.by_ref() {
            match e {
                Event::Html(h) => {
                    pieces.push((text.len(), r.start));
                    text.push_str(&h);
                    span = Some(span.map_or(r.clone(), |s| s.start..r.end));
                }
                Event::End(TagEnd::HtmlBlock) => {
                    rest.push((e, r));
                    break;
                }
                e => rest.push((e, r)),
            }
        }
        if let Some(span) = span {
            let html = self.fragment(text.into(), &pieces);
            self.queue.push_back((Event::Html(html), span));
        }
        self.queue.extend(rest);
    }

    fn url(&mut self, dest: CowStr<'a>, range: &Range<usize>, image: bool) -> CowStr<'a> {
        match url_problem(&dest, image) {
            Some(p) => {
                self.report(range.start, &p);
                "about:blank".into()
            }
            None => dest,
        }
    }

    fn heading_attrs(
        &mut self,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        range: &Range<usize>,
    ) -> Vec<(CowStr<'a>, Option<CowStr<'a>>)> {
        let page = self.page;
        let source = page.body.get(range.clone()).unwrap_or_default();
        let mut kept = Vec::new();
        for (k, v) in attrs {
            let a = Attr {
                name: k.to_ascii_lowercase(),
                value: v.as_deref().unwrap_or(""),
                span: 0..0,
            };
            match check_attr("h1", &a, Mode::Html) {
                Some(p) => {
                    let at = source.rfind(&*k).unwrap_or(0);
                    self.report(range.start + at, &p);
                }
                None => kept.push((k, v)),
            }
        }
        kept
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Filter<'_, 'a, I> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.queue.pop_front() {
            return Some(e);
        }
        let (event, range) = self.inner.next()?;
        if !self.on {
            return Some((event, range));
        }
        let event = match event {
            Event::Start(Tag::HtmlBlock) => {
                self.block();
                Event::Start(Tag::HtmlBlock)
            }
            Event::Html(h) => Event::Html(self.fragment(h, &[(0, range.start)])),
            Event::InlineHtml(h) => Event::InlineHtml(self.fragment(h, &[(0, range.start)])),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: self.heading_attrs(attrs, &range),
            }),
            other => map_dest(other, |dest, image| self.url(dest, &range, image)),
        };
        Some((event, range))
    }
}
