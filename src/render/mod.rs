//! The render phase: Markdown of every page (parallel), cross-page checks (anchors, relations),
//! then templates (parallel), written into the staging folder that the build later swaps in.
//!
//! Every link loa writes is relative to the page and names the file (`../../x/index.html`), so
//! one build works at `/`, under any sub-path and from `file://`.

mod aliases;
pub(crate) mod anchors;
mod booklets_page;
mod context;
mod documents;
mod feeds;
mod lists;
mod menu;
mod output;
mod statics;
pub mod strings;
#[cfg(feature = "pdf")]
pub(crate) use booklets_page::render_booklets_page;
pub use booklets_page::{human_size, BookletItem, DeckItem, Download};
pub(crate) use menu::check_menu;
pub(crate) use output::Output;
pub(crate) use statics::{copy_static, KINDS_JS};
mod theme;
mod views;
pub use views::LinkView;

pub use theme::Theme;

use crate::content::Site;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered};
use crate::search::{SearchDoc, SearchSection};
use anchors::broken_anchor;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use strings::Strings;
use views::*;

/// A booklet, as the site shows it (download page, "included in" links).
#[derive(Debug, Clone, serde::Serialize)]
pub struct BookletLink {
    pub id: String,
    pub title: String,
    /// Output path of the reading-order PDF: `in-an/<id>.pdf`.
    pub url: String,
    /// Content paths of the pages it contains.
    #[serde(skip)]
    pub pages: Vec<String>,
}

/// Settings of one render.
pub struct RenderOptions<'a> {
    pub inject_html: Option<&'a str>,
    pub booklets: &'a [BookletLink],
    /// Whether this build prints slide decks ([`prints_decks`]): their PDFs are listed on the
    /// "Tài liệu in" page, which the menu then links even without booklets. Decided once per
    /// build, not once per page (that was a scan of every page for each page written).
    pub decks: bool,
    /// The build's date ([`crate::BuildOptions::today`]): whether a document has expired.
    pub today: crate::text::Date,
}

/// Whether a build with `booklets` on prints slide decks: it has the PDF engine and the site
/// has a `kind: slides` page.
pub(crate) fn prints_decks(site: &Site, booklets: bool) -> bool {
    cfg!(feature = "pdf")
        && booklets
        && site
            .pages
            .iter()
            .any(|p| p.kind == crate::content::Kind::Slides)
}

/// The pages' Markdown rendered once, for templates, search, checks and booklets.
#[derive(Clone)]
pub struct RenderedSite {
    /// One `Arc` a page, like [`Site::pages`]: a save in `loa serve` replaces one page's without
    /// copying the others while the background step holds the model.
    pub pages: Vec<Arc<Rendered>>,
    pub sections: Vec<Rendered>,
    /// Summary of each page: front matter or first paragraph.
    pub summaries: Vec<String>,
    /// How many Markdown files were resolved to make this (pages and sections, each once).
    pub resolved: usize,
    pub diagnostics: Diagnostics,
}

/// Renders every page's and section's Markdown and checks what spans pages (anchors).
pub fn render_markdown(site: &Site) -> RenderedSite {
    let mentions = markdown::mentions_of(site);
    let lang = site.config.language;
    let allow_scripts = site.config.allow_scripts;
    let code = markdown::CodeCache::default();
    let render = |page: markdown::Body<'_>| {
        let cx = markdown::Context {
            site,
            page,
            mentions: &mentions,
            lang,
            allow_scripts,
        };
        markdown::render_with(&cx, &code)
    };
    let pages: Vec<Rendered> = site
        .pages
        .par_iter()
        .map(|p| render(markdown::Body::of_page(p)))
        .collect();
    let sections: Vec<Rendered> = site
        .sections
        .par_iter()
        .map(|s| render(markdown::Body::of_section(s, &markdown::section_rel(s))))
        .collect();
    let mut diagnostics = Diagnostics::new();
    for (i, r) in pages.iter().enumerate() {
        diagnostics.extend(r.diagnostics.iter().cloned());
        let page = &site.pages[i];
        for a in &r.anchors {
            if let Some(&t) = site.by_rel.get(&a.target) {
                let ids = &pages[t].ids;
                diagnostics.extend(broken_anchor(site, &page.source, &page.text, a, ids));
            }
        }
    }
    for r in &sections {
        diagnostics.extend(r.diagnostics.iter().cloned());
    }
    let summaries = site
        .pages
        .iter()
        .zip(&pages)
        .map(|(p, r)| {
            p.summary
                .clone()
                .unwrap_or_else(|| truncate_words(&r.first_paragraph, 300))
        })
        .collect();
    RenderedSite {
        resolved: pages.len() + sections.len(),
        pages: pages.into_iter().map(Arc::new).collect(),
        sections,
        summaries,
        diagnostics,
    }
}

