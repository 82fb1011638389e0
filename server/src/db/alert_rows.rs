//! Email alerts as storage holds them: subscriptions, their outbox, and which
//! subscriptions a published request is for (worked out once here, for every backend:
//! the backends only pick candidates by box and agency).

use porchlight_domain::alert::AlertArea;
use porchlight_domain::wire::{AgencyRef, AlertSubscription, GeoJsonPolygon, PublishedRequest};
use porchlight_domain::{IncidentType, RequestArea, RequestLanguage};
use sqlx::{ColumnIndex, Decode, Row, Type};
use time::OffsetDateTime;

use super::unix_time::from_unix;

/// A subscription to store, waiting for its confirmation.
#[derive(Debug, Clone)]
pub struct NewSubscription<'a> {
    pub email: &'a str,
    pub agency_id: Option<i64>,
    pub area: Option<&'a AlertArea>,
    /// Empty: every type.
    pub incident_types: &'a [IncidentType],
    pub manage_token: &'a str,
    pub feed_token: &'a str,
    pub confirm_token: &'a str,
    pub confirm_expires_at: OffsetDateTime,
    /// The language its emails are written in.
    pub language: RequestLanguage,
}

impl NewSubscription<'_> {
    /// The area as stored (GeoJSON text), with its size and box.
    pub(crate) fn area_columns(&self) -> Option<(String, f64, [f64; 4])> {
        let area = self.area?;
        let json = serde_json::to_string(&area.to_geojson()).ok()?;
        Some((json, area.area_m2(), area.bounding_box()))
    }

    /// The incident types as stored: a JSON array, or NULL for all.
    pub(crate) fn incident_types_column(&self) -> Option<String> {
        if self.incident_types.is_empty() {
            return None;
        }
        let codes: Vec<&str> = self.incident_types.iter().map(|t| t.as_str()).collect();
        serde_json::to_string(&codes).ok()
    }
}

/// A stored subscription.
#[derive(Debug, Clone, PartialEq)]
pub struct SubscriptionRow {
    pub id: i64,
    pub email: String,
    pub agency: Option<AgencyRef>,
    pub agency_id: Option<i64>,
    pub area_geojson: Option<String>,
    pub area_m2: Option<f64>,
    /// Empty: every type.
    pub incident_types: Vec<String>,
    pub manage_token: String,
    pub feed_token: String,
    pub confirmed_at: Option<OffsetDateTime>,
    pub disabled_at: Option<OffsetDateTime>,
    pub bounces: i64,
    pub created_at: OffsetDateTime,
    /// Until confirmed (or the link is used up).
    pub confirm_token: Option<String>,
    /// The language its emails are written in.
    pub language: RequestLanguage,
}

impl SubscriptionRow {
    /// The watched area, if this subscription watches one.
    pub fn area(&self) -> Option<AlertArea> {
        let polygon: GeoJsonPolygon = serde_json::from_str(self.area_geojson.as_deref()?).ok()?;
        AlertArea::from_geojson(&polygon).ok()
    }

    /// As its holder sees it (`GET /alerts/manage/{token}`).
    pub fn to_wire(&self) -> AlertSubscription {
        AlertSubscription {
            email: self.email.clone(),
            area: self.area().map(|a| a.to_geojson()),
            area_m2: self.area_m2,
            agency: self.agency.clone(),
            incident_types: self.incident_types.clone(),
            language: self.language,
            confirmed: self.confirmed_at.is_some(),
            disabled: self.disabled_at.is_some(),
            created_at: self.created_at,
            feed_url: format!("/api/v1/feeds/areas/{}.atom", self.feed_token),
            manage_url: format!("/alerts/manage/{}", self.manage_token),
        }
    }
}

/// The columns [`subscription_from_row`] reads, for a `WHERE` to follow (the same SQL
/// in both dialects).
pub(crate) const SUBSCRIPTION_COLUMNS: &str = "SELECT s.id, s.email, s.agency_id, g.slug, g.name, \
     s.area_geojson, s.area_m2, s.incident_types, s.manage_token, s.feed_token, \
     s.confirmed_at, s.disabled_at, s.bounces, s.created_at, s.confirm_token, s.language \
     FROM alert_subscriptions s LEFT JOIN agencies g ON g.id = s.agency_id";

/// A subscription of [`SUBSCRIPTION_COLUMNS`], from either backend (the columns have
/// the same types on both).
pub(crate) fn subscription_from_row<'r, R>(row: &'r R) -> Result<SubscriptionRow, sqlx::Error>
where
    R: Row,
    usize: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    f64: Decode<'r, R::Database> + Type<R::Database>,
{
    let slug: Option<String> = row.try_get(3)?;
    let name: Option<String> = row.try_get(4)?;
    let incident_types: Option<String> = row.try_get(7)?;
    let language: String = row.try_get(15)?;
    Ok(SubscriptionRow {
        id: row.try_get(0)?,
        email: row.try_get(1)?,
        agency_id: row.try_get(2)?,
        agency: slug.zip(name).map(|(slug, name)| AgencyRef { slug, name }),
        area_geojson: row.try_get(5)?,
        area_m2: row.try_get(6)?,
        incident_types: incident_types_from_column(incident_types.as_deref()),
        manage_token: row.try_get(8)?,
        feed_token: row.try_get(9)?,
        confirmed_at: row.try_get::<Option<i64>, _>(10)?.map(from_unix),
        disabled_at: row.try_get::<Option<i64>, _>(11)?.map(from_unix),
        bounces: row.try_get(12)?,
        created_at: from_unix(row.try_get(13)?),
        confirm_token: row.try_get(14)?,
        language: language_from_column(&language),
    })
}

