//! The output folders loa writes itself, in one place: the menu may link to them, and no page or
//! section may take their address. (Before this module the two lists disagreed: a page could
//! take `danh-muc-van-ban/` and hide the document list.)

/// Folders at the root of the output that loa generates: the document list, tag pages, the
/// search page and the booklets.
pub(crate) const GENERATED: &[&str] = &["danh-muc-van-ban", "tags", "search", "in-an"];

/// The document list.
pub(crate) const DOCUMENTS: &str = "danh-muc-van-ban/index.html";

/// Whether `path` (relative to the output root, `/`-separated) is one of [`GENERATED`] or inside one.
pub(crate) fn is_generated(path: &str) -> bool {
    let first = path
        .trim_start_matches("./")
        .split('/')
        .next()
        .unwrap_or("");
    GENERATED.contains(&first)
}

/// The output files a build writes, known before any is written (pages and lists, then each alias
/// as it is claimed). The alias check asks this set, not the disk, so `loa check` can find an old
/// address taken by a page without writing the site anywhere.
#[derive(Debug, Default)]
pub(crate) struct OutputPaths {
    taken: std::collections::HashSet<String>,
}

impl OutputPaths {
    /// Claims `rel` (relative to the output root); false when it was taken already.
    pub(crate) fn claim(&mut self, rel: &str) -> bool {
        self.taken.insert(key(rel))
    }
}

impl<'a> FromIterator<&'a str> for OutputPaths {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let mut p = OutputPaths::default();
        for rel in iter {
            p.claim(rel);
        }
        p
    }
}

/// One spelling per file: `a//b/` and `./a/b` name the same file as `a/b` on disk.
fn key(rel: &str) -> String {
    rel.split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_folders_and_what_is_inside() {
        assert!(is_generated("danh-muc-van-ban/"));
        assert!(is_generated("tags/bao-luc/"));
        assert!(is_generated("search"));
        assert!(is_generated("in-an/so-tay.pdf"));
        assert!(!is_generated("binh-dang-gioi/"));
        assert!(!is_generated("tagsx/"));
    }

    #[test]
    fn output_paths_are_claimed_once_whatever_the_spelling() {
        let mut p: OutputPaths = ["index.html", "a/b/index.html"].into_iter().collect();
        assert!(!p.claim("a//b/index.html"));
        assert!(!p.claim("./a/b/index.html"));
        assert!(!p.claim("a/b/index.html"));
        assert!(p.claim("cu/index.html"));
        assert!(!p.claim("cu//index.html"));
    }
}
