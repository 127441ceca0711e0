//! The site menu: `menu:` of `loa.yaml` resolved against the content (or the top-level sections
//! when there is none), and the check that every menu link leads somewhere.

use super::views::MenuView;
use crate::content::Site;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{resolve_link as resolve, LinkError, Target};

/// The menu with URLs relative to the output root (external links as written).
pub(crate) fn menu(site: &Site) -> Vec<MenuView<'_>> {
    if site.config.menu.is_empty() {
        // Without a configured menu: the top-level sections, in their order.
        return site.sections[0]
            .subsections
            .iter()
            .map(|&s| MenuView {
                title: &site.sections[s].title,
                url: site.sections[s].url.clone(),
                current: false,
            })
            .collect();
    }
    site.config
        .menu
        .iter()
        .map(|item| {
            let url = match resolve(site, "", &item.link) {
                Ok(Target::Page { url, anchor, .. }) => {
                    anchor.map_or(url.clone(), |a| format!("{url}#{a}"))
                }
                Ok(Target::Asset { url }) => url,
                _ => item.link.trim_start_matches('/').to_string(),
            };
            MenuView {
                title: &item.title,
                url,
                current: false,
            }
        })
        .collect()
}

/// Whether an item of the menu leads to `url` (the page itself, or a place in it).
pub(crate) fn menu_leads_to(site: &Site, url: &str) -> bool {
    menu(site)
        .iter()
        .any(|m| m.url == url || m.url.strip_prefix(url).is_some_and(|a| a.starts_with('#')))
}

/// Checks the menu's links (reported once per build).
pub(crate) fn check_menu(site: &Site) -> Diagnostics {
    let mut d = Diagnostics::new();
    let mut spans = None;
    for (i, item) in site.config.menu.iter().enumerate() {
        let known_generated = crate::paths::is_generated(&item.link);
        if let Err(e) = resolve(site, "", &item.link) {
            if !known_generated {
                // The config is read again only when a link is broken.
                let spans: &crate::yaml::Spans = spans.get_or_insert_with(|| {
                    crate::yaml::Spans::of(
                        &std::fs::read_to_string(site.root.join(crate::config::CONFIG_FILE))
                            .unwrap_or_default(),
                    )
                });
                let (l, c) = spans.value_at(&format!("menu.{i}.link")).unwrap_or((0, 0));
                let why_vi = match &e {
                    LinkError::Absolute => "nó bắt đầu bằng `/`".to_string(),
                    LinkError::OutsideContent => "nó trỏ ra ngoài `content/`".to_string(),
                    LinkError::Missing { tried, .. } => format!("không có `content/{tried}`"),
                };
                d.push(
                    Diagnostic::error("config", crate::config::CONFIG_FILE, format!("the menu link `{}` leads nowhere ({e:?})", item.link))
                        .vi(format!("liên kết `{}` trên trình đơn không dẫn tới trang nào: {why_vi}", item.link))
                        .at(l, c)
                        .hint("menu links are paths inside content/, e.g. `binh-dang-gioi/` or `van-ban/nq-11-nq-tw.md`")
                        .hint_vi("liên kết trên trình đơn là đường dẫn bên trong content/, ví dụ `binh-dang-gioi/` hoặc `van-ban/nq-11-nq-tw.md`"),
                );
            }
        }
    }
    d
}
