//! A leaflet with explicit panels (`panels:` in the booklet file): each content panel holds the
//! `##` parts the booklet file puts on it, and nothing flows from one panel to the next.
//!
//! Two steps. First each panel is typeset as tall as its text (a page of automatic height), at
//! the text sizes of [`crate::trifold`], to find for each panel the largest size at which it
//! fits; a panel that does not fit even at the smallest size is an error at its first part's
//! heading, saying how much too long it is. The three inside panels are kept within one size
//! step of each other ([`consistent_sizes`]). Then each panel is typeset at its size on a panel
//! of the real height, the space left spread between its blocks (more before a sub-heading or a
//! call-out), so each panel is filled from top to foot, and a short panel is set larger rather
//! than with wide gaps.

use crate::assets::PrintAssets;
use crate::document::Fit;
use crate::error::PrintError;
use crate::model::{Booklet, Chapter, PartRef};
use crate::trifold::{CONTENT_PANELS, TEXT_SIZES};
use crate::{compile_booklet, Rendered};
use loa_core::BodyEvent;
use pulldown_cmark::{Event, Tag, TagEnd};
use typst_layout::PagedDocument;

/// The height a content panel gives its text, in points: 210 mm less the 9 mm margins of
/// `print/trifold.typ`.
const TEXT_HEIGHT_PT: f64 = (210.0 - 18.0) * 72.0 / 25.4;
/// The top and bottom margins together, in points.
const MARGINS_PT: f64 = 18.0 * 72.0 / 25.4;

/// Where the panels are, as editors read the leaflet.
const NAMES: [(&str, &str); CONTENT_PANELS] = [
    ("the inner flap", "ô gập vào trong"),
    ("the inside left panel", "ô trong bên trái"),
    ("the inside middle panel", "ô trong ở giữa"),
    ("the inside right panel", "ô trong bên phải"),
];

/// Typesets a leaflet whose panels the booklet file gives.
pub(crate) fn render(
    b: &Booklet,
    assets: &PrintAssets,
    starts: &[PartRef],
) -> Result<Rendered, Vec<PrintError>> {
    if starts.len() != CONTENT_PANELS {
        return Err(vec![PrintError::new(
            &b.source,
            format!(
                "the leaflet gives {} panels; an A4 tri-fold has {CONTENT_PANELS} for its text",
                starts.len()
            ),
        )
        .vi(format!(
            "tờ gấp ghi {} ô; tờ A4 gấp ba có {CONTENT_PANELS} ô cho nội dung",
            starts.len()
        ))]);
    }
    let compile = |text_size: f64, panel_sizes: [f64; CONTENT_PANELS], measure: bool| {
        let fit = Fit {
            text_size,
            fill: 1.0,
            measure,
            panel_sizes,
        };
        compile_booklet(b, assets, Some(fit), &[])
    };
    // Each panel's largest size at which it fits (sizes are few: try them from the top, until
    // every panel has one).
    let mut largest: [Option<f64>; CONTENT_PANELS] = [None; CONTENT_PANELS];
    let mut needs = Vec::new();
    for &size in TEXT_SIZES.iter().rev() {
        let (doc, _) = compile(size, [0.0; CONTENT_PANELS], true)?;
        needs = panel_needs(&doc);
        if needs.len() != CONTENT_PANELS {
            continue;
        }
        for (k, &need) in needs.iter().enumerate() {
            if need <= 1.0 && largest[k].is_none() {
                largest[k] = Some(size);
            }
        }
        if largest.iter().all(Option::is_some) {
            break;
        }
    }
    if largest.iter().any(Option::is_none) {
        let needs: Vec<f64> = (0..CONTENT_PANELS)
            .map(|k| {
                if largest[k].is_some() {
                    0.0
                } else {
                    needs.get(k).copied().unwrap_or(2.0)
                }
            })
            .collect();
        return Err(overflow_errors(b, starts, &needs));
    }
    let sizes = consistent_sizes(largest.map(|s| s.unwrap_or(TEXT_SIZES[0])));
    let size = sizes.iter().copied().fold(f64::INFINITY, f64::min);
    let (doc, warnings) = compile(size, sizes, false)?;
    let pages = doc.pages().len();
    if pages != 2 + CONTENT_PANELS {
        return Err(vec![PrintError::new(
            &b.source,
            format!(
                "the leaflet's panels came out as {} pages, not {CONTENT_PANELS}",
                pages - 2
            ),
        )
        .vi(format!(
            "các ô của tờ gấp thành {} trang thay vì {CONTENT_PANELS}",
            pages - 2
        ))]);
    }
    crate::trifold::finish(&doc, pages, b, assets, warnings)
}

