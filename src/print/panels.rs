//! A leaflet's `panels:` (DESIGN §12): which `##` parts of its pages go on each of the four
//! content panels of an A4 tri-fold (the inner flap, then the inside left to right).
//!
//! ```yaml
//! panels:
//!   - thang-hanh-dong            # the inner flap: the part `## … {#thang-hanh-dong}`
//!   - [nhan-biet, mot-hanh-vi]   # two parts on the inside left panel
//!   - goi-ai
//!   - moi-nguoi
//! ```
//!
//! Parts are named by their heading id, the one the site uses as the part's anchor. Every part
//! goes on exactly one panel, in the pages' order, and every panel gets at least one: a part left
//! out, an unknown id, parts out of order and a panel left empty are errors located in the
//! booklet file. Text before a page's first part goes on the panel of that part. Whether each
//! panel's text fits is decided by the print engine (`loa-print`), which names the part.

use crate::content::Site;
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics};
use crate::render::RenderedSite;
use std::path::{Path, PathBuf};

/// The panels as the booklet file writes them, with where each id stands.
#[derive(Debug, Clone)]
pub struct PanelSpec {
    /// Per panel, its part ids and each id's (line, column).
    panels: Vec<Vec<(String, (usize, usize))>>,
    /// Where `panels:` is written.
    key: (usize, usize),
    /// The booklet file's text (to show a problem's line) and its shown path.
    text: String,
    shown: PathBuf,
    /// Problems found in the booklet file alone, reported with those found against the pages.
    problems: Diagnostics,
}

/// What each panel is called in messages (English, Vietnamese).
const NAMES: [(&str, &str); loa_print::CONTENT_PANELS] = [
    ("the inner flap", "ô gập vào trong"),
    ("the inside left panel", "ô trong bên trái"),
    ("the inside middle panel", "ô trong ở giữa"),
    ("the inside right panel", "ô trong bên phải"),
];

impl PanelSpec {
    /// Reads `panels:`; a wrong count, an empty panel and `panels:` on a booklet that is not a
    /// leaflet are kept, to be reported with the problems [`resolve`] finds.
    pub(super) fn read(
        written: Vec<Vec<String>>,
        format: Option<loa_print::Format>,
        text: &str,
        shown: &Path,
    ) -> PanelSpec {
        let mut diags = Diagnostics::new();
        let spans = crate::yaml::Spans::of(text);
        let key = spans.key_at("panels").unwrap_or((1, 1));
        let panels: Vec<Vec<(String, (usize, usize))>> = written
            .into_iter()
            .enumerate()
            .map(|(k, ids)| {
                let many = ids.len() > 1 || spans.text_at(&format!("panels.{k}.0")).is_some();
                ids.into_iter()
                    .enumerate()
                    .map(|(j, id)| {
                        let path = if many {
                            format!("panels.{k}.{j}")
                        } else {
                            format!("panels.{k}")
                        };
                        let at = spans.text_at(&path).unwrap_or(key);
                        (id.trim().to_string(), at)
                    })
                    .collect()
            })
            .collect();
        let error = |message: String, vi: String, (l, c): (usize, usize)| {
            Diagnostic::error("booklet", shown, message)
                .vi(vi)
                .at_in(text, l, c)
        };
        if format.is_some_and(|f| f != loa_print::Format::A4Trifold) {
            diags.push(
                error(
                    "`panels:` is for leaflets (`format: a4-trifold`) only".into(),
                    "`panels:` chỉ dùng cho tờ gấp (`format: a4-trifold`)".into(),
                    key,
                )
                .hint("remove `panels:`, or set `format: a4-trifold`")
                .hint_vi("xóa `panels:`, hoặc đặt `format: a4-trifold`"),
            );
        }
        let total = loa_print::CONTENT_PANELS;
        for (k, (en, vi)) in NAMES.iter().enumerate() {
            let empty = panels.get(k).is_none_or(|p| p.is_empty());
            if empty {
                let at = spans.value_at(&format!("panels.{k}")).unwrap_or(key);
                diags.push(
                    error(
                        format!("panel {} ({en}) of the leaflet is left empty", k + 1),
                        format!("ô thứ {} ({vi}) của tờ gấp bị bỏ trống", k + 1),
                        at,
                    )
                    .hint(format!(
                        "list {total} panels under `panels:`, each with the id of at least one `##` part"
                    ))
                    .hint_vi(format!(
                        "ghi đủ {total} ô dưới `panels:`, mỗi ô có mã (id) của ít nhất một phần `##`"
                    )),
                );
            }
        }
        for k in total..panels.len() {
            let at = spans.value_at(&format!("panels.{k}")).unwrap_or(key);
            diags.push(
                error(
                    format!(
                        "an A4 tri-fold has {total} panels for its text; this is panel {}",
                        k + 1
                    ),
                    format!(
                        "tờ A4 gấp ba có {total} ô cho nội dung; đây là ô thứ {}",
                        k + 1
                    ),
                    at,
                )
                .hint("put this part on one of the four panels, as a list: `- [part-a, part-b]`")
                .hint_vi(
                    "đưa phần này vào một trong bốn ô, dưới dạng danh sách: `- [phan-a, phan-b]`",
                ),
            );
        }
        PanelSpec {
            panels,
            key,
            text: text.to_string(),
            shown: shown.to_path_buf(),
            problems: diags,
        }
    }

