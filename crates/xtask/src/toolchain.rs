//! Where the tools live: the wasm32 toolchain (rustup's target or Debian's rustc-web with build-std),
//! wasm-bindgen at the Cargo.lock version, and an optional recent wasm-opt.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{self, read_output};
use crate::{io_context, Error, Result};

/// The wasm target every wasm build uses.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The npm package (and version) that brings a recent wasm-opt.
pub const BINARYEN_NPM: &str = "binaryen@132.0.0";

/// The oldest wasm-opt that understands what current rustc emits (bulk memory, reference types, ...).
const OLDEST_USABLE_WASM_OPT: u32 = 116;

/// Debian's Rust toolchain with std sources (packages rustc-web, cargo-web, rust-web-src).
const DEBIAN_RUSTC: &str = "/usr/bin/rustc";
const DEBIAN_CARGO: &str = "/usr/bin/cargo";

/// How wasm32 code gets built on this machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WasmToolchain {
    /// rustup has the wasm32-unknown-unknown std installed: plain `cargo --target`.
    Rustup,
    /// Debian's rustc-web builds std from source (`-Zbuild-std`).
    Debian,
}

impl WasmToolchain {
    /// The toolchain to use, or `None` when neither is installed.
    pub fn detect() -> Option<WasmToolchain> {
        if rustup_has_wasm_std() {
            Some(WasmToolchain::Rustup)
        } else if debian_toolchain_present() {
            Some(WasmToolchain::Debian)
        } else {
            None
        }
    }

    /// Like [`detect`](Self::detect), failing with a hint when there is none.
    pub fn require() -> Result<WasmToolchain> {
        WasmToolchain::detect().ok_or_else(|| {
            Error::Missing(
                "no wasm32 toolchain: run `cargo xtask bootstrap` (installs Debian's rustc-web with std sources)"
                    .to_string(),
            )
        })
    }

    /// `cargo <subcommand> --target wasm32-unknown-unknown --target-dir target/wasm [...]` for this toolchain.
    pub fn cargo(self, subcommand: &str, root: &Path) -> Command {
        let mut command = match self {
            WasmToolchain::Rustup => process::cargo(),
            WasmToolchain::Debian => {
                let mut command = Command::new(DEBIAN_CARGO);
                // Debian's cargo must find Debian's rustc and clippy, never the rustup proxies.
                let path = std::env::var("PATH").unwrap_or_default();
                command
                    .env("PATH", format!("/usr/bin:{path}"))
                    .env("RUSTC", DEBIAN_RUSTC)
                    .env("RUSTC_BOOTSTRAP", "1")
                    .env_remove("RUSTUP_TOOLCHAIN")
                    .env_remove("RUSTDOC")
                    .env_remove("RUSTC_WRAPPER")
                    .env_remove("RUSTC_WORKSPACE_WRAPPER");
                // rustc's default wasm linker is `rust-lld`, which Debian's rustc-web does not always ship
                // (1.96.0+dfsg1-1~deb12u2 does not); LLVM's `wasm-ld` from the lld package is the same linker.
                if process::which("rust-lld").is_none() {
                    if let Some(linker) = debian_wasm_ld() {
                        command.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", linker);
                    }
                }
                command
            }
        };
        command
            .current_dir(root)
            .arg(subcommand)
            .args(["--target", WASM_TARGET]);
        command.arg("--target-dir").arg(root.join("target").join("wasm"));
        if self == WasmToolchain::Debian {
            command.arg("-Zbuild-std=std,panic_abort");
        }
        command
    }

    /// `RUSTFLAGS` for the release wasm builds of `dist/`, where std is built from source with them.
    ///
    /// - `-Cpanic=immediate-abort`: a panic traps at once, without formatting a message; the engine crates
    ///   deny panicking code, and index.html shows a message when the module traps. Removes the panic
    ///   machinery (formatting, locations) from the binary.
    /// - `-Zlocation-detail=none`: no file/line strings for `#[track_caller]` locations.
    /// - `-Zfmt-debug=shallow`: derived `Debug` prints only the type or variant name. No user-facing text
    ///   is formatted with a derived `Debug` (`{:?}` of strings, numbers and `Vec`s is unchanged).
    ///
    /// rustup's prebuilt std cannot take them (it is built with the unwinding panic strategy), so a rustup
    /// toolchain builds without; the output is correct either way, only larger.
    pub fn release_rustflags(self) -> Option<&'static str> {
        match self {
            WasmToolchain::Debian => {
                Some("-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=shallow")
            }
            WasmToolchain::Rustup => None,
        }
    }

    /// Extra cargo arguments for a build made for size (the web app), where std is built from source:
    /// std's `optimize_for_size` feature picks its small implementations (sorting above all: the stable and
    /// unstable sorts are otherwise instantiated large for every element type). Measured on the app: -18 KB
    /// gzip. Nothing for rustup's prebuilt std.
    pub fn size_std_features(self) -> &'static [&'static str] {
        match self {
            WasmToolchain::Debian => &["-Zbuild-std-features=optimize_for_size"],
            WasmToolchain::Rustup => &[],
        }
    }
}

