//! Runs of text: checked against the fonts, normalised to NFC, with document numbers added after
//! the first mention of each document in a chapter. loa found the mentions (the same walk that
//! links them on the site, [`loa_core::body::mark`]); this only decides where a number goes.

use super::{Capture, Converter, RunPiece};
use crate::assets::PrintAssets;
use crate::error::PrintError;
use crate::escape::push_text;
use std::ops::Range;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

impl Converter<'_, '_> {
    /// Text from the Markdown, with the source range it came from.
    pub(super) fn text(&mut self, text: &str, range: Range<usize>) {
        self.piece(text, range, None);
    }

    /// A mention of document `number` found by loa; `shown`: the text writes the number out.
    pub(super) fn mention(&mut self, text: &str, number: &str, shown: bool, range: Range<usize>) {
        self.piece(text, range, Some((number.to_string(), shown)));
    }

    fn piece(&mut self, text: &str, range: Range<usize>, mention: Option<(String, bool)>) {
        match &mut self.capture {
            Some(Capture::Code { text: code, .. }) => code.push_str(text),
            Some(Capture::Image { alt, .. }) => alt.push_str(text),
            None => {
                self.remember_link_text(text);
                self.run.push(RunPiece {
                    text: text.to_string(),
                    range,
                    mention,
                });
            }
        }
    }

    /// Writes the pending text run.
    pub(super) fn flush(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.run);
        for piece in &run {
            self.check(&piece.text, piece.range.clone());
        }
        self.mark(run[0].range.start);
        // A number the text itself shows (“Luật … năm 2022 (số 13/2022/QH15)”) needs no repeat.
        for piece in &run {
            if let Some((number, true)) = &piece.mention {
                self.annotated.insert(number.clone());
            }
        }
        let mut pending = String::new();
        for piece in &run {
            pending.push_str(&piece.text);
            let Some((number, _)) = &piece.mention else {
                continue;
            };
            if !self.annotated.insert(number.clone()) || piece.text.contains(number.as_str()) {
                continue;
            }
            let text: String = pending.nfc().collect();
            push_text(&mut self.gen.out, &text);
            pending.clear();
            let call = format!("#loa-docnum({})", crate::escape::string(number));
            self.gen.out.push_str(&call);
        }
        let text: String = pending.nfc().collect();
        push_text(&mut self.gen.out, &text);
    }

    /// Reports characters of `text` (from `range` of the Markdown) that no font can draw.
    pub(super) fn check(&mut self, text: &str, range: Range<usize>) {
        let assets: &PrintAssets = self.gen.assets;
        for c in text.nfc() {
            if assets.can_draw(c) || !self.reported.insert(c) {
                continue;
            }
            let markdown = &self.chapter.markdown;
            let source = markdown.get(range.clone()).unwrap_or("");
            let offset = source.find(c).map_or(range.start, |i| range.start + i);
            let error = missing_glyph(&self.chapter.source, c, assets).at_offset(
                markdown,
                self.chapter.first_line,
                offset,
            );
            self.gen.errors.push(error);
        }
    }
}

/// Checks text that is not in a Markdown body (titles, issuer): errors name the file only.
pub(crate) fn check_plain(
    text: &str,
    path: &Path,
    assets: &PrintAssets,
    errors: &mut Vec<PrintError>,
) {
    let mut seen = Vec::new();
    for c in text.nfc() {
        if !assets.can_draw(c) && !seen.contains(&c) {
            seen.push(c);
            let mut error = missing_glyph(path, c, assets);
            error.push_str(&format!(" in “{text}”"), &format!(" trong “{text}”"));
            errors.push(error);
        }
    }
}

fn missing_glyph(path: &Path, c: char, assets: &PrintAssets) -> PrintError {
    PrintError::new(
        path,
        format!(
            "the print fonts cannot draw '{c}' (U+{:04X}); the PDF would show a blank",
            c as u32
        ),
    )
    .vi(format!(
        "phông chữ của bản in không có chữ '{c}' (U+{:04X}); tệp PDF sẽ để trống chỗ này",
        c as u32
    ))
    .hint(format!(
        "replace or remove the character, or show it as an image; the fonts are {} in {}",
        assets.family_names.join(", "),
        assets.fonts_dir.display()
    ))
    .hint_vi(format!(
        "thay hoặc xóa ký tự này, hoặc đưa nó vào dưới dạng ảnh; phông chữ đang dùng là {} trong {}",
        assets.family_names.join(", "),
        assets.fonts_dir.display()
    ))
}
