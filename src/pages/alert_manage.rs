use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use porchlight_domain::wire::{AlertSubscription, MapView as View};

use crate::components::{incident_label, ErrorNotice, LoadingList, PageHeading};
use crate::format::{area_text, format_date, Zone};
use crate::i18n::{page_title, t};
use crate::map::{MapArea, MapView};
use crate::routes;
use crate::session::{use_api, use_config};

/// `/alerts/manage/:token`: one subscription, to whoever holds its link (every email
/// carries it): what it watches (the area on a map, or the agency), its incident
/// types, whether it is confirmed or stopped, its Atom feed; and "Unsubscribe", asked
/// twice, which deletes it and its address.
#[component]
pub fn AlertManagePage() -> impl IntoView {
    page_title("alerts.manage.title");
    let api = use_api();
    let params = use_params_map();
    let token = Memo::new(move |_| params.read().get("token").unwrap_or_default());
    let subscription = LocalResource::new({
        let api = api.clone();
        move || {
            let token = token.get();
            let api = api.aborting_on_cleanup();
            async move { api.alert_subscription(&token).await }
        }
    });
    let unsubscribe = Action::new_local(move |token: &String| {
        let api = api.clone();
        let token = token.clone();
        async move { api.unsubscribe_alerts(&token).await }
    });
    let config = use_config();
    view! {
        <div class="page alert-page">
            <PageHeading>{t("alerts.manage.heading")}</PageHeading>
            {move || match unsubscribe.value().get() {
                Some(Ok(())) => view! {
                    <div class="notice" role="status" data-testid="alert-unsubscribed">
                        <p>{t("alerts.manage.unsubscribed")}</p>
                        <p><a href=routes::ALERTS_NEW>{t("alerts.manage.subscribe_again")}</a></p>
                    </div>
                }
                .into_any(),
                _ => view! {
                    <Transition fallback=|| view! { <LoadingList label=t("alerts.manage.loading") rows=3/> }>
                        {move || Suspend::new(async move {
                            let tiles = match config {
                                Some(c) => c.0.ready().await.ok(),
                                None => None,
                            };
                            match subscription.await {
                                Ok(s) => view! {
                                    <SubscriptionFacts
                                        subscription=s
                                        tile_url=tiles.and_then(|c| c.tile_url)
                                    />
                                    <Unsubscribe
                                        pending=Signal::derive(move || unsubscribe.pending().get())
                                        error=Signal::derive(move || unsubscribe.value().get().and_then(Result::err))
                                        on_confirm=Callback::new(move |_| { unsubscribe.dispatch(token.get_untracked()); })
                                    />
                                }
                                .into_any(),
                                Err(e) if e.is_not_found() => view! {
                                    <div class="notice" role="status" data-testid="alert-gone">
                                        <p>{t("alerts.manage.gone")}</p>
                                        <p><a href=routes::ALERTS_NEW>{t("alerts.manage.subscribe_again")}</a></p>
                                    </div>
                                }
                                .into_any(),
                                Err(e) => view! {
                                    <ErrorNotice error=e on_retry=Callback::new(move |_| subscription.refetch())/>
                                }
                                .into_any(),
                            }
                        })}
                    </Transition>
                }
                .into_any(),
            }}
        </div>
    }
}

