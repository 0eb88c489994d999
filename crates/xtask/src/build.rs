//! `cargo xtask build`: release wasm builds of the web app and the engine facade, wasm-bindgen, wasm-opt,
//! the `dist/` folder, and a size report (raw and gzip bytes).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use flate2::write::{DeflateEncoder, GzEncoder};
use flate2::Compression;

use crate::process::execute;
use crate::toolchain::{self, WasmToolchain, WASM_TARGET};
use crate::{bootstrap, io_context, Error, Result};

/// wasm features current rustc emits for wasm32-unknown-unknown; wasm-opt must accept them.
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Builds `dist/` and prints its size report; returns the dist folder.
pub fn run() -> Result<PathBuf> {
    bootstrap::run()?;
    let root = xtask::repository_root();
    let toolchain = WasmToolchain::require()?;
    let version = toolchain::locked_wasm_bindgen_version(&root)?;
    let wasm_bindgen = toolchain::find_wasm_bindgen(&version)
        .ok_or_else(|| Error::Missing(format!("no wasm-bindgen {version}: run `cargo xtask bootstrap`")))?;

    // The web app is built for size (`release`), the engine facade for speed (`engine`, see Cargo.toml).
    let release_build = |profile: &str, packages: &[&str]| {
        let mut command = toolchain.cargo("build", &root);
        command.args(["--profile", profile]);
        for package in packages {
            command.args(["--package", package]);
        }
        if let Some(flags) = toolchain.release_rustflags() {
            command.env("RUSTFLAGS", flags);
        }
        if profile == "release" {
            command.args(toolchain.size_std_features());
        }
        execute(&mut command)
    };
    // The app and its simulator module (see crates/simulator), loaded after the first render, in one build.
    release_build("release", &["web", "simulator"])?;
    release_build("engine", &["playground-wasm"])?;
    let output = root.join("target").join("wasm").join(WASM_TARGET);
    let web_wasm = output.join("release").join("web.wasm");
    let simulator_wasm = output.join("release").join("simulator.wasm");
    let engine_wasm = output.join("engine").join("playground_wasm.wasm");

    let dist = root.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(io_context(format!("removing `{}`", dist.display())))?;
    }
    let bindgen = |wasm: &Path, target: &str, out_dir: &str, extra: &[&str]| {
        execute(
            Command::new(&wasm_bindgen)
                .args(["--target", target, "--out-dir"])
                .arg(dist.join(out_dir))
                .args(extra)
                .arg(wasm),
        )
    };
    bindgen(&web_wasm, "web", "pkg", &["--out-name", "web", "--no-typescript"])?;
    bindgen(
        &simulator_wasm,
        "web",
        "pkg",
        &["--out-name", "simulator", "--no-typescript"],
    )?;
    bindgen(&engine_wasm, "web", "engine", &[])?;
    bindgen(&engine_wasm, "nodejs", "node", &[])?;

    match toolchain::find_wasm_opt() {
        Some(wasm_opt) => {
            // Size for the app's first load; speed for the engine facade.
            for (module, level) in [
                ("pkg/web_bg.wasm", "-Oz"),
                ("pkg/simulator_bg.wasm", "-Oz"),
                ("engine/playground_wasm_bg.wasm", "-O3"),
                ("node/playground_wasm_bg.wasm", "-O3"),
            ] {
                let path = dist.join(module);
                execute(
                    Command::new(&wasm_opt)
                        .arg(level)
                        .args(WASM_OPT_FEATURES)
                        .arg(&path)
                        .arg("-o")
                        .arg(&path),
                )?;
            }
        }
        None => eprintln!(
            "build: no recent wasm-opt (run `cargo xtask bootstrap`); wasm files are not optimised further"
        ),
    }

    write_catalogue(&dist)?;

    let index = root.join("index.html");
    std::fs::copy(&index, dist.join("index.html"))
        .map_err(io_context(format!("copying `{}`", index.display())))?;
    let assets = root.join("web");
    if assets.is_dir() {
        copy_folder(&assets, &dist.join("web"))?;
    }

    print_size_report(&dist)?;
    Ok(dist)
}

/// Where the web app fetches the IAM metadata catalogue from, relative to `dist/` (see crates/web/src/catalogue.rs).
pub const CATALOGUE_FILE: &str = "pkg/iam-metadata.bin";

/// Writes the IAM metadata catalogue the web app fetches after its first render (it is built without
/// `bundled-metadata`): `policy::metadata::encode_catalogue`, raw-deflated so that it travels small from any static
/// host (the app inflates it with the `miniz_oxide` it already carries for share links).
fn write_catalogue(dist: &Path) -> Result<()> {
    let path = dist.join(CATALOGUE_FILE);
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(&policy::metadata::encode_catalogue())
        .and_then(|()| encoder.finish())
        .and_then(|deflated| std::fs::write(&path, deflated))
        .map_err(io_context(format!("writing `{}`", path.display())))
}

fn copy_folder(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(io_context(format!("creating `{}`", to.display())))?;
    let entries = std::fs::read_dir(from).map_err(io_context(format!("reading `{}`", from.display())))?;
    for entry in entries {
        let entry = entry.map_err(io_context(format!("reading `{}`", from.display())))?;
        let source = entry.path();
        let destination = to.join(entry.file_name());
        if source.is_dir() {
            copy_folder(&source, &destination)?;
        } else {
            std::fs::copy(&source, &destination)
                .map_err(io_context(format!("copying `{}`", source.display())))?;
        }
    }
    Ok(())
}

