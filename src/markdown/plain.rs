//! The plain text of a page: one search section per heading (the text before the first heading
//! is a section without anchor), and the first paragraph, the default summary.
//!
//! Block boundaries become spaces so words of neighbouring cells, items and definitions never
//! run together. Image descriptions, raw HTML and footnote markers are not text; code is. Of a
//! quiz block only the question is text: its answer and explanation never reach the search index
//! or a snippet.

use super::{collapse, Events, Rendered};
use crate::search::SearchSection;
use pulldown_cmark::{Event, Tag, TagEnd};

/// Fills `facts.sections` and `facts.first_paragraph`; needs the heading ids.
pub(crate) fn collect(events: &Events<'_>, facts: &mut Rendered) {
    let mut st = Plain {
        sections: vec![SearchSection {
            anchor: String::new(),
            heading: String::new(),
            level: 0,
            text: String::new(),
        }],
        ..Plain::default()
    };
    let mut headings = facts.headings.iter();
    let mut iter = events.iter();
    while let Some((event, range)) = iter.next() {
        if super::quiz::is_quiz_start(event) {
            for (e, _) in iter.by_ref() {
                if matches!(e, Event::End(TagEnd::CodeBlock)) {
                    break;
                }
            }
            if let Some(q) = facts.quizzes.iter().find(|q| q.offset == range.start) {
                st.push(&q.quiz.question);
                st.push(" ");
            }
            continue;
        }
        if st.in_image > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => st.in_image += 1,
                Event::End(TagEnd::Image) => st.in_image -= 1,
                _ => {}
            }
            continue;
        }
        if let Some(code) = st.code.as_mut() {
            match event {
                Event::Text(t) => code.push_str(t),
                Event::End(TagEnd::CodeBlock) => {
                    let code = st.code.take().unwrap_or_default();
                    st.push(&code);
                    st.push(" ");
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { .. }) => {
                if let Some(h) = headings.next() {
                    st.new_section(h.id.clone(), h.title.clone(), h.level);
                }
            }
            Event::Start(Tag::Image { .. }) => st.in_image = 1,
            Event::Start(Tag::CodeBlock(_)) => st.code = Some(String::new()),
            Event::Start(Tag::FootnoteDefinition(_)) => st.in_footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => st.in_footnote -= 1,
            Event::Start(Tag::Paragraph) if !st.first_done && st.in_footnote == 0 => {
                st.in_first = true;
            }
            Event::End(TagEnd::Paragraph) => {
                if st.in_first {
                    st.in_first = false;
                    st.first_done = true;
                }
                st.push(" ");
            }
            Event::Text(t) | Event::Code(t) => st.push(t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::Start(Tag::Item)
            | Event::Start(Tag::TableCell)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell)
            | Event::End(TagEnd::TableRow)
            | Event::End(TagEnd::DefinitionListTitle)
            | Event::End(TagEnd::DefinitionListDefinition)
            | Event::End(TagEnd::BlockQuote(None)) => st.push(" "),
            _ => {}
        }
    }
    let rest = collapse(&st.text);
    if let Some(last) = st.sections.last_mut() {
        last.text = rest;
    }
    facts.sections = st.sections;
    facts.first_paragraph = collapse(&st.first);
}

#[derive(Default)]
struct Plain {
    sections: Vec<SearchSection>,
    /// Text of the current section so far.
    text: String,
    first: String,
    in_first: bool,
    first_done: bool,
    in_footnote: usize,
    in_image: usize,
    /// The text of the code block being read.
    code: Option<String>,
}

impl Plain {
    fn push(&mut self, s: &str) {
        if self.in_first {
            self.first.push_str(s);
        }
        self.text.push_str(s);
    }

    /// Closes the current section and opens one at a heading.
    fn new_section(&mut self, anchor: String, heading: String, level: u8) {
        let text = collapse(&std::mem::take(&mut self.text));
        if let Some(p) = self.sections.last_mut() {
            p.text = text;
        }
        self.sections.push(SearchSection {
            anchor,
            heading,
            level,
            text: String::new(),
        });
    }
}
