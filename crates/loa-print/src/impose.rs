//! Saddle-stitch imposition: the booklet's A5 pages two-up on A4 landscape sheets, in the order
//! that makes a booklet once the sheets are printed double-sided (flip on the short edge),
//! stacked, folded and stapled.
//!
//! The second pass is typst again, placing pages of the first PDF as vector images, so text stays
//! text (selectable, searchable) and fonts stay embedded.

use crate::assets::PrintAssets;
use crate::document::metadata_args;
use crate::error::PrintError;
use crate::model::Booklet;
use crate::world::over_pdf;

/// The pages on each side of each sheet, in printing order (sheet 0 front, sheet 0 back, …), as
/// `[left, right]` 1-based page numbers of the booklet; None is a blank.
///
/// The page count is padded to a multiple of four with blanks placed before the last page, so
/// the back cover stays on the back. With `M` padded pages, sheet `s` carries `M-2s | 1+2s` on
/// its front and `2+2s | M-1-2s` on its back.
pub fn saddle_stitch_order(pages: usize) -> Vec<[Option<usize>; 2]> {
    let padded = pages.div_ceil(4).max(1) * 4;
    // Position in the padded booklet → page of the booklet.
    let page_at = |position: usize| -> Option<usize> {
        if position < pages || (pages == 1 && position == 1) {
            Some(position)
        } else if position == padded && pages > 1 {
            Some(pages)
        } else {
            None
        }
    };
    (0..padded / 4)
        .flat_map(|s| {
            [
                [page_at(padded - 2 * s), page_at(1 + 2 * s)],
                [page_at(2 + 2 * s), page_at(padded - 1 - 2 * s)],
            ]
        })
        .collect()
}

/// The imposed PDF of a booklet PDF of `pages` A5 pages.
pub(crate) fn impose(
    pdf: &[u8],
    pages: usize,
    booklet: &Booklet,
    assets: &PrintAssets,
) -> Result<Vec<u8>, Vec<PrintError>> {
    let sides: Vec<String> = saddle_stitch_order(pages)
        .iter()
        .map(|[l, r]| format!("({}, {})", number(*l), number(*r)))
        .collect();
    let main = format!(
        "#import \"/print/impose.typ\": loa-impose\n\
         #loa-impose(read(\"/booklet.pdf\", encoding: none), ({},), {})\n",
        sides.join(", "),
        metadata_args(booklet)
    );
    over_pdf(
        assets,
        main,
        ("/booklet.pdf", pdf),
        &format!("{}-imposed", booklet.id),
        &booklet.source,
    )
}

fn number(page: Option<usize>) -> String {
    page.map_or_else(|| "none".to_string(), |p| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::saddle_stitch_order;

    #[test]
    fn eight_pages_make_two_sheets() {
        let order = saddle_stitch_order(8);
        let expected = [[8, 1], [2, 7], [6, 3], [4, 5]];
        let got: Vec<[usize; 2]> = order
            .iter()
            .map(|[l, r]| [l.unwrap(), r.unwrap()])
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn blanks_go_before_the_back_cover() {
        // 6 pages → 8: positions 6 and 7 blank, the last page (6) at position 8.
        let order = saddle_stitch_order(6);
        assert_eq!(order[0], [Some(6), Some(1)]);
        assert_eq!(order[1], [Some(2), None]);
        assert_eq!(order[2], [None, Some(3)]);
        assert_eq!(order[3], [Some(4), Some(5)]);
    }

    #[test]
    fn every_page_appears_once() {
        for n in 1..40 {
            let mut seen: Vec<usize> = saddle_stitch_order(n)
                .iter()
                .flatten()
                .flatten()
                .copied()
                .collect();
            seen.sort();
            assert_eq!(seen, (1..=n).collect::<Vec<_>>(), "{n} pages");
            assert_eq!(saddle_stitch_order(n).len(), n.div_ceil(4) * 2);
        }
    }
}
