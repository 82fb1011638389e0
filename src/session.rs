//! App-wide state in context: the API client, the server's config and the session.

use leptos::prelude::*;
use porchlight_domain::wire::{ClientConfig, Me};

use crate::api::{ApiClient, ApiError};

/// The server's client config, loaded once at start.
#[derive(Clone, Copy)]
pub struct Config(pub LocalResource<Result<ClientConfig, ApiError>>);

/// Who is signed in (`GET /api/v1/me`), reloaded after sign-in, sign-out and
/// preference changes.
#[derive(Clone, Copy)]
pub struct Session {
    me: LocalResource<Result<Option<Me>, ApiError>>,
    version: RwSignal<u32>,
}

impl Session {
    /// Starts loading the session.
    pub fn new(api: ApiClient) -> Session {
        let version = RwSignal::new(0u32);
        let me = LocalResource::new(move || {
            version.track();
            let api = api.aborting_on_cleanup();
            async move { api.me().await }
        });
        Session { me, version }
    }

    /// The signed-in account; `None` while loading, when signed out or on error.
    pub fn me(&self) -> Option<Me> {
        self.me.get().and_then(|r| r.ok()).flatten()
    }

    /// True once `/me` has answered (either way).
    pub fn loaded(&self) -> bool {
        self.me.get().is_some()
    }

    /// Asks the server again (after sign-in, sign-out, a preference change).
    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }
}

/// The API client from context (a same-origin client if none was provided).
pub fn use_api() -> ApiClient {
    use_context::<ApiClient>().unwrap_or_else(|| ApiClient::new(""))
}

/// The session from context.
pub fn use_session() -> Option<Session> {
    use_context::<Session>()
}

/// The config from context.
pub fn use_config() -> Option<Config> {
    use_context::<Config>()
}
