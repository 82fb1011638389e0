use leptos::prelude::*;
use porchlight_domain::footage::CaptureSource;
use porchlight_domain::wire::{IdentityField, ResidentResponse, ResponseStatus};

use crate::format::{format_date_time, Zone};
use crate::i18n::{number_with, t, tf};
use crate::routes::request_href;

/// A file size for people: bytes, KB, MB or GB (decimal units), in the reader's
/// number format.
pub fn size_text(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        tf("size.gb", &[("n", &number_with(b / 1e9, 1, 1))])
    } else if b >= 1e6 {
        tf("size.mb", &[("n", &number_with(b / 1e6, 1, 1))])
    } else if b >= 1e3 {
        tf("size.kb", &[("n", &number_with(b / 1e3, 0, 0))])
    } else {
        tf("size.bytes", &[("n", &number_with(b, 0, 0))])
    }
}

/// The name of an identity field.
pub fn identity_label(field: IdentityField) -> String {
    match field {
        IdentityField::Name => t("share.about.name"),
        IdentityField::Email => t("share.about.email"),
        IdentityField::Phone => t("share.about.phone"),
        IdentityField::Message => t("share.about.message"),
    }
}

/// Which identity fields went along, as a sentence ("Nothing about you" when none).
pub fn shared_text(shared: &[IdentityField]) -> String {
    if shared.is_empty() {
        t("receipt.shared_nothing")
    } else {
        shared.iter().map(|f| identity_label(*f)).collect::<Vec<_>>().join(", ")
    }
}

/// Where a capture time was read from.
pub fn capture_source_text(source: CaptureSource) -> String {
    match source {
        CaptureSource::Container => t("share.source.container"),
        CaptureSource::Exif => t("share.source.exif"),
        CaptureSource::FileModified => t("share.source.file_modified"),
    }
}

/// The name of a response's status.
pub fn response_status_text(status: ResponseStatus) -> String {
    match status {
        ResponseStatus::Uploading => t("response.status.uploading"),
        ResponseStatus::Submitted => t("response.status.submitted"),
        ResponseStatus::Opened => t("response.status.opened"),
        ResponseStatus::KeptAsEvidence => t("response.status.kept_as_evidence"),
        ResponseStatus::Deleted => t("response.status.deleted"),
        ResponseStatus::Withdrawn => t("response.status.withdrawn"),
    }
}

/// A resident's receipt for one response: its id, the request and agency, each file's
/// name, size and SHA-256, when, and which identity fields were shared.
#[component]
pub fn ResponseReceipt(
    response: ResidentResponse,
    /// Shown under the receipt (the withdraw action).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let zone = Zone::reader();
    let when = response.submitted_at.unwrap_or(response.created_at);
    view! {
        <article class="receipt" data-testid="receipt" aria-labelledby=format!("receipt-{}", response.id)>
            <h2 id=format!("receipt-{}", response.id) tabindex="-1">{tf("receipt.heading", &[("id", &response.id.to_string())])}</h2>
            <dl class="facts">
                <dt>{t("receipt.request")}</dt>
                <dd>
                    <a href=request_href(response.request.id)>{response.request.title.clone()}</a>
                    " · "{response.request.agency.name.clone()}" · "{response.request.case_number.clone()}
                </dd>
                <dt>{t("receipt.time")}</dt>
                <dd>{format_date_time(when, &zone)}</dd>
                <dt>{t("receipt.status")}</dt>
                <dd data-testid="receipt-status">{response_status_text(response.status)}</dd>
                <dt>{t("receipt.shared")}</dt>
                <dd data-testid="receipt-shared">{shared_text(&response.shared)}</dd>
                <dt>{t("receipt.key")}</dt>
                <dd><code>{response.key_fingerprint.clone()}</code></dd>
            </dl>
            <ul class="receipt-files">
                {response.files.into_iter().map(|f| view! {
                    <li data-testid="receipt-file">
                        <strong>{f.name}</strong>" · "{size_text(f.size)}
                        <br/><span class="muted">{t("receipt.sha256")}" "</span><code class="hash">{f.sha256}</code>
                    </li>
                }).collect_view()}
            </ul>
            {children.map(|c| c())}
        </article>
    }
}
