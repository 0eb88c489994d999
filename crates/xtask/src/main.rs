//! `cargo xtask`: bootstrap, build, serve, test and bench; the scripts behind the README's two commands.

fn main() {}
