use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ has a parent directory")
        .to_path_buf()
}

/// Where screenshots go: `e2e/artifacts/` (gitignored), created on first use.
pub fn artifacts_dir() -> PathBuf {
    workspace_root().join("e2e").join("artifacts")
}

/// A path from the environment variable `var`, or `default`; relative paths are taken
/// from the workspace root so the tests behave the same from any directory.
pub(crate) fn path_from_env(var: &str, default: &str) -> PathBuf {
    let raw = std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    if raw.is_absolute() {
        raw
    } else {
        workspace_root().join(raw)
    }
}
