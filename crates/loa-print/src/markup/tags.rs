//! Start and end tags: blocks and inline formatting become typst calls.

use super::{label, Capture, Close, Converter};
use crate::escape;
use loa_core::AlertKind;
use pulldown_cmark::{Alignment, CodeBlockKind, HeadingLevel, Tag, TagEnd};
use std::ops::Range;

impl Converter<'_, '_> {
    pub(super) fn start(&mut self, tag: &Tag, range: Range<usize>) {
        if let Some(Capture::Image { .. }) = self.capture {
            // Formatting inside an image description: only its text matters.
            self.stack.push(Close::Nothing);
            return;
        }
        self.flush();
        self.mark(range.start);
        let close = match tag {
            Tag::Emphasis => self.open("#emph[", "]"),
            Tag::Strong => self.open("#strong[", "]"),
            Tag::Strikethrough => self.open("#strike[", "]"),
            Tag::Superscript => self.open("#super[", "]"),
            Tag::Subscript => self.open("#sub[", "]"),
            Tag::Link { dest_url, .. } => self.link(dest_url),
            Tag::Image {
                dest_url, title, ..
            } => {
                let block = matches!(self.stack.last(), Some(Close::FigureParagraph));
                self.capture = Some(Capture::Image {
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    alt: String::new(),
                    start: range.start,
                    block,
                });
                Close::Nothing
            }
            Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => {
                self.start_table_part(tag)
            }
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.start_definition_part(tag)
            }
            _ => self.start_block(tag, range.start),
        };
        self.stack.push(close);
    }

    /// Writes `call` now and `close` at the matching end.
    fn open(&mut self, call: &str, close: &'static str) -> Close {
        self.push(call);
        Close::Text(close)
    }

    fn start_block(&mut self, tag: &Tag, start: usize) -> Close {
        match tag {
            Tag::Paragraph if self.in_footnote => Close::Text(" "),
            Tag::Paragraph => self.open("#par[", "]\n"),
            Tag::Heading { level, .. } => self.heading(*level),
            Tag::BlockQuote(None) => self.open("#quote(block: true)[", "]\n"),
            Tag::BlockQuote(Some(kind)) => {
                let kind = AlertKind::from(*kind);
                let call = format!(
                    "#loa-alert({}, {})[",
                    escape::string(kind.name()),
                    escape::string(kind.title(self.gen.booklet_lang))
                );
                self.open(&call, "]\n")
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                let text = String::new();
                self.capture = Some(Capture::Code { lang, text, start });
                Close::Nothing
            }
            Tag::List(None) => self.open("#list(", ")\n"),
            Tag::List(Some(first)) => self.open(&format!("#enum(start: {first}, "), ")\n"),
            Tag::Item => self.open("[", "], "),
            // Raw HTML, footnote definitions (placed at their reference), metadata: nothing.
            _ => Close::Nothing,
        }
    }

    fn start_table_part(&mut self, tag: &Tag) -> Close {
        match tag {
            Tag::Table(alignments) => self.table(alignments),
            Tag::TableHead => {
                self.start_row();
                self.open("table.header(", "), ")
            }
            Tag::TableRow => {
                self.start_row();
                Close::Nothing
            }
            _ => {
                if let Some(row) = self.cells.last_mut() {
                    row.0 += 1;
                }
                self.open("[", "], ")
            }
        }
    }

    /// `terms(terms.item([title], [definition #parbreak() definition]), …)`.
    fn start_definition_part(&mut self, tag: &Tag) -> Close {
        match tag {
            Tag::DefinitionList => {
                self.first_definition.push(true);
                self.open("#terms(", "))\n")
            }
            Tag::DefinitionListTitle => {
                if self.first_definition.last() == Some(&false) {
                    self.push("]), ");
                }
                if let Some(first) = self.first_definition.last_mut() {
                    *first = true;
                }
                self.open("terms.item([", "], [")
            }
            _ => {
                match self.first_definition.last_mut() {
                    Some(first) if *first => *first = false,
                    _ => self.push("#parbreak() "),
                }
                Close::Nothing
            }
        }
    }

    pub(super) fn end(&mut self, tag: TagEnd) {
        let close = self.stack.pop().unwrap_or(Close::Nothing);
        match tag {
            TagEnd::CodeBlock => {
                if let Some(Capture::Code { lang, text, start }) = self.capture.take() {
                    self.check(&text, start..start + text.len());
                    let call = format!(
                        "#raw(block: true, lang: {}, {})\n",
                        escape::opt_string(lang.as_deref()),
                        escape::string(&text)
                    );
                    self.push(&call);
                }
                return;
            }
            TagEnd::Image => {
                if let Some(Capture::Image {
                    dest,
                    title,
                    alt,
                    start,
                    block,
                }) = self.capture.take()
                {
                    self.image(&dest, &title, &alt, start, block);
                }
                return;
            }
            _ if matches!(self.capture, Some(Capture::Image { .. })) => return,
            TagEnd::TableHead | TagEnd::TableRow => {
                self.flush();
                if let Some((written, columns)) = self.cells.pop() {
                    for _ in written..columns {
                        self.push("[], ");
                    }
                }
            }
            TagEnd::Table => {
                self.flush();
                self.columns.pop();
            }
            TagEnd::DefinitionList => {
                self.flush();
                if self.first_definition.pop() == Some(false) {
                    self.push("])");
                }
                self.push(")\n");
                return;
            }
            _ => self.flush(),
        }
        match close {
            Close::Text(text) => self.push(text),
            Close::Nothing | Close::FigureParagraph => {}
            Close::Heading(label) => {
                let text = format!("]{label}\n");
                self.push(&text);
            }
            Close::Link(end) => self.end_link(end),
        }
    }

    fn heading(&mut self, level: HeadingLevel) -> Close {
        if self.in_footnote {
            self.push("#strong[");
            return Close::Text("] ");
        }
        // The chapter title is level 1; the page's own top headings become level 2.
        let level = (level as usize + 2)
            .saturating_sub(self.min_level)
            .clamp(2, 6);
        let label = label(self.index, Some(self.headings));
        self.headings += 1;
        let call = format!("#heading(level: {level}, outlined: false, bookmarked: true)[");
        self.push(&call);
        Close::Heading(label)
    }

    fn table(&mut self, alignments: &[Alignment]) -> Close {
        let align: Vec<&str> = alignments
            .iter()
            .map(|a| match a {
                Alignment::None | Alignment::Left => "left",
                Alignment::Center => "center",
                Alignment::Right => "right",
            })
            .collect();
        let columns = alignments.len().max(1);
        self.columns.push(columns);
        let call = format!(
            "#loa-table(columns: {columns}, align: ({},), ",
            align.join(", ")
        );
        self.push(&call);
        Close::Text(")\n")
    }

    fn start_row(&mut self) {
        let columns = self.columns.last().copied().unwrap_or(1);
        self.cells.push((0, columns));
    }
}