/// Every file under `folder`, relative to it, sorted.
pub fn files_under(folder: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries =
            std::fs::read_dir(&current).map_err(io_context(format!("reading `{}`", current.display())))?;
        for entry in entries {
            let path = entry
                .map_err(io_context(format!("reading `{}`", current.display())))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(folder) {
                files.push(relative.to_path_buf());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The size of `bytes` after gzip at the best level.
pub fn gzip_size(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|compressed| compressed.len()).unwrap_or(0)
}

/// The stylesheets `index.html` links (`<link rel="stylesheet" href="...">`), as relative paths.
pub fn linked_stylesheets(index_html: &str) -> Vec<String> {
    index_html
        .split("<link")
        .skip(1)
        .filter_map(|tail| tail.split('>').next())
        .filter(|tag| tag.contains("rel=\"stylesheet\"") || tag.contains("rel='stylesheet'"))
        .filter_map(|tag| {
            let after = tag.split("href=").nth(1)?;
            let quote = after.chars().next()?;
            let value = after.get(1..)?.split(quote).next()?;
            Some(value.trim_start_matches("./").trim_start_matches('/').to_string())
        })
        .collect()
}

/// What the browser loads before the app is interactive: index.html, `pkg/web.js` and the snippets it imports,
/// `pkg/web_bg.wasm`, and the stylesheets index.html links; relative to `dist`.
pub fn first_load_files(dist: &Path) -> Result<Vec<String>> {
    let index =
        std::fs::read_to_string(dist.join("index.html")).map_err(io_context("reading dist/index.html"))?;
    let mut first_load = vec![
        "index.html".to_string(),
        "pkg/web.js".to_string(),
        "pkg/web_bg.wasm".to_string(),
    ];
    first_load.extend(linked_stylesheets(&index));
    // web.js imports its snippets (wasm-bindgen's `inline_js`) statically.
    let snippets = dist.join("pkg").join("snippets");
    if snippets.is_dir() {
        for relative in files_under(&snippets)? {
            first_load.push(format!("pkg/snippets/{}", relative.display()));
        }
    }
    Ok(first_load)
}

/// The first load's gzip bytes (see [`first_load_files`]).
pub fn first_load_gzip(dist: &Path) -> Result<usize> {
    let mut total = 0;
    for relative in first_load_files(dist)? {
        let bytes = std::fs::read(dist.join(&relative))
            .map_err(io_context(format!("reading first-load file `dist/{relative}`")))?;
        total += gzip_size(&bytes);
    }
    Ok(total)
}

/// Prints raw and gzip bytes of every file in `dist/` and the first-load total; returns that total.
pub fn print_size_report(dist: &Path) -> Result<usize> {
    println!("\n{:<44} {:>12} {:>12}", "dist/", "raw bytes", "gzip bytes");
    let mut total_raw = 0;
    let mut total_gzip = 0;
    for relative in files_under(dist)? {
        let bytes = std::fs::read(dist.join(&relative))
            .map_err(io_context(format!("reading `{}`", relative.display())))?;
        let gzip = gzip_size(&bytes);
        total_raw += bytes.len();
        total_gzip += gzip;
        println!("{:<44} {:>12} {:>12}", relative.display(), bytes.len(), gzip);
    }
    println!("{:<44} {:>12} {:>12}", "all files", total_raw, total_gzip);

    let first_load = first_load_files(dist)?;
    let first_load_gzip = first_load_gzip(dist)?;
    println!(
        "first load (gzip): {first_load_gzip} bytes ({})",
        first_load.join(" + ")
    );
    // What the app fetches once its first render is done (see crates/web/src/catalogue.rs and simulator.rs).
    let after_render = ["pkg/simulator.js", "pkg/simulator_bg.wasm", CATALOGUE_FILE];
    let mut after_render_gzip = 0;
    for relative in after_render {
        if let Ok(bytes) = std::fs::read(dist.join(relative)) {
            after_render_gzip += gzip_size(&bytes);
        }
    }
    println!(
        "after the first render (gzip): {after_render_gzip} bytes ({})",
        after_render.join(" + ")
    );
    Ok(first_load_gzip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_linked_stylesheets_only() {
        let html = r#"<link rel="icon" href="web/icon.svg"><link rel="stylesheet" href="web/style.css">
            <link rel='stylesheet' href='./web/print.css'><link rel="modulepreload" href="pkg/web.js">"#;
        assert_eq!(linked_stylesheets(html), vec!["web/style.css", "web/print.css"]);
    }

    #[test]
    fn the_catalogue_file_inflates_to_an_installable_catalogue() {
        let dist = std::env::temp_dir().join(format!("xtask-catalogue-{}", std::process::id()));
        std::fs::create_dir_all(dist.join("pkg")).unwrap();
        write_catalogue(&dist).unwrap();
        let deflated = std::fs::read(dist.join(CATALOGUE_FILE)).unwrap();
        let _ = std::fs::remove_dir_all(&dist);
        let mut inflated = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::DeflateDecoder::new(&deflated[..]),
            &mut inflated,
        )
        .unwrap();
        assert_eq!(inflated, policy::metadata::encode_catalogue());
        assert_eq!(policy::metadata::install(&inflated), Ok(()));
        assert!(
            deflated.len() < inflated.len() / 2,
            "{} of {}",
            deflated.len(),
            inflated.len()
        );
    }

    #[test]
    fn gzip_shrinks_repetitive_bytes() {
        let bytes = vec![b'a'; 10_000];
        let size = gzip_size(&bytes);
        assert!(size > 18 && size < 200, "{size}");
    }
}
