use std::fs;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command};

/// Puts the child in a process group of its own, so that [`kill_group`] also reaches
/// what it starts (chromedriver starts Chromium and its helper processes).
pub(crate) fn own_process_group(cmd: &mut Command) -> &mut Command {
    cmd.process_group(0)
}

/// Kills the child's whole process group and reaps the child.
pub(crate) fn kill_group(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals that process group; the group id
        // is our child's pid because of `own_process_group`.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The last `max` bytes of a log file, for error messages (or a note that it is empty).
pub(crate) fn tail(path: &Path, max: usize) -> String {
    match fs::read(path) {
        Ok(bytes) if bytes.is_empty() => "(empty)".to_owned(),
        Ok(bytes) => {
            let start = bytes.len().saturating_sub(max);
            let text = String::from_utf8_lossy(&bytes[start..]);
            if start > 0 {
                format!("…{text}")
            } else {
                text.into_owned()
            }
        }
        Err(e) => format!("(could not read {}: {e})", path.display()),
    }
}
