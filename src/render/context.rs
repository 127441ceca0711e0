//! What every template gets (site, menu, `root`, strings, quick exit) and the breadcrumbs.

use super::views::*;
use super::{RenderOptions, Theme};
use crate::content::Site;
use crate::markdown::root_prefix;
use rustc_hash::FxHashMap;
use std::sync::Mutex;

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

/// The templates' `site` value by `root` and current menu path: the same for every page at
/// one depth of one section, so it is made once for them (it was made again for each page).
/// For one site, theme and options.
#[derive(Default)]
pub(crate) struct SiteValues(Mutex<FxHashMap<String, tera::Value>>);

impl SiteValues {
    fn get(
        &self,
        (root, current): (&str, &str),
        make: impl FnOnce() -> tera::Value,
    ) -> tera::Value {
        // `root` is `../` repeated: it holds no line break.
        let key = format!("{root}\n{current}");
        let found = self.0.lock().ok().and_then(|m| m.get(&key).cloned());
        found.unwrap_or_else(|| {
            let value = make();
            if let Ok(mut m) = self.0.lock() {
                m.insert(key, value.clone());
            }
            value
        })
    }
}

/// What every template gets: the site, the menu (with `current` marked), `root`, strings.
/// `url` is the output path being rendered, `current` the one whose menu entry is highlighted;
/// `values` keeps the `site` values made for earlier pages.
pub(crate) fn base_context(
    site: &Site,
    theme: &Theme,
    menu: &[MenuView],
    (url, current): (&str, &str),
    opts: &RenderOptions,
    values: &SiteValues,
) -> tera::Context {
    let root = root_prefix(url);
    let mut cx = tera::Context::new();
    let site_value = values.get((&root, current), || {
        let menu_here: Vec<MenuView> = menu
            .iter()
            .map(|m| MenuView {
                url: format!("{root}{}", m.url),
                ..m.clone()
            })
            .collect();
        tera::Value::from_serializable(&site_view(
            site,
            &menu_here,
            &format!("{root}{current}"),
            !opts.booklets.is_empty() || opts.decks,
        ))
    });
    cx.insert_value("site", site_value);
    cx.insert("root", &root);
    cx.insert("page_path", url.trim_end_matches("index.html"));
    cx.insert(
        "quick_exit",
        &site.config.quick_exit.as_ref().map(|q| q.href(&root)),
    );
    // highlight.css is linked only where the page has highlighted code (`has_code`).
    cx.insert("has_code", &false);
    cx.insert("lang", site.config.language.code());
    cx.insert_value("t", theme.strings_value.clone());
    cx.insert("inject", opts.inject_html.unwrap_or(""));
    cx.insert("description", &site.config.description);
    cx.insert("breadcrumbs", &Vec::<Crumb>::new());
    cx
}
