//! Booklets: from `booklets/*.yaml` and the loaded pages to PDFs, through the `loa-print` crate
//! (typst). This module only resolves: which pages, which links lead to another chapter, which
//! documents are cited; the PDF engine lives in its own crate so the rest builds fast.

mod booklets;
mod decks;
mod panels;

pub use booklets::{load, BookletDef};
pub use decks::{build_decks, deck_path, BuiltDeck};

use crate::content::{Page, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{Mentions, Target};
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
    /// What the print engine warns about (the files are complete): a cover title broken
    /// inside a word.
    pub warnings: Vec<Diagnostic>,
}

/// What a file of a [`Built`] booklet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `in-an/<id>.pdf`: the pages in reading order (the two sides of a leaflet).
    Reading,
    /// `in-an/<id>-in-gap.pdf`: A5 pages imposed two-up on A4 for saddle stitching.
    Imposed,
    /// `in-an/<id>-nha-in.pdf`: print-shop mode, the reading pages with bleed and marks.
    Shop,
    /// `in-an/<id>-nha-in-gap.pdf`: print-shop mode, A5 booklets: the imposed sides as spreads
    /// with bleed, marks and the printing instruction in the slug.
    ShopImposed,
}

impl Built {
    /// What the file `k` of [`Built::files`] is.
    pub fn kind(&self, k: usize) -> FileKind {
        let path = self.files.get(k).map_or("", |(p, _)| p.as_str());
        if path.ends_with("-nha-in-gap.pdf") {
            FileKind::ShopImposed
        } else if path.ends_with("-in-gap.pdf") {
            FileKind::Imposed
        } else if path.ends_with("-nha-in.pdf") {
            FileKind::Shop
        } else {
            FileKind::Reading
        }
    }

    /// The output path of the file of kind `kind`, if the booklet has one.
    pub fn file_of(&self, kind: FileKind) -> Option<&str> {
        (0..self.files.len())
            .find(|&k| self.kind(k) == kind)
            .map(|k| self.files[k].0.as_str())
    }

    /// How many sides the file `k` of [`Built::files`] has: the booklet's pages for the
    /// reading and print-shop PDFs, the printed sides (two per A4 sheet) for the imposed one.
    pub fn sides(&self, k: usize) -> usize {
        match self.kind(k) {
            FileKind::Imposed | FileKind::ShopImposed => {
                loa_print::saddle_stitch_order(self.pages).len()
            }
            FileKind::Reading | FileKind::Shop => self.pages,
        }
    }

    /// The file of kind `kind`: (output path, size as shown, how to print it), if there is one.
    pub fn listed(
        &self,
        kind: FileKind,
        format: loa_print::Format,
        lang: crate::text::Lang,
    ) -> Option<crate::render::Download> {
        let k = (0..self.files.len()).find(|&k| self.kind(k) == kind)?;
        Some(self.download(k, format, lang))
    }

    /// The file `k` as the "Tài liệu in" page lists it: path, size, how to print.
    pub fn download(
        &self,
        k: usize,
        format: loa_print::Format,
        lang: crate::text::Lang,
    ) -> crate::render::Download {
        let (path, bytes) = &self.files[k];
        crate::render::Download {
            path: path.clone(),
            size: crate::render::human_size(bytes.len()),
            how: self.how_to_print(k, format, lang),
        }
    }

