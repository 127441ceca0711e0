//! The integration tests: one binary, one module per feature, one small fixture site per case
//! under `tests/fixtures/`.

mod build;
mod search;
mod shipped;
mod support;
