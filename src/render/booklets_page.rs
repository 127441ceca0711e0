//! The "Tài liệu in" page (`in-an/index.html`): the booklets with their downloads.

use super::context::base_context;
use super::menu::menu;
use super::output::Output;
use super::views::LinkView;
use super::{RenderOptions, Theme};
use crate::content::Site;
use crate::diagnostic::Diagnostic;

/// One booklet on the "Tài liệu in" page.
#[derive(serde::Serialize)]
pub struct BookletItem<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub format_label: String,
    pub pages: usize,
    /// The reading PDF.
    pub pdf: Download,
    /// The imposed copy to print and fold on an office printer.
    pub imposed: Option<Download>,
    /// Print-shop mode: the file for a print shop.
    pub shop: Option<Download>,
    /// Print-shop mode, A5 booklets: the imposed file for a print shop.
    pub shop_imposed: Option<Download>,
    pub cover: Option<String>,
    pub chapters: Vec<LinkView<'a>>,
}

/// One file of a booklet on the "Tài liệu in" page.
#[derive(serde::Serialize)]
pub struct Download {
    /// Path from the site's root (`in-an/…`).
    pub path: String,
    pub size: String,
    /// How to print it: paper, sides, flip edge, scale, sheets.
    pub how: String,
}

/// One slide deck on the "Tài liệu in" page.
#[derive(serde::Serialize)]
pub struct DeckItem<'a> {
    pub title: &'a str,
    /// The deck's page on the site.
    pub url: &'a str,
    pub slides: usize,
    pub pdf: String,
    pub pdf_size: String,
    pub handout: String,
    pub handout_size: String,
}

/// Writes `in-an/index.html`, the list of booklets with their downloads.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
pub(crate) fn render_booklets_page(
    site: &Site,
    theme: &Theme,
    out: &Output,
    opts: &RenderOptions,
    items: &[BookletItem],
    decks: &[DeckItem],
) -> Result<(), Diagnostic> {
    let url = "in-an/index.html";
    let mut cx = base_context(
        site,
        theme,
        &menu(site),
        (url, url),
        opts,
        &Default::default(),
    );
    cx.insert("booklets", items);
    cx.insert("decks", decks);
    let html = theme.render("booklets.html", &cx)?;
    out.write(url, html.as_bytes())
}

/// `1.2 MB`, `840 KB`.
pub fn human_size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
