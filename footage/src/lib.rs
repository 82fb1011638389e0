//! Residents' footage in the browser (issue 16): what the app reads from a file before
//! anything leaves the device, and how it encrypts what the resident agreed to send.
//!
//! - [`capture_time`]: a file's capture time from its own bytes, read in small slices
//!   (MP4/QuickTime `mvhd`, JPEG EXIF), without the whole file in memory.
//! - [`seal`]: age encryption to an agency's X25519 key, piece by piece; the agency's
//!   passphrase-protected key file; decryption for the agency's staff.
//!
//! No I/O and no clock: the app feeds bytes it read with `Blob.slice`, the tests feed
//! fixture files. Kept out of the domain crate so that the server and the map page's
//! build carry neither the parsers nor the cipher.

pub mod capture_time;
pub mod seal;

/// The async reading traits [`seal::open_stream`] works with, for the app's download
/// reader.
pub mod io {
    pub use futures_io::AsyncRead;
    pub use futures_util::io::{AsyncReadExt, BufReader};
}
