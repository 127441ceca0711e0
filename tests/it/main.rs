//! The integration tests: one binary, one module per feature, one small fixture site per case
//! under `tests/fixtures/`.

mod build;
mod check;
mod dates;
mod edit;
mod fuzz;
mod harden;
mod lists;
mod new;
mod paths;
mod print;
mod print_bleed;
mod print_covers;
mod print_heads;
mod print_leaflet;
mod print_shop;
mod print_tails;
mod quiz;
#[cfg(feature = "pdf")]
mod quiz_print;
mod readers;
mod search;
mod search_forgives;
mod search_rice;
mod search_tiers;
mod serve;
mod serve_index;
mod session;
mod shared_rules;
mod shipped;
mod shipped_added;
mod slides;
#[cfg(feature = "pdf")]
mod slides_pdf;
mod support;
mod swap;
mod theme;
mod yaml_errors;
