//! Print diagnostics, in the shape of loa's own: `file:line:col`, message, hint.

use std::fmt;
use std::path::PathBuf;

/// One problem found while printing. Line and column are 1-based, the column counts characters;
/// both are 0 when the problem concerns the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintError {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The text of line `line`, for a caret display.
    pub source_line: Option<String>,
    /// The message in Vietnamese, when it has one (typst's own messages are English only).
    pub message_vi: Option<String>,
    /// The hint in Vietnamese, when it has one.
    pub hint_vi: Option<String>,
}

impl PrintError {
    pub(crate) fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        PrintError {
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
            source_line: None,
            message_vi: None,
            hint_vi: None,
        }
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub(crate) fn vi(mut self, message: impl Into<String>) -> Self {
        self.message_vi = Some(message.into());
        self
    }

    pub(crate) fn hint_vi(mut self, hint: impl Into<String>) -> Self {
        self.hint_vi = Some(hint.into());
        self
    }

    /// Adds `en` to the message and `vi` to its Vietnamese form, if there is one.
    pub(crate) fn push_str(&mut self, en: &str, vi: &str) {
        self.message.push_str(en);
        if let Some(m) = &mut self.message_vi {
            m.push_str(vi);
        }
    }

    /// Locates the error at a byte offset of a chapter's Markdown, which starts at `first_line`.
    pub(crate) fn at_offset(mut self, markdown: &str, first_line: usize, offset: usize) -> Self {
        let offset = floor_char_boundary(markdown, offset.min(markdown.len()));
        let before = &markdown[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        self.line = first_line.max(1) + before.matches('\n').count();
        self.col = markdown[line_start..offset].chars().count() + 1;
        let line_end = markdown[line_start..]
            .find('\n')
            .map_or(markdown.len(), |i| line_start + i);
        self.source_line = Some(
            markdown[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        );
        self
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for PrintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for PrintError {}
