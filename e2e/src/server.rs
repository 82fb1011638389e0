use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::error::{HarnessError, Result};
use crate::paths::path_from_env;
use crate::process::{kill_group, own_process_group, tail};

/// How long the server may take from start to its "listening" line. Generous: a debug
/// build runs migrations and, with `--demo`, hashes the demo passwords first.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The line the server prints once it is accepting connections, followed by its URL.
const LISTENING_PREFIX: &str = "porchlight-server listening on ";

/// How to start the server for a test.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    demo: bool,
    db: Option<PathBuf>,
    postgres: Option<String>,
    log_key: Option<PathBuf>,
    extra_args: Vec<String>,
    binary: Option<PathBuf>,
    dist: Option<PathBuf>,
}

impl ServerOptions {
    /// An empty database, no accounts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Seed the demo agencies, requests and accounts (`--demo`).
    pub fn demo(mut self) -> Self {
        self.demo = true;
        self
    }

    /// Use this database file (and the log key next to it) instead of a fresh one, so a
    /// test can stop the server, change the file and start again on it.
    pub fn db(mut self, path: impl Into<PathBuf>) -> Self {
        self.db = Some(path.into());
        self
    }

    /// Use this PostgreSQL database (`postgres://user@host:port/db`) instead of a SQLite
    /// file; several servers can share it. Give them all the same [`ServerOptions::log_key`].
    pub fn postgres(mut self, url: impl Into<String>) -> Self {
        self.postgres = Some(url.into());
        self
    }

    /// Sign the public log with the key in this file (`--log-key`; created if missing)
    /// instead of the one next to the database.
    pub fn log_key(mut self, path: impl Into<PathBuf>) -> Self {
        self.log_key = Some(path.into());
        self
    }

    /// Use this server binary instead of [`Server::binary`].
    pub fn binary(mut self, path: impl Into<PathBuf>) -> Self {
        self.binary = Some(path.into());
        self
    }

    /// Serve this app build instead of [`Server::dist`].
    pub fn dist(mut self, path: impl Into<PathBuf>) -> Self {
        self.dist = Some(path.into());
        self
    }

    /// Pass one more command-line argument to the server.
    pub fn arg(mut self, arg: impl Into<String>) -> Self {
        self.extra_args.push(arg.into());
        self
    }

    /// Extra command-line arguments, after the others.
    pub fn args<const N: usize>(mut self, args: [&str; N]) -> Self {
        self.extra_args.extend(args.map(str::to_owned));
        self
    }
}

/// A running `porchlight-server` on a free loopback port with a database in a fresh
/// temporary directory (or on PostgreSQL). Killed when dropped.
#[derive(Debug)]
pub struct Server {
    child: Child,
    url: String,
    dir: TempDir,
    /// The SQLite file; `None` on PostgreSQL.
    db: Option<PathBuf>,
}

impl Server {
    /// The binary under test: `PORCHLIGHT_SERVER_BIN`, default
    /// `target/debug/porchlight-server` (relative to the workspace root).
    pub fn binary() -> PathBuf {
        path_from_env("PORCHLIGHT_SERVER_BIN", "target/debug/porchlight-server")
    }

    /// The app build it serves: `PORCHLIGHT_DIST`, default `dist` (the release build
    /// `trunk build --release` makes).
    pub fn dist() -> PathBuf {
        path_from_env("PORCHLIGHT_DIST", "dist")
    }

