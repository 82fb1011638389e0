//! The emails: a confirmation and an alert, each plain text and HTML, each with the
//! one-click unsubscribe of RFC 8058 (`List-Unsubscribe`, `List-Unsubscribe-Post`) and
//! a link to manage the subscription. Each in its subscription's language: the words
//! come from `locales/{lang}/emails.json` through [`FeedLang`] (as the feeds' do), the
//! incident types' names and the area's units from the app's `map.json`.

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use porchlight_domain::alert::CONFIRMATION_VALID_HOURS;
use porchlight_domain::time_zone::AgencyTimeZone;
use porchlight_domain::wire::PublishedRequest;
use porchlight_domain::{format_duration, RequestArea};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Month, OffsetDateTime, Weekday};

use crate::db::SubscriptionRow;
use crate::export::request_path;
use crate::feed_text::FeedLang;

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

/// A weekday's name in `lang`.
fn weekday_name(lang: FeedLang, day: Weekday) -> String {
    let key = match day {
        Weekday::Monday => "email.weekday.monday",
        Weekday::Tuesday => "email.weekday.tuesday",
        Weekday::Wednesday => "email.weekday.wednesday",
        Weekday::Thursday => "email.weekday.thursday",
        Weekday::Friday => "email.weekday.friday",
        Weekday::Saturday => "email.weekday.saturday",
        Weekday::Sunday => "email.weekday.sunday",
    };
    lang.text(key, &[])
}

/// A month's name in `lang`.
fn month_name(lang: FeedLang, month: Month) -> String {
    let key = match month {
        Month::January => "email.month.january",
        Month::February => "email.month.february",
        Month::March => "email.month.march",
        Month::April => "email.month.april",
        Month::May => "email.month.may",
        Month::June => "email.month.june",
        Month::July => "email.month.july",
        Month::August => "email.month.august",
        Month::September => "email.month.september",
        Month::October => "email.month.october",
        Month::November => "email.month.november",
        Month::December => "email.month.december",
    };
    lang.text(key, &[])
}

/// A day in words: `Saturday 5 December 2026`, `sábado 5 de diciembre de 2026`.
fn date_words(lang: FeedLang, t: OffsetDateTime) -> String {
    lang.text(
        "email.date",
        &[
            ("weekday", &weekday_name(lang, t.weekday())),
            ("day", &t.day().to_string()),
            ("month", &month_name(lang, t.month())),
            ("year", &t.year().to_string()),
        ],
    )
}

/// A request's time frame in words, in UTC: `Saturday 5 December 2026, 21:00 to 23:00
/// UTC (2 h)`, both dates when it spans midnight.
///
/// ```
/// use porchlight_server::alerts::describe_time_frame;
/// use porchlight_server::feed_text::FeedLang;
/// assert_eq!(
///     describe_time_frame("2026-12-05T21:00:00Z", "2026-12-05T23:00:00Z", FeedLang::En),
///     "Saturday 5 December 2026, 21:00 to 23:00 UTC (2 h)"
/// );
/// assert_eq!(
///     describe_time_frame("2026-12-05T23:30:00Z", "2026-12-06T01:00:00Z", FeedLang::En),
///     "Saturday 5 December 2026, 23:30 to Sunday 6 December 2026, 01:00 UTC (1 h 30 min)"
/// );
/// assert_eq!(
///     describe_time_frame("2026-12-05T21:00:00Z", "2026-12-05T23:00:00Z", FeedLang::Es),
///     "sábado 5 de diciembre de 2026, de 21:00 a 23:00, hora UTC (2 h)"
/// );
/// ```
pub fn describe_time_frame(start: &str, end: &str, lang: FeedLang) -> String {
    describe_time_frame_in(start, end, &AgencyTimeZone::utc(), lang)
}

