//! A typst `World` holding one generated document, the theme's templates and in-memory files;
//! compiling it to PDF; turning typst's diagnostics into loa's.
//!
//! Everything lives under one virtual root: `/main.typ` (generated), `/print/*.typ` (templates),
//! and files the generator hands over (`/img/3.png`, `/qr.svg`, `/booklet.pdf`). Nothing is read
//! from disk during compilation, and there is no clock: `today()` is `None`.

use crate::assets::PrintAssets;
use crate::error::PrintError;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{DiagSpan, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// Maps byte offsets of the generated `/main.typ` back to Markdown sources, so that an error
/// typst finds (a broken image, say) is reported where the editor wrote it.
#[derive(Debug, Default)]
pub(crate) struct SourceMap {
    /// (offset in main.typ, file handle, offset in that file's Markdown), sorted by the first.
    marks: Vec<(usize, usize, usize)>,
    files: Vec<MappedFile>,
}

#[derive(Debug)]
struct MappedFile {
    path: PathBuf,
    markdown: String,
    first_line: usize,
}

impl SourceMap {
    /// Registers a Markdown file; returns its handle for [`SourceMap::mark`].
    pub(crate) fn add_file(&mut self, path: &Path, markdown: &str, first_line: usize) -> usize {
        self.files.push(MappedFile {
            path: path.to_path_buf(),
            markdown: markdown.to_string(),
            first_line,
        });
        self.files.len() - 1
    }

    /// Notes that generated text from `generated` on comes from `file` at `offset`.
    pub(crate) fn mark(&mut self, generated: usize, file: usize, offset: usize) {
        match self.marks.last_mut() {
            Some(last) if last.0 == generated => *last = (generated, file, offset),
            _ => self.marks.push((generated, file, offset)),
        }
    }

    /// Ends the region of the last mark (text after it is generated, not from a file).
    pub(crate) fn unmark(&mut self, generated: usize) {
        self.marks.push((generated, usize::MAX, 0));
    }

    fn locate(&self, generated: usize, error: PrintError) -> Option<PrintError> {
        let i = self
            .marks
            .partition_point(|&(g, _, _)| g <= generated)
            .checked_sub(1)?;
        let (_, file, offset) = self.marks[i];
        let f = self.files.get(file)?;
        Some(
            PrintError {
                path: f.path.clone(),
                ..error
            }
            .at_offset(&f.markdown, f.first_line, offset),
        )
    }
}

/// One typst compilation: the generated source and the files it may load.
pub(crate) struct Job<'a> {
    pub assets: &'a PrintAssets,
    pub main: String,
    pub files: Vec<(String, Vec<u8>)>,
    pub source_map: &'a SourceMap,
    /// Where errors that cannot be traced to a page are reported (the booklet file).
    pub fallback_path: &'a Path,
}

struct PrintWorld<'a> {
    book: &'a LazyHash<FontBook>,
    fonts: &'a [Font],
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("generated virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl World for PrintWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
}

/// Compiles a job to a laid-out document; warnings are returned beside it.
pub(crate) fn compile(job: &Job) -> Result<(PagedDocument, Vec<PrintError>), Vec<PrintError>> {
    let main = file_id("/main.typ");
    let mut sources = HashMap::new();
    sources.insert(main, Source::new(main, job.main.clone()));
    for (name, text) in &job.assets.templates {
        let id = file_id(&format!("/print/{name}"));
        sources.insert(id, Source::new(id, text.clone()));
    }
    let files = job
        .files
        .iter()
        .map(|(path, bytes)| (file_id(path), Bytes::new(bytes.clone())))
        .collect();
    let world = PrintWorld {
        book: &job.assets.book,
        fonts: &job.assets.fonts,
        main,
        sources,
        files,
    };
    let warned = typst::compile::<PagedDocument>(&world);
    let warnings = warned
        .warnings
        .iter()
        .map(|d| convert(&world, job, d))
        .collect();
    match warned.output {
        Ok(doc) => Ok((doc, warnings)),
        Err(errors) => Err(errors.iter().map(|d| convert(&world, job, d)).collect()),
    }
}

