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

/// The page kinds' labels live once, as `kind_*` in the theme's strings: the build generates
/// `static/js/kinds.js` from them, every page loads it before search.js, and neither search.js
/// nor the editing screen keeps a copy. A theme that renames a kind changes it everywhere.
#[test]
fn kind_labels_come_from_one_table_for_templates_and_scripts() {
    let site = site_with_strings(|t| t.replace("kind_guide: Hướng dẫn", "kind_guide: Cẩm nang"));
    let (code, _, err) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 0, "{err}");
    let out = site.path().join("public");
    let kinds = std::fs::read_to_string(out.join("static/js/kinds.js")).unwrap();
    let json = kinds
        .split_once("window.LoaKinds = ")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .unwrap_or_else(|| panic!("{kinds}"));
    let labels: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        labels,
        serde_json::json!({"topic": "Chuyên đề", "document": "Văn bản", "news": "Tin tức",
            "guide": "Cẩm nang", "campaign": "Chiến dịch", "section": "Chuyên mục",
            "slides": "Trình chiếu"})
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let (k, s) = (
        home.find("static/js/kinds.js")
            .expect("pages load kinds.js"),
        home.find("static/js/search.js").unwrap(),
    );
    assert!(k < s, "kinds.js before search.js");
    // search.js is joined at build time from its parts: each is checked, and the joined script.
    let mut scripts: Vec<std::path::PathBuf> =
        std::fs::read_dir(repo().join("themes/default/static/js/search"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    assert!(scripts.len() > 5, "search.js parts: {scripts:?}");
    scripts.push(out.join("static/js/search.js"));
    for script in [
        "src/serve/edit/assets/edit.js",
        "themes/default/templates/search.html",
    ] {
        scripts.push(repo().join(script));
    }
    for script in &scripts {
        let text = std::fs::read_to_string(script).unwrap();
        for label in ["Chuyên đề", "Chiến dịch", "Campaign", "search_kind_"] {
            assert!(
                !text.contains(label),
                "{} keeps a copy: {label}",
                script.display()
            );
        }
    }
}

/// search.js is written as parts (`static/js/search/NN-name.js`); the site gets one script, the
/// parts joined in name order without their whole-line `//` comments, and not the parts
/// themselves. A copy of the default theme on disk is joined like the built-in one.
#[test]
fn search_js_is_its_parts_joined_in_name_order() {
    let site = site_with_strings(|t| t.to_string());
    let (code, _, err) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 0, "{err}");
    let parts_dir = repo().join("themes/default/static/js/search");
    let mut parts: Vec<std::path::PathBuf> = std::fs::read_dir(&parts_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    parts.sort();
    let joined: Vec<u8> = parts
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let lines = text.split_inclusive('\n');
            let code = lines.filter(|l| !l.trim_start().starts_with("//"));
            code.collect::<String>().into_bytes()
        })
        .collect();
    let out = site.path().join("public/static/js");
    assert_eq!(std::fs::read(out.join("search.js")).unwrap(), joined);
    assert!(!out.join("search").exists(), "the parts are not shipped");
    let text = String::from_utf8(joined).unwrap();
    assert!(
        text.starts_with("/* loa search") && text.trim_end().ends_with("})(window, document);")
    );
}
