//! Every path of the app: the patterns the router matches and the typed builders that
//! make links to them. No other module formats a path.

use leptos_router::{path, PossibleRouteMatch};
use porchlight_domain::wire::{MapView, ModerationAction};

/// `/`: the neighbourhood map and feed.
pub fn neighbourhood_map_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/")
}
/// `/requests/new`: the request form (agency staff).
pub fn new_request_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/requests/new")
}
/// `/requests/:id`.
pub fn request_detail_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/requests/:id")
}
/// `/agencies`: the directory.
pub fn agency_directory_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/agencies")
}
/// `/agencies/:slug`: an agency's public profile.
pub fn agency_profile_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/agencies/:slug")
}
/// `/agencies/:slug/reports/:year`: an agency's annual surveillance report.
pub fn agency_report_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/agencies/:slug/reports/:year")
}
/// `/reports/:year`: every agency's year side by side.
pub fn year_reports_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/reports/:year")
}
/// `/login`: sign in or register.
pub fn login_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/login")
}
/// `/settings`.
pub fn settings_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/settings")
}
/// `/submissions/:id`: a submission awaiting review, then its decision (its agency's
/// staff and moderators).
pub fn submission_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/submissions/:id")
}
/// `/moderation`: the public moderation log.
pub fn moderation_log_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/moderation")
}
/// `/moderation/queue`: submissions awaiting review (moderators).
pub fn moderation_queue_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/moderation/queue")
}
/// `/requests/:id/share`: a resident shares footage with the request's agency.
pub fn share_footage_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/requests/:id/share")
}
/// `/me/responses`: the resident's receipts.
pub fn my_responses_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/me/responses")
}
/// `/agencies/:slug/responses`: residents' responses to the agency (its staff).
pub fn agency_responses_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/agencies/:slug/responses")
}
/// `/agencies/:slug/keys`: the agency's key for responses and its retention period
/// (its staff).
pub fn agency_keys_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/agencies/:slug/keys")
}
/// `/moderation/reports`: published requests with open reports (moderators).
pub fn moderation_reports_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/moderation/reports")
}
/// `/alerts/new`: subscribe an email address to an area or an agency (the whole app's
/// build: it draws with the request form's tool).
pub fn alert_subscribe_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/alerts/new")
}
/// `/alerts/confirm/:token`: the confirmation email's link.
pub fn alert_confirm_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/alerts/confirm/:token")
}
/// `/alerts/manage/:token`: one subscription, to whoever holds its link.
pub fn alert_manage_path() -> impl PossibleRouteMatch + Clone + Send + 'static {
    path!("/alerts/manage/:token")
}

/// Link to the map with its default view and filters.
pub const MAP: &str = "/";
/// Link to the request form.
pub const NEW_REQUEST: &str = "/requests/new";
/// Link to the agency directory.
pub const AGENCIES: &str = "/agencies";
/// Link to sign in.
pub const LOGIN: &str = "/login";
/// Link to the settings.
pub const SETTINGS: &str = "/settings";
/// Link to the public moderation log, unfiltered.
pub const MODERATION_LOG: &str = "/moderation";
/// Link to the review queue.
pub const MODERATION_QUEUE: &str = "/moderation/queue";
/// Link to the reported requests.
pub const MODERATION_REPORTS: &str = "/moderation/reports";
/// Link to the alert form.
pub const ALERTS_NEW: &str = "/alerts/new";

/// Link to the alert form with an agency chosen.
///
/// `alert_agency_href("demo-city-police") == "/alerts/new?agency=demo-city-police"`
pub fn alert_agency_href(slug: &str) -> String {
    format!("{ALERTS_NEW}?agency={}", encode(slug))
}

/// Link to one request.
///
/// `request_href(7) == "/requests/7"`
pub fn request_href(id: i64) -> String {
    format!("/requests/{id}")
}

/// Link to share footage for a request.
///
/// `share_footage_href(7) == "/requests/7/share"`
pub fn share_footage_href(id: i64) -> String {
    format!("/requests/{id}/share")
}

/// Link to the resident's receipts.
pub const MY_RESPONSES: &str = "/me/responses";

