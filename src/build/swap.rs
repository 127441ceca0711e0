//! The output folder's atomic swap, and what happens when the file system says no.
//!
//! The new output is built in `.public.loa-new`; the old one is renamed to `.public.loa-old`,
//! the new one renamed in, the old one deleted. A folder the build cannot delete (made
//! read-only by someone, or a file in the way) is never a silent leftover that breaks every
//! later build: it is renamed aside to a numbered name and named in a warning that says how to
//! delete it. Errors that share one cause on the output side (a full disk, a read-only file
//! system) are reported once with a count.
//!
//! Deleting the old output (tens of thousands of files on a large site) need not hold up the
//! build: with a [`Cleanup`] (the CLI and `loa serve`), the old output is renamed aside and
//! deleted on a background thread that the process waits for only before it exits, after the
//! report is printed. Library callers without one get the old output deleted before `build`
//! returns.

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// The old outputs being deleted, each with the thread deleting it.
type Deletions = Vec<(PathBuf, JoinHandle<()>)>;

/// Old outputs set aside by builds and being deleted in the background. Clones share the same
/// list; [`Cleanup::finish`] waits for every deletion started so far.
#[derive(Clone, Default)]
pub struct Cleanup {
    pending: Arc<Mutex<Deletions>>,
}

impl std::fmt::Debug for Cleanup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.pending.lock().map_or(0, |p| p.len());
        write!(f, "Cleanup {{ pending: {n} }}")
    }
}

impl Cleanup {
    pub fn new() -> Self {
        Cleanup::default()
    }

    /// Deletes `old` on a background thread.
    fn defer(&self, old: PathBuf) {
        let path = old.clone();
        let spawned = std::thread::Builder::new()
            .name("loa-cleanup".into())
            .spawn(move || remove_dir_parallel(&path));
        match spawned {
            Ok(t) => self.lock().push((old, t)),
            // No thread to be had: delete it now, as a build without a cleanup does.
            Err(_) => remove_dir_parallel(&old),
        }
    }

    /// Waits for the deletions of `path` started earlier (the next build sets its old output
    /// aside under the same name).
    fn wait_for(&self, path: &Path) {
        let mine: Deletions = {
            let mut pending = self.lock();
            let (mine, rest) = std::mem::take(&mut *pending)
                .into_iter()
                .partition(|(p, _)| p == path);
            *pending = rest;
            mine
        };
        for (_, t) in mine {
            let _ = t.join();
        }
    }

    /// Waits for every deletion started so far; returns a warning for each old output that
    /// could not be deleted (the next build sets it aside under a numbered name and says so
    /// again).
    pub fn finish(&self) -> Vec<Diagnostic> {
        let pending = std::mem::take(&mut *self.lock());
        pending
            .into_iter()
            .filter_map(|(p, t)| {
                let _ = t.join();
                std::fs::symlink_metadata(&p)
                    .is_ok()
                    .then(|| leftover(&p, None))
            })
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Deletions> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `public` → `.public.loa-new` beside it.
pub(super) fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.{tag}"))
}

/// Deletes a folder (or a file in its place); whether it is gone is checked by the caller.
pub(super) fn remove_dir(p: &Path) {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(p);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(p);
        }
        Err(_) => {}
    }
}

/// The staging folder cannot be created: the site folder (or the output's parent) is read-only.
pub(super) fn staging_error(staging: &Path, e: &std::io::Error) -> Diagnostic {
    let parent = staging.parent().unwrap_or(Path::new("."));
    Diagnostic::error(
        "io",
        staging,
        format!("cannot create the folder the new output is built in: {e}"),
    )
    .vi(format!(
        "không tạo được thư mục để dựng bản mới của trang web: {e}"
    ))
    .hint(format!(
        "loa needs to write into {}: make it writable, or build elsewhere with --output DIR",
        parent.display()
    ))
    .hint_vi(format!(
        "loa cần ghi vào {}: cho phép ghi vào thư mục đó, hoặc dựng ra chỗ khác bằng --output DIR",
        parent.display()
    ))
}

