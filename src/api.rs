//! The HTTP client: one `async fn` per endpoint of `/api/v1`, returning the domain
//! crate's wire types or an [`ApiError`] decoded from the server's error body.
//! Requests go out through gloo-net's `fetch` wrapper, cancelled by the client's abort
//! signal; bodies are parsed by the browser's own JSON parser.

use std::fmt;

use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::on_cleanup;
use porchlight_domain::wire::{
    AgencyKey, AgencyKeyInput, AgencyProfile, AgencyReport, AgencyResponse, AgencySummary, AlertSubscription,
    AlertSubscriptionInput, ApiErrorBody, ClientConfig, ConsistencyProof, Credentials, ErrorDetail, GeoJsonPolygon,
    InclusionProof, LogKey, Me, ModerationLogItem, ModerationLogPage, ModerationStats, PolicyFinding, Preferences,
    PublishedRequest, Registration, ReportDecisionInput, ReportInput, ReportedRequestList, RequestDetail,
    RequestDraftInput, RequestGrid, RequestModeration, RequestPage, ResidentResponse, ResolutionInput,
    ResponseDecisionInput, ResponseInput, ResponseLimits, RetentionInput, ReviewInput, ReviewPolicy, SignedCheckpoint,
    SignedOutEverywhere, Submission, SubmissionList, YearReport,
};
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use web_sys::{AbortController, AbortSignal};

use crate::i18n::{current_lang, t, tf, Lang};
use crate::routes::{encode, LogQuery};

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with an error status and its JSON error body.
    Server { status: u16, body: ApiErrorBody },
    /// The server answered with an error status but no error body we understand.
    Status { status: u16 },
    /// The request never got an answer (offline, server down, CORS, …).
    Network(String),
    /// The call was aborted because its result is no longer wanted.
    Aborted,
    /// The answer was not the JSON we expected.
    Decode(String),
}

impl ApiError {
    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Server { status, .. } | ApiError::Status { status } => Some(*status),
            _ => None,
        }
    }

    /// True for a 404.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// What went wrong, in the reader's language: from the error's `code` when the
    /// server sent one ([`problem_text`]), else from the kind of failure.
    pub fn text(&self) -> String {
        match self {
            ApiError::Server { body, .. } => problem_text(&body.error),
            ApiError::Status { status } => tf("error.status", &[("status", &status.to_string())]),
            ApiError::Network(_) => t("error.network"),
            ApiError::Aborted => t("error.aborted"),
            ApiError::Decode(_) => t("error.decode"),
        }
    }

    /// Every error detail the server sent (empty unless [`ApiError::Server`]).
    pub fn details(&self) -> &[ErrorDetail] {
        match self {
            ApiError::Server { body, .. } => &body.errors,
            _ => &[],
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Server { body, .. } => f.write_str(&body.error.message),
            ApiError::Status { status } => {
                write!(f, "The server answered with an error ({status}).")
            }
            ApiError::Network(_) => f.write_str("Could not reach the server. Check your connection."),
            ApiError::Aborted => f.write_str("The request was cancelled."),
            ApiError::Decode(_) => f.write_str("The server sent an answer this app does not understand."),
        }
    }
}

impl std::error::Error for ApiError {}

/// One problem the server reported, in the reader's language: the text of
/// `error.code.{code}` (the domain's stable codes: api/openapi.yaml); for a code the
/// app has no text for, the server's own (English) message to an English reader, and
/// a general text naming the code to anyone else.
pub fn problem_text(detail: &ErrorDetail) -> String {
    let key = format!("error.code.{}", detail.code);
    match t(&key) {
        text if text != key => text,
        _ if current_lang() == Lang::En => detail.message.clone(),
        _ => tf("error.unknown", &[("code", &detail.code)]),
    }
}

impl From<gloo_net::Error> for ApiError {
    fn from(e: gloo_net::Error) -> Self {
        match e {
            // Our own cancellation (`Abort`): the browser rejects with an `AbortError`.
            gloo_net::Error::JsError(e) if e.name == "AbortError" => ApiError::Aborted,
            gloo_net::Error::JsError(e) => ApiError::Network(e.message),
            gloo_net::Error::SerdeError(e) => ApiError::Decode(e.to_string()),
            gloo_net::Error::GlooError(message) => ApiError::Network(message),
        }
    }
}