/// Link to an agency's responses (its staff).
pub fn agency_responses_href(slug: &str) -> String {
    format!("/agencies/{}/responses", encode(slug))
}

/// Link to an agency's key page (its staff).
pub fn agency_keys_href(slug: &str) -> String {
    format!("/agencies/{}/keys", encode(slug))
}

/// Link to one submission.
///
/// `submission_href(12) == "/submissions/12"`
pub fn submission_href(id: i64) -> String {
    format!("/submissions/{id}")
}

/// Link to an agency's profile.
pub fn agency_href(slug: &str) -> String {
    format!("/agencies/{}", encode(slug))
}

/// The open-data download of an agency's requests as CSV (served by the API).
pub fn agency_csv_href(slug: &str) -> String {
    format!("/api/v1/agencies/{}/requests.csv", encode(slug))
}

/// The open-data download of an agency's requests as GeoJSON (served by the API).
pub fn agency_geojson_href(slug: &str) -> String {
    format!("/api/v1/agencies/{}/requests.geojson", encode(slug))
}

/// The page of an agency's annual report.
///
/// `agency_report_href("x", 2026) == "/agencies/x/reports/2026"`
pub fn agency_report_href(slug: &str, year: i32) -> String {
    format!("/agencies/{}/reports/{year}", encode(slug))
}

/// An agency's annual report from the API, as JSON (`csv == false`) or CSV.
pub fn agency_report_api_href(slug: &str, year: i32, csv: bool) -> String {
    format!("/api/v1/agencies/{}/reports/{year}{}", encode(slug), if csv { ".csv" } else { "" })
}

/// The page of every agency's year side by side.
///
/// `year_reports_href(2026) == "/reports/2026"`
pub fn year_reports_href(year: i32) -> String {
    format!("/reports/{year}")
}

/// Every agency's year from the API, as JSON or CSV.
pub fn year_reports_api_href(year: i32, csv: bool) -> String {
    format!("/api/v1/reports/{year}{}", if csv { ".csv" } else { "" })
}

/// An agency's Atom feed (served by the API).
pub fn agency_feed_href(slug: &str) -> String {
    format!("/api/v1/feeds/agencies/{}.atom", encode(slug))
}

/// The Atom feed of the newest requests anywhere (served by the API).
pub const ALL_REQUESTS_FEED: &str = "/api/v1/feeds/requests.atom";

/// The Atom feed of the requests in `[west, south, east, north]` (served by the API).
pub fn area_feed_href(bbox: [f64; 4]) -> String {
    let [w, s, e, n] = bbox;
    format!("{ALL_REQUESTS_FEED}?bbox={w:.5},{s:.5},{e:.5},{n:.5}")
}

pub use porchlight_domain::wire::StatusFilter;

/// How far back the map looks (by posting date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    Week,
    #[default]
    Month,
    Year,
    AllTime,
}

impl Period {
    /// Every choice, in menu order.
    pub const ALL: [Period; 4] = [Period::Week, Period::Month, Period::Year, Period::AllTime];

    /// The value in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Week => "7d",
            Period::Month => "30d",
            Period::Year => "12m",
            Period::AllTime => "all",
        }
    }

    /// What the menu shows.
    pub fn label(self) -> &'static str {
        match self {
            Period::Week => "Last 7 days",
            Period::Month => "Last 30 days",
            Period::Year => "Last 12 months",
            Period::AllTime => "All time",
        }
    }

    /// The length of the period in days, `None` for all time.
    pub fn days(self) -> Option<i64> {
        match self {
            Period::Week => Some(7),
            Period::Month => Some(30),
            Period::Year => Some(365),
            Period::AllTime => None,
        }
    }

    /// Parses [`Period::as_str`]; anything else is `None`.
    pub fn parse(s: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// The shareable state of the map page, kept in its URL query:
/// `/?lat=45.5152&lng=-122.6784&z=13&status=open&period=30d`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MapQuery {
    /// The view, when the URL names one (else the server's default view).
    pub view: Option<MapView>,
    pub status: StatusFilter,
    pub period: Period,
}

