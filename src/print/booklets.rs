//! `booklets/<id>.yaml`: reading and checking booklet definitions and resolving their page
//! selections (paths, whole sections, tags) against the site, in reading order.

use crate::content::{front_position, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::text::slugify;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBooklet {
    title: String,
    subtitle: Option<String>,
    issuer: Option<String>,
    year: Option<i32>,
    purpose: Option<String>,
    cover: Option<String>,
    format: String,
    pages: Vec<RawItem>,
    parent: Option<String>,
    internal: Option<bool>,
    place: Option<String>,
    colophon: Option<RawColophon>,
    /// Quizzes: `end` (default), `none` or `sheet` (DESIGN §12).
    answer_key: Option<String>,
    /// Leaflets: the `##` parts on each content panel (DESIGN §12).
    panels: Option<Vec<RawPanel>>,
    /// Print-shop mode (DESIGN §12): `{ bleed: 3mm, marks: true }`.
    print: Option<RawPrint>,
    /// The running head of left-hand pages instead of the title.
    short_title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrint {
    bleed: Option<RawLength>,
    marks: Option<bool>,
}

/// A length in millimetres: `3mm`, `3 mm` or `3`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawLength {
    Number(f64),
    Text(String),
}

/// One panel of `panels:`: a part id, or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawPanel {
    One(String),
    Many(Vec<String>),
}

/// `colophon:` (DESIGN §12): printed only when given, line by line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColophon {
    responsible: Option<String>,
    compiled_by: Option<String>,
    print_run: Option<u32>,
    size: Option<String>,
    printer: Option<String>,
}

const BOOKLET_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "issuer",
    "year",
    "purpose",
    "cover",
    "format",
    "pages",
    "answer_key",
    "panels",
    "short_title",
    "print",
    "bleed",
    "marks",
    "parent",
    "internal",
    "place",
    "colophon",
    "responsible",
    "compiled_by",
    "print_run",
    "size",
    "printer",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    page: Option<String>,
    section: Option<String>,
    tag: Option<String>,
}

/// A checked booklet definition with its chapters resolved.
#[derive(Debug, Clone)]
pub struct BookletDef {
    pub id: String,
    /// `booklets/<id>.yaml`, for messages.
    pub source: PathBuf,
    pub title: String,
    pub subtitle: Option<String>,
    pub issuer: Option<String>,
    pub year: Option<i32>,
    pub purpose: Option<String>,
    /// Absolute path of the cover image.
    pub cover: Option<PathBuf>,
    pub format: loa_print::Format,
    /// What follows the last chapter when the pages have quiz questions.
    pub answer_key: loa_print::AnswerKey,
    /// Parent body, "internal" line, place and colophon (the hotlines come from loa.yaml).
    pub imprint: loa_print::Imprint,
    /// Page indices in reading order, each once.
    pub chapters: Vec<usize>,
    /// A leaflet's `panels:`, checked against the pages' parts once they are rendered.
    pub panels: Option<super::panels::PanelSpec>,
    /// Print-shop mode (`print:`).
    pub print_shop: Option<loa_print::PrintShop>,
    /// `short_title:`: the running head of left-hand pages.
    pub short_title: Option<String>,
    /// The line of `title:` in the booklet file, for the cover title's warnings.
    pub title_line: usize,
}

/// Reads every `booklets/*.yaml` of the site; problems are collected, not fatal.
pub fn load(site: &Site) -> (Vec<BookletDef>, Diagnostics) {
    let dir = site.root.join("booklets");
    let mut diags = Diagnostics::new();
    let mut defs = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (defs, diags);
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    files.sort();
    for path in files {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let shown = Path::new("booklets").join(path.file_name().unwrap_or_default());
        match load_one(site, &path, &shown, &id) {
            Ok(d) => defs.push(d),
            Err(d) => diags.extend(d),
        }
    }
    (defs, diags)
}

