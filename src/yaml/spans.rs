//! Where each key and value of a YAML text stands, from the YAML parser itself (`saphyr-parser`'s
//! marked events), so that problems found after deserializing (a menu link that leads nowhere, an
//! unknown booklet page, a duplicate document number, …) are reported at their own line and column,
//! nested keys, flow style (`search: { shard_size: 1 }`) and list items included. Values are named
//! by their key path: `base_url`, `search.shard_size`, `pages.2.page`, `menu.0.link`.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// One value of the text: its key path, where it starts (at the opening quote of a quoted
/// scalar), where its text starts (inside the quotes), where its key starts (mapping values),
/// and its text (scalars).
#[derive(Debug)]
struct Node {
    path: String,
    at: (usize, usize),
    text_at: (usize, usize),
    key: Option<(usize, usize)>,
    scalar: Option<String>,
}

/// The positions (1-based line of the whole file, 1-based column in characters) of every value of
/// the first YAML document of a text; empty when the text does not parse (the deserializer reports
/// that itself, at its own position).
#[derive(Debug, Default)]
pub(crate) struct Spans {
    nodes: Vec<Node>,
}

/// A container being walked: a mapping (waiting for a key, or for the value of `key`) or a
/// sequence (at item `index`); `as_key` when the container is itself a key (`? [a, b]: …`).
enum Frame {
    Map {
        path: String,
        key: Option<(String, (usize, usize))>,
        as_key: bool,
    },
    Seq {
        path: String,
        index: usize,
        as_key: bool,
    },
}

impl Spans {
    /// The spans of `text`: a YAML file, or a Markdown file whose front matter (between the first
    /// two `---` lines) is read; lines count from the top of `text` either way.
    pub(crate) fn of(text: &str) -> Spans {
        let (yaml, first_line) = front_matter(text).unwrap_or((text, 1));
        let mut spans = Spans::default();
        // A broken text keeps the positions found before the break.
        let _ = spans.walk(yaml, first_line - 1);
        spans
    }

    fn walk(&mut self, yaml: &str, line_offset: usize) -> Result<(), saphyr_parser::ScanError> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut started = false;
        for next in Parser::new_from_str(yaml) {
            let (event, span) = next?;
            let at = position(&span, line_offset);
            match event {
                Event::DocumentStart(_) if started => return Ok(()),
                Event::DocumentStart(_) => started = true,
                Event::DocumentEnd | Event::StreamEnd => return Ok(()),
                Event::Scalar(value, style, ..) => {
                    if let Some(Frame::Map {
                        key: key @ None, ..
                    }) = stack.last_mut()
                    {
                        *key = Some((value.into_owned(), at));
                        continue;
                    }
                    let quoted =
                        matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
                            && yaml_char(yaml, span.start.index())
                                .is_some_and(|c| c == '"' || c == '\'');
                    self.value(&mut stack, at, Some(value.into_owned()));
                    if let (true, Some(n)) = (quoted, self.nodes.last_mut()) {
                        n.text_at.1 += 1;
                    }
                }
                Event::Alias(_) => {
                    if let Some(Frame::Map {
                        key: key @ None, ..
                    }) = stack.last_mut()
                    {
                        *key = Some(("*".into(), at));
                        continue;
                    }
                    self.value(&mut stack, at, None);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let (path, as_key) = match stack.last() {
                        // A mapping or list used as a key: walked, never looked up.
                        Some(Frame::Map {
                            key: None, path, ..
                        }) => (format!("{path}.?"), true),
                        _ => (self.value(&mut stack, at, None), false),
                    };
                    stack.push(match event {
                        Event::MappingStart(..) => Frame::Map {
                            path,
                            key: None,
                            as_key,
                        },
                        _ => Frame::Seq {
                            path,
                            index: 0,
                            as_key,
                        },
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    let was_key = matches!(
                        stack.pop(),
                        Some(Frame::Map { as_key: true, .. } | Frame::Seq { as_key: true, .. })
                    );
                    if let (true, Some(Frame::Map { key, .. })) = (was_key, stack.last_mut()) {
                        // Its value comes next.
                        *key = Some(("?".into(), at));
                    }
                }
                Event::StreamStart | Event::Nothing => {}
            }
        }
        Ok(())
    }

    /// Records a value at `at` under the innermost container and returns its path.
    fn value(&mut self, stack: &mut [Frame], at: (usize, usize), scalar: Option<String>) -> String {
        let (path, key) = match stack.last_mut() {
            Some(Frame::Map { path, key, .. }) => {
                let (name, key_at) = key.take().unwrap_or_default();
                (join(path, &name), Some(key_at))
            }
            Some(Frame::Seq { path, index, .. }) => {
                *index += 1;
                (join(path, &(*index - 1).to_string()), None)
            }
            None => (String::new(), None),
        };
        self.nodes.push(Node {
            path: path.clone(),
            at,
            text_at: at,
            key,
            scalar,
        });
        path
    }

    fn node(&self, path: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.path == path)
    }

    /// Where the value at `path` starts. An empty value (`paginate:`) is placed just after its
    /// key's colon, where the editor will type it.
    pub(crate) fn value_at(&self, path: &str) -> Option<(usize, usize)> {
        let n = self.node(path)?;
        match (&n.scalar, n.key) {
            (Some(s), Some((kl, kc))) if s.is_empty() => {
                let name = path.rsplit('.').next().unwrap_or(path);
                Some((kl, kc + name.chars().count() + 1))
            }
            _ => Some(n.at),
        }
    }

    /// Where the text of the value at `path` starts: inside the quotes of a quoted scalar.
    // Only booklet files (the `pdf` feature) need where a value's text starts.
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub(crate) fn text_at(&self, path: &str) -> Option<(usize, usize)> {
        self.node(path).map(|n| n.text_at)
    }

