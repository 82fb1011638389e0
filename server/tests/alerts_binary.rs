//! The real binary delivers alerts by SMTP: started with `--smtp-url` pointing at a real
//! SMTP server run by this test, its own outbox worker sends the confirmation, then the
//! alert about a request an officer posts in the subscribed area, whose links work; the
//! one-click unsubscribe of the alert's `List-Unsubscribe` header ends it. What the e2e
//! test in Chromium will do through the app's pages, over HTTP.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

#[path = "api/support/test_db.rs"]
mod test_db;
use test_db::TestDb;
#[path = "api/support/smtp_sink.rs"]
#[allow(dead_code)]
mod smtp_sink;
use smtp_sink::{header, link_token, text_parts, Received, SmtpSink};

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &Path, db: &TestDb, smtp_url: &str) -> Server {
    let stderr = dir.join("stderr.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_porchlight-server"))
        .args(["--addr", "127.0.0.1:0", "--tile-url", "none", "--demo"])
        .args(["--review", "off", "--outbox-interval-secs", "1"])
        .args(["--smtp-url", smtp_url, "--db"])
        .arg(db.location())
        .arg("--log-key")
        .arg(db.key_path())
        .arg("--dist")
        .arg(dir.join("no-dist"))
        .env_remove("PORCHLIGHT_ADDR")
        .env_remove("PORCHLIGHT_PUBLIC_URL")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .expect("spawn server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let Some(addr) = line
        .trim()
        .strip_prefix("porchlight-server listening on http://")
    else {
        let _ = child.kill();
        panic!(
            "{line:?}; stderr: {}",
            std::fs::read_to_string(&stderr).unwrap_or_default()
        );
    };
    Server {
        base: format!("http://{addr}"),
        child,
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// `(status, body)` of a JSON POST (`cookie` signs it in).
fn post(url: &str, body: Option<Value>, cookie: Option<&str>) -> (u16, String, Vec<String>) {
    let mut request = agent().post(url);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let mut response = match body {
        Some(body) => request
            .header("content-type", "application/json")
            .send(body.to_string())
            .unwrap(),
        None => request.send_empty().unwrap(),
    };
    let cookies = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    (status, text, cookies)
}

/// Waits up to 20 s for the sink to have received more than `count` messages.
fn next_email(sink: &SmtpSink, count: usize) -> Received {
    let start = Instant::now();
    loop {
        let received = sink.received();
        if received.len() > count {
            return received[count].clone();
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no email after {count}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[test]
fn the_server_confirms_alerts_and_unsubscribes_through_real_emails() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sink = runtime.block_on(SmtpSink::start());
    let dir = tempfile::tempdir().unwrap();
    let db = runtime.block_on(TestDb::fresh(dir.path()));
    let server = start(dir.path(), &db, &sink.url());
    let base = &server.base;

    // A resident subscribes to an area downtown and confirms through the email.
    let area = json!({"type": "Polygon", "coordinates": [[[-122.69, 45.51], [-122.66, 45.51], [-122.66, 45.53], [-122.69, 45.53], [-122.69, 45.51]]]});
    let (status, body, _) = post(
        &format!("{base}/api/v1/alerts/subscriptions"),
        Some(json!({"email": "resident@example.org", "area": area})),
        None,
    );
    assert_eq!(status, 202, "{body}");
    let confirmation = next_email(&sink, 0);
    assert_eq!(confirmation.recipients, ["resident@example.org"]);
    let token = link_token(&confirmation.data, &format!("{base}/alerts/confirm/")).unwrap();
    let (status, body, _) = post(&format!("{base}/api/v1/alerts/confirm/{token}"), None, None);
    assert_eq!(status, 200, "{body}");
    let subscription: Value = serde_json::from_str(&body).unwrap();
    let manage = subscription["manage_url"].as_str().unwrap().to_owned();

    // An officer posts a request in that area.
    let (status, body, cookies) = post(
        &format!("{base}/api/v1/auth/login"),
        Some(json!({"email": "officer@porchlight.test", "password": "porchlight-demo"})),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let cookie = cookies[0].split(';').next().unwrap().to_owned();
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap();
    let draft = json!({
        "incident_type": "vehicle_crime",
        "case_number": "ALERT-1",
        "title": "Car window smashed on Pine",
        "description": "Looking for footage of a person breaking a car window at night.",
        "contact": { "email": "detective@city.example" },
        "time_frame": { "start": rfc3339(now - time::Duration::hours(3)), "end": rfc3339(now - time::Duration::hours(1)) },
        "area": { "type": "Polygon", "coordinates": [[[-122.68, 45.515], [-122.675, 45.515], [-122.675, 45.52], [-122.68, 45.52], [-122.68, 45.515]]] },
        "attestations": { "active_investigation": true, "no_lawful_activity": true }
    });
    let (status, body, _) = post(
        &format!("{base}/api/v1/requests"),
        Some(draft),
        Some(&cookie),
    );
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["id"]
        .as_i64()
        .unwrap();

    // The alert arrives with the request's link, the manage link and one-click.
    let alert = next_email(&sink, 1);
    assert_eq!(alert.recipients, ["resident@example.org"]);
    let page = link_token(&alert.data, &format!("{base}/requests/")).unwrap();
    assert_eq!(page, id.to_string());
    // The demo's agencies are in Oregon: the time frame is on their clocks.
    let parts = text_parts(&alert.data);
    let plain = &parts
        .iter()
        .find(|(ct, _)| ct.starts_with("text/plain"))
        .unwrap()
        .1;
    assert!(plain.contains(" America/Los_Angeles time ("), "{plain}");
    let manage_token = manage.strip_prefix("/alerts/manage/").unwrap();
    assert_eq!(
        link_token(&alert.data, &format!("{base}/alerts/manage/")).as_deref(),
        Some(manage_token)
    );
    let unsubscribe = header(&alert.data, "List-Unsubscribe")
        .unwrap()
        .replace(' ', "");
    let unsubscribe = unsubscribe
        .strip_prefix('<')
        .and_then(|u| u.strip_suffix('>'))
        .unwrap();
    let mut one_click = agent()
        .post(unsubscribe)
        .header("content-type", "application/x-www-form-urlencoded")
        .send("List-Unsubscribe=One-Click")
        .unwrap();
    assert_eq!(one_click.status().as_u16(), 204);
    let _ = one_click.body_mut().read_to_string();
    let gone = agent()
        .get(format!("{base}/api/v1/alerts/manage/{manage_token}"))
        .call()
        .unwrap();
    assert_eq!(gone.status().as_u16(), 404);
    drop(server);
    runtime.shutdown_timeout(Duration::from_secs(1));
}
