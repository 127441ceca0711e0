//! Vietnamese text handling: pure functions, no I/O.
//!
//! Everything that compares, sorts or derives identifiers from text goes through here, so that the
//! slug of a page, the id of a heading and the search index all agree on what "the same word" means.
//! `fold` is the single source of truth; the browser carries a port of it
//! (`themes/default/static/js/fold.js`) and `tests/fold-vectors.json` keeps the two identical.

mod collate;
mod date;
mod fold;

pub use collate::{sort_key, SortKey};
pub use date::Date;
pub use fold::{fold, is_nfc, nfc, nfc_owned, slugify, url_slug, MAX_SLUG_BYTES};

/// The interface language of a site (and of its messages); shared with the print crate.
pub use loa_core::Lang;