fn load_one(site: &Site, path: &Path, shown: &Path, id: &str) -> Result<BookletDef, Diagnostics> {
    let one = |d: Diagnostic| Diagnostics::from_iter([d]);
    let text = crate::content::read_text(path, shown).map_err(one)?;
    let raw: RawBooklet =
        crate::yaml::from_str(&text, shown, 1, BOOKLET_KEYS).map_err(|mut d| {
            if d.line > 0 {
                d.source_line = text.lines().nth(d.line - 1).map(str::to_string);
            }
            one(d)
        })?;
    let mut diags = Diagnostics::new();
    let at = |key: &str, needle: &str| front_position(&text, key, needle);
    let spans = crate::yaml::Spans::of(&text);
    // The item's own line: the same page may be named twice, and a broken item need not be first.
    let item_at = |i: usize, key: &str| spans.text_at(&format!("pages.{i}.{key}"));
    let format = match loa_print::Format::from_name(raw.format.trim()) {
        Some(f) => Some(f),
        None => {
            let (l, c) = at("format", &raw.format);
            diags.push(
                Diagnostic::error("booklet", shown, format!("unknown format `{}`", raw.format))
                    .vi(format!("không có khổ in `{}`", raw.format))
                    .at_in(&text, l, c)
                    .hint("use `a5-booklet`, `a4` or `a4-trifold`")
                    .hint_vi(
                        "dùng `a5-booklet` (sổ tay A5), `a4` hoặc `a4-trifold` (tờ gấp ba A4)",
                    ),
            );
            None
        }
    };
    let answer_key = match raw.answer_key.as_deref().map(str::trim) {
        None => loa_print::AnswerKey::End,
        Some(name) => loa_print::AnswerKey::from_name(name).unwrap_or_else(|| {
            let (l, c) = at("answer_key", name);
            diags.push(
                Diagnostic::error("booklet", shown, format!("unknown answer_key `{name}`"))
                    .vi(format!("không có cách in đáp án `{name}` (answer_key)"))
                    .at_in(&text, l, c)
                    .hint("use `end` (the answers on a page at the end), `none` (no answers) or `sheet` (a contest answer form)")
                    .hint_vi("dùng `end` (in đáp án ở trang cuối), `none` (không in đáp án) hoặc `sheet` (in phiếu trả lời cho hội thi)"),
            );
            loa_print::AnswerKey::End
        }),
    };
    let cover = raw.cover.as_ref().and_then(|c| {
        let p = site.root.join(c);
        // Only a file of the site: the cover is copied into the output and into the PDF.
        let inside = p.canonicalize().ok().zip(site.root.canonicalize().ok());
        if p.is_file() && inside.is_some_and(|(p, root)| p.starts_with(root)) {
            Some(p)
        } else if p.is_file() {
            let (l, col) = at("cover", c);
            diags.push(
                Diagnostic::error("booklet", shown, format!("the cover image `{c}` is outside the site folder"))
                    .vi(format!("ảnh bìa `{c}` nằm ngoài thư mục trang web"))
                    .at_in(&text, l, col)
                    .hint("copy the image into the site, e.g. into `content/binh-dang-gioi/hinh/`")
                    .hint_vi("chép ảnh vào trong thư mục trang web, ví dụ vào `content/binh-dang-gioi/hinh/`"),
            );
            None
        } else {
            let (l, col) = at("cover", c);
            diags.push(
                Diagnostic::error("booklet", shown, format!("the cover image `{c}` does not exist"))
                    .vi(format!("không có ảnh bìa `{c}`"))
                    .at_in(&text, l, col)
                    .hint("give the path from the site folder, e.g. `content/binh-dang-gioi/hinh/bia.svg`")
                    .hint_vi("ghi đường dẫn tính từ thư mục trang web, ví dụ `content/binh-dang-gioi/hinh/bia.svg`"),
            );
            None
        }
    });
    let mut chapters: Vec<usize> = Vec::new();
    let add = |i: usize, chapters: &mut Vec<usize>| {
        if !chapters.contains(&i) {
            chapters.push(i);
        }
    };
    for (i, item) in raw.pages.iter().enumerate() {
        match (&item.page, &item.section, &item.tag) {
            (Some(p), None, None) => match site.by_rel.get(p.trim_start_matches("content/")) {
                Some(&i) if site.pages[i].print => add(i, &mut chapters),
                Some(_) => {
                    let (l, c) = item_at(i, "page").unwrap_or_else(|| at("pages", p));
                    diags.push(
                        Diagnostic::error("booklet", shown, format!("the page `{p}` has `print: false`"))
                            .vi(format!("trang `{p}` có `print: false` (không đưa vào bản in)"))
                            .at_in(&text, l, c)
                            .hint("remove it from the booklet, or remove `print: false` from the page")
                            .hint_vi("bỏ trang này khỏi tài liệu in, hoặc xóa dòng `print: false` trong trang"),
                    );
                }
                None => {
                    let (l, c) = item_at(i, "page").unwrap_or_else(|| at("pages", p));
                    let mut d = Diagnostic::error(
                        "booklet",
                        shown,
                        format!("there is no page `content/{p}`"),
                    )
                    .vi(format!("không có trang `content/{p}`"))
                    .at_in(&text, l, c);
                    d = match crate::diagnostic::did_you_mean(p, site.by_rel.keys().map(String::as_str)) {
                        Some(s) => d.hint(format!("did you mean `{s}`? Pages are named by their path inside content/"))
                            .hint_vi(format!("có phải ý bạn là `{s}`? Mỗi trang được ghi bằng đường dẫn của nó bên trong content/")),
                        None => d.hint("pages are named by their path inside content/, e.g. `binh-dang-gioi/gioi-va-gioi-tinh.md`")
                            .hint_vi("mỗi trang được ghi bằng đường dẫn của nó bên trong content/, ví dụ `binh-dang-gioi/gioi-va-gioi-tinh.md`"),
                    };
                    diags.push(d);
                }
            },
            (None, Some(s), None) => {
                let rel = s.trim_matches('/');
                let picked: Vec<usize> = match site.section_by_rel(rel) {
                    Some(sec) => site.sections[sec]
                        .pages
                        .iter()
                        .copied()
                        .filter(|&i| site.pages[i].print)
                        .collect(),
                    None => Vec::new(),
                };
                if picked.is_empty() {
                    let (l, c) = item_at(i, "section").unwrap_or_else(|| at("pages", s));
                    diags.push(
                        Diagnostic::error(
                            "booklet",
                            shown,
                            format!("the section `{s}` has no printable pages"),
                        )
                        .vi(format!("mục `{s}` không có trang nào in được"))
                        .at_in(&text, l, c)
                        .hint("name a folder of content/ that holds pages, e.g. `binh-dang-gioi`")
                        .hint_vi("ghi tên một thư mục trong content/ có chứa trang, ví dụ `binh-dang-gioi`"),
                    );
                }
                for i in picked {
                    add(i, &mut chapters);
                }
            }
            (None, None, Some(t)) => {
                let slug = slugify(t);
                let picked: Vec<usize> = site
                    .pages
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.print && p.tags.iter().any(|x| slugify(x) == slug))
                    .map(|(i, _)| i)
                    .collect();
                if picked.is_empty() {
                    let (l, c) = item_at(i, "tag").unwrap_or_else(|| at("pages", t));
                    diags.push(
                        Diagnostic::error(
                            "booklet",
                            shown,
                            format!("no printable page has the tag `{t}`"),
                        )
                        .vi(format!("không có trang in được nào mang thẻ `{t}`"))
                        .at_in(&text, l, c)
                        .hint("check the spelling of the tag, or name the pages one by one")
                        .hint_vi("kiểm tra lại chính tả của thẻ, hoặc ghi từng trang một"),
                    );
                }
                for i in picked {
                    add(i, &mut chapters);
                }
            }
            _ => {
                let l = spans
                    .value_at(&format!("pages.{i}"))
                    .map_or_else(|| at("pages", "pages").0, |(l, _)| l);
                diags.push(
                    Diagnostic::error(
                        "booklet",
                        shown,
                        "each item of `pages` needs exactly one of `page:`, `section:` or `tag:`",
                    )
                    .vi("mỗi mục của `pages` phải có đúng một trong ba khóa `page:`, `section:` hoặc `tag:`")
                    .at_in(&text, l, 1)
                    .hint("write e.g. `- page: binh-dang-gioi/gioi-va-gioi-tinh.md`")
                    .hint_vi("viết ví dụ `- page: binh-dang-gioi/gioi-va-gioi-tinh.md`"),
                );
            }
        }
    }
    if raw.pages.is_empty() {
        let (l, c) = at("pages", "pages");
        diags.push(
            Diagnostic::error("booklet", shown, "the booklet has no pages")
                .vi("tài liệu in chưa có trang nào")
                .at_in(&text, l, c)
                .hint("list its pages under `pages:`")
                .hint_vi("liệt kê các trang của nó dưới `pages:`"),
        );
    }
    let imprint = imprint(&raw, &text, shown, &mut diags);
    let panels = raw.panels.as_ref().map(|list| {
        let written = list
            .iter()
            .map(|p| match p {
                RawPanel::One(id) => vec![id.clone()],
                RawPanel::Many(ids) => ids.clone(),
            })
            .collect();
        super::panels::PanelSpec::read(written, format, &text, shown)
    });
    let print_shop = raw
        .print
        .as_ref()
        .map(|p| print_shop(p, &text, shown, &mut diags));
    let short_title = raw.short_title.as_deref().and_then(|s| {
        let at = value_position(&text, "short_title");
        crate::content::check_short_title(s, (&text, at), shown, &mut diags)
    });
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(BookletDef {
        id: id.to_string(),
        source: shown.to_path_buf(),
        title: raw.title,
        subtitle: raw.subtitle,
        issuer: raw.issuer,
        year: raw.year,
        purpose: raw.purpose,
        cover,
        format: format.unwrap_or(loa_print::Format::A5Booklet),
        answer_key,
        imprint,
        chapters,
        panels,
        print_shop,
        short_title,
        title_line: value_position(&text, "title").0,
    })
}

