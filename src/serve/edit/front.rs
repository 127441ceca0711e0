//! The form's fields ↔ the front matter of a file.
//!
//! The form never rewrites the front matter wholesale: the keys `loa new` documents with a
//! comment, the keys the form does not show (`slug`, `aliases`, `extra`, …) and the editor's own
//! formatting must survive a save. So a save replaces only the lines of the keys whose value
//! changed, each with a one-line YAML value; a key that was absent is added before the closing
//! `---`. Whatever the result, it is checked by the build's own front-matter parser before it is
//! written, so the form can never write what `loa build` would refuse.

use serde_json::{Map, Value};

/// The keys the form edits (page and document keys), in form order.
pub(crate) const FORM_KEYS: [&str; 19] = [
    "title",
    "summary",
    "date",
    "updated",
    "kind",
    "tags",
    "audience",
    "documents",
    "weight",
    "draft",
    "number",
    "doc_type",
    "issuer",
    "issued",
    "effective",
    "expires",
    "amends",
    "replaces",
    "mentions",
];

/// Keys holding a date: a value typed as digits and separators is written bare, so the parser
/// gives its own hint for `22/11/2022`.
const DATE_KEYS: [&str; 5] = ["date", "updated", "issued", "effective", "expires"];

/// The front matter of `text` as JSON (the form's starting values); `None` when it is not valid
/// YAML (the build's diagnostics say why).
pub(crate) fn fields(yaml: &str) -> Option<Map<String, Value>> {
    if yaml.trim().is_empty() {
        return Some(Map::new());
    }
    let v: serde_yaml::Value = serde_yaml::from_str(yaml).ok()?;
    match serde_json::to_value(v).ok()? {
        Value::Object(m) => Some(m),
        Value::Null => Some(Map::new()),
        _ => None,
    }
}

/// Whether a form value means "nothing" (an absent key is written only when it gets something).
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// A YAML double-quoted string, on one line.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A form value as a one-line YAML value.
pub(crate) fn yaml_value(key: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let s = s.trim();
            let bare_date = DATE_KEYS.contains(&key)
                && !s.is_empty()
                && s.chars().all(|c| c.is_ascii_digit() || "-/.".contains(c));
            let bare_word = key == "kind" && s.chars().all(|c| c.is_ascii_lowercase());
            let number = key == "weight" && s.parse::<i64>().is_ok();
            if bare_date || bare_word || number {
                s.to_string()
            } else {
                quoted(s)
            }
        }
        Value::Array(items) => {
            let items: Vec<String> = items
                .iter()
                .filter(|i| !is_empty(i))
                .map(|i| match i {
                    Value::String(s) => quoted(s.trim()),
                    other => yaml_value("", other),
                })
                .collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(_) => quoted(&v.to_string()),
    }
}

/// The line range (start, end exclusive) of top-level `key:` in `lines`, continuation lines
/// (indented, or a block list's `- `) included.
pub(crate) fn key_span(lines: &[&str], key: &str) -> Option<(usize, usize)> {
    let prefix = format!("{key}:");
    let start = lines.iter().position(|l| l.starts_with(&prefix))?;
    let mut end = start + 1;
    while end < lines.len() {
        let l = lines[end];
        let more = l.starts_with([' ', '\t']) || (l.starts_with('-') && !l.starts_with("---"));
        if !more {
            break;
        }
        end += 1;
    }
    Some((start, end))
}

