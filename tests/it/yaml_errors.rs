//! YAML mistakes are reported at their own line and column, nested keys too, with a hint that
//! fits where the key stands.

use crate::support::*;

fn first_error(site: &std::path::Path) -> loa::diagnostic::Diagnostic {
    let mut o = loa::BuildOptions::new(site);
    o.booklets = false;
    let err = loa::build(&o).unwrap_err();
    err.diagnostics.into_iter().find(|d| d.is_error()).unwrap()
}

fn with_config(extra: &str) -> tempfile::TempDir {
    let site = copy_fixture("basic");
    let config = site.path().join("loa.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{}\n{extra}", yaml.trim_end())).unwrap();
    site
}

fn line_of(site: &std::path::Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(site.join("loa.yaml")).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_typo_in_a_nested_key_of_loa_yaml_is_reported_at_its_line() {
    let site = with_config("search:\n  shard_sise: 1\n");
    let d = first_error(site.path());
    assert_eq!(
        d.location(),
        format!("loa.yaml:{}:3", line_of(site.path(), "shard_sise"))
    );
    assert!(d.message.contains("shard_sise"), "{d}");
    assert!(
        d.hint.as_deref().unwrap_or("").contains("`shard_size`"),
        "{d:?}"
    );
}

#[test]
fn a_key_valid_elsewhere_gets_a_hint_saying_where_it_belongs() {
    let site = with_config("search:\n  title: Tìm\n");
    let d = first_error(site.path());
    assert_eq!(
        d.location(),
        format!("loa.yaml:{}:3", line_of(site.path(), "  title: Tìm"))
    );
    let hint = d.hint.clone().unwrap_or_default();
    assert!(
        hint.contains("top level") && hint.contains("`search:`"),
        "{hint}"
    );
    assert!(!hint.contains("did you mean"), "{hint}");
}

#[cfg(feature = "pdf")]
#[test]
fn a_typo_in_a_booklet_file_is_reported_at_its_line() {
    let site = copy_fixture("shared-rules");
    std::fs::write(
        site.path().join("booklets/tat-ca.yaml"),
        "title: \"Tất cả\"\nformat: a4\npages:\n  - section: bai\n  - pag: bai/dung.md\n",
    )
    .unwrap();
    let err = loa::build(&loa::BuildOptions::new(site.path())).unwrap_err();
    let d = err.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(d.location(), "booklets/tat-ca.yaml:5:5", "{d}");
    assert!(d.hint.as_deref().unwrap_or("").contains("`page`"), "{d:?}");
}

/// The text scan found the first line holding the id, here inside `nq-11-nq-tw`; the parser
/// names the item itself.
#[test]
fn an_unknown_document_id_is_located_at_its_own_item_not_at_a_longer_one() {
    let site = copy_fixture("basic");
    let page = site.path().join("content/binh-dang-gioi/khai-niem.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace(
            "documents: [nq-11-nq-tw]",
            "documents:\n  - nq-11-nq-tw\n  - \"nq-11\"",
        ),
    )
    .unwrap();
    let d = first_error(site.path());
    assert!(d.message.contains("`nq-11`"), "{d}");
    assert_eq!(
        d.location(),
        "content/binh-dang-gioi/khai-niem.md:8:6",
        "{d}"
    );
}

/// A broken menu link is reported at its own `link:`, not at the `menu:` line.
#[test]
fn a_broken_menu_link_is_located_at_its_item() {
    let site = with_config(
        "menu:\n  - title: Khái niệm\n    link: binh-dang-gioi/khai-niem.md\n  - { title: Mất, link: khong-co.md }\n",
    );
    let d = first_error(site.path());
    assert!(d.message.contains("khong-co.md"), "{d}");
    assert_eq!(
        d.location(),
        format!("loa.yaml:{}:25", line_of(site.path(), "khong-co.md")),
        "{d}"
    );
}
