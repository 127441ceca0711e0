//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies a fixture site into a fresh temporary folder (tests never write into the repository).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture(name), tmp.path());
    tmp
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// The names of the entries directly in `dir` that `keep` accepts (e.g. staging folders a
/// failed build must not leave behind).
pub fn names_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| keep(n))
        .collect()
}

/// Every file below `dir`, relative, sorted, with contents.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The values of `attr="…"` in an HTML text.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(j) = rest.find('"') {
            out.push(&rest[..j]);
            rest = &rest[j..];
        }
    }
    out
}

/// Runs the `loa` binary with `args` in `dir`; returns (exit code, stdout, stderr).
pub fn run_loa(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run loa");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// The output of a poppler tool (`pdfinfo`, `pdftotext`) run on `path` with `args`.
pub fn poppler(name: &str, path: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(name)
        .arg(path)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{name} is missing ({e}): run `./test`, which installs it, or `sudo apt-get install poppler-utils`")
        });
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// The value of a `pdfinfo` line (`Pages:`, `Page size:`, `Title:`), trimmed; empty when absent.
pub fn field(info: &str, name: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(name))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// `loa serve` of `site` through the library, on a free port, building into `output`; booklets
/// only when asked (most serve tests need the pages and the search index alone).
pub fn serve_into(site: &Path, output: PathBuf, booklets: bool) -> loa::serve::Server {
    let mut opts = loa::serve::ServeOptions::new(site);
    opts.port = Some(0);
    opts.output = Some(output);
    opts.booklets = booklets;
    loa::serve::Server::start(&opts).unwrap()
}
