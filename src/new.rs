//! `loa new <section>/<title>`: a new page with its Vietnamese slug, today's date and every
//! front-matter key already written, each with a comment in the site's language saying what it is
//! for, so an editor fills in a form instead of remembering key names.
//!
//! The spec is split at its last `/` unless a longer prefix names an existing folder, so a title
//! may itself contain slashes (`van-ban/Thông tư 131/2021/TT-BQP`). Folders that do not exist yet
//! are created with an `_index.md`, titled with what the editor typed (`Bình đẳng giới/…` makes
//! `binh-dang-gioi/` titled "Bình đẳng giới"). An existing file is never overwritten.

// `Diagnostic` is the error type of every phase; boxing it here alone would buy nothing.
#![allow(clippy::result_large_err)]

use crate::config::{Config, CONFIG_FILE};
use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::text::{slugify, url_slug, Date, Lang};
use std::path::{Path, PathBuf};

/// What to create.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// The site folder (with `loa.yaml`).
    pub root: PathBuf,
    /// `<section>/<title>`, or just `<title>` for a page at the top of `content/`.
    pub spec: String,
    pub kind: Kind,
    /// The page's `date:` (pass [`Date::today`]).
    pub today: Date,
    /// Language of the comments and messages; `None` follows `loa.yaml`.
    pub lang: Option<Lang>,
}

/// The files written, relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub page: PathBuf,
    /// `_index.md` files of the folders that had to be created, outermost first.
    pub sections: Vec<PathBuf>,
    pub lang: Lang,
}

impl Created {
    /// What to tell the editor.
    pub fn message(&self) -> String {
        let mut out = String::new();
        for s in &self.sections {
            out.push_str(&match self.lang {
                Lang::Vi => format!("Đã tạo mục mới: {}\n", s.display()),
                Lang::En => format!("Created a new section: {}\n", s.display()),
            });
        }
        out.push_str(&match self.lang {
            Lang::Vi => format!("Đã tạo trang: {}\nMở tệp, điền các mục ở đầu tệp rồi viết nội dung bên dưới.\n", self.page.display()),
            Lang::En => format!("Created: {}\nOpen it, fill in the keys at the top and write the text below them.\n", self.page.display()),
        });
        out
    }
}

