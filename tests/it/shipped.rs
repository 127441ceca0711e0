//! The shipped content: builds with zero warnings, and every page and document is complete.

use crate::support::*;
use loa::content::{load, LoadOptions};

#[test]
fn shipped_site_builds_without_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let mut o = loa::BuildOptions::new(repo());
    o.output = Some(tmp.path().join("public"));
    o.booklets = false;
    let report = loa::build(&o).unwrap_or_else(|f| {
        panic!(
            "{}",
            f.diagnostics
                .iter()
                .map(|d| d.to_string())
                .collect::<String>()
        )
    });
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert!(report.pages >= 30, "{} pages", report.pages);
}

#[test]
fn every_shipped_page_has_a_summary_and_documents_are_complete() {
    let config = loa::config::Config::load(&repo()).unwrap();
    let (site, diags) = load(&repo(), config, &LoadOptions::default());
    assert!(diags.is_empty(), "{diags:?}");
    for p in &site.pages {
        assert!(p.summary.is_some(), "{} has no summary", p.source.display());
        if let Some(d) = &p.doc {
            assert!(
                !d.number.is_empty() && !d.issuer.is_empty(),
                "{} lacks number or issuer",
                p.source.display()
            );
            // The 2007 law's issue date is not in our facts, so it is the one document without it.
            if d.id != "luat-pcblgd-2007" {
                assert!(
                    d.issued.is_some(),
                    "{} has no issue date",
                    p.source.display()
                );
            }
        }
    }
    assert_eq!(site.documents.len(), 8);
}

#[test]
fn loa_check_finds_nothing_in_the_shipped_site() {
    let mut opts = loa::check::CheckOptions::new(repo());
    opts.booklets = false;
    let findings = loa::check::run(&opts);
    let shown: Vec<String> = findings
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    assert!(findings.is_empty(), "{shown:#?}");
}
