//! Reading and writing the editor's files so that no work is ever lost.
//!
//! - A file's *version* is a hash of its bytes on disk: the screen sends back the version it
//!   opened, and a save over a file that changed since (another editor, `git pull`) is refused
//!   with both texts instead of overwriting.
//! - Writes are atomic: a hidden temporary file beside the target (ignored by the watcher and the
//!   loader), flushed, then renamed over it, so the build and the other editors see the old file
//!   or the new one, never half of one.
//! - Text is written in NFC with the file's own line endings (CRLF files stay CRLF).
//! - Before a file is replaced, removed or moved, its old bytes go to `.loa/lich-su/<path>/`
//!   (the newest [`KEEP`] versions are kept and can be restored); a deleted file goes to
//!   `.loa/thung-rac/<time>/<path>`, never removed. `.loa/` sits beside `content/`, outside every
//!   folder the build reads.

use super::guard::SitePath;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Versions kept per file in the history.
pub(crate) const KEEP: usize = 20;
/// The history folder, under the site root.
pub(crate) const HISTORY: &str = ".loa/lich-su";
/// The trash folder, under the site root.
pub(crate) const TRASH: &str = ".loa/thung-rac";

/// A hash of a file's bytes (FNV-1a, 64 bits): enough to tell two versions of one file apart.
pub(crate) fn version_of(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The line ending a text uses: CRLF when any line ends so (Windows editors write them all so).
pub(crate) fn uses_crlf(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| w == b"\r\n")
}

/// `text` as it should be written over a file whose bytes were `old`: NFC, and CRLF when the old
/// file used CRLF.
pub(crate) fn to_disk(text: &str, old: Option<&[u8]>) -> Vec<u8> {
    let lf = crate::text::nfc(&text.replace("\r\n", "\n"));
    if old.is_some_and(uses_crlf) {
        lf.replace('\n', "\r\n").into_bytes()
    } else {
        lf.into_bytes()
    }
}

/// Writes `bytes` to `path` through a hidden temporary file and a rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or("tep".into(), |n| n.to_string_lossy());
    let tmp = dir.join(format!(".{name}.loa-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// One saved version in the history.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Saved {
    /// The file name in the history folder (what `restore` takes).
    pub id: String,
    /// `2026-12-01 15:14:29` (UTC).
    pub time: String,
    pub bytes: u64,
}

/// The history and trash of one site.
pub(crate) struct Store {
    pub root: PathBuf,
}

impl Store {
    fn history_dir(&self, p: &SitePath) -> PathBuf {
        self.root.join(HISTORY).join(&p.rel)
    }

    /// Writes `bytes` over `p` atomically, after keeping its current version in the history.
    pub(crate) fn replace(&self, p: &SitePath, bytes: &[u8]) -> std::io::Result<()> {
        self.remember(p)?;
        write_atomic(&p.abs, bytes)
    }

    /// Copies the current bytes of `p` (if any) into its history, then drops the oldest beyond
    /// [`KEEP`].
    pub(crate) fn remember(&self, p: &SitePath) -> std::io::Result<()> {
        let Ok(bytes) = std::fs::read(&p.abs) else {
            return Ok(());
        };
        let dir = self.history_dir(p);
        std::fs::create_dir_all(&dir)?;
        let ext = p
            .abs
            .extension()
            .map_or(String::new(), |e| format!(".{}", e.to_string_lossy()));
        let stamp = stamp();
        let mut name = format!("{stamp}{ext}");
        let mut n = 1;
        while dir.join(&name).exists() {
            n += 1;
            name = format!("{stamp}-{n}{ext}");
        }
        write_atomic(&dir.join(&name), &bytes)?;
        let mut all = self.history(p);
        while all.len() > KEEP {
            if let Some(old) = all.pop() {
                let _ = std::fs::remove_file(dir.join(old.id));
            }
        }
        Ok(())
    }

    /// The saved versions of `p`, newest first.
    pub(crate) fn history(&self, p: &SitePath) -> Vec<Saved> {
        let Ok(entries) = std::fs::read_dir(self.history_dir(p)) else {
            return Vec::new();
        };
        let mut out: Vec<Saved> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let id = e.file_name().to_str()?.to_string();
                if id.starts_with('.') {
                    return None;
                }
                let bytes = e.metadata().ok()?.len();
                Some(Saved {
                    time: shown_time(&id),
                    id,
                    bytes,
                })
            })
            .collect();
        out.sort_by(|a, b| order(&b.id).cmp(&order(&a.id)));
        out
    }

    /// The bytes of a saved version; `None` for an id that is not in the history.
    pub(crate) fn saved(&self, p: &SitePath, id: &str) -> Option<Vec<u8>> {
        if !self.history(p).iter().any(|s| s.id == id) {
            return None;
        }
        std::fs::read(self.history_dir(p).join(id)).ok()
    }

    /// Moves `p` into the trash; returns where it went (relative to the site root).
    pub(crate) fn trash(&self, p: &SitePath) -> std::io::Result<String> {
        self.remember(p)?;
        let rel = format!("{TRASH}/{}/{}", stamp(), p.rel);
        let to = self.root.join(&rel);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::rename(&p.abs, &to)?;
        Ok(rel)
    }
}

