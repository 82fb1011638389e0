//! Where residents' responses keep their ciphertext (issue 16): one interface, two
//! stores. A directory (by default `blobs/` beside the SQLite database) for a single
//! instance, and S3-compatible object storage (the `object_store` crate) for
//! deployments with several instances. The server only ever holds age ciphertext here:
//! the browser encrypted it to the agency's key.
//!
//! Keys are `/`-separated paths such as `responses/12/34/00000000`; a response's
//! blobs share the prefix `responses/{id}/`, deleted at once.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};

/// A blob's bytes as they are read, piece by piece.
pub type BlobStream = BoxStream<'static, io::Result<Bytes>>;

/// Storage for opaque blobs by key.
#[async_trait]
pub trait BlobStore: fmt::Debug + Send + Sync + 'static {
    /// Stores `bytes` under `key`, replacing any blob there; a blob is either whole or
    /// absent (never half-written).
    async fn put(&self, key: &str, bytes: Bytes) -> io::Result<()>;

    /// The blob's bytes, streamed; `None` when there is no such blob.
    async fn get(&self, key: &str) -> io::Result<Option<BlobStream>>;

    /// Deletes every blob whose key starts with `prefix` (a whole "directory", e.g.
    /// `responses/12/`); nothing to delete is not an error.
    async fn delete_prefix(&self, prefix: &str) -> io::Result<()>;

    /// Every key under `prefix`, sorted (tests and operations).
    async fn list(&self, prefix: &str) -> io::Result<Vec<String>>;
}

/// Which blob store to open (`--blob-store`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobStoreConfig {
    /// A directory on this machine.
    Dir(PathBuf),
    /// S3-compatible object storage.
    S3(S3Config),
}

/// `s3://bucket?endpoint=http://127.0.0.1:9000&region=us-east-1`: the bucket, an
/// optional endpoint (another S3-compatible service than AWS) and region. The keys come
/// from `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Config {
    pub bucket: String,
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

impl fmt::Debug for S3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the secret.
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl BlobStoreConfig {
    /// Parses `--blob-store`: `s3://bucket?endpoint=…&region=…`, or a directory path.
    pub fn parse(value: &str) -> Result<BlobStoreConfig, String> {
        let Some(rest) = value.strip_prefix("s3://") else {
            if value.trim().is_empty() {
                return Err("an empty blob store path".into());
            }
            return Ok(BlobStoreConfig::Dir(PathBuf::from(value)));
        };
        let (bucket, query) = rest.split_once('?').unwrap_or((rest, ""));
        let bucket = bucket.trim_end_matches('/');
        if bucket.is_empty() || bucket.contains('/') {
            return Err(format!(
                "`{value}`: expected s3://bucket?endpoint=…&region=…"
            ));
        }
        let mut config = S3Config {
            bucket: bucket.to_owned(),
            endpoint: None,
            region: "us-east-1".to_owned(),
            access_key_id: std::env::var("AWS_ACCESS_KEY_ID").ok(),
            secret_access_key: std::env::var("AWS_SECRET_ACCESS_KEY").ok(),
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("endpoint", v)) => config.endpoint = Some(v.to_owned()),
                Some(("region", v)) => config.region = v.to_owned(),
                _ => return Err(format!("`{pair}`: only endpoint= and region= are known")),
            }
        }
        Ok(BlobStoreConfig::S3(config))
    }

    /// Opens the store (creating the directory if missing).
    pub fn open(&self) -> io::Result<Arc<dyn BlobStore>> {
        Ok(match self {
            BlobStoreConfig::Dir(dir) => Arc::new(DirBlobStore::new(dir)?),
            BlobStoreConfig::S3(s3) => Arc::new(S3BlobStore::new(s3)?),
        })
    }
}

/// A key checked to be a relative path of plain names (no `..`, no empty parts).
fn checked_key(key: &str) -> io::Result<&str> {
    let ok = !key.is_empty()
        && key
            .trim_end_matches('/')
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != ".." && !p.contains('\\'));
    if ok {
        Ok(key)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a blob key: {key:?}"),
        ))
    }
}