/// Creates the page (and any missing section folders). Never overwrites a file.
pub fn new_page(opts: &NewOptions) -> Result<Created, Diagnostic> {
    let config_path = opts.root.join(CONFIG_FILE);
    if !config_path.is_file() {
        return Err(Diagnostic::error("new", CONFIG_FILE, "there is no loa.yaml here")
            .vi("không thấy tệp loa.yaml")
            .hint("run the command in the site folder (the one with loa.yaml), or name it with --root")
            .hint_vi("chạy lệnh trong thư mục của trang web (thư mục có loa.yaml), hoặc chỉ ra thư mục đó bằng --root"));
    }
    let lang = opts
        .lang
        .or_else(|| Config::load(&opts.root).ok().map(|c| c.language))
        .unwrap_or_default();
    let content = opts.root.join("content");
    check_spec(&opts.spec)?;
    let (folders, title) = split_spec(&content, &opts.spec);
    let title = title.trim();
    let slug = url_slug(title.strip_suffix(".md").unwrap_or(title));
    let page_rel: PathBuf = std::iter::once("content".to_string())
        .chain(folders.iter().map(|f| f.name.clone()))
        .collect();
    let page_rel = page_rel.join(format!("{slug}.md"));
    if slug.is_empty() {
        return Err(
            Diagnostic::error("new", &page_rel, "the title is empty or has no letters")
                .vi("tiêu đề trống hoặc không có chữ nào")
                .hint("for example: loa new \"section/The title\"")
                .hint_vi("viết ví dụ: loa new \"binh-dang-gioi/Vai trò của nam giới\""),
        );
    }
    let page_path = opts.root.join(&page_rel);
    if page_path.with_extension("").is_dir() {
        return Err(Diagnostic::error(
            "new",
            &page_rel,
            format!(
                "the page would get the address of the folder {}",
                page_rel.with_extension("").display()
            ),
        )
        .vi(format!(
            "trang mới sẽ trùng địa chỉ với thư mục {}",
            page_rel.with_extension("").display()
        ))
        .hint("to add a page inside that folder, write: loa new \"folder/Title of the page\"")
        .hint_vi("muốn thêm trang vào thư mục đó, viết: loa new \"thu-muc/Tiêu đề trang\""));
    }
    if page_path.exists() {
        return Err(Diagnostic::error(
            "new",
            &page_rel,
            format!(
                "{} already exists: loa does not overwrite a page",
                page_rel.display()
            ),
        )
        .vi(format!(
            "đã có trang {}: loa không ghi đè lên trang có sẵn",
            page_rel.display()
        ))
        .hint("open the existing page to edit it, or choose another title")
        .hint_vi("mở trang có sẵn để sửa, hoặc chọn một tiêu đề khác"));
    }
    let text = match opts.kind {
        Kind::Document => document_text(title, opts.today, lang),
        kind => topic_text(title, kind, opts.today, lang),
    };
    reads_back(&text, title, &page_rel)?;
    let mut sections = Vec::new();
    let mut dir = content.clone();
    let mut dir_rel = PathBuf::from("content");
    for f in &folders {
        dir.push(&f.name);
        dir_rel.push(&f.name);
        if dir.is_dir() {
            continue;
        }
        std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir_rel, &e))?;
        let index_rel = dir_rel.join("_index.md");
        reads_back(&section_text(&f.title, lang), &f.title, &index_rel)?;
        write_new(
            &opts.root.join(&index_rel),
            &section_text(&f.title, lang),
            &index_rel,
        )?;
        sections.push(index_rel);
    }
    write_new(&page_path, &text, &page_rel)?;
    Ok(Created {
        page: page_rel,
        sections,
        lang,
    })
}

/// Refuses what cannot make a page inside `content/`: control characters (a line break in a
/// title would end the front matter early), `.`/`..` segments, absolute paths, a missing title.
fn check_spec(spec: &str) -> Result<(), Diagnostic> {
    let refuse = |en: String, vi: String| {
        Err(Diagnostic::error("new", "content", en)
            .vi(vi)
            .hint("for example: loa new \"section/The title\"")
            .hint_vi("viết ví dụ: loa new \"binh-dang-gioi/Vai trò của nam giới\""))
    };
    if let Some(c) = spec.chars().find(|c| c.is_control()) {
        return refuse(
            format!(
                "the title contains the control character U+{:04X} (a line break, a tab…)",
                c as u32
            ),
            format!(
                "tiêu đề có ký tự điều khiển U+{:04X} (xuống dòng, tab…)",
                c as u32
            ),
        );
    }
    let trimmed = spec.trim();
    if trimmed.starts_with(['/', '\\']) {
        return refuse(
            format!("`{trimmed}` is not a path inside content/"),
            format!("`{trimmed}` không phải một đường dẫn trong content/"),
        );
    }
    if trimmed
        .split(['/', '\\'])
        .any(|seg| matches!(seg.trim(), "." | ".."))
    {
        return refuse(
            format!("`{trimmed}` leaves the content/ folder"),
            format!("`{trimmed}` đi ra ngoài thư mục content/"),
        );
    }
    if trimmed.ends_with('/') || trimmed.is_empty() {
        return refuse(
            format!("`{trimmed}` names a folder but no title"),
            format!("`{trimmed}` chỉ có tên thư mục, chưa có tiêu đề"),
        );
    }
    Ok(())
}

