use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::error::{HarnessError, Result};

/// A plain HTTP response, as the server sent it (headers lower-cased).
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status code, e.g. 200.
    pub status: u16,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy UTF-8).
    pub body: String,
}

impl HttpResponse {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, or an error that shows the body.
    pub fn json(&self) -> Result<serde_json::Value> {
        serde_json::from_str(&self.body).map_err(|e| {
            HarnessError::new(format!(
                "a {} answer is not JSON ({e}): {}",
                self.status, self.body
            ))
        })
    }
}

/// `GET url` over HTTP/1.0 on a fresh connection, outside the browser: for checks a
/// browser hides, such as the status code of a deep link. Only `http://host:port/path`.
pub fn http_get(url: &str) -> Result<HttpResponse> {
    send(
        url,
        "GET",
        &[("Accept", "text/html")],
        None,
        Duration::from_secs(10),
    )
}

/// Any request over HTTP/1.0 on a fresh connection: `headers` besides `Host`,
/// `Connection` and `Content-Length`, and an optional body. Waits up to 30 s for the
/// answer (as long as the load balancer in `deploy/haproxy.cfg` waits for a server).
pub fn http_request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Result<HttpResponse> {
    send(url, method, headers, body, Duration::from_secs(30))
}

fn send(
    url: &str,
    method: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    timeout: Duration,
) -> Result<HttpResponse> {
    let rest = url.strip_prefix("http://").ok_or_else(|| {
        HarnessError::new(format!("the HTTP helpers only speak http://, got {url}"))
    })?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let fail = |e: std::io::Error| HarnessError::new(format!("{method} {url}: {e}"));
    let mut stream = TcpStream::connect(host).map_err(fail)?;
    stream.set_read_timeout(Some(timeout)).map_err(fail)?;
    // HTTP/1.0 with Connection: close, so the body ends when the server closes.
    let mut head = format!("{method} {path} HTTP/1.0\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).map_err(fail)?;
    if let Some(body) = body {
        stream.write_all(body.as_bytes()).map_err(fail)?;
    }
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(fail)?;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| {
        HarnessError::new(format!("{method} {url}: no end of headers in {text:?}"))
    })?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| HarnessError::new(format!("{method} {url}: bad status line in {head:?}")))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok(HttpResponse {
        status,
        headers,
        body: body.to_owned(),
    })
}
