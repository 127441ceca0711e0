//! The last step: resolved events → HTML, with the footnotes gathered at the end of the page,
//! numbered in order of first reference, each with a back-link to every reference.

use super::footnotes::{ref_id, Numbers};
use super::Events;
use crate::text::Lang;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Writes the page body; the footnotes' ids (`fn-N`) join `ids`.
pub(crate) fn write(
    events: Events<'_>,
    mut numbers: Numbers,
    lang: Lang,
    ids: &mut BTreeSet<String>,
    body_len: usize,
) -> String {
    let mut main = Vec::with_capacity(events.len());
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut iter = events.into_iter();
    while let Some((event, _)) = iter.next() {
        let Event::Start(Tag::FootnoteDefinition(name)) = event else {
            main.push(event);
            continue;
        };
        let mut inner = Vec::new();
        let mut depth = 0usize;
        for (e, _) in iter.by_ref() {
            match &e {
                Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            inner.push(e);
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, inner.into_iter());
        notes.push((name.to_string(), html));
    }
    let mut html = String::with_capacity(body_len * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, main.into_iter());
    if !notes.is_empty() {
        html.push_str(&footnotes(notes, &mut numbers, lang, ids));
    }
    html
}

/// The footnotes section; a note never referenced gets the next number.
fn footnotes(
    notes: Vec<(String, String)>,
    numbers: &mut Numbers,
    lang: Lang,
    ids: &mut BTreeSet<String>,
) -> String {
    let title = lang.pick("Chú thích", "Notes");
    let back = lang.pick("Quay lại đoạn văn", "Back to the text");
    let mut numbered: Vec<(usize, String)> = notes
        .into_iter()
        .map(|(name, html)| (numbers.of(&name), html))
        .collect();
    numbered.sort_by_key(|(n, _)| *n);
    let mut out = format!("<section class=\"footnotes\" role=\"doc-endnotes\"><h2 class=\"footnotes-title\">{title}</h2><ol>\n");
    for (n, html) in numbered {
        ids.insert(format!("fn-{n}"));
        let mut backs = String::new();
        for k in 1..=numbers.references(n) {
            let _ = write!(backs, " <a href=\"#{}\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"{back}\">↩</a>", ref_id(n, k));
        }
        // The back-links go inside the last paragraph when there is one.
        let body = match html.rfind("</p>") {
            Some(i) => format!("{}{backs}{}", &html[..i], &html[i..]),
            None => format!("{html}{backs}"),
        };
        let _ = writeln!(out, "<li id=\"fn-{n}\">{body}</li>");
    }
    out.push_str("</ol></section>\n");
    out
}
