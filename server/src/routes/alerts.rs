//! Email alerts (README, "Email alerts"): anyone subscribes an address to an area or an
//! agency; nothing is sent until the address confirms through the emailed link; every
//! alert carries a link to manage the subscription and RFC 8058's one-click
//! unsubscribe, which deletes the address. No account is involved, and no agency or
//! export ever sees an address.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use porchlight_domain::alert::{AlertTarget, ValidSubscription, CONFIRMATION_VALID_HOURS};
use porchlight_domain::wire::{
    AlertSubscription, AlertSubscriptionAccepted, AlertSubscriptionInput, ErrorDetail,
};
use rand::RngCore;

use crate::db::{ConfirmOutcome, NewSubscription, SubscriptionToken};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::limits::{Action, ClientAddr};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/alerts/subscriptions", post(subscribe))
        .route("/alerts/confirm/{token}", post(confirm))
        .route("/alerts/manage/{token}", get(manage).delete(unsubscribe))
        .route("/alerts/unsubscribe/{token}", post(unsubscribe))
}

/// 256 random bits from the OS, base64url: a link's capability.
fn new_link_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn link_unknown() -> AppError {
    AppError::new(
        StatusCode::NOT_FOUND,
        "alert_link_unknown",
        "This alert link is not known: it was used already, or the subscription ended.",
    )
}

async fn subscribe(
    State(state): State<AppState>,
    client: ClientAddr,
    ApiJson(input): ApiJson<AlertSubscriptionInput>,
) -> Result<Response, AppError> {
    let valid = ValidSubscription::validate(&input).map_err(|errors| {
        AppError::unprocessable(errors.iter().map(ErrorDetail::from).collect())
    })?;
    let agency_id = match &valid.target {
        AlertTarget::Agency(slug) => Some(
            state
                .db
                .agency_by_slug(slug)
                .await?
                .ok_or_else(|| {
                    AppError::invalid("agency_unknown", "agency", "No agency has this name.")
                })?
                .0,
        ),
        AlertTarget::Area(_) => None,
    };
    state
        .admit(Action::Subscribe, &client, Some(&valid.email))
        .await?;
    let now = state.now();
    let area = match &valid.target {
        AlertTarget::Area(area) => Some(area),
        AlertTarget::Agency(_) => None,
    };
    let (manage, feed, confirm) = (new_link_token(), new_link_token(), new_link_token());
    state
        .db
        .create_alert_subscription(
            &NewSubscription {
                email: &valid.email,
                agency_id,
                area,
                incident_types: &valid.incident_types,
                manage_token: &manage,
                feed_token: &feed,
                confirm_token: &confirm,
                confirm_expires_at: now + time::Duration::hours(CONFIRMATION_VALID_HOURS),
                language: valid.language,
            },
            now,
        )
        .await?;
    // The same answer whether or not the address was subscribed before: nobody learns
    // who is.
    Ok((
        StatusCode::ACCEPTED,
        Json(AlertSubscriptionAccepted::default()),
    )
        .into_response())
}

async fn confirm(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> Result<Json<AlertSubscription>, AppError> {
    match state
        .db
        .confirm_alert_subscription(&token, state.now())
        .await?
    {
        ConfirmOutcome::Confirmed(row) => Ok(Json(row.to_wire())),
        ConfirmOutcome::Expired => Err(AppError::new(
            StatusCode::GONE,
            "alert_link_expired",
            format!(
                "This confirmation link worked for {CONFIRMATION_VALID_HOURS} hours and has \
                 expired. Subscribe again to get a new one."
            ),
        )),
        ConfirmOutcome::Unknown => Err(link_unknown()),
    }
}

async fn manage(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> Result<Json<AlertSubscription>, AppError> {
    state
        .db
        .alert_subscription_by_token(SubscriptionToken::Manage(&token))
        .await?
        .map(|row| Json(row.to_wire()))
        .ok_or_else(link_unknown)
}

/// `DELETE /alerts/manage/{token}` (the manage page) and `POST
/// /alerts/unsubscribe/{token}` (RFC 8058: a mail client posts
/// `List-Unsubscribe=One-Click`, which is not read): the subscription and its address
/// are deleted.
async fn unsubscribe(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> Result<StatusCode, AppError> {
    if state.db.delete_alert_subscription(&token).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(link_unknown())
    }
}
