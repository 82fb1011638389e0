//! The four roots of the app, each its own wasm build, all inside the same
//! [`AppShell`]: [`MapApp`] (the map page alone, the first download of `/`),
//! [`PublicApp`] (every page but the staff and moderator pages and residents' footage:
//! what residents, journalists and auditors load anywhere else), [`App`] (every page
//! but the footage pages, for agency staff on the form and their submissions, and
//! moderators on their queues) and [`ResponsesApp`] (the footage pages with the age
//! cipher and the capture-time parsers, and the public pages).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;

use crate::address::Address;
use crate::api::ApiClient;
use crate::components::{HeadingFocus, SiteHeader};
use crate::i18n::{self, t};
use crate::pages::{
    AgencyDirectoryPage, AgencyProfilePage, AgencyReportPage, AlertConfirmPage, AlertManagePage, AlertSubscribePage,
    LoginPage, ModerationLogPage, ModerationQueuePage, ModerationReportsPage, NeighbourhoodMapPage, NewRequestPage,
    NotFoundPage, RequestDetailPage, SettingsPage, SubmissionPage, YearReportsPage,
};
use crate::routes;
use crate::session::{Config, Session};

/// The whole app (`porchlight-app`, loaded for the staff and moderator pages): every
/// page; the footage pages only with the `responses` feature, which its Trunk build
/// leaves out (they are [`ResponsesApp`]'s), so the request form's download does not
/// carry the cipher.
#[component]
pub fn App() -> impl IntoView {
    let staff = StaffPages {
        new_request: || view! { <NewRequestPage/> }.into_any(),
        submission: || view! { <SubmissionPage/> }.into_any(),
        moderation_queue: || view! { <ModerationQueuePage/> }.into_any(),
        moderation_reports: || view! { <ModerationReportsPage/> }.into_any(),
        share_footage: footage::share_footage,
        my_responses: footage::my_responses,
        agency_responses: footage::agency_responses,
        agency_keys: footage::agency_keys,
        alert_subscribe: || view! { <AlertSubscribePage/> }.into_any(),
    };
    view! { <Pages staff/> }
}

/// The footage pages (issue 16), with the feature `responses` (the footage build's); a
/// build without them (`data-cargo-no-default-features`) hands these paths to the
/// footage build.
mod footage {
    use leptos::prelude::*;

    #[cfg(feature = "responses")]
    use crate::pages::{AgencyKeysPage, AgencyResponsesPage, MyResponsesPage, ShareFootagePage};

    #[cfg(feature = "responses")]
    pub fn share_footage() -> AnyView {
        view! { <ShareFootagePage/> }.into_any()
    }
    #[cfg(feature = "responses")]
    pub fn my_responses() -> AnyView {
        view! { <MyResponsesPage/> }.into_any()
    }
    #[cfg(feature = "responses")]
    pub fn agency_responses() -> AnyView {
        view! { <AgencyResponsesPage/> }.into_any()
    }
    #[cfg(feature = "responses")]
    pub fn agency_keys() -> AnyView {
        view! { <AgencyKeysPage/> }.into_any()
    }

    #[cfg(not(feature = "responses"))]
    pub fn share_footage() -> AnyView {
        view! { <super::LoadBuildOfPage what="loading.share_footage"/> }.into_any()
    }
    #[cfg(not(feature = "responses"))]
    pub fn my_responses() -> AnyView {
        view! { <super::LoadBuildOfPage what="loading.my_responses"/> }.into_any()
    }
    #[cfg(not(feature = "responses"))]
    pub fn agency_responses() -> AnyView {
        view! { <super::LoadBuildOfPage what="loading.agency_responses"/> }.into_any()
    }
    #[cfg(not(feature = "responses"))]
    pub fn agency_keys() -> AnyView {
        view! { <super::LoadBuildOfPage what="loading.agency_keys"/> }.into_any()
    }
}

/// Every page but the staff and moderator pages and the footage pages
/// (`porchlight-public`, loaded for every path but `/` and theirs). Going to one of
/// those reloads into the build that has it, so the drawing tool, the live rules, the
/// review tools and the cipher never weigh on a resident's download.
#[component]
pub fn PublicApp() -> impl IntoView {
    let staff = StaffPages {
        new_request: || view! { <LoadBuildOfPage what="loading.request_form"/> }.into_any(),
        submission: || view! { <LoadBuildOfPage what="loading.submission"/> }.into_any(),
        moderation_queue: || view! { <LoadBuildOfPage what="loading.review_queue"/> }.into_any(),
        moderation_reports: || view! { <LoadBuildOfPage what="loading.reported_requests"/> }.into_any(),
        share_footage: || view! { <LoadBuildOfPage what="loading.share_footage"/> }.into_any(),
        my_responses: || view! { <LoadBuildOfPage what="loading.my_responses"/> }.into_any(),
        agency_responses: || view! { <LoadBuildOfPage what="loading.agency_responses"/> }.into_any(),
        agency_keys: || view! { <LoadBuildOfPage what="loading.agency_keys"/> }.into_any(),
        alert_subscribe: || view! { <LoadBuildOfPage what="loading.alert_form"/> }.into_any(),
    };
    view! { <Pages staff/> }
}

