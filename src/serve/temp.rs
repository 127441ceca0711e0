//! `loa serve`'s own output folder under the system's temporary folder: made at start, and at
//! stop renamed aside and removed by a process of its own, so stopping never waits for its
//! files to be deleted (at 100,000 pages some 200,000 files: minutes on a disk). A folder that
//! outlives its server (the removal stopped, the server was killed) is removed by the next
//! start, in the background.

use std::path::{Path, PathBuf};

/// The start of the name of a running server's folder (then its process id and run id).
const LIVE: &str = "loa-serve-";

/// The start of the name of a folder set aside at stop.
const ASIDE: &str = "loa-serve-old-";

/// A new folder name for the server of process `pid`, run `run_id`.
pub(super) fn name(pid: u32, run_id: &str) -> String {
    format!("{LIVE}{pid}-{run_id}")
}

/// Renames `dir` aside (in the same folder: a rename, nothing is copied or deleted); returns
/// where it went, `None` when it could not be renamed (then it stays where it is, and a later
/// start removes it once this process is gone).
pub(super) fn set_aside(dir: &Path) -> Option<PathBuf> {
    let name = dir.file_name()?.to_string_lossy();
    let rest = name.strip_prefix(LIVE).unwrap_or(&name);
    let aside = dir.with_file_name(format!("{ASIDE}{rest}"));
    std::fs::rename(dir, &aside).ok().map(|()| aside)
}

/// Removes `dir` without waiting: on Unix by an `rm` process of its own, which outlives this
/// one and is out of the terminal's reach (its own process group: the Ctrl-C that stops the
/// server does not stop it); elsewhere, or when no process can be started, by a thread that
/// stops with the process. What is left is removed by a later start ([`stale`]).
pub(super) fn remove_detached(dir: PathBuf) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        use std::process::{Command, Stdio};
        let child = Command::new("rm")
            .arg("-rf")
            .arg("--")
            .arg(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn();
        if let Ok(mut child) = child {
            // Reaped if this process lives on (a test, a library caller); never joined.
            let _ = std::thread::Builder::new()
                .name("loa-rm".into())
                .spawn(move || child.wait());
            return;
        }
    }
    let _ = std::thread::Builder::new()
        .name("loa-rm".into())
        .spawn(move || std::fs::remove_dir_all(dir));
}

/// The folders in `parent` that servers left: those set aside, and those of servers whose
/// process is gone (killed before they could set theirs aside).
pub(super) fn stale(parent: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with(ASIDE) {
                return true;
            }
            let pid = name
                .strip_prefix(LIVE)
                .and_then(|r| r.split_once('-'))
                .and_then(|(pid, _)| pid.parse::<u32>().ok());
            pid.is_some_and(|p| !running(p))
        })
        .map(|e| e.path())
        .collect()
}

/// Removes what earlier servers left in `parent` ([`stale`]), in the background.
pub(super) fn sweep(parent: &Path) {
    for dir in stale(parent) {
        remove_detached(dir);
    }
}

/// Whether process `pid` is running (or cannot be told: then it is taken as running).
fn running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_in(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .map(|d| d.filter_map(Result::ok).count())
            .unwrap_or(0)
    }

    fn fill(dir: &Path, n: usize) {
        std::fs::create_dir_all(dir).unwrap();
        for i in 0..n {
            std::fs::write(dir.join(format!("{i}.html")), "x").unwrap();
        }
    }

    fn wait_gone(dir: &Path) {
        let start = std::time::Instant::now();
        while dir.exists() {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(60),
                "{} is still there",
                dir.display()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    #[test]
    fn stopping_renames_the_folder_aside_and_deletes_none_of_its_files() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join(name(std::process::id(), "a1"));
        fill(&dir, 3000);
        let aside = set_aside(&dir).unwrap();
        assert!(!dir.exists());
        // Every file is still there: the stop itself deleted nothing.
        assert_eq!(files_in(&aside), 3000);
        assert_eq!(stale(parent.path()), vec![aside.clone()]);
        remove_detached(aside.clone());
        wait_gone(&aside);
    }

    #[cfg(unix)]
    #[test]
    fn a_start_removes_what_earlier_servers_left() {
        let parent = tempfile::tempdir().unwrap();
        // A process that ran and is gone.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        child.wait().unwrap();
        let gone = parent.path().join(name(child.id(), "b2"));
        let aside = parent.path().join(format!("{ASIDE}1-c3"));
        let mine = parent.path().join(name(std::process::id(), "d4"));
        let other = parent.path().join("loa-store-7");
        for d in [&gone, &aside, &mine, &other] {
            fill(d, 20);
        }
        let mut found = stale(parent.path());
        found.sort();
        let mut want = vec![gone.clone(), aside.clone()];
        want.sort();
        assert_eq!(found, want);
        sweep(parent.path());
        wait_gone(&gone);
        wait_gone(&aside);
        assert_eq!(files_in(&mine), 20, "a running server's folder stays");
        assert_eq!(files_in(&other), 20);
    }
}
