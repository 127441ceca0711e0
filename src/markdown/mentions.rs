//! Automatic links from mentions of a policy document in running text ("Nghị quyết 11",
//! "11-NQ/TW") to the document's page: whole mentions only ([`loa_core::find_mention`], the rule
//! booklets use too), once per paragraph per document.

use super::{escape, links::root_prefix, Context, Events, Rendered};
use crate::content::Site;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::fmt::Write;

/// All mention forms of all documents, longest first so "Nghị quyết số 11-NQ/TW" wins over
/// "11-NQ/TW" inside it.
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    forms: Vec<(String, String)>, // (mention, document id)
}

/// A piece of a text run after mention matching.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Mention { text: &'a str, doc: &'a str },
}

impl Mentions {
    pub fn new(site: &Site) -> Self {
        let mut forms: Vec<(String, String)> = site
            .documents
            .iter()
            .flat_map(|(id, &i)| {
                let doc = site.pages[i].doc.as_ref();
                doc.into_iter()
                    .flat_map(move |d| d.mentions.iter().map(move |m| (m.clone(), id.clone())))
            })
            .collect();
        forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        forms.dedup_by(|a, b| a.0 == b.0);
        Mentions { forms }
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// Splits `text` into plain pieces and mentions. `linked` holds the ids already linked in the
    /// current paragraph (updated); `skip` is the id of the page's own document.
    pub fn split<'a>(
        &'a self,
        text: &'a str,
        linked: &mut Vec<String>,
        skip: Option<&str>,
    ) -> Vec<Piece<'a>> {
        let mut found: Vec<(usize, usize, &str)> = Vec::new();
        for (form, id) in &self.forms {
            if Some(id.as_str()) == skip || linked.iter().any(|l| l == id) {
                continue;
            }
            let mut from = 0;
            while let Some(start) = loa_core::find_mention(text, form, from) {
                let end = start + form.len();
                from = end;
                if !found.iter().any(|&(s, e, _)| start < e && s < end) {
                    found.push((start, end, id));
                    linked.push(id.clone());
                    break;
                }
            }
        }
        found.sort();
        let mut pieces = Vec::new();
        let mut at = 0;
        for (s, e, doc) in found {
            if s > at {
                pieces.push(Piece::Text(&text[at..s]));
            }
            pieces.push(Piece::Mention {
                text: &text[s..e],
                doc,
            });
            at = e;
        }
        if at < text.len() {
            pieces.push(Piece::Text(&text[at..]));
        }
        pieces
    }
}

/// Turns mentions in running text into links to their documents. Headings, links, image
/// descriptions and code are left alone; a page never links its own document; each document is linked
/// once per paragraph, list item or table cell.
pub(crate) fn link<'a>(events: Events<'a>, cx: &Context<'_>, facts: &mut Rendered) -> Events<'a> {
    if cx.mentions.is_empty() {
        return events;
    }
    let root = root_prefix(cx.page.url);
    let own = cx.page.doc;
    let mut linked: Vec<String> = Vec::new();
    // Depth of links, headings, images and code, where text stays as written.
    let mut inside = 0usize;
    let mut out = Vec::with_capacity(events.len());
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => linked.clear(),
            Event::Start(
                Tag::Link { .. } | Tag::Heading { .. } | Tag::Image { .. } | Tag::CodeBlock(_),
            ) => inside += 1,
            Event::End(TagEnd::Link | TagEnd::Heading(_) | TagEnd::Image | TagEnd::CodeBlock) => {
                inside -= 1
            }
            Event::Text(t) if inside == 0 => {
                let pieces = cx.mentions.split(t, &mut linked, own);
                if !matches!(pieces[..], [Piece::Text(_)]) {
                    let html = mention_html(&pieces, cx.site, &root, facts);
                    out.push((Event::InlineHtml(html.into()), range));
                    continue;
                }
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Mentions {
        let mut forms = vec![
            ("11-NQ/TW".to_string(), "nq-11".to_string()),
            ("Nghị quyết số 11-NQ/TW".to_string(), "nq-11".to_string()),
            ("Nghị quyết 11".to_string(), "nq-11".to_string()),
        ];
        forms.sort_by_key(|f| std::cmp::Reverse(f.0.len()));
        Mentions { forms }
    }

    #[test]
    fn longest_form_once_per_paragraph() {
        let m = m();
        let mut linked = Vec::new();
        let p = m.split(
            "Theo Nghị quyết số 11-NQ/TW và 11-NQ/TW.",
            &mut linked,
            None,
        );
        assert_eq!(
            p,
            [
                Piece::Text("Theo "),
                Piece::Mention {
                    text: "Nghị quyết số 11-NQ/TW",
                    doc: "nq-11"
                },
                Piece::Text(" và 11-NQ/TW."),
            ]
        );
        assert!(m
            .split("lại 11-NQ/TW", &mut linked, None)
            .iter()
            .all(|p| matches!(p, Piece::Text(_))));
    }

    #[test]
    fn whole_words_only() {
        let m = m();
        assert!(matches!(
            m.split("Nghị quyết 110", &mut Vec::new(), None)[..],
            [Piece::Text(_)]
        ));
        assert!(matches!(
            m.split("211-NQ/TW", &mut Vec::new(), None)[..],
            [Piece::Text(_)]
        ));
        assert!(matches!(
            m.split("x", &mut Vec::new(), Some("nq-11"))[..],
            [Piece::Text(_)]
        ));
    }
}
