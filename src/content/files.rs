//! What of `content/` may be read or copied: regular files inside the site only (a FIFO would
//! hang the build, a link to `/dev/zero` never ends, a link to `/etc/passwd` would publish it),
//! and, unless `allow_scripts: true`, SVG and HTML files without scripts, event handlers or
//! (for SVG) references to other servers, since a reader's browser runs those from the site.

use super::read::{not_a_file, read_bounded};
use crate::diagnostic::Diagnostic;
use std::path::Path;

/// The largest SVG or HTML file checked; a larger one is refused like a large page.
const MAX_CHECKED_BYTES: u64 = 32 * 1024 * 1024;

/// Checks one file of `content/` (`rel` relative to it) before it is read or copied.
/// `root_real` is the site folder with its links resolved; `kind` is what the folder listing
/// says the path is (a link is not followed): a regular file is not asked about again.
pub(crate) fn admit(
    root_real: &Path,
    path: &Path,
    rel: &str,
    kind: std::fs::FileType,
    allow_scripts: bool,
) -> Vec<Diagnostic> {
    let shown = Path::new("content").join(rel);
    if kind.is_symlink() {
        match path.canonicalize() {
            Ok(real) if real.starts_with(root_real) => {}
            Ok(real) => {
                return vec![Diagnostic::error(
                    "outside-site",
                    &shown,
                    format!("this is a link to {}, outside the site folder", real.display()),
                )
                .vi(format!(
                    "đây là liên kết tới {}, nằm ngoài thư mục trang web",
                    real.display()
                ))
                .hint("loa does not publish files from outside the site: copy the file into content/ instead of linking to it")
                .hint_vi("loa không đưa lên trang web các tệp nằm ngoài thư mục trang web: hãy chép tệp vào content/ thay cho liên kết")]
            }
            Err(e) => {
                return vec![Diagnostic::error(
                    "io",
                    &shown,
                    format!("this link leads nowhere: {e}"),
                )
                .vi(format!("liên kết này không dẫn tới đâu: {e}"))
                .hint("remove the link, or put the real file in its place")
                .hint_vi("xóa liên kết, hoặc đặt tệp thật vào chỗ của nó")]
            }
        }
    }
    // A link's target, or anything but a regular file (its kind goes in the message).
    if !kind.is_file() {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() => return vec![not_a_file(&shown, &m)],
            Ok(_) => {}
            Err(e) => {
                return vec![Diagnostic::error("io", &shown, format!("cannot read: {e}"))
                    .vi(format!("không đọc được: {e}"))]
            }
        }
    }
    let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let svg = ext == "svg";
    if allow_scripts || !(svg || matches!(ext.as_str(), "html" | "htm" | "xhtml")) {
        return Vec::new();
    }
    match read_bounded(path, &shown, MAX_CHECKED_BYTES) {
        Ok(bytes) => {
            crate::markdown::check_copied_file(&String::from_utf8_lossy(&bytes), &shown, svg)
        }
        Err(d) => vec![d],
    }
}

#[cfg(test)]
mod tests {
    use super::admit;
    use std::path::Path;

    /// The kind each entry of `dir` has in its folder listing (a link not followed).
    fn listed(dir: &Path, name: &str) -> std::fs::FileType {
        std::fs::read_dir(dir)
            .unwrap()
            .map(Result::unwrap)
            .find(|e| e.file_name() == name)
            .unwrap()
            .file_type()
            .unwrap()
    }

    /// With the kind from the folder listing, a regular file is admitted without asking again,
    /// and a link is still followed: to a file in the site admitted, out of it or to a folder
    /// refused.
    #[cfg(unix)]
    #[test]
    fn files_are_admitted_by_their_listed_kind() {
        let root = std::env::temp_dir().join(format!("loa-admit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let content = root.join("content");
        std::fs::create_dir_all(content.join("d")).unwrap();
        std::fs::write(content.join("a.md"), "x").unwrap();
        let outside = std::env::temp_dir().join(format!("loa-admit-out-{}", std::process::id()));
        std::fs::write(&outside, "x").unwrap();
        std::os::unix::fs::symlink(content.join("a.md"), content.join("in.md")).unwrap();
        std::os::unix::fs::symlink(&outside, content.join("out.md")).unwrap();
        std::os::unix::fs::symlink(content.join("d"), content.join("dir.md")).unwrap();
        let root_real = root.canonicalize().unwrap();
        let check = |name: &str| {
            let kind = listed(&content, name);
            admit(&root_real, &content.join(name), name, kind, false)
        };
        assert!(check("a.md").is_empty());
        assert!(check("in.md").is_empty());
        assert_eq!(check("out.md")[0].code, "outside-site");
        assert_eq!(check("dir.md")[0].code, "not-a-file");
        let _ = std::fs::remove_dir_all(&root);
        let _ = std::fs::remove_file(&outside);
    }
}
