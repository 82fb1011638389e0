//! Entry point of the map page's own, smaller wasm (see `porchlight_app::MapApp`).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(porchlight_app::MapApp);
}
