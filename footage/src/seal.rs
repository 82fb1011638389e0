//! age encryption of residents' footage to an agency's key (X25519 recipients), and
//! the agency's passphrase-protected key file (scrypt).
//!
//! - [`AgencyKeyPair`]: made in a staff member's browser; only the public key
//!   (`age1…`) goes to the server. The private identity leaves the browser only as a
//!   key file encrypted with a passphrase (armored age, readable by the `age` CLI:
//!   `age -d -i porchlight-….age response.age`).
//! - [`Sealer`]: encrypts one file piece by piece as the app reads it (`Blob.slice`),
//!   so a large video is never whole in memory; it knows the exact ciphertext size
//!   before the first piece, which the server is told before any upload.
//! - [`open`] / [`open_stream`]: decryption on the agency's side.
//!
//! Errors are this module's own, never age's `Display` (which would link age's
//! translation tables into the wasm).

use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::iter;
use std::rc::Rc;
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};
use age::stream::{StreamReader, StreamWriter};
use age::{DecryptError, Decryptor, Encryptor};
use futures_io::AsyncBufRead;
use sha2::{Digest, Sha256};

/// scrypt work factor (`N = 2^16`, 64 MiB) of the key files the app writes: about a
/// second in a phone's browser; the passphrase's length does the rest.
pub const KEY_FILE_WORK_FACTOR: u8 = 16;

/// The largest work factor a key file may ask for when imported (`age` CLI files use
/// 18; more would let a crafted file hang the tab).
pub const MAX_KEY_FILE_WORK_FACTOR: u8 = 20;

/// The shortest passphrase the app accepts for a key file.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// age's STREAM chunk of plaintext (each costs a 16-byte tag).
const STREAM_CHUNK_BYTES: u64 = 64 * 1024;
const TAG_BYTES: u64 = 16;

/// At most this many bytes come before the first chunk of a file sealed to one
/// agency key: the header (~170 B for an X25519 recipient and its MAC), age's random
/// "grease" stanza (at most ~190 B: a tag of up to 15 characters, up to 4 arguments of
/// up to 8, a body of up to 99 bytes) and the 16-byte nonce, with room to spare.
pub const MAX_HEADER_BYTES: u64 = 512;

/// The plaintext's bytes and a 16-byte tag per 64 KiB (one for an empty file).
fn stream_bytes(plain_len: u64) -> u64 {
    plain_len + plain_len.div_ceil(STREAM_CHUNK_BYTES).max(1) * TAG_BYTES
}

/// The most ciphertext `plain_len` bytes can become (the exact size depends on the
/// header, which only a [`Sealer`] knows): what a file is screened against the
/// server's size limit with before anything is encrypted.
///
/// ```
/// use porchlight_footage::seal::{max_ciphertext_size, MAX_HEADER_BYTES};
/// assert_eq!(max_ciphertext_size(0), MAX_HEADER_BYTES + 16);
/// assert_eq!(max_ciphertext_size(64 * 1024 + 1), MAX_HEADER_BYTES + 64 * 1024 + 1 + 2 * 16);
/// ```
pub fn max_ciphertext_size(plain_len: u64) -> u64 {
    MAX_HEADER_BYTES + stream_bytes(plain_len)
}

/// What went wrong, in words the app has text for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("not an age X25519 public key")]
    BadPublicKey,
    #[error("the passphrase is shorter than {MIN_PASSPHRASE_CHARS} characters")]
    PassphraseTooShort,
    #[error("not a Porchlight key file")]
    NotAKeyFile,
    #[error("the passphrase does not open this key file")]
    WrongPassphrase,
    #[error("the key file asks for too much work to open")]
    TooMuchWork,
    #[error("none of these keys opens it")]
    WrongKey,
    #[error("the ciphertext is damaged or cut short")]
    Damaged,
}

impl SealError {
    /// The key of the app's text for it (`seal.error.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            SealError::BadPublicKey => "bad_public_key",
            SealError::PassphraseTooShort => "passphrase_too_short",
            SealError::NotAKeyFile => "not_a_key_file",
            SealError::WrongPassphrase => "wrong_passphrase",
            SealError::TooMuchWork => "too_much_work",
            SealError::WrongKey => "wrong_key",
            SealError::Damaged => "damaged",
        }
    }
}

