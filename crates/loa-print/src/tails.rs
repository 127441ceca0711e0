//! Chapter tails tightened (issue 14): a chapter that ends with a few lines on a page of their
//! own is set again with tighter paragraphs (`loa-par-tight` in `print/elements.typ`, about
//! 10 % less height), which takes the tail back onto the chapter's previous page.
//!
//! The template's keep rule (`loa-keep`, [`crate::markup`]) already moves a closing block with
//! the text above it, so no page holds a closing block alone; tightening goes further and
//! removes the short page. It is measured, not guessed: the booklet is typeset, each chapter's
//! end (`<loa-end-k>`, after its documents) located; the chapters whose last page holds less
//! than [`TAIL_SHARE`] of the page are typeset tight, and kept tight only where that made the
//! chapter a page shorter (a chapter starts on a new page, so chapters do not affect each
//! other). At most two more compilations, only for booklets with short tails.

use crate::assets::PrintAssets;
use crate::compile_booklet;
use crate::error::PrintError;
use crate::model::{Booklet, Format};
use typst::foundations::Label;
use typst::introspection::Introspector;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// A chapter's last page whose text takes less than this share of the page's height is a
/// short tail worth tightening: fewer than about four lines (issue 14); a longer tail makes a
/// page worth its paper.
const TAIL_SHARE: f64 = 0.1;
/// The share of a page's height tightening saves on a page of plain text, a little less than
/// the 10 % `loa-par-tight` gives, to try it only where it can take the whole tail back.
const GAIN: f64 = 0.08;

type Compiled = (PagedDocument, Vec<PrintError>);

/// Typesets a booklet (A5 or A4) with its short chapter tails tightened where that helps.
pub(crate) fn compile_with_tails(
    b: &Booklet,
    assets: &PrintAssets,
) -> Result<Compiled, Vec<PrintError>> {
    let first = compile_booklet(b, assets, None, &[])?;
    if !matches!(b.format, Format::A5Booklet | Format::A4) {
        return Ok(first);
    }
    // The top margin of print/booklet.typ, as a share of the page's height.
    let top = match b.format {
        Format::A4 => 22.0 / 297.0,
        _ => 16.0 / 210.0,
    };
    let before = spans(&first.0, b.chapters.len(), top);
    let short: Vec<usize> = before
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_some_and(Span::worth_tightening))
        .map(|(k, _)| k)
        .collect();
    if short.is_empty() {
        return Ok(first);
    }
    let second = compile_booklet(b, assets, None, &short)?;
    let after = spans(&second.0, b.chapters.len(), top);
    let helped: Vec<usize> = short
        .iter()
        .copied()
        .filter(|&k| match (before[k], after[k]) {
            (Some(was), Some(now)) => now.pages < was.pages,
            _ => false,
        })
        .collect();
    if helped.len() == short.len() {
        Ok(second)
    } else if helped.is_empty() {
        Ok(first)
    } else {
        compile_booklet(b, assets, None, &helped)
    }
}

/// Where a chapter lies in the typeset booklet.
#[derive(Debug, Clone, Copy)]
struct Span {
    /// Pages from its title to its end.
    pages: usize,
    /// How much of its last page's height its text takes, from the top margin to its end.
    tail: f64,
}

impl Span {
    /// A short tail that the chapter's other pages, tightened, can plausibly take back.
    fn worth_tightening(self) -> bool {
        self.pages > 1 && self.tail < TAIL_SHARE && self.tail < GAIN * (self.pages - 1) as f64
    }
}

/// The span of each of the `chapters` chapters, if its title and end are found; `top` is the
/// top margin's share of the page's height.
fn spans(doc: &PagedDocument, chapters: usize, top: f64) -> Vec<Option<Span>> {
    let introspector = doc.introspector();
    let position = |name: String| {
        let label = Label::new(PicoStr::intern(&name))?;
        let location = introspector.query_label(label).ok()?.location()?;
        introspector.position(location)
    };
    (0..chapters)
        .map(|k| {
            let start = position(format!("loa-ch-{k}"))?;
            let end = position(format!("loa-end-{k}"))?;
            let height = doc.pages().get(end.page.get() - 1)?.frame.height().to_pt();
            Some(Span {
                pages: end.page.get() + 1 - start.page.get(),
                tail: end.point.y.to_pt() / height - top,
            })
        })
        .collect()
}