/// Blobs as files under one directory.
#[derive(Debug)]
pub struct DirBlobStore {
    root: PathBuf,
}

impl DirBlobStore {
    /// The store in `root` (created if missing).
    pub fn new(root: &Path) -> io::Result<DirBlobStore> {
        std::fs::create_dir_all(root)?;
        Ok(DirBlobStore {
            root: root.to_owned(),
        })
    }

    fn path(&self, key: &str) -> io::Result<PathBuf> {
        Ok(self.root.join(checked_key(key)?.trim_end_matches('/')))
    }
}

#[async_trait]
impl BlobStore for DirBlobStore {
    async fn put(&self, key: &str, bytes: Bytes) -> io::Result<()> {
        let path = self.path(key)?;
        let parent = path.parent().unwrap_or(&self.root).to_owned();
        tokio::fs::create_dir_all(&parent).await?;
        // Written aside, then renamed into place: a reader never sees half a blob.
        let temp = parent.join(format!(
            ".{}.{}.part",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("blob"),
            rand::random::<u64>()
        ));
        let written = async {
            tokio::fs::write(&temp, &bytes).await?;
            tokio::fs::rename(&temp, &path).await
        }
        .await;
        if written.is_err() {
            let _ = tokio::fs::remove_file(&temp).await;
        }
        written
    }

    async fn get(&self, key: &str) -> io::Result<Option<BlobStream>> {
        match tokio::fs::File::open(self.path(key)?).await {
            Ok(file) => Ok(Some(tokio_util::io::ReaderStream::new(file).boxed())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn delete_prefix(&self, prefix: &str) -> io::Result<()> {
        let path = self.path(prefix)?;
        let result = if prefix.ends_with('/') {
            tokio::fs::remove_dir_all(&path).await
        } else {
            tokio::fs::remove_file(&path).await
        };
        match result {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    async fn list(&self, prefix: &str) -> io::Result<Vec<String>> {
        let root = self.root.clone();
        let prefix = prefix.to_owned();
        tokio::task::spawn_blocking(move || {
            let mut keys = Vec::new();
            let mut dirs = vec![root.clone()];
            while let Some(dir) = dirs.pop() {
                let entries = match std::fs::read_dir(&dir) {
                    Ok(entries) => entries,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                    Err(e) => return Err(e),
                };
                for entry in entries {
                    let path = entry?.path();
                    if path.is_dir() {
                        dirs.push(path);
                    } else if let Ok(relative) = path.strip_prefix(&root) {
                        let key = relative.to_string_lossy().replace('\\', "/");
                        if key.starts_with(&prefix) && !key.ends_with(".part") {
                            keys.push(key);
                        }
                    }
                }
            }
            keys.sort();
            Ok(keys)
        })
        .await
        .map_err(io::Error::other)?
    }
}

/// Blobs as objects of one S3 bucket.
pub struct S3BlobStore {
    store: Arc<dyn ObjectStore>,
    bucket: String,
}

impl fmt::Debug for S3BlobStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3BlobStore")
            .field("bucket", &self.bucket)
            .finish_non_exhaustive()
    }
}

fn s3_error(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, e),
        e => io::Error::other(e),
    }
}

impl S3BlobStore {
    /// The store of `config`'s bucket (no request is made until the first use).
    pub fn new(config: &S3Config) -> io::Result<S3BlobStore> {
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&config.bucket)
            .with_region(&config.region);
        if let Some(endpoint) = &config.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        if let (Some(id), Some(secret)) = (&config.access_key_id, &config.secret_access_key) {
            builder = builder
                .with_access_key_id(id)
                .with_secret_access_key(secret);
        }
        let store = builder.build().map_err(s3_error)?;
        Ok(S3BlobStore {
            store: Arc::new(store),
            bucket: config.bucket.clone(),
        })
    }
}