/// `20261201-151429-123`: sorts by time, safe in file names.
/// A saved version's place in time: its stamp, then the number a second save in the same
/// millisecond got (`…-123-2.md` after `…-123.md`; by name, `-` sorts before `.` and `-10`
/// before `-9`, which put an older version first).
fn order(id: &str) -> (&str, u32) {
    let stem = id.split('.').next().unwrap_or(id);
    match (stem.get(..STAMP_LEN), stem.get(STAMP_LEN..)) {
        (Some(stamp), Some(rest)) if rest.starts_with('-') => {
            (stamp, rest[1..].parse().unwrap_or(0))
        }
        _ => (stem, 1),
    }
}

/// The length of a [`stamp`]: `YYYYMMDD-HHMMSS-mmm`.
const STAMP_LEN: usize = 19;

fn stamp() -> String {
    let d = std::time::UNIX_EPOCH.elapsed().unwrap_or_default();
    let secs = d.as_secs() as i64;
    let date = crate::text::Date::from_days_since_epoch(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}-{:03}",
        date.year,
        date.month,
        date.day,
        s / 3600,
        s / 60 % 60,
        s % 60,
        d.subsec_millis()
    )
}

/// `20261201-151429-123.md` → `2026-12-01 15:14:29`.
fn shown_time(id: &str) -> String {
    let b = id.as_bytes();
    if b.len() < 15 || !b[..8].iter().all(u8::is_ascii_digit) {
        return id.to_string();
    }
    format!(
        "{}-{}-{} {}:{}:{}",
        &id[0..4],
        &id[4..6],
        &id[6..8],
        &id[9..11],
        &id[11..13],
        &id[13..15]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_differ_with_the_bytes() {
        assert_eq!(version_of(b"a"), version_of(b"a"));
        assert_ne!(version_of(b"a"), version_of(b"b"));
        assert_eq!(version_of(b"").len(), 16);
    }

    #[test]
    fn text_keeps_line_endings_and_becomes_nfc() {
        let nfd = "Bi\u{300}nh\n";
        assert_eq!(to_disk(nfd, None), "Bình\n".as_bytes());
        assert_eq!(to_disk("a\nb\n", Some(b"x\r\ny\r\n")), b"a\r\nb\r\n");
        assert_eq!(to_disk("a\r\nb\n", Some(b"x\ny\n")), b"a\nb\n");
    }

    #[test]
    fn saves_in_one_millisecond_come_newest_first() {
        let mut ids = [
            "20261202-150000-123-2.md",
            "20261202-150000-124.md",
            "20261202-150000-123.md",
            "20261202-150000-123-10.md",
            "20261202-150000-123-9.md",
        ];
        ids.sort_by(|a, b| order(b).cmp(&order(a)));
        assert_eq!(
            ids,
            [
                "20261202-150000-124.md",
                "20261202-150000-123-10.md",
                "20261202-150000-123-9.md",
                "20261202-150000-123-2.md",
                "20261202-150000-123.md",
            ]
        );
        assert_eq!(stamp().len(), STAMP_LEN);
    }

    #[test]
    fn history_keeps_the_newest_and_trash_keeps_the_file() {
        let dir = std::env::temp_dir().join(format!("loa-store-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content")).unwrap();
        let store = Store { root: dir.clone() };
        let p = SitePath {
            rel: "content/a.md".into(),
            abs: dir.join("content/a.md"),
        };
        for i in 0..KEEP + 3 {
            std::fs::write(&p.abs, format!("v{i}")).unwrap();
            store.remember(&p).unwrap();
        }
        let h = store.history(&p);
        assert_eq!(h.len(), KEEP);
        assert_eq!(
            store.saved(&p, &h[0].id).unwrap(),
            format!("v{}", KEEP + 2).as_bytes()
        );
        assert!(store.saved(&p, "../../loa.yaml").is_none());
        let to = store.trash(&p).unwrap();
        assert!(!p.abs.exists());
        assert!(
            to.starts_with(".loa/thung-rac/") && to.ends_with("/content/a.md"),
            "{to}"
        );
        assert_eq!(
            std::fs::read(dir.join(&to)).unwrap(),
            format!("v{}", KEEP + 2).as_bytes()
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
