//! The imposed print-shop file of an A5 booklet (`in-an/<id>-nha-in-gap.pdf`, print-shop mode):
//! the saddle-stitch sides of `-in-gap.pdf`, but each side's two A5 pages abut at the fold as a
//! flat 296 × 210 mm spread (the trim), with the bleed around the spread, crop marks at its
//! corners, fold marks at the fold, registration marks, and in the slug the printing
//! instruction ("in hai mặt, lật theo cạnh ngắn, tỷ lệ 100%") with the sheet, side and pages.
//! The sheet is larger than A4 (trim + bleed + a 12 mm slug on every side), so nothing of it
//! is inside the trim; the office file `-in-gap.pdf` (A4, no room outside the trim) carries no
//! instruction, which is on the "Tài liệu in" page instead.

use crate::assets::PrintAssets;
use crate::document::metadata_args;
use crate::error::PrintError;
use crate::escape;
use crate::impose::saddle_stitch_order;
use crate::model::{Booklet, Format, Lang, PrintShop};
use crate::shop::{cover_art, trim, SheetJob};

/// One A5 page, in millimetres.
const PAGE: (f64, f64) = trim(Format::A5Booklet);

/// The slug line of each printed side: file, sheet and side, pages, sizes, how to print.
fn slugs(b: &Booklet, sides: &[[Option<usize>; 2]], shop: PrintShop) -> Vec<String> {
    let file = format!("{}-nha-in-gap.pdf", b.id);
    let bleed = shop.bleed_mm;
    let n = sides.len();
    let (w, h) = (2.0 * PAGE.0, PAGE.1);
    let page = |p: &Option<usize>| p.map_or_else(|| "–".to_string(), |p| p.to_string());
    sides
        .iter()
        .enumerate()
        .map(|(k, [l, r])| {
            let (sheet, front) = (k / 2 + 1, k % 2 == 0);
            let (l, r) = (page(l), page(r));
            match b.lang {
                Lang::Vi => format!(
                    "{file} · tờ {sheet}, mặt {} ({}/{n}) · trang {l} | {r} · thành phẩm trải {w} × {h} mm, gấp đôi còn {} × {h} mm · lề xén {bleed} mm · in hai mặt, lật theo cạnh ngắn, tỷ lệ 100% · màu RGB (sRGB)",
                    if front { "trước" } else { "sau" },
                    k + 1,
                    PAGE.0
                ),
                Lang::En => format!(
                    "{file} · sheet {sheet}, {} ({}/{n}) · pages {l} | {r} · trimmed spread {w} × {h} mm, folded to {} × {h} mm · bleed {bleed} mm · duplex, flip on the short edge, scale 100% · colour RGB (sRGB)",
                    if front { "front" } else { "back" },
                    k + 1,
                    PAGE.0
                ),
            }
        })
        .collect()
}

/// The imposed print-shop PDF of an A5 booklet's finished PDF of `pages` pages.
pub(crate) fn shop_imposed_pdf(
    finished: &[u8],
    pages: usize,
    b: &Booklet,
    shop: PrintShop,
    assets: &PrintAssets,
) -> Result<Vec<u8>, Vec<PrintError>> {
    let order = saddle_stitch_order(pages);
    let number = |p: &Option<usize>| p.map_or_else(|| "none".to_string(), |p| p.to_string());
    let sides: Vec<String> = order
        .iter()
        .map(|[l, r]| format!("({}, {})", number(l), number(r)))
        .collect();
    let slugs: Vec<String> = slugs(b, &order, shop)
        .iter()
        .map(|s| escape::string(s))
        .collect();
    let art = cover_art(b);
    let main = format!(
        "#import \"/print/shop.typ\": loa-shop-imposed\n\
         #loa-shop-imposed(read(\"/finished.pdf\", encoding: none), ({},), ({}mm, {}mm), {}mm, {}, ({},), art: {}, {})\n",
        sides.join(", "),
        PAGE.0,
        PAGE.1,
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
        pass: "shop-imposed",
    };
    sheet.compile(b, (2.0 * PAGE.0, PAGE.1), shop, assets)
}
