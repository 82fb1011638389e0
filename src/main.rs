//! Entry point of the Porchlight web app (wasm).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(porchlight_app::App);
}
