use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::{hash_token, session_token_from_headers};
use crate::db::AccountRow;
use crate::error::AppError;
use crate::state::AppState;

/// The signed-in account, or 401.
pub struct SignedIn(pub AccountRow);

/// The signed-in account, if any (an expired or unknown cookie counts as signed out).
pub struct MaybeSignedIn(pub Option<AccountRow>);

impl FromRequestParts<AppState> for MaybeSignedIn {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = session_token_from_headers(&parts.headers) else {
            return Ok(MaybeSignedIn(None));
        };
        let account = state
            .db
            .account_by_session(&hash_token(&token), state.now())
            .await?;
        Ok(MaybeSignedIn(account))
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match MaybeSignedIn::from_request_parts(parts, state).await? {
            MaybeSignedIn(Some(account)) => Ok(SignedIn(account)),
            MaybeSignedIn(None) => Err(AppError::unauthorized()),
        }
    }
}
