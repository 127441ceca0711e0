//! The allocator, and giving freed memory back to the system between phases.
//!
//! loa allocates many small strings on every core (front matter, Markdown events, search
//! terms); mimalloc handles that several times faster than the system allocator, so the
//! library sets it for every program built on it (the `loa` binary, its tests and benches),
//! and the build can ask it to return what a phase freed.
//!
//! mimalloc keeps pages freed by a thread on that thread until the thread allocates again,
//! and decommits free memory only after a delay: a build that drops the pages' source and
//! rendered Markdown on the main thread while the worker threads sit idle kept them resident
//! (2.6 GiB at 100,000 pages, with less than half of it live). [`give_back`] collects every
//! thread's free pages and decommits them at once.

/// Turns transparent huge pages off for this process (Linux; elsewhere it does nothing). The
/// build frees and reuses memory between its phases ([`give_back`]), and with huge pages the
/// kernel zeroed a whole 2 MiB page on the first touch of each freed stretch: at 10,000 pages up
/// to 12 % of the samples of a profile. The `loa` binary calls it first thing (the same as
/// `MIMALLOC_ALLOW_THP=0`, which mimalloc reads only at start-up).
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag on this process's memory map; no pointer.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Returns the memory freed so far to the system: each thread of rayon's pool and the caller
/// collect their heaps (blocks freed by other threads included) and purge free pages now.
/// Costs a few milliseconds; call it after a phase that dropped much.
pub(crate) fn give_back() {
    // SAFETY: `mi_collect` only walks and frees the calling thread's own heap pages.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}
