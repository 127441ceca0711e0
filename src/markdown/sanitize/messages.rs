//! What the sanitizer says, in English and Vietnamese, for each kind of problem.

use super::Problem;
use crate::diagnostic::Diagnostic;
use std::path::Path;

/// The located error for a problem (`file`: found in a copied file, not in a page's text).
pub(super) fn diagnostic(p: &Problem, path: &Path, file: bool) -> Diagnostic {
    let (code, where_en, where_vi) = if file {
        ("unsafe-svg", "the file", "tệp")
    } else {
        ("unsafe-html", "the text of a page", "nội dung trang")
    };
    let off_en = "scripts are not allowed in content; remove it, or set `allow_scripts: true` in loa.yaml if the site really needs it";
    let off_vi = "không được đặt mã chạy được (script) trong nội dung; hãy xóa đi, hoặc đặt `allow_scripts: true` trong loa.yaml nếu trang web thật sự cần";
    let (en, vi, hint, hint_vi): (String, String, &str, &str) = match p {
        Problem::Script => (
            format!("a `<script>` in {where_en}"),
            format!("{where_vi} có thẻ `<script>`"),
            off_en,
            off_vi,
        ),
        Problem::Element(n) => (
            format!("the HTML element `<{n}>` can run code or load another page, and is not allowed"),
            format!("thẻ HTML `<{n}>` có thể chạy mã hoặc nạp trang khác nên không được dùng"),
            "remove it; link to the video, map or document instead",
            "hãy xóa thẻ này; thay bằng một liên kết tới video, bản đồ hoặc tài liệu đó",
        ),
        Problem::Handler(a) => (
            format!("the attribute `{a}` runs a script"),
            format!("thuộc tính `{a}` chạy mã script"),
            off_en,
            off_vi,
        ),
        Problem::Url { attr, scheme } => {
            let shown = if scheme == "?" { "an encoded" } else { scheme.as_str() };
            (
                format!("the {attr} uses a `{shown}:` address, which can run code and is not allowed"),
                format!("{attr} dùng địa chỉ `{shown}:`, loại địa chỉ có thể chạy mã nên không được dùng"),
                "link to a page (`../muc/trang.md`) or a web address (`https://…`); only images may use `data:image/…`",
                "liên kết tới một trang (`../muc/trang.md`) hoặc một địa chỉ web (`https://…`); chỉ ảnh mới được dùng `data:image/…`",
            )
        }
        Problem::Attribute(a) => (
            format!("the attribute `{a}` can run a script"),
            format!("thuộc tính `{a}` có thể chạy mã script"),
            off_en,
            off_vi,
        ),
        Problem::Ambiguous(n) => (
            format!("`<{n}>` contains HTML tags, which browsers can read as code"),
            format!("thẻ `<{n}>` chứa thẻ HTML bên trong, trình duyệt có thể hiểu thành mã chạy được"),
            "keep only text (or CSS) inside it, without `<`",
            "bên trong thẻ này chỉ để chữ (hoặc CSS), không có dấu `<`",
        ),
        Problem::Unclosed => (
            "this HTML tag is not closed with `>`".to_string(),
            "thẻ HTML này chưa được đóng bằng dấu `>`".to_string(),
            "close the tag with `>` on the same block of lines",
            "đóng thẻ bằng dấu `>` ngay trong khối dòng đó",
        ),
        Problem::External(u) => (
            format!("the SVG file loads `{u}` from another server"),
            format!("tệp SVG nạp `{u}` từ một máy chủ khác"),
            "the site must not contact other servers: put the file beside the drawing and refer to it by a relative path, or embed it",
            "trang web không được kết nối tới máy chủ khác: đặt tệp đó cạnh hình vẽ và dùng đường dẫn tương đối, hoặc nhúng thẳng vào hình",
        ),
        Problem::Declaration(d) => (
            format!("the SVG file has a `{d}` declaration, which can add code or load other files"),
            format!("tệp SVG có khai báo `{d}`, loại khai báo có thể chèn mã hoặc nạp tệp khác"),
            "remove it, or export the drawing again as plain SVG",
            "hãy xóa khai báo này, hoặc xuất lại hình vẽ ở dạng SVG thông thường",
        ),
    };
    let code = if *p == Problem::Script && !file {
        "script"
    } else {
        code
    };
    Diagnostic::error(code, path, en)
        .vi(vi)
        .hint(hint)
        .hint_vi(hint_vi)
}