/// [`swap_in`] for a build's last step: its warnings join `diags`; on failure the staging folder
/// is removed and the problem joins the others (the previous output is untouched).
pub(super) fn swap_in_or_clean(
    staging: &Path,
    output: &Path,
    cleanup: Option<&Cleanup>,
    diags: &mut Diagnostics,
) -> Result<(), ()> {
    match swap_in(staging, output, cleanup) {
        Ok(warnings) => {
            diags.extend(warnings);
            Ok(())
        }
        Err(d) => {
            remove_dir(staging);
            diags.push(d);
            Err(())
        }
    }
}

/// Replaces `output` with `staging`: rename the old output aside, rename the new one in, then
/// delete the old one: before returning, or with `cleanup` on its background thread. Between
/// the two renames the output briefly does not exist, never half. Returns warnings about old
/// folders that could not be deleted.
pub(super) fn swap_in(
    staging: &Path,
    output: &Path,
    cleanup: Option<&Cleanup>,
) -> Result<Vec<Diagnostic>, Diagnostic> {
    let old = sibling(output, "loa-old");
    if let Some(c) = cleanup {
        c.wait_for(&old);
    }
    let mut warnings = clear_leftovers(&old)?;
    if output.exists() {
        std::fs::rename(output, &old).map_err(|e| {
            Diagnostic::error(
                "io",
                output,
                format!("cannot move the old output aside to {}: {e}", old.display()),
            )
            .vi(format!(
                "không dời được thư mục đầu ra cũ sang {}: {e}",
                old.display()
            ))
            .hint("close the programs that have files of this folder open, then build again")
            .hint_vi("đóng các chương trình đang mở tệp trong thư mục này rồi dựng lại")
        })?;
    }
    if let Err(e) = std::fs::rename(staging, output) {
        let _ = std::fs::rename(&old, output);
        return Err(Diagnostic::error(
            "io",
            output,
            format!("cannot move the new output in place: {e}"),
        )
        .vi(format!("không đưa được thư mục đầu ra mới vào chỗ: {e}"))
        .hint("close the programs that have files of this folder open, then build again")
        .hint_vi("đóng các chương trình đang mở tệp trong thư mục này rồi dựng lại"));
    }
    if let Some(c) = cleanup {
        if std::fs::symlink_metadata(&old).is_ok() {
            c.defer(old);
        }
        return Ok(warnings);
    }
    remove_dir_parallel(&old);
    if old.exists() {
        // Set aside now, so the next build does not trip over it.
        warnings.extend(clear_leftovers(&old)?);
    }
    Ok(warnings)
}

/// Deletes `old` and earlier set-aside copies (`old-1`, `old-2`, …); what cannot be deleted is
/// renamed to the next free numbered name and named in a warning.
fn clear_leftovers(old: &Path) -> Result<Vec<Diagnostic>, Diagnostic> {
    let name = old.file_name().map(|n| n.to_string_lossy().to_string());
    let name = name.unwrap_or_default();
    let dir = old.parent().unwrap_or(Path::new("."));
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| {
                    let n = e.file_name().to_string_lossy().to_string();
                    n == name
                        || n.strip_prefix(&format!("{name}-"))
                            .is_some_and(|k| k.parse::<u32>().is_ok())
                })
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    let mut warnings = Vec::new();
    for p in found {
        remove_dir_parallel(&p);
        if std::fs::symlink_metadata(&p).is_err() {
            continue;
        }
        let mut kept = p.clone();
        if p == old {
            kept = (1..)
                .map(|k| old.with_file_name(format!("{name}-{k}")))
                .find(|c| std::fs::symlink_metadata(c).is_err())
                .unwrap_or_else(|| old.with_file_name(format!("{name}-x")));
            std::fs::rename(&p, &kept).map_err(|e| leftover(&p, Some(&e)))?;
        }
        warnings.push(leftover(&kept, None));
    }
    Ok(warnings)
}

