//! Borrowed views that templates see: small serde structs of references, built per page.

use super::strings::Strings;
use crate::content::{Kind, Page, Site};
use crate::text::{Date, Lang};
use serde::Serialize;

/// A link to a page, for lists, relations and prev/next.
#[derive(Serialize, Clone)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub number: Option<&'a str>,
}

impl<'a> LinkView<'a> {
    pub fn of(p: &'a Page) -> Self {
        LinkView {
            title: &p.title,
            url: &p.url,
            number: p.doc.as_ref().map(|d| d.number.as_str()),
        }
    }
}

/// A page in a list (card).
#[derive(Serialize)]
pub struct CardView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub kind: &'static str,
    pub kind_label: String,
    pub number: Option<&'a str>,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub summary: &'a str,
}

pub fn kind_label(strings: &Strings, kind: Kind) -> String {
    strings.kind(kind).to_string()
}

pub fn short_date(d: Option<Date>, lang: Lang) -> Option<String> {
    d.map(|d| d.format_short(lang))
}

impl<'a> CardView<'a> {
    pub fn of(p: &'a Page, summary: &'a str, strings: &Strings, lang: Lang) -> Self {
        let date = p.doc.as_ref().and_then(|d| d.issued).or(p.date);
        CardView {
            title: &p.title,
            url: &p.url,
            kind: p.kind.as_str(),
            kind_label: kind_label(strings, p.kind),
            number: p.doc.as_ref().map(|d| d.number.as_str()),
            date: short_date(date, lang),
            date_iso: date.map(|d| d.to_string()),
            summary,
        }
    }
}

/// A tag link.
#[derive(Serialize)]
pub struct TagView<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

/// The site-wide part of every context.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub issuer: &'a str,
    pub author: &'a str,
    pub base_url: Option<&'a str>,
    pub menu: Vec<MenuView<'a>>,
    pub has_feed: bool,
    pub has_booklets: bool,
    /// Hotlines (`help:` in loa.yaml), shown as `tel:` links on every page.
    pub help: &'a [crate::config::HelpLine],
}

#[derive(Serialize, Clone)]
pub struct MenuView<'a> {
    pub title: &'a str,
    pub url: String,
    pub current: bool,
}

/// The page being rendered.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub kind: &'static str,
    pub kind_label: String,
    pub summary: &'a str,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    pub audience: &'a [String],
    pub tags: Vec<TagView<'a>>,
    pub content: &'a str,
    pub extra: &'a serde_json::Value,
}

/// A document's metadata and relations.
#[derive(Serialize)]
pub struct DocView<'a> {
    pub number: &'a str,
    pub doc_type: &'a str,
    pub issuer: &'a str,
    pub issued: Option<String>,
    pub issued_iso: Option<String>,
    pub effective: Option<String>,
    pub effective_iso: Option<String>,
    pub expires: Option<String>,
    pub expires_iso: Option<String>,
    pub in_force: bool,
    pub replaced_by: Vec<LinkView<'a>>,
    pub relations: Vec<RelationView<'a>>,
}

#[derive(Serialize)]
pub struct RelationView<'a> {
    pub label: String,
    pub links: Vec<LinkView<'a>>,
}

pub fn tag_url(name: &str) -> String {
    format!("tags/{}/index.html", crate::text::url_slug(name))
}

pub fn site_view<'a>(
    site: &'a Site,
    menu: &[MenuView<'a>],
    current: &str,
    has_booklets: bool,
) -> SiteView<'a> {
    let c = &site.config;
    SiteView {
        title: &c.title,
        description: &c.description,
        issuer: &c.issuer,
        author: &c.author,
        base_url: c.base_url.as_deref(),
        menu: menu
            .iter()
            .map(|m| MenuView {
                current: m.url == current,
                ..m.clone()
            })
            .collect(),
        has_feed: c.base_url.is_some(),
        has_booklets,
        help: &c.help,
    }
}
