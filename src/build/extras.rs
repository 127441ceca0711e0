//! `loa serve`'s background step: the booklets, built from the model its [`crate::Session`]
//! already resolved and rendered, never from a second build of the site. (The search index of
//! that step is kept up to date in place by `serve::search_files`.)

use super::swap::{self, remove_dir, sibling};
use super::{BuildOptions, BuildReport, Failure};
use crate::diagnostic::Diagnostics;
use crate::render::{self, Output, Theme};
#[cfg(feature = "pdf")]
use crate::render::{BookletLink, RenderOptions};
use std::time::Instant;

/// What `loa serve` builds in the background after the pages: the booklets (their PDFs, covers and
/// the "Tài liệu in" page), from the model the session already resolved (no load, no page
/// resolved or rendered again), written into `opts`'s output folder and swapped in atomically
/// like a build. The search index already in that folder (`search/`) moves into the new one.
pub(crate) fn build_extras(
    opts: &BuildOptions,
    site: &crate::content::Site,
    rendered: &render::RenderedSite,
    theme: &Theme,
) -> Result<BuildReport, Failure> {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let output = opts.output_dir();
    let staging = sibling(&output, "loa-new");
    remove_dir(&staging);
    if let Err(e) = std::fs::create_dir_all(&staging) {
        diags.push(swap::staging_error(&staging, &e));
        return Err(Failure::from(diags));
    }
    let out = Output::folder(&staging);
    #[cfg(feature = "pdf")]
    let notes = if opts.booklets {
        booklets_only(opts, site, rendered, theme, &out, &mut diags)
    } else {
        Vec::new()
    };
    #[cfg(not(feature = "pdf"))]
    let notes: Vec<String> = {
        let _ = (site, rendered, theme, &out); // booklets need the PDF engine
        Vec::new()
    };
    if diags.has_errors() {
        remove_dir(&staging);
        return Err(Failure::from(swap::collapse_write_errors(diags)));
    }
    {
        // `loa serve` keeps its search index up to date in this folder itself, file by file
        // (`serve::search_files`): it moves into the new folder with the booklets.
        let kept = output.join("search");
        if kept.is_dir() {
            if let Err(e) = std::fs::rename(&kept, staging.join("search")) {
                diags.push(swap::staging_error(&staging, &e));
                remove_dir(&staging);
                return Err(Failure::from(diags));
            }
        }
    }
    if swap::swap_in_or_clean(&staging, &output, opts.cleanup.as_ref(), &mut diags).is_err() {
        return Err(Failure::from(diags));
    }
    Ok(BuildReport {
        output,
        pages: 0,
        diagnostics: diags.sorted(),
        notes,
        elapsed: start.elapsed(),
    })
}

/// The booklets of [`build_extras`]: their definitions, PDFs, covers and page, and the slide
/// decks' PDFs.
#[cfg(feature = "pdf")]
fn booklets_only(
    opts: &BuildOptions,
    site: &crate::content::Site,
    rendered: &render::RenderedSite,
    theme: &Theme,
    out: &Output,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let (defs, d) = crate::print::load(site);
    diags.extend(d);
    if diags.has_errors() {
        return Vec::new();
    }
    let booklets: Vec<BookletLink> = defs.iter().map(|d| crate::print::link(d, site)).collect();
    let ropts = RenderOptions {
        inject_html: opts.inject_html.as_deref(),
        booklets: &booklets,
        decks: render::prints_decks(site, true),
        today: opts.today,
    };
    match (
        crate::print::build_all(site, rendered, theme, &defs),
        crate::print::build_decks(site, rendered, theme),
    ) {
        (Ok(built), Ok(decks)) if !built.is_empty() || !decks.is_empty() => {
            super::write_booklets(site, theme, out, &ropts, &defs, (&built, &decks), diags)
        }
        (Ok(_), Ok(_)) => Vec::new(),
        (b, d) => {
            diags.extend(b.err().unwrap_or_default());
            diags.extend(d.err().unwrap_or_default());
            Vec::new()
        }
    }
}
