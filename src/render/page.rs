//! One page's HTML: what every page's template needs from the site ([`Frame`], computed once
//! per build), the relations between documents (which need every page's Markdown rendered
//! first), and [`PageRenderer`], which has both.
//!
//! Only a document's page shows relations (the pages that cite it, amend or replace it), so
//! `loa build` writes every other page with a [`Frame`] as soon as its Markdown is rendered
//! ([`super::markdown_into`]) and keeps only documents' HTML until the whole site is rendered.

use super::strings::Strings;
use super::views::*;
use super::{context, has_code, menu, BookletLink, RenderOptions, RenderedSite, Theme};
use crate::content::Site;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use std::collections::{BTreeMap, BTreeSet};

/// Derived relations between pages and documents.
#[derive(Default)]
pub(crate) struct Relations<'a> {
    cited_by: BTreeMap<&'a str, BTreeSet<usize>>,
    amended_by: BTreeMap<&'a str, Vec<usize>>,
    replaced_by: BTreeMap<&'a str, Vec<usize>>,
}

pub(crate) fn relations<'a>(site: &'a Site, rendered: &'a RenderedSite) -> Relations<'a> {
    let mut r = Relations {
        cited_by: BTreeMap::new(),
        amended_by: BTreeMap::new(),
        replaced_by: BTreeMap::new(),
    };
    for (i, p) in site.pages.iter().enumerate() {
        let own = p.doc.as_ref().map(|d| d.id.as_str());
        for id in p
            .documents
            .iter()
            .map(String::as_str)
            .chain(rendered.pages[i].cited.iter().map(String::as_str))
        {
            if Some(id) != own && site.documents.contains_key(id) {
                r.cited_by.entry(id).or_default().insert(i);
            }
        }
        if let Some(d) = &p.doc {
            for a in &d.amends {
                r.amended_by.entry(a.as_str()).or_default().push(i);
            }
            for a in &d.replaces {
                r.replaced_by.entry(a.as_str()).or_default().push(i);
            }
        }
    }
    r
}

/// Each page's position in its section's page list.
fn places(site: &Site) -> Vec<Option<usize>> {
    let mut place = vec![None; site.pages.len()];
    for s in &site.sections {
        for (k, &i) in s.pages.iter().enumerate() {
            if let Some(p) = place.get_mut(i) {
                *p = Some(k);
            }
        }
    }
    place
}

/// Content path → the booklets that contain the page, in the booklets' order.
fn in_booklets(booklets: &[BookletLink]) -> BTreeMap<&str, Vec<&BookletLink>> {
    let mut map: BTreeMap<&str, Vec<&BookletLink>> = BTreeMap::new();
    for b in booklets {
        for rel in &b.pages {
            let list = map.entry(rel.as_str()).or_default();
            // A page listed twice in one booklet shows it once, as before.
            if !list.iter().any(|x| std::ptr::eq(*x, b)) {
                list.push(b);
            }
        }
    }
    map
}

/// What every page's template needs from the site (not from any page's Markdown), computed once
/// per build.
pub(crate) struct Frame<'a> {
    site: &'a Site,
    theme: &'a Theme,
    opts: &'a RenderOptions<'a>,
    pub(crate) menu: Vec<MenuView<'a>>,
    /// Each page's place in its section's list (for previous and next), found once: a search
    /// of the section for every page made the build quadratic in the section's size.
    place: Vec<Option<usize>>,
    /// The booklets each page is in, by content path.
    in_booklets: BTreeMap<&'a str, Vec<&'a BookletLink>>,
    site_values: context::SiteValues,
}

/// One page's own rendered parts, as its template shows them.
#[derive(Clone, Copy)]
pub(crate) struct PageParts<'p> {
    pub r: &'p Rendered,
    pub summary: &'p str,
    /// The body HTML (the build takes it out of `r`, to drop it once the page is written).
    pub body: &'p str,
}