    /// Where the second `name:` of one mapping starts (a key given twice), at any depth.
    pub(crate) fn second_key(&self, name: &str) -> Option<(usize, usize)> {
        let named = |n: &&Node| n.path == name || n.path.ends_with(&format!(".{name}"));
        let mut seen: Vec<&str> = Vec::new();
        for n in self.nodes.iter().filter(named) {
            if seen.contains(&n.path.as_str()) {
                return n.key;
            }
            seen.push(&n.path);
        }
        None
    }

    /// Where the key of the mapping value at `path` starts.
    pub(crate) fn key_at(&self, path: &str) -> Option<(usize, usize)> {
        self.node(path)?.key
    }

    /// Where the text of the first value at `path` or inside it (a list of tags, a list of
    /// booklet pages) equal to `needle` starts (inside its quotes).
    pub(crate) fn find(&self, path: &str, needle: &str) -> Option<(usize, usize)> {
        let inside = format!("{path}.");
        let needle = needle.trim();
        self.nodes
            .iter()
            .filter(|n| n.path == path || n.path.starts_with(&inside))
            .find(|n| n.scalar.as_deref().is_some_and(|s| s.trim() == needle))
            .map(|n| n.text_at)
    }
}

/// Where the first alias (`*name`) of a YAML text stands, `(line, column)` 1-based, from the
/// parser's own events; `None` when the text has none before it stops parsing.
pub(crate) fn first_alias(yaml: &str) -> Option<(usize, usize)> {
    Parser::new_from_str(yaml)
        .map_while(Result::ok)
        .find_map(|(event, span)| matches!(event, Event::Alias(_)).then(|| position(&span, 0)))
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// `(line, column)`, both 1-based, of the start of a span, `line_offset` lines further down.
fn position(span: &Span, line_offset: usize) -> (usize, usize) {
    (span.start.line() + line_offset, span.start.col() + 1)
}

/// The character at character index `index` of `text`.
fn yaml_char(text: &str, index: usize) -> Option<char> {
    text.chars().nth(index)
}

/// The front matter of a Markdown file and the line it starts at, if `text` starts with `---`.
fn front_matter(text: &str) -> Option<(&str, usize)> {
    let first = text.lines().next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let start = text.find('\n')? + 1;
    let mut end = text.len();
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            end = offset;
            break;
        }
        offset += line.len();
    }
    Some((&text[start..end], 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_key_name_at_two_depths_is_told_apart() {
        let s = Spans::of("search:\n  title: a\ntitle:   Trang\n");
        assert_eq!(s.value_at("title"), Some((3, 10)));
        assert_eq!(s.value_at("search.title"), Some((2, 10)));
        assert_eq!(s.key_at("search.title"), Some((2, 3)));
    }

    #[test]
    fn flow_mappings_and_lists_on_one_line() {
        let s = Spans::of("search: { shard_sise: 1, x: [a, \"bạo lực\"] }\n");
        assert_eq!(s.key_at("search.shard_sise"), Some((1, 11)));
        assert_eq!(s.value_at("search.shard_sise"), Some((1, 23)));
        assert_eq!(s.find("search.x", "bạo lực"), Some((1, 34)));
        assert_eq!(s.value_at("search.x.1"), Some((1, 33)));
        assert_eq!(s.text_at("search.x.1"), Some((1, 34)));
    }

    #[test]
    fn keys_inside_list_items() {
        let text =
            "title: T\npages:\n  - page: a.md\n  - tag: gia đình\n  - section: b\n    page: c.md\n";
        let s = Spans::of(text);
        assert_eq!(s.value_at("pages.0.page"), Some((3, 11)));
        assert_eq!(s.value_at("pages.1.tag"), Some((4, 10)));
        assert_eq!(s.value_at("pages.2.page"), Some((6, 11)));
        assert_eq!(s.value_at("pages.2"), Some((5, 5)));
        assert_eq!(s.find("pages", "c.md"), Some((6, 11)));
    }

    #[test]
    fn front_matter_lines_count_from_the_top_of_the_file() {
        let text = "---\ntitle: a\ntags:\n  - \"!!!\"\n---\n\nkey: not yaml: at all\n";
        let s = Spans::of(text);
        assert_eq!(s.find("tags", "!!!"), Some((4, 6)));
        assert_eq!(s.key_at("title"), Some((2, 1)));
        assert_eq!(s.key_at("key"), None);
    }

    #[test]
    fn a_key_given_twice_is_found_at_any_depth() {
        let s = Spans::of("title: a\nsearch:\n  shard_size: 1\n  shard_size: 2\n");
        assert_eq!(s.second_key("shard_size"), Some((4, 3)));
        assert_eq!(s.second_key("title"), None);
    }

    #[test]
    fn empty_values_block_scalars_and_broken_text() {
        let s = Spans::of("paginate:\ntheme: x\nsummary: |\n  dòng\n");
        assert_eq!(s.value_at("paginate"), Some((1, 10)));
        // A block scalar's value is its text, on the lines below `|`.
        assert_eq!(s.value_at("summary"), Some((4, 3)));
        let broken = Spans::of("title: a\nx: [\n");
        assert_eq!(broken.value_at("title"), Some((1, 8)));
    }

    #[test]
    fn the_first_alias_is_found_by_the_parser_not_by_a_star_in_text() {
        let yaml = "note: \"*not an alias\"\na: &a [x]\nb: [*a, *a]\n";
        assert_eq!(first_alias(yaml), Some((3, 5)));
        assert_eq!(first_alias("a: 1\nb: '*x'\n"), None);
    }
}