/// An agency's key pair (the private half in memory only).
#[derive(Clone)]
pub struct AgencyKeyPair {
    identity: age::x25519::Identity,
}

impl AgencyKeyPair {
    /// A new random key pair.
    pub fn generate() -> AgencyKeyPair {
        AgencyKeyPair {
            identity: age::x25519::Identity::generate(),
        }
    }

    /// The public key (`age1…`), what the server and the public log keep.
    pub fn public_key(&self) -> String {
        self.identity.to_public().to_string()
    }

    /// The key file: the identity, in the `age-keygen` format (with its public key as a
    /// comment), encrypted with `passphrase` and armored.
    pub fn key_file(&self, passphrase: &str) -> Result<String, SealError> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(SealError::PassphraseTooShort);
        }
        let plain = format!(
            "# Porchlight agency key: keep this file and its passphrase; without them no response encrypted to this key can be opened.\n# public key: {}\n{}\n",
            self.public_key(),
            self.identity.to_string().expose_secret()
        );
        let mut recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_owned()));
        recipient.set_work_factor(KEY_FILE_WORK_FACTOR);
        let encryptor = Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient))
            .map_err(|_| SealError::PassphraseTooShort)?;
        let armor =
            age::armor::ArmoredWriter::wrap_output(Vec::new(), age::armor::Format::AsciiArmor)
                .expect("in memory");
        let mut writer = encryptor.wrap_output(armor).expect("in memory");
        writer.write_all(plain.as_bytes()).expect("in memory");
        let armored = writer
            .finish()
            .and_then(|armor| armor.finish())
            .expect("in memory");
        Ok(String::from_utf8(armored).expect("armor is ASCII"))
    }

    /// The key pair in a key file (armored or binary age, passphrase-encrypted),
    /// opened with `passphrase`.
    pub fn from_key_file(file: &[u8], passphrase: &str) -> Result<AgencyKeyPair, SealError> {
        let decryptor = Decryptor::new_buffered(age::armor::ArmoredReader::new(file))
            .map_err(|_| SealError::NotAKeyFile)?;
        if !decryptor.is_scrypt() {
            return Err(SealError::NotAKeyFile);
        }
        let mut identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
        identity.set_max_work_factor(MAX_KEY_FILE_WORK_FACTOR);
        let mut reader = decryptor
            .decrypt(iter::once(&identity as &dyn age::Identity))
            .map_err(|e| match e {
                DecryptError::ExcessiveWork { .. } => SealError::TooMuchWork,
                DecryptError::DecryptionFailed
                | DecryptError::NoMatchingKeys
                | DecryptError::KeyDecryptionFailed => SealError::WrongPassphrase,
                _ => SealError::NotAKeyFile,
            })?;
        let mut plain = String::new();
        reader
            .read_to_string(&mut plain)
            .map_err(|_| SealError::NotAKeyFile)?;
        let secret = plain
            .lines()
            .map(str::trim)
            .find(|line| line.starts_with("AGE-SECRET-KEY-1"))
            .ok_or(SealError::NotAKeyFile)?;
        let identity =
            age::x25519::Identity::from_str(secret).map_err(|_| SealError::NotAKeyFile)?;
        Ok(AgencyKeyPair { identity })
    }
}