/// Cancels the calls of an [`ApiClient::with_abort`] client.
pub struct Abort(SendWrapper<AbortController>);

impl Abort {
    /// A fresh controller, or `None` if the browser has no `AbortController`.
    pub fn new() -> Option<Abort> {
        AbortController::new().ok().map(|c| Abort(SendWrapper::new(c)))
    }

    /// Cancels every call made through clients bound to this controller.
    pub fn abort(&self) {
        self.0.abort();
    }

    fn signal(&self) -> AbortSignal {
        self.0.signal()
    }
}

/// The filters of `GET /api/v1/requests`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestQuery {
    /// west, south, east, north in degrees.
    pub bbox: [f64; 4],
    /// `open`, `resolved` or `all`.
    pub status: &'static str,
    /// RFC 3339 lower bound on `created_at`, if any.
    pub since: Option<String>,
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    pub before: Option<String>,
}

/// The API client kept in context; cheap to clone.
#[derive(Clone, Debug)]
pub struct ApiClient {
    base: String,
    signal: Option<SendWrapper<AbortSignal>>,
}

impl ApiClient {
    /// A client for the API at `base` (`""` = same origin).
    pub fn new(base: impl Into<String>) -> Self {
        ApiClient { base: base.into(), signal: None }
    }

    /// The same client whose calls `abort` cancels.
    pub fn with_abort(&self, abort: &Abort) -> Self {
        ApiClient { base: self.base.clone(), signal: Some(SendWrapper::new(abort.signal())) }
    }

