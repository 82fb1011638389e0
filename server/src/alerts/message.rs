//! The emails: a confirmation and an alert, each plain text and HTML, each with the
//! one-click unsubscribe of RFC 8058 (`List-Unsubscribe`, `List-Unsubscribe-Post`) and
//! a link to manage the subscription.

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use porchlight_domain::time_zone::AgencyTimeZone;
use porchlight_domain::wire::PublishedRequest;
use porchlight_domain::{format_area, format_duration, IncidentType, RequestArea};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::OffsetDateTime;

use crate::db::SubscriptionRow;
use crate::export::request_path;

/// Where the links of a subscription's emails point, under the public URL.
#[derive(Debug, Clone)]
pub struct MailLinks {
    /// `https://porchlight.example`, no trailing slash.
    pub base: String,
}

impl MailLinks {
    /// The app page that confirms (it posts the token to `/api/v1/alerts/confirm/{token}`).
    pub fn confirm(&self, token: &str) -> String {
        format!("{}/alerts/confirm/{token}", self.base)
    }

    /// The app page that shows and ends the subscription (`GET`/`DELETE
    /// /api/v1/alerts/manage/{token}`).
    pub fn manage(&self, token: &str) -> String {
        format!("{}/alerts/manage/{token}", self.base)
    }

    /// RFC 8058's one-click unsubscribe: a `POST` with no other input.
    pub fn unsubscribe(&self, token: &str) -> String {
        format!("{}/api/v1/alerts/unsubscribe/{token}", self.base)
    }

