//! The input: a booklet already resolved by loa (pages chosen, links and documents looked up).
//!
//! Plain data, no behaviour beyond small conversions, so that loa can build it in its resolve phase
//! and tests can write it by hand.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One booklet or leaflet, as `booklets/<id>.yaml` describes it, with its pages resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Booklet {
    /// The booklet's id (file name of its YAML without extension); also the PDF's document id.
    pub id: String,
    /// The booklet description file, for diagnostics that concern the whole booklet.
    pub source: PathBuf,
    pub title: String,
    pub subtitle: Option<String>,
    /// The issuing body, printed on the cover, the inside cover and the back.
    pub issuer: Option<String>,
    pub year: Option<i32>,
    /// One or two sentences on the inside cover saying what the booklet is for.
    pub purpose: Option<String>,
    pub format: Format,
    pub cover: Option<Image>,
    /// Absolute URL of the site (or of the booklet's page); printed with a QR code on the last page.
    pub site_url: Option<String>,
    /// Interface language: "Mục lục", "Trang", alert titles…
    pub lang: Lang,
    /// What an official publication prints besides its title: parent body, "internal" line,
    /// place, colophon, hotlines.
    pub imprint: Imprint,
    pub chapters: Vec<Chapter>,
    /// What follows the last chapter when the booklet has quiz questions.
    pub answer_key: AnswerKey,
    /// How the content is placed: a leaflet's explicit panels.
    pub layout: Layout,
}

/// Placement the booklet file decides beyond the text itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// A leaflet's `panels:`: where each of its [`crate::CONTENT_PANELS`] content panels starts,
    /// in reading order (inner flap, then the inside left to right). A panel holds its first part
    /// and every part up to the next panel's start. `None`: the text flows over the panels.
    pub panels: Option<Vec<PartRef>>,
    /// Print-shop mode (`print:`): a further PDF with bleed, crop and registration marks.
    pub print_shop: Option<PrintShop>,
    /// The booklet's `short_title:`: the running head of left-hand pages instead of the title.
    pub short_title: Option<String>,
    /// Per chapter, its page's `short_title:`: the running head of right-hand pages instead of
    /// the chapter's title (missing entries: none).
    pub chapter_short_titles: Vec<Option<String>>,
    /// The line of `title:` in the booklet file (0: unknown), where a warning about the cover
    /// title points.
    pub title_line: usize,
}

/// The booklet file's `print: { bleed: 3mm, marks: true }` (DESIGN §12): what a print shop
/// needs beyond the reading PDF.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintShop {
    /// Bleed beyond the trimmed size on every side, in millimetres (0 to 5).
    pub bleed_mm: f64,
    /// Crop marks at the corners of the trim and registration marks in the slug.
    pub marks: bool,
}

/// What print shops usually ask for, and what `print:` gives for a key left out: 3 mm bleed,
/// marks on.
impl Default for PrintShop {
    fn default() -> Self {
        PrintShop {
            bleed_mm: 3.0,
            marks: true,
        }
    }
}

/// A `##` part of a chapter: the chapter's index and the position of the part's heading among
/// the chapter's headings outside footnotes (the numbering of [`LinkTarget::Chapter`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartRef {
    pub chapter: usize,
    pub heading: usize,
}

/// The booklet file's `answer_key:` (DESIGN §12): what a booklet with quiz questions prints after
/// its last chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AnswerKey {
    /// The answers and explanations on a page of their own (the default).
    #[default]
    End,
    /// No answers: the booklet is the question sheet of a contest.
    None,
    /// A contest answer form (name, unit, a grid to tick) instead of the answers.
    Sheet,
}

impl AnswerKey {
    /// Parses the name used in booklet files: `end`, `none`, `sheet`.
    pub fn from_name(name: &str) -> Option<AnswerKey> {
        match name {
            "end" => Some(AnswerKey::End),
            "none" => Some(AnswerKey::None),
            "sheet" => Some(AnswerKey::Sheet),
            _ => None,
        }
    }
}

/// The lines of an official Vietnamese publication around its title (DESIGN §12 booklet keys).
/// Everything optional is printed only when given: nothing is invented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imprint {
    /// The parent body, printed above the issuer on the cover (`parent:`).
    pub parent: Option<String>,
    /// Prints "Tài liệu lưu hành nội bộ" on the cover (`internal:`, default true).
    pub internal: bool,
    /// The place printed with the year at the foot of the cover: "Hà Nội, 2026" (`place:`).
    pub place: Option<String>,
    /// The colophon (`colophon:`).
    pub colophon: Colophon,
    /// The site's hotlines (`help:` in loa.yaml), printed on the back cover.
    pub help: Vec<Hotline>,
}

