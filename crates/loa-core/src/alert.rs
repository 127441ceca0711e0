//! GFM alerts (`> [!NOTE]`): their kinds, the class name both outputs use, and their titles.

use crate::Lang;
use pulldown_cmark::BlockQuoteKind;

/// The five alert kinds of GitHub Flavored Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl From<BlockQuoteKind> for AlertKind {
    fn from(kind: BlockQuoteKind) -> Self {
        match kind {
            BlockQuoteKind::Note => AlertKind::Note,
            BlockQuoteKind::Tip => AlertKind::Tip,
            BlockQuoteKind::Important => AlertKind::Important,
            BlockQuoteKind::Warning => AlertKind::Warning,
            BlockQuoteKind::Caution => AlertKind::Caution,
        }
    }
}

impl AlertKind {
    /// The kind's name: the HTML class `alert-<name>` and the typst template's argument.
    pub fn name(self) -> &'static str {
        match self {
            AlertKind::Note => "note",
            AlertKind::Tip => "tip",
            AlertKind::Important => "important",
            AlertKind::Warning => "warning",
            AlertKind::Caution => "caution",
        }
    }

    /// The title shown above the alert, on screen and on paper.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            AlertKind::Note => lang.pick("Ghi chú", "Note"),
            AlertKind::Tip => lang.pick("Mẹo", "Tip"),
            AlertKind::Important => lang.pick("Quan trọng", "Important"),
            AlertKind::Warning => lang.pick("Cảnh báo", "Warning"),
            AlertKind::Caution => lang.pick("Thận trọng", "Caution"),
        }
    }
}