    /// How to print the file `k` (for the "Tài liệu in" page, never inside the booklet): paper,
    /// one or both sides, the edge to flip on, scale 100%, and how many sheets.
    pub fn how_to_print(
        &self,
        k: usize,
        format: loa_print::Format,
        lang: crate::text::Lang,
    ) -> String {
        use crate::text::Lang::{En, Vi};
        use loa_print::Format::{A4Trifold, A5Booklet, A4};
        let n = self.sides(k);
        let sheets = n.div_ceil(2);
        match (self.kind(k), format, lang) {
            (FileKind::Reading, A5Booklet, Vi) => format!("Đọc trên máy, hoặc in trên giấy A5: in hai mặt, lật theo cạnh dài, tỷ lệ 100% ({sheets} tờ A5)."),
            (FileKind::Reading, A5Booklet, En) => format!("To read on screen, or to print on A5 paper: both sides, flip on the long edge, scale 100% ({sheets} A5 sheets)."),
            (FileKind::Reading, A4, Vi) => format!("Giấy A4 khổ dọc: in hai mặt, lật theo cạnh dài, tỷ lệ 100% ({sheets} tờ A4)."),
            (FileKind::Reading, A4, En) => format!("A4 paper, portrait: both sides, flip on the long edge, scale 100% ({sheets} A4 sheets)."),
            (FileKind::Reading, A4Trifold, Vi) => "Giấy A4 khổ ngang: in hai mặt, lật theo cạnh ngắn, tỷ lệ 100% (không chọn “vừa trang”), 1 tờ; gấp ba theo các vạch ở mép giấy.".to_string(),
            (FileKind::Reading, A4Trifold, En) => "A4 paper, landscape: both sides, flip on the short edge, scale 100% (not “fit to page”), 1 sheet; fold in three at the marks on the edges.".to_string(),
            (FileKind::Imposed, _, Vi) => format!("Giấy A4 khổ ngang: in hai mặt, lật theo cạnh ngắn, tỷ lệ 100% (không chọn “vừa trang”), {sheets} tờ A4; gấp đôi cả chồng rồi đóng ghim ở nếp gấp."),
            (FileKind::Imposed, _, En) => format!("A4 paper, landscape: both sides, flip on the short edge, scale 100% (not “fit to page”), {sheets} A4 sheets; fold the stack in half and staple on the fold."),
            (FileKind::Shop, _, Vi) => "Cho nhà in: mỗi trang thành phẩm có lề xén, dấu cắt và dòng ghi chú ở ngoài khổ; màu RGB, nhà in tự chuyển sang CMYK.".to_string(),
            (FileKind::Shop, _, En) => "For a print shop: each finished page with bleed, crop marks and a slug line outside the trim; colours RGB, converted to CMYK by the shop.".to_string(),
            (FileKind::ShopImposed, _, Vi) => format!("Cho nhà in: {n} mặt ghép trang để đóng ghim giữa, mỗi mặt là hai trang A5 liền nhau (296 × 210 mm) có lề xén, dấu cắt, dấu gấp; in hai mặt, lật theo cạnh ngắn, tỷ lệ 100% (ghi cả ở mép tờ, ngoài khổ thành phẩm); {sheets} tờ."),
            (FileKind::ShopImposed, _, En) => format!("For a print shop: {n} imposed sides for saddle stitching, each two A5 pages side by side (296 × 210 mm) with bleed, crop and fold marks; both sides, flip on the short edge, scale 100% (also printed in the slug, outside the trim); {sheets} sheets."),
        }
    }

