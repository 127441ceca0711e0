//! `<script>` in the text of a page is refused unless `loa.yaml` has `allow_scripts: true`:
//! editors paste embed codes, and a script in a page about violence can track its readers.

use super::{Context, Events, Rendered};
use pulldown_cmark::Event;

/// Reports every raw HTML piece that opens a script.
pub(crate) fn check(events: &Events<'_>, cx: &Context<'_>, facts: &mut Rendered) {
    if cx.allow_scripts {
        return;
    }
    for (event, range) in events {
        let (Event::Html(h) | Event::InlineHtml(h)) = event else {
            continue;
        };
        if h.to_ascii_lowercase().contains("<script") {
            facts.diagnostics.push(cx.error(
                "script",
                range,
                [
                    "a `<script>` in the text of a page".to_string(),
                    "nội dung trang có thẻ `<script>`".to_string(),
                ],
                [
                    "scripts in content are not allowed; remove it, or set `allow_scripts: true` in loa.yaml if the site really needs it".to_string(),
                    "không được đặt mã script trong nội dung trang; hãy xóa thẻ này, hoặc đặt `allow_scripts: true` trong loa.yaml nếu trang web thật sự cần".to_string(),
                ],
            ));
        }
    }
}
