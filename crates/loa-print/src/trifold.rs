//! The A4 tri-fold leaflet: panels typeset as narrow pages, then placed on the two sides of one
//! landscape sheet by a second typst pass (vector, like the imposition).
//!
//! Panel pages, in order: front cover, back panel, then the content panels. The sheet's outside
//! (page 1) reads inner flap | back | front cover; its inside (page 2) holds three panels in
//! reading order. Content flows inner flap → inside left → inside middle → inside right.

use crate::assets::PrintAssets;
use crate::error::PrintError;
use crate::world::{compile, export, Job, SourceMap};
use std::path::Path;

/// Panels a leaflet has for content (the inner flap and the three inside panels).
pub const CONTENT_PANELS: usize = 4;

/// Places the panel PDF (`pages` panels) on the sheet; errors when the content needs more panels
/// than the leaflet has.
pub(crate) fn compose(
    panels_pdf: &[u8],
    pages: usize,
    booklet_id: &str,
    assets: &PrintAssets,
    booklet_path: &Path,
) -> Result<Vec<u8>, Vec<PrintError>> {
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
        .hint("shorten the pages, leave some out, or use format: a5-booklet")]);
    }
    let main = format!(
        "#import \"/print/trifold.typ\": loa-trifold-sheet\n\
         #loa-trifold-sheet(read(\"/panels.pdf\", encoding: none), {content})\n"
    );
    let source_map = SourceMap::default();
    let job = Job {
        assets,
        main,
        files: vec![("/panels.pdf".to_string(), panels_pdf.to_vec())],
        source_map: &source_map,
        fallback_path: booklet_path,
    };
    let (doc, _) = compile(&job)?;
    export(&doc, booklet_id, booklet_path)
}
