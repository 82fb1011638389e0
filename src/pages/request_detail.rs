use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use porchlight_domain::wire::PublishedRequest;

use crate::components::{ErrorNotice, LoadingList, LogBadge, PageHeading, RequestDetails};
use crate::public_log::verify_in_log;
use crate::format::Zone;
use crate::routes;
use crate::session::{use_api, use_config};

/// `/requests/:id`: one request, public to everyone.
#[component]
pub fn RequestDetailPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    let request = LocalResource::new(move || {
        let id = id.get();
        let api = api.aborting_on_cleanup();
        async move {
            match id {
                Some(id) => api.request(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let config = use_config();
    view! {
        <div class="page">
            <Transition fallback=|| view! { <LoadingList label="Loading the request" rows=4/> }>
                {move || Suspend::new(async move {
                    let tiles = match config {
                        Some(c) => c.0.ready().await.ok(),
                        None => None,
                    };
                    let (tile_url, attribution) = tiles
                        .map(|c| (c.tile_url, c.tile_attribution))
                        .unwrap_or((None, String::new()));
                    match request.await {
                        Ok(Some(r)) => view! {
                            <RequestLogCheck request=r.clone()/>
                            <RequestDetails request=r zone=Zone::reader() tile_url=tile_url attribution=attribution/>
                        }.into_any(),
                        Ok(None) => view! { <RequestNotFound/> }.into_any(),
                        Err(e) if e.is_not_found() => view! { <RequestNotFound/> }.into_any(),
                        Err(e) => view! {
                            <PageHeading>"Request"</PageHeading>
                            <ErrorNotice error=e on_retry=Callback::new(move |_| request.refetch())/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn RequestNotFound() -> impl IntoView {
    view! {
        <div data-testid="request-not-found">
            <PageHeading>"Request not found"</PageHeading>
            <p>"There is no request at this address. Requests are never deleted, so the link may be mistyped."</p>
            <p><a href=routes::MAP>"Go to the map"</a></p>
        </div>
    }
}

/// Checks, in this browser, that the request exactly as displayed is in the public log.
#[component]
fn RequestLogCheck(request: PublishedRequest) -> impl IntoView {
    let api = use_api();
    let status = LocalResource::new(move || {
        let api = api.aborting_on_cleanup();
        let request = request.clone();
        async move { verify_in_log(&api, &request).await }
    });
    view! { <LogBadge status=Signal::derive(move || status.get())/> }
}
