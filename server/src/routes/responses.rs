//! Residents' responses with footage (issue 16): agencies' response keys and retention
//! periods, a resident's response (declared, uploaded in chunks, submitted, cancelled
//! or withdrawn), and the agency's side (list, ciphertext downloads, decision). The
//! server only ever handles age ciphertext encrypted in the resident's browser to the
//! agency's key; what it does see is listed in the README ("Responses with footage").

use std::collections::HashSet;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use futures_util::StreamExt;
use porchlight_domain::footage::{
    capture_fit, key_fingerprint, CaptureFit, FootageKind, FootageProblem, RetentionPeriod,
    MAX_RESPONSE_FILES, RESPONSE_CHUNK_BYTES,
};
use porchlight_domain::wire::{
    AgencyKey, AgencyKeyInput, AgencyProfile, AgencyResponse, ErrorDetail, ResidentResponse,
    ResponseDecision, ResponseDecisionInput, ResponseInput, ResponseStatus, RetentionInput, Role,
};
use porchlight_domain::TimeFrame;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::auth::SignedIn;
use crate::blob_store::{self, keys};
use crate::db::{AccountRow, ChunkRecorded, NewResponse, ResponseRow};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;

/// Largest encrypted envelope (identity, message and the files' list), bytes.
pub const MAX_ENVELOPE_BYTES: usize = 64 * 1024;

/// Longest file name kept, in characters.
const MAX_FILE_NAME_CHARS: usize = 255;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/agencies/{slug}/keys", get(list_keys).post(add_key))
        .route("/agencies/{slug}/retention", put(set_retention))
        .route("/agencies/{slug}/responses", get(agency_responses))
        .route("/requests/{id}/responses", post(create_response))
        .route("/me/responses", get(my_responses))
        .route(
            "/responses/{id}",
            get(get_response).delete(cancel_or_withdraw),
        )
        .route(
            "/responses/{id}/files/{file_id}/chunks/{index}",
            put(put_chunk),
        )
        .route("/responses/{id}/envelope", put(put_envelope))
        .route("/responses/{id}/submission", post(submit))
        .route(
            "/responses/{id}/envelope/ciphertext",
            get(envelope_ciphertext),
        )
        .route(
            "/responses/{id}/files/{file_id}/ciphertext",
            get(file_ciphertext),
        )
        .route("/responses/{id}/decision", post(decide))
}

fn staff_of(account: &AccountRow, agency_id: i64) -> Result<(), AppError> {
    if account.is_staff_of(agency_id) {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// The profile's response fields: the current key, the retention period, the counts.
pub async fn fill_profile(
    state: &AppState,
    agency_id: i64,
    profile: &mut AgencyProfile,
) -> Result<(), AppError> {
    profile.response_key = state
        .db
        .current_agency_key(agency_id)
        .await?
        .map(|(_, key)| key);
    profile.retention_days = state.db.retention_days(agency_id).await?;
    profile.responses = state.db.response_counts(agency_id, None).await?;
    Ok(())
}

async fn list_keys(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<Vec<AgencyKey>>, AppError> {
    let (agency_id, _) = state.agency(&slug).await?;
    Ok(Json(state.db.agency_keys(agency_id).await?))
}

async fn add_key(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<AgencyKeyInput>,
) -> Result<Response, AppError> {
    let (agency_id, agency) = state.agency(&slug).await?;
    staff_of(&account, agency_id)?;
    let public_key = input.public_key.as_str();
    let fingerprint = key_fingerprint(public_key).map_err(|e| problem(e, "public_key"))?;
    let key = state
        .db
        .add_agency_key(
            agency_id,
            &agency.slug,
            public_key,
            &fingerprint,
            account.id,
            state.now(),
        )
        .await?
        .ok_or_else(|| {
            AppError::conflict(
                "key_exists",
                "This key is already one of the agency's keys: make a new key pair.",
            )
            .with_field("public_key")
        })?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/agencies/{}/keys", agency.slug),
        )],
        Json(key),
    )
        .into_response())
}

