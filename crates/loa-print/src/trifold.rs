//! The A4 tri-fold leaflet: panels typeset as narrow pages, then placed on the two sides of one
//! landscape sheet by a second typst pass (vector, like the imposition).
//!
//! Panel pages, in order: front cover, back panel, then the content panels. The sheet's outside
//! (page 1) reads inner flap | back | front cover; its inside (page 2) holds three panels in
//! reading order. Content flows inner flap → inside left → inside middle → inside right, unless
//! the booklet file places it panel by panel ([`crate::panels`]).

use crate::assets::PrintAssets;
use crate::document::{metadata_args, Fit};
use crate::error::PrintError;
use crate::model::Booklet;
use crate::world::{export, over_pdf};
use crate::{compile_booklet, Rendered};
use typst_layout::PagedDocument;

/// Panels a leaflet has for content (the inner flap and the three inside panels).
pub const CONTENT_PANELS: usize = 4;

/// Body text sizes tried, in points: the largest that fits is used, so a short leaflet is set
/// large and readable and a long one small; below the smallest, the leaflet does not fit.
pub(crate) const TEXT_SIZES: [f64; 9] = [8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0];
const FIRST_TRY: usize = 2;

type Compiled = (PagedDocument, Vec<PrintError>);

/// Typesets the panels at the largest text size that fits, spreads short text over all content
/// panels, then places the panels on the sheet.
pub(crate) fn render(b: &Booklet, assets: &PrintAssets) -> Result<Rendered, Vec<PrintError>> {
    if let Some(starts) = &b.layout.panels {
        return crate::panels::render(b, assets, starts);
    }
    let content_panels = |doc: &PagedDocument| doc.pages().len().saturating_sub(2);
    let try_fit = |text_size: f64, fill: f64| -> Result<Compiled, Vec<PrintError>> {
        compile_booklet(
            b,
            assets,
            Some(Fit {
                text_size,
                fill,
                measure: false,
                panel_sizes: [0.0; CONTENT_PANELS],
            }),
            &[],
        )
    };
    let mut best: Option<(usize, Compiled)> = None;
    let mut i = FIRST_TRY;
    loop {
        let compiled = try_fit(TEXT_SIZES[i], 1.0)?;
        if content_panels(&compiled.0) <= CONTENT_PANELS {
            best = Some((i, compiled));
            if i + 1 == TEXT_SIZES.len() || i < FIRST_TRY {
                break;
            }
            i += 1;
        } else if best.is_some() || i == 0 {
            best = best.or(Some((i, compiled)));
            break;
        } else {
            i -= 1;
        }
    }
    let (size, mut chosen) = best.expect("the loop always compiles once");
    // Text that leaves panels empty even at the largest size: shorten the panels' text area
    // (bisecting) until it reaches the last one, so the leaflet has no blank panel.
    if content_panels(&chosen.0) < CONTENT_PANELS && content_panels(&chosen.0) > 0 {
        let (mut low, mut high) = (0.3, 1.0);
        for _ in 0..6 {
            let middle: f64 = (low + high) / 2.0;
            let compiled = try_fit(TEXT_SIZES[size], middle)?;
            if content_panels(&compiled.0) <= CONTENT_PANELS {
                high = middle;
                chosen = compiled;
            } else {
                low = middle;
            }
        }
    }
    let (doc, warnings) = chosen;
    finish(&doc, doc.pages().len(), b, assets, warnings)
}

/// The finished leaflet from the panels typst laid out (`pages` of them): composed onto the two
/// A4 sides, with its print-shop file when the booklet asks for one.
pub(crate) fn finish(
    doc: &PagedDocument,
    pages: usize,
    b: &Booklet,
    assets: &PrintAssets,
    mut warnings: Vec<PrintError>,
) -> Result<Rendered, Vec<PrintError>> {
    warnings.extend(crate::title_breaks::check(doc, b, b.layout.title_line));
    let panels = export(doc, &format!("{}-panels", b.id), &b.source)?;
    let sheet = compose(&panels, pages, b, assets)?;
    Ok(Rendered {
        shop: shop(&sheet, b, assets)?,
        pdf: sheet,
        imposed: None,
        shop_imposed: None,
        pages: 2,
        warnings,
    })
}

/// The print-shop PDF of a leaflet's sheet, in print-shop mode: the designed cover (no cover
/// art) is the theme's colour to the sheet's edge, so it runs into the bleed.
pub(crate) fn shop(
    sheet: &[u8],
    b: &Booklet,
    assets: &PrintAssets,
) -> Result<Option<Vec<u8>>, Vec<PrintError>> {
    let Some(shop) = b.layout.print_shop else {
        return Ok(None);
    };
    let fills = if b.cover.is_none() {
        format!(
            "({}, {COVER_X_MM}mm, 0mm, {}mm, 210mm),",
            1,
            297.0 - COVER_X_MM
        )
    } else {
        String::new()
    };
    crate::shop::shop_pdf(sheet, 2, b, shop, &fills, assets).map(Some)
}

/// Where the front cover starts on the sheet's outside, in millimetres from the left edge.
const COVER_X_MM: f64 = 198.5;

/// Places the panel PDF (`pages` panels) on the sheet; errors when the content needs more panels
/// than the leaflet has.
pub(crate) fn compose(
    panels_pdf: &[u8],
    pages: usize,
    b: &Booklet,
    assets: &PrintAssets,
) -> Result<Vec<u8>, Vec<PrintError>> {
    let (booklet_id, booklet_path) = (b.id.as_str(), b.source.as_path());
    let content = pages.saturating_sub(2);
    if content > CONTENT_PANELS {
        let extra = content - CONTENT_PANELS;
        return Err(vec![PrintError::new(
            booklet_path,
            format!(
                "the leaflet “{booklet_id}” does not fit: its text needs {content} panels, an A4 \
                 tri-fold has {CONTENT_PANELS} (overflow: {extra} panel{}, about {}% too much)",
                if extra == 1 { "" } else { "s" },
                extra * 100 / CONTENT_PANELS
            ),
        )
        .vi(format!(
            "tờ gấp “{booklet_id}” không đủ chỗ: nội dung cần {content} ô, tờ A4 gấp ba chỉ có \
             {CONTENT_PANELS} ô (thừa {extra} ô, khoảng {}%)",
            extra * 100 / CONTENT_PANELS
        ))
        .hint("shorten the pages, leave some out, or use format: a5-booklet")
        .hint_vi(
            "rút ngắn các trang, bớt một vài trang, hoặc dùng `format: a5-booklet`",
        )]);
    }
    let main = format!(
        "#import \"/print/trifold.typ\": loa-trifold-sheet\n\
         #loa-trifold-sheet(read(\"/panels.pdf\", encoding: none), {content}, cover-fill: {}, {})\n",
        b.cover.is_none(),
        metadata_args(b)
    );
    over_pdf(
        assets,
        main,
        ("/panels.pdf", panels_pdf),
        booklet_id,
        booklet_path,
    )
}