    /// Starts the server and waits for its "listening on" line.
    ///
    /// Fails, never skips, when the binary or the app build is missing.
    pub fn start(options: &ServerOptions) -> Result<Self> {
        let binary = options.binary.clone().unwrap_or_else(Self::binary);
        if !binary.is_file() {
            return Err(HarnessError::new(format!(
                "the server binary {} does not exist.\n\
                 Build it with `cargo build -p porchlight-server` (scripts/test.sh does), \
                 or point PORCHLIGHT_SERVER_BIN at it.",
                binary.display()
            )));
        }
        let dist = options.dist.clone().unwrap_or_else(Self::dist);
        if !dist.join("index.html").is_file() {
            return Err(HarnessError::new(format!(
                "the app build {} has no index.html.\n\
                 Build it with `trunk build --release` (scripts/test.sh does), \
                 or point PORCHLIGHT_DIST at a build.",
                dist.display()
            )));
        }
        warn_if_stale(&binary);

        let dir = tempfile::Builder::new()
            .prefix("porchlight-e2e-")
            .tempdir()?;
        let stderr_path = dir.path().join("server.stderr.log");
        let (db, db_arg): (Option<PathBuf>, OsString) = match &options.postgres {
            Some(url) => (None, url.into()),
            None => {
                let file = options
                    .db
                    .clone()
                    .unwrap_or_else(|| dir.path().join("e2e.db"));
                (Some(file.clone()), file.into())
            }
        };
        let mut cmd = Command::new(&binary);
        cmd.arg("--addr").arg("127.0.0.1:0").arg("--db").arg(db_arg);
        if let Some(key) = &options.log_key {
            cmd.arg("--log-key").arg(key);
        }
        cmd.arg("--dist").arg(&dist).args(["--tile-url", "none"]);
        if options.demo {
            cmd.arg("--demo");
        }
        cmd.args(&options.extra_args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(File::create(&stderr_path)?);
        // Only our flags configure it: a stray PORCHLIGHT_DEMO or PORCHLIGHT_TILE_URL in
        // the developer's shell must not change what the tests see.
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("PORCHLIGHT_") {
                cmd.env_remove(&key);
            }
        }
        own_process_group(&mut cmd);
        let mut child = cmd
            .spawn()
            .map_err(|e| HarnessError::new(format!("could not start {}: {e}", binary.display())))?;

        let lines = forward_stdout(&mut child, dir.path().join("server.stdout.log"))?;
        let url = match wait_for_listening(&mut child, &lines) {
            Ok(url) => url,
            Err(why) => {
                kill_group(&mut child);
                return Err(HarnessError::new(format!(
                    "{why}\ncommand: {cmd:?}\n--- server stderr ---\n{}",
                    tail(&stderr_path, 4000)
                )));
            }
        };
        Ok(Self {
            child,
            url,
            dir,
            db,
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The absolute URL of a path such as `/agencies/x`.
    pub fn url_for(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }

    /// `host:port`, as a load balancer names it.
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// The SQLite database file of this run.
    ///
    /// # Panics
    /// When the server runs on PostgreSQL.
    pub fn db_path(&self) -> PathBuf {
        self.db
            .clone()
            .expect("db_path(): this server runs on PostgreSQL, not a SQLite file")
    }

    /// Kills the server (and anything it started) with SIGKILL, as a crash or an
    /// out-of-memory kill would: no graceful shutdown, transactions cut off mid-way.
    pub fn kill(&mut self) {
        kill_group(&mut self.child);
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The end of what the server wrote to stderr so far (its log).
    pub fn stderr_tail(&self) -> String {
        tail(&self.dir.path().join("server.stderr.log"), 4000)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        kill_group(&mut self.child);
    }
}

/// Copies the server's stdout to a log file on a thread (so the pipe never fills up)
/// and hands each line to the returned channel.
fn forward_stdout(child: &mut Child, log: PathBuf) -> Result<mpsc::Receiver<String>> {
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| HarnessError::new("server stdout was not captured"))?;
    let mut log = File::create(log)?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = writeln!(log, "{line}");
            // The receiver is gone once the server is up; keep draining regardless.
            let _ = tx.send(line);
        }
    });
    Ok(rx)
}

/// Waits for the "listening on" line and returns the URL in it.
fn wait_for_listening(child: &mut Child, lines: &mpsc::Receiver<String>) -> Result<String, String> {
    let deadline = Instant::now() + START_TIMEOUT;
    let mut seen = Vec::new();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!(
                "porchlight-server exited ({status}) before it printed \
                 `{LISTENING_PREFIX}http://…`; stdout was: {seen:?}"
            ));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(format!(
                "porchlight-server did not print `{LISTENING_PREFIX}http://…` within {}s; \
                 stdout was: {seen:?}",
                START_TIMEOUT.as_secs()
            ));
        }
        match lines.recv_timeout(left.min(Duration::from_millis(200))) {
            Ok(line) => {
                if let Some(url) = line.trim().strip_prefix(LISTENING_PREFIX) {
                    if url.starts_with("http://") && !url.ends_with(":0") {
                        return Ok(url.trim_end_matches('/').to_owned());
                    }
                    return Err(format!("unexpected listening line: {line:?}"));
                }
                seen.push(line);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            // stdout closed: the next try_wait reports the exit.
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                std::thread::sleep(Duration::from_millis(50))
            }
        }
    }
}

/// Warns (does not fail) when the server sources changed after the binary was built,
/// since `cargo test -p porchlight-e2e` alone does not rebuild it.
fn warn_if_stale(binary: &Path) {
    let Ok(built) = binary.metadata().and_then(|m| m.modified()) else {
        return;
    };
    let src = crate::paths::workspace_root().join("server").join("src");
    if newest_mtime(&src).is_some_and(|newest| newest > built) {
        eprintln!(
            "warning: {} is older than server/src; run `cargo build -p porchlight-server` \
             to test the current code",
            binary.display()
        );
    }
}

fn newest_mtime(dir: &Path) -> Option<std::time::SystemTime> {
    let mut newest = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let time = if path.is_dir() {
            newest_mtime(&path)
        } else {
            entry.metadata().and_then(|m| m.modified()).ok()
        };
        newest = newest.max(time);
    }
    newest
}