    /// The same client whose calls are cancelled when the current reactive owner is
    /// cleaned up (a resource refetching, a page unmounting).
    pub fn aborting_on_cleanup(&self) -> Self {
        match Abort::new() {
            Some(abort) => {
                let client = self.with_abort(&abort);
                on_cleanup(move || abort.abort());
                client
            }
            None => self.clone(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    /// A request to `path` (with its query string, if any), asking for JSON and
    /// cancelled by this client's abort signal if it has one. Same-origin credentials
    /// (fetch's default), so the session cookie goes along.
    fn call(&self, method: Method, path: &str) -> RequestBuilder {
        RequestBuilder::new(&self.url(path))
            .method(method)
            .header("Accept", "application/json")
            .abort_signal(self.signal.as_deref())
    }

    fn get(&self, path: &str) -> RequestBuilder {
        self.call(Method::GET, path)
    }

    /// `GET path?key=value&…`, the query written by the browser's `URLSearchParams`.
    fn get_query<'a>(&self, path: &str, params: impl IntoIterator<Item = (&'a str, String)>) -> RequestBuilder {
        self.get(path).query(params)
    }

    /// Sends `request`.
    async fn send(&self, request: RequestBuilder) -> Result<Response, ApiError> {
        Ok(request.send().await?)
    }

    /// Sends `request` and decodes its JSON answer.
    async fn read<T: DeserializeOwned>(&self, request: RequestBuilder) -> Result<T, ApiError> {
        into_json(self.send(request).await?).await
    }

    async fn send_json<B: Serialize>(&self, method: Method, path: &str, body: &B) -> Result<Response, ApiError> {
        Ok(self.call(method, path).json(body)?.send().await?)
    }

    /// `GET /config`: tiles and the default view.
    pub async fn config(&self) -> Result<ClientConfig, ApiError> {
        self.read(self.get("/config")).await
    }

    /// `GET /config`, the responses' upload limits in it.
    pub async fn response_limits(&self) -> Result<ResponseLimits, ApiError> {
        self.read(self.get("/config")).await
    }

    /// `GET /me`: the signed-in account, `None` when signed out.
    pub async fn me(&self) -> Result<Option<Me>, ApiError> {
        let response = self.send(self.get("/me")).await?;
        if response.status() == 401 {
            return Ok(None);
        }
        into_json(response).await.map(Some)
    }

    /// `POST /auth/login`.
    pub async fn login(&self, credentials: &Credentials) -> Result<(), ApiError> {
        into_empty(self.send_json(Method::POST, "/auth/login", credentials).await?).await
    }

    /// `POST /auth/register` (signs the new account in).
    pub async fn register(&self, registration: &Registration) -> Result<(), ApiError> {
        into_empty(self.send_json(Method::POST, "/auth/register", registration).await?).await
    }

    /// `POST /auth/logout`.
    pub async fn logout(&self) -> Result<(), ApiError> {
        into_empty(self.send(self.call(Method::POST, "/auth/logout")).await?).await
    }

    /// `POST /auth/logout-everywhere`: ends every session of the account, this one too.
    pub async fn logout_everywhere(&self) -> Result<SignedOutEverywhere, ApiError> {
        self.read(self.call(Method::POST, "/auth/logout-everywhere")).await
    }

    /// `PUT /me/preferences`.
    pub async fn update_preferences(&self, preferences: &Preferences) -> Result<(), ApiError> {
        into_empty(self.send_json(Method::PUT, "/me/preferences", preferences).await?).await
    }

    /// `GET /agencies`: the public directory.
    pub async fn agencies(&self) -> Result<Vec<AgencySummary>, ApiError> {
        self.read(self.get("/agencies")).await
    }

    /// `GET /agencies/{slug}`: the profile, and its moderation record (policy findings
    /// and figures; empty from a server without moderation).
    pub async fn agency(&self, slug: &str) -> Result<(AgencyProfile, AgencyModeration), ApiError> {
        let response = self.send(self.get(&format!("/agencies/{}", encode(slug)))).await?;
        if !response.ok() {
            return Err(error_from(response).await);
        }
        let value = json_value(response).await.map_err(ApiError::Decode)?;
        let decode = |e: serde_wasm_bindgen::Error| ApiError::Decode(e.to_string());
        let profile: AgencyProfile = serde_wasm_bindgen::from_value(value.clone()).map_err(decode)?;
        let extra: ProfileModeration = serde_wasm_bindgen::from_value(value).map_err(decode)?;
        let moderation = AgencyModeration { findings: extra.findings, stats: extra.stats.and_then(|s| s.moderation) };
        Ok((profile, moderation))
    }

    /// `GET /agencies/{slug}/submissions` (its staff, moderators): newest first.
    pub async fn agency_submissions(&self, slug: &str) -> Result<SubmissionList, ApiError> {
        self.read(self.get(&format!("/agencies/{}/submissions", encode(slug)))).await
    }

    /// `GET /agencies/{slug}/requests`: every request of an agency, newest first.
    pub async fn agency_requests(
        &self,
        slug: &str,
        before: Option<&str>,
        limit: Option<u32>,
    ) -> Result<RequestPage, ApiError> {
        let mut params: Vec<(&str, String)> = Vec::new();
        if let Some(before) = before {
            params.push(("before", before.to_owned()));
        }
        if let Some(limit) = limit {
            params.push(("limit", limit.to_string()));
        }
        let builder = self.get_query(&format!("/agencies/{}/requests", encode(slug)), params);
        self.read(builder).await
    }

    /// `GET /agencies/{slug}/requests.geojson`: the area of every request of an agency.
    pub async fn agency_areas(&self, slug: &str) -> Result<Vec<AreaFeature>, ApiError> {
        let path = format!("/agencies/{}/requests.geojson", encode(slug));
        let collection: FeatureCollection = self.read(self.get(&path)).await?;
        Ok(collection
            .features
            .into_iter()
            .map(|f| AreaFeature {
                id: f.id,
                title: f.properties.title,
                resolved: f.properties.status == "resolved",
                area: f.geometry,
            })
            .collect())
    }

    /// `GET /requests/{id}`.
    pub async fn request(&self, id: i64) -> Result<RequestDetail, ApiError> {
        let response = self.send(self.get(&format!("/requests/{id}"))).await?;
        // The one answer decoded as its two parts: decoding `RequestDetail` itself would
        // link serde's `flatten` machinery into the wasm.
        let value = into_value(response).await?;
        Ok(RequestDetail { request: decode(value.clone())?, responses: decode(value)? })
    }

    /// `GET /requests?bbox=…`: the requests in view, newest first.
    pub async fn requests(&self, query: &RequestQuery) -> Result<RequestPage, ApiError> {
        let [w, s, e, n] = query.bbox;
        let mut params: Vec<(&str, String)> =
            vec![("bbox", format!("{w},{s},{e},{n}")), ("status", query.status.to_owned())];
        if let Some(since) = &query.since {
            params.push(("since", since.clone()));
        }
        if let Some(limit) = query.limit {
            params.push(("limit", limit.to_string()));
        }
        if let Some(before) = &query.before {
            params.push(("before", before.clone()));
        }
        self.read(self.get_query("/requests", params)).await
    }

    /// `GET /requests/grid?bbox=…&zoom=…`: the same requests as [`ApiClient::requests`]
    /// (bbox, status, since) counted per grid cell, for views too full to draw.
    pub async fn request_grid(&self, query: &RequestQuery, zoom: f64) -> Result<RequestGrid, ApiError> {
        let [w, s, e, n] = query.bbox;
        let mut params: Vec<(&str, String)> =
            vec![("bbox", format!("{w},{s},{e},{n}")), ("zoom", zoom.to_string()), ("status", query.status.to_owned())];
        if let Some(since) = &query.since {
            params.push(("since", since.clone()));
        }
        self.read(self.get_query("/requests/grid", params)).await
    }

    /// `GET /requests/grid?agency=…`: one agency's requests per cell, around all of them.
    pub async fn agency_grid(&self, slug: &str, zoom: f64) -> Result<RequestGrid, ApiError> {
        let params = [("agency", slug.to_owned()), ("zoom", zoom.to_string()), ("status", "all".to_owned())];
        self.read(self.get_query("/requests/grid", params)).await
    }

    /// `POST /requests` (agency staff): sends a draft for review (202, a submission) or,
    /// where review is off, publishes it at once (201, the request).
    pub async fn create_request(&self, draft: &RequestDraftInput) -> Result<Posted, ApiError> {
        let response = self.send_json(Method::POST, "/requests", draft).await?;
        if response.status() == 202 {
            into_json(response).await.map(Posted::Submitted)
        } else {
            into_json(response).await.map(Posted::Published)
        }
    }

    /// Whether this server reviews submissions before publishing them (`review` in
    /// `GET /config`; a server without the setting publishes at once, but the form only
    /// uses this for its wording: the answer to the post decides where it goes next).
    pub async fn review_policy(&self) -> Result<ReviewPolicy, ApiError> {
        let config: ReviewSetting = self.read(self.get("/config")).await?;
        Ok(config.review.unwrap_or(ReviewPolicy::Off))
    }

    /// `POST /requests/{id}/resolution` (agency staff).
    pub async fn resolve_request(&self, id: i64, input: &ResolutionInput) -> Result<PublishedRequest, ApiError> {
        let path = format!("/requests/{id}/resolution");
        into_json(self.send_json(Method::POST, &path, input).await?).await
    }
}

impl ApiClient {
    /// `POST /alerts/subscriptions` (no account): always 202 when the input is valid, a
    /// confirmation email being on its way whether or not the address was subscribed.
    pub async fn subscribe_alerts(&self, input: &AlertSubscriptionInput) -> Result<(), ApiError> {
        into_empty(self.send_json(Method::POST, "/alerts/subscriptions", input).await?).await
    }

