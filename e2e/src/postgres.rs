use sqlx::{Connection, PgConnection};

use crate::error::{HarnessError, Result};

/// The variable that names the PostgreSQL cluster to test on: an administrator's URL
/// such as `postgres://postgres@127.0.0.1:5432/postgres`. `scripts/test.sh` sets it.
pub const TEST_POSTGRES_VAR: &str = "PORCHLIGHT_TEST_POSTGRES";

/// A fresh, empty database on the test cluster, dropped (with any connection still
/// open to it) when this value drops.
#[derive(Debug)]
pub struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl TestDatabase {
    /// Creates `porchlight_e2e_<what>_<unique>` on the cluster in
    /// `PORCHLIGHT_TEST_POSTGRES`. Fails, never skips, when the variable is missing.
    pub async fn create(what: &str) -> Result<Self> {
        let admin_url = std::env::var(TEST_POSTGRES_VAR)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| {
                HarnessError::new(format!(
                    "{TEST_POSTGRES_VAR} is not set: run scripts/test.sh, which starts a \
                     throwaway PostgreSQL, or set it to an administrator's URL of a cluster \
                     you can throw databases at (postgres://postgres@127.0.0.1:PORT/postgres)."
                ))
            })?;
        let unique = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let name = format!("porchlight_e2e_{what}_{}_{unique}", std::process::id());
        let mut url = url::Url::parse(&admin_url)
            .map_err(|e| HarnessError::new(format!("{TEST_POSTGRES_VAR}={admin_url:?}: {e}")))?;
        url.set_path(&format!("/{name}"));
        let mut admin = connect(&admin_url).await?;
        // `name` is ours: lower-case letters, digits and underscores only.
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .map_err(|e| HarnessError::new(format!("CREATE DATABASE {name}: {e}")))?;
        let _ = admin.close().await;
        Ok(Self { admin_url, name, url: url.to_string() })
    }

    /// Its URL, for `porchlight-server --db`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A connection of its own, to look at what the servers wrote.
    pub async fn connect(&self) -> Result<PgConnection> {
        connect(&self.url).await
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Drop runs inside the test's runtime, which cannot be blocked on: a thread with
        // a runtime of its own does the dropping. Best effort: a failed test's database
        // stays on a throwaway cluster at worst.
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let dropper = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build()
            else {
                return;
            };
            runtime.block_on(async {
                if let Ok(mut admin) = connect(&admin_url).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    if let Err(e) = sqlx::query(&sql).execute(&mut admin).await {
                        eprintln!("warning: {sql}: {e}");
                    }
                    let _ = admin.close().await;
                }
            });
        });
        let _ = dropper.join();
    }
}

async fn connect(url: &str) -> Result<PgConnection> {
    PgConnection::connect(url)
        .await
        .map_err(|e| HarnessError::new(format!("connecting to PostgreSQL at {url}: {e}")))
}
