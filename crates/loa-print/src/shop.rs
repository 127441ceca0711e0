//! Print-shop mode (`print: { bleed: 3mm, marks: true }`): a further PDF for a print shop, made
//! from the finished one by a second typst pass (`print/shop.typ`), like the imposition.
//!
//! Each page is placed on a sheet larger than its trimmed size by the bleed and a 12 mm slug on
//! every side. typst 0.15 writes the trimmed size as each page's TrimBox (its `page(bleed:)`);
//! [`crate::boxes`] adds the BleedBox (trim + bleed), which typst does not write. Colour that
//! runs to the trim's edge (the leaflet's designed cover) is extended into the bleed; crop marks
//! and registration marks (in all four inks) and a slug line with the file, the page, the
//! trimmed size and how to print it stand outside the trim, never inside it.
//!
//! Colour: the theme's colours are RGB (sRGB) and typst writes them as such; a print shop
//! converts them to CMYK with its own profile. Only the marks are set in CMYK.

use crate::assets::PrintAssets;
use crate::boxes::{with_bleed_box, SheetBoxes};
use crate::document::metadata_args;
use crate::error::PrintError;
use crate::escape;
use crate::model::{Booklet, Format, Lang, PrintShop};
use crate::world::over_pdfs;

/// The slug around the bleed, in millimetres (`slug` in `print/shop.typ`).
pub(crate) const SLUG_MM: f64 = 12.0;

/// The trimmed size of the finished PDF's pages, in millimetres.
pub(crate) const fn trim(format: Format) -> (f64, f64) {
    match format {
        Format::A5Booklet => (148.0, 210.0),
        Format::A4 => (210.0, 297.0),
        Format::A4Trifold => (297.0, 210.0),
    }
}

/// A booklet's cover art, as the file the print-shop pass reads: it runs into the bleed (the
/// leaflet's art stays inside its panel).
pub(crate) fn cover_art(b: &Booklet) -> Option<(String, Vec<u8>)> {
    match b.format {
        Format::A5Booklet | Format::A4 => b.cover.as_ref().map(|image| {
            let path = format!("/art.{}", image.format.extension());
            (path, image.bytes.clone())
        }),
        Format::A4Trifold => None,
    }
}

/// The slug line of each page: file, page, trimmed size, bleed, how to print.
fn slugs(b: &Booklet, pages: usize, shop: PrintShop) -> Vec<String> {
    let (w, h) = trim(b.format);
    let file = format!("{}-nha-in.pdf", b.id);
    let bleed = shop.bleed_mm;
    (1..=pages)
        .map(|k| match (b.lang, b.format) {
            (Lang::Vi, Format::A4Trifold) => format!(
                "{file} · mặt {} ({k}/{pages}) · thành phẩm {w} × {h} mm, gấp ba · lề xén {bleed} mm · in hai mặt, lật theo cạnh ngắn, tỷ lệ 100% · màu RGB (sRGB)",
                if k == 1 { "ngoài" } else { "trong" }
            ),
            (Lang::Vi, _) => format!(
                "{file} · trang {k}/{pages} · thành phẩm {w} × {h} mm · lề xén {bleed} mm · tỷ lệ 100% · màu RGB (sRGB)"
            ),
            (Lang::En, Format::A4Trifold) => format!(
                "{file} · {} side ({k}/{pages}) · trimmed {w} × {h} mm, folded in three · bleed {bleed} mm · duplex, flip on the short edge, scale 100% · colour RGB (sRGB)",
                if k == 1 { "outside" } else { "inside" }
            ),
            (Lang::En, _) => format!(
                "{file} · page {k}/{pages} · trimmed {w} × {h} mm · bleed {bleed} mm · scale 100% · colour RGB (sRGB)"
            ),
        })
        .collect()
}

/// The print-shop PDF of a finished PDF of `pages` pages. `fills` are the rectangles of the
/// theme's colour that run to the trim's edge, as typst `(page, x, y, width, height)`.
pub(crate) fn shop_pdf(
    finished: &[u8],
    pages: usize,
    b: &Booklet,
    shop: PrintShop,
    fills: &str,
    assets: &PrintAssets,
) -> Result<Vec<u8>, Vec<PrintError>> {
    let (w, h) = trim(b.format);
    let art = cover_art(b);
    let slugs: Vec<String> = slugs(b, pages, shop)
        .iter()
        .map(|s| escape::string(s))
        .collect();
    let main = format!(
        "#import \"/print/shop.typ\": loa-shop\n\
         #loa-shop(read(\"/finished.pdf\", encoding: none), {pages}, ({w}mm, {h}mm), {}mm, {}, ({},), fills: ({fills}), art: {}, {})\n",
        shop.bleed_mm,
        shop.marks,
        slugs.join(", "),
        escape::opt_string(art.as_ref().map(|(path, _)| path.as_str())),
        metadata_args(b)
    );
    let sheet = SheetJob {
        main,
        finished,
        art,
        pass: "shop",
    };
    sheet.compile(b, (w, h), shop, assets)
}

/// One print-shop pass over a finished PDF: the typst source (`main`, reading
/// `/finished.pdf` and the cover art), and the name of the pass for typst's job.
pub(crate) struct SheetJob<'a> {
    pub(crate) main: String,
    pub(crate) finished: &'a [u8],
    pub(crate) art: Option<(String, Vec<u8>)>,
    pub(crate) pass: &'static str,
}

impl SheetJob<'_> {
    /// Compiles the pass and adds the BleedBox around a trim of `trim_mm` set on sheets of
    /// trim + bleed + slug.
    pub(crate) fn compile(
        self,
        b: &Booklet,
        trim_mm: (f64, f64),
        shop: PrintShop,
        assets: &PrintAssets,
    ) -> Result<Vec<u8>, Vec<PrintError>> {
        let ident = format!("{}-{}", b.id, self.pass);
        let mut files = vec![("/finished.pdf".to_string(), self.finished.to_vec())];
        files.extend(self.art);
        let sheet = over_pdfs(assets, self.main, files, &ident, &b.source)?;
        let boxes = SheetBoxes {
            trim_mm,
            edge_mm: shop.bleed_mm + SLUG_MM,
            bleed_mm: shop.bleed_mm,
        };
        with_bleed_box(&sheet, boxes, &b.source)
    }
}
