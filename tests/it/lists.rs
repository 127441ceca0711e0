//! List pages: a tag's page is paginated like a section's list (`tags/<slug>/index.html`, then
//! `tags/<slug>/trang/<n>/index.html`), so a tag on thousands of pages is not one page listing
//! them all; the links between its pages are relative, so they work under any sub-path and from
//! `file://`.

use crate::build::crawl;
use crate::support::*;
use std::path::Path;

/// The `basic` fixture (two pages a list page) with five more pages tagged "gia đình".
fn site_with_a_big_tag() -> tempfile::TempDir {
    let site = copy_fixture("basic");
    let dir = site.path().join("content/tin-tuc");
    std::fs::create_dir_all(&dir).unwrap();
    for (k, title) in ["Bài năm", "Bài một", "Bài bốn", "Bài ba", "Bài hai"]
        .iter()
        .enumerate()
    {
        std::fs::write(
            dir.join(format!("bai-{k}.md")),
            format!("---\ntitle: {title}\nsummary: Tóm tắt.\ntags: [gia đình]\n---\n\nNội dung.\n"),
        )
        .unwrap();
    }
    let mut o = loa::BuildOptions::new(site.path());
    o.booklets = false;
    let report = loa::build(&o).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    site
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The titles of the cards a list page shows, in order.
fn card_titles(html: &str) -> Vec<&str> {
    html.split("<li class=\"card\">")
        .skip(1)
        .map(|card| {
            let link = &card[..card.find("</a>").unwrap()];
            &link[link.rfind('>').unwrap() + 1..]
        })
        .collect()
}

#[test]
fn a_tag_on_more_pages_than_a_list_holds_is_paginated_like_a_section() {
    let site = site_with_a_big_tag();
    let out = site.path().join("public");
    let first = read(&out, "tags/gia-dinh/index.html");
    let second = read(&out, "tags/gia-dinh/trang/2/index.html");
    let third = read(&out, "tags/gia-dinh/trang/3/index.html");
    assert!(!out.join("tags/gia-dinh/trang/4").exists());
    // Two a page (`paginate: 2`), in Vietnamese title order across the pages.
    assert_eq!(card_titles(&first), ["Bài ba", "Bài bốn"], "{first}");
    assert_eq!(card_titles(&second), ["Bài hai", "Bài một"], "{second}");
    assert_eq!(card_titles(&third), ["Bài năm"], "{third}");
    // Each page links its neighbours, relative to itself, naming the file.
    assert!(first.contains(r#"<a rel="next" href="../../tags/gia-dinh/trang/2/index.html">"#));
    assert!(!first.contains(r#"rel="prev""#), "{first}");
    assert!(first.contains("Trang 1 / 3"), "{first}");
    assert!(second.contains(r#"<a rel="prev" href="../../../../tags/gia-dinh/index.html">"#));
    assert!(
        second.contains(r#"<a rel="next" href="../../../../tags/gia-dinh/trang/3/index.html">"#)
    );
    assert!(second.contains("Trang 2 / 3"), "{second}");
    assert!(third.contains(r#"<a rel="prev" href="../../../../tags/gia-dinh/trang/2/index.html">"#));
    assert!(!third.contains(r#"rel="next""#), "{third}");
    // Every page says which page of the tag it is, but the heading stays the tag's name.
    assert!(second.contains("<title>Gia đình · Trang 2 · "), "{second}");
    assert!(second.contains("<h1>Gia đình</h1>"), "{second}");
    assert!(first.contains("<title>Gia đình · "), "{first}");
    // The tags index counts all five and links the first page.
    let tags = read(&out, "tags/index.html");
    assert!(
        tags.contains(r#"href="../tags/gia-dinh/index.html""#),
        "{tags}"
    );
    // Every link of every page, the tag pages' included, resolves to a file of the output.
    crawl(&out);
}

#[test]
fn a_tag_that_fits_on_one_page_has_no_pagination() {
    let site = site_with_a_big_tag();
    let out = site.path().join("public");
    let tag = read(&out, "tags/gioi/index.html");
    assert_eq!(card_titles(&tag).len(), 1, "{tag}");
    assert!(!tag.contains("class=\"pagination\""), "{tag}");
    assert!(!out.join("tags/gioi/trang").exists());
}