    /// A request's page.
    pub fn request(&self, id: i64) -> String {
        format!("{}{}", self.base, request_path(id))
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A request's time frame in words, in UTC: `Saturday 5 December 2026, 21:00 to 23:00
/// UTC (2 h)`, both dates when it spans midnight.
///
/// ```
/// use porchlight_server::alerts::describe_time_frame;
/// assert_eq!(
///     describe_time_frame("2026-12-05T21:00:00Z", "2026-12-05T23:00:00Z"),
///     "Saturday 5 December 2026, 21:00 to 23:00 UTC (2 h)"
/// );
/// assert_eq!(
///     describe_time_frame("2026-12-05T23:30:00Z", "2026-12-06T01:00:00Z"),
///     "Saturday 5 December 2026, 23:30 to Sunday 6 December 2026, 01:00 UTC (1 h 30 min)"
/// );
/// ```
pub fn describe_time_frame(start: &str, end: &str) -> String {
    describe_time_frame_in(start, end, &AgencyTimeZone::utc())
}

/// [`describe_time_frame`] on the clocks of the agency's time zone (each end with the
/// offset in force then, so across a change of daylight saving too).
///
/// ```
/// use porchlight_domain::time_zone::AgencyTimeZone;
/// use porchlight_server::alerts::describe_time_frame_in;
/// let la = AgencyTimeZone::parse("America/Los_Angeles").unwrap();
/// assert_eq!(
///     describe_time_frame_in("2026-12-05T21:00:00Z", "2026-12-05T23:00:00Z", &la),
///     "Saturday 5 December 2026, 13:00 to 15:00 America/Los_Angeles time (2 h)"
/// );
/// ```
pub fn describe_time_frame_in(start: &str, end: &str, zone: &AgencyTimeZone) -> String {
    let (Ok(s), Ok(e)) = (
        OffsetDateTime::parse(start, &Rfc3339),
        OffsetDateTime::parse(end, &Rfc3339),
    ) else {
        return format!("{start} to {end}");
    };
    let local = |t: OffsetDateTime| {
        let secs = t.unix_timestamp();
        let offset = zone
            .offset_spans(secs, secs + 1)
            .first()
            .map_or(0, |span| span.offset_secs);
        let offset = i32::try_from(offset)
            .ok()
            .and_then(|o| time::UtcOffset::from_whole_seconds(o).ok())
            .unwrap_or(time::UtcOffset::UTC);
        t.to_offset(offset)
    };
    let label = if zone.name() == "UTC" {
        "UTC".to_owned()
    } else {
        format!("{} time", zone.name())
    };
    let duration = format_duration((e - s).whole_seconds());
    let (s, e) = (local(s), local(e));
    let day = format_description!("[weekday] [day padding:none] [month repr:long] [year]");
    let clock = format_description!("[hour]:[minute]");
    let text = |t: OffsetDateTime, f| t.format(f).unwrap_or_default();
    if s.date() == e.date() {
        format!(
            "{}, {} to {} {label} ({duration})",
            text(s, day),
            text(s, clock),
            text(e, clock)
        )
    } else {
        format!(
            "{}, {} to {}, {} {label} ({duration})",
            text(s, day),
            text(s, clock),
            text(e, day),
            text(e, clock)
        )
    }
}

/// A request's area in words: its size and the middle of its box.
fn describe_area(request: &PublishedRequest) -> String {
    let size = format_area(request.area_m2);
    match RequestArea::from_geojson(&request.area) {
        Ok(area) => {
            let [w, s, e, n] = area.bounding_box();
            let (lat, lng) = ((s + n) / 2.0, (w + e) / 2.0);
            let ns = if lat >= 0.0 { 'N' } else { 'S' };
            let ew = if lng >= 0.0 { 'E' } else { 'W' };
            format!(
                "{size} around {:.4}° {ns}, {:.4}° {ew}",
                lat.abs(),
                lng.abs()
            )
        }
        Err(_) => size,
    }
}

/// What the subscription watches, in words.
fn describe_subscription(subscription: &SubscriptionRow) -> String {
    let what = match (&subscription.agency, subscription.area_m2) {
        (Some(agency), _) => format!("requests by {}", agency.name),
        (None, Some(m2)) => format!("requests in the area you drew, {}", format_area(m2)),
        (None, None) => "requests".to_owned(),
    };
    if subscription.incident_types.is_empty() {
        what
    } else {
        let labels: Vec<&str> = subscription
            .incident_types
            .iter()
            .filter_map(|t| IncidentType::parse(t).ok())
            .map(IncidentType::label)
            .collect();
        format!("{what}, about: {}", labels.join(", "))
    }
}

fn header(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
}

fn message(
    from: &Mailbox,
    to: &str,
    subject: String,
    unsubscribe: Option<String>,
    text: String,
    html: String,
) -> Result<Message, String> {
    let to: Mailbox = to.parse().map_err(|e| format!("address: {e}"))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject)
        .raw_header(header("Auto-Submitted", "auto-generated".into()));
    if let Some(url) = unsubscribe {
        builder = builder
            .raw_header(header("List-Unsubscribe", format!("<{url}>")))
            .raw_header(header(
                "List-Unsubscribe-Post",
                "List-Unsubscribe=One-Click".into(),
            ));
    }
    builder
        .multipart(MultiPart::alternative_plain_html(text, html))
        .map_err(|e| e.to_string())
}

/// The email that asks the address to confirm (nothing else is sent before); its
/// one-click unsubscribe deletes the unconfirmed subscription.
pub fn confirmation_email(
    from: &Mailbox,
    links: &MailLinks,
    subscription: &SubscriptionRow,
    confirm_token: &str,
) -> Result<Message, String> {
    let confirm = links.confirm(confirm_token);
    let unsubscribe = links.unsubscribe(&subscription.manage_token);
    let what = describe_subscription(subscription);
    let text = format!(
        "Someone, hopefully you, asked Porchlight to email this address about {what}.\n\n\
         To start these alerts, open this link within 48 hours:\n{confirm}\n\n\
         If it was not you, do nothing: without confirmation nothing more is sent, and the \
         address is deleted when the link expires (or at once with your mail program's \
         Unsubscribe button).\n"
    );
    let html = format!(
        "<p>Someone, hopefully you, asked Porchlight to email this address about {}.</p>\
         <p><a href=\"{}\">Confirm these alerts</a> (the link works for 48 hours).</p>\
         <p>If it was not you, do nothing: without confirmation nothing more is sent, and the \
         address is deleted when the link expires.</p>",
        escape(&what),
        escape(&confirm)
    );
    // One-click unsubscribe here too: "this was not me" deletes the address at once.
    message(
        from,
        &subscription.email,
        "Confirm your Porchlight alerts".into(),
        Some(unsubscribe),
        text,
        html,
    )
}

/// The alert about one published request; its time frame on the clocks of `zone`, the
/// agency's.
pub fn alert_email(
    from: &Mailbox,
    links: &MailLinks,
    subscription: &SubscriptionRow,
    request: &PublishedRequest,
    zone: &AgencyTimeZone,
) -> Result<Message, String> {
    let page = links.request(request.id);
    let manage = links.manage(&subscription.manage_token);
    let unsubscribe = links.unsubscribe(&subscription.manage_token);
    let when = describe_time_frame_in(&request.time_frame.start, &request.time_frame.end, zone);
    let area = describe_area(request);
    let incident = IncidentType::parse(&request.incident_type)
        .map(IncidentType::label)
        .unwrap_or(&request.incident_type);
    let watched = describe_subscription(subscription);
    let subject = format!(
        "{} asks for camera footage: {}",
        request.agency.name, request.title
    );
    let text = format!(
        "{agency} published a request for camera footage.\n\n\
         {title} (case {case})\n\
         Incident type: {incident}\n\
         When: {when}\n\
         Where: {area}\n\n\
         Read it: {page}\n\n\
         You get this email because you subscribed to {watched}.\n\
         Manage this alert: {manage}\n\
         Unsubscribe: {manage}\n",
        agency = request.agency.name,
        title = request.title,
        case = request.case_number,
    );
    let html = format!(
        "<p>{agency} published a request for camera footage.</p>\
         <h1 style=\"font-size:1.2em\"><a href=\"{page}\">{title}</a> (case {case})</h1>\
         <ul><li>Incident type: {incident}</li><li>When: {when}</li><li>Where: {area}</li></ul>\
         <p><a href=\"{page}\">Read the request</a></p>\
         <p style=\"color:#555\">You get this email because you subscribed to {watched}. \
         <a href=\"{manage}\">Manage or unsubscribe</a>.</p>",
        agency = escape(&request.agency.name),
        page = escape(&page),
        title = escape(&request.title),
        case = escape(&request.case_number),
        incident = escape(incident),
        when = escape(&when),
        area = escape(&area),
        watched = escape(&watched),
        manage = escape(&manage),
    );
    message(
        from,
        &subscription.email,
        subject,
        Some(unsubscribe),
        text,
        html,
    )
}