/// Where a [`Sealer`]'s age writer puts the ciphertext until the app takes it.
#[derive(Clone, Default)]
struct Sink(Rc<RefCell<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Encrypts one file to an agency's public key, piece by piece.
///
/// ```
/// use porchlight_footage::seal::{AgencyKeyPair, Sealer, open};
/// let key = AgencyKeyPair::generate();
/// let mut sealer = Sealer::new(&key.public_key()).unwrap();
/// let size = sealer.ciphertext_size(11);
/// let mut ciphertext = sealer.push(b"hello ");
/// ciphertext.extend(sealer.push(b"world"));
/// ciphertext.extend(sealer.finish());
/// assert_eq!(ciphertext.len() as u64, size);
/// assert_eq!(open(&[key], &ciphertext).unwrap(), b"hello world");
/// ```
pub struct Sealer {
    writer: StreamWriter<Sink>,
    sink: Sink,
    header_bytes: u64,
}

impl Sealer {
    /// A sealer to `public_key` (`age1…`); the header is written at once.
    pub fn new(public_key: &str) -> Result<Sealer, SealError> {
        let recipient =
            age::x25519::Recipient::from_str(public_key).map_err(|_| SealError::BadPublicKey)?;
        let encryptor = Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient))
            .map_err(|_| SealError::BadPublicKey)?;
        let sink = Sink::default();
        let writer = encryptor.wrap_output(sink.clone()).expect("in memory");
        let header_bytes = sink.0.borrow().len() as u64;
        Ok(Sealer {
            writer,
            sink,
            header_bytes,
        })
    }

    /// The exact size of the ciphertext of `plain_len` bytes: the header (its length
    /// varies: age adds a random "grease" stanza), the nonce, and a 16-byte tag per 64
    /// KiB of plaintext (one for an empty file).
    pub fn ciphertext_size(&self, plain_len: u64) -> u64 {
        self.header_bytes + stream_bytes(plain_len)
    }

    /// Encrypts the next piece; returns the ciphertext ready so far (age holds back up
    /// to one 64 KiB chunk).
    pub fn push(&mut self, plain: &[u8]) -> Vec<u8> {
        self.writer.write_all(plain).expect("in memory");
        self.take()
    }

    /// Ends the file; returns the rest of the ciphertext.
    pub fn finish(self) -> Vec<u8> {
        let Sealer { writer, sink, .. } = self;
        writer.finish().expect("in memory");
        let rest = std::mem::take(&mut *sink.0.borrow_mut());
        rest
    }

    fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut *self.sink.0.borrow_mut())
    }
}

/// Encrypts a small message (a response's envelope) to `public_key` at once.
pub fn seal(public_key: &str, plain: &[u8]) -> Result<Vec<u8>, SealError> {
    let mut sealer = Sealer::new(public_key)?;
    let mut out = sealer.push(plain);
    out.extend(sealer.finish());
    Ok(out)
}

fn decrypt_error(e: DecryptError) -> SealError {
    match e {
        DecryptError::NoMatchingKeys => SealError::WrongKey,
        _ => SealError::Damaged,
    }
}

/// Decrypts a small ciphertext (an envelope) with whichever of `keys` opens it.
pub fn open(keys: &[AgencyKeyPair], ciphertext: &[u8]) -> Result<Vec<u8>, SealError> {
    let decryptor = Decryptor::new_buffered(ciphertext).map_err(decrypt_error)?;
    let identities = keys.iter().map(|k| &k.identity as &dyn age::Identity);
    let mut reader = decryptor.decrypt(identities).map_err(decrypt_error)?;
    let mut plain = Vec::new();
    reader
        .read_to_end(&mut plain)
        .map_err(|_| SealError::Damaged)?;
    Ok(plain)
}

/// Starts decrypting a ciphertext as it arrives (`input`: a download's body); read the
/// plaintext from the returned reader (`futures::AsyncRead`). A damaged or cut-short
/// file fails at the read where it goes wrong, never with plaintext it cannot vouch
/// for.
pub async fn open_stream<R: AsyncBufRead + Unpin>(
    keys: &[AgencyKeyPair],
    input: R,
) -> Result<StreamReader<R>, SealError> {
    let decryptor = Decryptor::new_async_buffered(input)
        .await
        .map_err(decrypt_error)?;
    let identities = keys.iter().map(|k| &k.identity as &dyn age::Identity);
    decryptor.decrypt_async(identities).map_err(decrypt_error)
}

/// SHA-256 of a file read in pieces, as the receipt shows it (lowercase hex).
#[derive(Default, Clone)]
pub struct FileHash(Sha256);

impl FileHash {
    pub fn update(&mut self, piece: &[u8]) {
        self.0.update(piece);
    }
    pub fn hex(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}
