//! Fonts and typst templates, loaded once from the theme and shared by every render.
//!
//! Fonts come only from the theme's folder: typst never searches the system, so a PDF looks the
//! same on every machine, and the set of characters the fonts can draw is known before compiling.

use crate::error::PrintError;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The theme's print templates and fonts.
#[derive(Clone)]
pub struct PrintAssets {
    pub(crate) fonts: Vec<Font>,
    pub(crate) book: LazyHash<FontBook>,
    /// Template file name (`booklet.typ`) → text.
    pub(crate) templates: BTreeMap<String, String>,
    /// Where the templates came from, for diagnostics inside them.
    pub(crate) templates_dir: PathBuf,
    pub(crate) fonts_dir: PathBuf,
    pub(crate) family_names: Vec<String>,
}

impl std::fmt::Debug for PrintAssets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrintAssets")
            .field("fonts", &self.family_names)
            .field("templates", &self.templates.keys().collect::<Vec<_>>())
            .field("templates_dir", &self.templates_dir)
            .finish()
    }
}

impl PrintAssets {
    /// Loads every `.typ` file of `templates_dir` (normally `themes/default/print`) and every
    /// `.ttf`/`.otf` file of `fonts_dir` (normally `themes/default/fonts`).
    pub fn load(templates_dir: &Path, fonts_dir: &Path) -> Result<PrintAssets, Vec<PrintError>> {
        let mut errors = Vec::new();
        let templates = read_dir_sorted(templates_dir, &["typ"], &mut errors)
            .into_iter()
            .filter_map(|(name, path)| match fs::read_to_string(&path) {
                Ok(text) => Some((name, text)),
                Err(e) => {
                    errors.push(
                        PrintError::new(&path, format!("cannot read template: {e}"))
                            .vi(format!("không đọc được mẫu bản in: {e}")),
                    );
                    None
                }
            })
            .collect::<BTreeMap<_, _>>();
        let mut fonts = Vec::new();
        for (_, path) in read_dir_sorted(fonts_dir, &["ttf", "otf"], &mut errors) {
            match fs::read(&path) {
                Ok(data) if Font::iter(Bytes::new(data.clone())).next().is_some() => {
                    fonts.push(data)
                }
                Ok(_) => errors.push(
                    PrintError::new(&path, "not a font typst can read")
                        .vi("typst không đọc được tệp phông chữ này"),
                ),
                Err(e) => errors.push(
                    PrintError::new(&path, format!("cannot read font: {e}"))
                        .vi(format!("không đọc được tệp phông chữ: {e}")),
                ),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        PrintAssets::from_memory(templates, fonts, templates_dir, fonts_dir)
    }

    /// Builds the assets from files already in memory (a theme embedded in the loa binary):
    /// `templates` maps a template file name (`booklet.typ`) to its text, `fonts` holds the
    /// bytes of each font file. The two paths are only shown in messages.
    pub fn from_memory(
        templates: BTreeMap<String, String>,
        fonts: Vec<Vec<u8>>,
        templates_dir: &Path,
        fonts_dir: &Path,
    ) -> Result<PrintAssets, Vec<PrintError>> {
        let mut errors = Vec::new();
        if !templates.contains_key("booklet.typ") {
            errors.push(
                PrintError::new(
                    templates_dir,
                    "no booklet.typ in the print templates folder",
                )
                .vi("thư mục mẫu bản in không có tệp booklet.typ")
                .hint("the default theme has themes/default/print/booklet.typ")
                .hint_vi("giao diện mặc định có tệp themes/default/print/booklet.typ"),
            );
        }
        let mut loaded = Vec::new();
        for data in fonts {
            loaded.extend(Font::iter(Bytes::new(data)));
        }
        if loaded.is_empty() {
            errors.push(
                PrintError::new(fonts_dir, "no fonts (.ttf, .otf) in the fonts folder")
                    .vi("thư mục phông chữ không có tệp phông nào (.ttf, .otf)")
                    .hint("the default theme ships Noto fonts in themes/default/fonts")
                    .hint_vi("giao diện mặc định có sẵn phông Noto trong themes/default/fonts"),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut family_names: Vec<String> =
            loaded.iter().map(|f| f.info().family.clone()).collect();
        family_names.dedup();
        Ok(PrintAssets {
            book: LazyHash::new(FontBook::from_fonts(&loaded)),
            fonts: loaded,
            templates,
            templates_dir: templates_dir.to_path_buf(),
            fonts_dir: fonts_dir.to_path_buf(),
            family_names,
        })
    }

    /// Whether the fonts can draw `c` (characters that are never drawn count as drawable).
    pub(crate) fn can_draw(&self, c: char) -> bool {
        is_invisible(c)
            || self
                .fonts
                .iter()
                .any(|f| f.info().coverage.contains(c as u32))
    }
}

/// Whitespace and default-ignorable characters: typst draws no glyph for them.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '
        | '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{E0000}'..='\u{E0FFF}')
}

fn read_dir_sorted(
    dir: &Path,
    extensions: &[&str],
    errors: &mut Vec<PrintError>,
) -> Vec<(String, PathBuf)> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(
                PrintError::new(dir, format!("cannot read folder: {e}"))
                    .vi(format!("không đọc được thư mục: {e}")),
            );
            return Vec::new();
        }
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()))
        })
        .filter_map(|path| Some((path.file_name()?.to_str()?.to_string(), path)))
        .collect();
    files.sort();
    files
}
