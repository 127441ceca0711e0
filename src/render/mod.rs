//! The render phase: Markdown of every page (parallel), cross-page checks (anchors, relations),
//! then templates (parallel), written into the staging folder that the build later swaps in.
//! `loa build` and `loa serve` write each page (documents aside: see `page.rs`) in the Markdown
//! pass itself ([`markdown_into`]), so the whole site's HTML is never held at once.
//!
//! Every link loa writes is relative to the page and names the file (`../../x/index.html`), so
//! one build works at `/`, under any sub-path and from `file://`.

mod aliases;
pub(crate) mod anchors;
mod booklets_page;
mod context;
mod documents;
mod feeds;
pub(crate) mod hold;
mod lists;
mod menu;
mod output;
mod page;
mod statics;
pub mod strings;
#[cfg(feature = "pdf")]
pub(crate) use booklets_page::render_booklets_page;
pub use booklets_page::{human_size, BookletItem, DeckItem, Download};
pub(crate) use feeds::feeds;
pub(crate) use lists::{newest, Job, Lists, Tags};
pub(crate) use menu::{check_menu, menu_leads_to};
pub(crate) use output::Output;
pub(crate) use statics::{copy_static, KINDS_JS};
mod theme;
mod views;
pub(crate) use views::CardView;
pub use views::LinkView;

pub(crate) use hold::Sources;
pub(crate) use page::Frame;
pub use page::PageRenderer;
use page::{PageParts, Relations};

pub use theme::Theme;

use crate::content::Site;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered};
use crate::search::{SearchDoc, SearchSection};
use anchors::broken_anchor;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

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

impl RenderedSite {
    /// Keeps of each page's rendered Markdown only its searchable text (what
    /// [`search_docs`] reads besides the summaries): `loa build` calls it once every page,
    /// list and booklet is written, before the search index. A page shared elsewhere is kept.
    pub(crate) fn keep_only_search_text(&mut self) {
        for r in &mut self.pages {
            if let Some(r) = Arc::get_mut(r) {
                *r = Rendered {
                    sections: std::mem::take(&mut r.sections),
                    ..Rendered::default()
                };
            }
        }
    }
}

/// Renders every page's and section's Markdown and checks what spans pages (anchors).
pub fn render_markdown(site: &Site) -> RenderedSite {
    markdown_pass(site, None, Sources::InPages).0
}

/// Where [`markdown_into`] writes each page as soon as its Markdown is rendered.
#[derive(Clone, Copy)]
pub(crate) struct PageWriter<'w, 'a> {
    pub frame: &'w Frame<'a>,
    pub out: &'w Output<'w>,
}

/// What [`markdown_into`] wrote.
pub(crate) struct Written {
    /// Whether page `i` is written (documents wait for every page's Markdown: see [`Frame`]).
    pub pages: Vec<bool>,
    /// Problems rendering or writing the pages written.
    pub diagnostics: Diagnostics,
    /// With [`Sources::Taken`], what is kept of each page's text (its front matter, or all of
    /// it: see [`hold`]), to give back to the pages ([`Site::put_texts`]).
    pub texts: Vec<(usize, String)>,
}

impl Written {
    /// Nothing written yet, for a site of `pages` pages.
    pub(crate) fn nothing(pages: usize) -> Self {
        Written {
            pages: vec![false; pages],
            diagnostics: Diagnostics::new(),
            texts: Vec::new(),
        }
    }
}

/// [`render_markdown`], also writing each page's HTML into `out` as soon as its Markdown is
/// rendered, and dropping that HTML: `loa build` never holds the whole site's HTML at once (at
/// 100,000 pages it was gigabytes). Documents' pages keep theirs for [`render_site`]. With
/// [`Sources::Taken`], each page's body and most of its rendered Markdown are dropped too
/// ([`hold`]).
pub(crate) fn markdown_into(
    site: &Site,
    writer: PageWriter<'_, '_>,
    sources: Sources,
) -> (RenderedSite, Written) {
    markdown_pass(site, Some(writer), sources)
}

/// One page after the Markdown pass: its Markdown, summary, whether (and how) it was written,
/// and what is kept of its text when the pass was handed it.
struct Done {
    r: Rendered,
    summary: String,
    wrote: Option<Result<(), Diagnostic>>,
    text: Option<String>,
}

