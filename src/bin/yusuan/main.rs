//! The `yusuan` command-line tool (native only).
//!
//! `cargo test --target wasm32-unknown-unknown` builds every binary of the package, and the CLI uses
//! native-only parts (files, PNG through resvg), so on wasm the binary is an empty shell.

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod survey;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
