//! The blob store's one test suite, run against both stores: the directory, and S3
//! through `object_store` against a local S3-compatible server (moto, installed by
//! `scripts/setup.sh` from PyPI; `PORCHLIGHT_TEST_S3_SERVER` names its `moto_server`).
//! Without it the S3 tests print why and skip; `scripts/test.sh` sets it.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use porchlight_server::blob_store::{concat, BlobStore, BlobStoreConfig, DirBlobStore, S3Config};

/// A moto server on 127.0.0.1, stopped when dropped.
pub struct LocalS3 {
    child: Child,
    pub endpoint: String,
}

impl Drop for LocalS3 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl LocalS3 {
    /// Starts `PORCHLIGHT_TEST_S3_SERVER` on a free port of 127.0.0.1; `None` (with a
    /// printed reason) when it is not installed here.
    pub fn start() -> Option<LocalS3> {
        let Some(bin) = std::env::var_os("PORCHLIGHT_TEST_S3_SERVER") else {
            eprintln!(
                "SKIPPED: PORCHLIGHT_TEST_S3_SERVER is not set (scripts/setup.sh --with-browser \
                 installs moto_server into .tools/s3-venv; scripts/test.sh sets it)"
            );
            return None;
        };
        if !std::path::Path::new(&bin).is_file() {
            eprintln!("SKIPPED: no S3 test server at {}", bin.to_string_lossy());
            return None;
        }
        // A free port: bound, read, released, then given to the server.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the S3 test server");
        let server = LocalS3 {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "the S3 test server did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(server)
    }

    /// A new bucket (moto takes an unsigned `PUT /bucket`), as a `--blob-store` config.
    pub fn bucket(&self, name: &str) -> BlobStoreConfig {
        let response = ureq::put(&format!("{}/{name}", self.endpoint))
            .send_empty()
            .expect("create the bucket");
        assert!(response.status().is_success());
        BlobStoreConfig::S3(S3Config {
            bucket: name.to_owned(),
            endpoint: Some(self.endpoint.clone()),
            region: "us-east-1".to_owned(),
            access_key_id: Some("testing".to_owned()),
            secret_access_key: Some("testing".to_owned()),
        })
    }
}

async fn read(store: &dyn BlobStore, key: &str) -> Option<Vec<u8>> {
    let stream = store.get(key).await.unwrap()?;
    let parts: Vec<bytes::Bytes> = stream.try_collect().await.unwrap();
    Some(parts.concat())
}

/// What every blob store does.
async fn the_suite(store: Arc<dyn BlobStore>) {
    assert!(store.get("responses/1/envelope").await.unwrap().is_none());
    assert!(store.list("").await.unwrap().is_empty());
    // Whole blobs, replaced whole.
    store
        .put("responses/1/envelope", vec![1, 2, 3].into())
        .await
        .unwrap();
    store
        .put("responses/1/envelope", vec![4, 5].into())
        .await
        .unwrap();
    assert_eq!(
        read(store.as_ref(), "responses/1/envelope").await,
        Some(vec![4, 5])
    );
    // A file in chunks, read back in order as one stream.
    let big: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    let keys: Vec<String> = big
        .chunks(100_000)
        .enumerate()
        .map(|(i, _)| format!("responses/1/7/{i:08}"))
        .collect();
    for (key, chunk) in keys.iter().zip(big.chunks(100_000)) {
        store.put(key, chunk.to_vec().into()).await.unwrap();
    }
    store
        .put("responses/12/7/00000000", vec![9].into())
        .await
        .unwrap();
    let joined: Vec<bytes::Bytes> = concat(store.clone(), keys.clone())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(joined.concat(), big);
    // A missing piece is an error, not a short file.
    let mut missing = keys.clone();
    missing.push("responses/1/7/00000009".into());
    assert!(concat(store.clone(), missing)
        .try_collect::<Vec<_>>()
        .await
        .is_err());
    // Listing by prefix: `responses/1/` is not `responses/12/`.
    let mut listed = keys.clone();
    listed.insert(0, "responses/1/envelope".into());
    listed.sort();
    assert_eq!(store.list("responses/1/").await.unwrap(), listed);
    assert_eq!(store.list("").await.unwrap().len(), listed.len() + 1);
    // Deleting a response's prefix deletes its blobs only, and twice is fine.
    store.delete_prefix("responses/1/").await.unwrap();
    store.delete_prefix("responses/1/").await.unwrap();
    assert!(store.list("responses/1/").await.unwrap().is_empty());
    assert_eq!(
        store.list("").await.unwrap(),
        vec!["responses/12/7/00000000".to_owned()]
    );
    assert!(read(store.as_ref(), "responses/1/envelope").await.is_none());
    // Keys cannot leave the store.
    assert!(store.put("../escape", vec![1].into()).await.is_err());
    assert!(store.get("a/../../b").await.is_err());
}

#[tokio::test]
async fn the_directory_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(DirBlobStore::new(&dir.path().join("blobs")).unwrap());
    the_suite(store).await;
}

#[tokio::test]
async fn the_s3_store() {
    let Some(s3) = LocalS3::start() else { return };
    let store = s3.bucket("porchlight-suite").open().unwrap();
    the_suite(store).await;
}

#[tokio::test]
async fn a_whole_response_on_s3() {
    let Some(s3) = LocalS3::start() else { return };
    let config = s3.bucket("porchlight-responses");
    let app = crate::support::TestApp::with_config(move |c| c.blob_store = config).await;
    crate::responses::a_response_travels_on(crate::support::Fixture::on(app).await).await;
}
