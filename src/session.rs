//! App-wide state in context: the API client, the server's config and the session.

use leptos::prelude::*;
use porchlight_domain::wire::{ClientConfig, Me};

use crate::api::ApiClient;
use crate::loaded::Loaded;

/// The server's client config (tiles, default view), loaded once at start.
#[derive(Clone, Copy)]
pub struct Config(pub Loaded<ClientConfig>);

impl Config {
    /// Starts loading the config.
    pub fn new(api: ApiClient) -> Config {
        Config(Loaded::new(api, |api| async move { api.config().await }))
    }
}

/// Who is signed in (`GET /api/v1/me`), reloaded after sign-in, sign-out and
/// preference changes.
#[derive(Clone, Copy)]
pub struct Session {
    me: Loaded<Option<Me>>,
}

impl Session {
    /// Starts loading the session.
    pub fn new(api: ApiClient) -> Session {
        Session { me: Loaded::new(api, |api| async move { api.me().await }) }
    }

    /// The signed-in account; `None` while loading, when signed out or on error.
    pub fn me(&self) -> Option<Me> {
        self.me.get().and_then(|r| r.ok()).flatten()
    }

    /// The signed-in account once `/me` has answered (`None`: signed out, or an error).
    pub async fn ready(self) -> Option<Me> {
        self.me.ready().await.ok().flatten()
    }

    /// True once `/me` has answered (either way).
    pub fn loaded(&self) -> bool {
        self.me.is_loaded()
    }

    /// Asks the server again (after sign-in, sign-out, a preference change).
    pub fn refresh(&self) {
        self.me.reload();
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