/// Residents' footage (`porchlight-responses`, loaded for the share flow, receipts and
/// an agency's responses and keys): those pages and the public ones; the staff and
/// moderator pages hand over to the whole app. The age cipher (scrypt, X25519,
/// ChaCha20-Poly1305) and the MP4/EXIF parsers weigh ~200 KiB brotli, which no other
/// page needs.
#[component]
pub fn ResponsesApp() -> impl IntoView {
    let staff = StaffPages {
        new_request: || view! { <LoadBuildOfPage what="loading.request_form"/> }.into_any(),
        submission: || view! { <LoadBuildOfPage what="loading.submission"/> }.into_any(),
        moderation_queue: || view! { <LoadBuildOfPage what="loading.review_queue"/> }.into_any(),
        moderation_reports: || view! { <LoadBuildOfPage what="loading.reported_requests"/> }.into_any(),
        share_footage: footage::share_footage,
        my_responses: footage::my_responses,
        agency_responses: footage::agency_responses,
        agency_keys: footage::agency_keys,
        alert_subscribe: || view! { <LoadBuildOfPage what="loading.alert_form"/> }.into_any(),
    };
    view! { <Pages staff/> }
}

/// What the staff and moderator routes, and the footage routes, show in a build: the
/// pages, or a hand-over to the build that has them (plain `fn`s, so that the other
/// builds do not link them). The alert form is one of them though anyone uses it: it
/// draws its area with the request form's tool, which only the whole app has.
/// The loader in `Trunk.toml` starts the whole app on the staff paths and the footage
/// build on the footage paths (checked against the routes below by
/// tests/web_loader_routes.rs).
#[derive(Clone, Copy)]
struct StaffPages {
    new_request: fn() -> AnyView,
    submission: fn() -> AnyView,
    moderation_queue: fn() -> AnyView,
    moderation_reports: fn() -> AnyView,
    /// Residents' footage (issue 16): the share flow, receipts, and the agency's
    /// responses and keys; with the age cipher, so in the footage build only.
    share_footage: fn() -> AnyView,
    my_responses: fn() -> AnyView,
    agency_responses: fn() -> AnyView,
    agency_keys: fn() -> AnyView,
    alert_subscribe: fn() -> AnyView,
}

/// The routed pages, with what the staff and moderator routes show given by the build.
#[component]
fn Pages(staff: StaffPages) -> impl IntoView {
    view! {
        <Router>
            <AppShell address=Address::from_router>
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=routes::neighbourhood_map_path() view=NeighbourhoodMapPage/>
                    <Route path=routes::new_request_path() view=staff.new_request/>
                    <Route path=routes::submission_path() view=staff.submission/>
                    <Route path=routes::moderation_log_path() view=ModerationLogPage/>
                    <Route path=routes::moderation_queue_path() view=staff.moderation_queue/>
                    <Route path=routes::moderation_reports_path() view=staff.moderation_reports/>
                    <Route path=routes::request_detail_path() view=RequestDetailPage/>
                    <Route path=routes::share_footage_path() view=staff.share_footage/>
                    <Route path=routes::my_responses_path() view=staff.my_responses/>
                    <Route path=routes::agency_responses_path() view=staff.agency_responses/>
                    <Route path=routes::agency_keys_path() view=staff.agency_keys/>
                    <Route path=routes::agency_directory_path() view=AgencyDirectoryPage/>
                    <Route path=routes::agency_profile_path() view=AgencyProfilePage/>
                    <Route path=routes::agency_report_path() view=AgencyReportPage/>
                    <Route path=routes::year_reports_path() view=YearReportsPage/>
                    <Route path=routes::login_path() view=LoginPage/>
                    <Route path=routes::settings_path() view=SettingsPage/>
                    <Route path=routes::alert_subscribe_path() view=staff.alert_subscribe/>
                    <Route path=routes::alert_confirm_path() view=AlertConfirmPage/>
                    <Route path=routes::alert_manage_path() view=AlertManagePage/>
                </Routes>
            </AppShell>
        </Router>
    }
}

/// Shown by a build on a page another build has: loading that path anew makes the
/// loader start the build that has it.
#[component]
fn LoadBuildOfPage(
    /// The key of what it says while the page loads ("Loading the request form…").
    what: &'static str,
) -> impl IntoView {
    let path = use_location().pathname;
    Effect::new(move |_| {
        let path = path.get_untracked();
        // After a link's click the router puts the new path in the address bar only once
        // this page has rendered, after this effect: a reload now would load the page the
        // link was on. A task later it is there (a reload keeps back and forward as
        // they are); if it still is not, go to it.
        set_timeout(
            move || {
                let location = window().location();
                let loaded = if location.pathname().ok().as_deref() == Some(path.as_str()) {
                    location.reload()
                } else {
                    location.assign(&path)
                };
                if let Err(err) = loaded {
                    leptos::logging::error!("could not load {what}: {err:?}");
                }
            },
            std::time::Duration::ZERO,
        );
    });
    view! { <p class="loading" role="status">{t(what)}</p> }
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
    // The reader's text, which the loader fetched before it started the app.
    i18n::start();
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

    // `target="_self"`: the router leaves the click to the browser, whose fragment
    // navigation moves focus to `<main>` (the router's own would only change the URL).
    view! {
        <a class="skip-link" href="#main" target="_self">{t("shell.skip")}</a>
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
