//! The cross-page check of `#anchor` links: run once over all resolved pages by the build, and
//! over the edited pages and the pages that link into them by a [`crate::Session`], with the
//! same words both times.

use crate::content::Site;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::markdown::AnchorRef;
use std::collections::BTreeSet;
use std::path::Path;

/// The error for link `a`, written in the file `source` (whose text is `text`), when its anchor
/// is not among `ids`, the ids of the target page; `None` when it is.
pub(crate) fn broken_anchor(
    site: &Site,
    source: &Path,
    text: &str,
    a: &AnchorRef,
    ids: &BTreeSet<String>,
) -> Option<Diagnostic> {
    if ids.contains(&a.anchor) {
        return None;
    }
    let target = site.page_by_rel(&a.target).map_or_else(
        || format!("content/{}", a.target),
        |p| p.source.display().to_string(),
    );
    let d = Diagnostic::error(
        "broken-anchor",
        source,
        format!("the anchor `#{}` does not exist in {target}", a.anchor),
    )
    .vi(format!("không có mục `#{}` trong {target}", a.anchor))
    .at_in(text, a.line, a.col);
    Some(match did_you_mean(&a.anchor, ids.iter().map(String::as_str)) {
        Some(s) => d.hint(format!("did you mean `#{s}`? Heading ids are the heading text without diacritics, lowercase, words joined by `-`"))
            .hint_vi(format!("có phải ý bạn là `#{s}`? Mã của một đề mục là chữ của đề mục viết thường, bỏ dấu, các từ nối bằng `-`")),
        None => d.hint("heading ids are the heading text without diacritics, lowercase, words joined by `-`; or give the heading an id: `## Tiêu đề {#id}`")
            .hint_vi("mã của một đề mục là chữ của đề mục viết thường, bỏ dấu, các từ nối bằng `-`; hoặc tự đặt mã cho đề mục: `## Tiêu đề {#ma-rieng}`"),
    })
}
