//! The encrypted, chunked upload of a response, after the resident consented: each
//! file read twice in pieces with `Blob.slice` (once for its SHA-256, the receipt's
//! proof, then to encrypt it), never whole in memory: at most one piece, one chunk of
//! ciphertext and age's 64 KiB buffer. A chunk that fails for the network is sent
//! again once the server says what it has (`received`); cancelling deletes the
//! response and everything uploaded.

use std::cell::Cell;
use std::rc::Rc;

use porchlight_domain::footage::{CaptureSource, FootageKind, RESPONSE_CHUNK_BYTES};
use porchlight_domain::wire::{IdentityField, ResidentResponse, ResponseFileInput, ResponseInput};
use porchlight_footage::seal::{seal, FileHash, SealError, Sealer};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use web_sys::File;

use super::read_slice;
use crate::api::{Abort, ApiClient, ApiError};

/// Plaintext read at a time.
const PIECE_BYTES: u64 = 1024 * 1024;

/// The longest wait between two tries after a network failure.
const MAX_RETRY_WAIT_MS: i32 = 15_000;

/// One file to send.
#[derive(Clone)]
pub struct UploadFile {
    pub file: File,
    pub name: String,
    pub kind: FootageKind,
    pub captured_at: OffsetDateTime,
    pub capture_source: CaptureSource,
}

/// What the resident chose to tell the agency (`None`: not shared).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shared {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub message: Option<String>,
}

impl Shared {
    /// Which fields are shared, for the server's receipt.
    pub fn fields(&self) -> Vec<IdentityField> {
        [
            (self.name.is_some(), IdentityField::Name),
            (self.email.is_some(), IdentityField::Email),
            (self.phone.is_some(), IdentityField::Phone),
            (self.message.is_some(), IdentityField::Message),
        ]
        .into_iter()
        .filter_map(|(on, field)| on.then_some(field))
        .collect()
    }
}

/// The envelope: what the resident chose to say, and which files, encrypted to the
/// agency's key as one small age file.
#[derive(Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Envelope {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub message: Option<String>,
    pub files: Vec<EnvelopeFile>,
}

#[derive(Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct EnvelopeFile {
    pub name: String,
    pub sha256: String,
    pub captured_at: String,
}

/// How the upload is going, for the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    /// Reading file `file` for its SHA-256: `done` of its bytes.
    Checking { file: usize, done: u64 },
    /// The server has the response (nothing uploaded yet): its id and each file's
    /// ciphertext size.
    Created { response: i64, sizes: Vec<u64> },
    /// `sent` bytes of file `file`'s ciphertext are on the server.
    Sent { file: usize, sent: u64 },
    /// The network failed; trying again in `wait_ms`.
    Retrying { wait_ms: i32 },
    /// Sending the envelope and completing.
    Finishing,
}

/// Why the upload stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum UploadError {
    /// The resident cancelled (what was uploaded is deleted).
    Cancelled,
    /// The server refused.
    Api(ApiError),
    /// A file could not be read, or changed while being sent.
    Read(String),
    /// The agency's key is not usable.
    Seal(SealError),
}

/// One response's upload; [`Upload::cancel`] stops it.
#[derive(Clone)]
pub struct Upload {
    api: ApiClient,
    abort: Rc<Option<Abort>>,
    cancelled: Rc<Cell<bool>>,
}

impl Upload {
    pub fn new(api: ApiClient) -> Upload {
        Upload { api, abort: Rc::new(Abort::new()), cancelled: Rc::new(Cell::new(false)) }
    }

    /// Stops the upload; what is under way is aborted, and the response deleted.
    pub fn cancel(&self) {
        self.cancelled.set(true);
        if let Some(abort) = self.abort.as_ref() {
            abort.abort();
        }
    }

    fn client(&self) -> ApiClient {
        match self.abort.as_ref() {
            Some(abort) => self.api.with_abort(abort),
            None => self.api.clone(),
        }
    }