    fn error(&self, message: String, vi: String, (l, c): (usize, usize)) -> Diagnostic {
        Diagnostic::error("booklet", &self.shown, message)
            .vi(vi)
            .at_in(&self.text, l, c)
    }
}

fn unknown_part(spec: &PanelSpec, id: &str, at: (usize, usize), parts: &[Part]) -> Diagnostic {
    let d = spec.error(
        format!("no `##` part of the leaflet's pages has the id `{id}`"),
        format!("không có phần `##` nào của tờ gấp mang mã `{id}`"),
        at,
    );
    match did_you_mean(id, parts.iter().map(|p| p.id.as_str())) {
        Some(s) => d
            .hint(format!("did you mean `{s}`?"))
            .hint_vi(format!("có phải ý bạn là `{s}`?")),
        None => {
            let ids: Vec<&str> = parts.iter().map(|p| p.id.as_str()).collect();
            d.hint(format!("the parts are: {}", ids.join(", ")))
                .hint_vi(format!("các phần là: {}", ids.join(", ")))
        }
    }
}

/// A `##` part of the leaflet's pages.
struct Part {
    chapter: usize,
    heading: usize,
    id: String,
    title: String,
    page: PathBuf,
}

/// The `##` parts of the chapters: the headings of the pages' top level, in reading order.
fn parts(site: &Site, rendered: &RenderedSite, chapters: &[usize]) -> Vec<Part> {
    let mut all = Vec::new();
    for (chapter, &i) in chapters.iter().enumerate() {
        let headings: Vec<_> = rendered.pages[i]
            .headings
            .iter()
            .filter(|h| !h.in_footnote)
            .collect();
        let Some(top) = headings.iter().map(|h| h.level).min() else {
            continue;
        };
        for (heading, h) in headings.iter().enumerate().filter(|(_, h)| h.level == top) {
            all.push(Part {
                chapter,
                heading,
                id: h.id.clone(),
                title: h.title.clone(),
                page: site.pages[i].source.clone(),
            });
        }
    }
    all
}

/// Where each panel starts, checked against the pages' parts.
pub(super) fn resolve(
    spec: &PanelSpec,
    site: &Site,
    rendered: &RenderedSite,
    chapters: &[usize],
) -> Result<Vec<loa_print::PartRef>, Diagnostics> {
    let parts = parts(site, rendered, chapters);
    let mut diags = spec.problems.clone();
    if parts.is_empty() {
        diags.push(
            spec.error(
                "the leaflet's pages have no `##` parts to put on its panels".into(),
                "các trang của tờ gấp không có phần `##` nào để xếp vào các ô".into(),
                spec.key,
            )
            .hint("divide the page into parts with `## Title` headings, one or more per panel")
            .hint_vi(
                "chia trang thành các phần bằng tiêu đề `## Tiêu đề`, mỗi ô một hoặc vài phần",
            ),
        );
        return Err(diags);
    }
    let mut starts = Vec::new();
    let mut used = vec![false; parts.len()];
    let mut last: Option<usize> = None;
    for ids in &spec.panels {
        let mut first = true;
        for (id, at) in ids {
            let Some(k) = parts.iter().position(|p| p.id == *id) else {
                diags.push(unknown_part(spec, id, *at, &parts));
                continue;
            };
            if used[k] || last.is_some_and(|l| k < l) {
                diags.push(
                    spec.error(
                        format!("`{id}` is out of place: each part goes on one panel, in the order of the pages"),
                        format!("`{id}` không đúng chỗ: mỗi phần chỉ xếp vào một ô, theo thứ tự trong trang"),
                        *at,
                    )
                    .hint("list every `##` part once, in the pages' order")
                    .hint_vi("ghi mỗi phần `##` đúng một lần, theo thứ tự trong trang"),
                );
                continue;
            }
            used[k] = true;
            last = Some(k);
            if std::mem::take(&mut first) {
                starts.push(loa_print::PartRef {
                    chapter: parts[k].chapter,
                    heading: parts[k].heading,
                });
            }
        }
    }
    for p in parts
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(p, _)| p)
    {
        diags.push(
            spec.error(
                format!(
                    "the part “{}” (`{}`, in {}) is on no panel of the leaflet",
                    p.title,
                    p.id,
                    p.page.display()
                ),
                format!(
                    "phần “{}” (`{}`, trong {}) chưa được xếp vào ô nào của tờ gấp",
                    p.title,
                    p.id,
                    p.page.display()
                ),
                spec.key,
            )
            .hint(format!(
                "add `{}` to one of the panels under `panels:`",
                p.id
            ))
            .hint_vi(format!("thêm `{}` vào một ô dưới `panels:`", p.id)),
        );
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(starts)
    }
}
