//! What every template gets (site, menu, `root`, strings, quick exit) and the breadcrumbs.

use super::views::*;
use super::{RenderOptions, Theme};
use crate::content::Site;
use crate::markdown::root_prefix;

#[derive(serde::Serialize)]
pub struct Crumb<'a> {
    title: &'a str,
    url: &'a str,
}

pub(crate) fn breadcrumbs(site: &Site, mut section: usize) -> Vec<Crumb<'_>> {
    let mut out = Vec::new();
    loop {
        let s = &site.sections[section];
        out.push(Crumb {
            title: &s.title,
            url: &s.url,
        });
        match s.parent {
            Some(p) => section = p,
            None => break,
        }
    }
    out.reverse();
    out
}

/// What every template gets: the site, the menu (with `current` marked), `root`, strings.
/// `url` is the output path being rendered, `current` the one whose menu entry is highlighted.
pub(crate) fn base_context(
    site: &Site,
    theme: &Theme,
    menu: &[MenuView],
    url: &str,
    current: &str,
    opts: &RenderOptions,
) -> tera::Context {
    let root = root_prefix(url);
    let mut cx = tera::Context::new();
    let menu_here: Vec<MenuView> = menu
        .iter()
        .map(|m| MenuView {
            url: format!("{root}{}", m.url),
            ..m.clone()
        })
        .collect();
    cx.insert(
        "site",
        &site_view(
            site,
            &menu_here,
            &format!("{root}{current}"),
            !opts.booklets.is_empty() || opts.decks,
        ),
    );
    cx.insert("root", &root);
    cx.insert("page_path", url.trim_end_matches("index.html"));
    cx.insert(
        "quick_exit",
        &site.config.quick_exit.as_ref().map(|q| q.href(&root)),
    );
    // highlight.css is linked only where the page has highlighted code (`has_code`).
    cx.insert("has_code", &false);
    cx.insert("lang", site.config.language.code());
    cx.insert("t", &theme.strings);
    cx.insert("inject", opts.inject_html.unwrap_or(""));
    cx.insert("description", &site.config.description);
    cx.insert("breadcrumbs", &Vec::<Crumb>::new());
    cx
}
