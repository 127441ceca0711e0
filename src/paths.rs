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
}
