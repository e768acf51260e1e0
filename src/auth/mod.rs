//! Authentication and authorization: roles, JWTs, client secrets, the `Caller`
//! extractor and the OAuth2 token endpoint.

pub mod caller;
pub mod jwt;
pub mod keyfile;
pub mod secret;
pub mod throttle;
pub mod token;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use caller::{Caller, ClientStatusCache};
pub use jwt::TokenService;

/// What a client may do (see API.md "Roles").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Editor,
    Viewer,
    Integration,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Editor, Role::Viewer, Role::Integration];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
            Role::Integration => "integration",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
