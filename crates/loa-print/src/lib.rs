//! loa's PDF engine.
