//! Creating accounts outside the HTTP API (`porchlight-server user add`, demo data).

use porchlight_domain::wire::Role;
use time::OffsetDateTime;

use crate::auth::hash_password;
use crate::db::{Db, NewAccount};
use crate::validate;

/// Creates an account with the same rules as registration; `admin` makes it an
/// administrator. Returns its id, or a message for the operator.
pub async fn create_user(
    db: &Db,
    email: &str,
    display_name: &str,
    password: &str,
    admin: bool,
    now: OffsetDateTime,
) -> Result<i64, String> {
    let (email, display_name) =
        validate::registration(email, password, display_name).map_err(|errors| {
            errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" ")
        })?;
    let password_hash = hash_password(password).await?;
    let new = NewAccount {
        email: &email,
        display_name: &display_name,
        password_hash: &password_hash,
        role: if admin { Role::Admin } else { Role::Resident },
        agency_id: None,
    };
    db.create_account(&new, now)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("an account with the email {email} already exists"))
}