/// Parses a file loa is about to write, so that what it writes is what the next build reads:
/// the front matter closes where it should and gives back the title as typed.
fn reads_back(text: &str, title: &str, shown: &Path) -> Result<(), Diagnostic> {
    let split = crate::content::split(text, shown)?;
    let yaml: serde_yaml::Value = crate::yaml::from_str(split.yaml, shown, split.yaml_line, &[])?;
    let back = yaml.get("title").and_then(|t| t.as_str());
    if back == Some(title) {
        return Ok(());
    }
    Err(Diagnostic::error(
        "new",
        shown,
        format!("the title `{title}` does not survive being written into the front matter"),
    )
    .vi(format!(
        "tiêu đề `{title}` không ghi được nguyên vẹn vào phần đầu trang"
    ))
    .hint("remove unusual characters from the title")
    .hint_vi("bỏ các ký tự lạ khỏi tiêu đề"))
}

/// One folder of the spec: its name on disk and the title its `_index.md` gets if created.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Folder {
    name: String,
    title: String,
}

/// Splits the spec into folders and the title: the longest prefix naming existing folders, else
/// everything before the last `/`.
fn split_spec(content: &Path, spec: &str) -> (Vec<Folder>, String) {
    let spec = spec.trim().trim_matches('/');
    let spec = spec.strip_prefix("content/").unwrap_or(spec);
    let parts: Vec<&str> = spec.split('/').map(str::trim).collect();
    let folder = |seg: &str| -> Folder {
        // A segment typed as a folder name is used as is; typed as words, it is slugified.
        let name = if content.join(seg).is_dir() || seg == slugify(seg) {
            seg.to_string()
        } else {
            url_slug(seg)
        };
        let title = if seg == name {
            title_from_name(seg)
        } else {
            seg.to_string()
        };
        Folder { name, title }
    };
    let existing = (1..parts.len()).rev().find(|&k| {
        let mut p = content.to_path_buf();
        parts[..k].iter().all(|seg| {
            p.push(folder(seg).name);
            p.is_dir()
        })
    });
    let k = existing.unwrap_or(parts.len().saturating_sub(1));
    let folders = parts[..k]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| folder(s))
        .filter(|f| !f.name.is_empty())
        .collect();
    (folders, parts[k..].join("/"))
}

fn title_from_name(name: &str) -> String {
    let t = name.replace(['-', '_'], " ");
    let mut c = t.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn write_new(path: &Path, text: &str, shown: &Path) -> Result<(), Diagnostic> {
    use std::io::Write;
    // `create_new` makes the no-overwrite promise hold even against a race.
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| io_error(shown, &e))?;
    f.write_all(text.as_bytes())
        .map_err(|e| io_error(shown, &e))
}

fn io_error(shown: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "new",
        shown,
        format!("cannot write {}: {e}", shown.display()),
    )
    .vi(format!("không ghi được {}: {e}", shown.display()))
}

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn section_text(title: &str, lang: Lang) -> String {
    let (t, w) = match lang {
        Lang::Vi => (
            "Tên của mục, hiện trên trình đơn và ở đầu danh sách bài. Viết có dấu.",
            "Thứ tự của mục: số nhỏ đứng trước.",
        ),
        Lang::En => (
            "The section's name, shown in menus and above its list of pages.",
            "Order among sections: smaller numbers come first.",
        ),
    };
    format!(
        "---\n# {t}\ntitle: {}\n# {w}\nweight: 0\n---\n",
        quoted(title)
    )
}