#[async_trait]
impl BlobStore for S3BlobStore {
    async fn put(&self, key: &str, bytes: Bytes) -> io::Result<()> {
        let path = ObjectPath::from(checked_key(key)?);
        // One PUT: S3 makes the object visible whole or not at all.
        self.store
            .put(&path, PutPayload::from_bytes(bytes))
            .await
            .map_err(s3_error)?;
        Ok(())
    }

    async fn get(&self, key: &str) -> io::Result<Option<BlobStream>> {
        let path = ObjectPath::from(checked_key(key)?);
        match self.store.get(&path).await {
            Ok(result) => Ok(Some(result.into_stream().map_err(s3_error).boxed())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(s3_error(e)),
        }
    }

    async fn delete_prefix(&self, prefix: &str) -> io::Result<()> {
        for key in self.list(prefix).await? {
            match self.store.delete(&ObjectPath::from(key.as_str())).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(s3_error(e)),
            }
        }
        Ok(())
    }

    async fn list(&self, prefix: &str) -> io::Result<Vec<String>> {
        // `object_store` lists by whole path segments: list the segment's parent and
        // keep what starts with the prefix.
        let checked = if prefix.is_empty() {
            prefix
        } else {
            checked_key(prefix)?
        };
        let dir = checked.trim_end_matches('/');
        let dir = if prefix.ends_with('/') {
            dir
        } else {
            dir.rsplit_once('/').map_or("", |(d, _)| d)
        };
        let listed: Vec<_> = if dir.is_empty() {
            self.store.list(None).try_collect().await
        } else {
            self.store
                .list(Some(&ObjectPath::from(dir)))
                .try_collect()
                .await
        }
        .map_err(s3_error)?;
        let mut keys: Vec<String> = listed
            .into_iter()
            .map(|meta| meta.location.to_string())
            .filter(|k| k.starts_with(prefix))
            .collect();
        keys.sort();
        Ok(keys)
    }
}

/// The keys of a response's blobs.
pub mod keys {
    /// Every blob of response `id`.
    pub fn response_prefix(id: i64) -> String {
        format!("responses/{id}/")
    }

    /// Chunk `index` of file `file_id` of response `id`.
    pub fn chunk(id: i64, file_id: i64, index: u64) -> String {
        format!("responses/{id}/{file_id}/{index:08}")
    }

    /// The encrypted envelope (identity and message) of response `id`.
    pub fn envelope(id: i64) -> String {
        format!("responses/{id}/envelope")
    }
}

/// Concatenates blobs in order, each streamed as it is reached (a file's chunks).
pub fn concat(store: Arc<dyn BlobStore>, keys: Vec<String>) -> BlobStream {
    futures_util::stream::iter(keys)
        .then(move |key| {
            let store = store.clone();
            async move {
                store.get(&key).await?.ok_or_else(|| {
                    io::Error::new(io::ErrorKind::NotFound, format!("blob {key} is missing"))
                })
            }
        })
        .try_flatten()
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_flag() {
        assert_eq!(
            BlobStoreConfig::parse("/var/lib/porchlight/blobs").unwrap(),
            BlobStoreConfig::Dir("/var/lib/porchlight/blobs".into())
        );
        let BlobStoreConfig::S3(s3) =
            BlobStoreConfig::parse("s3://footage?endpoint=http://127.0.0.1:9000&region=eu-west-1")
                .unwrap()
        else {
            panic!("not s3")
        };
        assert_eq!(s3.bucket, "footage");
        assert_eq!(s3.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(s3.region, "eu-west-1");
        assert!(BlobStoreConfig::parse("s3://a/b").is_err());
        assert!(BlobStoreConfig::parse("s3://a?color=red").is_err());
    }

    #[test]
    fn keys_cannot_leave_the_store() {
        assert!(checked_key("responses/1/2/00000000").is_ok());
        assert!(checked_key("responses/1/").is_ok());
        for bad in ["", "../x", "a/../b", "/abs", "a//b", "a\\b"] {
            assert!(checked_key(bad).is_err(), "{bad}");
        }
    }
}
