//! Library half of the xtask crate: the pieces the browser tests reuse (the static server for `dist/`).

pub mod static_server;

use std::path::PathBuf;

/// The repository root: two levels above this crate's manifest.
pub fn repository_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().nth(2).map(PathBuf::from).unwrap_or(manifest)
}
