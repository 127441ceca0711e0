//! A page body as loa resolved it, in the form both outputs consume: pulldown-cmark events, with
//! the document mentions already found.
//!
//! The site turns a mention into a link, a booklet adds the document's number after the first
//! one of a chapter. Both must agree on *which* words are a mention, so the walk that finds them
//! ([`mark`]: whole mentions by [`find_mention`], once per paragraph, list item or table cell
//! and per document, never inside headings, links, images or code) lives here, once. loa runs
//! it in its resolve phase and hands the print crate [`BodyEvent`]s; the print crate parses no
//! Markdown and matches no mentions itself.

use crate::{find_mention, mention_boundary_after, mention_boundary_before};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// One event of a resolved body, for the print crate.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyEvent {
    /// A Markdown event as parsed; link and image destinations are as written (the chapter's
    /// link table says where each leads).
    Markdown(Event<'static>),
    /// A mention of a policy document in running text (`Nghị quyết 11`).
    Mention {
        /// The words as written.
        text: String,
        /// The document's number (`11-NQ/TW`).
        number: String,
        /// Whether the same run of text also writes the number out, so it needs no repeat.
        shown: bool,
    },
}

/// A resolved body: each event with the byte range of the body it comes from.
pub type BodyEvents = Vec<(BodyEvent, Range<usize>)>;

/// All mention forms of all documents, each with a key (loa: the document's id), longest first
/// so "Nghị quyết số 11-NQ/TW" wins over "11-NQ/TW" inside it; and an automaton that finds
/// every form in one pass over a text. A site of 5,000 documents has over 10,000 forms:
/// searching a text for each form in turn made the Markdown pass of 100,000 pages take minutes
/// (pages times forms).
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    forms: Vec<(String, String)>,
    /// Finds the forms, each occurrence (overlapping ones too); pattern `i` is `forms[i]`.
    automaton: Option<aho_corasick::AhoCorasick>,
}

/// A piece of a text run after mention matching.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Mention { text: &'a str, doc: &'a str },
}

