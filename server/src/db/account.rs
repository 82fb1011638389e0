//! Accounts as storage hands them out, and the sign-in throttle's settings.

use porchlight_domain::wire::{AgencyRef, Me, Role};

/// An account as stored (the password hash never leaves the server).
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub agency_id: Option<i64>,
    pub agency: Option<AgencyRef>,
    pub hide_requests: bool,
}

impl AccountRow {
    /// The account as `GET /me` shows it.
    pub fn to_me(&self) -> Me {
        Me {
            id: self.id,
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            agency: self.agency.clone(),
            hide_requests: self.hide_requests,
        }
    }

    /// Whether this account is staff of the agency `agency_id`.
    pub fn is_staff_of(&self, agency_id: i64) -> bool {
        self.role == Role::AgencyStaff && self.agency_id == Some(agency_id)
    }
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub agency_id: Option<i64>,
}

/// The role an account's row stores: a moderator is stored as a resident and listed
/// in `moderators` (the role reads `moderator` from there), so that `accounts` keeps
/// the roles its CHECK knows and no one is both staff and moderator.
pub(super) fn stored_role(role: Role) -> &'static str {
    match role {
        Role::Moderator => Role::Resident.as_str(),
        other => other.as_str(),
    }
}

/// Throttling of failed sign-ins for one email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginThrottle {
    /// Failures allowed within `window` before the account is locked.
    pub max_failures: i64,
    pub window: time::Duration,
    pub lockout: time::Duration,
}
