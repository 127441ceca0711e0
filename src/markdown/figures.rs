//! Images: `<img loading="lazy">` with the description as `alt`; an image with a title is a
//! figure with that title as its caption.

use super::{escape, Events};
use pulldown_cmark::{Event, Tag, TagEnd};

/// Replaces each image (its start, description and end) with its HTML.
pub(crate) fn html(events: Events<'_>) -> Events<'_> {
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        else {
            out.push((event, range));
            continue;
        };
        let mut alt = String::new();
        let mut depth = 0usize;
        for (e, _) in iter.by_ref() {
            match e {
                Event::Start(_) => depth += 1,
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                _ => {}
            }
        }
        out.push((Event::Html(image(&dest_url, &title, &alt).into()), range));
    }
    out
}

fn image(src: &str, title: &str, alt: &str) -> String {
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