fn markdown_pass(
    site: &Site,
    writer: Option<PageWriter<'_, '_>>,
    sources: Sources,
) -> (RenderedSite, Written) {
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
    let done: Vec<Done> = site
        .pages
        .par_iter()
        .zip(sources.into_parts(site.pages.len()))
        .enumerate()
        .map(|(i, (p, taken))| {
            let text = taken.as_ref().map_or(p.text.as_str(), |(t, _)| t.as_str());
            let mut r = render(markdown::Body::of_page_in(p, text));
            let summary = p
                .summary
                .clone()
                .unwrap_or_else(|| derived_summary(&r.first_paragraph));
            let wrote = writer
                .filter(|w| !w.frame.needs_relations(i))
                .map(|w| write_page(w, i, &mut r, &summary, text));
            let text = taken.map(|(t, whole)| hold::keep(p, &mut r, t, whole, wrote.is_some()));
            Done {
                r,
                summary,
                wrote,
                text,
            }
        })
        .collect();
    let sections: Vec<Rendered> = site
        .sections
        .par_iter()
        .map(|s| render(markdown::Body::of_section(s, &markdown::section_rel(s))))
        .collect();
    let mut diagnostics = Diagnostics::new();
    for (d, page) in done.iter().zip(&site.pages) {
        diagnostics.extend(d.r.diagnostics.iter().cloned());
        let text = d.text.as_deref().unwrap_or(&page.text);
        for a in &d.r.anchors {
            if let Some(&t) = site.by_rel.get(&a.target) {
                let ids = &done[t].r.ids;
                diagnostics.extend(broken_anchor(site, &page.source, text, a, ids));
            }
        }
    }
    for r in &sections {
        diagnostics.extend(r.diagnostics.iter().cloned());
    }
    let mut written = Written::nothing(done.len());
    let mut pages = Vec::with_capacity(done.len());
    let mut summaries = Vec::with_capacity(done.len());
    for (i, d) in done.into_iter().enumerate() {
        if let Some(result) = d.wrote {
            written.pages[i] = true;
            written.diagnostics.extend(result.err());
        }
        if let Some(text) = d.text {
            written.texts.push((i, text));
        }
        pages.push(Arc::new(d.r));
        summaries.push(d.summary);
    }
    let rendered = RenderedSite {
        resolved: pages.len() + sections.len(),
        pages,
        sections,
        summaries,
        diagnostics,
    };
    (rendered, written)
}

/// Writes page `i` (whose text is `text`) with `w` and takes its HTML out of `r` (dropped once
/// written).
fn write_page(
    w: PageWriter<'_, '_>,
    i: usize,
    r: &mut Rendered,
    summary: &str,
    text: &str,
) -> Result<(), Diagnostic> {
    let body = std::mem::take(&mut r.html);
    let page = PageParts {
        r,
        summary,
        body: &body,
    };
    let bytes = w.frame.page_bytes(i, page, &Relations::default())?;
    let p = &w.frame.site().pages[i];
    w.out
        .write(&p.url, &bytes)
        .map_err(|d| d.of_page_in(p, text))
}

/// The summary of a page without one in its front matter: its first paragraph, cut.
pub(crate) fn derived_summary(first_paragraph: &str) -> String {
    truncate_words(first_paragraph, 300)
}

/// `s` cut after at most `max` characters, at a space, with `…`: a summary made from a page's
/// first paragraph.
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
            key: &s.rel,
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
                key: &p.rel,
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

/// Takes the body HTML of every page not `written` yet out of `rendered`, for [`render_site`]
/// to drop each one as soon as its page is written: the whole site's HTML is never held beside
/// the rest of the build. A [`crate::Session`] re-renders the pages it rewrites, so it does not
/// need them either.
pub(crate) fn take_bodies(rendered: &mut RenderedSite, written: &[bool]) -> Vec<(usize, String)> {
    rendered
        .pages
        .iter_mut()
        .enumerate()
        .filter(|&(i, _)| !written.get(i).copied().unwrap_or(false))
        .map(|(i, r)| (i, std::mem::take(&mut Arc::make_mut(r).html)))
        .collect()
}

/// Renders the HTML pages `bodies` holds (page `i` around its body, from [`take_bodies`]),
/// lists, alias redirects and feeds into `out`. Pages are rendered and written in parallel, one
/// at a time per thread, and each body is dropped once its page is written. Returns the
/// problems found and the site's tags as the lists show them (`loa serve`'s session keeps them
/// up to date from save to save).
pub(crate) fn render_site(
    site: &Site,
    rendered: &RenderedSite,
    bodies: Vec<(usize, String)>,
    theme: &Theme,
    out: &Output,
    opts: &RenderOptions,
) -> (Diagnostics, Tags) {
    let pages = PageRenderer::new(site, rendered, theme, opts);
    let (jobs, tags) = lists::plan(site);
    // Every path the pages and lists take, before anything is written: the aliases are checked
    // against it.
    let list_urls: Vec<String> = jobs.iter().map(|j| j.url(site)).collect();
    let mut taken: crate::paths::OutputPaths = site
        .pages
        .iter()
        .map(|p| p.url.as_str())
        .chain(list_urls.iter().map(String::as_str))
        .collect();
    let results: Vec<Result<(), Diagnostic>> = bodies
        .into_par_iter()
        .map(|(i, body)| {
            let p = &site.pages[i];
            out.write(&p.url, &pages.page_bytes(i, &body)?)
                .map_err(|d| d.of_page(p))
        })
        .collect();
    let menu = pages.menu();
    let mut diags: Diagnostics = results.into_iter().filter_map(Result::err).collect();
    diags.extend(lists::render_lists(
        site,
        rendered,
        theme,
        out,
        menu,
        opts,
        (&jobs, &tags),
    ));
    diags.extend(aliases::aliases(site, theme, out, &mut taken));
    diags.extend(feeds::feeds(site, rendered, out));
    (diags, tags)
}