/// Whether `rustup target list --installed` lists the wasm32 target.
pub fn rustup_has_wasm_std() -> bool {
    read_output("rustup", &["target", "list", "--installed"])
        .is_some_and(|targets| targets.lines().any(|line| line.trim() == WASM_TARGET))
}

/// LLVM's wasm linker from Debian's lld packages (`wasm-ld-NN` or `/usr/lib/llvm-NN/bin/wasm-ld`), newest first.
fn debian_wasm_ld() -> Option<PathBuf> {
    let mut candidates: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let version = name.strip_prefix("llvm-")?.parse().ok()?;
            let linker = entry.path().join("bin/wasm-ld");
            linker.exists().then_some((version, linker))
        })
        .collect();
    candidates.sort();
    candidates.pop().map(|(_, linker)| linker)
}

/// Whether Debian's rustc with std sources is installed.
pub fn debian_toolchain_present() -> bool {
    Path::new(DEBIAN_RUSTC).exists()
        && Path::new(DEBIAN_CARGO).exists()
        && read_output(DEBIAN_RUSTC, &["--print", "sysroot"]).is_some_and(|sysroot| {
            Path::new(&sysroot)
                .join("lib/rustlib/src/rust/library/std")
                .is_dir()
        })
}

/// Where xtask installs its own tools: `$PLAYGROUND_TOOLS`, else `~/.cache/secrets-playground/tools`.
pub fn tools_directory() -> PathBuf {
    if let Some(directory) = std::env::var_os("PLAYGROUND_TOOLS") {
        return PathBuf::from(directory);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache.join("secrets-playground").join("tools")
}

/// The version of the `wasm-bindgen` crate in Cargo.lock (the CLI must match it exactly).
pub fn locked_wasm_bindgen_version(root: &Path) -> Result<String> {
    let lock_path = root.join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .map_err(io_context(format!("reading `{}`", lock_path.display())))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|next| next.trim().strip_prefix("version = "))
            {
                return Ok(version.trim_matches('"').to_string());
            }
        }
    }
    Err(Error::Missing(
        "Cargo.lock has no `wasm-bindgen` package".to_string(),
    ))
}

/// Where `cargo install` puts the wasm-bindgen CLI of `version`.
pub fn wasm_bindgen_install_root(version: &str) -> PathBuf {
    tools_directory().join(format!("wasm-bindgen-{version}"))
}

/// A wasm-bindgen CLI of exactly `version`: our tools folder first, then `PATH`.
pub fn find_wasm_bindgen(version: &str) -> Option<PathBuf> {
    let installed = wasm_bindgen_install_root(version)
        .join("bin")
        .join("wasm-bindgen");
    let candidates = [Some(installed), process::which("wasm-bindgen")];
    candidates.into_iter().flatten().find(|candidate| {
        read_output(&candidate.to_string_lossy(), &["--version"])
            .is_some_and(|printed| printed.split_whitespace().nth(1) == Some(version))
    })
}

/// The npm prefix binaryen is installed into.
pub fn binaryen_prefix() -> PathBuf {
    tools_directory().join("npm")
}

/// A wasm-opt recent enough for current rustc output: our npm binaryen first, then `PATH`.
pub fn find_wasm_opt() -> Option<PathBuf> {
    let installed = binaryen_prefix()
        .join("node_modules")
        .join(".bin")
        .join("wasm-opt");
    let candidates = [Some(installed), process::which("wasm-opt")];
    candidates.into_iter().flatten().find(|candidate| {
        read_output(&candidate.to_string_lossy(), &["--version"])
            .and_then(|printed| wasm_opt_version(&printed))
            .is_some_and(|version| version >= OLDEST_USABLE_WASM_OPT)
    })
}

/// `wasm-opt version 123 (version_123)` → 123.
fn wasm_opt_version(printed: &str) -> Option<u32> {
    let after = printed.split("version").nth(1)?;
    let digits: String = after
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wasm_opt_versions() {
        assert_eq!(wasm_opt_version("wasm-opt version 108"), Some(108));
        assert_eq!(wasm_opt_version("wasm-opt version 123 (version_123)"), Some(123));
        assert_eq!(wasm_opt_version("something else"), None);
    }

    #[test]
    fn reads_the_locked_wasm_bindgen_version() {
        let version = locked_wasm_bindgen_version(&xtask::repository_root()).unwrap();
        assert!(version.starts_with("0.2."), "{version}");
    }
}
