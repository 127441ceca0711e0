//! The rules loa's site (`loa`) and its PDF engine (`loa-print`) must apply identically, in one
//! place: the interface language, GFM alert kinds and their titles, the Markdown dialect, whether
//! a link destination leaves the site, where a document is mentioned in running text, and the
//! resolved body ([`body`]) loa hands the print crate.
//!
//! Before this crate each side had its own copy, and the copies drifted (`c:x` was a URL on one
//! side and a file on the other; "Nghị quyết 11-NQ" was a mention on one side only). Anything
//! the site and the booklets must agree on belongs here; this crate does not depend on typst, so
//! `cargo build --no-default-features` stays fast.

mod alert;
pub mod body;
mod lang;
mod mention;
mod url;

pub use alert::AlertKind;
pub use body::{BodyEvent, BodyEvents, Mentions, Piece};
pub use lang::Lang;
pub use mention::{find_mention, mention_boundary_after, mention_boundary_before};
pub use url::{decode_path, is_external};

/// The Markdown dialect of DESIGN §4. The site and the booklets parse with these options, so a
/// page reads the same on screen and on paper.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}