fn truncate_words(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut
        .rfind(' ')
        .map_or(cut.as_str(), |i| &cut[..i])
        .trim_end_matches([',', ';', ':']);
    format!("{cut}…")
}

/// The search index input: one doc per page, from the rendered text, then one per section
/// list page (its `_index.md` intro; the root's is the home page).
pub fn search_docs<'a>(site: &'a Site, rendered: &'a RenderedSite) -> Vec<SearchDoc<'a>> {
    search_sources(site, rendered)
        .into_iter()
        .map(|(d, _)| d)
        .collect()
}

/// [`search_docs`], each with the page and rendered text it was made from (`None` for the
/// section list pages): `loa serve`'s kept index re-tokenizes only the pages a save replaced.
pub(crate) fn search_sources<'a>(
    site: &'a Site,
    rendered: &'a RenderedSite,
) -> Vec<(SearchDoc<'a>, crate::search::live::Source)> {
    let lists = site
        .sections
        .iter()
        .zip(&rendered.sections)
        .map(|(s, r)| SearchDoc {
            url: &s.url,
            title: &s.title,
            kind: crate::content::Kind::Topic,
            list: true,
            tags: &[],
            doc_type: None,
            number: None,
            mentions: &[],
            keywords: &s.keywords,
            year: None,
            summary: s.summary.as_deref().unwrap_or(""),
            sections: searchable(&r.sections),
        })
        .map(|d| (d, None));
    site.pages
        .iter()
        .zip(&rendered.pages)
        .zip(&rendered.summaries)
        .map(|((p, r), summary)| {
            let year = p
                .doc
                .as_ref()
                .and_then(|d| d.issued)
                .or(p.date)
                .map(|d| d.year);
            let doc = SearchDoc {
                url: &p.url,
                title: &p.title,
                kind: p.kind,
                list: false,
                tags: &p.tags,
                doc_type: p
                    .doc
                    .as_ref()
                    .map(|d| d.doc_type.as_str())
                    .filter(|s| !s.is_empty()),
                number: p.doc.as_ref().map(|d| d.number.as_str()),
                mentions: p.doc.as_ref().map_or(&[], |d| d.mentions.as_slice()),
                keywords: &p.keywords,
                year,
                summary,
                sections: searchable(&r.sections),
            };
            (doc, Some((p.clone(), r.clone())))
        })
        .chain(lists)
        .collect()
}

/// The sections worth indexing: all but an empty part before the first heading.
/// A page's sections without an empty part before the first heading (only the first section
/// has no anchor), borrowed: the search index never copies a page's text.
fn searchable(sections: &[SearchSection]) -> std::borrow::Cow<'_, [SearchSection]> {
    match sections.split_first() {
        Some((first, rest)) if first.anchor.is_empty() && first.text.is_empty() => rest.into(),
        _ => sections.into(),
    }
}

/// Whether rendered HTML holds highlighted code (syntect's `hl-` classes), so needs highlight.css.
pub(crate) fn has_code(html: &str) -> bool {
    html.contains("class=\"hl-")
}

/// Writes `bytes` to `out/rel`, creating folders.
pub fn write_file(out: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let path = out.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| folder_error(dir, &e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| {
        Diagnostic::error("io", &path, format!("cannot write: {e}"))
            .vi(format!("không ghi được tệp: {e}"))
    })
}

/// A folder of the output that cannot be created.
pub(crate) fn folder_error(dir: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", dir, format!("cannot create the folder: {e}"))
        .vi(format!("không tạo được thư mục: {e}"))
}

/// Derived relations between pages and documents.
struct Relations<'a> {
    cited_by: BTreeMap<&'a str, BTreeSet<usize>>,
    amended_by: BTreeMap<&'a str, Vec<usize>>,
    replaced_by: BTreeMap<&'a str, Vec<usize>>,
}

