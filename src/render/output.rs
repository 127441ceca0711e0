//! Where rendered files go: into a folder (`loa build`, `loa serve`), or nowhere (`loa check`,
//! which renders every page and list in memory to find what a build would find, and writes
//! nothing).

use crate::diagnostic::Diagnostic;
use std::path::Path;

/// The destination of one render.
pub(crate) enum Output<'a> {
    /// Files are written under this folder.
    Folder(&'a Path),
    /// Files are rendered and dropped; copies only check that their source can be read.
    Nowhere,
}

impl Output<'_> {
    /// Writes `bytes` at `rel` (relative to the output root, `/`-separated).
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        match self {
            Output::Folder(dir) => super::write_file(dir, rel, bytes),
            Output::Nowhere => Ok(()),
        }
    }

    /// Copies the file `from` to `rel`.
    pub(crate) fn copy(&self, from: &Path, rel: &str) -> Result<(), Diagnostic> {
        let cannot = |e: std::io::Error| {
            Diagnostic::error("io", from, format!("cannot copy: {e}"))
                .vi(format!("không sao chép được tệp: {e}"))
        };
        match self {
            Output::Folder(dir) => {
                let to = dir.join(rel);
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| super::folder_error(parent, &e))?;
                }
                std::fs::copy(from, &to).map(|_| ()).map_err(cannot)
            }
            Output::Nowhere => std::fs::File::open(from).map(|_| ()).map_err(cannot),
        }
    }
}
