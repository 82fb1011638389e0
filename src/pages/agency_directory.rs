use leptos::prelude::*;

use crate::components::{ErrorNotice, LoadingList, PageHeading};
use crate::routes::agency_href;
use crate::session::use_api;

/// `/agencies`: every agency on this Porchlight.
#[component]
pub fn AgencyDirectoryPage() -> impl IntoView {
    let api = use_api();
    let agencies = LocalResource::new(move || {
        let api = api.aborting_on_cleanup();
        async move { api.agencies().await }
    });
    view! {
        <div class="page narrow">
            <PageHeading>"Agencies"</PageHeading>
            <Transition fallback=|| view! { <LoadingList label="Loading agencies"/> }>
                {move || Suspend::new(async move {
                    match agencies.await {
                        Ok(list) if list.is_empty() => view! { <p>"No agencies yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="agency-list">
                                {list.into_iter().map(|a| view! {
                                    <li>
                                        <a href=agency_href(&a.slug)>{a.name}</a>
                                        <span class="muted">" · " {a.jurisdiction} ", " {a.region}
                                            " · " {a.total_requests} " requests"</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! {
                            <ErrorNotice error=e on_retry=Callback::new(move |_| agencies.refetch())/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