fn relations<'a>(site: &'a Site, rendered: &'a RenderedSite) -> Relations<'a> {
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

/// Renders single pages: what every page's template needs, computed once per build.
pub struct PageRenderer<'a> {
    site: &'a Site,
    rendered: &'a RenderedSite,
    theme: &'a Theme,
    opts: &'a RenderOptions<'a>,
    menu: Vec<MenuView<'a>>,
    rel: Relations<'a>,
    /// Each page's place in its section's list (for previous and next), found once: a search
    /// of the section for every page made the build quadratic in the section's size.
    place: Vec<Option<usize>>,
    /// The booklets each page is in, by content path.
    in_booklets: BTreeMap<&'a str, Vec<&'a BookletLink>>,
}

impl<'a> PageRenderer<'a> {
    pub fn new(
        site: &'a Site,
        rendered: &'a RenderedSite,
        theme: &'a Theme,
        opts: &'a RenderOptions<'a>,
    ) -> Self {
        PageRenderer {
            site,
            rendered,
            theme,
            opts,
            menu: menu::menu(site),
            rel: relations(site, rendered),
            place: places(site),
            in_booklets: in_booklets(opts.booklets),
        }
    }

    /// The HTML of page `i`, with the body HTML its [`RenderedSite`] holds (a session keeps it
    /// for the pages it re-renders).
    pub fn page_html(&self, i: usize) -> Result<String, Diagnostic> {
        let (template, cx) = self.page_context(i, &self.rendered.pages[i].html);
        self.theme.render(template, &cx)
    }

    /// The HTML of page `i` around `body` (its Markdown's HTML, taken out of the
    /// [`RenderedSite`] by the build), as bytes ready to write (no UTF-8 check of the whole
    /// page, as turning it into a `String` would make).
    pub(crate) fn page_bytes(&self, i: usize, body: &str) -> Result<Vec<u8>, Diagnostic> {
        let (template, cx) = self.page_context(i, body);
        self.theme
            .render_bytes(template, &cx, body.len() + 16 * 1024)
    }

    /// The template of page `i` and its context, with `body` as its content.
    fn page_context(&self, i: usize, body: &str) -> (&'static str, tera::Context) {
        let (site, rendered, theme, opts) = (self.site, self.rendered, self.theme, self.opts);
        let p = &site.pages[i];
        let lang = site.config.language;
        let strings = &theme.strings;
        let rel = &self.rel;
        let r = &rendered.pages[i];
        let mut cx = context::base_context(
            site,
            theme,
            &self.menu,
            &p.url,
            &site.sections[p.section].url,
            opts,
        );
        cx.insert("description", &rendered.summaries[i]);
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
                summary: &rendered.summaries[i],
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

/// Takes every page's body HTML out of `rendered`, for [`render_site`] to drop each one as soon
/// as its page is written: the whole site's HTML is never held beside the rest of the build.
/// A [`crate::Session`] re-renders the pages it rewrites, so it does not need them either.
pub(crate) fn take_bodies(rendered: &mut RenderedSite) -> Vec<String> {
    rendered
        .pages
        .iter_mut()
        .map(|r| std::mem::take(&mut Arc::make_mut(r).html))
        .collect()
}

/// Renders all HTML pages (page `i` around `bodies[i]`, from [`take_bodies`]), lists, alias
/// redirects and feeds into `out`. Pages are rendered and written in parallel, one at a time per
/// thread, and each body is dropped once its page is written.
pub(crate) fn render_site(
    site: &Site,
    rendered: &RenderedSite,
    bodies: Vec<String>,
    theme: &Theme,
    out: &Output,
    opts: &RenderOptions,
) -> Diagnostics {
    let pages = PageRenderer::new(site, rendered, theme, opts);
    let plan = lists::plan(site);
    // Every path the pages and lists take, before anything is written: the aliases are checked
    // against it.
    let list_urls: Vec<String> = plan.0.iter().map(|j| j.url(site)).collect();
    let mut taken: crate::paths::OutputPaths = site
        .pages
        .iter()
        .map(|p| p.url.as_str())
        .chain(list_urls.iter().map(String::as_str))
        .collect();
    let results: Vec<Result<(), Diagnostic>> = bodies
        .into_par_iter()
        .enumerate()
        .map(|(i, body)| {
            let p = &site.pages[i];
            out.write(&p.url, &pages.page_bytes(i, &body)?)
                .map_err(|d| d.of_page(p))
        })
        .collect();
    let menu = &pages.menu;
    let mut diags: Diagnostics = results.into_iter().filter_map(Result::err).collect();
    diags.extend(lists::render_lists(
        site, rendered, theme, out, menu, opts, plan,
    ));
    diags.extend(aliases::aliases(site, theme, out, &mut taken));
    diags.extend(feeds::feeds(site, rendered, out));
    diags
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
