//! Atom feeds (RFC 4287) of published requests, for feed readers: every request
//! (optionally only those in a box), one agency's, and an alert subscription's (its area
//! or agency, by the subscription's feed token). Public and anonymous.
//!
//! Each request is one entry and its resolution another: a request never changes
//! once published, so an entry's `updated` is its publication (or resolution) time and
//! never moves. A feed holds the newest [`FEED_REQUESTS`] requests and the resolutions
//! made since the oldest of them was published, within [`FEED_RESOLUTIONS_WINDOW`] (of
//! any of the feed's requests, however old; at most [`FEED_REQUESTS`]), newest first. Links point at the app's
//! request pages under the configured public URL (`--public-url`), or under the address
//! the reader used without one.

use atom_syndication::{Category, Entry, Feed, FixedDateTime, Link, Person, Text, WriteConfig};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use porchlight_domain::format_duration;
use porchlight_domain::wire::PublishedRequest;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::requests::parse_bbox;
use crate::db::{FeedQuery, SubscriptionToken};
use crate::error::AppError;
use crate::export::request_path;
use crate::extract::{ApiPath, ApiQuery};
use crate::feed_text::FeedLang;
use crate::state::AppState;

/// Requests per feed (their resolutions come on top).
pub const FEED_REQUESTS: u32 = 50;

/// How far back a feed's resolutions reach at most.
pub const FEED_RESOLUTIONS_WINDOW: time::Duration = time::Duration::days(31);

/// The feeds' media type (RFC 4287 §7).
pub const ATOM_CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/feeds/requests.atom", get(requests_feed))
        .route("/feeds/agencies/{file}", get(agency_feed))
        .route("/feeds/areas/{file}", get(area_feed))
}

/// `?bbox=west,south,east,north`, as the map's endpoints take it, and `?lang=en|es`
/// (else `Accept-Language`).
#[derive(Debug, Deserialize)]
struct FeedParams {
    bbox: Option<String>,
    lang: Option<FeedLang>,
}

/// An agency's feed and an area's take only `?lang=`.
#[derive(Debug, Deserialize)]
struct AgencyFeedParams {
    lang: Option<FeedLang>,
}

/// `?lang=` when given, else the best of `Accept-Language`.
fn feed_lang(asked: Option<FeedLang>, headers: &HeaderMap) -> FeedLang {
    asked.unwrap_or_else(|| {
        FeedLang::negotiate(
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|h| h.to_str().ok()),
        )
    })
}

