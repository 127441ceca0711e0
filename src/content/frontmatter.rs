//! Front matter: splitting the `---` block off a file and checking its keys and values.

use super::model::{DocMeta, Kind, SortBy};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::text::{Date, MAX_SLUG_BYTES};
use crate::yaml;
use serde::Deserialize;
use std::path::Path;

/// A file split into its front matter and body.
pub struct Split<'a> {
    /// The YAML text (without the `---` lines).
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line.
    pub body_line: usize,
}

/// Splits `---\n…\n---\n` off the start of `text`.
pub fn split<'a>(text: &'a str, shown: &Path) -> Result<Split<'a>, Diagnostic> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(
            "front-matter",
            shown,
            "the file does not start with front matter",
        )
        .vi("tệp không bắt đầu bằng phần đầu trang (front matter)")
        .at_in(text, 1, 1)
        .hint("start the file with a line `---`, then `title: …`, then another line `---`")
        .hint_vi("dòng đầu tiên của tệp phải là `---`, tiếp theo là `title: …`, rồi thêm một dòng `---` nữa"));
    }
    let yaml_start = first.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for (line_no, line) in (2..).zip(text[offset..].split_inclusive('\n')) {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start.min(offset)..offset],
                yaml_line: 2,
                body: &text[body_start.min(text.len())..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error("front-matter", shown, "the front matter is never closed")
            .vi("phần đầu trang (front matter) không có dòng `---` để đóng lại")
            .at_in(text, 1, 1)
            .hint("add a line `---` after the last front-matter key, before the text of the page")
            .hint_vi(
                "thêm một dòng `---` sau khóa cuối cùng của phần đầu trang, trước nội dung trang",
            ),
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    title: Option<String>,
    summary: Option<String>,
    date: Option<serde_yaml::Value>,
    updated: Option<serde_yaml::Value>,
    kind: Option<Kind>,
    tags: Option<Vec<String>>,
    audience: Option<Vec<String>>,
    documents: Option<Vec<String>>,
    weight: Option<i64>,
    draft: Option<bool>,
    slug: Option<String>,
    aliases: Option<Vec<String>>,
    keywords: Option<Vec<String>>,
    short_title: Option<String>,
    print: Option<bool>,
    extra: Option<serde_yaml::Mapping>,
    number: Option<String>,
    doc_type: Option<String>,
    issuer: Option<String>,
    issued: Option<serde_yaml::Value>,
    effective: Option<serde_yaml::Value>,
    expires: Option<serde_yaml::Value>,
    amends: Option<Vec<String>>,
    replaces: Option<Vec<String>>,
    mentions: Option<Vec<String>>,
}

