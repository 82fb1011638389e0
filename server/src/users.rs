//! Creating accounts outside the HTTP API (`porchlight-server user add`, demo data).

use porchlight_domain::wire::Role;
use time::OffsetDateTime;

use crate::auth::hash_password;
use crate::db::{Db, MakeModeratorOutcome, NewAccount};
use crate::validate;

/// Creates an account with the same rules as registration, as a resident, an
/// administrator or a moderator (agency staff are made by an admin, for an agency).
/// Returns its id, or a message for the operator.
pub async fn create_user(
    db: &Db,
    email: &str,
    display_name: &str,
    password: &str,
    role: Role,
    now: OffsetDateTime,
) -> Result<i64, String> {
    if role == Role::AgencyStaff {
        return Err("agency staff are added by an administrator, for an agency".into());
    }
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
        // A moderator is an account first; the store then makes it one (its own table).
        role: if role == Role::Admin {
            Role::Admin
        } else {
            Role::Resident
        },
        agency_id: None,
    };
    let id = db
        .create_account(&new, now)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("an account with the email {email} already exists"))?;
    if role == Role::Moderator {
        match db
            .make_moderator(id, now)
            .await
            .map_err(|e| e.to_string())?
        {
            MakeModeratorOutcome::Made | MakeModeratorOutcome::AlreadyModerator => {}
            other => return Err(format!("{email} cannot be a moderator: {other:?}")),
        }
    }
    Ok(id)
}
