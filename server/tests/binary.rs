//! The real binary: prints the "listening on" line with the real port, serves, and
//! stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

#[path = "api/support/test_db.rs"]
mod test_db;
use test_db::TestDb;

/// A fresh database on the backend this run tests, with the log key in `dir`.
fn fresh_db(dir: &Path) -> TestDb {
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(TestDb::fresh(dir))
}

fn http_get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
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
    let db = fresh_db(dir.path());
    let stderr = dir.path().join("stderr.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_porchlight-server"))
        .args(["--addr", "127.0.0.1:0", "--tile-url", "none", "--db"])
        .arg(db.location())
        .arg("--log-key")
        .arg(db.key_path())
        .arg("--dist")
        .arg(&dist)
        .env_remove("PORCHLIGHT_ADDR")
        .stdout(Stdio::piped())
        // To a file, not a pipe nobody drains: shown if the server does not start.
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .expect("spawn server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("porchlight-server listening on http://")
        .unwrap_or_else(|| {
            let _ = child.wait();
            panic!(
                "{line:?}; stderr: {}",
                std::fs::read_to_string(&stderr).unwrap_or_default()
            )
        });
    let (host, port) = url.rsplit_once(':').unwrap();
    assert_eq!(host, "127.0.0.1");
    assert_ne!(port.parse::<u16>().unwrap(), 0, "must print the real port");

    let health = http_get(url, "/api/v1/health");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with(r#"{"status":"ok"}"#), "{health}");
    let deep = http_get(url, "/agencies/x");
    assert!(
        deep.starts_with("HTTP/1.1 200") && deep.contains("<title>t</title>"),
        "{deep}"
    );

    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = wait_with_timeout(&mut child, Duration::from_secs(10));
    assert!(
        status.success(),
        "graceful shutdown exits 0, got {status:?}"
    );
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

#[test]
fn user_add_creates_an_admin_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path());
    let add = |email: &str, password: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_porchlight-server"))
            .args([
                "user",
                "add",
                "--email",
                email,
                "--display-name",
                "First Admin",
                "--admin",
                "--db",
            ])
            .arg(db.location())
            .arg("--log-key")
            .arg(db.key_path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(password.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let output = add("root@city.example", "a long admin password\n");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("<root@city.example> (admin)"));
    let again = add("root@city.example", "a long admin password\n");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let short = add("other@city.example", "short\n");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let location: porchlight_server::db::DbLocation = db.location().parse().unwrap();
        let db = porchlight_server::Db::open_with_log_key(location, db.key_path())
            .await
            .unwrap();
        let account = db
            .account_by_email("root@city.example")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.role, porchlight_domain::wire::Role::Admin);
        assert!(
            porchlight_server::auth::verify_password(
                Some(&account.password_hash),
                "a long admin password"
            )
            .await
        );
        assert!(db
            .account_by_email("other@city.example")
            .await
            .unwrap()
            .is_none());
    });
}

#[test]
fn user_add_moderator_creates_a_moderator_and_refuses_two_roles() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path());
    let add = |role_flags: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_porchlight-server"))
            .args([
                "user",
                "add",
                "--email",
                "mod@city.example",
                "--display-name",
                "First Moderator",
            ])
            .args(role_flags)
            .arg("--db")
            .arg(db.location())
            .arg("--log-key")
            .arg(db.key_path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"a long moderator password\n")
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let both = add(&["--moderator", "--admin"]);
    assert!(!both.status.success(), "one role per account");
    let output = add(&["--moderator"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("<mod@city.example> (moderator)"));

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let location: porchlight_server::db::DbLocation = db.location().parse().unwrap();
        let db = porchlight_server::Db::open_with_log_key(location, db.key_path())
            .await
            .unwrap();
        let account = db
            .account_by_email("mod@city.example")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.role, porchlight_domain::wire::Role::Moderator);
        assert_eq!(account.agency_id, None);
    });
}