impl MapQuery {
    /// Reads a query string (without its `?`); missing or malformed values fall back to
    /// the defaults.
    ///
    /// `MapQuery::from_query("status=open&lat=1").status == StatusFilter::Open`
    pub fn from_query(search: &str) -> MapQuery {
        let get = |key: &str| query_value(search, key);
        let number = |key: &str| get(key).and_then(|v| v.parse::<f64>().ok()).filter(|v| v.is_finite());
        let view = match (number("lat"), number("lng"), number("z")) {
            (Some(lat), Some(lng), Some(zoom))
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng) && (0.0..=22.0).contains(&zoom) =>
            {
                Some(MapView { lat, lng, zoom })
            }
            _ => None,
        };
        MapQuery {
            view,
            status: get("status").and_then(|s| StatusFilter::parse(&s)).unwrap_or_default(),
            period: get("period").and_then(|s| Period::parse(&s)).unwrap_or_default(),
        }
    }

    /// The link that reproduces this state. Coordinates are rounded to 5 decimals
    /// (about a metre), zoom to 2.
    pub fn href(&self) -> String {
        let mut parts = Vec::new();
        if let Some(v) = self.view {
            parts.push(format!("lat={:.5}&lng={:.5}&z={}", v.lat, v.lng, round2(v.zoom)));
        }
        if self.status != StatusFilter::default() {
            parts.push(format!("status={}", self.status.as_str()));
        }
        if self.period != Period::default() {
            parts.push(format!("period={}", self.period.as_str()));
        }
        if parts.is_empty() {
            MAP.to_owned()
        } else {
            format!("/?{}", parts.join("&"))
        }
    }
}

/// The decoded value of `key` in a query string (without its `?`), if present.
fn query_value(search: &str, key: &str) -> Option<String> {
    search.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then(|| js_sys::decode_uri_component(v).map(String::from).unwrap_or_else(|_| v.to_owned()))
    })
}

/// The filters of the public moderation log, kept in its URL query:
/// `/moderation?agency=demo-city-police&decision=reject`. The API takes the same names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogQuery {
    /// One agency's decisions (its slug); `None` for every agency.
    pub agency: Option<String>,
    /// One kind of decision; `None` for all.
    pub decision: Option<ModerationAction>,
}

impl LogQuery {
    /// Reads a query string (without its `?`); unknown values mean "all".
    ///
    /// `LogQuery::from_query("decision=uphold").decision == Some(ModerationAction::Uphold)`
    pub fn from_query(search: &str) -> LogQuery {
        let search = search.strip_prefix('?').unwrap_or(search);
        LogQuery {
            agency: query_value(search, "agency").filter(|s| !s.is_empty()),
            decision: query_value(search, "decision").and_then(|s| ModerationAction::parse(&s)),
        }
    }

    /// The filters as `key=value` pairs (not yet encoded), for links and API calls.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if let Some(agency) = &self.agency {
            params.push(("agency", agency.clone()));
        }
        if let Some(decision) = self.decision {
            params.push(("decision", decision.as_str().to_owned()));
        }
        params
    }

    /// The page that shows this filter.
    ///
    /// `LogQuery { agency: Some("x".into()), decision: None }.href() == "/moderation?agency=x"`
    pub fn href(&self) -> String {
        with_query(MODERATION_LOG, self.params())
    }

    /// The CSV export of the decisions this filter shows (served by the API).
    pub fn csv_href(&self) -> String {
        with_query("/api/v1/moderation/log.csv", self.params())
    }
}

/// The moderation log of one agency.
pub fn agency_moderation_href(slug: &str) -> String {
    LogQuery { agency: Some(slug.to_owned()), decision: None }.href()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Percent-encodes one path segment or query component (the browser's
/// `encodeURIComponent`).
pub fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// `path` with `key=value` pairs appended as its query string, each percent-encoded.
fn with_query<'a>(path: &str, params: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let mut url = path.to_owned();
    for (key, value) in params {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&encode(key));
        url.push('=');
        url.push_str(&encode(&value));
    }
    url
}
