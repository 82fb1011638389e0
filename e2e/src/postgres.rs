use sqlx::{Connection, PgConnection};

use crate::error::{HarnessError, Result};

/// The variable that names the PostgreSQL cluster to test on: an administrator's URL
/// such as `postgres://postgres@127.0.0.1:5432/postgres`. `scripts/test.sh` sets it.
pub const TEST_POSTGRES_VAR: &str = "PORCHLIGHT_TEST_POSTGRES";

/// A fresh, empty database on the test cluster, dropped (with any connection still
/// open to it, and its roles) when this value drops.
#[derive(Debug)]
pub struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
    roles: Option<Roles>,
}

/// The two roles of a least-privilege deployment (the README's "Running on PostgreSQL
/// and several instances"), both able to log in without a password on the test cluster.
#[derive(Debug, Clone)]
pub struct Roles {
    /// Owns the database and its schema: runs the migrations and `store grant`.
    pub owner: String,
    /// What the servers connect as.
    pub servers: String,
}

impl TestDatabase {
    /// Creates `porchlight_e2e_<what>_<unique>` on the cluster in
    /// `PORCHLIGHT_TEST_POSTGRES`. Fails, never skips, when the variable is missing.
    pub async fn create(what: &str) -> Result<Self> {
        Self::create_as(what, false).await
    }

    /// [`TestDatabase::create`] as the README sets one up: owned by a role of its own
    /// that also owns the `public` schema, where nobody else may create anything, and a
    /// second role for the servers, with no rights yet (`store grant` gives them).
    pub async fn create_with_roles(what: &str) -> Result<Self> {
        Self::create_as(what, true).await
    }

    async fn create_as(what: &str, with_roles: bool) -> Result<Self> {
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
        let roles = with_roles.then(|| Roles {
            owner: format!("{name}_owner"),
            servers: format!("{name}_servers"),
        });
        // Every name is ours: lower-case letters, digits and underscores only.
        let mut statements = Vec::new();
        if let Some(Roles { owner, servers }) = &roles {
            statements.push(format!("CREATE ROLE {owner} LOGIN"));
            statements.push(format!("CREATE ROLE {servers} LOGIN"));
            statements.push(format!("CREATE DATABASE {name} OWNER {owner}"));
        } else {
            statements.push(format!("CREATE DATABASE {name}"));
        }
        execute(&admin_url, &statements).await?;
        let database = Self {
            admin_url,
            name,
            url: url.to_string(),
            roles,
        };
        if let Some(Roles { owner, .. }) = &database.roles {
            let statements = [
                format!("ALTER SCHEMA public OWNER TO {owner}"),
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC".to_owned(),
            ];
            execute(&database.url, &statements).await?;
        }
        Ok(database)
    }

    /// Its URL as the cluster's administrator.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The roles of [`TestDatabase::create_with_roles`].
    pub fn roles(&self) -> Option<&Roles> {
        self.roles.as_ref()
    }

    /// Its URL as another role, for `porchlight-server --db`.
    pub fn url_as(&self, role: &str) -> String {
        let mut url = url::Url::parse(&self.url).expect("parsed when the database was made");
        url.set_username(role)
            .expect("a postgres:// URL has a user name");
        // The test cluster trusts loopback connections: the administrator's password
        // (if any) is not this role's.
        url.set_password(None)
            .expect("a postgres:// URL can lose its password");
        url.to_string()
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
        let roles = self.roles.clone();
        let dropper = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                let mut statements = vec![format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")];
                if let Some(Roles { owner, servers }) = roles {
                    statements.push(format!("DROP ROLE IF EXISTS {servers}"));
                    statements.push(format!("DROP ROLE IF EXISTS {owner}"));
                }
                if let Err(e) = execute(&admin_url, &statements).await {
                    eprintln!("warning: {e}");
                }
            });
        });
        let _ = dropper.join();
    }
}

/// Runs each statement on its own (`CREATE DATABASE` cannot run in a transaction).
async fn execute(url: &str, statements: &[String]) -> Result<()> {
    let mut conn = connect(url).await?;
    for sql in statements {
        sqlx::query(sql)
            .execute(&mut conn)
            .await
            .map_err(|e| HarnessError::new(format!("{sql}: {e}")))?;
    }
    let _ = conn.close().await;
    Ok(())
}

async fn connect(url: &str) -> Result<PgConnection> {
    PgConnection::connect(url)
        .await
        .map_err(|e| HarnessError::new(format!("connecting to PostgreSQL at {url}: {e}")))
}