impl Mentions {
    /// From (form, key) pairs in any order; duplicate forms keep the first key in sort order.
    pub fn new(mut forms: Vec<(String, String)>) -> Self {
        forms.retain(|f| !f.0.is_empty());
        forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        forms.dedup_by(|a, b| a.0 == b.0);
        let automaton = (!forms.is_empty()).then(|| {
            aho_corasick::AhoCorasick::new(forms.iter().map(|f| f.0.as_str()))
                .expect("mention forms make an automaton")
        });
        Mentions { forms, automaton }
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// Splits `text` into plain pieces and mentions. `linked` holds the keys already linked in
    /// the current paragraph (updated); `skip` is a key never linked (the page's own document).
    pub fn split<'a>(
        &'a self,
        text: &'a str,
        linked: &mut Vec<String>,
        skip: Option<&str>,
    ) -> Vec<Piece<'a>> {
        // Every whole mention of every form, as (form, start): by form in their order (longest
        // first), then by place.
        let mut whole: Vec<(usize, usize)> = (self.automaton.iter())
            .flat_map(|a| a.find_overlapping_iter(text))
            .filter(|m| {
                mention_boundary_before(text[..m.start()].chars().next_back())
                    && mention_boundary_after(text[m.end()..].chars().next())
            })
            .map(|m| (m.pattern().as_usize(), m.start()))
            .collect();
        whole.sort_unstable();
        let mut found: Vec<(usize, usize, &str)> = Vec::new();
        for group in whole.chunk_by(|a, b| a.0 == b.0) {
            let (form, id) = &self.forms[group[0].0];
            if Some(id.as_str()) == skip || linked.iter().any(|l| l == id) {
                continue;
            }
            // The first that overlaps no mention found, looking on past the end of each that
            // does (as `find_mention` from there would).
            let mut from = 0;
            for &(_, start) in group {
                if start < from {
                    continue;
                }
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

/// Finds the mentions in running text and maps every event: `found` gets the pieces of a text
/// event that holds a mention, `keep` every other event. Headings, links, image descriptions and
/// code are left alone; `skip` is never linked; each key once per paragraph, list item or table
/// cell.
pub fn mark<'e, T>(
    events: Vec<(Event<'e>, Range<usize>)>,
    mentions: &Mentions,
    skip: Option<&str>,
    mut found: impl FnMut(&[Piece<'_>]) -> T,
    mut keep: impl FnMut(Event<'e>) -> T,
) -> Vec<(T, Range<usize>)> {
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
            Event::Text(t) if inside == 0 && !mentions.is_empty() => {
                let pieces = mentions.split(t, &mut linked, skip);
                if pieces.iter().any(|p| matches!(p, Piece::Mention { .. })) {
                    out.push((found(&pieces), range));
                    continue;
                }
            }
            _ => {}
        }
        out.push((keep(event), range));
    }
    out
}

/// The print form of a body: each mention becomes a [`BodyEvent::Mention`] with the number
/// `number_of` gives for its key (a key without a number stays text).
pub fn for_print<'e>(
    events: Vec<(Event<'e>, Range<usize>)>,
    mentions: &Mentions,
    skip: Option<&str>,
    number_of: impl Fn(&str) -> Option<String>,
) -> BodyEvents {
    let marked = mark(
        events,
        mentions,
        skip,
        |pieces| {
            let whole: String = pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) | Piece::Mention { text: t, .. } => *t,
                })
                .collect();
            pieces
                .iter()
                .map(|p| match p {
                    Piece::Mention { text, doc } => match number_of(doc) {
                        Some(number) => BodyEvent::Mention {
                            text: text.to_string(),
                            shown: find_mention(&whole, &number, 0).is_some(),
                            number,
                        },
                        None => text_event(text),
                    },
                    Piece::Text(t) => text_event(t),
                })
                .collect()
        },
        |event| vec![BodyEvent::Markdown(event.into_static())],
    );
    marked
        .into_iter()
        .flat_map(|(events, range)| events.into_iter().map(move |e| (e, range.clone())))
        .collect()
}

fn text_event(text: &str) -> BodyEvent {
    BodyEvent::Markdown(Event::Text(text.to_string().into()))
}

/// A body resolved without a site: parsed with the site's dialect, mentions found by their
/// number (the key of `mentions` is the number). For tests and tools; loa itself resolves links
/// and sanitises raw HTML first.
pub fn from_markdown(markdown: &str, mentions: &Mentions) -> BodyEvents {
    let events: Vec<_> = Parser::new_ext(markdown, crate::markdown_options())
        .into_offset_iter()
        .collect();
    for_print(events, mentions, None, |number| Some(number.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Mentions {
        Mentions::new(vec![
            ("11-NQ/TW".to_string(), "nq-11".to_string()),
            ("Nghị quyết số 11-NQ/TW".to_string(), "nq-11".to_string()),
            ("Nghị quyết 11".to_string(), "nq-11".to_string()),
        ])
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

    #[test]
    fn print_form_marks_mentions_once_per_paragraph_and_not_in_headings() {
        let m = Mentions::new(vec![("Nghị quyết 11".into(), "11-NQ/TW".into())]);
        let events = from_markdown(
            "# Nghị quyết 11\n\nTheo Nghị quyết 11 và Nghị quyết 11.\n\nNghị quyết 11 (11-NQ/TW).\n",
            &m,
        );
        let found: Vec<(String, bool)> = events
            .iter()
            .filter_map(|(e, _)| match e {
                BodyEvent::Mention { text, shown, .. } => Some((text.clone(), *shown)),
                _ => None,
            })
            .collect();
        assert_eq!(
            found,
            [
                ("Nghị quyết 11".to_string(), false),
                ("Nghị quyết 11".to_string(), true)
            ]
        );
    }

    /// The split as it was made before the automaton: each form in turn, searched for with
    /// [`find_mention`].
    fn split_form_by_form<'a>(
        m: &'a Mentions,
        text: &'a str,
        linked: &mut Vec<String>,
        skip: Option<&str>,
    ) -> Vec<(usize, usize, &'a str)> {
        let mut found: Vec<(usize, usize, &str)> = Vec::new();
        for (form, id) in &m.forms {
            if Some(id.as_str()) == skip || linked.iter().any(|l| l == id) {
                continue;
            }
            let mut from = 0;
            while let Some(start) = find_mention(text, form, from) {
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
        found
    }

    /// An occurrence that overlaps a longer form's mention is passed over with the occurrences
    /// of its form that start inside it, as searching from its end did.
    #[test]
    fn a_form_looks_on_from_the_end_of_an_occurrence_it_could_not_take() {
        let m = Mentions::new(vec![
            ("NQ 1".into(), "a".into()),
            ("1 1".into(), "b".into()),
        ]);
        let text = "NQ 1 1 1.";
        let want = split_form_by_form(&m, text, &mut Vec::new(), None);
        assert_eq!(want, [(0, 4, "a")]);
        let got = m.split(text, &mut Vec::new(), None);
        assert_eq!(
            got,
            [
                Piece::Mention {
                    text: "NQ 1",
                    doc: "a"
                },
                Piece::Text(" 1 1.")
            ]
        );
    }

    /// Texts and forms made of a few pieces that overlap, repeat, run into letters, digits and
    /// slashes: the automaton finds what searching form by form found, paragraph after
    /// paragraph (the keys linked carry over), with and without a skipped key.
    #[test]
    fn the_automaton_finds_what_each_form_in_turn_found() {
        let pieces = [
            "NQ 11",
            "11",
            "NQ",
            " ",
            "-NQ/TW",
            "Nghị quyết ",
            "a",
            "/",
            "1",
            "đ",
            ", ",
            "11-NQ",
        ];
        let mut seed = 0x2545_f491_u32;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as usize % n
        };
        for round in 0..400 {
            let forms: Vec<(String, String)> = (0..1 + next(6))
                .map(|_| {
                    let form: String = (0..1 + next(3))
                        .map(|_| pieces[next(pieces.len())])
                        .collect();
                    (form, format!("d{}", next(4)))
                })
                .collect();
            let m = Mentions::new(forms);
            let skip = (round % 3 == 0).then_some("d1");
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for _ in 0..3 {
                let text: String = (0..next(12)).map(|_| pieces[next(pieces.len())]).collect();
                let want = split_form_by_form(&m, &text, &mut a, skip);
                let got: Vec<(usize, usize, &str)> = m
                    .split(&text, &mut b, skip)
                    .iter()
                    .scan(0, |at, p| {
                        let (t, doc) = match p {
                            Piece::Text(t) => (*t, None),
                            Piece::Mention { text, doc } => (*text, Some(*doc)),
                        };
                        let start = *at;
                        *at += t.len();
                        Some(doc.map(|d| (start, *at, d)))
                    })
                    .flatten()
                    .collect();
                assert_eq!(got, want, "{text:?} with {:?}", m.forms);
                assert_eq!(a, b, "{text:?}");
            }
        }
    }
}