fn topic_text(title: &str, kind: Kind, today: Date, lang: Lang) -> String {
    let c = match lang {
        Lang::Vi => [
            "Tiêu đề của trang (bắt buộc).",
            "Một hai câu giới thiệu trang, hiện trong danh sách bài và kết quả tìm kiếm.",
            "Ngày đăng, viết năm-tháng-ngày.",
            "Loại trang: topic (chủ đề), news (tin tức), guide (hướng dẫn), campaign (chiến dịch), document (văn bản).",
            "Từ khóa, cách nhau bằng dấu phẩy, ví dụ: [gia đình, bình đẳng giới]",
            "Trang dành cho ai, ví dụ: [cán bộ, hội viên phụ nữ]",
            "Các văn bản trang này dựa vào: tên tệp của văn bản, không có .md, ví dụ: [nq-11-nq-tw]",
            "Thứ tự trong mục: số nhỏ đứng trước.",
            "true: bản nháp, chưa đưa lên trang web.",
            "Viết nội dung dưới đây. Đề mục: ## Tên đề mục. Liên kết tới trang khác: [chữ hiện ra](../ten-muc/ten-trang.md).\n     Ảnh: ![mô tả ảnh cho người không nhìn thấy](hinh/ten-anh.png). Dòng này không hiện trên trang.",
        ],
        Lang::En => [
            "The page title (required).",
            "One or two sentences about the page, shown in lists and search results.",
            "Publication date, year-month-day.",
            "What the page is: topic, news, guide, campaign, document.",
            "Tags, separated by commas, e.g. [family, gender equality]",
            "Who it is for, e.g. [officers, members]",
            "The documents this page relies on: their file names without .md, e.g. [nq-11-nq-tw]",
            "Order inside the section: smaller numbers come first.",
            "true: a draft, left out of the site.",
            "Write the text below. Headings: ## Heading. Links to other pages: [shown text](../section/page.md).\n     Images: ![what the image shows](images/name.png). This line is not shown on the page.",
        ],
    };
    format!(
        "---\n# {}\ntitle: {}\n# {}\nsummary: \"\"\n# {}\ndate: {today}\n# {}\nkind: {}\n# {}\ntags: []\n# {}\naudience: []\n# {}\ndocuments: []\n# {}\nweight: 0\n# {}\ndraft: false\n---\n\n<!-- {} -->\n\n",
        c[0],
        quoted(title),
        c[1],
        c[2],
        c[3],
        kind.as_str(),
        c[4],
        c[5],
        c[6],
        c[7],
        c[8],
        c[9]
    )
}

