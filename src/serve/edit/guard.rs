//! Who may use the editing screen, and which files it may touch.
//!
//! The screen writes into the editor's sources, so every request is distrusted:
//! - a per-run secret token (printed in the terminal, sent by the screen in `X-Loa-Token`) is
//!   required on every API call, reads included: without it, any web page the editor visits could
//!   reach the loopback server;
//! - a request whose `Origin` is not the server's own is refused (a foreign page cannot read the
//!   token, but the check costs nothing and stops cross-site requests even if it leaked);
//! - a file parameter is refused rather than repaired (as `files.rs` does for the site): it must
//!   be a relative path under `content/`, `booklets/` or `static/`, without `.`/`..`, hidden
//!   segments, backslashes or NULs (400); what it resolves to, symlinks followed, must stay inside
//!   that folder (404 otherwise);
//! - bodies have a size limit (413) checked before anything is read.

use std::path::{Path, PathBuf};

/// The folders of a site the screen may read and write.
pub(crate) const AREAS: [&str; 3] = ["content", "booklets", "static"];

/// A fresh secret: 128 bits from the system's random source.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 16];
    let from_os = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes));
    if from_os.is_err() {
        // No /dev/urandom (Windows): the standard library's hash keys are seeded from the
        // system's random source too.
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(std::time::UNIX_EPOCH.elapsed().map_or(0, |d| d.as_nanos()));
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares without stopping at the first difference, so timing says nothing about the token.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether `origin` (the `Origin` header) is this server: `http://` + the `Host` the request was
/// sent to, and that host one the server answers on. `None` (no `Origin`, as from command-line
/// tools) passes: the token alone guards those.
pub(crate) fn same_origin(origin: Option<&str>, host: Option<&str>, allowed: &[String]) -> bool {
    let Some(origin) = origin else { return true };
    let Some(host) = host else { return false };
    let host_ok = allowed.iter().any(|a| a.eq_ignore_ascii_case(host));
    host_ok && origin.eq_ignore_ascii_case(&format!("http://{host}"))
}

/// Why a file parameter was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PathError {
    /// Not a path the screen accepts at all (400).
    Bad,
    /// Well-formed, but leads outside its folder or nowhere (404).
    Outside,
}

/// A checked file parameter: `rel` as given (`content/a/b.md`), `abs` under the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitePath {
    pub rel: String,
    pub abs: PathBuf,
}

impl SitePath {
    /// The path below its area (`a/b.md` for `content/a/b.md`).
    pub(crate) fn inner(&self) -> &str {
        self.rel.split_once('/').map_or("", |(_, r)| r)
    }

    pub(crate) fn area(&self) -> &str {
        self.rel.split('/').next().unwrap_or("")
    }
}

/// Checks the syntax of a file parameter: `area/segment/…`, nothing that could climb out.
pub(crate) fn parse_rel(rel: &str) -> Result<Vec<&str>, PathError> {
    let segs: Vec<&str> = rel.split('/').collect();
    let bad_seg = |s: &&str| {
        s.is_empty()
            || s.starts_with('.')
            || s.ends_with('~')
            || s.contains(['\\', '\0', ':'])
            || s.chars().any(char::is_control)
    };
    if segs.len() < 2 || !AREAS.contains(&segs[0]) || segs.iter().any(bad_seg) {
        return Err(PathError::Bad);
    }
    Ok(segs)
}

/// Resolves a file parameter under `root` (canonical). The file itself need not exist (a file
/// about to be created), but every existing part of the path must stay inside its area once
/// symlinks are followed.
pub(crate) fn resolve(root: &Path, rel: &str) -> Result<SitePath, PathError> {
    let segs = parse_rel(rel)?;
    let area = root.join(segs[0]);
    let area_real = area.canonicalize().map_err(|_| PathError::Outside)?;
    if !area_real.starts_with(root) {
        return Err(PathError::Outside);
    }
    let mut abs = area_real.clone();
    for s in &segs[1..] {
        abs.push(s);
        if std::fs::symlink_metadata(&abs).is_ok() {
            match abs.canonicalize() {
                Ok(real) if real.starts_with(&area_real) => {}
                _ => return Err(PathError::Outside),
            }
        }
    }
    Ok(SitePath {
        rel: segs.join("/"),
        abs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_fresh_and_long() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
        assert!(!same_secret(&a, ""));
    }

    #[test]
    fn origins() {
        let allowed = vec!["127.0.0.1:1111".to_string(), "localhost:1111".to_string()];
        assert!(same_origin(None, None, &allowed));
        assert!(same_origin(
            Some("http://127.0.0.1:1111"),
            Some("127.0.0.1:1111"),
            &allowed
        ));
        assert!(same_origin(
            Some("http://localhost:1111"),
            Some("localhost:1111"),
            &allowed
        ));
        assert!(!same_origin(
            Some("http://evil.example"),
            Some("127.0.0.1:1111"),
            &allowed
        ));
        // DNS rebinding: the page's own host, but not one this server answers on.
        assert!(!same_origin(
            Some("http://evil.example:1111"),
            Some("evil.example:1111"),
            &allowed
        ));
        assert!(!same_origin(Some("null"), Some("127.0.0.1:1111"), &allowed));
    }

    #[test]
    fn file_parameters_are_refused_not_repaired() {
        assert!(parse_rel("content/a/b.md").is_ok());
        assert!(parse_rel("static/logo.png").is_ok());
        for bad in [
            "content",
            "content/",
            "/etc/passwd",
            "content/../loa.yaml",
            "content/./a.md",
            "content/a/../../x",
            "content//a.md",
            "themes/default/x",
            "loa.yaml",
            "content/.git/config",
            "content/a\\..\\b",
            "content/a\0b",
            "C:/x",
            ".loa/lich-su/x",
        ] {
            assert_eq!(parse_rel(bad), Err(PathError::Bad), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_an_area_are_refused() {
        let dir = tempdir("symlinks");
        std::fs::create_dir_all(dir.join("content/a")).unwrap();
        std::fs::write(dir.join("loa.yaml"), "x").unwrap();
        std::os::unix::fs::symlink(dir.join("loa.yaml"), dir.join("content/leak.md")).unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("content/up")).unwrap();
        let root = dir.canonicalize().unwrap();
        assert_eq!(resolve(&root, "content/leak.md"), Err(PathError::Outside));
        assert_eq!(
            resolve(&root, "content/up/loa.yaml"),
            Err(PathError::Outside)
        );
        let ok = resolve(&root, "content/a/new.md").unwrap();
        assert_eq!(ok.abs, root.join("content/a/new.md"));
        assert_eq!(ok.inner(), "a/new.md");
        assert_eq!(resolve(&root, "booklets/x.yaml"), Err(PathError::Outside));
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempdir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("loa-guard-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
