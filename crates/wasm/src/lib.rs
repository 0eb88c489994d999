//! Thin wasm-bindgen facade for JavaScript users (documentation pages, Node): the policy engine and the
//! simulated account without the UI. No logic of its own: every function forwards to `policy` or `account`.