    /// `POST /alerts/confirm/{token}`: the emailed link's token (410 expired, 404 used
    /// or unknown).
    pub async fn confirm_alerts(&self, token: &str) -> Result<AlertSubscription, ApiError> {
        let path = format!("/alerts/confirm/{}", encode(token));
        self.read(self.call(Method::POST, &path)).await
    }

    /// `GET /alerts/manage/{token}`: the subscription, to whoever holds its link.
    pub async fn alert_subscription(&self, token: &str) -> Result<AlertSubscription, ApiError> {
        self.read(self.get(&format!("/alerts/manage/{}", encode(token)))).await
    }

    /// `DELETE /alerts/manage/{token}`: ends the subscription and deletes its address.
    pub async fn unsubscribe_alerts(&self, token: &str) -> Result<(), ApiError> {
        let path = format!("/alerts/manage/{}", encode(token));
        into_empty(self.send(self.call(Method::DELETE, &path)).await?).await
    }
}

impl ApiClient {
    /// `GET /submissions/{id}` (its agency's staff, moderators).
    pub async fn submission(&self, id: i64) -> Result<Submission, ApiError> {
        self.read(self.get(&format!("/submissions/{id}"))).await
    }

    /// `GET /moderation/queue` (moderators): submissions awaiting review, oldest first.
    pub async fn moderation_queue(&self) -> Result<SubmissionList, ApiError> {
        self.read(self.get("/moderation/queue")).await
    }

