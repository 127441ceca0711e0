//! YAML with editor-friendly errors: every serde error becomes a [`Diagnostic`] at the right
//! `file:line:col` (columns in characters, lines counted from the start of the file even when the
//! YAML is a front-matter block further down), with a hint an editor can act on.

use crate::diagnostic::{did_you_mean, line_col, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

mod spans;
pub(crate) use spans::Spans;

/// Parses `text` (which starts at line `first_line` of the file `shown`) into `T`.
/// `known_keys` feeds the "did you mean" hint for unknown keys.
pub fn from_str<T: DeserializeOwned>(
    text: &str,
    shown: &Path,
    first_line: usize,
    known_keys: &[&str],
) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(&e, text, shown, first_line, known_keys))
}

fn to_diagnostic(
    e: &serde_yaml::Error,
    text: &str,
    shown: &Path,
    first_line: usize,
    known: &[&str],
) -> Diagnostic {
    let raw = e.to_string();
    // serde_yaml appends " at line L column C"; we print the location ourselves.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let (line, col) = match e.location() {
        Some(loc) => line_col(text, loc.index()),
        // Alias expansion ("billion laughs") has no position: point at the first alias.
        None => spans::first_alias(text).unwrap_or((1, 1)),
    };
    let mut d = Diagnostic::error("yaml", shown, message.clone()).vi(vietnamese(&message));
    if line > 0 {
        let src = text.lines().nth(line - 1).unwrap_or_default().to_string();
        d = d.at(line + first_line - 1, col);
        d.source_line = Some(src);
    }
    if let Some(key) = between(&message, "unknown field `", "`") {
        d.message = format!("unknown key `{key}`");
        d = d.vi(format!("khóa `{key}` không hợp lệ"));
        // serde names the keys allowed where the key stands, and the path to it (`search: …`);
        // `known` are the top-level keys, the right list only at the top.
        let parent = message
            .split_once(": unknown field")
            .map(|(p, _)| p)
            .filter(|p| !p.is_empty() && !p.contains(' '));
        let expected = expected_fields(&message);
        let here: Vec<&str> = match (&parent, &expected) {
            (Some(_), Some(e)) => e.clone(),
            _ => known.to_vec(),
        };
        if let (Some(parent), false, true) = (parent, here.contains(&key), known.contains(&key)) {
            return d
                .hint(format!(
                    "`{key}` belongs at the top level of the file, not under `{parent}:`; the keys allowed under `{parent}:` are: {}",
                    here.join(", ")
                ))
                .hint_vi(format!(
                    "khóa `{key}` phải đặt ở đầu dòng (cấp ngoài cùng của tệp), không đặt dưới `{parent}:`; dưới `{parent}:` chỉ dùng được: {}",
                    here.join(", ")
                ));
        }
        let known = here.as_slice();
        d = match did_you_mean(key, known.iter().copied()) {
            Some(s) => d
                .hint(format!(
                    "did you mean `{s}`? Free-form values go under `extra:`"
                ))
                .hint_vi(format!(
                    "có phải ý bạn là `{s}`? Các giá trị tự đặt thì để dưới `extra:`"
                )),
            None => d
                .hint(format!("the keys allowed here are: {}", known.join(", ")))
                .hint_vi(format!(
                    "ở đây chỉ dùng được các khóa: {}",
                    known.join(", ")
                )),
        };
    } else if let Some(key) = between(&message, "duplicate field `", "`").or(between(
        &message,
        "duplicate entry with key \"",
        "\"",
    )) {
        d.message = format!("the key `{key}` is given twice");
        d = d.vi(format!("khóa `{key}` được viết hai lần"));
        // serde points at the mapping; point at the second occurrence instead.
        if let Some((line, col)) = Spans::of(text).second_key(key) {
            d = d.at(line + first_line - 1, col);
            d.source_line = text.lines().nth(line - 1).map(str::to_string);
        }
        d = d
            .hint("keep one of the two lines")
            .hint_vi("chỉ giữ lại một trong hai dòng");
    } else if let Some(key) = between(&message, "missing field `", "`") {
        d.message = format!("the required key `{key}` is missing");
        d = d
            .vi(format!("thiếu khóa bắt buộc `{key}`"))
            .hint(format!("add a line `{key}: …`"))
            .hint_vi(format!("thêm một dòng `{key}: …`"));
    } else if message.contains("repetition limit") || message.contains("recursion limit") {
        d = d
            .vi("YAML lồng nhau hoặc lặp lại (`&tên` / `*tên`) quá nhiều")
            .hint("write the values out instead of repeating them with aliases (`*name`), and nest less deeply")
            .hint_vi("viết thẳng các giá trị thay vì lặp lại bằng `*tên`, và bớt lồng nhau");
    } else if message.contains("expected a sequence") {
        d = d
            .hint("write a list: `[một, hai]`, or one item per line starting with `- `")
            .hint_vi("viết thành danh sách: `[một, hai]`, hoặc mỗi mục một dòng bắt đầu bằng `- `");
    } else if message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
    {
        d = d
            .hint(
                "check the quoting and indentation; put text containing `: ` inside double quotes",
            )
            .hint_vi(
                "kiểm tra dấu ngoặc kép và cách thụt lề; đoạn chữ có `: ` thì đặt trong ngoặc kép",
            );
    }
    d
}