impl<'a> Frame<'a> {
    pub(crate) fn new(site: &'a Site, theme: &'a Theme, opts: &'a RenderOptions<'a>) -> Self {
        Frame {
            site,
            theme,
            opts,
            menu: menu::menu(site),
            place: places(site),
            in_booklets: in_booklets(opts.booklets),
            site_values: Default::default(),
        }
    }

    pub(crate) fn site(&self) -> &'a Site {
        self.site
    }

    /// Whether page `i`'s HTML needs every page's Markdown rendered first: a document's page
    /// lists the pages that cite it.
    pub(crate) fn needs_relations(&self, i: usize) -> bool {
        self.site.pages[i].doc.is_some()
    }

    /// The HTML of page `i` as bytes ready to write (no UTF-8 check of the whole page, as
    /// turning it into a `String` would make).
    pub(crate) fn page_bytes(
        &self,
        i: usize,
        page: PageParts<'_>,
        rel: &Relations<'a>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let (template, cx) = self.page_context(i, page, rel);
        self.theme
            .render_bytes(template, &cx, page.body.len() + 16 * 1024)
    }

    /// The template of page `i` and its context, from its own rendered parts and `rel`, the
    /// documents' relations (read for document pages only).
    fn page_context(
        &self,
        i: usize,
        page: PageParts<'_>,
        rel: &Relations<'a>,
    ) -> (&'static str, tera::Context) {
        let (site, theme, opts) = (self.site, self.theme, self.opts);
        let PageParts { r, summary, body } = page;
        let p = &site.pages[i];
        let lang = site.config.language;
        let strings = &theme.strings;
        let mut cx = context::base_context(
            site,
            theme,
            &self.menu,
            (&p.url, &site.sections[p.section].url),
            opts,
            &self.site_values,
        );
        cx.insert("description", summary);
        cx.insert("has_code", &has_code(body));
        cx.insert(
            "canonical",
            &site
                .config
                .base_url
                .as_ref()
                .map(|b| format!("{b}/{}", p.url.trim_end_matches("index.html"))),
        );
        let date = p.date;
        cx.insert(
            "page",
            &PageView {
                title: &p.title,
                url: &p.url,
                kind: p.kind.as_str(),
                kind_label: kind_label(strings, p.kind),
                summary,
                date: short_date(date, lang),
                date_iso: date.map(|d| d.to_string()),
                updated: short_date(p.updated, lang),
                updated_iso: p.updated.map(|d| d.to_string()),
                audience: &p.audience,
                tags: p
                    .tags
                    .iter()
                    .map(|t| TagView {
                        name: t,
                        url: tag_url(t),
                        count: 0,
                    })
                    .collect(),
                content: body,
                extra: &p.extra,
            },
        );
        cx.insert(
            "toc",
            &r.headings
                .iter()
                .filter(|h| h.level <= 3)
                .collect::<Vec<_>>(),
        );
        // Pages with quiz blocks load `quiz.js`.
        cx.insert("quiz", &!r.quizzes.is_empty());
        cx.insert("breadcrumbs", &context::breadcrumbs(site, p.section));
        let relies: Vec<LinkView> = p
            .documents
            .iter()
            .filter_map(|id| site.document(id))
            .map(LinkView::of)
            .collect();
        cx.insert("relies_on", &relies);
        let sec = &site.sections[p.section];
        let pos = self.place.get(i).copied().flatten();
        let prev = pos
            .and_then(|k| k.checked_sub(1))
            .map(|k| LinkView::of(&site.pages[sec.pages[k]]));
        let next = pos
            .and_then(|k| sec.pages.get(k + 1))
            .map(|&k| LinkView::of(&site.pages[k]));
        cx.insert("prev", &prev);
        cx.insert("next", &next);
        let none = Vec::new();
        let booklets = self.in_booklets.get(p.rel.as_str()).unwrap_or(&none);
        cx.insert("booklets", booklets);
        let template = match &p.doc {
            Some(d) => {
                cx.insert("doc", &doc_view(site, d, rel, strings, lang, opts.today));
                "document.html"
            }
            None => "page.html",
        };
        (template, cx)
    }
}

