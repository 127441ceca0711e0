//! Checks on the loaded site that the build does not make: alt text, orphan pages, missing
//! summaries and expired documents. All are warnings: the site still builds, but an editor
//! should look. Each finding carries its English and Vietnamese text; printing picks one.

use crate::content::{Page, Site};
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::render::RenderedSite;
use crate::text::Date;
use std::collections::BTreeSet;

/// Images without a description: Markdown `![](x.png)` and HTML `<img>` without `alt`, from
/// what the resolve phase recorded (`r`), so no page is parsed again.
pub(crate) fn missing_alt_in(
    source: &std::path::Path,
    text: &str,
    body: &str,
    r: &Rendered,
) -> Vec<Diagnostic> {
    let body_offset = text.len() - body.len();
    let mut out: Vec<Diagnostic> = r
        .images
        .iter()
        .filter(|img| img.alt.trim().is_empty())
        .map(|img| alt_diagnostic(source, text, body_offset + img.offset, &img.src))
        .collect();
    for range in &r.html_ranges {
        let html = body.get(range.clone()).unwrap_or("");
        for (i, src) in html_images_without_alt(html) {
            out.push(alt_diagnostic(
                source,
                text,
                body_offset + range.start + i,
                &src,
            ));
        }
    }
    out
}

/// [`missing_alt_in`] for a body alone (resolved without a site: images and HTML only).
#[cfg(test)]
pub(crate) fn missing_alt(source: &std::path::Path, text: &str, body: &str) -> Vec<Diagnostic> {
    missing_alt_in(source, text, body, &crate::markdown::media_only(body))
}

/// `<img …>` tags in an HTML fragment whose `alt` is missing or empty: (byte offset, src).
fn html_images_without_alt(html: &str) -> Vec<(usize, String)> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let start = from + i;
        let end = lower[start..].find('>').map_or(lower.len(), |j| start + j);
        let tag = &html[start..end];
        from = end.max(start + 4);
        match attribute(tag, "alt") {
            Some(alt) if !alt.trim().is_empty() => {}
            _ => out.push((start, attribute(tag, "src").unwrap_or_default())),
        }
    }
    out
}

/// The value of `name="…"` (or `'…'`, or unquoted) in a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let boundary = lower[..at].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = lower[from..].trim_start();
        if !boundary || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest.len() + 1;
        let v = tag[value_start..].trim_start();
        return Some(match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or("").to_string(),
            _ => v
                .split(|c: char| c.is_ascii_whitespace() || c == '/')
                .next()
                .unwrap_or("")
                .to_string(),
        });
    }
    None
}

fn alt_diagnostic(source: &std::path::Path, text: &str, offset: usize, src: &str) -> Diagnostic {
    Diagnostic::warning("image-alt", source, format!("the image `{src}` has no description (alt text)"))
        .vi(format!("ảnh `{src}` không có lời mô tả (alt)"))
        .at_offset(text, offset)
        .hint("describe the image in the brackets, e.g. ![Organisation chart](images/chart.png): screen readers read it, and it shows when the image does not load")
        .hint_vi("viết mô tả trong ngoặc vuông, ví dụ: ![Sơ đồ tổ chức Ban VSTBCPN](hinh/so-do.png): người khiếm thị nghe được lời này, và nó hiện ra khi ảnh không tải được")
}

/// Pages that no other page's text links to and that are not in the menu. Section lists, tag
/// pages and the search do not count: an editor wants to know which pages only a visitor who
/// browses lists will ever find.
pub(crate) fn orphans(site: &Site, rendered: &RenderedSite) -> Vec<Diagnostic> {
    let mut linked: BTreeSet<&str> = BTreeSet::new();
    let mut cited: BTreeSet<&str> = BTreeSet::new();
    for (i, r) in rendered.pages.iter().enumerate() {
        let own = site.pages[i].rel.as_str();
        let own_doc = site.pages[i].doc.as_ref().map(|d| d.id.as_str());
        linked.extend(r.links_to.iter().map(String::as_str).filter(|l| *l != own));
        cited.extend(
            r.cited
                .iter()
                .map(String::as_str)
                .filter(|c| Some(*c) != own_doc),
        );
        let p = &site.pages[i];
        let mut refs: Vec<&String> = p.documents.iter().collect();
        if let Some(d) = &p.doc {
            refs.extend(d.amends.iter().chain(&d.replaces));
        }
        cited.extend(
            refs.into_iter()
                .map(String::as_str)
                .filter(|c| Some(*c) != own_doc),
        );
    }
    for r in &rendered.sections {
        linked.extend(r.links_to.iter().map(String::as_str));
        cited.extend(r.cited.iter().map(String::as_str));
    }
    let menu: Vec<String> = site
        .config
        .menu
        .iter()
        .map(|m| {
            m.link
                .trim_start_matches("./")
                .trim_start_matches('/')
                .to_string()
        })
        .collect();
    let in_menu = |p: &Page| {
        let dir_url = p.url.trim_end_matches("index.html");
        menu.iter().any(|m| {
            *m == p.rel
                || *m == p.url
                || *m == dir_url
                || m.trim_end_matches('/') == dir_url.trim_end_matches('/')
        })
    };
    let mut out = Vec::new();
    for p in &site.pages {
        let is_cited = p
            .doc
            .as_ref()
            .is_some_and(|d| cited.contains(d.id.as_str()));
        if linked.contains(p.rel.as_str()) || is_cited || in_menu(p) {
            continue;
        }
        let d = Diagnostic::warning(
            "orphan-page",
            &p.source,
            "no other page links to this page, and it is not in the menu",
        )
        .vi("không trang nào liên kết tới trang này, và nó không có trên trình đơn");
        out.push(
            at_key(d, p, "title")
                .hint(format!(
                    "link to it from a related page, e.g. from a page in another section: [{}](../{}); or add it to `menu:` in loa.yaml",
                    p.title, p.rel
                ))
                .hint_vi(format!(
                    "thêm liên kết từ một trang có liên quan, ví dụ từ một trang ở mục khác: [{}](../{}); hoặc đưa trang vào `menu:` trong loa.yaml",
                    p.title, p.rel
                )),
        );
    }
    out
}

