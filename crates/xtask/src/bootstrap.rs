//! `cargo xtask bootstrap`: installs what building and testing need, idempotently; silent when all is present.

use std::path::Path;
use std::process::Command;

use crate::process::{self, read_output, run_quiet};
use crate::toolchain::{self, WasmToolchain};
use crate::{Error, Result};

/// A Debian package to install and the reason it is needed.
struct Needed {
    package: &'static str,
    reason: &'static str,
}

/// Installs the missing pieces; prints one line per thing installed.
pub fn run() -> Result<()> {
    let root = xtask::repository_root();
    install_debian_packages()?;
    install_wasm_bindgen(&root)?;
    install_wasm_opt();
    Ok(())
}

fn install_debian_packages() -> Result<()> {
    let mut needed = Vec::new();
    if WasmToolchain::detect().is_none() || (!toolchain::rustup_has_wasm_std() && !debian_clippy_present()) {
        let reason = "rustup has no wasm32 std here; Debian's rustc-web builds std for wasm32 from source";
        needed.extend(
            ["rustc-web", "cargo-web", "rust-web-src", "lld-22"].map(|package| Needed { package, reason }),
        );
        needed.push(Needed {
            package: "rust-web-clippy",
            reason: "clippy for the wasm32 build with Debian's rustc",
        });
    }
    if !Path::new("/usr/bin/chromium").exists() {
        needed.push(Needed {
            package: "chromium",
            reason: "headless browser for the browser tests",
        });
    }
    if !Path::new("/usr/bin/chromedriver").exists() {
        needed.push(Needed {
            package: "chromium-driver",
            reason: "WebDriver server driving Chromium in the browser tests",
        });
    }
    if process::which("node").is_none() {
        needed.push(Needed {
            package: "nodejs",
            reason: "runs the Node smoke test and benches of dist/node",
        });
    }
    if process::which("npm").is_none() {
        needed.push(Needed {
            package: "npm",
            reason: "installs binaryen's wasm-opt from the npm registry",
        });
    }
    needed.retain(|item| !dpkg_installed(item.package));
    if needed.is_empty() {
        return Ok(());
    }
    if process::which("apt-get").is_none() {
        let names: Vec<_> = needed.iter().map(|item| item.package).collect();
        return Err(Error::Missing(format!(
            "no apt-get on this machine; install the equivalents of: {}",
            names.join(", ")
        )));
    }
    run_quiet(apt_get().args(["update", "-qq"]))?;
    // npm is optional (only wasm-opt needs it): installed on its own so that its failure blocks nothing.
    let (optional, required): (Vec<_>, Vec<_>) = needed.iter().partition(|item| item.package == "npm");
    if !required.is_empty() {
        let packages = required.iter().map(|item| item.package);
        run_quiet(
            apt_get()
                .args(["install", "-y", "-qq", "--no-install-recommends"])
                .args(packages),
        )?;
        for item in &required {
            println!(
                "bootstrap: installed Debian package {} ({})",
                item.package, item.reason
            );
        }
    }
    for item in optional {
        match run_quiet(apt_get().args(["install", "-y", "-qq", "--no-install-recommends", item.package])) {
            Ok(_) => println!(
                "bootstrap: installed Debian package {} ({})",
                item.package, item.reason
            ),
            Err(error) => println!(
                "bootstrap: could not install {}, wasm-opt will be skipped ({error})",
                item.package
            ),
        }
    }
    Ok(())
}

fn apt_get() -> Command {
    let mut command = Command::new("apt-get");
    command.env("DEBIAN_FRONTEND", "noninteractive");
    command
}

fn dpkg_installed(package: &str) -> bool {
    read_output("dpkg-query", &["-W", "-f=${Status}", package])
        .is_some_and(|status| status.contains("install ok installed"))
}

fn debian_clippy_present() -> bool {
    Path::new("/usr/bin/cargo-clippy").exists() && Path::new("/usr/bin/clippy-driver").exists()
}

fn install_wasm_bindgen(root: &Path) -> Result<()> {
    let version = toolchain::locked_wasm_bindgen_version(root)?;
    if toolchain::find_wasm_bindgen(&version).is_some() {
        return Ok(());
    }
    let install_root = toolchain::wasm_bindgen_install_root(&version);
    println!(
        "bootstrap: installing wasm-bindgen-cli {version} into {} (must match the wasm-bindgen crate in Cargo.lock; takes a few minutes)",
        install_root.display()
    );
    run_quiet(
        process::cargo()
            .args([
                "install",
                "--quiet",
                "wasm-bindgen-cli",
                "--version",
                &version,
                "--root",
            ])
            .arg(&install_root)
            // The workspace's target dir would thrash with the builds; cargo install uses a temp one otherwise.
            .env_remove("CARGO_TARGET_DIR"),
    )?;
    if toolchain::find_wasm_bindgen(&version).is_none() {
        return Err(Error::Missing(format!(
            "wasm-bindgen {version} still not found after installing it"
        )));
    }
    println!("bootstrap: installed wasm-bindgen {version}");
    Ok(())
}

/// wasm-opt is optional: a failure here is reported and the build goes on without it.
fn install_wasm_opt() {
    if toolchain::find_wasm_opt().is_some() {
        return;
    }
    if process::which("npm").is_none() {
        println!("bootstrap: no npm, so no wasm-opt; builds are larger but work");
        return;
    }
    let prefix = toolchain::binaryen_prefix();
    let outcome = std::fs::create_dir_all(&prefix)
        .map_err(crate::io_context("creating the npm tools folder"))
        .and_then(|()| {
            run_quiet(
                Command::new("npm")
                    .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
                    .arg(&prefix)
                    .arg(toolchain::BINARYEN_NPM),
            )
        });
    match (outcome, toolchain::find_wasm_opt()) {
        (Ok(_), Some(path)) => println!(
            "bootstrap: installed wasm-opt from npm {} at {} (Debian's binaryen is too old for current rustc output)",
            toolchain::BINARYEN_NPM,
            path.display()
        ),
        (Ok(_), None) => println!("bootstrap: npm installed binaryen but no usable wasm-opt came with it; skipping"),
        (Err(error), _) => println!("bootstrap: could not install wasm-opt ({error}); builds go on without it"),
    }
}