/// Compiles `main`, a page that places the pages of one PDF (`pdf`, readable in typst as
/// `name`: imposition, the print-shop sheet, the leaflet's two sides, the slides handout), and
/// exports the result as `ident`. Errors are reported at `path`.
pub(crate) fn over_pdf(
    assets: &PrintAssets,
    main: String,
    (name, pdf): (&str, &[u8]),
    ident: &str,
    path: &Path,
) -> Result<Vec<u8>, Vec<PrintError>> {
    let files = vec![(name.to_string(), pdf.to_vec())];
    over_pdfs(assets, main, files, ident, path)
}

/// [`over_pdf`] with more files than the PDF (a cover's art for the print-shop sheet).
pub(crate) fn over_pdfs(
    assets: &PrintAssets,
    main: String,
    files: Vec<(String, Vec<u8>)>,
    ident: &str,
    path: &Path,
) -> Result<Vec<u8>, Vec<PrintError>> {
    let source_map = SourceMap::default();
    let job = Job {
        assets,
        main,
        files,
        source_map: &source_map,
        fallback_path: path,
    };
    let (doc, _) = compile(&job)?;
    export(&doc, ident, path)
}

/// Exports a document to PDF bytes, identical for identical input: no date, fixed creator,
/// document id derived from `ident`.
pub(crate) fn export(
    doc: &PagedDocument,
    ident: &str,
    path: &Path,
) -> Result<Vec<u8>, Vec<PrintError>> {
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some("loa".to_string())),
        timestamp: None,
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(doc, &options).map_err(|errors| {
        errors
            .iter()
            .map(|d| {
                PrintError::new(path, format!("PDF export failed: {}", d.message))
                    .vi(format!("không xuất được tệp PDF: {}", d.message))
            })
            .collect()
    })
}

fn convert(world: &PrintWorld, job: &Job, diag: &SourceDiagnostic) -> PrintError {
    let kind = match diag.severity {
        Severity::Error => "",
        Severity::Warning => "warning: ",
    };
    let kind_vi = match diag.severity {
        Severity::Error => "lỗi",
        Severity::Warning => "cảnh báo",
    };
    // typst's messages are English only; the lead says in Vietnamese where they come from.
    let mut error = PrintError::new(job.fallback_path, format!("{kind}{}", diag.message)).vi(
        format!("typst báo {kind_vi} khi dàn trang bản in: {}", diag.message),
    );
    let hints: Vec<&str> = diag.hints.iter().map(|h| h.v.as_str()).collect();
    if !hints.is_empty() {
        error = error.hint(hints.join("; "));
    }
    // The innermost place in the generated file: the error itself, or the call that led to it.
    let spans = std::iter::once(diag.span).chain(diag.trace.iter().map(|t| DiagSpan::from(t.span)));
    let mut template_at = None;
    for span in spans {
        let Some(id) = span.id() else { continue };
        let Some(range) = world.range(span) else {
            continue;
        };
        if id == world.main {
            if let Some(mut located) = job.source_map.locate(range.start, error.clone()) {
                if let Some(at) = template_at {
                    located.push_str(
                        &format!(" (in the print template {at})"),
                        &format!(" (trong mẫu bản in {at})"),
                    );
                }
                return located;
            }
            return error;
        }
        if template_at.is_none() {
            if let Ok(source) = world.source(id) {
                let name = id
                    .vpath()
                    .get_without_slash()
                    .trim_start_matches("print/")
                    .to_string();
                let path = job.assets.templates_dir.join(&name);
                let text = source.text();
                let (line, col) = line_col(text, range.start);
                template_at = Some(format!("{}:{line}:{col}", path.display()));
                error.path = path;
                error.line = line;
                error.col = col;
            }
        }
    }
    error
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}
