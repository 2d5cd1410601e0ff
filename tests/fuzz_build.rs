//! The fuzz targets (`fuzz/`, run with `cargo +nightly fuzz run TARGET`) must
//! keep compiling as the library changes. Fuzzing needs nightly; type-checking
//! the targets does not, so CI checks them here on the stable toolchain.

#[test]
fn fuzz_targets_compile() {
    let root = env!("CARGO_MANIFEST_DIR");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--manifest-path"])
        .arg(format!("{root}/fuzz/Cargo.toml"))
        .arg("--target-dir")
        .arg(format!("{root}/target/fuzz-check"))
        .arg("--bins")
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the fuzz targets no longer compile");
}
