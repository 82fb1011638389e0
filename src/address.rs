//! The address bar as pages see it: which path is shown, its query, and how to move.
//!
//! The whole app backs it with the router. The map page's own build has no router (it
//! would be about a sixth of that download): there the query lives in `history`, and
//! any other path is a full page load, which hands over to the whole app.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// Where the app is and how to go elsewhere; in context (see [`use_address`]).
#[derive(Clone, Copy)]
pub struct Address {
    path: Signal<String>,
    search: Signal<String>,
    go: Callback<(String, bool)>,
}

impl Address {
    /// Backed by the router (call inside `<Router>`).
    pub fn from_router() -> Address {
        let location = use_location();
        let navigate = use_navigate();
        Address {
            path: location.pathname.into(),
            search: location.search.into(),
            go: Callback::new(move |(href, replace): (String, bool)| {
                navigate(&href, NavigateOptions { replace, scroll: !replace, ..Default::default() })
            }),
        }
    }

    /// Backed by `window.location` and `history`, for a build with a single page: the
    /// query changes in place, any other path loads the page anew.
    pub fn from_history() -> Address {
        let search = RwSignal::new(current_search());
        // Back and forward between this page's own entries change only the query.
        let handle = window_event_listener(leptos::ev::popstate, move |_| search.set(current_search()));
        on_cleanup(move || handle.remove());
        let path = window().location().pathname().unwrap_or_default();
        let go = Callback::new(move |(href, replace): (String, bool)| {
            let (href_path, query) = href.split_once('?').unwrap_or((href.as_str(), ""));
            let location = window().location();
            if location.pathname().ok().as_deref() != Some(href_path) {
                if let Err(err) = location.assign(&href) {
                    leptos::logging::error!("could not open {href}: {err:?}");
                }
                return;
            }
            let history = window().history().expect("history");
            let moved = if replace {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
            } else {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
            };
            if moved.is_ok() {
                search.set(query.to_owned());
            }
        });
        Address { path: Signal::stored(path), search: search.into(), go }
    }

    /// True when `href` is the page shown (`exact`) or an ancestor of it.
    pub fn is_current(&self, href: &str, exact: bool) -> bool {
        self.path
            .with(|path| path == href || (!exact && path.strip_prefix(href).is_some_and(|rest| rest.starts_with('/'))))
    }

    /// The query string, without its `?`.
    pub fn search(&self) -> Signal<String> {
        self.search
    }

    /// Goes to `href`; `replace` rewrites the current history entry instead of adding one.
    pub fn go(&self, href: &str, replace: bool) {
        self.go.run((href.to_owned(), replace));
    }
}

/// The [`Address`] the app root provided.
pub fn use_address() -> Address {
    expect_context::<Address>()
}

fn current_search() -> String {
    let search = window().location().search().unwrap_or_default();
    search.strip_prefix('?').unwrap_or(&search).to_owned()
}
