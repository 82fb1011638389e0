//! A real SMTP server for the tests (RFC 5321, the commands lettre sends), on
//! 127.0.0.1 and a port of its own: it keeps every message it accepts, and answers a
//! recipient with the code a test gives for it (550: refused for good, 451: later).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message the sink accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub recipients: Vec<String>,
    /// The message as sent (headers and body, CRLF line ends, dot-unstuffed).
    pub data: String,
}

/// The running sink; it stops with the test's runtime.
#[derive(Debug, Clone)]
pub struct SmtpSink {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    /// Recipient → the reply code to `RCPT TO` (none: 250).
    answers: Arc<Mutex<HashMap<String, u16>>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = SmtpSink {
            addr: listener.local_addr().unwrap(),
            received: Arc::default(),
            answers: Arc::default(),
        };
        let serving = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let sink = serving.clone();
                tokio::spawn(async move {
                    let _ = sink.session(stream).await;
                });
            }
        });
        sink
    }

    /// `smtp://127.0.0.1:port` (no TLS), for `--smtp-url`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Answers `RCPT TO:<recipient>` with `code` from now on (250: accepts it again).
    pub fn answer(&self, recipient: &str, code: u16) {
        let mut answers = self.answers.lock().unwrap();
        if code == 250 {
            answers.remove(recipient);
        } else {
            answers.insert(recipient.to_owned(), code);
        }
    }

    /// Every message accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    async fn session(&self, stream: TcpStream) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        write
            .write_all(b"220 sink.test ESMTP test sink\r\n")
            .await?;
        let mut recipients = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_owned();
            let verb = command
                .split([' ', ':'])
                .next()
                .unwrap_or_default()
                .to_ascii_uppercase();
            let reply: String = match verb.as_str() {
                "EHLO" => "250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8".into(),
                "HELO" => "250 sink.test".into(),
                "MAIL" => {
                    recipients.clear();
                    "250 2.1.0 ok".into()
                }
                "RCPT" => {
                    let address = command
                        .split('<')
                        .nth(1)
                        .and_then(|rest| rest.split('>').next())
                        .unwrap_or_default()
                        .to_owned();
                    let code = self.answers.lock().unwrap().get(&address).copied();
                    match code {
                        Some(550) => "550 5.1.1 no such mailbox".into(),
                        Some(code) => format!("{code} 4.3.0 try again later"),
                        None => {
                            recipients.push(address);
                            "250 2.1.5 ok".into()
                        }
                    }
                }
                "DATA" => {
                    write.write_all(b"354 go ahead\r\n").await?;
                    let mut data = String::new();
                    loop {
                        line.clear();
                        if lines.read_line(&mut line).await? == 0 {
                            return Ok(());
                        }
                        if line == ".\r\n" {
                            break;
                        }
                        // Dot-stuffing (RFC 5321 4.5.2).
                        data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    }
                    self.received.lock().unwrap().push(Received {
                        recipients: std::mem::take(&mut recipients),
                        data,
                    });
                    "250 2.0.0 queued".into()
                }
                "RSET" => {
                    recipients.clear();
                    "250 2.0.0 ok".into()
                }
                "NOOP" => "250 2.0.0 ok".into(),
                "QUIT" => {
                    write.write_all(b"221 2.0.0 bye\r\n").await?;
                    return Ok(());
                }
                _ => "502 5.5.2 not implemented".into(),
            };
            write.write_all(format!("{reply}\r\n").as_bytes()).await?;
        }
    }
}

/// An email's header (unfolded), by name.
pub fn header(message: &str, name: &str) -> Option<String> {
    let head = message.split("\r\n\r\n").next()?;
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    unfolded.split("\r\n").find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}

fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(byte) =
                u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or(""), 16)
            {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded text of every part of a (multipart) email: `(content type, text)`.
pub fn text_parts(message: &str) -> Vec<(String, String)> {
    use base64::Engine;
    let boundary = header(message, "Content-Type")
        .and_then(|ct| {
            ct.split("boundary=")
                .nth(1)
                .map(|b| b.trim_matches('"').to_owned())
        })
        .expect("a multipart email");
    message
        .split(&format!("--{boundary}"))
        .skip(1)
        .filter_map(|part| {
            let part = part.strip_prefix("\r\n")?;
            let content_type = header(part, "Content-Type")?;
            let encoding = header(part, "Content-Transfer-Encoding").unwrap_or_default();
            let body = part.split_once("\r\n\r\n")?.1;
            let text = match encoding.to_ascii_lowercase().as_str() {
                "quoted-printable" => decode_quoted_printable(body),
                "base64" => {
                    let compact: String = body.split_whitespace().collect();
                    String::from_utf8(
                        base64::engine::general_purpose::STANDARD
                            .decode(compact)
                            .unwrap(),
                    )
                    .unwrap()
                }
                _ => body.to_owned(),
            };
            Some((content_type, text))
        })
        .collect()
}

/// The token after `prefix` in an email's plain-text part.
pub fn link_token(message: &str, prefix: &str) -> Option<String> {
    let parts = text_parts(message);
    let (_, text) = parts.iter().find(|(ct, _)| ct.starts_with("text/plain"))?;
    let rest = text.split(prefix).nth(1)?;
    Some(
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect(),
    )
}

/// A header decoded from RFC 2047's encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`),
/// as a mail client shows it: a subject with accents is sent so.
pub fn decoded_header(message: &str, name: &str) -> Option<String> {
    use base64::Engine;
    let value = header(message, name)?;
    let mut out = String::new();
    let mut rest = value.as_str();
    let mut last_was_word = false;
    while !rest.is_empty() {
        let Some(start) = rest.find("=?") else {
            out.push_str(rest);
            break;
        };
        let (before, word) = rest.split_at(start);
        // Space between two encoded words is not part of the text (RFC 2047 §6.2).
        if !(last_was_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        let mut fields = word[2..].splitn(3, '?');
        let (Some(_charset), Some(encoding), Some(tail)) =
            (fields.next(), fields.next(), fields.next())
        else {
            out.push_str(word);
            break;
        };
        let Some(end) = tail.find("?=") else {
            out.push_str(word);
            break;
        };
        let text = &tail[..end];
        let bytes = if encoding.eq_ignore_ascii_case("b") {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap_or_default()
        } else {
            decode_quoted_printable(&text.replace('_', " ")).into_bytes()
        };
        out.push_str(&String::from_utf8_lossy(&bytes));
        rest = &tail[end + 2..];
        last_was_word = true;
    }
    Some(out)
}
