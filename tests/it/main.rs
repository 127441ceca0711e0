//! The integration tests: one binary, one module per feature, one small fixture site per case
//! under `tests/fixtures/`.

mod build;
mod check;
mod edit;
mod fuzz;
mod harden;
mod new;
mod print;
mod readers;
mod search;
mod serve;
mod session;
mod shipped;
mod shipped_added;
mod support;