/// The text size of each content panel from the largest at which each fits: the three inside
/// panels, seen together when the leaflet is open, are at most one step (0.5 pt) larger than
/// the smallest of them, so they look like one page; the inner flap, on the outside, keeps its
/// own. A panel set smaller than its largest still fits.
fn consistent_sizes(largest: [f64; CONTENT_PANELS]) -> [f64; CONTENT_PANELS] {
    let step = TEXT_SIZES[1] - TEXT_SIZES[0];
    let inside = largest[1..].iter().copied().fold(f64::INFINITY, f64::min);
    let mut sizes = largest;
    for size in &mut sizes[1..] {
        *size = size.min(inside + step);
    }
    sizes
}

/// For each content panel measured at its natural height, the share of the panel's text
/// height it needs (1.0: exactly full).
fn panel_needs(doc: &PagedDocument) -> Vec<f64> {
    doc.pages()
        .iter()
        .skip(2)
        .map(|page| (page.frame.height().to_pt() - MARGINS_PT) / TEXT_HEIGHT_PT)
        .collect()
}

/// One error per panel too long at the smallest size, at its first part's heading.
fn overflow_errors(b: &Booklet, starts: &[PartRef], needs: &[f64]) -> Vec<PrintError> {
    let smallest = TEXT_SIZES[0];
    let mut errors: Vec<PrintError> = needs
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 1.0)
        .filter_map(|(k, &n)| {
            let start = starts.get(k)?;
            let chapter = b.chapters.get(start.chapter)?;
            let (offset, title) = part_heading(chapter, start.heading)?;
            let percent = (n * 100.0).round();
            let (en, vi) = NAMES[k];
            Some(
                PrintError::new(
                    &chapter.source,
                    format!(
                        "the part “{title}” does not fit on {en} of the leaflet “{}”: even at \
                         the smallest text size ({smallest} pt) it needs {percent}% of the \
                         panel's height",
                        b.id
                    ),
                )
                .vi(format!(
                    "phần “{title}” không vừa {vi} của tờ gấp “{}”: dù với cỡ chữ nhỏ nhất \
                     ({smallest} pt) nó vẫn cần {percent}% chiều cao của ô",
                    b.id
                ))
                .hint(format!(
                    "shorten this part, or move a part to another panel in `panels:` of {}",
                    b.source.display()
                ))
                .hint_vi(format!(
                    "rút ngắn phần này, hoặc chuyển một phần sang ô khác trong `panels:` của {}",
                    b.source.display()
                ))
                .at_offset(&chapter.markdown, chapter.first_line, offset),
            )
        })
        .collect();
    if errors.is_empty() {
        errors.push(
            PrintError::new(&b.source, "the leaflet's panels do not fit on one sheet")
                .vi("các ô của tờ gấp không vừa một tờ"),
        );
    }
    errors
}

/// The byte offset and the text of the `heading`-th heading (outside footnotes) of a chapter.
pub(crate) fn part_heading(chapter: &Chapter, heading: usize) -> Option<(usize, String)> {
    let mut seen = 0usize;
    let mut footnote = 0usize;
    let mut inside: Option<(usize, String)> = None;
    for (event, range) in &chapter.events {
        let BodyEvent::Markdown(event) = event else {
            if let (Some((_, title)), BodyEvent::Mention { text, .. }) = (&mut inside, event) {
                title.push_str(text);
            }
            continue;
        };
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => footnote = footnote.saturating_sub(1),
            Event::Start(Tag::Heading { .. }) if footnote == 0 => {
                if seen == heading {
                    inside = Some((range.start, String::new()));
                }
                seen += 1;
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = &mut inside {
                    title.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) if inside.is_some() => return inside,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::consistent_sizes;

    #[test]
    fn inside_panels_stay_within_one_step_and_the_flap_keeps_its_size() {
        assert_eq!(
            consistent_sizes([12.0, 9.0, 12.0, 10.0]),
            [12.0, 9.0, 9.5, 9.5]
        );
        assert_eq!(
            consistent_sizes([8.0, 11.0, 11.5, 12.0]),
            [8.0, 11.0, 11.5, 11.5]
        );
    }
}