/// Most bleed a booklet file may ask for, in millimetres (print shops ask for 2 to 5).
const MAX_BLEED_MM: f64 = 5.0;

/// `print: { bleed, marks }`: the bleed defaults to 3 mm, the marks to on.
fn print_shop(
    raw: &RawPrint,
    text: &str,
    shown: &Path,
    diags: &mut Diagnostics,
) -> loa_print::PrintShop {
    let bleed = match &raw.bleed {
        None => Some(loa_print::PrintShop::default().bleed_mm),
        Some(RawLength::Number(n)) => Some(*n),
        Some(RawLength::Text(t)) => {
            let t = t.trim();
            t.strip_suffix("mm")
                .unwrap_or(t)
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .ok()
        }
    };
    let bleed_mm = match bleed {
        Some(b) if (0.0..=MAX_BLEED_MM).contains(&b) => b,
        _ => {
            let (l, c) = value_position(text, "bleed");
            diags.push(
                Diagnostic::error(
                    "booklet",
                    shown,
                    "`bleed` must be a length from 0 to 5 mm, like `3mm`",
                )
                .vi("`bleed` (lề xén) phải là một độ dài từ 0 đến 5 mm, ví dụ `3mm`")
                .at_in(text, l, c)
                .hint("print shops usually ask for `bleed: 3mm`")
                .hint_vi("nhà in thường yêu cầu `bleed: 3mm`"),
            );
            loa_print::PrintShop::default().bleed_mm
        }
    };
    loa_print::PrintShop {
        bleed_mm,
        marks: raw.marks.unwrap_or(loa_print::PrintShop::default().marks),
    }
}

