//! Where rendered files go: into a folder (`loa build`, `loa serve`), or nowhere (`loa check`,
//! which renders every page and list in memory to find what a build would find, and writes
//! nothing).

use crate::diagnostic::Diagnostic;
use rustc_hash::FxHashSet;
use std::path::Path;
use std::sync::Mutex;

/// The destination of one render.
pub(crate) enum Output<'a> {
    /// Files are written under this folder.
    Folder(Folder<'a>),
    /// Files are rendered and dropped; copies only check that their source can be read.
    Nowhere,
}

/// An output folder, with the folders made in it so far: a build writes tens of thousands of
/// files into a few thousand folders, and asking the system to make a folder that exists costs
/// two calls (a `mkdir` that fails, a `stat` to see that a folder is there) per file.
pub(crate) struct Folder<'a> {
    root: &'a Path,
    /// Folders under `root` (`/`-separated, as the files' paths name them) made by this
    /// output, with their parents.
    made: Mutex<FxHashSet<String>>,
}

impl<'a> Output<'a> {
    /// Files written under `root`, which exists.
    pub(crate) fn folder(root: &'a Path) -> Self {
        Output::Folder(Folder {
            root,
            made: Mutex::default(),
        })
    }

    /// Writes `bytes` at `rel` (relative to the output root, `/`-separated).
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        match self {
            Output::Folder(f) => {
                let path = f.root.join(rel);
                f.placed(rel, || std::fs::write(&path, bytes))
                    .map_err(|e| match e {
                        Placed::Folder(d) => d,
                        Placed::File(e) => {
                            Diagnostic::error("io", &path, format!("cannot write: {e}"))
                                .vi(format!("không ghi được tệp: {e}"))
                        }
                    })
            }
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
            Output::Folder(f) => {
                let to = f.root.join(rel);
                f.placed(rel, || std::fs::copy(from, &to).map(|_| ()))
                    .map_err(|e| match e {
                        Placed::Folder(d) => d,
                        Placed::File(e) => cannot(e),
                    })
            }
            Output::Nowhere => std::fs::File::open(from).map(|_| ()).map_err(cannot),
        }
    }
}

/// Why a file could not be placed in the output.
enum Placed {
    /// Its folder could not be made.
    Folder(Diagnostic),
    /// Writing the file itself failed.
    File(std::io::Error),
}

impl Folder<'_> {
    /// Runs `write` (which writes the file at `rel`) once the file's folder exists: made unless
    /// this output made it before. A folder removed since (by someone else) is made again.
    fn placed(&self, rel: &str, write: impl Fn() -> std::io::Result<()>) -> Result<(), Placed> {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let known = self.made.lock().is_ok_and(|m| m.contains(dir));
        if !known {
            self.make(dir)?;
        }
        match write() {
            Err(e) if known && e.kind() == std::io::ErrorKind::NotFound => {
                self.forget(dir);
                self.make(dir)?;
                write().map_err(Placed::File)
            }
            r => r.map_err(Placed::File),
        }
    }

    /// Makes the folder `dir` (with its parents) and remembers them.
    fn make(&self, dir: &str) -> Result<(), Placed> {
        let path = if dir.is_empty() {
            self.root.to_path_buf()
        } else {
            self.root.join(dir)
        };
        std::fs::create_dir_all(&path)
            .map_err(|e| Placed::Folder(super::folder_error(&path, &e)))?;
        if let Ok(mut made) = self.made.lock() {
            let mut d = dir;
            while made.insert(d.to_string()) {
                match d.rsplit_once('/') {
                    Some((parent, _)) => d = parent,
                    None if !d.is_empty() => d = "",
                    None => break,
                }
            }
        }
        Ok(())
    }

    /// Forgets `dir` and the folders below it (all gone with it).
    fn forget(&self, dir: &str) {
        if let Ok(mut made) = self.made.lock() {
            made.retain(|d| !(d == dir || dir.is_empty() || d.starts_with(&format!("{dir}/"))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Output;

    fn dir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("loa-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// Files land in the folders their paths name; the folders made (and their parents) are
    /// remembered, so the next file in one makes nothing.
    #[test]
    fn folders_made_are_remembered_and_files_land_in_them() {
        let root = dir("made");
        let out = Output::folder(&root);
        out.write("a/b/c/index.html", b"1").unwrap();
        out.write("a/b/index.html", b"2").unwrap();
        out.write("top.html", b"3").unwrap();
        out.write("a/b/c/other.html", b"4").unwrap();
        let Output::Folder(f) = &out else {
            unreachable!()
        };
        let mut made: Vec<String> = f.made.lock().unwrap().iter().cloned().collect();
        made.sort();
        assert_eq!(made, ["", "a", "a/b", "a/b/c"]);
        for (rel, text) in [
            ("a/b/c/index.html", "1"),
            ("a/b/index.html", "2"),
            ("top.html", "3"),
            ("a/b/c/other.html", "4"),
        ] {
            assert_eq!(std::fs::read_to_string(root.join(rel)).unwrap(), text);
        }
        let _ = std::fs::remove_dir_all(&root);
    }

    /// A folder removed by someone else after this output made it is made again, with the
    /// folders below it, for the files written there next (and for copies).
    #[test]
    fn a_folder_removed_since_is_made_again() {
        let root = dir("removed");
        let out = Output::folder(&root);
        out.write("a/b/x.html", b"1").unwrap();
        std::fs::remove_dir_all(root.join("a")).unwrap();
        out.write("a/b/y.html", b"2").unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("a/b/y.html")).unwrap(),
            "2"
        );
        std::fs::remove_dir_all(root.join("a")).unwrap();
        out.write("a/z.html", b"3").unwrap();
        out.copy(&root.join("a/z.html"), "a/b/c.html").unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("a/b/c.html")).unwrap(),
            "3"
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
