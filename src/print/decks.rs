//! Slide decks (`kind: slides`) to PDF: `in-an/<slug>-trinh-chieu.pdf`, 16:9, one slide per page,
//! and the handout `in-an/<slug>-ghi-chu.pdf` (A4, each slide with its speaker notes).
//!
//! The resolve phase already split each deck (`facts.slides`); here loa hands the print crate the
//! deck's body in print form and the slide titles, and turns a slide that does not fit into a
//! located error.

use super::{all_or_errors, assets, diagnostic};
use crate::content::{Kind, Site};
use crate::diagnostic::Diagnostics;
use crate::render::{RenderedSite, Theme};
use loa_print::Deck;
use rayon::prelude::*;

/// A deck's PDF, written at `path`.
#[derive(Debug, Clone)]
pub struct BuiltDeck {
    /// The deck's page (index into `site.pages`).
    pub page: usize,
    /// `in-an/<slug>-trinh-chieu.pdf`.
    pub path: String,
    pub bytes: Vec<u8>,
    /// `in-an/<slug>-ghi-chu.pdf`: A4, each slide with its speaker notes.
    pub handout_path: String,
    pub handout: Vec<u8>,
    pub slides: usize,
}

/// The output path of a deck's slides PDF.
pub fn deck_path(slug: &str) -> String {
    format!("in-an/{slug}-trinh-chieu.pdf")
}

/// The print crate's input for the deck on page `i`.
fn to_deck(site: &Site, rendered: &RenderedSite, i: usize) -> Deck {
    let p = &site.pages[i];
    let mentions = crate::markdown::mentions_of(site);
    Deck {
        id: p.slug.clone(),
        title: p.title.clone(),
        lang: site.config.language,
        page: super::chapter(site, p, &mentions),
        titles: rendered.pages[i]
            .slides
            .iter()
            .map(|s| s.title.clone())
            .collect(),
    }
}

/// Renders every deck of the site in parallel; every slide that does not fit is reported.
pub fn build_decks(
    site: &Site,
    rendered: &RenderedSite,
    theme: &Theme,
) -> Result<Vec<BuiltDeck>, Diagnostics> {
    let decks: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].kind == Kind::Slides)
        .collect();
    if decks.is_empty() {
        return Ok(Vec::new());
    }
    let assets = assets(theme)?;
    let results: Vec<Result<BuiltDeck, Diagnostics>> = decks
        .par_iter()
        .map(|&i| {
            let deck = to_deck(site, rendered, i);
            let r = loa_print::render_slides(&deck, &assets)
                .map_err(|errs| errs.into_iter().map(diagnostic).collect::<Diagnostics>())?;
            Ok(BuiltDeck {
                page: i,
                path: deck_path(&deck.id),
                bytes: r.pdf,
                handout_path: format!("in-an/{}-ghi-chu.pdf", deck.id),
                handout: r.handout,
                slides: r.pages,
            })
        })
        .collect();
    all_or_errors(results)
}
