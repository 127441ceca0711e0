//! The pages the server makes itself: the build errors, readable by someone who is not a
//! programmer (which file, which line, the line itself with the spot marked, what to do), and the
//! short "building…" page shown before the first build is done. Both carry the reload script.

use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::escape as escape_html;
use crate::text::Lang;

const STYLE: &str = "body{font:17px/1.5 system-ui,'Noto Sans',sans-serif;margin:0;background:#f6f6f4;color:#1d1d1b}\
main{max-width:52rem;margin:0 auto;padding:1.5rem}\
h1{font-size:1.5rem;color:#a4161a;margin:.5rem 0}\
.lead{margin:.25rem 0 1.5rem}\
.diag{background:#fff;border-left:.4rem solid #a4161a;border-radius:.3rem;padding:.75rem 1rem;margin:0 0 1rem;box-shadow:0 1px 2px #0002}\
.diag.warning{border-color:#c77c02}\
.diag h2{font-size:1.1rem;margin:0 0 .4rem}\
.label{display:inline-block;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:#fff;background:#a4161a;border-radius:.2rem;padding:0 .4rem;margin-right:.4rem;vertical-align:middle}\
.warning .label{background:#c77c02}\
.where{margin:.2rem 0;color:#444}\
code,pre{font-family:'Noto Sans Mono',ui-monospace,monospace}\
pre{background:#f1efe9;padding:.5rem .75rem;overflow-x:auto;margin:.5rem 0;font-size:.95rem}\
pre .num{color:#888}\
mark{background:#ffd6d6;color:#a4161a;font-weight:bold;outline:1px solid #a4161a}\
.hint{margin:.4rem 0 0}";

/// The page listing the problems of a failed build. `script` is the live-reload script.
pub(crate) fn error_page(
    diags: &[Diagnostic],
    lang: Lang,
    site_title: &str,
    script: &str,
) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let (title, lead) = match lang {
        Lang::Vi => (
            "Chưa dựng được trang web".to_string(),
            format!(
                "Có {errors} lỗi cần sửa. Mở từng tệp dưới đây, sửa ở dòng được chỉ ra rồi lưu lại: trang này sẽ tự tải lại khi mọi lỗi đã được sửa."
            ),
        ),
        Lang::En => (
            "The site could not be built".to_string(),
            format!(
                "{errors} {} to fix. Open each file below, fix the line shown and save it: this page reloads by itself once everything is fixed.",
                if errors == 1 { "problem" } else { "problems" }
            ),
        ),
    };
    let mut body = String::new();
    for d in diags {
        body.push_str(&diagnostic_html(d, lang));
    }
    page(
        lang,
        &format!("{title} · {site_title}"),
        &format!(
            "<h1>{title}</h1><p class=\"lead\">{}</p>{body}",
            escape_html(&lead)
        ),
        script,
    )
}

/// Shown while the first build runs.
pub(crate) fn building_page(lang: Lang, script: &str) -> String {
    let (title, text) = match lang {
        Lang::Vi => ("Đang dựng trang web…", "Trang sẽ tự hiện ra khi dựng xong."),
        Lang::En => (
            "Building the site…",
            "The page appears by itself when the build is done.",
        ),
    };
    page(
        lang,
        title,
        &format!("<h1 style=\"color:#1d1d1b\">{title}</h1><p>{text}</p>"),
        script,
    )
}

/// The plain 404 used when the output has no `404.html`.
pub(crate) fn not_found_page(lang: Lang, path: &str) -> String {
    let (title, text) = match lang {
        Lang::Vi => ("Không có trang này", "Không tìm thấy địa chỉ"),
        Lang::En => ("No such page", "Nothing is found at"),
    };
    page(
        lang,
        title,
        &format!(
            "<h1>{title}</h1><p>{text} <code>{}</code>.</p>",
            escape_html(path)
        ),
        "",
    )
}

fn page(lang: Lang, title: &str, main: &str, script: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body><main>{main}</main>{script}</body></html>\n",
        lang.code(),
        escape_html(title)
    )
}

