use leptos::prelude::*;
use porchlight_domain::wire::{Me, Role};

use crate::address::use_address;
use crate::i18n::{self, t, tf, Lang, SWITCHER_ID};
use crate::routes;

/// The header: product name, main navigation and who is signed in. Its links mark the
/// current page with `aria-current` (from the [`Address`](crate::address::Address)).
#[component]
pub fn SiteHeader(
    /// The signed-in account, if any.
    #[prop(into)]
    me: Signal<Option<Me>>,
    /// True until the session is known (then neither "Sign in" nor a name is shown,
    /// so the header does not flash "Sign in" for a signed-in resident).
    #[prop(optional, into)]
    loading: Signal<bool>,
    /// Signs out.
    on_sign_out: Callback<()>,
) -> impl IntoView {
    let address = use_address();
    // A plain link (the router, where there is one, still handles its clicks).
    let nav_link = move |href: &'static str, exact: bool, key: &'static str| {
        view! {
            <a href=href aria-current=move || address.is_current(href, exact).then_some("page")>{t(key)}</a>
        }
    };
    view! {
        <header class="site-header">
            <a class="brand" href=routes::MAP>
                <span class="brand-mark" aria-hidden="true"></span>
                {t("app.name")}
            </a>
            {language_switcher()}
            <nav aria-label=t("header.nav") class="main-nav">
                <ul>
                    <li>{nav_link(routes::MAP, true, "header.map")}</li>
                    <li>{nav_link(routes::AGENCIES, false, "header.agencies")}</li>
                    <li>{nav_link(routes::MODERATION_LOG, true, "header.moderation")}</li>
                    {move || me.get().map(|m| m.role).and_then(|role| match role {
                        Role::Resident => None,
                        Role::Moderator => Some(view! {
                            <li>{nav_link(routes::MODERATION_QUEUE, false, "header.review_queue")}</li>
                        }),
                        Role::AgencyStaff | Role::Admin => Some(view! {
                            <li>{nav_link(routes::NEW_REQUEST, false, "header.new_request")}</li>
                        }),
                    })}
                    {move || match me.get() {
                        Some(me) => view! {
                            <li>{nav_link(routes::SETTINGS, false, "header.settings")}</li>
                            <li class="signed-in">
                                <span class="who">{tf("header.signed_in", &[("name", &me.display_name)])}</span>
                                <button type="button" class="link-button" on:click=move |_| on_sign_out.run(())>
                                    {t("header.sign_out")}
                                </button>
                            </li>
                        }.into_any(),
                        None if loading.get() => ().into_any(),
                        None => view! { <li>{nav_link(routes::LOGIN, false, "header.sign_in")}</li> }.into_any(),
                    }}
                </ul>
            </nav>
        </header>
    }
}

/// The switch to the other language: a button named in that language's own words
/// ("Español" on the English page), marked with its `lang`; the choice is remembered
/// and the page loads again in it ([`i18n::switch`]).
fn language_switcher() -> impl IntoView {
    let (other, key) = match i18n::current_lang() {
        Lang::En => (Lang::Es, "language.es"),
        Lang::Es => (Lang::En, "language.en"),
    };
    view! {
        <button
            type="button"
            id=SWITCHER_ID
            class="language-switch"
            lang=other.code()
            on:click=move |_| i18n::switch(other)
        >
            {t(key)}
        </button>
    }
}
