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
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}

/// `GET url` over HTTP/1.0 on a fresh connection, outside the browser: for checks a
/// browser hides, such as the status code of a deep link. Only `http://host:port/path`.
pub fn http_get(url: &str) -> Result<HttpResponse> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| HarnessError::new(format!("http_get only speaks http://, got {url}")))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let fail = |e: std::io::Error| HarnessError::new(format!("GET {url}: {e}"));
    let mut stream = TcpStream::connect(host).map_err(fail)?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(fail)?;
    // HTTP/1.0 with Connection: close, so the body ends when the server closes.
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
        .map_err(fail)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(fail)?;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| HarnessError::new(format!("GET {url}: no end of headers in {text:?}")))?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| HarnessError::new(format!("GET {url}: bad status line in {head:?}")))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok(HttpResponse { status, headers, body: body.to_owned() })
}
