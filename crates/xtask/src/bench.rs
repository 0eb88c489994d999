//! `cargo xtask bench`: the policy benches, the Node benches of the engine, and the browser bench page,
//! each skipped with a message while the piece does not exist.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{self, execute};
use crate::{build, Result};

/// Runs the benches that exist.
pub fn run() -> Result<()> {
    let root = xtask::repository_root();

    if has_files(&root.join("crates/policy/benches"), "rs") {
        execute(
            process::cargo()
                .current_dir(&root)
                .args(["bench", "--package", "policy"]),
        )?;
    } else {
        println!("bench: skipping policy benches (crates/policy/benches/*.rs does not exist yet)");
    }

    let node_benches = files_with_extension(&root.join("crates/wasm/bench"), "mjs");
    let browser_bench = root.join("tests/tests/browser_bench.rs");
    let needs_dist = !node_benches.is_empty() || browser_bench.exists();
    if needs_dist && !root.join("dist/node").is_dir() {
        build::run()?;
    }

    if node_benches.is_empty() {
        println!("bench: skipping Node benches (crates/wasm/bench/*.mjs does not exist yet)");
    }
    for script in &node_benches {
        execute(
            Command::new("node")
                .current_dir(&root)
                .env("PLAYGROUND_NODE", root.join("dist/node"))
                .arg(script),
        )?;
    }

    if browser_bench.exists() {
        // The page `?bench=1` is driven by the browser test harness; the test prints the figures.
        execute(process::cargo().current_dir(&root).args([
            "test",
            "--package",
            "tests",
            "--features",
            "browser",
            "--test",
            "browser_bench",
            "--",
            "--nocapture",
        ]))?;
    } else {
        println!("bench: skipping the browser bench page (tests/tests/browser_bench.rs, driving `?bench=1`, does not exist yet)");
    }
    Ok(())
}

fn has_files(folder: &Path, extension: &str) -> bool {
    !files_with_extension(folder, extension).is_empty()
}

fn files_with_extension(folder: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|found| found == extension))
        .collect();
    files.sort();
    files
}
