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
pub use fold::{fold, is_nfc, nfc, slugify, url_slug, MAX_SLUG_BYTES};

/// The interface language of a site (and of its messages).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Picks the Vietnamese or the English form of a message.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}