/// `yaml` (the front matter without its `---` lines, `\n` line ends) with the form's values set:
/// only keys in `form` and in `allowed` (a section's `_index.md` takes fewer keys) whose value
/// differs from the file's are touched.
pub(crate) fn patch(yaml: &str, form: &Map<String, Value>, allowed: &[&str]) -> String {
    let current = fields(yaml).unwrap_or_default();
    let mut lines: Vec<String> = yaml.lines().map(str::to_string).collect();
    for key in FORM_KEYS {
        let Some(new) = form.get(key) else { continue };
        let old = current.get(key).unwrap_or(&Value::Null);
        if !allowed.contains(&key) || same(key, old, new) {
            continue;
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let span = key_span(&refs, key);
        let line = format!("{key}: {}", yaml_value(key, new))
            .trim_end()
            .to_string();
        match span {
            Some((a, b)) => {
                lines.splice(a..b, [line]);
            }
            None if is_empty(new) => {}
            None => lines.push(line),
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// A value the build assumes when the key is absent: the form shows it, but saving it into a
/// file that leaves the key out would only add noise.
fn is_default(key: &str, v: &Value) -> bool {
    matches!(
        (key, v),
        ("draft", Value::Bool(false)) | ("print", Value::Bool(true))
    ) || (key == "kind" && v.as_str() == Some("topic"))
}

/// Equal as far as the file is concerned (numbers typed as text, dates read as text, `null` and
/// empty alike, an absent key and its default).
fn same(key: &str, old: &Value, new: &Value) -> bool {
    if is_empty(old) && (is_empty(new) || is_default(key, new)) {
        return true;
    }
    match (old, new) {
        (Value::String(a), Value::String(b)) => a.trim() == b.trim(),
        (Value::Number(a), Value::String(b)) | (Value::String(b), Value::Number(a)) => {
            a.to_string() == b.trim()
        }
        (Value::Array(a), Value::Array(b)) => {
            let a: Vec<&Value> = a.iter().filter(|v| !is_empty(v)).collect();
            let b: Vec<&Value> = b.iter().filter(|v| !is_empty(v)).collect();
            a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| same("", x, y))
        }
        _ => old == new,
    }
}

/// The front-matter key a 1-based line of the whole file belongs to (`yaml_line` is the line of
/// the first YAML line), for showing a problem at its field.
pub(crate) fn key_at(yaml: &str, yaml_line: usize, line: usize) -> Option<String> {
    let idx = line.checked_sub(yaml_line)?;
    let lines: Vec<&str> = yaml.lines().collect();
    if idx >= lines.len() {
        return None;
    }
    lines[..=idx].iter().rev().find_map(|l| {
        let (k, _) = l.split_once(':')?;
        let top = !l.starts_with([' ', '\t', '-', '#']) && !k.is_empty();
        top.then(|| k.trim().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn only_changed_keys_are_rewritten() {
        let yaml = "# Tiêu đề\ntitle: \"Cũ\"\n# Ngày\ndate: 2025-01-02\ntags:\n  - a\n  - b\nslug: giu-nguyen\nextra:\n  x: 1\n";
        let out = patch(
            yaml,
            &form(
                json!({"title": "Mới \"x\"", "date": "2025-01-02", "tags": ["a", "c"],
                         "weight": "3", "kind": "topic", "draft": false}),
            ),
            &FORM_KEYS,
        );
        assert_eq!(
            out,
            "# Tiêu đề\ntitle: \"Mới \\\"x\\\"\"\n# Ngày\ndate: 2025-01-02\ntags: [\"a\", \"c\"]\nslug: giu-nguyen\nextra:\n  x: 1\nweight: 3\n"
        );
        assert_eq!(fields(&out).unwrap()["title"], json!("Mới \"x\""));
    }

    #[test]
    fn values_cannot_break_out_of_their_line() {
        let out = patch(
            "title: a\n",
            &form(json!({"title": "x\nkind: document"})),
            &FORM_KEYS,
        );
        assert_eq!(out, "title: \"x\\nkind: document\"\n");
        let out = patch(
            "title: a\n",
            &form(json!({"date": "22/11/2022"})),
            &FORM_KEYS,
        );
        assert_eq!(out, "title: a\ndate: 22/11/2022\n");
        let out = patch(
            "title: a\n",
            &form(json!({"date": "2022-11-22\nx: y"})),
            &FORM_KEYS,
        );
        assert_eq!(out, "title: a\ndate: \"2022-11-22\\nx: y\"\n");
    }

    #[test]
    fn empty_values_are_not_added() {
        let out = patch(
            "title: a\n",
            &form(json!({"summary": "", "tags": [], "date": null, "kind": "topic"})),
            &FORM_KEYS,
        );
        assert_eq!(out, "title: a\n");
        // A section's `_index.md` takes only its own keys.
        let out = patch(
            "title: a\n",
            &form(json!({"title": "b", "kind": "news", "date": "2025-01-01"})),
            crate::content::SECTION_KEYS,
        );
        assert_eq!(out, "title: \"b\"\n");
        let out = patch("title: a\n", &form(json!({"draft": false})), &FORM_KEYS);
        assert_eq!(out, "title: a\n");
    }

    #[test]
    fn lines_map_to_keys() {
        let yaml = "# c\ntitle: a\ntags:\n  - x\ndate: 22/11/2022\n";
        assert_eq!(key_at(yaml, 2, 3).as_deref(), Some("title"));
        assert_eq!(key_at(yaml, 2, 5).as_deref(), Some("tags"));
        assert_eq!(key_at(yaml, 2, 6).as_deref(), Some("date"));
        assert_eq!(key_at(yaml, 2, 9), None);
    }
}