/// The configured public URL, or the scheme and host this request came to.
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(origin) = &state.config.public_origin {
        return origin.to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let scheme = if state.config.https() {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

fn atom_time(t: OffsetDateTime) -> Result<FixedDateTime, AppError> {
    let text = t.format(&Rfc3339).map_err(AppError::internal)?;
    FixedDateTime::parse_from_rfc3339(&text).map_err(AppError::internal)
}

/// Plain text in `lang` (`xml:lang`).
fn plain(text: String, lang: &str) -> Text {
    Text {
        lang: Some(lang.to_owned()),
        ..Text::plain(text)
    }
}

/// The facts an entry carries, one per line, in `lang`; then the description as written.
fn request_facts(lang: FeedLang, request: &PublishedRequest) -> String {
    let duration = OffsetDateTime::parse(&request.time_frame.end, &Rfc3339)
        .ok()
        .zip(OffsetDateTime::parse(&request.time_frame.start, &Rfc3339).ok())
        .map(|(end, start)| format_duration((end - start).whole_seconds()))
        .unwrap_or_default();
    let facts = [
        lang.text("atom.fact.agency", &[("agency", &request.agency.name)]),
        lang.text("atom.fact.case", &[("case", &request.case_number)]),
        lang.text(
            "atom.fact.incident",
            &[("incident", &lang.incident_name(&request.incident_type))],
        ),
        lang.text(
            "atom.fact.time_frame",
            &[
                ("start", &request.time_frame.start),
                ("end", &request.time_frame.end),
                ("duration", &duration),
            ],
        ),
        lang.text(
            "atom.fact.area",
            &[("area", &lang.area_text(request.area_m2))],
        ),
    ];
    format!("{}\n\n{}", facts.join("\n"), request.description)
}

/// What a request's entry and its resolution's share: the page, the link to it, the
/// agency as author and the incident type as category.
struct EntryParts {
    page: String,
    link: Link,
    author: Person,
    category: Category,
}

impl EntryParts {
    fn of(base: &str, lang: FeedLang, request: &PublishedRequest) -> EntryParts {
        let page = format!("{base}{}", request_path(request.id));
        EntryParts {
            link: Link {
                href: page.clone(),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            },
            page,
            author: Person {
                name: request.agency.name.clone(),
                uri: Some(format!("{base}/agencies/{}", request.agency.slug)),
                ..Person::default()
            },
            category: Category {
                term: request.incident_type.clone(),
                label: Some(lang.incident_name(&request.incident_type)),
                ..Category::default()
            },
        }
    }

    /// An entry of these parts with `id`, `title` (in `title_lang`), `summary` (in
    /// `lang`), published at `at`.
    fn entry(
        self,
        id: String,
        (title, title_lang): (String, &str),
        (summary, lang): (String, FeedLang),
        at: FixedDateTime,
    ) -> Entry {
        Entry {
            id,
            title: plain(title, title_lang),
            updated: at,
            published: Some(at),
            authors: vec![self.author],
            categories: vec![self.category],
            links: vec![self.link],
            summary: Some(plain(summary, lang.code())),
            ..Entry::default()
        }
    }
}

/// The language of a request's own words: the one the agency set, else the feed's.
fn written_in(lang: FeedLang, request: &PublishedRequest) -> &str {
    request.language.as_deref().unwrap_or(lang.code())
}

/// A request's entry: `updated` is its publication time, which never changes. Its
/// title is the request's own, marked with the request's language when set.
fn request_entry(
    base: &str,
    lang: FeedLang,
    request: &PublishedRequest,
) -> Result<Entry, AppError> {
    let parts = EntryParts::of(base, lang, request);
    let id = parts.page.clone();
    Ok(parts.entry(
        id,
        (
            format!("{} ({})", request.title, request.case_number),
            written_in(lang, request),
        ),
        (request_facts(lang, request), lang),
        atom_time(request.created_at)?,
    ))
}

/// A resolved request's resolution entry (none while it is open).
fn resolution_entry(
    base: &str,
    lang: FeedLang,
    request: &PublishedRequest,
) -> Result<Option<Entry>, AppError> {
    let Some(resolution) = &request.resolution else {
        return Ok(None);
    };
    let parts = EntryParts::of(base, lang, request);
    let id = format!("{}#resolution", parts.page);
    let note = match &resolution.note {
        Some(note) => lang.text("atom.resolved.note", &[("note", note)]),
        None => lang.text("atom.resolved.no_note", &[]),
    };
    Ok(Some(parts.entry(
        id,
        (
            lang.text(
                "atom.resolved.title",
                &[("title", &request.title), ("case", &request.case_number)],
            ),
            lang.code(),
        ),
        (
            format!(
                "{}\n{note}\n\n{}",
                lang.text("atom.resolved.by", &[("agency", &request.agency.name)]),
                request_facts(lang, request)
            ),
            lang,
        ),
        atom_time(resolution.resolved_at)?,
    )))
}

/// The newest requests of `query` and the resolutions since the oldest of them.
async fn feed_items(
    state: &AppState,
    query: FeedQuery,
) -> Result<(Vec<PublishedRequest>, Vec<PublishedRequest>), AppError> {
    let (requests, _) = state
        .db
        .feed(&FeedQuery {
            limit: FEED_REQUESTS,
            ..query.clone()
        })
        .await?;
    // A full page: the resolutions since its oldest request; otherwise every one. At
    // most a month back either way: the index is walked newest first and each candidate
    // checked against the box, so a box with few requests would otherwise walk every
    // resolution ever made (measured: 66 ms for an empty box at 20 000 resolutions).
    let since = match requests.last() {
        Some(oldest) if requests.len() == FEED_REQUESTS as usize => oldest.created_at,
        _ => OffsetDateTime::UNIX_EPOCH,
    }
    .max(state.now() - FEED_RESOLUTIONS_WINDOW);
    let resolved = state
        .db
        .newest_resolutions(&query, since, FEED_REQUESTS)
        .await?;
    Ok((requests, resolved))
}

/// The feed at `self_path` titled `title`, over `requests` and the resolutions of
/// `resolved`.
fn atom(
    base: &str,
    lang: FeedLang,
    self_path: &str,
    title: String,
    (requests, resolved): (Vec<PublishedRequest>, Vec<PublishedRequest>),
    now: OffsetDateTime,
) -> Result<Response, AppError> {
    let mut all = Vec::new();
    for request in &requests {
        all.push(request_entry(base, lang, request)?);
    }
    for request in &resolved {
        all.extend(resolution_entry(base, lang, request)?);
    }
    // Newest first; equal times by id, so that the order never changes.
    all.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| b.id.cmp(&a.id)));
    let self_url = format!("{base}{self_path}");
    let feed = Feed {
        id: self_url.clone(),
        title: plain(title, lang.code()),
        // The newest entry's time; an empty feed was last updated now.
        updated: match all.first() {
            Some(newest) => newest.updated,
            None => atom_time(now)?,
        },
        links: vec![
            Link {
                href: self_url,
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Link::default()
            },
            Link {
                href: format!("{base}/"),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            },
        ],
        generator: Some(atom_syndication::Generator {
            value: "Porchlight".into(),
            ..Default::default()
        }),
        entries: all,
        ..Feed::default()
    };
    let mut body = Vec::new();
    feed.write_with_config(
        &mut body,
        WriteConfig {
            write_document_declaration: true,
            indent_size: None,
        },
    )
    .map_err(AppError::internal)?;
    // The language may come from `Accept-Language`: caches keep one copy per language.
    Ok((
        [
            (header::CONTENT_TYPE, ATOM_CONTENT_TYPE),
            (header::VARY, "Accept-Language"),
            (header::CONTENT_LANGUAGE, lang.code()),
        ],
        body,
    )
        .into_response())
}

