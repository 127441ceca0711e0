//! loa: Vietnamese Markdown topics → a static site that works from any path and from disk, with
//! Vietnamese-aware search, and print-ready booklets.
//!
//! The pipeline is phases over plain data: load (parallel) → resolve ids and links → render
//! (parallel) → write (atomically). Each phase collects every problem it finds instead of stopping.

// Diagnostics are the error type of most functions: they travel only on the error path, and
// boxing them would make every construction site noisier for no measurable gain.
#![allow(clippy::result_large_err)]

mod alloc;
pub use alloc::no_huge_pages;
mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod markdown;
pub mod new;
pub(crate) mod paths;
#[cfg(feature = "pdf")]
pub mod print;
pub mod render;
pub mod search;
pub mod serve;
mod session;
pub mod text;
pub(crate) mod yaml;

pub use build::{build, BookletReport, BuildOptions, BuildReport, Cleanup, Failure};
#[cfg(feature = "pdf")]
pub use build::{build_booklet, build_booklets};
pub use session::{Preview, Session, Update};
