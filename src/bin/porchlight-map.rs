//! Entry point of the map page's own, smaller wasm (see `porchlight_app::MapApp`).

fn main() {
    console_error_panic_hook::set_once();
    // Mounts once the reader's text is in (the loader fetched it beside the wasm).
    leptos::task::spawn_local(async {
        porchlight_app::i18n::ready().await;
        leptos::mount::mount_to_body(porchlight_app::MapApp);
    });
}