async fn requests_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<FeedParams>,
) -> Result<Response, AppError> {
    let bbox = params.bbox.as_deref().map(parse_bbox).transpose()?;
    let lang = feed_lang(params.lang, &headers);
    let items = feed_items(
        &state,
        FeedQuery {
            bbox,
            ..FeedQuery::default()
        },
    )
    .await?;
    let (path, title) = match bbox {
        Some([w, s, e, n]) => (
            format!("/api/v1/feeds/requests.atom?bbox={w},{s},{e},{n}"),
            lang.text("atom.title.box", &[("bbox", &format!("{w},{s},{e},{n}"))]),
        ),
        None => (
            "/api/v1/feeds/requests.atom".to_owned(),
            lang.text("atom.title.all", &[]),
        ),
    };
    let base = base_url(&state, &headers);
    atom(&base, lang, &path, title, items, state.now())
}

async fn agency_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(file): ApiPath<String>,
    ApiQuery(params): ApiQuery<AgencyFeedParams>,
) -> Result<Response, AppError> {
    let lang = feed_lang(params.lang, &headers);
    let slug = file
        .strip_suffix(".atom")
        .ok_or_else(|| AppError::not_found("feed"))?;
    let (agency_id, agency) = state.agency(slug).await?;
    let items = feed_items(
        &state,
        FeedQuery {
            agency_id: Some(agency_id),
            ..FeedQuery::default()
        },
    )
    .await?;
    let base = base_url(&state, &headers);
    atom(
        &base,
        lang,
        &format!("/api/v1/feeds/agencies/{}.atom", agency.slug),
        lang.text("atom.title.agency", &[("agency", &agency.name)]),
        items,
        state.now(),
    )
}

/// `GET /feeds/areas/{token}.atom`: what a confirmed alert subscription is about, as a
/// feed: the requests whose area meets its area (or its agency's), of its incident
/// types.
async fn area_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(file): ApiPath<String>,
    ApiQuery(params): ApiQuery<AgencyFeedParams>,
) -> Result<Response, AppError> {
    let lang = feed_lang(params.lang, &headers);
    let token = file
        .strip_suffix(".atom")
        .ok_or_else(|| AppError::not_found("feed"))?;
    let subscription = state
        .db
        .alert_subscription_by_token(SubscriptionToken::Feed(token))
        .await?
        .filter(|s| s.confirmed_at.is_some())
        .ok_or_else(|| AppError::not_found("feed"))?;
    let wanted = |r: &PublishedRequest| {
        subscription.incident_types.is_empty()
            || subscription.incident_types.contains(&r.incident_type)
    };
    let (mut requests, mut resolved) = (Vec::new(), Vec::new());
    let title = match (&subscription.agency_id, subscription.area()) {
        (Some(agency_id), _) => {
            let (r, x) = feed_items(
                &state,
                FeedQuery {
                    agency_id: Some(*agency_id),
                    ..FeedQuery::default()
                },
            )
            .await?;
            requests.extend(r);
            resolved.extend(x);
            let name = subscription.agency.as_ref().map_or("", |a| a.name.as_str());
            lang.text("atom.title.agency", &[("agency", name)])
        }
        (None, Some(area)) => {
            // One box, or two across the ±180° meridian; then the exact shapes.
            for bbox in area.map_boxes() {
                let (r, x) = feed_items(
                    &state,
                    FeedQuery {
                        bbox: Some(bbox),
                        ..FeedQuery::default()
                    },
                )
                .await?;
                requests.extend(r);
                resolved.extend(x);
            }
            let meets = |r: &PublishedRequest| {
                porchlight_domain::RequestArea::from_geojson(&r.area).is_ok_and(|a| area.meets(&a))
            };
            requests.retain(|r| meets(r));
            resolved.retain(|r| meets(r));
            lang.text(
                "atom.title.area",
                &[("area", &lang.area_text(area.area_m2()))],
            )
        }
        (None, None) => return Err(AppError::not_found("feed")),
    };
    requests.retain(|r| wanted(r));
    resolved.retain(|r| wanted(r));
    // Two boxes may list one request twice (never with an area this small, but cheap).
    requests.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    requests.dedup_by_key(|r| r.id);
    requests.truncate(FEED_REQUESTS as usize);
    resolved.sort_by_key(|r| r.id);
    resolved.dedup_by_key(|r| r.id);
    let base = base_url(&state, &headers);
    atom(
        &base,
        lang,
        &format!("/api/v1/feeds/areas/{token}.atom"),
        title,
        (requests, resolved),
        state.now(),
    )
}
