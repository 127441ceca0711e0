//! The addresses loa generates itself (`src/paths.rs`): no page may take them. Regression test:
//! the slug check and the menu check used two lists, and only one had `danh-muc-van-ban`.

use crate::support::*;

#[test]
fn a_page_cannot_take_the_document_list_address() {
    let site = copy_fixture("basic");
    std::fs::write(
        site.path().join("content/danh-sach.md"),
        "---\ntitle: Danh sách\nslug: danh-muc-van-ban\nsummary: x\n---\n\nx\n",
    )
    .unwrap();
    let mut o = loa::BuildOptions::new(site.path());
    o.booklets = false;
    let err = loa::build(&o).unwrap_err();
    let d = err
        .diagnostics
        .iter()
        .find(|d| d.code == "slug")
        .unwrap_or_else(|| panic!("{:?}", err.diagnostics));
    assert_eq!(d.path, std::path::Path::new("content/danh-sach.md"), "{d}");
}
