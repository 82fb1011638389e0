//! The agency's side: a file's ciphertext decrypted as it downloads (age's STREAM,
//! 64 KiB at a time), its SHA-256 checked against the receipt, handed to the browser as
//! a download. The plaintext pieces go to a `Blob` (the browser's memory or disk, not
//! the wasm heap).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use js_sys::{Array, Reflect, Uint8Array};
use porchlight_domain::wire::ResponseFile;
use porchlight_footage::io::{AsyncRead, AsyncReadExt, BufReader};
use porchlight_footage::seal::{open_stream, AgencyKeyPair, FileHash, SealError};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamDefaultReader};

use crate::api::{ApiClient, ApiError};

/// Why a download failed.
#[derive(Debug, Clone, PartialEq)]
pub enum DownloadError {
    Api(ApiError),
    Seal(SealError),
    /// The download broke off.
    Network,
}

/// A fetch body as `AsyncRead`: each `read()` of the stream's reader in turn.
struct BodyReader {
    reader: ReadableStreamDefaultReader,
    pending: Option<JsFuture>,
    buf: Vec<u8>,
    pos: usize,
    done: bool,
}

impl AsyncRead for BodyReader {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, out: &mut [u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        loop {
            if this.pos < this.buf.len() {
                let n = out.len().min(this.buf.len() - this.pos);
                out[..n].copy_from_slice(&this.buf[this.pos..this.pos + n]);
                this.pos += n;
                return Poll::Ready(Ok(n));
            }
            if this.done {
                return Poll::Ready(Ok(0));
            }
            let reader = &this.reader;
            let future = this.pending.get_or_insert_with(|| JsFuture::from(reader.read()));
            match Pin::new(future).poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(result) => {
                    this.pending = None;
                    let chunk = result.map_err(|_| io::Error::other("the download broke off"))?;
                    if Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
                        this.done = true;
                    } else {
                        let value = Reflect::get(&chunk, &"value".into()).map_err(|_| io::Error::other("no value"))?;
                        this.buf = value.unchecked_into::<Uint8Array>().to_vec();
                        this.pos = 0;
                    }
                }
            }
        }
    }
}

use std::future::Future;

/// Downloads file `file` of response `response`, decrypts it with whichever of `keys`
/// opens it and saves it under its own name. `Ok(true)` when its SHA-256 is the one the
/// resident's receipt declared.
pub async fn download_file(
    api: &ApiClient,
    keys: &[AgencyKeyPair],
    response: i64,
    file: &ResponseFile,
) -> Result<bool, DownloadError> {
    let body: ReadableStream = api.file_ciphertext(response, file.id).await.map_err(DownloadError::Api)?;
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let input =
        BufReader::with_capacity(64 * 1024, BodyReader { reader, pending: None, buf: Vec::new(), pos: 0, done: false });
    let mut plain = open_stream(keys, input).await.map_err(DownloadError::Seal)?;
    let parts = Array::new();
    let mut hash = FileHash::default();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = plain.read(&mut buf).await.map_err(|e| {
            if e.kind() == io::ErrorKind::Other {
                DownloadError::Network
            } else {
                DownloadError::Seal(SealError::Damaged)
            }
        })?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
        parts.push(&Uint8Array::from(&buf[..n]));
    }
    save(&parts, &file.name, file.kind.media_type());
    Ok(hash.hex() == file.sha256)
}

/// Saves `bytes` as a download named `name`.
pub fn download_bytes(name: &str, bytes: &[u8], media_type: &str) {
    let parts = Array::of1(&Uint8Array::from(bytes));
    save(&parts, name, media_type);
}

fn save(parts: &Array, name: &str, media_type: &str) {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(a) =
        document.and_then(|d| d.create_element("a").ok()).and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Revoked a moment later: the click starts the download first.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
}