/// A previous output loa could not delete (or, with `e`, not even rename aside).
fn leftover(p: &Path, e: Option<&std::io::Error>) -> Diagnostic {
    let shown = p.display();
    let (en, vi) = match e {
        Some(e) => (
            format!("a previous output, {shown}, can be neither deleted nor renamed: {e}"),
            format!("không xóa được, cũng không đổi tên được bản đầu ra cũ {shown}: {e}"),
        ),
        None => (
            format!("a previous output, {shown}, could not be deleted and is left there"),
            format!("không xóa được bản đầu ra cũ {shown}; nó vẫn nằm đó"),
        ),
    };
    let d = if e.is_some() {
        Diagnostic::error("io", p, en)
    } else {
        Diagnostic::warning("leftover-output", p, en)
    };
    d.vi(vi)
        .hint(format!("it is not needed: make it writable and delete it (on Linux: chmod -R u+w \"{shown}\" && rm -rf \"{shown}\")"))
        .hint_vi(format!("thư mục này không còn cần nữa: cho phép ghi rồi xóa nó (trên Linux: chmod -R u+w \"{shown}\" && rm -rf \"{shown}\")"))
}

/// Deletes a folder, its top-level entries in parallel: the old output of a large site has
/// tens of thousands of files.
fn remove_dir_parallel(p: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = std::fs::read_dir(p) {
        let paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.par_iter().for_each(|e| remove_dir(e));
    }
    remove_dir(p);
}

/// The write errors of one cause on the output side (a full disk, a read-only file system, a
/// quota), reported once with the number of files, instead of once per file.
pub(super) fn collapse_write_errors(diags: Diagnostics) -> Diagnostics {
    const ONE_CAUSE: [(&str, &str, &str); 3] = [
        ("(os error 28)", "the disk is full: free some space, then build again (the previous output was left as it was)", "ổ đĩa đã đầy: giải phóng bớt dung lượng rồi dựng lại (bản đầu ra trước vẫn giữ nguyên)"),
        ("(os error 122)", "the disk quota is used up: free some space, then build again", "đã dùng hết hạn mức dung lượng: giải phóng bớt rồi dựng lại"),
        ("(os error 30)", "the disk is read-only: build onto a writable disk with --output DIR", "ổ đĩa chỉ cho đọc: dựng ra một ổ ghi được bằng --output DIR"),
    ];
    let mut out = Diagnostics::new();
    let mut groups: Vec<(Diagnostic, usize)> = Vec::new();
    for d in diags {
        let cause = ONE_CAUSE
            .iter()
            .find(|(c, _, _)| d.code == "io" && d.is_error() && d.message.contains(c));
        match cause {
            Some((c, hint, hint_vi)) => {
                match groups.iter_mut().find(|(g, _)| g.message.contains(c)) {
                    Some((_, n)) => *n += 1,
                    None => groups.push((d.hint(*hint).hint_vi(*hint_vi), 0)),
                }
            }
            None => out.push(d),
        }
    }
    for (mut d, more) in groups {
        if more > 0 {
            d.message = format!("{} (and {more} more files for the same reason)", d.message);
            let vi = d.message_in(crate::text::Lang::Vi).to_string();
            d = d.vi(format!("{vi} (và {more} tệp khác vì cùng lý do)"));
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_with_a_count_for_a_full_disk() {
        let mut diags = Diagnostics::new();
        for i in 0..57 {
            diags.push(
                Diagnostic::error(
                    "io",
                    format!("public/{i}.html"),
                    "cannot write: No space left on device (os error 28)",
                )
                .vi("không ghi được tệp: No space left on device (os error 28)"),
            );
        }
        diags.push(Diagnostic::error("yaml", "content/a.md", "other"));
        let out = collapse_write_errors(diags).sorted();
        assert_eq!(out.len(), 2, "{out:?}");
        let full = out.iter().find(|d| d.code == "io").unwrap();
        assert!(
            full.message.contains("and 56 more files"),
            "{}",
            full.message
        );
        assert!(full.hint.as_deref().unwrap().contains("disk is full"));
        assert!(full
            .message_in(crate::text::Lang::Vi)
            .contains("56 tệp khác"));
    }
}
