//! The real binary: prints the "listening on" line with the real port, serves, and
//! stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

fn http_get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

#[test]
fn binary_listens_serves_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>t</title>").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_porchlight-server"))
        .args(["--addr", "127.0.0.1:0", "--tile-url", "none", "--db"])
        .arg(dir.path().join("p.db"))
        .arg("--dist")
        .arg(&dist)
        .env_remove("PORCHLIGHT_ADDR")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("porchlight-server listening on http://").unwrap_or_else(|| panic!("{line}"));
    let (host, port) = url.rsplit_once(':').unwrap();
    assert_eq!(host, "127.0.0.1");
    assert_ne!(port.parse::<u16>().unwrap(), 0, "must print the real port");

    let health = http_get(url, "/api/v1/health");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with(r#"{"status":"ok"}"#), "{health}");
    let deep = http_get(url, "/agencies/x");
    assert!(deep.starts_with("HTTP/1.1 200") && deep.contains("<title>t</title>"), "{deep}");

    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = wait_with_timeout(&mut child, Duration::from_secs(10));
    assert!(status.success(), "graceful shutdown exits 0, got {status:?}");
}

fn wait_with_timeout(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("server did not stop within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