impl Default for Imprint {
    fn default() -> Self {
        Imprint {
            parent: None,
            internal: true,
            place: None,
            colophon: Colophon::default(),
            help: Vec::new(),
        }
    }
}

/// Who answers for the booklet and how it was printed; each line only when given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Colophon {
    /// "Chịu trách nhiệm nội dung".
    pub responsible: Option<String>,
    /// "Biên soạn".
    pub compiled_by: Option<String>,
    /// Number of copies printed.
    pub print_run: Option<u32>,
    /// The trimmed size as the printer states it ("14,8 × 21 cm").
    pub size: Option<String>,
    /// Where it was printed.
    pub printer: Option<String>,
}

impl Colophon {
    /// Whether any line is given (no colophon is printed otherwise).
    pub fn is_empty(&self) -> bool {
        *self == Colophon::default()
    }
}

/// A hotline: "Công an — 113 — Khi đang gặp nguy hiểm".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hotline {
    pub label: String,
    pub number: String,
    pub note: String,
}

/// The printed format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A5 pages in reading order, plus A4 sheets imposed for saddle stitching.
    A5Booklet,
    /// A4 pages in reading order, no imposition.
    A4,
    /// One A4 landscape sheet, both sides, three panels each.
    A4Trifold,
}

impl Format {
    /// Parses the name used in booklet files: `a5-booklet`, `a4`, `a4-trifold`.
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "a5-booklet" => Some(Format::A5Booklet),
            "a4" => Some(Format::A4),
            "a4-trifold" => Some(Format::A4Trifold),
            _ => None,
        }
    }

    /// The name used in booklet files.
    pub fn name(self) -> &'static str {
        match self {
            Format::A5Booklet => "a5-booklet",
            Format::A4 => "a4",
            Format::A4Trifold => "a4-trifold",
        }
    }
}

/// The interface language of the printed matter: the site's.
pub use loa_core::Lang;

/// An image given as bytes (the cover).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub bytes: Vec<u8>,
    pub format: ImageFormat,
}

/// The image formats print accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl ImageFormat {
    /// From a file extension, case-insensitively (`jpg` and `jpeg` are both JPEG).
    pub fn from_extension(ext: &str) -> Option<ImageFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "png" => Some(ImageFormat::Png),
            "jpg" | "jpeg" => Some(ImageFormat::Jpeg),
            "gif" => Some(ImageFormat::Gif),
            "webp" => Some(ImageFormat::Webp),
            "svg" => Some(ImageFormat::Svg),
            _ => None,
        }
    }

    /// From a path's extension.
    pub fn from_path(path: &Path) -> Option<ImageFormat> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(ImageFormat::from_extension)
    }

    pub(crate) fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Gif => "gif",
            ImageFormat::Webp => "webp",
            ImageFormat::Svg => "svg",
        }
    }
}

/// One page of the site, printed as a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    pub title: String,
    /// The page's file, for diagnostics (`content/binh-dang-gioi/khai-niem.md`).
    pub source: PathBuf,
    /// The page body as written (NFC, front matter removed): only to locate problems and show
    /// their line; the print crate never parses it.
    pub markdown: String,
    /// The body as loa resolved it: Markdown events with the document mentions found, each with
    /// its byte range in `markdown` ([`loa_core::body`]).
    pub events: loa_core::BodyEvents,
    /// 1-based line of `markdown`'s first line in `source`.
    pub first_line: usize,
    /// Where relative image paths resolve.
    pub base_dir: PathBuf,
    /// Link destinations exactly as written in `markdown` (`../van-ban/nq-11.md#muc-tieu`), resolved.
    /// Absolute URLs (`https:`, `mailto:`…) need no entry; other destinations without an entry
    /// print as their text only.
    pub links: BTreeMap<String, LinkTarget>,
    /// The policy documents this page relies on (its `documents:` front matter).
    pub documents: Vec<DocRef>,
}

/// Where a link leads, as far as paper is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another chapter of this booklet; `heading` is the 0-based position of the target heading
    /// among that chapter's Markdown headings (None: the chapter's start).
    /// Printed as the text followed by the page number.
    Chapter {
        index: usize,
        heading: Option<usize>,
    },
    /// A policy document's page that is not in the booklet: printed as the text with the number.
    Document { number: String },
    /// A page of the site that is not in the booklet: the text, and a footnote with the page's
    /// title and its URL (absolute when the site has a base_url; otherwise as loa writes it).
    Page { title: String, url: String },
    /// A resource outside the site: the text, and the URL in a footnote.
    Url { url: String },
}

/// A policy document, shown by its number (`11-NQ/TW`) and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRef {
    pub number: String,
    pub title: String,
}