fn diagnostic_html(d: &Diagnostic, lang: Lang) -> String {
    let (class, label) = match d.severity {
        Severity::Error => ("error", lang.pick("Lỗi", "Error")),
        Severity::Warning => ("warning", lang.pick("Cảnh báo", "Warning")),
    };
    let mut out = format!(
        "<section class=\"diag {class}\"><h2><span class=\"label\">{label}</span>{}</h2><p class=\"where\">{}</p>",
        escape_html(d.message_in(lang)),
        where_html(d, lang)
    );
    if let Some(src) = &d.source_line {
        out.push_str(&source_html(src, d.line, d.col));
    }
    let todo = lang.pick("Cách sửa", "What to do");
    let hint = match d.hint_in(lang) {
        Some(h) => escape_html(h),
        None => escape_html(lang.pick(
            "mở tệp này, sửa ở chỗ được đánh dấu rồi lưu lại.",
            "open this file, fix the marked spot and save it.",
        )),
    };
    out.push_str(&format!(
        "<p class=\"hint\"><strong>{todo}:</strong> {hint}</p></section>\n"
    ));
    out
}

fn where_html(d: &Diagnostic, lang: Lang) -> String {
    let file = format!(
        "<code>{}</code>",
        escape_html(&d.path.display().to_string())
    );
    match (lang, d.line, d.col) {
        (Lang::Vi, 0, _) => format!("Tệp {file}"),
        (Lang::Vi, l, 0) => format!("Tệp {file}, dòng {l}"),
        (Lang::Vi, l, c) => format!("Tệp {file}, dòng {l}, cột {c}"),
        (Lang::En, 0, _) => format!("File {file}"),
        (Lang::En, l, 0) => format!("File {file}, line {l}"),
        (Lang::En, l, c) => format!("File {file}, line {l}, column {c}"),
    }
}

/// The offending line with its number, the character at `col` highlighted and a caret under it.
fn source_html(src: &str, line: usize, col: usize) -> String {
    let num = line.to_string();
    let pad = " ".repeat(num.len());
    let mut out = format!("<pre><span class=\"num\">{num} |</span> ");
    if col == 0 {
        out.push_str(&escape_html(src));
        out.push_str("</pre>");
        return out;
    }
    let before: String = src.chars().take(col - 1).collect();
    let at: String = src.chars().skip(col - 1).take(1).collect();
    let after: String = src.chars().skip(col).collect();
    let at = if at.is_empty() { " ".to_string() } else { at };
    out.push_str(&format!(
        "{}<mark>{}</mark>{}",
        escape_html(&before),
        escape_html(&at),
        escape_html(&after)
    ));
    let lead: String = before
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    out.push_str(&format!(
        "\n<span class=\"num\">{pad} |</span> {lead}^</pre>"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        let src = "---\ntitle: <Bình đẳng>\ndate: 22/11/2022\n---\n";
        Diagnostic::error(
            "front-matter",
            "content/a.md",
            "`date: 22/11/2022` is not a date",
        )
        .vi("`date: 22/11/2022` không phải ngày tháng")
        .at_in(src, 3, 7)
        .hint("write `date: 2022-11-22`")
        .hint_vi("viết `date: 2022-11-22`")
    }

    #[test]
    fn shows_file_line_source_and_hint_in_vietnamese() {
        let html = error_page(
            &[sample()],
            Lang::Vi,
            "Bình đẳng giới",
            "<script>x</script>",
        );
        assert!(html.contains("<html lang=\"vi\">"));
        assert!(html.contains("Chưa dựng được trang web"));
        assert!(
            html.contains("Tệp <code>content/a.md</code>, dòng 3, cột 7"),
            "{html}"
        );
        assert!(html.contains("date: <mark>2</mark>2/11/2022"), "{html}");
        assert!(html.contains("`date: 22/11/2022` không phải ngày tháng</h2>"));
        assert!(html.contains("<strong>Cách sửa:</strong> viết `date: 2022-11-22`"));
        assert!(html.contains("<script>x</script></body>"));
    }

    #[test]
    fn english_labels_and_escaping() {
        let mut d = sample();
        d.message = "<script>alert(1)</script>".into();
        d.hint = None;
        let html = error_page(&[d], Lang::En, "T", "");
        assert!(!html.contains("không phải"), "{html}");
        assert!(html.contains("File <code>content/a.md</code>, line 3, column 7"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("What to do:"));
    }

    #[test]
    fn caret_past_the_end_of_the_line() {
        let html = source_html("title:", 2, 7);
        assert!(html.contains("title:<mark> </mark>"), "{html}");
    }
}
