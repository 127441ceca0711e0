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
