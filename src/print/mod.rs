//! Booklets: from `booklets/*.yaml` and the loaded pages to PDFs, through the `loa-print` crate
//! (typst). This module only resolves: which pages, which links lead to another chapter, which
//! documents are cited; the PDF engine lives in its own crate so the rest builds fast.

mod booklets;
mod decks;

pub use booklets::{load, BookletDef};
pub use decks::{build_decks, deck_path, BuiltDeck};

use crate::content::Site;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::Target;
use crate::render::{BookletLink, RenderedSite, Theme};
use loa_print::{Booklet, Chapter, DocRef, LinkTarget};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// A built booklet: its files and what the site shows about it.
#[derive(Debug, Clone)]
pub struct Built {
    pub id: String,
    pub pages: usize,
    /// (output path, bytes): `in-an/<id>.pdf` and, for A5, `in-an/<id>-in-gap.pdf`.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Built {
    /// How many sides the file `k` of [`Built::files`] has: the booklet's pages for the
    /// reading PDF, the printed sides (two per A4 sheet) for the imposed one.
    pub fn sides(&self, k: usize) -> usize {
        if k == 0 {
            self.pages
        } else {
            loa_print::saddle_stitch_order(self.pages).len()
        }
    }

    /// "26 pages" for the reading PDF, "14 sides (7 A4 sheets)" for the imposed one.
    pub fn count_label(&self, k: usize, lang: crate::text::Lang) -> String {
        let n = self.sides(k);
        match (k, lang) {
            (0, crate::text::Lang::Vi) => format!("{n} trang"),
            (0, crate::text::Lang::En) => format!("{n} pages"),
            (_, crate::text::Lang::Vi) => format!("{n} mặt ({} tờ A4)", n.div_ceil(2)),
            (_, crate::text::Lang::En) => format!("{n} sides ({} A4 sheets)", n.div_ceil(2)),
        }
    }
}

/// How the site links to a booklet, before or without its PDFs.
pub fn link(def: &BookletDef, site: &Site) -> BookletLink {
    BookletLink {
        id: def.id.clone(),
        title: def.title.clone(),
        url: format!("in-an/{}.pdf", def.id),
        pages: def
            .chapters
            .iter()
            .map(|&i| site.pages[i].rel.clone())
            .collect(),
    }
}

/// Loads the theme's print templates and fonts.
pub fn assets(theme: &Theme) -> Result<loa_print::PrintAssets, Diagnostics> {
    let templates: BTreeMap<String, String> = theme
        .print
        .iter()
        .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).to_string()))
        .collect();
    let fonts: Vec<Vec<u8>> = theme
        .fonts
        .iter()
        .filter(|(n, _)| n.ends_with(".ttf") || n.ends_with(".otf"))
        .map(|(_, b)| b.clone())
        .collect();
    loa_print::PrintAssets::from_memory(
        templates,
        fonts,
        &theme.shown.join("print"),
        &theme.shown.join("fonts"),
    )
    .map_err(|errs| errs.into_iter().map(diagnostic).collect())
}

fn diagnostic(e: loa_print::PrintError) -> Diagnostic {
    let mut d = Diagnostic::error("print", e.path, e.message).at(e.line, e.col);
    d.hint = e.hint;
    d.source_line = e.source_line;
    if let Some(m) = e.message_vi {
        d = d.vi(m);
    }
    if let Some(h) = e.hint_vi {
        d = d.hint_vi(h);
    }
    d
}

