//! Links and footnotes: where a link leads on paper, and footnotes placed at their reference.

use super::{label, matching_end, Close, Converter, Events, LinkEnd};
use crate::escape;
use crate::model::LinkTarget;
use loa_core::BodyEvent;
use pulldown_cmark::{CowStr, Event, Tag};

impl Converter<'_, '_> {
    /// Renders every footnote definition into `self.footnotes`, before the body needs them.
    pub(super) fn render_footnotes(&mut self, events: &Events) {
        let mut i = 0;
        while i < events.len() {
            if let (BodyEvent::Markdown(Event::Start(Tag::FootnoteDefinition(label))), range) =
                &events[i]
            {
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

    pub(super) fn link(&mut self, dest: &CowStr) -> Close {
        let target = self.chapter.links.get(dest.as_ref()).cloned().or_else(|| {
            loa_core::is_external(dest).then(|| LinkTarget::Url {
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
                LinkEnd::Url(url, String::new(), None)
            }
            Some(LinkTarget::Page { title, url }) => {
                super::check_plain(
                    &title,
                    &self.chapter.source,
                    self.gen.assets,
                    &mut self.gen.errors,
                );
                let call = format!("#link({})[", escape::string(&url));
                self.push(&call);
                LinkEnd::Url(url, String::new(), Some(title))
            }
            _ => {
                self.push("#[");
                LinkEnd::Plain
            }
        };
        Close::Link(end)
    }

    pub(super) fn end_link(&mut self, end: LinkEnd) {
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
            LinkEnd::Url(url, text, title) => {
                let shown = text.trim();
                let bare = url.split_once(':').map_or(url.as_str(), |(_, rest)| rest);
                if shown != url && shown != bare.trim_start_matches("//") {
                    // The page's title only when the link text does not already say it.
                    let title = title.filter(|t| t.trim() != shown);
                    let call = format!(
                        "#loa-urlnote({}, title: {})",
                        escape::string(&url),
                        escape::opt_string(title.as_deref())
                    );
                    self.push(&call);
                }
            }
            LinkEnd::Plain => {}
        }
    }

    pub(super) fn footnote_reference(&mut self, label: &str, offset: usize) {
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

impl Converter<'_, '_> {
    /// Text inside a link is also remembered, to decide what follows the link.
    pub(super) fn remember_link_text(&mut self, text: &str) {
        for close in self.stack.iter_mut().rev() {
            if let Close::Link(LinkEnd::Document(_, t) | LinkEnd::Url(_, t, _)) = close {
                t.push_str(text);
                return;
            }
        }
    }
}