    /// `POST /requests/{id}/review` (moderators): approve or reject a submission.
    pub async fn review_submission(&self, id: i64, input: &ReviewInput) -> Result<Submission, ApiError> {
        let path = format!("/requests/{id}/review");
        into_json(self.send_json(Method::POST, &path, input).await?).await
    }

    /// `GET /requests/{id}/moderation` (public): its review, reports and findings.
    pub async fn request_moderation(&self, id: i64) -> Result<RequestModeration, ApiError> {
        self.read(self.get(&format!("/requests/{id}/moderation"))).await
    }

    /// `POST /requests/{id}/reports` (signed-in residents).
    pub async fn report_request(&self, id: i64, input: &ReportInput) -> Result<(), ApiError> {
        let path = format!("/requests/{id}/reports");
        into_empty(self.send_json(Method::POST, &path, input).await?).await
    }

    /// `GET /moderation/reports` (moderators): requests with open reports.
    pub async fn reported_requests(&self) -> Result<ReportedRequestList, ApiError> {
        self.read(self.get("/moderation/reports")).await
    }

    /// `POST /requests/{id}/reports/decision` (moderators): dismiss or uphold every
    /// open report of a request.
    pub async fn decide_reports(&self, id: i64, input: &ReportDecisionInput) -> Result<ModerationLogItem, ApiError> {
        let path = format!("/requests/{id}/reports/decision");
        into_json(self.send_json(Method::POST, &path, input).await?).await
    }

    /// `GET /moderation/log` (public): decisions newest first, `before` the previous
    /// page's `next`.
    pub async fn moderation_log(
        &self,
        query: &LogQuery,
        before: Option<&str>,
        limit: Option<u32>,
    ) -> Result<ModerationLogPage, ApiError> {
        let mut params = query.params();
        if let Some(before) = before {
            params.push(("before", before.to_owned()));
        }
        if let Some(limit) = limit {
            params.push(("limit", limit.to_string()));
        }
        self.read(self.get_query("/moderation/log", params)).await
    }
}

/// What `POST /requests` did with a draft.
#[derive(Debug, Clone, PartialEq)]
pub enum Posted {
    /// Sent for review (202): not public until a moderator approves it.
    Submitted(Submission),
    /// Published at once (201): this deployment does not review.
    Published(PublishedRequest),
}

/// An agency's moderation record, from its profile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgencyModeration {
    /// Policy findings on its requests (upheld reports).
    pub findings: Vec<PolicyFinding>,
    /// Its review figures; `None` from a server without them.
    pub stats: Option<ModerationStats>,
}

/// The moderation parts of `GET /agencies/{slug}`, read beside [`AgencyProfile`].
#[derive(Deserialize)]
struct ProfileModeration {
    #[serde(default)]
    findings: Vec<PolicyFinding>,
    #[serde(default)]
    stats: Option<StatsModeration>,
}

#[derive(Deserialize)]
struct StatsModeration {
    #[serde(default)]
    moderation: Option<ModerationStats>,
}

/// The `review` setting of `GET /config`.
#[derive(Deserialize)]
struct ReviewSetting {
    #[serde(default)]
    review: Option<ReviewPolicy>,
}

impl ApiClient {
    /// `GET /agencies/{slug}/reports/{year}`: the agency's annual report.
    pub async fn agency_report(&self, slug: &str, year: i32) -> Result<AgencyReport, ApiError> {
        self.read(self.get(&format!("/agencies/{}/reports/{year}", encode(slug)))).await
    }