    fn check(&self) -> Result<(), UploadError> {
        if self.cancelled.get() {
            Err(UploadError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Encrypts and sends `files` and the envelope to the agency's key, and submits.
    pub async fn run(
        &self,
        request: i64,
        public_key: &str,
        fingerprint: &str,
        files: &[UploadFile],
        shared: &Shared,
        on: &dyn Fn(Progress),
    ) -> Result<ResidentResponse, UploadError> {
        let mut created = None;
        let result = self.send(request, public_key, fingerprint, files, shared, on, &mut created).await;
        if let (Err(_), Some(id)) = (&result, created) {
            // Cancelled or failed for good: nothing half-written stays on the server.
            let _ = self.api.delete_response(id).await;
        }
        result.map_err(|e| if self.cancelled.get() { UploadError::Cancelled } else { e })
    }

    #[allow(clippy::too_many_arguments)]
    async fn send(
        &self,
        request: i64,
        public_key: &str,
        fingerprint: &str,
        files: &[UploadFile],
        shared: &Shared,
        on: &dyn Fn(Progress),
        created: &mut Option<i64>,
    ) -> Result<ResidentResponse, UploadError> {
        // 1. Each file's SHA-256 (the receipt), and a sealer that knows its size.
        let mut declared = Vec::new();
        let mut sealers = Vec::new();
        for (index, file) in files.iter().enumerate() {
            let size = file.file.size() as u64;
            let sha256 = self.hash(&file.file, &|done| on(Progress::Checking { file: index, done })).await?;
            let sealer = Sealer::new(public_key).map_err(UploadError::Seal)?;
            declared.push(ResponseFileInput {
                name: file.name.clone(),
                kind: file.kind,
                size,
                sha256,
                captured_at: file.captured_at,
                capture_source: file.capture_source,
                ciphertext_size: sealer.ciphertext_size(size),
            });
            sealers.push(sealer);
        }
        self.check()?;
        // 2. The response, before any byte of footage.
        let input =
            ResponseInput { key_fingerprint: fingerprint.to_owned(), shared: shared.fields(), files: declared.clone() };
        let response = self.client().create_response(request, &input).await.map_err(UploadError::Api)?;
        *created = Some(response.id);
        on(Progress::Created { response: response.id, sizes: declared.iter().map(|f| f.ciphertext_size).collect() });
        // 3. Each file, encrypted piece by piece, in chunks.
        for (index, (file, sealer)) in files.iter().zip(sealers).enumerate() {
            let file_id = response
                .files
                .iter()
                .find(|f| f.name == declared[index].name && f.sha256 == declared[index].sha256)
                .or_else(|| response.files.get(index))
                .map(|f| f.id)
                .ok_or_else(|| UploadError::Read(file.name.clone()))?;
            self.send_file(
                response.id,
                file_id,
                &file.file,
                sealer,
                &declared[index].sha256,
                &|sent| on(Progress::Sent { file: index, sent }),
                on,
            )
            .await?;
        }
        // 4. The envelope, then done.
        on(Progress::Finishing);
        let envelope = Envelope {
            name: shared.name.clone(),
            email: shared.email.clone(),
            phone: shared.phone.clone(),
            message: shared.message.clone(),
            files: declared
                .iter()
                .map(|f| EnvelopeFile {
                    name: f.name.clone(),
                    sha256: f.sha256.clone(),
                    captured_at: f.captured_at.format(&Rfc3339).unwrap_or_default(),
                })
                .collect(),
        };
        let json = serde_json::to_vec(&envelope).map_err(|e| UploadError::Read(e.to_string()))?;
        let sealed = seal(public_key, &json).map_err(UploadError::Seal)?;
        let client = self.client();
        self.retrying(on, || client.put_envelope(response.id, &sealed)).await?;
        self.check()?;
        self.client().submit_response(response.id).await.map_err(UploadError::Api)
    }

    async fn hash(&self, file: &File, on: &dyn Fn(u64)) -> Result<String, UploadError> {
        let size = file.size() as u64;
        let mut hash = FileHash::default();
        let mut offset = 0;
        while offset < size {
            self.check()?;
            let piece = read_slice(file, offset, PIECE_BYTES).await.map_err(UploadError::Read)?;
            if piece.is_empty() {
                return Err(UploadError::Read(file.name()));
            }
            hash.update(&piece);
            offset += piece.len() as u64;
            on(offset);
        }
        Ok(hash.hex())
    }

    #[allow(clippy::too_many_arguments)]
    async fn send_file(
        &self,
        response: i64,
        file_id: i64,
        file: &File,
        sealer: Sealer,
        sha256: &str,
        on_sent: &dyn Fn(u64),
        on: &dyn Fn(Progress),
    ) -> Result<(), UploadError> {
        let size = file.size() as u64;
        let chunk = RESPONSE_CHUNK_BYTES as usize;
        let mut pending: Vec<u8> = Vec::with_capacity(chunk + PIECE_BYTES as usize);
        let mut hash = FileHash::default();
        let mut index = 0u64;
        let mut offset = 0;
        let mut sealer = Some(sealer);
        loop {
            self.check()?;
            let last = offset >= size;
            if last {
                pending.extend(sealer.take().map(Sealer::finish).unwrap_or_default());
            } else {
                let piece = read_slice(file, offset, PIECE_BYTES).await.map_err(UploadError::Read)?;
                if piece.is_empty() {
                    return Err(UploadError::Read(file.name()));
                }
                hash.update(&piece);
                offset += piece.len() as u64;
                pending.extend(sealer.as_mut().map(|s| s.push(&piece)).unwrap_or_default());
            }
            while pending.len() >= chunk || (last && !pending.is_empty()) {
                let take = pending.len().min(chunk);
                let bytes: Vec<u8> = pending.drain(..take).collect();
                self.send_chunk(response, file_id, index, &bytes, on).await?;
                index += 1;
                on_sent(index.saturating_sub(1) * RESPONSE_CHUNK_BYTES + bytes.len() as u64);
            }
            if last {
                break;
            }
        }
        if hash.hex() != sha256 {
            return Err(UploadError::Read(file.name()));
        }
        Ok(())
    }

    /// One chunk, sent again after a network failure once the server says what it
    /// has: already all of it (done), or up to its start (send it again).
    async fn send_chunk(
        &self,
        response: i64,
        file_id: i64,
        index: u64,
        bytes: &[u8],
        on: &dyn Fn(Progress),
    ) -> Result<(), UploadError> {
        let end = index * RESPONSE_CHUNK_BYTES + bytes.len() as u64;
        let mut wait = 1000;
        loop {
            self.check()?;
            match self.client().put_chunk(response, file_id, index, bytes).await {
                Ok(()) => return Ok(()),
                Err(e) if retryable(&e) || is_code(&e, "chunk_out_of_order") => {
                    if !retryable(&e) && self.received(response, file_id).await.is_none() {
                        return Err(UploadError::Api(e));
                    }
                    if retryable(&e) {
                        on(Progress::Retrying { wait_ms: wait });
                        sleep_ms(wait).await;
                        wait = (wait * 2).min(MAX_RETRY_WAIT_MS);
                    }
                    self.check()?;
                    match self.received(response, file_id).await {
                        Some(received) if received >= end => return Ok(()),
                        Some(received) if received == index * RESPONSE_CHUNK_BYTES => continue,
                        Some(_) => return Err(UploadError::Api(e)),
                        // The server is still out of reach: wait and ask again.
                        None => continue,
                    }
                }
                Err(e) => return Err(UploadError::Api(e)),
            }
        }
    }

    /// Ciphertext bytes of a file the server has.
    async fn received(&self, response: i64, file_id: i64) -> Option<u64> {
        let now = self.client().response(response).await.ok()?;
        now.files.iter().find(|f| f.id == file_id).map(|f| f.received)
    }

    async fn retrying<F, Fut>(&self, on: &dyn Fn(Progress), call: F) -> Result<(), UploadError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<(), ApiError>>,
    {
        let mut wait = 1000;
        loop {
            self.check()?;
            match call().await {
                Ok(()) => return Ok(()),
                Err(e) if retryable(&e) => {
                    on(Progress::Retrying { wait_ms: wait });
                    sleep_ms(wait).await;
                    wait = (wait * 2).min(MAX_RETRY_WAIT_MS);
                }
                Err(e) => return Err(UploadError::Api(e)),
            }
        }
    }
}

/// A network failure or a server error worth trying again.
fn retryable(e: &ApiError) -> bool {
    matches!(e, ApiError::Network(_)) || matches!(e.status(), Some(502..=504))
}

fn is_code(e: &ApiError, code: &str) -> bool {
    matches!(e, ApiError::Server { body, .. } if body.error.code == code)
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
