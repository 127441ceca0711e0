//! Loading `content/`: walking the folder, reading files as NFC UTF-8, front matter, sections,
//! slugs and document ids. The result is a plain [`Site`]; problems go into a diagnostics list and
//! loading carries on, so one build reports every broken file at once.

mod files;
mod frontmatter;
mod load;
mod model;
mod read;

#[cfg(feature = "pdf")]
pub(crate) use frontmatter::check_short_title;
pub use frontmatter::{split, PAGE_KEYS, SECTION_KEYS};
pub(crate) use load::{document_refs_of, page_order};
pub use load::{front_line, front_position, load, page_from_text, LoadOptions};
pub use model::{Asset, DocMeta, Kind, Page, Section, Site, SortBy};
pub use read::{decode, read_text, MAX_TEXT_BYTES};