/// The fields serde lists after "expected" in an unknown-field message: `` `a` `` or
/// `` `a` or `b` `` or `` one of `a`, `b`, `c` ``; `None` when it lists none.
fn expected_fields(message: &str) -> Option<Vec<&str>> {
    let (_, list) = message.split_once(", expected ")?;
    let fields: Vec<&str> = list.split('`').skip(1).step_by(2).collect();
    (!fields.is_empty()).then_some(fields)
}

/// The Vietnamese form of a serde or YAML message that has no special case above: type errors
/// and unknown values are translated; syntax errors keep the parser's English after a Vietnamese
/// lead, since their wording is too varied to translate one by one.
fn vietnamese(message: &str) -> String {
    // serde names the value first when it is inside a mapping: `tags: invalid type: …`.
    let (key, rest) = match message.split_once(": ") {
        Some((k, r))
            if k.chars()
                .all(|c| c.is_alphanumeric() || "_-.[]".contains(c)) =>
        {
            (Some(k), r)
        }
        _ => (None, message),
    };
    let of = key.map_or(String::new(), |k| format!(" của `{k}`"));
    if let Some((found, expected)) = rest
        .strip_prefix("invalid type: ")
        .and_then(|r| r.rsplit_once(", expected "))
    {
        return format!(
            "giá trị{of} phải là {}, không phải {}",
            expected_vi(expected),
            found_vi(found)
        );
    }
    if let Some((value, allowed)) = rest
        .strip_prefix("unknown variant `")
        .and_then(|r| r.split_once("`, expected "))
    {
        let allowed = allowed
            .trim_start_matches("one of ")
            .replace(" or ", " hoặc ");
        return format!("giá trị{of} `{value}` không hợp lệ; chỉ dùng được: {allowed}");
    }
    format!("YAML không hợp lệ: {message}")
}

/// serde's "expected …" in Vietnamese.
fn expected_vi(expected: &str) -> String {
    match expected {
        "a sequence" => "một danh sách".into(),
        "a string" => "một đoạn chữ".into(),
        "a boolean" => "`true` hoặc `false`".into(),
        "i8" | "i16" | "i32" | "i64" | "an integer" => "một số nguyên".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "một số nguyên không âm".into(),
        "f32" | "f64" => "một số".into(),
        e if e == "a YAML mapping" || e == "a map" || e.starts_with("struct ") => {
            "một nhóm khóa (các dòng `khóa: giá trị`)".into()
        }
        e => e.into(),
    }
}