    /// `GET /reports/{year}`: every agency's year side by side.
    pub async fn year_report(&self, year: i32) -> Result<YearReport, ApiError> {
        self.read(self.get(&format!("/reports/{year}"))).await
    }

    /// `GET /log/checkpoint`: the public log's newest signed checkpoint.
    pub async fn log_checkpoint(&self) -> Result<SignedCheckpoint, ApiError> {
        self.read(self.get("/log/checkpoint")).await
    }

    /// `GET /log/key`: the key that signs checkpoints.
    pub async fn log_key(&self) -> Result<LogKey, ApiError> {
        self.read(self.get("/log/key")).await
    }

    /// `GET /log/proof/inclusion`: the audit path of entry `index` in the tree of
    /// `tree_size` entries.
    pub async fn log_inclusion_proof(&self, index: u64, tree_size: u64) -> Result<InclusionProof, ApiError> {
        let params = [("index", index.to_string()), ("tree_size", tree_size.to_string())];
        self.read(self.get_query("/log/proof/inclusion", params)).await
    }

    /// `GET /log/proof/consistency`: proof that the tree of `from` entries is a prefix of
    /// the tree of `to` entries.
    pub async fn log_consistency_proof(&self, from: u64, to: u64) -> Result<ConsistencyProof, ApiError> {
        let params = [("from", from.to_string()), ("to", to.to_string())];
        self.read(self.get_query("/log/proof/consistency", params)).await
    }
}

/// One request's area from an agency's GeoJSON export.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaFeature {
    pub id: i64,
    pub title: String,
    pub resolved: bool,
    pub area: GeoJsonPolygon,
}

/// The parts of the GeoJSON export the app reads.
#[derive(Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    id: i64,
    geometry: GeoJsonPolygon,
    properties: FeatureProperties,
}

#[derive(Deserialize)]
struct FeatureProperties {
    title: String,
    status: String,
}

/// Checks the status and decodes the body, or the server's error body.
async fn into_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    decode(into_value(response).await?)
}

/// Checks the status and parses the body, or decodes the server's error body.
async fn into_value(response: Response) -> Result<wasm_bindgen::JsValue, ApiError> {
    if response.ok() {
        json_value(response).await.map_err(ApiError::Decode)
    } else {
        Err(error_from(response).await)
    }
}

/// A parsed body as `T`.
fn decode<T: DeserializeOwned>(value: wasm_bindgen::JsValue) -> Result<T, ApiError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| ApiError::Decode(e.to_string()))
}

/// Checks the status; any body of a success is ignored.
async fn into_empty(response: Response) -> Result<(), ApiError> {
    if response.ok() {
        Ok(())
    } else {
        Err(error_from(response).await)
    }
}

/// The body parsed by the browser's own JSON parser (`Response.json()`: the text never
/// crosses into wasm).
async fn json_value(response: Response) -> Result<wasm_bindgen::JsValue, String> {
    let not_json = |_| "the answer is not JSON".to_owned();
    let promise = web_sys::Response::from(response).json().map_err(not_json)?;
    wasm_bindgen_futures::JsFuture::from(promise).await.map_err(not_json)
}

async fn error_from(response: Response) -> ApiError {
    let status = response.status();
    let body = json_value(response).await.ok();
    match body.and_then(|value| serde_wasm_bindgen::from_value::<ApiErrorBody>(value).ok()) {
        Some(body) => ApiError::Server { status, body },
        None => ApiError::Status { status },
    }
}

impl ApiClient {
    /// `GET /agencies/{slug}/keys`: every key, newest first.
    pub async fn agency_keys(&self, slug: &str) -> Result<Vec<AgencyKey>, ApiError> {
        self.read(self.get(&format!("/agencies/{}/keys", encode(slug)))).await
    }

    /// `POST /agencies/{slug}/keys` (its staff): the new current key.
    pub async fn add_agency_key(&self, slug: &str, input: &AgencyKeyInput) -> Result<AgencyKey, ApiError> {
        let path = format!("/agencies/{}/keys", encode(slug));
        into_json(self.send_json(Method::POST, &path, input).await?).await
    }