/// The official lines of the booklet; a key given but left empty is an error where it stands
/// (an empty line would print as a gap on the cover).
fn imprint(
    raw: &RawBooklet,
    text: &str,
    shown: &Path,
    diags: &mut Diagnostics,
) -> loa_print::Imprint {
    let mut given = |key: &str, value: &Option<String>| -> Option<String> {
        let v = value.as_deref()?.trim();
        if v.is_empty() {
            let (l, c) = value_position(text, key);
            diags.push(
                Diagnostic::error("booklet", shown, format!("`{key}` is empty"))
                    .vi(format!("`{key}` đang để trống"))
                    .at_in(text, l, c)
                    .hint("write the text to print, or remove the key")
                    .hint_vi("ghi nội dung cần in, hoặc xóa khóa này"),
            );
            return None;
        }
        Some(v.to_string())
    };
    let c = raw.colophon.as_ref();
    let none = None;
    let colophon = loa_print::Colophon {
        responsible: given("responsible", c.map_or(&none, |c| &c.responsible)),
        compiled_by: given("compiled_by", c.map_or(&none, |c| &c.compiled_by)),
        print_run: c.and_then(|c| c.print_run),
        size: given("size", c.map_or(&none, |c| &c.size)),
        printer: given("printer", c.map_or(&none, |c| &c.printer)),
    };
    loa_print::Imprint {
        parent: given("parent", &raw.parent),
        internal: raw.internal.unwrap_or(true),
        place: given("place", &raw.place),
        colophon,
        help: Vec::new(),
    }
}

/// Line and column (1-based, in characters) of the value of `key:` at any depth (the first
/// one: each key name occurs once in a booklet file), or of the file's start.
fn value_position(text: &str, key: &str) -> (usize, usize) {
    let prefix = format!("{key}:");
    text.lines()
        .enumerate()
        .find_map(|(i, l)| {
            let indent = l.chars().take_while(|c| *c == ' ').count();
            let rest = l.trim_start().strip_prefix(&prefix)?;
            let spaces = rest.chars().take_while(|c| *c == ' ').count();
            Some((i + 1, indent + prefix.chars().count() + spaces + 1))
        })
        .unwrap_or((1, 1))
}
