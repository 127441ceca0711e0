//! Diagnostics: every problem of a run, with `file:line:col`, the offending line, a caret and a hint.
//!
//! Phases never stop at the first problem: they push into a [`Diagnostics`] list and carry on, and
//! the caller decides at the end whether the run failed. Lines and columns are 1-based and columns
//! count characters, not bytes, because editors count what they see.

use crate::text::Lang;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as shown to the user (relative to the site root when inside it).
    pub path: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub col: usize,
    /// The message in English; [`Diagnostic::message_in`] picks the site's language.
    pub message: String,
    pub hint: Option<String>,
    /// The text of line `line`, to print with a caret.
    pub source_line: Option<String>,
    /// A short stable code for tools (`front-matter`, `broken-link`, …).
    pub code: &'static str,
    /// The Vietnamese message and hint, boxed so that a diagnostic stays small (it is the error
    /// type of every phase). In JSON they are the fields `message_vi` and `hint_vi`.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub vi: Option<Box<Vietnamese>>,
}

/// The Vietnamese text of a [`Diagnostic`]; what is missing falls back to English.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Vietnamese {
    #[serde(rename = "message_vi", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(rename = "hint_vi", skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
            source_line: None,
            code,
            vi: None,
        }
    }

    pub fn warning(
        code: &'static str,
        path: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }

    /// Sets line and column (1-based, column in characters).
    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    /// Sets line and column and copies the source line out of `source` (the whole file text).
    pub fn at_in(self, source: &str, line: usize, col: usize) -> Self {
        let text = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(str::to_string);
        let mut d = self.at(line, col);
        d.source_line = text;
        d
    }

    /// Locates a byte offset of `source` (the whole file text).
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, col) = line_col(source, offset);
        self.at_in(source, line, col)
    }

    /// Sets the English hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the Vietnamese message.
    pub fn vi(mut self, message: impl Into<String>) -> Self {
        self.vi.get_or_insert_with(Box::default).message = Some(message.into());
        self
    }

    /// Sets the Vietnamese hint.
    pub fn hint_vi(mut self, hint: impl Into<String>) -> Self {
        self.vi.get_or_insert_with(Box::default).hint = Some(hint.into());
        self
    }

    /// The message in `lang`, in English when there is no Vietnamese one.
    pub fn message_in(&self, lang: Lang) -> &str {
        let vi = self.vi.as_ref().and_then(|v| v.message.as_deref());
        match (lang, vi) {
            (Lang::Vi, Some(m)) => m,
            _ => &self.message,
        }
    }

    /// The hint in `lang`, in English when there is no Vietnamese one.
    pub fn hint_in(&self, lang: Lang) -> Option<&str> {
        let vi = self.vi.as_ref().and_then(|v| v.hint.as_deref());
        match (lang, vi) {
            (Lang::Vi, Some(h)) => Some(h),
            _ => self.hint.as_deref(),
        }
    }

    /// A write error of the output file of `page`, moved onto the page's source, so the
    /// editor knows which page (a very long title, a full disk) it is about.
    pub fn of_page(self, page: &crate::content::Page) -> Self {
        self.of_page_in(page, &page.text)
    }

    /// [`Diagnostic::of_page`] for a page whose text `text` is held outside it (while
    /// `loa build` renders it).
    pub(crate) fn of_page_in(mut self, page: &crate::content::Page, text: &str) -> Self {
        let target = self.path.display().to_string();
        self.message = format!("{} (the output file of this page, {target})", self.message);
        let vi = self.message_in(Lang::Vi).to_string();
        self.path = page.source.clone();
        self.vi(format!("{vi} (tệp đầu ra của trang này, {target})"))
            .at_in(text, crate::content::front_line(text, "title"), 1)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The `file:line:col` prefix.
    pub fn location(&self) -> String {
        let p = self.path.display();
        match (self.line, self.col) {
            (0, _) => format!("{p}"),
            (l, 0) => format!("{p}:{l}"),
            (l, c) => format!("{p}:{l}:{c}"),
        }
    }

    /// Renders the diagnostic for a terminal, in the given language.
    pub fn render(&self, lang: Lang) -> String {
        let label = match (self.severity, lang) {
            (Severity::Error, Lang::Vi) => "lỗi",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Vi) => "cảnh báo",
            (Severity::Warning, Lang::En) => "warning",
        };
        let message = self.message_in(lang);
        let mut out = format!("{label}: {message}\n  --> {}\n", self.location());
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            out.push_str(&format!("{pad} |\n{num} | {src}\n"));
            if self.col > 0 {
                // Keep tabs so the caret lines up under the character it points at.
                let lead: String = src
                    .chars()
                    .take(self.col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                out.push_str(&format!("{pad} | {lead}^\n"));
            }
        }
        if let Some(h) = self.hint_in(lang) {
            let word = lang.pick("gợi ý", "hint");
            out.push_str(&format!("  = {word}: {h}\n"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Line and column (1-based, column in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let mut cut = offset;
    while !source.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &source[..cut];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// A list of diagnostics collected over a run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Sorted by file, then position, then message; duplicates removed. Deterministic output.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        self.0.dedup();
        self.0
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

/// Makes a path relative to `root` for display, if it lies inside.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The closest candidate to `word`, for "did you mean" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let src = "title: Bình đẳng\nđate: x\n";
        let off = src.find("x").unwrap();
        assert_eq!(line_col(src, off), (2, 7));
        assert_eq!(line_col(src, src.find("đẳng").unwrap()), (1, 13));
    }

    #[test]
    fn renders_caret_under_the_character() {
        let src = "---\ntittle: Xin chào\n---\n";
        let d = Diagnostic::error("front-matter", "content/a.md", "unknown key `tittle`")
            .at_in(src, 2, 1)
            .hint("did you mean `title`?");
        let text = d.render(Lang::En);
        assert!(text.contains("--> content/a.md:2:1"), "{text}");
        assert!(text.contains("2 | tittle: Xin chào\n  | ^"), "{text}");
        assert!(text.contains("= hint: did you mean `title`?"), "{text}");
    }

    fn unknown_key() -> Diagnostic {
        Diagnostic::error("front-matter", "content/a.md", "unknown key `tittle`")
            .vi("khóa `tittle` không có trong phần đầu trang")
            .at_in("---\ntittle: Xin chào\n---\n", 2, 1)
            .hint("did you mean `title`?")
            .hint_vi("có phải ý bạn là `title`?")
    }

    #[test]
    fn renders_in_both_languages_at_the_same_place() {
        let d = unknown_key();
        let vi = d.render(Lang::Vi);
        let en = d.render(Lang::En);
        assert!(
            vi.starts_with("lỗi: khóa `tittle` không có trong phần đầu trang\n"),
            "{vi}"
        );
        assert!(vi.contains("= gợi ý: có phải ý bạn là `title`?"), "{vi}");
        assert!(en.starts_with("error: unknown key `tittle`\n"), "{en}");
        assert!(en.contains("= hint: did you mean `title`?"), "{en}");
        let tail = |t: &str| t[t.find("  -->").unwrap()..t.find("  =").unwrap()].to_string();
        assert_eq!(tail(&vi), tail(&en));
        assert_eq!(d.message, "unknown key `tittle`");
    }

    #[test]
    fn vietnamese_falls_back_to_english() {
        let d = Diagnostic::warning("x", "a.md", "only English").hint("a hint");
        assert_eq!(d.message_in(Lang::Vi), "only English");
        assert_eq!(d.hint_in(Lang::Vi), Some("a hint"));
        assert!(d.render(Lang::Vi).starts_with("cảnh báo: only English\n"));
        let d = d.vi("chỉ có lời nhắn");
        assert_eq!(d.message_in(Lang::Vi), "chỉ có lời nhắn");
        assert_eq!(d.message_in(Lang::En), "only English");
        assert_eq!(d.hint_in(Lang::Vi), Some("a hint"));
        let no_hint = Diagnostic::error("x", "a.md", "e").vi("v");
        assert_eq!(no_hint.hint_in(Lang::Vi), None);
    }

    #[test]
    fn json_carries_both_languages() {
        let j = serde_json::to_value(unknown_key()).unwrap();
        assert_eq!(j["message"], "unknown key `tittle`");
        assert_eq!(
            j["message_vi"],
            "khóa `tittle` không có trong phần đầu trang"
        );
        assert_eq!(j["hint_vi"], "có phải ý bạn là `title`?");
        let plain = serde_json::to_value(Diagnostic::error("x", "a.md", "e")).unwrap();
        assert!(plain.get("message_vi").is_none() && plain.get("vi").is_none());
    }

    #[test]
    fn duplicates_are_removed_with_their_translation() {
        let mut diags = Diagnostics::new();
        diags.extend([unknown_key(), unknown_key()]);
        assert_eq!(diags.sorted().len(), 1);
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("tittle", ["title", "tags", "date"]),
            Some("title")
        );
        assert_eq!(did_you_mean("zzzzzz", ["title", "tags"]), None);
    }
}