fn document_text(title: &str, today: Date, lang: Lang) -> String {
    let c = match lang {
        Lang::Vi => [
            "Tên đầy đủ của văn bản (bắt buộc).",
            "Trang này mô tả một văn bản (nghị quyết, luật, thông tư…).",
            "Số hiệu (bắt buộc, không trùng với văn bản khác), ví dụ: \"11-NQ/TW\".",
            "Loại văn bản: Nghị quyết, Chỉ thị, Thông tư, Luật, Nghị định, Quyết định, Kết luận.",
            "Cơ quan ban hành, ví dụ: \"Bộ Chính trị\".",
            "Ngày ban hành, viết năm-tháng-ngày, ví dụ: 2007-04-27.",
            "Ngày có hiệu lực (nếu có), năm-tháng-ngày.",
            "Ngày hết hiệu lực (nếu có), năm-tháng-ngày.",
            "Các văn bản mà văn bản này sửa đổi: tên tệp không có .md, ví dụ: [tt-131-2021-tt-bqp]",
            "Các văn bản mà văn bản này thay thế: tên tệp không có .md.",
            "Các cách bài viết hay nhắc tới văn bản, để loa tự tạo liên kết, ví dụ: [\"Nghị quyết 11\", \"NQ 11\"]",
            "Một hai câu tóm tắt nội dung văn bản.",
            "Ngày đăng trang này, năm-tháng-ngày.",
            "Từ khóa, ví dụ: [công tác phụ nữ]",
            "Viết dưới đây những điểm chính của văn bản. Dòng này không hiện trên trang.",
        ],
        Lang::En => [
            "The document's full title (required).",
            "This page describes a policy document (resolution, law, circular…).",
            "Its number (required, unique), e.g. \"11-NQ/TW\".",
            "Type: Nghị quyết, Chỉ thị, Thông tư, Luật, Nghị định, Quyết định, Kết luận.",
            "Issued by, e.g. \"Bộ Chính trị\".",
            "Date issued, year-month-day, e.g. 2007-04-27.",
            "Date it takes effect (optional), year-month-day.",
            "Date it expires (optional), year-month-day.",
            "Documents it amends: their file names without .md, e.g. [tt-131-2021-tt-bqp]",
            "Documents it replaces: their file names without .md.",
            "How texts cite it, so loa links the mentions, e.g. [\"Nghị quyết 11\", \"NQ 11\"]",
            "One or two sentences on what it says.",
            "Date this page was published, year-month-day.",
            "Tags, e.g. [women's affairs]",
            "Write the document's main points below. This line is not shown on the page.",
        ],
    };
    format!(
        "---\n# {}\ntitle: {}\n# {}\nkind: document\n# {}\nnumber: \"\"\n# {}\ndoc_type: \"\"\n# {}\nissuer: \"\"\n# {}\nissued:\n# {}\neffective:\n# {}\nexpires:\n# {}\namends: []\n# {}\nreplaces: []\n# {}\nmentions: []\n# {}\nsummary: \"\"\n# {}\ndate: {today}\n# {}\ntags: []\n---\n\n<!-- {} -->\n\n",
        c[0],
        quoted(title),
        c[1],
        c[2],
        c[3],
        c[4],
        c[5],
        c[6],
        c[7],
        c[8],
        c[9],
        c[10],
        c[11],
        c[12],
        c[13],
        c[14]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("loa-new-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content/binh-dang-gioi")).unwrap();
        std::fs::write(dir.join("loa.yaml"), "title: Thử\nlanguage: vi\n").unwrap();
        dir
    }

    #[test]
    fn spec_prefers_existing_folders() {
        let dir = site("spec");
        let content = dir.join("content");
        let (f, t) = split_spec(&content, "binh-dang-gioi/Thông tư 131/2021/TT-BQP");
        assert_eq!(
            f.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["binh-dang-gioi"]
        );
        assert_eq!(t, "Thông tư 131/2021/TT-BQP");
        let (f, t) = split_spec(&content, "Bình đẳng giới/Vai trò");
        assert_eq!(f[0].name, "binh-dang-gioi");
        assert_eq!(t, "Vai trò");
        let (f, t) = split_spec(&content, "Phòng chống bạo lực/Gọi ai?");
        assert_eq!(
            f,
            vec![Folder {
                name: "phong-chong-bao-luc".into(),
                title: "Phòng chống bạo lực".into()
            }]
        );
        assert_eq!(t, "Gọi ai?");
        let (f, t) = split_spec(&content, "Trang chủ đề");
        assert!(f.is_empty());
        assert_eq!(t, "Trang chủ đề");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn quoting_keeps_yaml_valid() {
        assert_eq!(
            quoted("Gọi \"111\": miễn phí \\ 24/7"),
            "\"Gọi \\\"111\\\": miễn phí \\\\ 24/7\""
        );
    }

    #[test]
    fn new_page_loads_without_errors() {
        let dir = site("loads");
        let opts = NewOptions {
            root: dir.clone(),
            spec: "Phòng chống bạo lực gia đình/Gọi \"111\": ai giúp?".into(),
            kind: Kind::Topic,
            today: Date::new(2025, 11, 28).unwrap(),
            lang: None,
        };
        let created = new_page(&opts).unwrap();
        assert_eq!(
            created.page,
            Path::new("content/phong-chong-bao-luc-gia-dinh/goi-111-ai-giup.md")
        );
        let config = Config::load(&dir).unwrap();
        let (site, diags) = crate::content::load(&dir, config, &Default::default());
        assert!(diags.is_empty(), "{:?}", diags.into_vec());
        let page = site
            .page_by_rel("phong-chong-bao-luc-gia-dinh/goi-111-ai-giup.md")
            .unwrap();
        assert_eq!(page.title, "Gọi \"111\": ai giúp?");
        assert_eq!(page.date.unwrap().to_string(), "2025-11-28");
        let s = site.section_by_rel("phong-chong-bao-luc-gia-dinh").unwrap();
        assert_eq!(site.sections[s].title, "Phòng chống bạo lực gia đình");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