async fn set_retention(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<RetentionInput>,
) -> Result<Json<AgencyProfile>, AppError> {
    let (agency_id, _) = state.agency(&slug).await?;
    staff_of(&account, agency_id)?;
    let period = RetentionPeriod::new(input.days).map_err(|e| problem(e, "days"))?;
    let now = state.now();
    state
        .db
        .set_retention(agency_id, period.days(), now)
        .await?;
    let mut profile = state
        .db
        .agency_profile(&slug, now)
        .await?
        .ok_or_else(|| AppError::not_found("agency"))?;
    profile.findings = state.db.agency_findings(agency_id).await?;
    fill_profile(&state, agency_id, &mut profile).await?;
    Ok(Json(profile))
}

/// A domain problem as the API's 422.
fn problem(problem: FootageProblem, field: &str) -> AppError {
    AppError::invalid(problem.code(), field, problem.to_string())
}

fn too_large(message: impl Into<String>) -> AppError {
    AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "upload_too_large", message)
}

fn files_invalid(field: String, message: impl Into<String>) -> ErrorDetail {
    let mut detail = ErrorDetail::new("response_files_invalid", message);
    detail.field = Some(field);
    detail
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// Every problem of a response's declaration (422s), then the size limits (413).
fn check_input(
    state: &AppState,
    input: &ResponseInput,
    time_frame: Option<&TimeFrame>,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    if input.files.is_empty() || input.files.len() > MAX_RESPONSE_FILES {
        errors.push(files_invalid(
            "files".into(),
            format!("A response holds 1 to {MAX_RESPONSE_FILES} files."),
        ));
    }
    let mut shared = HashSet::new();
    if !input.shared.iter().all(|f| shared.insert(*f)) {
        let mut detail = ErrorDetail::new("shared_invalid", "Each identity field is listed once.");
        detail.field = Some("shared".into());
        errors.push(detail);
    }
    for (i, file) in input.files.iter().enumerate() {
        let at = |f: &str| format!("files[{i}].{f}");
        let name = file.name.trim();
        if name.is_empty()
            || name.chars().count() > MAX_FILE_NAME_CHARS
            || name
                .chars()
                .any(|c| c.is_control() || c == '/' || c == '\\')
        {
            errors.push(files_invalid(
                at("name"),
                format!("A file name is 1 to {MAX_FILE_NAME_CHARS} characters, without slashes."),
            ));
        }
        match FootageKind::from_file_name(name) {
            None => {
                let e = FootageProblem::UnsupportedType;
                let mut detail = ErrorDetail::new(e.code(), e.to_string());
                detail.field = Some(at("name"));
                errors.push(detail);
            }
            Some(named) if !named.accepts_content(file.kind) => {
                let e = FootageProblem::ContentMismatch {
                    named,
                    found: Some(file.kind),
                };
                let mut detail = ErrorDetail::new(e.code(), e.to_string());
                detail.field = Some(at("kind"));
                errors.push(detail);
            }
            Some(_) => {}
        }
        if !is_sha256_hex(&file.sha256) {
            errors.push(files_invalid(
                at("sha256"),
                "The SHA-256 is 64 lowercase hex digits.",
            ));
        }
        if file.ciphertext_size < file.size || file.ciphertext_size == 0 {
            errors.push(files_invalid(
                at("ciphertext_size"),
                "The ciphertext is at least as large as the file (and never empty).",
            ));
        }
        if let Some(frame) = time_frame {
            if let fit @ (CaptureFit::Before(_) | CaptureFit::After(_)) =
                capture_fit(frame, file.captured_at)
            {
                let e = FootageProblem::OutsideTimeFrame(fit);
                let mut detail = ErrorDetail::new(e.code(), e.to_string());
                detail.field = Some(at("captured_at"));
                errors.push(detail);
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::unprocessable(errors));
    }
    let limits = &state.config.responses;
    if let Some(file) = input
        .files
        .iter()
        .find(|f| f.ciphertext_size > limits.max_response_file_bytes)
    {
        return Err(too_large(format!(
            "{} is larger than the {} bytes a file may be.",
            file.name, limits.max_response_file_bytes
        )));
    }
    let total = input
        .files
        .iter()
        .fold(0u64, |sum, f| sum.saturating_add(f.ciphertext_size));
    if total > limits.max_response_bytes {
        return Err(too_large(format!(
            "The files together are larger than the {} bytes a response may be.",
            limits.max_response_bytes
        )));
    }
    Ok(())
}

fn request_not_open() -> AppError {
    AppError::conflict(
        "request_not_open",
        "This request is not open for responses: it is resolved, or not published.",
    )
}

async fn create_response(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(request_id): ApiPath<i64>,
    ApiJson(input): ApiJson<ResponseInput>,
) -> Result<Response, AppError> {
    if account.role != Role::Resident {
        return Err(AppError::forbidden());
    }
    let Some(request) = state.db.request(request_id).await? else {
        // A submission awaiting review has an id from the same space: not open yet.
        return Err(match state.db.submission(request_id).await? {
            Some(_) => request_not_open(),
            None => AppError::not_found("request"),
        });
    };
    if request.resolution.is_some() {
        return Err(request_not_open());
    }
    let agency_id = state
        .db
        .request_agency_id(request_id)
        .await?
        .ok_or_else(|| AppError::not_found("request"))?;
    let (key_id, key) = state
        .db
        .current_agency_key(agency_id)
        .await?
        .ok_or_else(|| {
            AppError::conflict(
                "agency_has_no_key",
                "This agency has no key for responses yet: use its contact details instead.",
            )
        })?;
    if key.fingerprint != input.key_fingerprint {
        return Err(AppError::conflict(
            "agency_key_changed",
            "The agency has a new key: encrypt again to its current key.",
        )
        .with_field("key_fingerprint"));
    }
    let time_frame = match (
        parse_time(&request.time_frame.start),
        parse_time(&request.time_frame.end),
    ) {
        (Some(start), Some(end)) => TimeFrame::new(start, end).ok(),
        _ => None,
    };
    check_input(&state, &input, time_frame.as_ref())?;
    let now = state.now();
    let id = state
        .db
        .create_response(
            &NewResponse {
                request_id,
                account_id: account.id,
                key_id,
                shared: &input.shared,
                files: &input.files,
            },
            now,
        )
        .await?;
    let response = own_response(&state, &account, id).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/responses/{id}"))],
        Json(response.to_resident()),
    )
        .into_response())
}

