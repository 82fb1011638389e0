//! Entry point of the build for every page but the request form (see
//! `porchlight_app::PublicApp`).

fn main() {
    console_error_panic_hook::set_once();
    // Mounts once the reader's text is in (the loader fetched it beside the wasm).
    leptos::task::spawn_local(async {
        porchlight_app::i18n::ready().await;
        leptos::mount::mount_to_body(porchlight_app::PublicApp);
    });
}