    /// `PUT /agencies/{slug}/retention` (its staff).
    pub async fn set_retention(&self, slug: &str, input: &RetentionInput) -> Result<(), ApiError> {
        let path = format!("/agencies/{}/retention", encode(slug));
        into_empty(self.send_json(Method::PUT, &path, input).await?).await
    }

    /// `POST /requests/{id}/responses` (signed-in residents): a response before upload.
    pub async fn create_response(&self, request: i64, input: &ResponseInput) -> Result<ResidentResponse, ApiError> {
        let path = format!("/requests/{request}/responses");
        into_json(self.send_json(Method::POST, &path, input).await?).await
    }

    /// `GET /responses/{id}` (its resident).
    pub async fn response(&self, id: i64) -> Result<ResidentResponse, ApiError> {
        self.read(self.get(&format!("/responses/{id}"))).await
    }

    /// `PUT /responses/{id}/files/{file}/chunks/{index}`: one chunk of ciphertext.
    pub async fn put_chunk(&self, id: i64, file: i64, index: u64, bytes: &[u8]) -> Result<(), ApiError> {
        let path = format!("/responses/{id}/files/{file}/chunks/{index}");
        self.put_bytes(&path, bytes).await
    }

    /// `PUT /responses/{id}/envelope`: the encrypted identity and message.
    pub async fn put_envelope(&self, id: i64, bytes: &[u8]) -> Result<(), ApiError> {
        self.put_bytes(&format!("/responses/{id}/envelope"), bytes).await
    }

    async fn put_bytes(&self, path: &str, bytes: &[u8]) -> Result<(), ApiError> {
        let body = js_sys::Uint8Array::from(bytes);
        let request = self
            .call(Method::PUT, path)
            .header("Content-Type", "application/octet-stream")
            .body(body)
            .map_err(ApiError::from)?;
        into_empty(request.send().await?).await
    }

    /// `POST /responses/{id}/submission`: every byte is in; the agency may now see it.
    pub async fn submit_response(&self, id: i64) -> Result<ResidentResponse, ApiError> {
        self.read(self.call(Method::POST, &format!("/responses/{id}/submission"))).await
    }

    /// `DELETE /responses/{id}`: cancel an upload, or withdraw until opened.
    pub async fn delete_response(&self, id: i64) -> Result<(), ApiError> {
        into_empty(self.send(self.call(Method::DELETE, &format!("/responses/{id}"))).await?).await
    }

    /// `GET /me/responses`: the resident's receipts, newest first.
    pub async fn my_responses(&self) -> Result<Vec<ResidentResponse>, ApiError> {
        self.read(self.get("/me/responses")).await
    }

    /// `GET /agencies/{slug}/responses` (its staff), newest first.
    pub async fn agency_responses(&self, slug: &str) -> Result<Vec<AgencyResponse>, ApiError> {
        self.read(self.get(&format!("/agencies/{}/responses", encode(slug)))).await
    }

    /// `GET /responses/{id}/envelope/ciphertext` (its agency's staff).
    pub async fn envelope_ciphertext(&self, id: i64) -> Result<Vec<u8>, ApiError> {
        let response = self.send(self.call(Method::GET, &format!("/responses/{id}/envelope/ciphertext"))).await?;
        if !response.ok() {
            return Err(error_from(response).await);
        }
        Ok(response.binary().await?)
    }

    /// `GET /responses/{id}/files/{file}/ciphertext` (its agency's staff): the body as
    /// a stream, read as it arrives.
    pub async fn file_ciphertext(&self, id: i64, file: i64) -> Result<web_sys::ReadableStream, ApiError> {
        let path = format!("/responses/{id}/files/{file}/ciphertext");
        let response = self.send(self.call(Method::GET, &path)).await?;
        if !response.ok() {
            return Err(error_from(response).await);
        }
        response.body().ok_or_else(|| ApiError::Decode("no body".to_owned()))
    }

    /// `POST /responses/{id}/decision` (its agency's staff).
    pub async fn decide_response(&self, id: i64, input: &ResponseDecisionInput) -> Result<AgencyResponse, ApiError> {
        let path = format!("/responses/{id}/decision");
        into_json(self.send_json(Method::POST, &path, input).await?).await
    }
}