/// The signed-in resident's own response; 404 for anyone else, staff included.
async fn own_response(
    state: &AppState,
    account: &AccountRow,
    id: i64,
) -> Result<ResponseRow, AppError> {
    state
        .db
        .response(id)
        .await?
        .filter(|r| r.account_id == account.id)
        .ok_or_else(|| AppError::not_found("response"))
}

/// A response of the signed-in staff member's agency that the agency may see (not
/// while uploading); 404 for anyone else.
async fn agency_response(
    state: &AppState,
    account: &AccountRow,
    id: i64,
) -> Result<ResponseRow, AppError> {
    state
        .db
        .response(id)
        .await?
        .filter(|r| account.is_staff_of(r.agency_id) && r.status != ResponseStatus::Uploading)
        .ok_or_else(|| AppError::not_found("response"))
}

async fn get_response(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ResidentResponse>, AppError> {
    Ok(Json(
        own_response(&state, &account, id).await?.to_resident(),
    ))
}

async fn my_responses(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
) -> Result<Json<Vec<ResidentResponse>>, AppError> {
    let rows = state.db.account_responses(account.id).await?;
    Ok(Json(rows.iter().map(ResponseRow::to_resident).collect()))
}

async fn agency_responses(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<Vec<AgencyResponse>>, AppError> {
    let (agency_id, _) = state.agency(&slug).await?;
    staff_of(&account, agency_id)?;
    let rows = state.db.agency_responses(agency_id).await?;
    Ok(Json(rows.iter().map(ResponseRow::to_agency).collect()))
}

fn not_uploading() -> AppError {
    AppError::conflict(
        "response_not_uploading",
        "This response is no longer being uploaded.",
    )
}

/// Deletes every blob of a response and records it (the retention task retries what
/// fails here).
async fn purge(state: &AppState, id: i64) -> Result<(), AppError> {
    state
        .blobs
        .delete_prefix(&keys::response_prefix(id))
        .await
        .map_err(AppError::internal)?;
    state.db.mark_purged(id, state.now()).await?;
    Ok(())
}

/// Deletes a response still uploading and its blobs: what a limit hit mid-upload (or
/// a cancel) leaves behind is nothing.
async fn discard(state: &AppState, id: i64) -> Result<(), AppError> {
    state.db.delete_uploading_response(id).await?;
    state
        .blobs
        .delete_prefix(&keys::response_prefix(id))
        .await
        .map_err(AppError::internal)
}

/// How a chunk's body was read.
enum ChunkBody {
    Bytes(Bytes),
    /// More than `cap` bytes: reading stopped there.
    Over,
}

/// Reads at most `cap` bytes of the body (never more into memory).
async fn read_capped(body: Body, cap: u64) -> Result<ChunkBody, AppError> {
    let mut stream = body.into_data_stream();
    let mut buffer = Vec::new();
    while let Some(frame) = stream.next().await {
        let frame = frame.map_err(|_| {
            AppError::bad_request("unreadable_body", "The request body could not be read.")
        })?;
        if buffer.len() as u64 + frame.len() as u64 > cap {
            return Ok(ChunkBody::Over);
        }
        buffer.extend_from_slice(&frame);
    }
    Ok(ChunkBody::Bytes(Bytes::from(buffer)))
}

async fn put_chunk(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath((id, file_id, index)): ApiPath<(i64, i64, u64)>,
    body: Body,
) -> Result<StatusCode, AppError> {
    let response = own_response(&state, &account, id).await?;
    if response.status != ResponseStatus::Uploading {
        return Err(not_uploading());
    }
    let file = response
        .files
        .iter()
        .find(|f| f.id == file_id)
        .ok_or_else(|| AppError::not_found("file"))?;
    let chunks = file.ciphertext_size.div_ceil(RESPONSE_CHUNK_BYTES);
    let next = file.received / RESPONSE_CHUNK_BYTES;
    let start = index.saturating_mul(RESPONSE_CHUNK_BYTES);
    let expected = RESPONSE_CHUNK_BYTES.min(file.ciphertext_size.saturating_sub(start));
    let out_of_order = || {
        AppError::conflict(
            "chunk_out_of_order",
            format!("Send chunk {next} of this file next."),
        )
    };
    if index >= chunks {
        return Err(out_of_order());
    }
    // A chunk already received: a retry after a lost answer.
    if start + expected <= file.received {
        return match read_capped(body, expected).await? {
            ChunkBody::Bytes(b) if b.len() as u64 == expected => Ok(StatusCode::NO_CONTENT),
            _ => Err(out_of_order()),
        };
    }
    if index != next {
        return Err(out_of_order());
    }
    let remaining = file.ciphertext_size - file.received;
    let bytes = match read_capped(body, expected).await? {
        ChunkBody::Bytes(bytes) => bytes,
        // More than the file declared: the whole response goes.
        ChunkBody::Over if expected == remaining => {
            discard(&state, id).await?;
            return Err(too_large(
                "More bytes than the file declared: the response was deleted. Start again.",
            ));
        }
        ChunkBody::Over => return Err(chunk_size_invalid(expected)),
    };
    if bytes.len() as u64 != expected {
        return Err(chunk_size_invalid(expected));
    }
    // The limits again, should they have been lowered since the response was made.
    let limits = &state.config.responses;
    let total: u64 = response.files.iter().map(|f| f.received).sum::<u64>() + expected;
    if start + expected > limits.max_response_file_bytes || total > limits.max_response_bytes {
        discard(&state, id).await?;
        return Err(too_large(
            "The upload is over the server's size limits: the response was deleted.",
        ));
    }
    state
        .blobs
        .put(&keys::chunk(id, file_id, index), bytes)
        .await
        .map_err(AppError::internal)?;
    match state
        .db
        .record_chunk(id, file_id, file.received, expected)
        .await?
    {
        ChunkRecorded::Recorded => Ok(StatusCode::NO_CONTENT),
        ChunkRecorded::Stale => match state.db.response(id).await? {
            // Cancelled meanwhile: take back what this chunk wrote.
            None => {
                state
                    .blobs
                    .delete_prefix(&keys::response_prefix(id))
                    .await
                    .map_err(AppError::internal)?;
                Err(not_uploading())
            }
            Some(now) if now.status != ResponseStatus::Uploading => Err(not_uploading()),
            // A concurrent retry of the same chunk recorded it (same bytes).
            Some(now)
                if now
                    .files
                    .iter()
                    .any(|f| f.id == file_id && f.received >= start + expected) =>
            {
                Ok(StatusCode::NO_CONTENT)
            }
            Some(_) => Err(out_of_order()),
        },
    }
}

fn chunk_size_invalid(expected: u64) -> AppError {
    AppError::invalid(
        "chunk_size_invalid",
        "body",
        format!("This chunk must be exactly {expected} bytes."),
    )
}

async fn put_envelope(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(id): ApiPath<i64>,
    body: Body,
) -> Result<StatusCode, AppError> {
    let response = own_response(&state, &account, id).await?;
    if response.status != ResponseStatus::Uploading {
        return Err(not_uploading());
    }
    let bytes = match read_capped(body, MAX_ENVELOPE_BYTES as u64).await? {
        ChunkBody::Bytes(bytes) if !bytes.is_empty() => bytes,
        ChunkBody::Bytes(_) => {
            return Err(AppError::invalid(
                "envelope_invalid",
                "body",
                "The envelope is empty.",
            ))
        }
        ChunkBody::Over => {
            return Err(too_large(format!(
                "The envelope is larger than {} KiB.",
                MAX_ENVELOPE_BYTES / 1024
            )))
        }
    };
    let size = bytes.len() as u64;
    state
        .blobs
        .put(&keys::envelope(id), bytes)
        .await
        .map_err(AppError::internal)?;
    if !state.db.record_envelope(id, size).await? {
        if state.db.response(id).await?.is_none() {
            state
                .blobs
                .delete_prefix(&keys::response_prefix(id))
                .await
                .map_err(AppError::internal)?;
        }
        return Err(not_uploading());
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn submit(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ResidentResponse>, AppError> {
    let response = own_response(&state, &account, id).await?;
    if response.status != ResponseStatus::Uploading {
        return Err(not_uploading());
    }
    if !state.db.submit_response(id, state.now()).await? {
        return Err(AppError::conflict(
            "upload_incomplete",
            "Every file and the envelope must be uploaded before the response is sent.",
        ));
    }
    Ok(Json(
        own_response(&state, &account, id).await?.to_resident(),
    ))
}

async fn cancel_or_withdraw(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    let response = own_response(&state, &account, id).await?;
    match response.status {
        ResponseStatus::Uploading => {
            if !state.db.delete_uploading_response(id).await? {
                return Err(AppError::conflict(
                    "response_not_uploading",
                    "This response was sent meanwhile: delete it again to withdraw it.",
                ));
            }
            state
                .blobs
                .delete_prefix(&keys::response_prefix(id))
                .await
                .map_err(AppError::internal)?;
        }
        ResponseStatus::Submitted => {
            if !state.db.withdraw_response(id, state.now()).await? {
                return Err(opened());
            }
            purge(&state, id).await?;
        }
        ResponseStatus::Withdrawn => {}
        ResponseStatus::Opened | ResponseStatus::KeptAsEvidence | ResponseStatus::Deleted => {
            return Err(opened())
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

fn opened() -> AppError {
    AppError::conflict(
        "response_opened",
        "The agency has opened this response: it can no longer be withdrawn.",
    )
}

fn gone(status: ResponseStatus) -> Option<AppError> {
    match status {
        ResponseStatus::Withdrawn => Some(AppError::new(
            StatusCode::GONE,
            "response_withdrawn",
            "The resident withdrew this response: its files are deleted.",
        )),
        ResponseStatus::Deleted => Some(AppError::new(
            StatusCode::GONE,
            "response_deleted",
            "This response's files are deleted.",
        )),
        _ => None,
    }
}

/// Marks the response opened (first download) and streams the blobs of `keys`.
async fn download(
    state: &AppState,
    response: &ResponseRow,
    blob_keys: Vec<String>,
    length: u64,
) -> Result<Response, AppError> {
    if let Some(e) = gone(response.status) {
        return Err(e);
    }
    if !state.db.open_response(response.id, state.now()).await? {
        // Withdrawn or deleted between the read and now.
        let status = state
            .db
            .response(response.id)
            .await?
            .map_or(ResponseStatus::Deleted, |r| r.status);
        return Err(gone(status).unwrap_or_else(|| AppError::not_found("response")));
    }
    let stream = blob_store::concat(state.blobs.clone(), blob_keys);
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CONTENT_LENGTH, length.to_string()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

async fn envelope_ciphertext(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    let response = agency_response(&state, &account, id).await?;
    let length = response.envelope_size.unwrap_or(0);
    download(&state, &response, vec![keys::envelope(id)], length).await
}

async fn file_ciphertext(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath((id, file_id)): ApiPath<(i64, i64)>,
) -> Result<Response, AppError> {
    let response = agency_response(&state, &account, id).await?;
    let file = response
        .files
        .iter()
        .find(|f| f.id == file_id)
        .ok_or_else(|| AppError::not_found("file"))?;
    let chunks = file.ciphertext_size.div_ceil(RESPONSE_CHUNK_BYTES);
    let blob_keys = (0..chunks).map(|i| keys::chunk(id, file_id, i)).collect();
    let length = file.ciphertext_size;
    download(&state, &response, blob_keys, length).await
}

async fn decide(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ResponseDecisionInput>,
) -> Result<Json<AgencyResponse>, AppError> {
    let response = agency_response(&state, &account, id).await?;
    if let Some(e) = gone(response.status) {
        return Err(e);
    }
    let not_opened = || {
        AppError::conflict(
            "response_not_opened",
            "Open the response before deciding on it.",
        )
    };
    match response.status {
        ResponseStatus::Opened => {}
        ResponseStatus::KeptAsEvidence => {
            return Err(AppError::conflict(
                "response_decided",
                "This response is already kept as evidence.",
            ))
        }
        _ => return Err(not_opened()),
    }
    if !state
        .db
        .decide_response(id, input.decision, state.now())
        .await?
    {
        return Err(not_opened());
    }
    if input.decision == ResponseDecision::NotNeeded {
        purge(&state, id).await?;
    }
    Ok(Json(
        agency_response(&state, &account, id).await?.to_agency(),
    ))
}

/// An upload not submitted this long after it began is abandoned: the retention task
/// deletes it and its blobs.
pub const ABANDONED_UPLOAD: time::Duration = time::Duration::days(2);

/// The retention task: deletes the ciphertext of responses whose retention ran out,
/// uploads abandoned for [`ABANDONED_UPLOAD`], and the blobs of any withdrawn or
/// deleted response not yet recorded as gone.
/// Safe on several instances at once: each response is marked by exactly one.
/// Returns how many responses expired in this run.
pub async fn run_retention_once(
    db: &crate::Db,
    blobs: &dyn blob_store::BlobStore,
    now: OffsetDateTime,
) -> Result<usize, AppError> {
    let mut expired = 0;
    loop {
        let ids = db
            .expire_responses(now, crate::db::responses::EXPIRY_BATCH)
            .await?;
        expired += ids.len();
        for id in &ids {
            blobs
                .delete_prefix(&keys::response_prefix(*id))
                .await
                .map_err(AppError::internal)?;
            db.mark_purged(*id, now).await?;
        }
        if ids.len() < crate::db::responses::EXPIRY_BATCH as usize {
            break;
        }
    }
    // Uploads abandoned for longer than a resident could still resume them.
    for id in db
        .stale_uploads(now - ABANDONED_UPLOAD, crate::db::responses::EXPIRY_BATCH)
        .await?
    {
        if db.delete_uploading_response(id).await? {
            blobs
                .delete_prefix(&keys::response_prefix(id))
                .await
                .map_err(AppError::internal)?;
        }
    }
    for id in db
        .unpurged_responses(crate::db::responses::EXPIRY_BATCH)
        .await?
    {
        blobs
            .delete_prefix(&keys::response_prefix(id))
            .await
            .map_err(AppError::internal)?;
        db.mark_purged(id, now).await?;
    }
    Ok(expired)
}

/// Runs [`run_retention_once`] every `interval` until the task is aborted.
pub async fn run_retention_task(state: AppState, interval: std::time::Duration) {
    let mut ticker = tokio::time::interval(interval);
    loop {
        ticker.tick().await;
        match run_retention_once(&state.db, state.blobs.as_ref(), state.now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "responses deleted at expiry"),
            Err(e) => tracing::warn!(status = %e.status, "retention task failed"),
        }
    }
}