/// Pages whose front matter has no `summary`.
pub(crate) fn missing_summaries(site: &Site) -> Vec<Diagnostic> {
    site.pages
        .iter()
        .filter(|p| p.summary.is_none())
        .map(|p| {
            let d = Diagnostic::warning("no-summary", &p.source, "the page has no `summary`")
                .vi("trang không có tóm tắt (`summary`)");
            at_key(d, p, "title")
                .hint("add `summary: …` with one or two sentences: they show in lists, search results and link previews")
                .hint_vi("thêm dòng `summary: …` với một hai câu giới thiệu trang: chúng hiện trong danh sách bài, kết quả tìm kiếm và khi chia sẻ liên kết")
        })
        .collect()
}

/// Documents whose `expires` date has passed.
pub(crate) fn expired_documents(site: &Site, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &site.pages {
        let Some(doc) = &p.doc else { continue };
        let Some(expires) = doc.expires.filter(|e| *e < today) else {
            continue;
        };
        let replaced_by = site
            .pages
            .iter()
            .filter_map(|q| q.doc.as_ref())
            .find(|q| q.replaces.contains(&doc.id));
        let d = Diagnostic::warning(
            "expired-document",
            &p.source,
            format!("the document {} expired on {expires}", doc.number),
        )
        .vi(format!(
            "văn bản {} đã hết hiệu lực từ ngày {}",
            doc.number,
            expires.format_numeric()
        ));
        let d = at_key(d, p, "expires");
        out.push(match replaced_by {
            Some(r) => d
                .hint(format!("{} replaces it; check the pages that still cite the old one", r.number))
                .hint_vi(format!("văn bản {} thay thế nó; kiểm tra các trang còn dẫn văn bản cũ", r.number)),
            None => d
                .hint("if a newer document replaces it, add that document with `replaces: [...]`; if the date is wrong, fix `expires`")
                .hint_vi("nếu đã có văn bản thay thế, tạo trang cho văn bản đó với `replaces: [...]`; nếu ngày sai, sửa `expires`"),
        });
    }
    out
}

/// Points a diagnostic at the value of a front-matter key of the page.
fn at_key(d: Diagnostic, p: &Page, key: &str) -> Diagnostic {
    match crate::yaml::key_value_position(&p.text, key) {
        Some((line, col)) => d.at_in(&p.text, line, col),
        None => d.at(1, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn images_without_alt_are_located() {
        let text = "---\ntitle: x\n---\nẢnh: ![](hinh/a.png) và ![Sơ đồ](hinh/b.png)\n\n<img src=\"c.png\">\n<img alt=\"ok\" src=\"d.png\">\n";
        let body = &text[text.find("Ảnh").unwrap()..];
        let d = missing_alt(Path::new("content/a.md"), text, body);
        let found: Vec<(usize, usize, bool)> = d
            .iter()
            .map(|d| {
                (
                    d.line,
                    d.col,
                    d.message.contains("a.png") || d.message.contains("c.png"),
                )
            })
            .collect();
        assert_eq!(found, vec![(4, 6, true), (6, 1, true)]);
    }

    #[test]
    fn attributes() {
        assert_eq!(
            attribute("<img src=\"a.png\" alt='Bản đồ'", "alt").as_deref(),
            Some("Bản đồ")
        );
        assert_eq!(
            attribute("<img src=a.png alt=x/", "src").as_deref(),
            Some("a.png")
        );
        assert_eq!(attribute("<img data-alt=\"x\" src=\"a\"", "alt"), None);
    }
}
