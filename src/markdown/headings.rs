//! Headings: ids (written `{#id}`, else the slug of the text, made unique on the page), the
//! table of contents, and, when writing, the `<hN id>` with its `#` anchor link.

use super::{collapse, escape, Events, Heading, Rendered};
use crate::text::slugify;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

/// Gives every heading its final id and records it in the table of contents.
pub(crate) fn assign_ids<'a>(mut events: Events<'a>, facts: &mut Rendered) -> Events<'a> {
    let mut in_footnote = 0usize;
    let mut next = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::FootnoteDefinition(_)) => in_footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => in_footnote -= 1,
            _ => {}
        }
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = *level as u8;
            let mut text = String::new();
            for (e, _) in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    Event::SoftBreak | Event::HardBreak => text.push(' '),
                    _ => {}
                }
            }
            let title = collapse(&text);
            let wanted = id
                .as_ref()
                .map_or_else(|| slugify(&title), |i| i.to_string());
            let unique = unique_id(&mut facts.ids, &mut next, wanted);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
            }
            facts.headings.push(Heading {
                level,
                id: unique,
                title,
                in_footnote: in_footnote > 0,
            });
        }
        i += 1;
    }
    events
}

/// `base`, or `base-1`, `base-2`… when the page already has that id; `muc` when empty.
/// `next` remembers the next suffix per base: counting up from 1 for every duplicate made
/// 20,000 identical headings quadratic.
fn unique_id(
    ids: &mut BTreeSet<String>,
    next: &mut HashMap<String, usize>,
    base: String,
) -> String {
    let base = if base.is_empty() {
        "muc".to_string()
    } else {
        base
    };
    let mut n = next.get(&base).copied().unwrap_or(1);
    let mut id = base.clone();
    while ids.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    next.insert(base, n);
    ids.insert(id.clone());
    id
}

/// Writes headings as `<hN id="…">…<a class="heading-anchor">#</a></hN>`.
pub(crate) fn html(events: Events<'_>) -> Events<'_> {
    let mut open_id = String::new();
    events
        .into_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                open_id = id.map(|i| i.to_string()).unwrap_or_default();
                let mut open = format!("<h{} id=\"{}\"", level as u8, escape(&open_id));
                if !classes.is_empty() {
                    let _ = write!(open, " class=\"{}\"", escape(&classes.join(" ")));
                }
                for (k, v) in attrs {
                    let v = v.as_deref().unwrap_or("");
                    let _ = write!(open, " {}=\"{}\"", escape(&k), escape(v));
                }
                open.push('>');
                (Event::Html(open.into()), range)
            }
            Event::End(TagEnd::Heading(level)) => {
                let close = format!(
                    "<a class=\"heading-anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{}>\n",
                    escape(&open_id),
                    level as u8
                );
                (Event::Html(close.into()), range)
            }
            other => (other, range),
        })
        .collect()
}
