use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::error::{HarnessError, Result};
use crate::process::{kill_group, own_process_group, tail};

/// How long chromedriver may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A chromedriver on a free loopback port. Killed, with every Chromium it started,
/// when dropped.
#[derive(Debug)]
pub struct ChromeDriver {
    child: Child,
    url: String,
    dir: TempDir,
}

impl ChromeDriver {
    /// The driver binary: `CHROMEDRIVER`, default `/usr/bin/chromedriver` (Debian's
    /// `chromium-driver`).
    pub fn binary() -> PathBuf {
        std::env::var_os("CHROMEDRIVER")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
    }

    /// Starts chromedriver and waits until it accepts connections.
    pub fn start() -> Result<Self> {
        let binary = Self::binary();
        if !binary.is_file() {
            return Err(HarnessError::new(format!(
                "chromedriver not found at {}.\n\
                 Install it with `scripts/setup.sh --with-browser` (Debian: chromium \
                 chromium-driver), or point CHROMEDRIVER at it.",
                binary.display()
            )));
        }
        let dir = tempfile::Builder::new()
            .prefix("porchlight-chromedriver-")
            .tempdir()?;
        // The free port can be taken between our probe and chromedriver's bind: retry.
        let mut last_error = None;
        for _ in 0..3 {
            match Self::try_start(&binary, &dir) {
                Ok((child, url)) => return Ok(Self { child, url, dir }),
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.expect("at least one attempt"))
    }

    fn try_start(binary: &PathBuf, dir: &TempDir) -> Result<(Child, String)> {
        let port = free_port()?;
        let log = dir.path().join("chromedriver.log");
        let mut cmd = Command::new(binary);
        cmd.arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(File::create(&log)?)
            .stderr(File::create(dir.path().join("chromedriver.stderr.log"))?);
        own_process_group(&mut cmd);
        let mut child = cmd
            .spawn()
            .map_err(|e| HarnessError::new(format!("could not start {}: {e}", binary.display())))?;

        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(HarnessError::new(format!(
                    "chromedriver exited ({status}) on start.\n--- its output ---\n{}\n{}",
                    tail(&log, 2000),
                    tail(&dir.path().join("chromedriver.stderr.log"), 2000)
                )));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok((child, format!("http://{addr}")));
            }
            if Instant::now() > deadline {
                kill_group(&mut child);
                return Err(HarnessError::new(format!(
                    "chromedriver did not accept connections on {addr} within {}s.\n\
                     --- its output ---\n{}",
                    START_TIMEOUT.as_secs(),
                    tail(&log, 2000)
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The WebDriver URL, e.g. `http://127.0.0.1:9515`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The end of chromedriver's log so far.
    pub fn log_tail(&self) -> String {
        tail(&self.dir.path().join("chromedriver.log"), 4000)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        kill_group(&mut self.child);
    }
}

/// A loopback port nobody listens on right now.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}