/// A row of [`candidates_sql`], from either backend.
pub(crate) fn candidate_from_row<'r, R>(row: &'r R) -> Result<AlertCandidate, sqlx::Error>
where
    R: Row,
    usize: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(AlertCandidate {
        id: row.try_get(0)?,
        agency_id: row.try_get(1)?,
        area_geojson: row.try_get(2)?,
        incident_types: row.try_get(3)?,
    })
}

/// The stored language column back (the column's CHECK allows only known tags).
pub(crate) fn language_from_column(column: &str) -> RequestLanguage {
    RequestLanguage::parse(column).unwrap_or(RequestLanguage::En)
}

/// The stored incident types column back as codes.
pub(crate) fn incident_types_from_column(column: Option<&str>) -> Vec<String> {
    column
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default()
}

/// Which token names a subscription.
#[derive(Debug, Clone, Copy)]
pub enum SubscriptionToken<'a> {
    /// In every email: the manage page and the one-click unsubscribe.
    Manage(&'a str),
    /// In the Atom feed's address.
    Feed(&'a str),
}

/// What confirming a subscription did.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfirmOutcome {
    /// Confirmed now: alerts go out from here on.
    Confirmed(Box<SubscriptionRow>),
    /// The link's time is up (the subscription stays unconfirmed until it is swept).
    Expired,
    /// No subscription has this token: unknown, or already used.
    Unknown,
}

/// An outbox row a worker claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxClaim {
    pub id: i64,
    pub subscription_id: i64,
    /// `None`: the confirmation email.
    pub request_id: Option<i64>,
    /// Attempts before this one.
    pub attempts: i64,
}

/// How sending a claimed row went.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// The mail server took it.
    Sent,
    /// A failure that may pass: try again at `at`.
    Retry { at: OffsetDateTime, error: String },
    /// Refused for good (SMTP 5xx): counts a bounce on the subscription, which is
    /// disabled at `max_bounces`.
    Bounced { error: String, max_bounces: u32 },
    /// Failed too often: stop trying this row.
    GaveUp { error: String },
}

/// One outbox row, for tests and operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    pub subscription_id: i64,
    pub request_id: Option<i64>,
    pub attempts: i64,
    pub sent: bool,
    pub failed: bool,
    pub last_error: Option<String>,
}

/// A confirmed, enabled subscription whose agency or box meets a request's.
#[derive(Debug, Clone)]
pub(crate) struct AlertCandidate {
    pub id: i64,
    pub agency_id: Option<i64>,
    pub area_geojson: Option<String>,
    pub incident_types: Option<String>,
}

/// The candidate query's box arguments for a request: its `[west, south, east, north]`.
pub(crate) fn request_box(request: &PublishedRequest) -> Option<(RequestArea, [f64; 4])> {
    let area = RequestArea::from_geojson(&request.area).ok()?;
    let bbox = area.bounding_box();
    Some((area, bbox))
}

/// The candidates a published request is alerted to: by its agency, or by an area
/// that meets its own (domain rule), and in either case only if the subscription
/// wants its incident type.
pub(crate) fn alerted(
    candidates: &[AlertCandidate],
    request: &PublishedRequest,
    agency_id: i64,
    area: Option<&RequestArea>,
) -> Vec<i64> {
    candidates
        .iter()
        .filter(|c| {
            let types = incident_types_from_column(c.incident_types.as_deref());
            types.is_empty() || types.contains(&request.incident_type)
        })
        .filter(|c| match (&c.area_geojson, c.agency_id) {
            (None, Some(id)) => id == agency_id,
            (Some(json), _) => {
                let watched = serde_json::from_str::<GeoJsonPolygon>(json)
                    .ok()
                    .and_then(|p| AlertArea::from_geojson(&p).ok());
                matches!((watched, area), (Some(w), Some(a)) if w.meets(a))
            }
            (None, None) => false,
        })
        .map(|c| c.id)
        .collect()
}

/// The candidate query both backends run, with `?` for SQLite and `$n` for PostgreSQL
/// written by `param(n)`: confirmed, enabled subscriptions to the agency, or whose box
/// meets the request's box as is or moved by +360° (an area unwrapped across the ±180°
/// meridian has its box east of 180).
pub(crate) fn candidates_sql(param: impl Fn(usize) -> String) -> String {
    let (agency, w, s, e, n) = (param(1), param(2), param(3), param(4), param(5));
    format!(
        "SELECT id, agency_id, area_geojson, incident_types FROM alert_subscriptions \
         WHERE confirmed_at IS NOT NULL AND disabled_at IS NULL AND (agency_id = {agency} \
           OR (area_geojson IS NOT NULL AND south <= {n} AND north >= {s} \
               AND ((west <= {e} AND east >= {w}) OR (west <= {e} + 360 AND east >= {w} + 360))))"
    )
}

/// How long after the first failed attempt a row is tried again, doubling each time
/// from one minute up to six hours.
pub fn retry_delay(attempts: i64) -> time::Duration {
    let minutes = 1i64 << attempts.clamp(0, 9);
    time::Duration::minutes(minutes.min(360))
}
