//! The two roots of the app: [`App`] (every page) and [`MapApp`] (the map page alone,
//! the small first download of `/`), both inside the same [`AppShell`].

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

/// The whole app: every page (`porchlight-app`, loaded for every path but the map).
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <AppShell address=Address::from_router>
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=routes::neighbourhood_map_path() view=NeighbourhoodMapPage/>
                    <Route path=routes::new_request_path() view=NewRequestPage/>
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
    let config_api = api.clone();
    provide_context(Config(LocalResource::new(move || {
        let api = config_api.aborting_on_cleanup();
        async move { api.config().await }
    })));
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