/// serde's description of the value found, in Vietnamese.
fn found_vi(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("đoạn chữ {s}");
    }
    for (en, vi) in [
        ("integer ", "số "),
        ("floating point ", "số "),
        ("boolean ", "giá trị "),
    ] {
        if let Some(v) = found.strip_prefix(en) {
            return format!("{vi}{v}");
        }
    }
    match found {
        "sequence" => "một danh sách".into(),
        "map" => "một nhóm khóa".into(),
        "unit value" => "giá trị rỗng".into(),
        f => f.into(),
    }
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// The position (1-based line, 1-based character column) of the value at the key path `key`
/// (`base_url`, `search.shard_size`, `menu.0.link`) of a YAML text or of a Markdown file's front
/// matter, as the YAML parser read it; `None` when the key is absent.
pub fn key_value_position(text: &str, key: &str) -> Option<(usize, usize)> {
    Spans::of(text).value_at(key)
}

/// A YAML value as JSON, for templates (`extra:`). Non-string keys are stringified.
pub fn to_json(v: &serde_yaml::Value) -> serde_json::Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => (*b).into(),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into()
            } else if let Some(f) = n.as_f64() {
                serde_json::Number::from_f64(f)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)
            } else {
                serde_json::Value::Null
            }
        }
        Y::String(s) => s.clone().into(),
        Y::Sequence(s) => s.iter().map(to_json).collect(),
        Y::Mapping(m) => m
            .iter()
            .map(|(k, v)| {
                let key = match k {
                    Y::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                };
                (key, to_json(v))
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
        Y::Tagged(t) => to_json(&t.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        tags: Option<Vec<String>>,
    }

    #[test]
    fn unknown_key_located_after_offset() {
        let e = from_str::<T>(
            "title: a\ntittle: b\n",
            Path::new("x.md"),
            2,
            &["title", "tags"],
        )
        .unwrap_err();
        assert_eq!((e.line, e.col), (3, 1));
        assert_eq!(e.message, "unknown key `tittle`");
        assert!(e.hint.unwrap().contains("`title`"));
    }

    #[test]
    fn duplicate_key() {
        let e =
            from_str::<T>("title: a\ntitle: b\n", Path::new("x.md"), 2, &["title"]).unwrap_err();
        assert!(e.message.contains("given twice"), "{e}");
        assert_eq!(e.line, 3);
    }

    #[test]
    fn duplicate_nested_key() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Search {
            shard_size: u32,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct S {
            search: Search,
        }
        let text = "search:\n  shard_size: 1\n  shard_size: 2\n";
        let e = from_str::<S>(text, Path::new("loa.yaml"), 1, &["search"]).unwrap_err();
        assert!(e.message.contains("given twice"), "{e}");
        assert_eq!((e.line, e.col), (3, 3), "{e}");
    }

    #[test]
    fn tags_as_text() {
        let e = from_str::<T>(
            "title: a\ntags: gia đình\n",
            Path::new("x.md"),
            1,
            &["title"],
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.hint.unwrap().contains("list"), "{}", e.message);
    }

    #[test]
    fn vietnamese_messages() {
        use crate::text::Lang;
        let vi = |text: &str| {
            let e = from_str::<T>(text, Path::new("x.md"), 1, &["title", "tags"]).unwrap_err();
            (
                e.message_in(Lang::Vi).to_string(),
                e.hint_in(Lang::Vi).unwrap_or_default().to_string(),
            )
        };
        let (m, h) = vi("title: a\ntittle: b\n");
        assert_eq!(m, "khóa `tittle` không hợp lệ");
        assert!(h.starts_with("có phải ý bạn là `title`?"), "{h}");
        assert_eq!(vi("tags: [a]\n").0, "thiếu khóa bắt buộc `title`");
        let (m, h) = vi("title: a\ntags: gia đình\n");
        assert_eq!(
            m,
            "giá trị của `tags` phải là một danh sách, không phải đoạn chữ \"gia đình\""
        );
        assert!(h.starts_with("viết thành danh sách"), "{h}");
        assert!(vi("title: [a]\n").0.contains("phải là một đoạn chữ"));
        let (m, h) = vi("title: a: b\n");
        assert_eq!(
            m,
            "YAML không hợp lệ: mapping values are not allowed in this context"
        );
        assert!(h.contains("ngoặc kép"), "{h}");
    }

    #[test]
    fn value_position_counts_characters() {
        assert_eq!(
            key_value_position("title: x\ndate:  22/11/2022\n", "date"),
            Some((2, 8))
        );
    }
}
