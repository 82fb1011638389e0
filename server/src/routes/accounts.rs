use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use porchlight_domain::wire::{
    Credentials, Me, Preferences, Registration, Role, SignedOutEverywhere,
};

use crate::auth::{
    clear_session_cookie, hash_token, new_session_token, session_cookie,
    session_token_from_headers, SignedIn, SESSION_LIFETIME,
};
use crate::db::{LoginThrottle, NewAccount};
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::limits::{Action, ClientAddr};
use crate::state::AppState;
use crate::validate;

/// Five wrong passwords within 15 minutes lock an email's sign-in for 15 minutes.
pub const LOGIN_THROTTLE: LoginThrottle = LoginThrottle {
    max_failures: 5,
    window: time::Duration::minutes(15),
    lockout: time::Duration::minutes(15),
};

/// `/auth/register`, `/auth/login`, `/auth/logout`, `/auth/logout-everywhere`, `/me`,
/// `/me/preferences`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(register))
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/logout-everywhere", post(logout_everywhere))
        .route("/me", get(get_me))
        .route("/me/preferences", put(put_preferences))
}

/// Starts a session for the account: the response's `Set-Cookie` header. The token is
/// always new; a session the request carried (another account's, or a token planted in
/// the browser before sign-in) ends first, so no token from before sign-in is ever
/// signed in.
async fn start_session(
    state: &AppState,
    request_headers: &HeaderMap,
    account_id: i64,
) -> Result<(header::HeaderName, header::HeaderValue), AppError> {
    let now = state.now();
    if let Some(old) = session_token_from_headers(request_headers) {
        state.db.delete_session(&hash_token(&old), now).await?;
    }
    let (token, token_hash) = new_session_token();
    state
        .db
        .create_session(&token_hash, account_id, now, now + SESSION_LIFETIME)
        .await?;
    let cookie = session_cookie(
        &token,
        SESSION_LIFETIME.whole_seconds(),
        state.config.https(),
    );
    Ok((header::SET_COOKIE, cookie))
}

async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: ClientAddr,
    ApiJson(body): ApiJson<Registration>,
) -> Result<Response, AppError> {
    let (email, display_name) =
        validate::registration(&body.email, &body.password, &body.display_name)
            .map_err(AppError::unprocessable)?;
    // Counted before the hash: a refused registration costs no argon2 work.
    state.admit(Action::Register, &client, None).await?;
    let password_hash = state.hashing.hash_password(&body.password).await?;
    let new = NewAccount {
        email: &email,
        display_name: &display_name,
        password_hash: &password_hash,
        role: Role::Resident,
        agency_id: None,
    };
    let id = state
        .db
        .create_account(&new, state.now())
        .await?
        .ok_or_else(|| {
            AppError::conflict("email_taken", "An account with this email already exists.")
                .with_field("email")
        })?;
    let account = state
        .db
        .account_by_id(id)
        .await?
        .ok_or_else(|| AppError::internal("new account vanished"))?;
    let cookie = start_session(&state, &headers, id).await?;
    Ok((StatusCode::CREATED, [cookie], Json(account.to_me())).into_response())
}

async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: ClientAddr,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Response, AppError> {
    let email = body.email.trim();
    let now = state.now();
    let too_many = |until: i64| {
        AppError::too_many_requests(
            "too_many_attempts",
            "Too many failed sign-ins for this account. Try again later.",
            (until - now.unix_timestamp()).max(1) as u64,
        )
    };
    if let Some(until) = state.db.login_locked_until(email, now).await? {
        return Err(too_many(until));
    }
    // Counted before the hash, per address, per account and in all (limits.rs).
    state.admit(Action::SignIn, &client, Some(email)).await?;
    let account = state.db.account_by_email(email).await?;
    // Hash even for unknown emails, so the answer's timing does not reveal accounts.
    let ok = state
        .hashing
        .verify_password(
            account.as_ref().map(|a| a.password_hash.as_str()),
            &body.password,
        )
        .await?;
    let Some(account) = account.filter(|_| ok) else {
        if let Some(until) = state
            .db
            .record_login_failure(email, now, LOGIN_THROTTLE)
            .await?
        {
            return Err(too_many(until));
        }
        return Err(AppError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "Wrong email or password.",
        ));
    };
    state.db.clear_login_failures(email).await?;
    state
        .limiter
        .forget_sign_in_attempts(&state.db, email)
        .await?;
    let cookie = start_session(&state, &headers, account.id).await?;
    Ok(([cookie], Json(account.to_me())).into_response())
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = session_token_from_headers(&headers) {
        state
            .db
            .delete_session(&hash_token(&token), state.now())
            .await?;
    }
    let clear = clear_session_cookie(state.config.https());
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

/// Ends every session of the signed-in account, on every device, this one included.
async fn logout_everywhere(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
) -> Result<Response, AppError> {
    let sessions_ended = state.db.delete_account_sessions(account.id).await?;
    let clear = clear_session_cookie(state.config.https());
    Ok((
        [(header::SET_COOKIE, clear)],
        Json(SignedOutEverywhere { sessions_ended }),
    )
        .into_response())
}

async fn get_me(SignedIn(account): SignedIn) -> Json<Me> {
    Json(account.to_me())
}

async fn put_preferences(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiJson(preferences): ApiJson<Preferences>,
) -> Result<Json<Me>, AppError> {
    state
        .db
        .set_hide_requests(account.id, preferences.hide_requests)
        .await?;
    Ok(Json(porchlight_domain::wire::Me {
        hide_requests: preferences.hide_requests,
        ..account.to_me()
    }))
}
