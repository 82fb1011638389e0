use leptos::prelude::*;
use porchlight_domain::wire::AgencyProfile;

use crate::components::PageHeading;
use crate::format::{format_date, Zone};
use crate::i18n::{t, tf};

/// The top of an agency's profile: its name, jurisdiction, contact and since when it
/// is on Porchlight.
#[component]
pub fn AgencyHeader(
    /// The agency.
    profile: AgencyProfile,
    /// Which zone to show dates in.
    #[prop(optional)]
    zone: Zone,
) -> impl IntoView {
    let email = profile.contact_email.clone().map(|email| {
        view! { <li>{t("agency.email")}" "<a href=format!("mailto:{email}")>{email.clone()}</a></li> }
    });
    let phone = profile.contact_phone.clone().map(|phone| {
        let tel: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        view! { <li>{t("agency.phone")}" "<a href=format!("tel:{tel}")>{phone.clone()}</a></li> }
    });
    view! {
        <header class="agency-header">
            <PageHeading>{profile.name.clone()}</PageHeading>
            <p class="agency-place">{format!("{} · {}", profile.jurisdiction, profile.region)}</p>
            <ul class="agency-contact">
                {email}
                {phone}
                <li>{tf("agency.since", &[("date", &format_date(profile.created_at, &zone))])}</li>
            </ul>
        </header>
    }
}
