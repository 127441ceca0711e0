//! Images and raw HTML as written, with their places in the body: `loa check` looks for images
//! without a description here instead of parsing the page again.

use super::{Events, ImageUse, Rendered};
use pulldown_cmark::{Event, Tag, TagEnd};

/// Records every Markdown image (source as written, description) and raw HTML fragment.
pub(crate) fn collect(events: &Events<'_>, facts: &mut Rendered) {
    // Open images: (index in facts.images); nested descriptions also count for the outer one.
    let mut open: Vec<usize> = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                open.push(facts.images.len());
                facts.images.push(ImageUse {
                    src: dest_url.to_string(),
                    alt: String::new(),
                    offset: range.start,
                });
            }
            Event::End(TagEnd::Image) => {
                if let Some(i) = open.pop() {
                    if let Some(&outer) = open.last() {
                        let alt = facts.images[i].alt.clone();
                        facts.images[outer].alt.push_str(&alt);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(&i) = open.last() {
                    facts.images[i].alt.push_str(t);
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                facts.html_ranges.push(range.clone());
            }
            _ => {}
        }
    }
}
