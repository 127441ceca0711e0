//! Automatic links from mentions of a policy document in running text ("Nghị quyết 11",
//! "11-NQ/TW") to the document's page: whole mentions only ([`loa_core::find_mention`], the rule
//! booklets use too), once per paragraph per document. The walk itself is
//! [`loa_core::body::mark`], shared with the booklets' form of the body ([`for_print`]).

use super::{escape, links::root_prefix, Context, Events, Rendered};
use crate::content::Site;
use pulldown_cmark::Event;
use std::fmt::Write;

pub use loa_core::{Mentions, Piece};

/// All mention forms of all documents of the site, keyed by document id.
pub fn of_site(site: &Site) -> Mentions {
    let forms: Vec<(String, String)> = site
        .documents
        .iter()
        .flat_map(|(id, &i)| {
            let doc = site.pages[i].doc.as_ref();
            doc.into_iter()
                .flat_map(move |d| d.mentions.iter().map(move |m| (m.clone(), id.clone())))
        })
        .collect();
    Mentions::new(forms)
}

/// Turns mentions in running text into links to their documents. Headings, links, image
/// descriptions and code are left alone; a page never links its own document; each document is linked
/// once per paragraph, list item or table cell.
pub(crate) fn link<'a>(events: Events<'a>, cx: &Context<'_>, facts: &mut Rendered) -> Events<'a> {
    if cx.mentions.is_empty() {
        return events;
    }
    let root = root_prefix(cx.page.url);
    loa_core::body::mark(
        events,
        cx.mentions,
        cx.page.doc,
        |pieces| Event::InlineHtml(mention_html(pieces, cx.site, &root, facts).into()),
        |event| event,
    )
}

/// The page's body in the print crate's form ([`loa_core::BodyEvents`]): the same mentions as
/// [`link`] finds, each with its document's number.
pub(crate) fn for_print(events: Events<'_>, cx: &Context<'_>) -> loa_core::BodyEvents {
    loa_core::body::for_print(events, cx.mentions, cx.page.doc, |id| {
        cx.site
            .document(id)
            .and_then(|p| p.doc.as_ref())
            .map(|d| d.number.clone())
    })
}

fn mention_html(pieces: &[Piece<'_>], site: &Site, root: &str, facts: &mut Rendered) -> String {
    let mut html = String::new();
    for p in pieces {
        match p {
            Piece::Text(s) => html.push_str(&escape(s)),
            Piece::Mention { text, doc } => {
                facts.cited.insert(doc.to_string());
                let url = site.document(doc).map(|p| p.url.as_str()).unwrap_or("");
                let _ = write!(
                    html,
                    "<a class=\"doc-ref\" href=\"{root}{}\">{}</a>",
                    escape(url),
                    escape(text)
                );
            }
        }
    }
    html
}