/// [`describe_time_frame`] on the clocks of the agency's time zone (each end with the
/// offset in force then, so across a change of daylight saving too).
///
/// ```
/// use porchlight_domain::time_zone::AgencyTimeZone;
/// use porchlight_server::alerts::describe_time_frame_in;
/// use porchlight_server::feed_text::FeedLang;
/// let la = AgencyTimeZone::parse("America/Los_Angeles").unwrap();
/// assert_eq!(
///     describe_time_frame_in("2026-12-05T21:00:00Z", "2026-12-05T23:00:00Z", &la, FeedLang::En),
///     "Saturday 5 December 2026, 13:00 to 15:00 America/Los_Angeles time (2 h)"
/// );
/// assert_eq!(
///     describe_time_frame_in("2026-12-06T07:30:00Z", "2026-12-06T09:00:00Z", &la, FeedLang::Es),
///     "del sábado 5 de diciembre de 2026, 23:30, al domingo 6 de diciembre de 2026, 01:00, \
///      hora de America/Los_Angeles (1 h 30 min)"
/// );
/// ```
pub fn describe_time_frame_in(
    start: &str,
    end: &str,
    zone: &AgencyTimeZone,
    lang: FeedLang,
) -> String {
    let (Ok(s), Ok(e)) = (
        OffsetDateTime::parse(start, &Rfc3339),
        OffsetDateTime::parse(end, &Rfc3339),
    ) else {
        return lang.text(
            "email.time_frame.unreadable",
            &[("start", start), ("end", end)],
        );
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
        lang.text("email.zone.utc", &[])
    } else {
        lang.text("email.zone.named", &[("zone", zone.name())])
    };
    let duration = format_duration((e - s).whole_seconds());
    let (s, e) = (local(s), local(e));
    let clock = format_description!("[hour]:[minute]");
    let time = |t: OffsetDateTime| t.format(clock).unwrap_or_default();
    if s.date() == e.date() {
        lang.text(
            "email.time_frame.one_day",
            &[
                ("date", &date_words(lang, s)),
                ("start", &time(s)),
                ("end", &time(e)),
                ("zone", &label),
                ("duration", &duration),
            ],
        )
    } else {
        lang.text(
            "email.time_frame.two_days",
            &[
                ("date", &date_words(lang, s)),
                ("start", &time(s)),
                ("end_date", &date_words(lang, e)),
                ("end", &time(e)),
                ("zone", &label),
                ("duration", &duration),
            ],
        )
    }
}

/// A request's area in words: its size and the middle of its box.
fn describe_area(lang: FeedLang, request: &PublishedRequest) -> String {
    let size = lang.area_text(request.area_m2);
    match RequestArea::from_geojson(&request.area) {
        Ok(area) => {
            let [w, s, e, n] = area.bounding_box();
            let (lat, lng) = ((s + n) / 2.0, (w + e) / 2.0);
            let ns = if lat >= 0.0 {
                "email.compass.north"
            } else {
                "email.compass.south"
            };
            let ew = if lng >= 0.0 {
                "email.compass.east"
            } else {
                "email.compass.west"
            };
            lang.text(
                "email.area",
                &[
                    ("area", &size),
                    ("lat", &format!("{:.4}", lat.abs())),
                    ("ns", &lang.text(ns, &[])),
                    ("lng", &format!("{:.4}", lng.abs())),
                    ("ew", &lang.text(ew, &[])),
                ],
            )
        }
        Err(_) => size,
    }
}

