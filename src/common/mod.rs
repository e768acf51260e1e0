//! Conventions every resource shares: JSON and query extractors with
//! problem+json errors, cursor pagination, ETags and idempotent creation.

pub mod accept;
pub mod csv_out;
pub mod etag;
pub mod extract;
pub mod idempotency;
pub mod items;
pub mod nul;
pub mod pagination;
pub mod patch;
pub mod range;
pub mod stamp;
pub mod stored_enum;
pub mod text;

pub use etag::{etag_value, ok_with_etag, secret_with_etag, IfMatch};
pub use extract::{ApiJson, ApiQuery};
pub use idempotency::{Created, Fingerprint, IdempotencyKey};
pub use pagination::{Cursor, Page, PageQuery};
pub use range::{check_range, parse_since};
pub use stamp::Stamp;
pub use text::{opt_text, text, LocalizedText};