/// The print engine's input for one booklet.
pub fn to_booklet(
    site: &Site,
    rendered: &RenderedSite,
    def: &BookletDef,
) -> Result<Booklet, Diagnostic> {
    let base = site.config.base_url.as_deref();
    let mentions = crate::markdown::mentions_of(site);
    let chapter_of: BTreeMap<&str, usize> = def
        .chapters
        .iter()
        .enumerate()
        .map(|(k, &i)| (site.pages[i].rel.as_str(), k))
        .collect();
    let chapters = def
        .chapters
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            let dir = p.rel.rfind('/').map_or("", |k| &p.rel[..k]);
            let mut links = BTreeMap::new();
            // The destinations the resolve phase found: no Markdown is parsed again here.
            for link in &rendered.pages[i].links {
                let target = match link.target.clone() {
                    Target::Page { url, rel, anchor } => match chapter_of.get(rel.as_str()) {
                        Some(&index) => {
                            let heading = anchor.and_then(|a| {
                                rendered.pages[site.by_rel[&rel]].body_heading_position(&a)
                            });
                            Some(LinkTarget::Chapter { index, heading })
                        }
                        None => match site.page_by_rel(&rel).and_then(|t| t.doc.as_ref()) {
                            Some(d) => Some(LinkTarget::Document {
                                number: d.number.clone(),
                            }),
                            None => base.map(|b| LinkTarget::Url {
                                url: format!("{b}/{}", url.trim_end_matches("index.html")),
                            }),
                        },
                    },
                    Target::SamePage { anchor } => {
                        let heading = rendered.pages[i].body_heading_position(&anchor);
                        Some(LinkTarget::Chapter {
                            index: chapter_of[p.rel.as_str()],
                            heading,
                        })
                    }
                    _ => None,
                };
                if let Some(t) = target {
                    links.insert(link.dest.clone(), t);
                }
            }
            // The body in print form, mentions found by the site's own walk.
            let events = crate::markdown::print_events(&crate::markdown::Context {
                site,
                page: crate::markdown::Body::of_page(p),
                mentions: &mentions,
                lang: site.config.language,
                allow_scripts: site.config.allow_scripts,
            });
            Chapter {
                title: p.title.clone(),
                source: p.source.clone(),
                markdown: p.body().to_string(),
                events,
                first_line: p.body_line,
                base_dir: site.root.join("content").join(dir),
                links,
                documents: p
                    .documents
                    .iter()
                    .filter_map(|id| site.document(id))
                    .filter_map(|d| {
                        d.doc.as_ref().map(|m| DocRef {
                            number: m.number.clone(),
                            title: d.title.clone(),
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    let cover = match &def.cover {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                Diagnostic::error(
                    "booklet",
                    &def.source,
                    format!("cannot read the cover: {e}"),
                )
                .vi(format!("không đọc được ảnh bìa: {e}"))
            })?;
            let format = loa_print::ImageFormat::from_path(path).ok_or_else(|| {
                Diagnostic::error(
                    "booklet",
                    &def.source,
                    "the cover must be SVG, PNG, JPEG, GIF or WebP",
                )
                .vi("ảnh bìa phải là SVG, PNG, JPEG, GIF hoặc WebP")
            })?;
            Some(loa_print::Image { bytes, format })
        }
        None => None,
    };
    Ok(Booklet {
        id: def.id.clone(),
        source: def.source.clone(),
        title: def.title.clone(),
        subtitle: def.subtitle.clone(),
        issuer: def
            .issuer
            .clone()
            .or_else(|| Some(site.config.issuer.clone()).filter(|s| !s.is_empty())),
        year: def.year,
        purpose: def.purpose.clone(),
        format: def.format,
        cover,
        site_url: base.map(|b| format!("{b}/")),
        lang: site.config.language,
        imprint: loa_print::Imprint {
            help: site
                .config
                .help
                .iter()
                .map(|h| loa_print::Hotline {
                    label: h.label.clone(),
                    number: h.number.clone(),
                    note: h.note.clone(),
                })
                .collect(),
            ..def.imprint.clone()
        },
        chapters,
        answer_key: def.answer_key,
    })
}

/// Renders the given booklets in parallel; every failure is reported.
pub fn build_all(
    site: &Site,
    rendered: &RenderedSite,
    theme: &Theme,
    defs: &[BookletDef],
) -> Result<Vec<Built>, Diagnostics> {
    if defs.is_empty() {
        return Ok(Vec::new());
    }
    let assets = assets(theme)?;
    let results: Vec<Result<Built, Diagnostics>> = defs
        .par_iter()
        .map(|def| {
            let b = to_booklet(site, rendered, def).map_err(|d| Diagnostics::from_iter([d]))?;
            let r = loa_print::render(&b, &assets)
                .map_err(|errs| errs.into_iter().map(diagnostic).collect::<Diagnostics>())?;
            let mut files = vec![(format!("in-an/{}.pdf", def.id), r.pdf)];
            if let Some(imposed) = r.imposed {
                files.push((format!("in-an/{}-in-gap.pdf", def.id), imposed));
            }
            Ok(Built {
                id: def.id.clone(),
                pages: r.pages,
                files,
            })
        })
        .collect();
    all_or_errors(results)
}

/// Every value when each render succeeded; otherwise the problems of all that failed.
pub(crate) fn all_or_errors<T>(
    results: Vec<Result<T, Diagnostics>>,
) -> Result<Vec<T>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut built = Vec::new();
    for r in results {
        match r {
            Ok(b) => built.push(b),
            Err(d) => diags.extend(d),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(built)
    }
}