pub const PAGE_KEYS: &[&str] = &[
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
    "slug",
    "aliases",
    "keywords",
    "short_title",
    "print",
    "extra",
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
const DOCUMENT_ONLY: &[&str] = &[
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    title: Option<String>,
    summary: Option<String>,
    weight: Option<i64>,
    sort_by: Option<SortBy>,
    keywords: Option<Vec<String>>,
    extra: Option<serde_yaml::Mapping>,
}

pub const SECTION_KEYS: &[&str] = &["title", "summary", "weight", "sort_by", "keywords", "extra"];

/// Checked page front matter.
#[derive(Debug, Clone)]
pub struct PageFront {
    pub title: String,
    pub summary: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub kind: Kind,
    pub tags: Vec<String>,
    pub audience: Vec<String>,
    pub documents: Vec<String>,
    pub weight: i64,
    pub draft: bool,
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    /// Extra search terms, not shown on the page.
    pub keywords: Vec<String>,
    /// The title as booklets print it in their running heads (DESIGN §12 `short_title`).
    pub short_title: Option<String>,
    pub print: bool,
    pub extra: serde_json::Value,
    pub doc: Option<DocMeta>,
}

/// Checked section front matter.
#[derive(Debug, Clone)]
pub struct SectionFront {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub weight: i64,
    pub sort_by: SortBy,
    /// Extra search terms, not shown on the page.
    pub keywords: Vec<String>,
    pub extra: serde_json::Value,
}

/// Where a problem with one key's value is: the value's position in the whole file.
fn at_key(split: &Split, key: &str) -> (usize, usize) {
    yaml::key_value_position(split.yaml, key).map_or((1, 1), |(l, c)| (l + split.yaml_line - 1, c))
}

fn date_value(
    v: Option<serde_yaml::Value>,
    key: &str,
    text: &str,
    split: &Split,
    shown: &Path,
    diags: &mut Diagnostics,
) -> Option<Date> {
    let v = v?;
    let s = match &v {
        serde_yaml::Value::String(s) => s.trim().to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    if let Some(d) = Date::parse_iso(&s) {
        return Some(d);
    }
    let (line, col) = at_key(split, key);
    let mut d = Diagnostic::error(
        "front-matter",
        shown,
        format!("`{key}: {s}` is not a date in the form YYYY-MM-DD"),
    )
    .vi(format!(
        "`{key}: {s}` không phải ngày tháng viết theo dạng `YYYY-MM-DD`"
    ))
    .at_in(text, line, col);
    d = match Date::parse_day_first(&s) {
        Some(dt) => d
            .hint(format!("write `{key}: {dt}` (year-month-day)"))
            .hint_vi(format!("viết `{key}: {dt}` (năm-tháng-ngày)")),
        None => d
            .hint(format!(
                "write the date as year-month-day, e.g. `{key}: 2022-11-22`"
            ))
            .hint_vi(format!(
                "viết ngày theo thứ tự năm-tháng-ngày, ví dụ `{key}: 2022-11-22`"
            )),
    };
    diags.push(d);
    None
}

/// Longest `short_title` accepted: a running head is one line of small type.
pub(crate) const MAX_SHORT_TITLE: usize = 60;

/// Checks a `short_title` (page front matter or booklet file) written at `at` of `text`: not
/// empty, one line, at most [`MAX_SHORT_TITLE`] characters.
pub(crate) fn check_short_title(
    value: &str,
    (text, at): (&str, (usize, usize)),
    shown: &Path,
    diags: &mut Diagnostics,
) -> Option<String> {
    let v = value.trim();
    let n = v.chars().count();
    if !v.is_empty() && n <= MAX_SHORT_TITLE && !v.contains('\n') {
        return Some(v.to_string());
    }
    let (en, vi) = if v.is_empty() {
        (
            "`short_title` is empty".to_string(),
            "`short_title` đang để trống".to_string(),
        )
    } else {
        (
            format!("`short_title` has {n} characters; a running head holds at most {MAX_SHORT_TITLE} on one line"),
            format!("`short_title` dài {n} ký tự; dòng đầu trang chỉ chứa được tối đa {MAX_SHORT_TITLE} ký tự trên một dòng"),
        )
    };
    diags.push(
        Diagnostic::error("front-matter", shown, en)
            .vi(vi)
            .at_in(text, at.0, at.1)
            .hint("write a few words that name the page, e.g. `Luật Bình đẳng giới`")
            .hint_vi("ghi vài chữ gọi tên trang, ví dụ `Luật Bình đẳng giới`"),
    );
    None
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Parses and checks the front matter of a page. `stem` is the file name without `.md`.
pub fn parse_page(
    text: &str,
    split: &Split,
    shown: &Path,
    stem: &str,
) -> Result<PageFront, Diagnostics> {
    let raw: RawPage = yaml::from_str(split.yaml, shown, split.yaml_line, PAGE_KEYS)
        .map_err(|d| Diagnostics::from_iter([with_source(d, text)]))?;
    let mut diags = Diagnostics::new();
    let title = non_empty(raw.title);
    if title.is_none() {
        diags.push(
            Diagnostic::error("front-matter", shown, "the page has no `title`")
                .vi("trang chưa có tiêu đề (`title`)")
                .at_in(text, split.yaml_line.saturating_sub(1).max(1), 1)
                .hint("add a line `title: …` to the front matter")
                .hint_vi("thêm một dòng `title: …` vào phần đầu trang (front matter)"),
        );
    }
    let date = date_value(raw.date, "date", text, split, shown, &mut diags);
    let updated = date_value(raw.updated, "updated", text, split, shown, &mut diags);
    let issued = date_value(raw.issued, "issued", text, split, shown, &mut diags);
    let effective = date_value(raw.effective, "effective", text, split, shown, &mut diags);
    let expires = date_value(raw.expires, "expires", text, split, shown, &mut diags);
    let kind = raw.kind.unwrap_or(Kind::Topic);
    let doc = if kind == Kind::Document {
        let number = non_empty(raw.number);
        if number.is_none() {
            let (line, _) = at_key(split, "kind");
            diags.push(
                Diagnostic::error(
                    "document",
                    shown,
                    "a document page needs its `number` (số hiệu)",
                )
                .vi("trang văn bản phải có số hiệu (`number`)")
                .at_in(text, line, 1)
                .hint("add e.g. `number: \"11-NQ/TW\"`")
                .hint_vi("thêm ví dụ `number: \"11-NQ/TW\"`"),
            );
        }
        let number = number.unwrap_or_default();
        let mut mentions: Vec<String> = raw
            .mentions
            .unwrap_or_default()
            .into_iter()
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        if !number.is_empty() && !mentions.contains(&number) {
            mentions.insert(0, number.clone());
        }
        Some(DocMeta {
            id: stem.to_string(),
            number,
            doc_type: non_empty(raw.doc_type).unwrap_or_default(),
            issuer: non_empty(raw.issuer).unwrap_or_default(),
            issued,
            effective,
            expires,
            amends: raw.amends.unwrap_or_default(),
            replaces: raw.replaces.unwrap_or_default(),
            mentions,
        })
    } else {
        // One parse of the key positions for all the keys (a parse per key was 4.5 % of a
        // 10,000-page build's time), and none when no such key can be there: a key's name is
        // in the text as written unless a double-quoted key escapes a letter of it.
        let may_hold = |key: &&str| split.yaml.contains(*key);
        let spans = if split.yaml.contains('\\') || DOCUMENT_ONLY.iter().any(may_hold) {
            yaml::Spans::of(split.yaml)
        } else {
            yaml::Spans::default()
        };
        for key in DOCUMENT_ONLY {
            if let Some((l, _)) = spans.value_at(key) {
                diags.push(
                    Diagnostic::error("front-matter", shown, format!("`{key}` is only for documents"))
                        .vi(format!("khóa `{key}` chỉ dùng cho trang văn bản"))
                        .at_in(text, l + split.yaml_line - 1, 1)
                        .hint("add `kind: document` if this page describes a policy document, or move the value under `extra:`")
                        .hint_vi("thêm `kind: document` nếu trang này giới thiệu một văn bản chính sách, hoặc chuyển giá trị này xuống dưới `extra:`"),
                );
            }
        }
        None
    };
    if let Some(slug) = &raw.slug {
        if crate::text::slugify(slug) != *slug {
            let (line, col) = at_key(split, "slug");
            diags.push(
                Diagnostic::error(
                    "front-matter",
                    shown,
                    format!("the slug `{slug}` is not a URL segment"),
                )
                .vi(format!(
                    "`slug` `{slug}` không dùng được làm một phần của địa chỉ trang"
                ))
                .at_in(text, line, col)
                .hint(format!(
                    "use lowercase ASCII letters, digits and dashes, e.g. `{}`",
                    crate::text::slugify(slug)
                ))
                .hint_vi(format!(
                    "chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ `{}`",
                    crate::text::slugify(slug)
                )),
            );
        }
    }
    if let Some(slug) = raw.slug.as_ref().filter(|s| s.len() > MAX_SLUG_BYTES) {
        let (line, col) = at_key(split, "slug");
        diags.push(
            Diagnostic::error(
                "front-matter",
                shown,
                format!(
                    "the slug is {} bytes long; the limit is {MAX_SLUG_BYTES}",
                    slug.len()
                ),
            )
            .vi(format!(
                "`slug` dài {} byte; tối đa là {MAX_SLUG_BYTES}",
                slug.len()
            ))
            .at_in(text, line, col)
            .hint(format!(
                "a few words are enough, e.g. `{}`",
                crate::text::url_slug(slug)
            ))
            .hint_vi(format!(
                "vài chữ là đủ, ví dụ `{}`",
                crate::text::url_slug(slug)
            )),
        );
    }
    let tags = clean_list(raw.tags);
    check_tags(&tags, text, shown, &mut diags);
    let short_title = raw.short_title.as_deref().and_then(|s| {
        let at = at_key(split, "short_title");
        check_short_title(s, (text, at), shown, &mut diags)
    });
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(PageFront {
        title: title.unwrap_or_default(),
        summary: non_empty(raw.summary),
        date,
        updated,
        kind,
        tags,
        audience: clean_list(raw.audience),
        documents: clean_list(raw.documents),
        weight: raw.weight.unwrap_or(0),
        draft: raw.draft.unwrap_or(false),
        slug: raw.slug,
        aliases: clean_list(raw.aliases),
        keywords: clean_list(raw.keywords),
        short_title,
        print: raw.print.unwrap_or(true),
        extra: yaml::to_json(&serde_yaml::Value::Mapping(raw.extra.unwrap_or_default())),
        doc,
    })
}

/// A tag whose slug is empty (`"!!!"`, `".."`, `"/"`) would be written over the page of all
/// tags, and several of them over each other.
fn check_tags(tags: &[String], text: &str, shown: &Path, diags: &mut Diagnostics) {
    for t in tags.iter().filter(|t| crate::text::slugify(t).is_empty()) {
        let (line, col) = super::load::front_position(text, "tags", t);
        diags.push(
            Diagnostic::error(
                "front-matter",
                shown,
                format!("the tag `{t}` has no letters or digits, so it gives no address"),
            )
            .vi(format!(
                "từ khóa `{t}` không có chữ cái hay chữ số nào nên không tạo được địa chỉ trang"
            ))
            .at_in(text, line, col)
            .hint("write the tag in words, or remove it")
            .hint_vi("viết từ khóa bằng chữ, hoặc xóa nó đi"),
        );
    }
}

fn clean_list(v: Option<Vec<String>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in v.unwrap_or_default() {
        let s = s.trim().to_string();
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn with_source(mut d: Diagnostic, text: &str) -> Diagnostic {
    if d.line > 0 {
        d.source_line = text.lines().nth(d.line - 1).map(str::to_string);
    }
    d
}

/// Parses and checks the front matter of a section's `_index.md`.
pub fn parse_section(text: &str, split: &Split, shown: &Path) -> Result<SectionFront, Diagnostics> {
    let raw: RawSection = yaml::from_str(split.yaml, shown, split.yaml_line, SECTION_KEYS)
        .map_err(|d| Diagnostics::from_iter([with_source(d, text)]))?;
    Ok(SectionFront {
        title: non_empty(raw.title),
        summary: non_empty(raw.summary),
        weight: raw.weight.unwrap_or(0),
        sort_by: raw.sort_by.unwrap_or_default(),
        keywords: clean_list(raw.keywords),
        extra: yaml::to_json(&serde_yaml::Value::Mapping(raw.extra.unwrap_or_default())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Result<PageFront, Diagnostics> {
        let shown = Path::new("content/a.md");
        let s = split(text, shown).map_err(|d| Diagnostics::from_iter([d]))?;
        parse_page(text, &s, shown, "a")
    }

    fn first_error(text: &str) -> Diagnostic {
        page(text).unwrap_err().sorted().remove(0)
    }

    #[test]
    fn splits_and_parses() {
        let p =
            page("---\ntitle: Bình đẳng giới\ntags: [gia đình]\ndate: 2022-11-22\n---\nXin chào\n")
                .unwrap();
        assert_eq!(p.title, "Bình đẳng giới");
        assert_eq!(p.tags, ["gia đình"]);
        assert_eq!(p.date.unwrap().to_string(), "2022-11-22");
        assert_eq!(p.kind, Kind::Topic);
    }

    #[test]
    fn day_first_date_rejected_with_hint() {
        let d = first_error("---\ntitle: X\ndate: 22/11/2022\n---\n");
        assert_eq!((d.line, d.col), (3, 7));
        assert!(d.hint.unwrap().contains("2022-11-22"));
    }

    #[test]
    fn unclosed_front_matter() {
        let d = first_error("---\ntitle: X\nbody text\n");
        assert!(d.message.contains("never closed"));
        assert_eq!(d.line, 1);
    }

    #[test]
    fn unknown_key_in_page() {
        let d = first_error("---\ntittle: X\n---\n");
        assert_eq!((d.line, d.col), (2, 1));
        assert_eq!(d.source_line.as_deref(), Some("tittle: X"));
    }

    #[test]
    fn document_needs_number_and_gets_mentions() {
        let d = first_error("---\ntitle: X\nkind: document\n---\n");
        assert!(d.message.contains("number"));
        let p = page(
            "---\ntitle: X\nkind: document\nnumber: 11-NQ/TW\nmentions: [Nghị quyết 11]\n---\n",
        )
        .unwrap();
        assert_eq!(p.doc.unwrap().mentions, ["11-NQ/TW", "Nghị quyết 11"]);
    }

    #[test]
    fn document_keys_on_topic_rejected() {
        let d = first_error("---\ntitle: X\nnumber: 1\n---\n");
        assert!(d.message.contains("only for documents"));
        // Written with an escape, in a flow mapping, after a value that names another key.
        for (yaml, line) in [
            ("title: X\n\"iss\\u0075er\": Bộ\n", 3),
            ("title: X\nextra: {a: 1}\n? issued\n: 2020-01-01\n", 5),
            ("title: number and issuer\n\nexpires: 2030-01-01\n", 4),
        ] {
            let d = first_error(&format!("---\n{yaml}---\n"));
            assert!(d.message.contains("only for documents"), "{yaml:?}: {d}");
            assert_eq!(d.line, line, "{yaml:?}");
        }
        assert!(page("---\ntitle: Số 11 và người ban hành\n---\n").is_ok());
    }
}
