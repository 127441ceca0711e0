//! The theme's interface strings are a typed set: a theme that lacks one, or has one loa does
//! not know, fails to load with the key's name and place, instead of showing an empty label.

use crate::support::*;
use std::path::Path;

/// The `basic` fixture with a copy of the default theme as `themes/rieng`, its Vietnamese
/// strings passed through `edit`.
fn site_with_strings(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let site = copy_fixture("basic");
    let theme = site.path().join("themes/rieng");
    copy_dir(&repo().join("themes/default"), &theme);
    let strings = theme.join("i18n/vi.yaml");
    let text = std::fs::read_to_string(&strings).unwrap();
    std::fs::write(&strings, edit(&text)).unwrap();
    let config = site.path().join("loa.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{yaml}\ntheme: rieng\n")).unwrap();
    site
}

fn first_error(root: &Path) -> loa::diagnostic::Diagnostic {
    let mut o = loa::BuildOptions::new(root);
    o.booklets = false;
    let err = loa::build(&o).unwrap_err();
    err.diagnostics
        .into_iter()
        .find(|d| d.is_error())
        .expect("an error")
}

#[test]
fn a_theme_missing_an_interface_string_fails_naming_it() {
    let site = site_with_strings(|t| {
        t.lines()
            .filter(|l| !l.starts_with("toc:"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let d = first_error(site.path());
    assert_eq!(d.path, Path::new("themes/rieng/i18n/vi.yaml"), "{d}");
    assert!(d.message.contains("`toc`"), "{d}");
}

#[test]
fn a_theme_with_an_unknown_interface_string_fails_with_a_hint() {
    let site = site_with_strings(|t| t.replace("toc: Mục lục", "tocc: Mục lục"));
    let d = first_error(site.path());
    assert!(d.message.contains("tocc"), "{d}");
    assert!(d.line > 0, "{d}");
    assert!(d.hint.as_deref().unwrap_or("").contains("`toc`"), "{d:?}");
}
