//! The `?area=` filter other resources share.

use crate::db::DbConn;
use crate::error::ApiError;

/// The codes an `?area=` filter matches: the area and every organisation under it (400 if unknown).
pub fn area_filter(c: &mut DbConn, area: Option<&str>) -> Result<Option<Vec<String>>, ApiError> {
    let Some(code) = area else { return Ok(None) };
    let codes = super::repo::with_children(c, code)?;
    if codes.is_empty() {
        return Err(ApiError::bad_parameter("area", format!("unknown area `{code}`")));
    }
    Ok(Some(codes))
}