/// Renders single pages of a site whose Markdown is all rendered.
pub struct PageRenderer<'a> {
    frame: Frame<'a>,
    rendered: &'a RenderedSite,
    rel: Relations<'a>,
}

impl<'a> PageRenderer<'a> {
    pub fn new(
        site: &'a Site,
        rendered: &'a RenderedSite,
        theme: &'a Theme,
        opts: &'a RenderOptions<'a>,
    ) -> Self {
        PageRenderer {
            frame: Frame::new(site, theme, opts),
            rendered,
            rel: relations(site, rendered),
        }
    }

    pub(crate) fn menu(&self) -> &[MenuView<'a>] {
        &self.frame.menu
    }

    /// The HTML of page `i`, with the body HTML its [`RenderedSite`] holds (a session keeps it
    /// for the pages it re-renders).
    pub fn page_html(&self, i: usize) -> Result<String, Diagnostic> {
        let page = self.parts(i, &self.rendered.pages[i].html);
        let (template, cx) = self.frame.page_context(i, page, &self.rel);
        self.frame.theme.render(template, &cx)
    }

    /// The HTML of page `i` around `body` (its Markdown's HTML, taken out of the
    /// [`RenderedSite`] by the build), as bytes ready to write.
    pub(crate) fn page_bytes(&self, i: usize, body: &str) -> Result<Vec<u8>, Diagnostic> {
        self.frame.page_bytes(i, self.parts(i, body), &self.rel)
    }

    fn parts<'p>(&'p self, i: usize, body: &'p str) -> PageParts<'p> {
        PageParts {
            r: &self.rendered.pages[i],
            summary: &self.rendered.summaries[i],
            body,
        }
    }
}

fn doc_view<'a>(
    site: &'a Site,
    d: &'a crate::content::DocMeta,
    rel: &Relations<'a>,
    strings: &Strings,
    lang: crate::text::Lang,
    today: crate::text::Date,
) -> DocView<'a> {
    let links = |ids: &[String]| -> Vec<LinkView<'a>> {
        ids.iter()
            .filter_map(|id| site.document(id))
            .map(LinkView::of)
            .collect()
    };
    let idx = |v: Option<&Vec<usize>>| -> Vec<LinkView<'a>> {
        v.map(|v| v.iter().map(|&i| LinkView::of(&site.pages[i])).collect())
            .unwrap_or_default()
    };
    let replaced_by = idx(rel.replaced_by.get(d.id.as_str()));
    let expired = d.expires.is_some_and(|e| e < today);
    let mut relations = Vec::new();
    let mut add = |label: &str, links: Vec<LinkView<'a>>| {
        if !links.is_empty() {
            relations.push(RelationView {
                label: label.to_string(),
                links,
            });
        }
    };
    add(&strings.amends, links(&d.amends));
    add(&strings.amended_by, idx(rel.amended_by.get(d.id.as_str())));
    add(&strings.replaces, links(&d.replaces));
    add(&strings.replaced_by, replaced_by.clone());
    add(
        "cited_by",
        rel.cited_by
            .get(d.id.as_str())
            .map(|s| s.iter().map(|&i| LinkView::of(&site.pages[i])).collect())
            .unwrap_or_default(),
    );
    let fmt = |x: Option<crate::text::Date>| x.map(|x| x.format_long(lang));
    DocView {
        number: &d.number,
        doc_type: &d.doc_type,
        issuer: &d.issuer,
        issued: fmt(d.issued),
        issued_iso: d.issued.map(|x| x.to_string()),
        effective: fmt(d.effective),
        effective_iso: d.effective.map(|x| x.to_string()),
        expires: fmt(d.expires),
        expires_iso: d.expires.map(|x| x.to_string()),
        in_force: replaced_by.is_empty() && !expired,
        replaced_by,
        relations,
    }
}
