//! Authentication and authorization: roles, JWTs, client secrets, the `Caller`
//! extractor and the OAuth2 token endpoint.
//!
//! Authentication reads the stored clients (`store`) but never imports the
//! clients module, which manages them and imports this one.

pub mod caller;
pub mod jwt;
pub mod secret;
pub mod store;
pub mod throttle;
pub mod token;

pub use caller::{Caller, ClientStatusCache};
pub use jwt::TokenService;

crate::stored_enum! {
    /// What a client may do (see "Roles" in the README).
    pub enum Role {
        Admin = "admin",
        Editor = "editor",
        Viewer = "viewer",
        Integration = "integration",
    }
}
