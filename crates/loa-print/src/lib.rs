//! loa's PDF engine: booklets and leaflets from already-resolved pages, typeset with typst.
//!
//! loa resolves a booklet (which pages, their links and documents) and hands this crate a
//! [`Booklet`]; [`render`] returns the PDFs. Markdown becomes typst markup made only of function
//! calls with escaped text (no editor text can change the layout), the theme's templates in
//! `themes/default/print/` lay it out, and typst compiles it in memory with the theme's fonts only.
//!
//! - `a5-booklet`: A5 pages in reading order, and a second PDF with the pages imposed two-up on
//!   A4 landscape for saddle stitching ([`saddle_stitch_order`]).
//! - `a4`: A4 pages, no imposition.
//! - `a4-trifold`: one A4 landscape sheet, six panels; content that does not fit is an error.
//!
//! Slide decks (`kind: slides`) become a 16:9 PDF, one slide per page ([`render_slides`]).
//!
//! Why typst (DESIGN §11): correct Vietnamese shaping (NFD too), a table of contents with page
//! numbers, running heads, figures and tables, and PDF pages placeable as vector images, which
//! makes imposition a second pass. The cost is about 300 crates, which is why this is its own crate.
//!
//! The output is deterministic: no dates, a fixed creator, a document id derived from the
//! booklet's id.

mod assets;
mod boxes;
mod document;
mod error;
mod escape;
mod impose;
mod markup;
mod model;
mod panels;
mod qr;
mod quiz;
mod shop;
mod shop_imposed;
mod slides;
mod strings;
mod tails;
mod title_breaks;
mod trifold;
mod world;

pub use assets::PrintAssets;
pub use error::PrintError;
pub use impose::saddle_stitch_order;
pub use loa_core::{BodyEvent, BodyEvents};
pub use model::{
    AnswerKey, Booklet, Chapter, Colophon, DocRef, Format, Hotline, Image, ImageFormat, Imprint,
    Lang, Layout, LinkTarget, PartRef, PrintShop,
};
pub use slides::{render_slides, Deck, RenderedDeck};
pub use trifold::CONTENT_PANELS;

use model::Lang as BookletLang;
use std::collections::HashMap;
use std::path::PathBuf;
use world::SourceMap;

/// The PDFs of one booklet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Pages in reading order (A5 or A4), or the two sides of a tri-fold leaflet.
    pub pdf: Vec<u8>,
    /// A5 booklets only: the pages imposed two-up on A4 landscape for saddle stitching.
    pub imposed: Option<Vec<u8>>,
    /// Print-shop mode only: `pdf`'s pages with bleed, crop and registration marks and a slug.
    pub shop: Option<Vec<u8>>,
    /// Print-shop mode, A5 booklets only: the imposed sides as spreads with bleed, crop, fold
    /// and registration marks, and the printing instruction in the slug.
    pub shop_imposed: Option<Vec<u8>>,
    /// Pages of `pdf` (for a leaflet: 2).
    pub pages: usize,
    /// Things typst found worth a warning; the PDFs are complete.
    pub warnings: Vec<PrintError>,
}

/// Typesets a booklet. All problems are reported at once: characters the fonts cannot draw (with
/// their `file:line:col`), missing images, a leaflet that does not fit, template errors.
pub fn render(booklet: &Booklet, assets: &PrintAssets) -> Result<Rendered, Vec<PrintError>> {
    let result = match booklet.format {
        Format::A5Booklet | Format::A4 => render_pages(booklet, assets),
        Format::A4Trifold => trifold::render(booklet, assets),
    };
    // typst memoizes across compilations; keep what recent renders used, drop the rest.
    typst::comemo::evict(10);
    result
}

