//! Residents' footage in the browser (issue 16): reading a chosen file in slices
//! (`Blob.slice`), its capture time, the agency's key files kept in this browser, the
//! encrypted chunked upload and the decrypting download. The parsing and the cipher
//! are the `porchlight-footage` crate's; this is the browser glue.

mod capture;
mod download;
mod file_bytes;
mod key_store;
mod upload;

pub use capture::{examine, Examined, FileVerdict};
pub use download::{download_bytes, download_file, DownloadError};
pub use file_bytes::read_slice;
pub use key_store::{forget_key_files, key_files, store_key_file};
pub use upload::{Envelope, EnvelopeFile, Progress, Shared, Upload, UploadError, UploadFile};
