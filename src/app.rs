//! The three roots of the app, each its own wasm build, all inside the same
//! [`AppShell`]: [`MapApp`] (the map page alone, the first download of `/`),
//! [`PublicApp`] (every page but the request form: what residents, journalists and
//! auditors load anywhere else) and [`App`] (every page, for agency staff on the form).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};

use crate::address::Address;
use crate::api::ApiClient;
use crate::components::{HeadingFocus, SiteHeader};
use crate::pages::{
    AgencyDirectoryPage, AgencyProfilePage, LoginPage, NeighbourhoodMapPage, NewRequestPage,
    NotFoundPage, RequestDetailPage, SettingsPage,
};
use crate::routes;
use crate::session::{Config, Session};

/// The whole app: every page (`porchlight-app`, loaded for the request form).
#[component]
pub fn App() -> impl IntoView {
    view! { <Pages new_request=|| view! { <NewRequestPage/> }.into_any()/> }
}

/// Every page but the request form (`porchlight-public`, loaded for every path but `/`
/// and `/requests/new`). Going to the form reloads into the whole app, so the drawing
/// tool and the live rules never weigh on a resident's download.
#[component]
pub fn PublicApp() -> impl IntoView {
    view! { <Pages new_request=|| view! { <LoadWholeApp/> }.into_any()/> }
}

/// The routed pages, with what `/requests/new` shows given by the build: the form, or
/// a hand-over to the build that has it (a plain `fn`, so that the other build does not
/// link the form at all).
#[component]
fn Pages(new_request: fn() -> AnyView) -> impl IntoView {
    view! {
        <Router>
            <AppShell address=Address::from_router>
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=routes::neighbourhood_map_path() view=NeighbourhoodMapPage/>
                    <Route path=routes::new_request_path() view=new_request/>
                    <Route path=routes::request_detail_path() view=RequestDetailPage/>
                    <Route path=routes::agency_directory_path() view=AgencyDirectoryPage/>
                    <Route path=routes::agency_profile_path() view=AgencyProfilePage/>
                    <Route path=routes::login_path() view=LoginPage/>
                    <Route path=routes::settings_path() view=SettingsPage/>
                </Routes>
            </AppShell>
        </Router>
    }
}

/// Shown by [`PublicApp`] at `/requests/new`: the router has already put that path in
/// the address bar, so reloading it starts the whole app there.
#[component]
fn LoadWholeApp() -> impl IntoView {
    Effect::new(move |_| {
        if let Err(err) = window().location().reload() {
            leptos::logging::error!("could not load the request form: {err:?}");
        }
    });
    view! { <p class="loading" role="status">"Loading the request form…"</p> }
}

/// The map page alone (`porchlight-map`, what a first visit to `/` downloads).
///
/// The loader in `index.html` starts it on `/` only. It has no router: a link to any
/// other page is a full page load, and the loader then starts the whole app there.
/// Splitting by entry point keeps the request form, profiles, log verification and the
/// router out of the map's download.
#[component]
pub fn MapApp() -> impl IntoView {
    view! {
        <AppShell address=Address::from_history>
            <NeighbourhoodMapPage/>
        </AppShell>
    }
}

/// What both roots share: context providers, the skip link, the header and `<main>`.
#[component]
fn AppShell(
    /// Makes the [`Address`] the pages use (called once, inside the router if any).
    address: fn() -> Address,
    children: Children,
) -> impl IntoView {
    provide_context(address());
    let api = ApiClient::new("");
    provide_context(api.clone());
    provide_context(HeadingFocus::default());
    provide_context(Config::new(api.clone()));
    let session = Session::new(api.clone());
    provide_context(session);
    let sign_out = Action::new_local(move |_: &()| {
        let api = api.clone();
        async move { api.logout().await }
    });
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            session.refresh();
        }
    });

    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <SiteHeader
            me=Signal::derive(move || session.me())
            loading=Signal::derive(move || !session.loaded())
            on_sign_out=Callback::new(move |_| {
                sign_out.dispatch(());
            })
        />
        <main id="main" tabindex="-1">{children()}</main>
    }
}