    /// "26 pages" for the reading PDF, "14 sides (7 A4 sheets)" for the imposed one.
    pub fn count_label(&self, k: usize, lang: crate::text::Lang) -> String {
        let n = self.sides(k);
        match (self.kind(k), lang) {
            (FileKind::Reading, crate::text::Lang::Vi) => format!("{n} trang"),
            (FileKind::Reading, crate::text::Lang::En) => format!("{n} pages"),
            (FileKind::Shop, crate::text::Lang::Vi) => {
                format!("{n} trang, có lề xén và dấu cắt cho nhà in")
            }
            (FileKind::Shop, crate::text::Lang::En) => {
                format!("{n} pages with bleed and crop marks for a print shop")
            }
            (FileKind::ShopImposed, crate::text::Lang::Vi) => {
                format!(
                    "{n} mặt ({} tờ), có lề xén và dấu cắt cho nhà in",
                    n.div_ceil(2)
                )
            }
            (FileKind::ShopImposed, crate::text::Lang::En) => {
                format!(
                    "{n} sides ({} sheets) with bleed and crop marks for a print shop",
                    n.div_ceil(2)
                )
            }
            (FileKind::Imposed, crate::text::Lang::Vi) => {
                format!("{n} mặt ({} tờ A4)", n.div_ceil(2))
            }
            (FileKind::Imposed, crate::text::Lang::En) => {
                format!("{n} sides ({} A4 sheets)", n.div_ceil(2))
            }
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
    let mut d = match e.message.strip_prefix("warning: ") {
        Some(m) => Diagnostic::warning("print", e.path, m),
        None => Diagnostic::error("print", e.path, e.message),
    }
    .at(e.line, e.col);
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

/// Page `p` as a chapter for the print engine: its body as the site's own events (mentions
/// found by the site's walk), where its images are, and no links or related documents yet
/// (a booklet adds those; a slide deck has none).
fn chapter(site: &Site, p: &Page, mentions: &Mentions) -> Chapter {
    let dir = p.rel.rfind('/').map_or("", |k| &p.rel[..k]);
    let events = crate::markdown::print_events(&crate::markdown::Context {
        site,
        page: crate::markdown::Body::of_page(p),
        mentions,
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
        links: BTreeMap::new(),
        documents: Vec::new(),
    }
}

/// The print engine's input for one booklet.
pub fn to_booklet(
    site: &Site,
    rendered: &RenderedSite,
    def: &BookletDef,
) -> Result<Booklet, Diagnostics> {
    let panels = match &def.panels {
        Some(spec) => Some(panels::resolve(spec, site, rendered, &def.chapters)?),
        None => None,
    };
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
            Chapter {
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
                ..chapter(site, p, &mentions)
            }
        })
        .collect();
    let cover = match &def.cover {
        Some(path) => {
            let bytes = std::fs::read(path)
                .map_err(|e| {
                    Diagnostic::error(
                        "booklet",
                        &def.source,
                        format!("cannot read the cover: {e}"),
                    )
                    .vi(format!("không đọc được ảnh bìa: {e}"))
                })
                .map_err(|d| Diagnostics::from_iter([d]))?;
            let format = loa_print::ImageFormat::from_path(path)
                .ok_or_else(|| {
                    Diagnostic::error(
                        "booklet",
                        &def.source,
                        "the cover must be SVG, PNG, JPEG, GIF or WebP",
                    )
                    .vi("ảnh bìa phải là SVG, PNG, JPEG, GIF hoặc WebP")
                })
                .map_err(|d| Diagnostics::from_iter([d]))?;
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
        layout: loa_print::Layout {
            title_line: def.title_line,
            panels,
            print_shop: def.print_shop,
            short_title: def.short_title.clone(),
            chapter_short_titles: def
                .chapters
                .iter()
                .map(|&i| site.pages[i].short_title.clone())
                .collect(),
        },
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
            let b = to_booklet(site, rendered, def)?;
            let r = loa_print::render(&b, &assets)
                .map_err(|errs| errs.into_iter().map(diagnostic).collect::<Diagnostics>())?;
            let mut files = vec![(format!("in-an/{}.pdf", def.id), r.pdf)];
            if let Some(imposed) = r.imposed {
                files.push((format!("in-an/{}-in-gap.pdf", def.id), imposed));
            }
            if let Some(shop) = r.shop {
                files.push((format!("in-an/{}-nha-in.pdf", def.id), shop));
            }
            if let Some(shop) = r.shop_imposed {
                files.push((format!("in-an/{}-nha-in-gap.pdf", def.id), shop));
            }
            // typst's own warnings stay out (they concern the templates, not the booklet).
            let warnings = r
                .warnings
                .into_iter()
                .filter(|w| w.message.starts_with("warning: the cover title"))
                .map(diagnostic)
                .collect();
            Ok(Built {
                id: def.id.clone(),
                pages: r.pages,
                files,
                warnings,
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
