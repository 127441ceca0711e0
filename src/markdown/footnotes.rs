//! Footnotes, resolve side: numbers in order of first reference, one id per reference
//! (`fnref-2`, `fnref-2-2` for the second reference to the same note), so back-links can return
//! to each place. The notes themselves are written at the end of the page by [`super::html`].

use super::{Events, Rendered};
use pulldown_cmark::Event;

/// Footnote names in order of number, and how often each is referenced.
#[derive(Debug, Default)]
pub(crate) struct Numbers {
    names: Vec<String>,
    refs: Vec<usize>,
}

impl Numbers {
    /// The number of footnote `name`, given one when it has none yet (1-based).
    pub(crate) fn of(&mut self, name: &str) -> usize {
        match self.names.iter().position(|n| n == name) {
            Some(i) => i + 1,
            None => {
                self.names.push(name.to_string());
                self.refs.push(0);
                self.names.len()
            }
        }
    }

    /// How often footnote `n` is referenced.
    pub(crate) fn references(&self, n: usize) -> usize {
        self.refs.get(n - 1).copied().unwrap_or(0)
    }
}

/// The id of the `k`-th reference to footnote `n`.
pub(crate) fn ref_id(n: usize, k: usize) -> String {
    if k == 1 {
        format!("fnref-{n}")
    } else {
        format!("fnref-{n}-{k}")
    }
}

/// Replaces each footnote reference with its numbered link.
pub(crate) fn number<'a>(events: Events<'a>, facts: &mut Rendered) -> (Events<'a>, Numbers) {
    let mut numbers = Numbers::default();
    let events = events
        .into_iter()
        .map(|(event, range)| match event {
            Event::FootnoteReference(name) => {
                let n = numbers.of(&name);
                numbers.refs[n - 1] += 1;
                let id = ref_id(n, numbers.refs[n - 1]);
                let html = format!("<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\" role=\"doc-noteref\">{n}</a></sup>");
                facts.ids.insert(id);
                (Event::InlineHtml(html.into()), range)
            }
            other => (other, range),
        })
        .collect();
    (events, numbers)
}