fn render_pages(booklet: &Booklet, assets: &PrintAssets) -> Result<Rendered, Vec<PrintError>> {
    let (doc, mut warnings) = tails::compile_with_tails(booklet, assets)?;
    warnings.extend(title_breaks::check(
        &doc,
        booklet,
        booklet.layout.title_line,
    ));
    let pages = doc.pages().len();
    let pdf = world::export(&doc, &booklet.id, &booklet.source)?;
    let imposed = match booklet.format {
        Format::A5Booklet => Some(impose::impose(&pdf, pages, booklet, assets)?),
        _ => None,
    };
    let shop = match booklet.layout.print_shop {
        Some(shop) => Some(shop::shop_pdf(&pdf, pages, booklet, shop, "", assets)?),
        None => None,
    };
    let shop_imposed = match (booklet.layout.print_shop, booklet.format) {
        (Some(shop), Format::A5Booklet) => Some(shop_imposed::shop_imposed_pdf(
            &pdf, pages, booklet, shop, assets,
        )?),
        _ => None,
    };
    Ok(Rendered {
        pdf,
        imposed,
        shop,
        shop_imposed,
        pages,
        warnings,
    })
}

/// Generates and compiles a booklet's main document.
pub(crate) fn compile_booklet(
    booklet: &Booklet,
    assets: &PrintAssets,
    fit: Option<document::Fit>,
    tight: &[usize],
) -> Result<(typst_layout::PagedDocument, Vec<PrintError>), Vec<PrintError>> {
    document::generate(booklet, assets, fit, tight).compile(&booklet.source)
}

/// The generated document being built: typst source, in-memory files, problems found.
pub(crate) struct Generator<'a> {
    pub assets: &'a PrintAssets,
    pub booklet_lang: BookletLang,
    pub out: String,
    pub files: Vec<(String, Vec<u8>)>,
    /// Image file on disk → its virtual path, so an image used twice is loaded once.
    pub image_paths: HashMap<PathBuf, String>,
    pub errors: Vec<PrintError>,
    pub source_map: SourceMap,
    /// The quiz questions printed so far, for the answer key at the end.
    pub quizzes: Vec<quiz::Printed>,
    /// A leaflet with explicit panels: where each panel starts (empty otherwise).
    pub panel_starts: Vec<model::PartRef>,
    /// Panels opened so far (the one being written is number `panel`).
    pub panel: usize,
    /// Extra arguments of every `#loa-panel` call (`measure: true` when measuring).
    pub panel_args: &'static str,
    /// Each content panel's own text size in points (0 or missing: the leaflet's size).
    pub panel_sizes: Vec<f64>,
}

impl<'a> Generator<'a> {
    /// An empty generator for a document in `lang`: no panels, nothing written yet.
    pub(crate) fn new(assets: &'a PrintAssets, lang: BookletLang) -> Self {
        Generator {
            assets,
            booklet_lang: lang,
            out: String::new(),
            files: Vec::new(),
            image_paths: HashMap::new(),
            errors: Vec::new(),
            source_map: SourceMap::default(),
            quizzes: Vec::new(),
            panel_starts: Vec::new(),
            panel: 0,
            panel_args: "",
            panel_sizes: Vec::new(),
        }
    }

    /// The `#loa-panel` call that opens content panel `k` (1-based), without its body.
    pub(crate) fn panel_call(&self, k: usize) -> String {
        let size = match self.panel_sizes.get(k - 1) {
            Some(&pt) if pt > 0.0 => format!(", size: {pt}pt"),
            _ => String::new(),
        };
        format!("#loa-panel({k}{size}{})", self.panel_args)
    }

    /// Compiles what was generated, or returns the problems found while generating it; problems
    /// that cannot be traced to a page are reported at `fallback_path`.
    pub(crate) fn compile(
        self,
        fallback_path: &std::path::Path,
    ) -> Result<(typst_layout::PagedDocument, Vec<PrintError>), Vec<PrintError>> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        let job = world::Job {
            assets: self.assets,
            main: self.out,
            files: self.files,
            source_map: &self.source_map,
            fallback_path,
        };
        world::compile(&job)
    }
}

/// The generated typst source of a booklet, for debugging templates (`loa booklet --typst`).
pub fn typst_source(booklet: &Booklet, assets: &PrintAssets) -> String {
    document::generate(booklet, assets, None, &[]).out
}

#[cfg(test)]
mod tests {
    /// loa renders booklets in parallel: the inputs and the shared assets must cross threads.
    #[test]
    fn inputs_and_assets_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<super::Booklet>();
        check::<super::PrintAssets>();
        check::<super::Rendered>();
        check::<super::PrintError>();
    }
}
