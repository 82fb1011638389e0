//! `store grant`: what the servers' PostgreSQL role may do, table by table, and nothing
//! more. The immutable tables (requests, resolutions, the log) may only be read and
//! appended to, so that even a server whose credentials leak cannot rewrite history:
//! the permissions refuse it before the triggers would. The database's owner keeps
//! everything else (migrations, `store copy`).

use super::PgStore;
use crate::db::copy::CopyTable;
use crate::db::DbError;

/// Every table of the schema and what the server does there.
const TABLE_PRIVILEGES: &[(&str, &str)] = &[
    // Published and logged: appended, never changed.
    ("requests", "SELECT, INSERT"),
    ("resolutions", "SELECT, INSERT"),
    ("log_entries", "SELECT, INSERT"),
    ("log_checkpoints", "SELECT, INSERT"),
    ("log_nodes", "SELECT, INSERT"),
    ("log_origin", "SELECT, INSERT"),
    // Moderator decisions, logged: appended, never changed.
    ("moderation_decisions", "SELECT, INSERT"),
    // Decided once: the status of a submission, the decision of a report (their
    // triggers refuse every other change).
    ("submissions", "SELECT, INSERT, UPDATE"),
    ("reports", "SELECT, INSERT, UPDATE"),
    // Created (the demo, `user add`, admins); not changed by the server.
    ("moderators", "SELECT, INSERT"),
    ("agencies", "SELECT, INSERT"),
    ("seeds", "SELECT, INSERT"),
    // An account's opt-out and its staff role change.
    ("accounts", "SELECT, INSERT, UPDATE"),
    // Sign-out and the sweep of expired sessions delete.
    ("sessions", "SELECT, INSERT, DELETE"),
    // Counted, locked, forgotten after a successful sign-in.
    ("login_failures", "SELECT, INSERT, UPDATE, DELETE"),
    // The abuse limits' counters: counted, and deleted once their windows are past.
    ("rate_limits", "SELECT, INSERT, UPDATE, DELETE"),
    // Email alerts: subscribed, confirmed, bounced, deleted on unsubscribe; the
    // outbox is claimed, finished, and goes with its subscription.
    ("alert_subscriptions", "SELECT, INSERT, UPDATE, DELETE"),
    ("alert_outbox", "SELECT, INSERT, UPDATE, DELETE"),
    // Residents' responses (issue 16): keys are retired, never deleted; a response and
    // its files are deleted when cancelled during upload.
    ("agency_keys", "SELECT, INSERT, UPDATE"),
    ("agency_retention", "SELECT, INSERT, UPDATE"),
    ("responses", "SELECT, INSERT, UPDATE, DELETE"),
    ("response_files", "SELECT, INSERT, UPDATE, DELETE"),
    // Written only by the triggers on requests and resolutions, which run as the
    // owner (migration 0006): the server reads them and cannot make a count lie.
    ("agency_totals", "SELECT"),
    ("agency_months", "SELECT"),
    ("agency_incident_types", "SELECT"),
    // `--no-migrate` checks which migrations have run.
    ("_sqlx_migrations", "SELECT"),
];

/// Why the role was not granted anything.
#[derive(Debug, thiserror::Error)]
pub enum GrantError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("role {0} does not exist: create it first, e.g. CREATE ROLE {0} LOGIN PASSWORD '…'")]
    NoSuchRole(String),
    #[error(
        "role {0} owns the database's tables or is a superuser: permissions cannot restrict \
         it. Give the servers a role of their own"
    )]
    Unrestrictable(String),
    #[error(
        "table {0} is not known to this porchlight-server: use the version that matches the \
         database's migrations"
    )]
    UnknownTable(String),
}

impl From<sqlx::Error> for GrantError {
    fn from(e: sqlx::Error) -> GrantError {
        GrantError::Db(DbError::Sqlx(e))
    }
}

impl PgStore {
    /// Grants `role` exactly what a server needs, after revoking whatever it had on
    /// this schema's tables (so that a rerun also takes back excess rights). One
    /// transaction: the role ends up with all of it or none.
    pub async fn grant_server_role(&self, role: &str) -> Result<(), GrantError> {
        let mut tx = self.pool.begin().await?;
        let found: Option<(bool, bool)> = sqlx::query_as(
            "SELECT rolsuper, pg_has_role(rolname, (SELECT tableowner FROM pg_tables \
               WHERE schemaname = current_schema() AND tablename = 'requests'), 'MEMBER') \
             FROM pg_roles WHERE rolname = $1",
        )
        .bind(role)
        .fetch_optional(&mut *tx)
        .await?;
        match found {
            None => return Err(GrantError::NoSuchRole(role.to_owned())),
            Some((superuser, owner)) if superuser || owner => {
                return Err(GrantError::Unrestrictable(role.to_owned()))
            }
            Some(_) => {}
        }
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
             ORDER BY tablename",
        )
        .fetch_all(&mut *tx)
        .await?;
        if let Some(unknown) = tables
            .iter()
            .find(|t| !TABLE_PRIVILEGES.iter().any(|(name, _)| name == t))
        {
            return Err(GrantError::UnknownTable(unknown.clone()));
        }
        let (role, schema, database): (String, String, String) = sqlx::query_as(
            "SELECT quote_ident($1), quote_ident(current_schema()), quote_ident(current_database())",
        )
        .bind(role)
        .fetch_one(&mut *tx)
        .await?;
        let mut statements = vec![
            format!("GRANT CONNECT ON DATABASE {database} TO {role}"),
            format!("GRANT USAGE ON SCHEMA {schema} TO {role}"),
        ];
        for (table, privileges) in TABLE_PRIVILEGES {
            statements.push(format!("REVOKE ALL ON TABLE {schema}.{table} FROM {role}"));
            statements.push(format!(
                "GRANT {privileges} ON TABLE {schema}.{table} TO {role}"
            ));
        }
        // New rows' ids: nextval needs USAGE on the identity's sequence, nothing more.
        let numbered = CopyTable::ALL
            .iter()
            .filter_map(|t| Some((t.name(), t.generated_id()?)));
        for (table_name, id) in numbered {
            let sequence: String = sqlx::query_scalar(&format!(
                "SELECT pg_get_serial_sequence('{schema}.{table_name}', '{id}')"
            ))
            .fetch_one(&mut *tx)
            .await?;
            statements.push(format!("REVOKE ALL ON SEQUENCE {sequence} FROM {role}"));
            statements.push(format!("GRANT USAGE ON SEQUENCE {sequence} TO {role}"));
        }
        for statement in statements {
            sqlx::query(&statement).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