/// What the subscription is: its target, types, state and feed.
#[component]
fn SubscriptionFacts(
    subscription: AlertSubscription,
    /// The map's tiles (none: the area is drawn without a base map).
    tile_url: Option<String>,
) -> impl IntoView {
    let zone = Zone::reader();
    let state = if subscription.disabled {
        "alerts.manage.state_disabled"
    } else if subscription.confirmed {
        "alerts.manage.state_active"
    } else {
        "alerts.manage.state_unconfirmed"
    };
    let types = if subscription.incident_types.is_empty() {
        t("alerts.manage.types_all")
    } else {
        subscription.incident_types.iter().map(|code| incident_label(code)).collect::<Vec<_>>().join(", ")
    };
    let area = subscription.area.clone().map(|area| {
        let start = area.coordinates.first().and_then(|r| r.first()).copied().unwrap_or([0.0, 0.0]);
        let shape = MapArea { id: 0, title: t("alerts.manage.area_title"), resolved: false, area, published: false };
        view! {
            <MapView
                initial=View { lat: start[1], lng: start[0], zoom: 14.0 }
                tile_url=tile_url
                areas=Signal::stored(vec![shape])
                fit_to_areas=true
                label=t("alerts.manage.map_label")
                class="request-map alert-map"
            />
        }
    });
    view! {
        <div data-testid="alert-subscription">
            <dl class="facts">
                <dt>{t("alerts.manage.email")}</dt>
                <dd>{subscription.email.clone()}</dd>
                <dt>{t("alerts.manage.watches")}</dt>
                <dd data-testid="alert-watches">
                    {match (&subscription.agency, subscription.area_m2) {
                        (Some(agency), _) => view! {
                            <a href=routes::agency_href(&agency.slug)>{agency.name.clone()}</a>
                        }.into_any(),
                        (None, Some(m2)) => view! { {crate::i18n::tf("alerts.manage.area", &[("area", &area_text(m2))])} }.into_any(),
                        (None, None) => view! { {t("alerts.manage.area_title")} }.into_any(),
                    }}
                </dd>
                <dt>{t("alerts.manage.types")}</dt>
                <dd>{types}</dd>
                <dt>{t("alerts.manage.state")}</dt>
                <dd data-testid="alert-state">{t(state)}</dd>
                <dt>{t("alerts.manage.since")}</dt>
                <dd>{format_date(subscription.created_at, &zone)}</dd>
                <dt>{t("alerts.manage.feed")}</dt>
                <dd><a href=subscription.feed_url.clone() type="application/atom+xml" rel="alternate">{t("alerts.manage.feed_link")}</a></dd>
            </dl>
            {area}
        </div>
    }
}

/// "Unsubscribe", then "Yes, unsubscribe" / "Keep it": nothing is deleted on one
/// stray press.
#[component]
fn Unsubscribe(
    /// The deletion is on its way.
    #[prop(into)]
    pending: Signal<bool>,
    /// Why the deletion failed.
    #[prop(into)]
    error: Signal<Option<crate::api::ApiError>>,
    /// Deletes the subscription.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    // "Keep it" was pressed: focus goes back to "Unsubscribe" once it is shown again.
    let kept = RwSignal::new(false);
    let yes = NodeRef::<leptos::html::Button>::new();
    let start = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if asking.get() {
            if let Some(b) = yes.get() {
                let _ = b.focus();
            }
        } else if kept.get() {
            if let Some(b) = start.get() {
                let _ = b.focus();
            }
        }
    });
    view! {
        <section class="form-section unsubscribe" aria-labelledby="unsubscribe-heading">
            <h2 id="unsubscribe-heading">{t("alerts.manage.unsubscribe_heading")}</h2>
            {move || if asking.get() {
                view! {
                    <div role="group" aria-labelledby="unsubscribe-question">
                        <p id="unsubscribe-question">{t("alerts.manage.unsubscribe_question")}</p>
                        <button
                            type="button"
                            class="button danger"
                            node_ref=yes
                            data-testid="alert-unsubscribe-yes"
                            disabled=move || pending.get()
                            on:click=move |_| on_confirm.run(())
                        >
                            {t("alerts.manage.unsubscribe_yes")}
                        </button>
                        " "
                        <button type="button" class="button" data-testid="alert-unsubscribe-no" on:click=move |_| {
                            kept.set(true);
                            asking.set(false);
                        }>
                            {t("alerts.manage.unsubscribe_no")}
                        </button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <button
                        type="button"
                        class="button"
                        node_ref=start
                        data-testid="alert-unsubscribe"
                        on:click=move |_| asking.set(true)
                    >
                        {t("alerts.manage.unsubscribe")}
                    </button>
                }.into_any()
            }}
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
        </section>
    }
}
