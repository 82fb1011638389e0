//! Residents' footage (`ResponsesApp`): the share flow, receipts, an agency's responses
//! and keys, with the public pages. The loader in `Trunk.toml` starts it on those paths.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(porchlight_app::ResponsesApp);
}
