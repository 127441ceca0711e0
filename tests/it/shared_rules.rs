//! The rules a page and its printed chapter share (crate `loa-core`): what is a mention of a
//! document, and which link destinations leave the site. Each case is checked on both sides
//! from one fixture, so the two outputs cannot drift apart again.

use crate::support::*;
use std::path::Path;

/// The `<main>` of an output page.
fn page(out: &Path, rel: &str) -> String {
    let html = std::fs::read_to_string(out.join(rel)).unwrap();
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>");
    html[start..end].to_string()
}

/// Each page's (file stem, whether its text links a mention) on the site.
fn site_links() -> Vec<(&'static str, bool)> {
    let site = copy_fixture("shared-rules");
    let mut o = loa::BuildOptions::new(site.path());
    o.booklets = false;
    loa::build(&o).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let out = site.path().join("public");
    ["gach-ngang", "gach-cheo", "nhac-dung"]
        .into_iter()
        .map(|p| {
            let main = page(&out, &format!("bai/{p}/index.html"));
            (p, main.contains("class=\"doc-ref\""))
        })
        .collect()
}

#[test]
fn a_mention_followed_by_a_slash_or_a_dash_is_not_linked_on_the_site() {
    assert_eq!(
        site_links(),
        [
            ("gach-ngang", false),
            ("gach-cheo", false),
            ("nhac-dung", true)
        ]
    );
}

#[test]
fn scheme_relative_links_are_left_as_written_on_the_site() {
    let site = copy_fixture("shared-rules");
    let mut o = loa::BuildOptions::new(site.path());
    o.booklets = false;
    loa::build(&o).unwrap();
    let main = page(&site.path().join("public"), "bai/lien-ket-ngoai/index.html");
    assert!(main.contains("href=\"//example.net/tai-lieu\""), "{main}");
}

#[test]
fn a_drive_letter_is_a_broken_link_not_a_url() {
    let site = copy_fixture("shared-rules");
    std::fs::write(
        site.path().join("content/bai/o-dia.md"),
        "---\ntitle: \"Ổ đĩa\"\n---\n\nXem [tệp](c:x) ở máy tôi.\n",
    )
    .unwrap();
    let mut o = loa::BuildOptions::new(site.path());
    o.booklets = false;
    let err = loa::build(&o).unwrap_err();
    // Refused where it stands (as a broken link, or by the sanitizer as an unknown scheme).
    assert!(
        err.diagnostics
            .iter()
            .any(|d| d.is_error() && d.location() == "content/bai/o-dia.md:5:5"),
        "{:?}",
        err.diagnostics
    );
}

#[cfg(feature = "pdf")]
mod print {
    use super::*;

    /// The typst source of the fixture's booklet, one string per chapter.
    fn chapters() -> Vec<String> {
        let site = copy_fixture("shared-rules");
        let root = site.path();
        let config = loa::config::Config::load(root).unwrap();
        let lang = config.language;
        let theme_name = config.theme.clone();
        let (content, diags) =
            loa::content::load(root, config, &loa::content::LoadOptions { drafts: false });
        assert!(!diags.has_errors(), "{:?}", diags);
        let theme = loa::render::Theme::load(root, &theme_name, lang).unwrap();
        let rendered = loa::render::render_markdown(&content);
        let (defs, diags) = loa::print::load(&content);
        assert!(!diags.has_errors(), "{:?}", diags);
        let booklet = loa::print::to_booklet(&content, &rendered, &defs[0]).unwrap();
        let assets = loa::print::assets(&theme).unwrap();
        let source = loa_print::typst_source(&booklet, &assets);
        source
            .split("#loa-chapter-start()")
            .skip(1)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_mention_is_numbered_in_print_exactly_where_the_site_links_it() {
        let chapters = chapters();
        let printed: Vec<bool> = chapters[..3]
            .iter()
            .map(|c| c.contains("#loa-docnum(\"11-NQ/TW\")"))
            .collect();
        let linked: Vec<bool> = site_links().into_iter().map(|(_, l)| l).collect();
        assert_eq!(printed, linked);
        assert_eq!(printed, [false, false, true]);
    }

    #[test]
    fn scheme_relative_links_are_urls_in_print_too() {
        let chapters = chapters();
        assert!(
            chapters[3].contains("#link(\"//example.net/tai-lieu\")"),
            "{}",
            chapters[3]
        );
    }
}
