use std::collections::BTreeMap;
use std::fs::File;
use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::error::{HarnessError, Result};
use crate::http::http_get;
use crate::paths::workspace_root;
use crate::process::{kill_group, own_process_group, tail};

/// How long HAProxy may take to answer its first health request.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// The backend's name in `deploy/haproxy.cfg`; its log lines name the server after it.
const BACKEND: &str = "porchlight_instances";

/// HAProxy running the deployment's own `deploy/haproxy.cfg` on a free loopback port,
/// in front of two server instances. Killed when dropped.
#[derive(Debug)]
pub struct Balancer {
    child: Child,
    url: String,
    dir: TempDir,
}

impl Balancer {
    /// The HAProxy binary: `HAPROXY`, default Debian's `/usr/sbin/haproxy`.
    pub fn binary() -> PathBuf {
        std::env::var_os("HAPROXY")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/sbin/haproxy"))
    }

    /// The configuration under test: the one the README tells operators to deploy.
    pub fn config() -> PathBuf {
        workspace_root().join("deploy").join("haproxy.cfg")
    }

    /// Starts HAProxy in front of the two instances (`host:port` each) and waits until
    /// `GET /api/v1/health` answers 200 through it.
    pub fn start(instances: [&str; 2]) -> Result<Self> {
        let binary = Self::binary();
        if !binary.is_file() {
            return Err(HarnessError::new(format!(
                "HAProxy not found at {}.\n\
                 Install it with `scripts/setup.sh --with-browser` (Debian: haproxy), \
                 or point HAPROXY at it.",
                binary.display()
            )));
        }
        let dir = tempfile::Builder::new()
            .prefix("porchlight-haproxy-")
            .tempdir()?;
        // The free port can be taken between our probe and HAProxy's bind: retry.
        let mut last_error = None;
        for _ in 0..3 {
            match Self::try_start(&binary, &dir, instances) {
                Ok((child, url)) => return Ok(Self { child, url, dir }),
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.expect("at least one attempt"))
    }

    fn try_start(binary: &PathBuf, dir: &TempDir, instances: [&str; 2]) -> Result<(Child, String)> {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
            .local_addr()?
            .port();
        let addr = format!("127.0.0.1:{port}");
        let log = dir.path().join("haproxy.log");
        let mut cmd = Command::new(binary);
        // -db: stay in the foreground, so the process is ours to stop.
        cmd.arg("-db")
            .arg("-f")
            .arg(Self::config())
            .env("PORCHLIGHT_BALANCER_ADDR", &addr)
            .env("PORCHLIGHT_INSTANCE_1_ADDR", instances[0])
            .env("PORCHLIGHT_INSTANCE_2_ADDR", instances[1])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(File::create(dir.path().join("haproxy.stdout.log"))?)
            .stderr(File::create(&log)?);
        own_process_group(&mut cmd);
        let mut child = cmd
            .spawn()
            .map_err(|e| HarnessError::new(format!("could not start {}: {e}", binary.display())))?;
        let url = format!("http://{addr}");
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(HarnessError::new(format!(
                    "HAProxy exited ({status}) on start.\ncommand: {cmd:?}\n--- its log ---\n{}",
                    tail(&log, 4000)
                )));
            }
            match http_get(&format!("{url}/api/v1/health")) {
                Ok(response) if response.status == 200 => return Ok((child, url)),
                _ if Instant::now() > deadline => {
                    kill_group(&mut child);
                    return Err(HarnessError::new(format!(
                        "GET /api/v1/health through HAProxy on {addr} did not answer 200 within \
                         {}s.\n--- its log ---\n{}",
                        START_TIMEOUT.as_secs(),
                        tail(&log, 4000)
                    )));
                }
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    /// The base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Everything HAProxy logged so far: one line per request (`option httplog`), and
    /// its health checks' verdicts.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("haproxy.log")).unwrap_or_default()
    }

    /// How many logged requests whose request line starts with `request` (e.g.
    /// `POST /api/v1/requests `) each server answered, by the server's name in
    /// `deploy/haproxy.cfg` (`instance1`, `instance2`; `<NOSRV>` when none could).
    pub fn served_by(&self, request: &str) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for line in self.log().lines() {
            if !line.contains(&format!("\"{request}")) {
                continue;
            }
            let server = line
                .split_whitespace()
                .find_map(|word| word.strip_prefix(BACKEND)?.strip_prefix('/'))
                .unwrap_or("?");
            *counts.entry(server.to_owned()).or_default() += 1;
        }
        counts
    }

    /// Waits until HAProxy has logged at least `n` requests starting with `request`
    /// (it writes a request's line once the answer has gone out, a moment after the
    /// client has it), and returns [`Balancer::served_by`].
    pub fn wait_for_logged(&self, request: &str, n: usize) -> Result<BTreeMap<String, usize>> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let counts = self.served_by(request);
            if counts.values().sum::<usize>() >= n {
                return Ok(counts);
            }
            if Instant::now() > deadline {
                return Err(HarnessError::new(format!(
                    "HAProxy logged {counts:?} for {request:?}, expected {n} in all.\n\
                     --- its log ---\n{}",
                    tail(&self.dir.path().join("haproxy.log"), 4000)
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        kill_group(&mut self.child);
    }
}
