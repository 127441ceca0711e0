//! Runs of text: checked against the fonts, normalised to NFC, with document numbers added after
//! the first mention of each document in a chapter (found by [`loa_core::find_mention`], the
//! rule the site links mentions by).

use super::{Capture, Converter};
use crate::assets::PrintAssets;
use crate::error::PrintError;
use crate::escape::push_text;
use loa_core::find_mention;
use std::ops::Range;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

impl Converter<'_, '_> {
    /// Text from the Markdown, with the source range it came from.
    pub(super) fn text(&mut self, text: &str, range: Range<usize>) {
        match &mut self.capture {
            Some(Capture::Code { text: code, .. }) => code.push_str(text),
            Some(Capture::Image { alt, .. }) => alt.push_str(text),
            None => {
                self.remember_link_text(text);
                self.run.push((text.to_string(), range));
            }
        }
    }

    /// Writes the pending text run.
    pub(super) fn flush(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.run);
        for (piece, range) in &run {
            self.check(piece, range.clone());
        }
        self.mark(run[0].1.start);
        let text: String = run
            .iter()
            .map(|(piece, _)| piece.as_str())
            .collect::<String>()
            .nfc()
            .collect();
        if self.no_mentions > 0 || self.chapter.mentions.is_empty() {
            push_text(&mut self.gen.out, &text);
            return;
        }
        // A number the text itself shows (“Luật … năm 2022 (số 13/2022/QH15)”) needs no repeat.
        for mention in &self.chapter.mentions {
            if find_mention(&text, &mention.number, 0).is_some() {
                self.annotated.insert(mention.number.clone());
            }
        }
        let mut rest = text.as_str();
        while let Some((end, number)) = self.next_mention(rest) {
            push_text(&mut self.gen.out, &rest[..end]);
            let call = format!("#loa-docnum({})", crate::escape::string(&number));
            self.gen.out.push_str(&call);
            rest = &rest[end..];
        }
        push_text(&mut self.gen.out, rest);
    }

    /// The end of the first mention in `text` of a document not yet shown with its number, and
    /// that number. Numbers written out in the text count as shown.
    fn next_mention(&mut self, text: &str) -> Option<(usize, String)> {
        loop {
            let mut best: Option<(usize, usize, &str, &str)> = None;
            for mention in &self.chapter.mentions {
                if self.annotated.contains(&mention.number) {
                    continue;
                }
                for (needle, number) in [
                    (&mention.number, &mention.number),
                    (&mention.text, &mention.number),
                ] {
                    if let Some(start) = find_mention(text, needle, 0) {
                        let better = best.is_none_or(|(s, e, _, _)| {
                            start < s || (start == s && start + needle.len() > e)
                        });
                        if better {
                            best = Some((
                                start,
                                start + needle.len(),
                                needle.as_str(),
                                number.as_str(),
                            ));
                        }
                    }
                }
            }
            let (_, end, found, number) = best?;
            let number = number.to_string();
            self.annotated.insert(number.clone());
            if !found.contains(number.as_str()) {
                return Some((end, number));
            }
        }
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
