//! Mapping a request path onto a file of the output folder, and content types.
//!
//! The server must never hand out a file outside the output, whatever the browser (or anyone on the
//! network, with `--bind`) sends. So a path is refused rather than repaired: any `.` or `..`
//! segment, an encoded `/` or `\`, a NUL, a bad `%` escape or invalid UTF-8 is a 404. What is left
//! is joined onto the output folder and canonicalised, and the result must still lie inside the
//! canonical output folder, which also rules out symlinks that point elsewhere.

use std::path::{Path, PathBuf};

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// A file inside the output (canonical path).
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect to this path (relative to the
    /// mount point, with the slash) so relative links in its `index.html` resolve.
    AddSlash(String),
    NotFound,
}

/// Decodes a URL path (without query, without the base path) into checked segments; `None` when
/// the path must be refused.
pub(crate) fn segments(path: &str) -> Option<Vec<String>> {
    if !path.starts_with('/') {
        return None;
    }
    let mut out = Vec::new();
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let seg = percent_decode(raw)?;
        let bad_char = seg.contains(['/', '\\', '\0']) || (cfg!(windows) && seg.contains(':'));
        if seg == "." || seg == ".." || bad_char {
            return None;
        }
        out.push(seg);
    }
    Some(out)
}

/// Resolves `path` (a URL path relative to the mount point, starting with `/`) inside `root`.
pub(crate) fn resolve(root: &Path, path: &str) -> Resolved {
    let Some(segs) = segments(path) else {
        return Resolved::NotFound;
    };
    let Ok(canonical_root) = root.canonicalize() else {
        return Resolved::NotFound;
    };
    let mut target = canonical_root.clone();
    target.extend(&segs);
    let Ok(meta) = std::fs::metadata(&target) else {
        return Resolved::NotFound;
    };
    if meta.is_dir() {
        if !path.ends_with('/') {
            return Resolved::AddSlash(format!("{path}/"));
        }
        target.push("index.html");
    } else if path.ends_with('/') {
        return Resolved::NotFound;
    }
    match target.canonicalize() {
        Ok(real) if real.starts_with(&canonical_root) && real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

/// Decodes `%XX` escapes; `None` for a malformed escape or a result that is not UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    // The crate leaves a malformed escape as written; a server refuses the request instead.
    let malformed = s.split('%').skip(1).any(|rest| {
        !rest
            .get(..2)
            .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    if malformed {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8().ok()?;
    Some(decoded.into_owned())
}

/// The `Content-Type` for a file name. Text types carry `charset=utf-8`: loa writes only UTF-8.
pub(crate) fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_refuse_escapes_from_the_root() {
        assert_eq!(segments("/a/b/"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(segments("/"), Some(vec![]));
        assert_eq!(segments("//a//b"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(
            segments("/b%C3%ACnh/x.html"),
            Some(vec!["bình".into(), "x.html".into()])
        );
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/.%2e/x",
            "/..%2fetc",
            "/a%2Fb",
            "/a%5c..%5cb",
            "/./a",
            "/a%00b",
            "/a%zz",
            "/a%2",
            "/%ff",
            "a/b",
            "",
        ] {
            assert_eq!(segments(bad), None, "{bad}");
        }
    }

    fn temp_site(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("loa-files-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("site/a")).unwrap();
        std::fs::write(dir.join("site/index.html"), "home").unwrap();
        std::fs::write(dir.join("site/a/index.html"), "a").unwrap();
        std::fs::write(dir.join("secret.txt"), "secret").unwrap();
        dir
    }

    #[test]
    fn resolve_serves_index_and_redirects_folders() {
        let dir = temp_site("index");
        let root = dir.join("site");
        let real = root.canonicalize().unwrap();
        assert_eq!(resolve(&root, "/"), Resolved::File(real.join("index.html")));
        assert_eq!(
            resolve(&root, "/a/"),
            Resolved::File(real.join("a/index.html"))
        );
        assert_eq!(resolve(&root, "/a"), Resolved::AddSlash("/a/".into()));
        assert_eq!(
            resolve(&root, "/a/index.html"),
            Resolved::File(real.join("a/index.html"))
        );
        assert_eq!(resolve(&root, "/missing.html"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/../secret.txt"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/a/index.html/"), Resolved::NotFound);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn resolve_refuses_symlinks_that_leave_the_output() {
        let dir = temp_site("symlink");
        let root = dir.join("site");
        std::os::unix::fs::symlink(dir.join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(&dir, root.join("up")).unwrap();
        std::os::unix::fs::symlink(root.join("a/index.html"), root.join("inside.html")).unwrap();
        assert_eq!(resolve(&root, "/leak.txt"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/up/secret.txt"), Resolved::NotFound);
        assert!(matches!(resolve(&root, "/inside.html"), Resolved::File(_)));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn content_types() {
        let ct = |n: &str| content_type(Path::new(n));
        assert_eq!(ct("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(ct("x.JS"), "text/javascript; charset=utf-8");
        assert_eq!(ct("style.css"), "text/css; charset=utf-8");
        assert_eq!(ct("so-do.svg"), "image/svg+xml");
        assert_eq!(ct("in-an/so-tay.pdf"), "application/pdf");
        assert_eq!(ct("NotoSans.woff2"), "font/woff2");
        assert_eq!(ct("NotoSans.ttf"), "font/ttf");
        assert_eq!(ct("search/index.json"), "application/json");
        assert_eq!(ct("sitemap.xml"), "application/xml; charset=utf-8");
        assert_eq!(ct("a.png"), "image/png");
        assert_eq!(ct("a.jpeg"), "image/jpeg");
        assert_eq!(ct("a.JPG"), "image/jpeg");
        assert_eq!(ct("noext"), "application/octet-stream");
    }
}