/// What the subscription watches, in words.
fn describe_subscription(lang: FeedLang, subscription: &SubscriptionRow) -> String {
    let watched = match (&subscription.agency, subscription.area_m2) {
        (Some(agency), _) => lang.text("email.watch.agency", &[("agency", &agency.name)]),
        (None, Some(m2)) => lang.text("email.watch.area", &[("area", &lang.area_text(m2))]),
        (None, None) => lang.text("email.watch.area", &[("area", "")]),
    };
    if subscription.incident_types.is_empty() {
        watched
    } else {
        let names: Vec<String> = subscription
            .incident_types
            .iter()
            .map(|t| lang.incident_name(t))
            .collect();
        lang.text(
            "email.watch.types",
            &[("watched", &watched), ("types", &names.join(", "))],
        )
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
/// one-click unsubscribe deletes the unconfirmed subscription. In the subscription's
/// language.
pub fn confirmation_email(
    from: &Mailbox,
    links: &MailLinks,
    subscription: &SubscriptionRow,
    confirm_token: &str,
) -> Result<Message, String> {
    let lang = FeedLang::from(subscription.language);
    let confirm = links.confirm(confirm_token);
    let unsubscribe = links.unsubscribe(&subscription.manage_token);
    let hours = CONFIRMATION_VALID_HOURS.to_string();
    let asked = lang.text(
        "email.confirm.asked",
        &[("watched", &describe_subscription(lang, subscription))],
    );
    let not_you = lang.text("email.confirm.not_you", &[]);
    let text = format!(
        "{asked}\n\n{open}\n{confirm}\n\n{not_you}\n",
        open = lang.text("email.confirm.open", &[("hours", &hours)]),
    );
    let html = format!(
        "<!DOCTYPE html><html lang=\"{code}\"><body><p>{asked}</p>\
         <p><a href=\"{confirm}\">{button}</a> {note}</p><p>{not_you}</p></body></html>",
        code = lang.code(),
        asked = escape(&asked),
        confirm = escape(&confirm),
        button = escape(&lang.text("email.confirm.button", &[])),
        note = escape(&lang.text("email.confirm.button_note", &[("hours", &hours)])),
        not_you = escape(&not_you),
    );
    // One-click unsubscribe here too: "this was not me" deletes the address at once.
    message(
        from,
        &subscription.email,
        lang.text("email.confirm.subject", &[]),
        Some(unsubscribe),
        text,
        html,
    )
}

/// The alert about one published request, in the subscription's language; its time
/// frame on the clocks of `zone`, the agency's.
pub fn alert_email(
    from: &Mailbox,
    links: &MailLinks,
    subscription: &SubscriptionRow,
    request: &PublishedRequest,
    zone: &AgencyTimeZone,
) -> Result<Message, String> {
    let lang = FeedLang::from(subscription.language);
    let page = links.request(request.id);
    let manage = links.manage(&subscription.manage_token);
    let unsubscribe = links.unsubscribe(&subscription.manage_token);
    let agency = request.agency.name.as_str();
    let published = lang.text("email.alert.published", &[("agency", agency)]);
    let title = lang.text(
        "email.alert.title",
        &[("title", &request.title), ("case", &request.case_number)],
    );
    let facts = [
        lang.text(
            "email.alert.incident",
            &[("incident", &lang.incident_name(&request.incident_type))],
        ),
        lang.text(
            "email.alert.when",
            &[(
                "when",
                &describe_time_frame_in(
                    &request.time_frame.start,
                    &request.time_frame.end,
                    zone,
                    lang,
                ),
            )],
        ),
        lang.text(
            "email.alert.where",
            &[("area", &describe_area(lang, request))],
        ),
    ];
    let why = lang.text(
        "email.alert.why",
        &[("watched", &describe_subscription(lang, subscription))],
    );
    let subject = lang.text(
        "email.alert.subject",
        &[("agency", agency), ("title", &request.title)],
    );
    let text = format!(
        "{published}\n\n{title}\n{facts}\n\n{read}\n\n{why}\n{manage_line}\n{unsubscribe_line}\n",
        facts = facts.join("\n"),
        read = lang.text("email.alert.read", &[("page", &page)]),
        manage_line = lang.text("email.alert.manage", &[("manage", &manage)]),
        unsubscribe_line = lang.text("email.alert.unsubscribe", &[("manage", &manage)]),
    );
    let html = format!(
        "<!DOCTYPE html><html lang=\"{code}\"><body><p>{published}</p>\
         <h1 style=\"font-size:1.2em\"><a href=\"{page}\">{title}</a></h1>\
         <ul>{facts}</ul>\
         <p><a href=\"{page}\">{read}</a></p>\
         <p style=\"color:#555\">{why} <a href=\"{manage}\">{manage_link}</a>.</p></body></html>",
        code = lang.code(),
        published = escape(&published),
        page = escape(&page),
        title = escape(&title),
        facts = facts
            .iter()
            .map(|f| format!("<li>{}</li>", escape(f)))
            .collect::<String>(),
        read = escape(&lang.text("email.alert.read_link", &[])),
        why = escape(&why),
        manage = escape(&manage),
        manage_link = escape(&lang.text("email.alert.manage_link", &[])),
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
