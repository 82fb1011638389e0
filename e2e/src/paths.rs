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

/// A private copy of the release build (`dist/`) that a test may change (break a file,
/// rewrite the loader) without touching what the other tests serve. The server reads
/// `index.html` itself, so the copy has no precompressed `index.html.br`/`.gz` that
/// could disagree with an edited one.
pub fn copy_of_dist() -> crate::Result<tempfile::TempDir> {
    let copy = tempfile::Builder::new()
        .prefix("porchlight-dist-")
        .tempdir()?;
    copy_dir(&crate::Server::dist(), copy.path())?;
    for stale in ["index.html.br", "index.html.gz"] {
        let _ = std::fs::remove_file(copy.path().join(stale));
    }
    Ok(copy)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&target)?;
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
