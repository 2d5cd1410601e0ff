//! The Python bindings and Spark integration (`python/`): runs their pytest
//! suite, which compares them with this build's `modcite` binary.
//!
//! The Python environment is `$MODCITE_PYTHON`, else the virtual environment
//! `.ci/run` makes at `target/pyenv`. It needs `modcite` (`pip install
//! ./python`) and pytest; pyspark, pyarrow and a Java runtime for the Spark
//! tests. When the installed package is older than the sources it is
//! reinstalled first (built in `target/pyext`). Without such an environment
//! the test says why and passes, unless `MODCITE_REQUIRE_PYTHON=1` (set by
//! `.ci/run`), which makes every missing piece a failure.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

fn required() -> bool {
    std::env::var("MODCITE_REQUIRE_PYTHON").as_deref() == Ok("1")
}

/// Fails under `MODCITE_REQUIRE_PYTHON=1`; otherwise says why the suite is skipped.
fn unavailable(why: &str) {
    if required() {
        panic!("{why} (MODCITE_REQUIRE_PYTHON=1: .ci/run sets up target/pyenv)");
    }
    eprintln!("SKIPPED Python tests: {why}; run .ci/run, or make a venv at target/pyenv with `pip install pytest ./python`");
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn python() -> PathBuf {
    match std::env::var_os("MODCITE_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => root().join("target/pyenv/bin/python"),
    }
}

/// Runs `python -c code`; its stdout when it succeeds.
fn python_says(python: &Path, code: &str) -> Option<String> {
    let out = Command::new(python).args(["-c", code]).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The newest modification time of the files under `path`.
fn newest(path: &Path) -> SystemTime {
    let own = std::fs::metadata(path).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
    match std::fs::read_dir(path) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| newest(&e.path())).fold(own, SystemTime::max),
        Err(_) => own,
    }
}

/// Whether the installed package (its extension and Python files) predates the sources it is built from.
fn installed_is_stale(python: &Path) -> bool {
    let Some(installed) = python_says(python, "import modcite, os; print(os.path.dirname(modcite.__file__))") else {
        return true;
    };
    let sources = ["src", "lexicons", "python/src", "python/python", "python/Cargo.toml", "Cargo.toml"]
        .iter()
        .map(|p| newest(&root().join(p)))
        .fold(SystemTime::UNIX_EPOCH, SystemTime::max);
    // The oldest installed file must be newer than every source.
    let oldest_installed = std::fs::read_dir(&installed)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.metadata().and_then(|m| m.modified()).ok())
                .fold(SystemTime::now(), SystemTime::min)
        })
        .unwrap_or(SystemTime::UNIX_EPOCH);
    oldest_installed < sources
}

fn reinstall(python: &Path) -> bool {
    eprintln!("modcite's Python package is older than the sources: reinstalling (pip install ./python)");
    let mut pip = Command::new(python);
    pip.args(["-m", "pip", "install", "--no-deps", "--quiet"]);
    if python_says(python, "import maturin").is_some() {
        pip.arg("--no-build-isolation");
    }
    // maturin's build backend runs the `maturin` beside the interpreter.
    let bin = python.parent().map(Path::to_path_buf).unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())));
    if let Ok(path) = path {
        pip.env("PATH", path);
    }
    let status = pip
        .arg(root().join("python"))
        .env("CARGO_TARGET_DIR", root().join("target/pyext"))
        .status();
    status.is_ok_and(|s| s.success())
}

#[test]
fn python_bindings_and_spark_pass_their_pytest_suite() {
    let python = python();
    if python_says(&python, "import sys").is_none() {
        return unavailable(&format!("no Python at {} (set MODCITE_PYTHON)", python.display()));
    }
    if python_says(&python, "import pytest").is_none() {
        return unavailable(&format!("pytest is not installed for {}", python.display()));
    }
    if installed_is_stale(&python) && !reinstall(&python) {
        return unavailable(&format!("modcite could not be (re)installed for {}", python.display()));
    }
    let status = Command::new(&python)
        .args(["-m", "pytest", "python/tests", "-q", "-p", "no:cacheprovider"])
        .current_dir(root())
        .env("MODCITE_BIN", env!("CARGO_BIN_EXE_modcite"))
        .status()
        .expect("pytest starts");
    assert!(status.success(), "pytest python/tests failed (its output is above)");
}
