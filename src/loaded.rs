//! [`Loaded`]: an API answer the whole app shares (the server's config, who is signed
//! in), kept in a signal.
//!
//! Why not a `LocalResource`: these two are the only async values the map page's build
//! needs, and without them that build links none of Leptos' async-resource and suspense
//! machinery (9 KiB brotli of the map page's first load, measured). Pages with their
//! own resources still use `LocalResource`.

use std::future::Future;

use futures_channel::oneshot;
use leptos::prelude::*;

use crate::api::{ApiClient, ApiError};

/// The answer of one API call: `None` until it first arrives, then the latest answer
/// (kept while a reload is in flight, as a resource would).
pub struct Loaded<T: Send + Sync + 'static> {
    value: RwSignal<Option<Result<T, ApiError>>>,
    /// Bumped by [`Loaded::reload`]; the load effect tracks it.
    version: RwSignal<u32>,
    /// Who waits in [`Loaded::ready`] for the first answer.
    waiting: StoredValue<Vec<oneshot::Sender<()>>, LocalStorage>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

impl<T: Clone + Send + Sync + 'static> Loaded<T> {
    /// Calls `fetch` now and on every [`Loaded::reload`]. A newer call aborts the one
    /// in flight, and so does the owner's cleanup; an answer that arrives after a newer
    /// call started is dropped, so the value is always the latest call's.
    pub fn new<Fut>(api: ApiClient, fetch: impl Fn(ApiClient) -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let loaded = Loaded {
            value: RwSignal::new(None),
            version: RwSignal::new(0),
            waiting: StoredValue::new_local(Vec::new()),
        };
        Effect::new(move |_| {
            let version = loaded.version.get();
            let call = fetch(api.aborting_on_cleanup());
            leptos::task::spawn_local(async move {
                let answer = call.await;
                let superseded = loaded.version.try_get_untracked() != Some(version);
                if superseded || matches!(answer, Err(ApiError::Aborted)) {
                    return;
                }
                loaded.value.try_set(Some(answer));
                for waiter in loaded.waiting.try_update_value(std::mem::take).unwrap_or_default() {
                    let _ = waiter.send(());
                }
            });
        });
        loaded
    }

    /// The latest answer (tracked): `None` until the first one.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.value.get()
    }

    /// True once an answer has arrived (tracked).
    pub fn is_loaded(&self) -> bool {
        self.value.with(Option::is_some)
    }

    /// Asks again; the current answer stays until the new one arrives.
    pub fn reload(&self) {
        self.version.update(|v| *v = v.wrapping_add(1));
    }

    /// The answer, once there is one: for `Suspend` blocks that need it before they
    /// can render.
    pub async fn ready(self) -> Result<T, ApiError> {
        loop {
            if let Some(answer) = self.value.get_untracked() {
                return answer;
            }
            let (sender, receiver) = oneshot::channel();
            self.waiting.update_value(|w| w.push(sender));
            // A dropped sender (the app is going away) ends the wait as an abort.
            if receiver.await.is_err() {
                return Err(ApiError::Aborted);
            }
        }
    }
}
