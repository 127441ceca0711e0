//! GFM alerts (`> [!NOTE]` …) as `<div class="alert alert-note" role="note">` with their title;
//! the kinds and titles are the ones booklets print ([`loa_core::AlertKind`]).

use super::Events;
use crate::text::Lang;
use loa_core::AlertKind;
use pulldown_cmark::{Event, Tag, TagEnd};

/// Replaces the start and end of each alert with its HTML.
pub(crate) fn html(events: Events<'_>, lang: Lang) -> Events<'_> {
    events
        .into_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let kind = AlertKind::from(kind);
                let html = format!(
                    "<div class=\"alert alert-{}\" role=\"note\"><p class=\"alert-title\">{}</p>\n",
                    kind.name(),
                    kind.title(lang)
                );
                (Event::Html(html.into()), range)
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => (Event::Html("</div>\n".into()), range),
            other => (other, range),
        })
        .collect()
}
