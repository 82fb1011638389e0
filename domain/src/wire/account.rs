use serde::{Deserialize, Serialize};

use super::AgencyRef;

/// What an account may do. Residents read and report; agency staff post for their one
/// agency; moderators review submissions and decide on reports (never staff too);
/// admins create agencies and add staff and moderators.
///
/// ```
/// use porchlight_domain::wire::Role;
/// assert_eq!(serde_json::to_string(&Role::AgencyStaff).unwrap(), "\"agency_staff\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    AgencyStaff,
    Moderator,
    Admin,
}

impl Role {
    /// The stable string stored in databases and sent on the wire.
    ///
    /// ```
    /// use porchlight_domain::wire::Role;
    /// assert_eq!(Role::Admin.as_str(), "admin");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::AgencyStaff => "agency_staff",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    /// Parses [`Role::as_str`] back.
    ///
    /// ```
    /// use porchlight_domain::wire::Role;
    /// assert_eq!(Role::parse("resident"), Some(Role::Resident));
    /// assert_eq!(Role::parse("mayor"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "resident" => Some(Role::Resident),
            "agency_staff" => Some(Role::AgencyStaff),
            "moderator" => Some(Role::Moderator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// The signed-in account (`GET /api/v1/me`).
///
/// ```
/// use porchlight_domain::wire::{Me, Role};
/// let me: Me = serde_json::from_str(r#"{"id":1,"email":"resident@porchlight.test",
///   "display_name":"Riley","role":"resident","agency":null,"hide_requests":false}"#).unwrap();
/// assert_eq!(me.role, Role::Resident);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// The agency a staff account posts for.
    pub agency: Option<AgencyRef>,
    /// The resident's opt-out: when true the feed returns no requests.
    pub hide_requests: bool,
}

/// `POST /api/v1/auth/register`.
///
/// ```
/// use porchlight_domain::wire::Registration;
/// let r: Registration = serde_json::from_str(r#"{"email":"a@b.example","password":"correct horse battery","display_name":"A"}"#).unwrap();
/// assert_eq!(r.display_name, "A");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub email: String,
    pub password: String,
    pub display_name: String,
}

/// `POST /api/v1/auth/login`.
///
/// ```
/// use porchlight_domain::wire::Credentials;
/// let c = Credentials { email: "officer@porchlight.test".into(), password: "porchlight-demo".into() };
/// assert!(serde_json::to_string(&c).unwrap().contains("officer"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

/// `PUT /api/v1/me/preferences`.
///
/// ```
/// use porchlight_domain::wire::Preferences;
/// let p: Preferences = serde_json::from_str(r#"{"hide_requests":true}"#).unwrap();
/// assert!(p.hide_requests);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    pub hide_requests: bool,
}

/// The answer of `POST /api/v1/auth/logout-everywhere`: how many of the account's
/// sessions ended, the one that asked included.
///
/// ```
/// use porchlight_domain::wire::SignedOutEverywhere;
/// let s: SignedOutEverywhere = serde_json::from_str(r#"{"sessions_ended":3}"#).unwrap();
/// assert_eq!(s.sessions_ended, 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedOutEverywhere {
    pub sessions_ended: u64,
}
